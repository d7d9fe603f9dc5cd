"""Intake assessments, numbered needs and service plans for the demo (used by seed_demo).

Every enrollment with an assessment date gets a completed intake assessment in
strengths-based, person-first words, and two to four needs in the participant's own
order. Every enrollment with a service plan date gets version 1 of a plan, acknowledged
that day, with goals traced to those needs; some goals have progress since, a few
already achieved. A handful of newer enrollments have a plan still in draft.

Records are written straight to the database in their final state: the database
refuses changes to completed assessments and acknowledged plans, so nothing here is
saved twice, and plan content goes in while its version is still a draft.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment, Domain, Need
from waypoint.enrollments.models import Enrollment, Status
from waypoint.plans.models import (
    Goal,
    GoalNeed,
    GoalStatus,
    LongTermGoal,
    Plan,
    PlanVersion,
    Progress,
    Service,
    Step,
    StepStatus,
    Who,
)

YOUTH, HOUSING, RESETTLEMENT = "youth", "housing", "resettlement"
DRAFT_PLANS = 5


@dataclass(frozen=True)
class NeedIdea:
    """One need as a participant might put it, and the goal written for it together."""

    domain: str
    words: str  # the need, in their words
    answer: str  # what the assessment notes for that part of life
    goal: str
    measure: str
    steps: tuple[tuple[str, str, str], ...]  # (who, who_name, what)
    service: tuple[str, str, str]  # (provider, what, how often)


@dataclass(frozen=True)
class Voice:
    """Words a program's participants often use, one pool per assessment field."""

    why_now: tuple[str, ...]
    hopes: tuple[str, ...]
    traits: tuple[str, ...]
    skills: tuple[str, ...]
    interests: tuple[str, ...]
    dreams: tuple[str, ...]
    family: tuple[str, ...]
    culture: tuple[str, ...]
    community: tuple[str, ...]
    concerns: tuple[str, ...]
    supports: tuple[tuple[str, str, str], ...]  # (who, kind, how)
    going_well: dict[str, tuple[str, ...]]  # life domain: what is going well there
    long_term: tuple[str, ...]
    needs: tuple[NeedIdea, ...]


P, N, S, PARTNER, F = Who.PARTICIPANT, Who.NAVIGATOR, Who.STAFF, Who.PARTNER, Who.FAMILY
LEARNING_CENTER = "Harbor Adult Learning Center"
CLINIC = "Harbor Health Clinic"

VOICES: dict[str, Voice] = {
    YOUTH: Voice(
        why_now=(
            "Wants a paycheck of their own; a cousin finished the program last year and "
            "said to come",
            "Finished the GED this spring and is ready for the next step",
            "A school counselor thought the paid training would be a good fit",
            "Wants to help out at home and start saving for a car",
        ),
        hopes=(
            "A steady job with a schedule I can count on",
            "To earn a credential and move up, not just get by",
            "To be the first in my family with a certificate on the wall",
            "To save enough for a place of my own",
        ),
        traits=(
            "Reliable: shows up early and stays until the job is done",
            "Calm and funny; friends come to them when things get tense",
            "Curious; asks good questions and remembers the answers",
            "Determined: studied for the GED while working weekends",
        ),
        skills=(
            "Good with their hands; rebuilt a bike from spare parts",
            "Great with customers after two years at a corner store",
            "Comfortable with computers and spreadsheets",
            "Cooks for younger siblings most nights",
            "Keeps the family calendar and never misses an appointment",
        ),
        interests=(
            "Basketball and making beats",
            "Cars and anything mechanical",
            "Drawing and graphic design",
            "Cooking and gaming with friends",
        ),
        dreams=(
            "Own an auto repair shop one day",
            "Become a licensed electrician",
            "Work in a hospital, maybe as a nurse",
            "Start a food truck with a best friend",
        ),
        family=(
            "Close to grandmother, who raised them",
            "Older sister checks in every week",
            "Lives with mom and two younger brothers and is proud to help",
        ),
        culture=(
            "Youth group at church on Wednesdays",
            "Big family dinners on Sundays",
            "Speaks the home language with grandparents and is proud of where the family "
            "comes from",
        ),
        community=(
            "The rec center basketball league",
            "Volunteers at the food pantry on Saturdays",
            "Friends from the neighborhood youth program",
        ),
        concerns=(
            "Worried a gap in school will look bad to employers",
            "Nervous about job interviews",
            "Getting to work on time without a car",
            "Balancing work with helping at home",
        ),
        supports=(
            ("Grandmother", "person", "Rides to appointments and a home-cooked meal"),
            ("Older sister", "person", "Practices interview questions with them"),
            ("Basketball coach", "person", "Checks in and keeps them motivated"),
            ("Rec center", "organization", "A quiet place to study and use a computer"),
            ("Church youth group", "organization", "Someone to talk to every week"),
        ),
        going_well={
            "family_social": ("Close with family; sees friends most weekends",),
            "housing": (
                "Lives with family; the home is stable",
                "Shares an apartment with a cousin",
            ),
            "food": ("Eats well at home; helps cook",),
            "childcare": ("No children; helps care for younger siblings",),
            "finances": ("Has a little saved from a summer job",),
        },
        long_term=(
            "I want a career in the trades that I'm proud of",
            "I want to earn enough to help my mom and have my own place",
            "I want to work in health care one day",
            "I want a job where I can keep learning and moving up",
        ),
        needs=(
            NeedIdea(
                Domain.EDUCATION_EMPLOYMENT,
                "I want a job where I can learn a trade and get paid while I learn.",
                "Did well in shop class; ready for paid training and a first steady job.",
                "Apply to 3 warehouse or trades jobs near the 12 bus line",
                "Three applications sent, copies kept in the job folder",
                (
                    (P, "", "Add the corner store job and shop projects to the resume"),
                    (N, "", "Share two openings a week that fit the trades interest"),
                    (P, "", "Practice one mock interview with the navigator"),
                ),
                (N, "Job search coaching and interview practice", "Weekly"),
            ),
            NeedIdea(
                Domain.EDUCATION_EMPLOYMENT,
                "I want to finish my GED so more doors open.",
                "Two GED tests left (math and science); studies best in the morning.",
                "Pass the GED math test",
                "A passing score on the math test",
                (
                    (P, "", "Go to the Tuesday and Thursday math class"),
                    (PARTNER, LEARNING_CENTER, "Book the test date"),
                ),
                (S, "Tutoring in the program's study room", "Twice a week"),
            ),
            NeedIdea(
                Domain.EDUCATION_EMPLOYMENT,
                "I want my forklift certification so I can get warehouse work.",
                "Interested in warehouse work; the next training cohort starts soon.",
                "Finish the two-week forklift certification with the training cohort",
                "Certificate earned",
                (
                    (P, "", "Bring steel-toe boots and ID to the first day of training"),
                    (S, "", "Confirm a seat in the next training cohort"),
                ),
                (S, "Paid training stipend during the cohort", "Every two weeks"),
            ),
            NeedIdea(
                Domain.TRANSPORTATION,
                "The bus takes over an hour each way and I'm late a lot.",
                "Rides the 12 bus; the transfer adds most of an hour.",
                "Get a monthly transit pass and a route to training under 45 minutes",
                "Pass in hand; the new route tried twice",
                (
                    (N, "", "Apply for the youth reduced-fare pass together"),
                    (P, "", "Try the route to the training site on a Sunday"),
                ),
                (N, "Transit pass until the first paycheck", "Monthly"),
            ),
            NeedIdea(
                Domain.TRANSPORTATION,
                "I want my driver's license so I can take more shifts.",
                "No license yet; an older cousin offered to help them practice.",
                "Pass the learner's permit test",
                "Learner's permit in hand",
                (
                    (P, "", "Study the driver's manual 20 minutes a day"),
                    (F, "Older cousin", "Quiz them on the road signs twice a week"),
                ),
                (N, "Pay the permit fee from the program's work-readiness fund", "Once"),
            ),
            NeedIdea(
                Domain.FINANCES,
                "I want a bank account so I stop paying to cash my checks.",
                "Paid in cash so far; no bank account yet.",
                "Open a no-fee account and set up direct deposit for the stipend",
                "Account open; first stipend deposited",
                (
                    (P, "", "Bring ID and Social Security card to the credit union"),
                    (N, "", "Go along to the credit union appointment"),
                ),
                (S, "Money basics workshop", "Monthly"),
            ),
            NeedIdea(
                Domain.FINANCES,
                "I want my paycheck to last the whole month.",
                "Earning a little; runs short before payday.",
                "Make a budget together and save $25 from each check",
                "Budget written; $25 saved from two checks in a row",
                ((P, "", "Write down what I spend for two weeks"),),
                (N, "Budget check-in", "Every two weeks"),
            ),
        ),
    ),
    HOUSING: Voice(
        why_now=(
            "Has been staying outside since the spring and is ready to try for a place",
            "Met the outreach team at the drop-in center and kept coming back to talk",
            "A rent increase ended their lease last winter; wants a door that locks again",
            "A friend who moved into housing with the team encouraged them to ask",
        ),
        hopes=(
            "A place of my own where I can cook my own food",
            "To sleep through the night somewhere safe",
            "A mailing address, so my benefits stop getting lost",
            "To live close enough to the clinic to keep my appointments",
        ),
        traits=(
            "Resourceful: knows every free meal and warm place in town",
            "Kind; looks out for newer people at the drop-in center",
            "Honest and direct about what they need",
            "Patient and persistent; kept calling about benefits for months",
        ),
        skills=(
            "Worked twenty years as a line cook",
            "Handy with repairs; fixed the drop-in center's shelving",
            "Keeps every important paper safe in one folder",
            "Drove trucks for years before a back injury",
            "Grows tomatoes at the community garden",
        ),
        interests=(
            "Fishing",
            "Westerns from the library",
            "Chess at the drop-in center",
            "Gospel music",
            "Sketching",
        ),
        dreams=(
            "Have the grandkids over for dinner in my own kitchen",
            "Adopt a dog once settled",
            "Go back to cooking part time",
            "Visit family back home for the holidays",
        ),
        family=(
            "A daughter who calls on Sundays",
            "A brother in town who helps when he can",
            "Reconnecting with a sister after some years apart",
        ),
        culture=(
            "Sunday service at St. Brigid's",
            "Gatherings at the Native friendship center",
            "Faith has carried them through hard years",
        ),
        community=(
            "The regulars at the Fifth Street drop-in center",
            "The Riverside Library, most afternoons",
            "Community garden volunteers",
        ),
        concerns=(
            "Worried a landlord will say no because of an old eviction",
            "Afraid of feeling alone in a new place after years outside",
            "Not sure how to keep up with rent on a fixed income",
        ),
        supports=(
            ("Fifth Street drop-in center", "organization", "Meals, showers and mail"),
            ("Riverside Library", "organization", "A computer and a quiet place in the day"),
            (CLINIC, "organization", "Primary care and refills"),
            ("Daughter", "person", "Phone calls and encouragement"),
            ("Friend from the shelter", "person", "Watches their things during appointments"),
            ("Pastor at St. Brigid's", "person", "Someone to talk to"),
        ),
        going_well={
            "family_social": ("Back in touch with family by phone",),
            "food": ("Eats at the drop-in center and St. Brigid's most days",),
            "transportation": ("Has a bus pass from the drop-in center",),
            "education_employment": ("Picks up day labor now and then",),
        },
        long_term=(
            "I want my own place to live",
            "I want a home where my grandkids can visit",
            "I want to feel settled and healthy again",
            "I want a quiet place of my own and a garden",
        ),
        needs=(
            NeedIdea(
                Domain.HOUSING,
                "I want my own place, with a door that locks.",
                "Staying outside near the river; keeps belongings in a storage locker.",
                "Tour 2 apartments that accept the housing voucher",
                "Two tours done and one application in",
                (
                    (P, "", "Choose the neighborhoods that feel right"),
                    (N, "", "Set up tours with landlords who work with the program"),
                    (P, "", "Go to the voucher briefing"),
                ),
                (N, "Housing search side by side, with rides to tours", "Twice a week"),
            ),
            NeedIdea(
                Domain.HOUSING,
                "I need the voucher paperwork finished so I can move.",
                "On the voucher waitlist; the application is half done.",
                "Finish the housing voucher application with every document attached",
                "Application turned in and receipt kept",
                (
                    (P, "", "Sign the release forms"),
                    (N, "", "Gather the income letter and the homeless verification"),
                ),
                (N, "Paperwork help at the drop-in center", "Weekly"),
            ),
            NeedIdea(
                Domain.LEGAL_DOCUMENTS,
                "I need my ID back; it was lost with my bag last winter.",
                "ID and Social Security card lost; birth certificate is from another state.",
                "Get a state ID card",
                "ID card in hand",
                (
                    (N, "", "Order the birth certificate from the other state together"),
                    (P, "", "Take the birth certificate to the ID office"),
                ),
                (N, "Cover ID and birth certificate fees from the documents fund", "Once"),
            ),
            NeedIdea(
                Domain.PHYSICAL_HEALTH,
                "My feet hurt, and I want to get back on my diabetes medicine.",
                "Diabetes; wants to restart medication and see a foot doctor.",
                "See the clinic doctor and refill the diabetes medication",
                "Appointment kept; refill picked up",
                (
                    (N, "", "Book the appointment at Harbor Health Clinic"),
                    (P, "", "Bring the medication list to the appointment"),
                ),
                (PARTNER, "Street medicine visits", "Every two weeks"),
            ),
            NeedIdea(
                Domain.MENTAL_HEALTH,
                "I want someone to talk to about the stress and not sleeping.",
                "Trouble sleeping and feeling on edge; open to talking with a counselor.",
                "Meet the mobile team's counselor twice",
                "Two conversations held",
                (
                    (N, "", "Introduce the counselor at the drop-in center"),
                    (P, "", "Choose a time that works"),
                ),
                (PARTNER, "Counseling from the mobile team", "Every two weeks"),
            ),
            NeedIdea(
                Domain.FINANCES,
                "I want my disability check back on track.",
                "Benefits stopped when letters stopped reaching them.",
                "Set up mail at the front desk and ask for the benefits review",
                "Mail arriving; review requested",
                (
                    (P, "", "Fill in the change-of-address form"),
                    (N, "", "Call the benefits office together"),
                ),
                (N, "Help reading and answering benefits letters", "As letters arrive"),
            ),
        ),
    ),
    RESETTLEMENT: Voice(
        why_now=(
            "Arrived with the family a few weeks ago and wants to start working soon",
            "Wants the children settled in school and to learn English",
            "Came to join a brother already here; ready to build a life",
            "Newly arrived; the family is eager to stand on their own feet",
        ),
        hopes=(
            "For the children to feel safe and do well in school",
            "To work in my profession again one day",
            "To speak English well enough to talk with the doctor myself",
            "A home near our place of worship and a bus line",
        ),
        traits=(
            "Hard-working; up early to help neighbors",
            "Warm and welcoming; already hosts other new families",
            "Patient and calm under pressure",
            "Determined: learned English words from videos before arriving",
        ),
        skills=(
            "Trained and worked as a nurse back home",
            "Electrician for fifteen years",
            "Skilled tailor; sews clothes for the whole family",
            "Taught primary school",
            "Drove a taxi and knows engines well",
            "Kept the books for a family business",
        ),
        interests=(
            "Gardening",
            "Cooking for family and neighbors",
            "Soccer with the children",
            "Embroidery",
            "Poetry",
        ),
        dreams=(
            "Open a small tailoring shop",
            "Become a licensed nurse here",
            "See the children go to university",
            "Buy a home one day",
        ),
        family=(
            "Spouse and three children here together",
            "Parents still abroad; calls them every week",
            "A brother arrived last year and lives nearby",
        ),
        culture=(
            "Friday prayers with the community",
            "Sunday service in their own language",
            "Cooking the dishes of home for holidays",
            "New Year celebrations with other families from home",
        ),
        community=(
            "Other families from home in the same apartment complex",
            "The sponsor circle from a local congregation",
            "Classmates from English class",
        ),
        concerns=(
            "Worried about rent once the first months of help end",
            "Afraid the children will forget the home language",
            "Nervous about finding work before English is stronger",
            "Missing family who are still far away",
        ),
        supports=(
            ("Sponsor circle", "organization", "Rides, furniture and friendship"),
            ("Cousin", "person", "Reads letters with them and explains how things work"),
            ("Neighbor from home", "person", "Watches the children during appointments"),
            (LEARNING_CENTER, "organization", "English classes in the evening"),
            ("Congregation welcome team", "organization", "Winter coats and a warm welcome"),
        ),
        going_well={
            "family_social": ("The family is together and supports each other",),
            "food": ("Receiving food benefits; cooks at home",),
            "transportation": ("Learned the bus routes with the sponsor circle",),
            "finances": ("Careful with money; keeps a written budget",),
        },
        long_term=(
            "I want my family to stand on our own feet here",
            "I want to work as a nurse again",
            "I want my children to have a good future here",
            "I want to open my own business one day",
        ),
        needs=(
            NeedIdea(
                Domain.LEGAL_DOCUMENTS,
                "We need our Social Security cards and work permits.",
                "Social Security cards applied for; work authorization pending.",
                "Get Social Security cards for every adult in the family",
                "Cards in hand",
                (
                    (N, "", "Go with the family to the Social Security office"),
                    (P, "", "Keep every letter in the family's documents folder"),
                ),
                (S, "Interpretation at appointments", "As needed"),
            ),
            NeedIdea(
                Domain.EDUCATION_EMPLOYMENT,
                "I want to learn English so I can work and talk with the teachers.",
                "Beginning English; reads and writes well in their own language.",
                "Join the evening English class and go 3 times a week",
                "Enrolled, and at 3 classes a week for 4 weeks",
                (
                    (N, "", "Sign up for the placement test"),
                    (P, "", "Go to class Monday, Wednesday and Thursday evenings"),
                ),
                (PARTNER, "Evening English classes", "Three times a week"),
            ),
            NeedIdea(
                Domain.EDUCATION_EMPLOYMENT,
                "I want a job to support my family.",
                "Ready to work; wants a job that builds on experience from home.",
                "Apply to 3 jobs with the employment specialist",
                "Three applications sent",
                (
                    (S, "Employment specialist", "Write a resume that shows the work from home"),
                    (P, "", "Practice introducing myself in English"),
                ),
                (S, "Job development and interview practice", "Weekly"),
            ),
            NeedIdea(
                Domain.CHILDCARE,
                "I need someone to care for the little ones while I study and work.",
                "Two children under five; no childcare yet.",
                "Apply for the childcare subsidy and visit 2 childcare centers",
                "Subsidy application in; two visits done",
                (
                    (N, "", "Fill in the subsidy application together"),
                    (F, "Neighbor from home", "Watch the children during the visits"),
                ),
                (N, "Help choosing a childcare center", "Weekly until settled"),
            ),
            NeedIdea(
                Domain.HOUSING,
                "We need more room; six of us share two bedrooms.",
                "Two-bedroom apartment for six; the lease is in the sponsor's name.",
                "Apply for 2 three-bedroom apartments near a bus line",
                "Two applications in",
                (
                    (N, "", "Find three-bedroom listings within the budget"),
                    (P, "", "Choose which apartments to apply for"),
                ),
                (N, "Housing search and explaining the lease", "Every two weeks"),
            ),
        ),
    ),
}

HEALTH_WELL = {
    "physical_health": ("Healthy overall; sees a doctor once a year", "Managing asthma well"),
    "mental_health": ("Feels hopeful most days; prayer and walks help",),
    "substance_use": ("Does not drink; quit smoking last year",),
}
LEGAL_WELL = {
    "legal_documents": ("Has ID and Social Security card",),
    "justice": ("Finished probation last year and is proud of it",),
}


def _at(day: date, hour: int, minute: int, now: datetime) -> datetime:
    zone = timezone.get_current_timezone()
    return min(datetime.combine(day, time(hour, minute), tzinfo=zone), now)


class PlanSeeder:
    def __init__(
        self,
        *,
        rng: random.Random,
        program_keys: dict[int, str],
        fallback: dict[str, User],
        today: date,
        now: datetime,
    ) -> None:
        self.rng = rng
        self.program_keys = program_keys
        self.fallback = fallback
        self.today = today
        self.now = now

    def staff(self, e: Enrollment) -> User:
        return e.navigator or self.fallback[self.program_keys[e.program_id]]

    # -- assessments ----------------------------------------------------------

    def _answers(self, voice: Voice, ideas: list[NeedIdea]) -> tuple[dict[str, Any], list[str]]:
        rng = self.rng
        answers: dict[str, Any] = {
            "why_now": rng.choice(voice.why_now),
            "hopes": rng.choice(voice.hopes),
            "traits": rng.choice(voice.traits),
            "skills": rng.choice(voice.skills),
        }
        for key, chance in (
            ("interests", 0.7),
            ("dreams", 0.7),
            ("family", 0.7),
            ("culture", 0.5),
            ("community", 0.6),
            ("concerns", 0.6),
        ):
            if rng.random() < chance:
                answers[key] = rng.choice(getattr(voice, key))
        if rng.random() < 0.8:
            rows = rng.sample(voice.supports, rng.randint(1, 3))
            answers["supports"] = [{"who": w, "kind": k, "how": h} for w, k, h in rows]
        for idea in ideas:
            answers.setdefault(idea.domain, idea.answer)
        for domain, texts in voice.going_well.items():
            if domain not in answers and rng.random() < 0.5:
                answers[domain] = rng.choice(texts)
        declined: list[str] = []
        health_need = any(i.domain in HEALTH_WELL for i in ideas)
        if not health_need and rng.random() < 0.1:
            declined.append("health")
        elif rng.random() < 0.35:
            for key, texts in HEALTH_WELL.items():
                if key not in answers and rng.random() < 0.5:
                    answers[key] = rng.choice(texts)
        if rng.random() < 0.25:
            for key, texts in LEGAL_WELL.items():
                if key not in answers and rng.random() < 0.5:
                    answers[key] = rng.choice(texts)
        return answers, declined

    def assessments(
        self, enrollments: list[Enrollment]
    ) -> dict[int, tuple[Assessment, list[Need]]]:
        rng = self.rng
        made: list[Assessment] = []
        ideas_of: dict[int, list[NeedIdea]] = {}
        for e in enrollments:
            assert e.assessment_done_on is not None
            voice = VOICES[self.program_keys[e.program_id]]
            ideas = rng.sample(voice.needs, rng.randint(2, min(4, len(voice.needs))))
            ideas_of[e.pk] = ideas
            answers, declined = self._answers(voice, ideas)
            self_completed = ["inner_strengths"] if rng.random() < 0.15 else []
            by = self.staff(e)
            started = _at(
                e.assessment_done_on, rng.randint(9, 14), rng.choice([0, 15, 30]), self.now
            )
            done = min(started + timedelta(minutes=rng.randint(45, 95)), self.now)
            made.append(
                Assessment(
                    enrollment=e,
                    participant_id=e.participant_id,
                    number=1,
                    kind=Assessment.Kind.INTAKE,
                    status=Assessment.Status.COMPLETE,
                    answers=answers,
                    declined=declined,
                    self_completed=self_completed,
                    questions=[],
                    started_by=by,
                    started_at=started,
                    updated_by=by,
                    updated_at=done,
                    completed_by=by,
                    completed_at=done,
                    completed_on=e.assessment_done_on,
                    version=2,
                )
            )
        Assessment.objects.bulk_create(made)
        needs: list[Need] = []
        for a in made:
            e = a.enrollment
            ideas = ideas_of[e.pk]
            order = list(range(1, len(ideas) + 1))
            rng.shuffle(order)
            closed = e.status in (Status.EXITED, Status.FOLLOW_UP)
            for number, (idea, priority) in enumerate(zip(ideas, order, strict=True), start=1):
                met = rng.random() < (0.5 if closed else 0.12)
                needs.append(
                    Need(
                        enrollment=e,
                        participant_id=e.participant_id,
                        number=number,
                        priority=priority,
                        domain=idea.domain,
                        description=idea.words,
                        status=Need.Status.MET if met else Need.Status.OPEN,
                        assessment=a,
                        created_by=a.completed_by,
                    )
                )
        Need.objects.bulk_create(needs)
        # created_at is stamped on insert; move it back to the day it was written down.
        by_assessment = {a.pk: a for a in made}
        for need in needs:
            assessment = by_assessment[need.assessment_id]  # type: ignore[index]
            assert assessment.completed_at is not None
            need.created_at = assessment.completed_at
        Need.objects.bulk_update(needs, ["created_at"], batch_size=200)
        result: dict[int, tuple[Assessment, list[Need]]] = {}
        for a in made:
            result[a.enrollment_id] = (a, [])
        for need in needs:
            result[need.enrollment_id][1].append(need)
        for _, found in result.values():
            found.sort(key=lambda n: n.priority)
        self._ideas = ideas_of
        return result

    # -- plans ----------------------------------------------------------------

    def plans(
        self, assessed: dict[int, tuple[Assessment, list[Need]]], enrollments: list[Enrollment]
    ) -> None:
        rng = self.rng
        acknowledged = [e for e in enrollments if e.isp_done_on is not None]
        drafts = [
            e
            for e in enrollments
            if e.isp_done_on is None and e.status == Status.ENROLLED and e.pk in assessed
        ]
        drafts = rng.sample(drafts, min(DRAFT_PLANS, len(drafts)))
        chosen = [(e, True) for e in acknowledged] + [(e, False) for e in drafts]
        plans = [Plan(enrollment=e, participant_id=e.participant_id) for e, _ in chosen]
        Plan.objects.bulk_create(plans)
        versions: list[PlanVersion] = []
        for (e, done), plan in zip(chosen, plans, strict=True):
            by = self.staff(e)
            if done:
                assert e.isp_done_on is not None
                created = _at(e.isp_done_on, rng.randint(9, 11), rng.choice([0, 30]), self.now)
            else:
                assert e.assessment_done_on is not None
                day = min(self.today, e.assessment_done_on + timedelta(days=rng.randint(1, 6)))
                created = _at(day, rng.randint(10, 15), rng.choice([0, 20, 40]), self.now)
            plan.created_at = created
            versions.append(
                PlanVersion(
                    plan=plan,
                    number=1,
                    status=PlanVersion.Status.DRAFT,
                    created_by=by,
                    created_at=created,
                    updated_by=by,
                    updated_at=created,
                    edit_version=rng.randint(3, 9),
                )
            )
        Plan.objects.bulk_update(plans, ["created_at"], batch_size=200)
        PlanVersion.objects.bulk_create(versions)

        long_terms: list[LongTermGoal] = []
        goals: list[Goal] = []
        goal_needs: list[tuple[Goal, Need]] = []
        goal_plan: list[tuple[Goal, Plan, PlanVersion, Enrollment]] = []
        for (e, done), version in zip(chosen, versions, strict=True):
            assessment, needs = assessed[e.pk]
            voice = VOICES[self.program_keys[e.program_id]]
            ideas = {i.words: i for i in self._ideas[e.pk]}
            long_term = LongTermGoal(version=version, position=1, words=rng.choice(voice.long_term))
            long_terms.append(long_term)
            strengths = [str(assessment.answers[k]) for k in ("traits", "skills")]
            count = rng.choice([1, 2]) if done else 1
            start = e.isp_done_on or self.today
            for position, need in enumerate(needs[:count], start=1):
                idea = ideas[need.description]
                goal = Goal(
                    version=version,
                    position=position,
                    long_term_key=long_term.key,
                    text=idea.goal,
                    measure=idea.measure,
                    target_date=start + timedelta(weeks=rng.randint(3, 8)),
                    strengths=rng.choice(strengths),
                    achievable_confirmed=rng.random() < 0.9,
                    realistic_confirmed=rng.random() < 0.9,
                )
                goals.append(goal)
                goal_needs.append((goal, need))
                goal_plan.append((goal, version.plan, version, e))
                # A second need in the same part of life is often served by the same goal.
                for other in needs[count:]:
                    if other.domain == need.domain:
                        goal_needs.append((goal, other))
        LongTermGoal.objects.bulk_create(long_terms)
        Goal.objects.bulk_create(goals)
        GoalNeed.objects.bulk_create(
            [GoalNeed(version=g.version, goal=g, need=n) for g, n in goal_needs]
        )

        steps: list[Step] = []
        services: list[Service] = []
        steps_of: dict[int, list[Step]] = {}
        for goal, _, _, e in goal_plan:
            idea = next(i for i in self._ideas[e.pk] if i.goal == goal.text)
            start = e.isp_done_on or self.today
            chosen_steps = idea.steps[: rng.randint(1, len(idea.steps))]
            mine = steps_of.setdefault(id(goal), [])
            for position, (who, who_name, what) in enumerate(chosen_steps, start=1):
                due = start + timedelta(days=rng.randint(5, 10) * position)
                assert goal.target_date is not None
                step = Step(
                    version=goal.version,
                    goal=goal,
                    position=position,
                    what=what,
                    who=who,
                    who_name=who_name,
                    due_on=min(due, goal.target_date),
                )
                steps.append(step)
                mine.append(step)
            provider, what, how_often = idea.service
            services.append(
                Service(
                    version=goal.version,
                    goal=goal,
                    position=1,
                    what=what,
                    provider=provider,
                    how_often=how_often,
                )
            )
        Step.objects.bulk_create(steps)
        Service.objects.bulk_create(services)

        # Only now, with its content in place, is version 1 shared and acknowledged.
        for (e, done), version in zip(chosen, versions, strict=True):
            if not done:
                continue
            assert e.isp_done_on is not None
            by = self.staff(e)
            shared = min(version.created_at + timedelta(minutes=rng.randint(40, 80)), self.now)
            signed = min(shared + timedelta(minutes=rng.randint(5, 25)), self.now)
            PlanVersion.objects.filter(pk=version.pk).update(
                status=PlanVersion.Status.ACKNOWLEDGED,
                shared_at=shared,
                shared_by=by,
                acknowledged_name=e.participant.preferred_name,
                acknowledged_on=e.isp_done_on,
                acknowledged_at=signed,
                acknowledged_recorded_by=by,
                updated_at=signed,
            )
        self._progress(goal_plan, steps_of)

    def _progress(
        self,
        goal_plan: list[tuple[Goal, Plan, PlanVersion, Enrollment]],
        steps_of: dict[int, list[Step]],
    ) -> None:
        rng = self.rng
        entries: list[Progress] = []
        achieved: list[Goal] = []
        for goal, plan, _, e in goal_plan:
            if e.isp_done_on is None:
                continue
            last = min(self.today, e.exited_on or self.today)
            room = (last - e.isp_done_on).days
            if room < 3:
                continue
            roll = rng.random()
            outcome = (
                GoalStatus.ACHIEVED
                if roll < (0.2 if room > 21 else 0.05)
                else GoalStatus.IN_PROGRESS
                if roll < 0.75
                else None
            )
            if outcome is None:
                continue
            by = self.staff(e)
            start = e.isp_done_on

            def entry(
                day: int,
                kind: str,
                key: Any,
                status: str,
                start: date = start,
                plan: Plan = plan,
                by: User = by,
            ) -> Progress:
                at = _at(
                    start + timedelta(days=day),
                    rng.randint(10, 16),
                    rng.choice([0, 15, 30, 45]),
                    self.now,
                )
                return Progress(plan=plan, kind=kind, item_key=key, status=status, by=by, at=at)

            first = rng.randint(1, max(1, room // 3))
            entries.append(entry(first, Progress.Kind.GOAL, goal.key, GoalStatus.IN_PROGRESS))
            steps = steps_of.get(id(goal), [])
            if steps:
                entries.append(entry(first, Progress.Kind.STEP, steps[0].key, StepStatus.DONE))
            if outcome == GoalStatus.ACHIEVED:
                day = rng.randint(first + 1, room)
                for step in steps[1:]:
                    entries.append(entry(day, Progress.Kind.STEP, step.key, StepStatus.DONE))
                entries.append(entry(day, Progress.Kind.GOAL, goal.key, GoalStatus.ACHIEVED))
                achieved.append(goal)
        Progress.objects.bulk_create(entries)
        # What an achieved goal set out to meet is met.
        met = GoalNeed.objects.filter(goal__in=achieved).values("need_id")
        Need.objects.filter(pk__in=met).update(status=Need.Status.MET)


def seed_assessments_and_plans(
    *,
    rng: random.Random,
    enrollments: list[Enrollment],
    program_keys: dict[int, str],
    fallback: dict[str, User],
    today: date,
    now: datetime,
) -> None:
    """Add intake assessments, needs and plans to the demo's enrollments."""
    seeder = PlanSeeder(rng=rng, program_keys=program_keys, fallback=fallback, today=today, now=now)
    assessed_enrollments = [e for e in enrollments if e.assessment_done_on is not None]
    assessed = seeder.assessments(assessed_enrollments)
    seeder.plans(assessed, assessed_enrollments)
