"""Case conferences for the demo (used by seed_demo, after consents and referrals).

Three kinds of meeting, dated from the day the demo is loaded:

- **A weekly team conference** in Harbor Youth Works. Kwame Asante (supervisor)
  facilitates, Tomás Echeverría (program manager) keeps time and Alicia Moreno
  (navigator) takes the notes; they talk about people on Alicia's caseload (in Youth
  Works each navigator sees only their own caseload, so a second navigator in the room
  would stop the privacy check). Five meetings have happened, one a week up to the last
  few days: attendance recorded (the program manager missed one), each person's brief
  word, summaries confirmed with the group, action items, and the minutes signed by the
  notetaker. Of the action items some were done on time and some late, two are still
  open past their due date and carry into the next meetings' agendas, and two are open
  and not due yet. Three meetings are ahead with their agendas; the invitations for the
  next one have gone out.
- **An interagency conference** with Dana Okafor, who has the demo's partner sign-in,
  in the program that refers most to her organization. Two people are discussed, both
  on one navigator's caseload: one agreed (a consent recorded for it) that the partner
  may hear about their assessment and plan; the other is discussed in a staff-only part
  while Dana steps out. Dana sent her update ahead and owns one action item. The next
  meeting is planned and its invitations have gone out.
- **A family conference** in New Roots Resettlement, on a Saturday morning the family
  chose: the participant, the family member they named as their emergency contact
  (under a consent that names them), the navigator and the supervisor as facilitator.
  The family added a ground rule and agreed them; everyone spoke once before anyone
  spoke twice; the summary was confirmed; each person's word on the plan is recorded;
  the follow-up meeting is planned.

Everything is written through ``waypoint.conferences.actions`` (and
``consent.actions.give_consent``), so it is audited and checked like any meeting
recorded on the pages. Past meetings are recorded after the fact: the moments their
minutes were signed, their ground rules agreed and their action items closed are given
to the actions (``at``); everything else carries the time the demo was loaded. Timers
were not run. seed_demo loads the demo with email switched off, so no invitation or
action item is mailed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from waypoint.accounts.models import Program, User
from waypoint.assessments.models import SENSITIVE_DOMAINS, Need
from waypoint.conferences import actions
from waypoint.conferences.models import ActionItem, Attendee, Conference, Discussion, Kind
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import Category, Consent
from waypoint.demo.notes import Who, fill
from waypoint.enrollments.models import Enrollment, Status
from waypoint.participants.models import Participant
from waypoint.plans.models import Goal
from waypoint.referrals.models import Referral

YOUTH, HOUSING, RESETTLEMENT = "youth", "housing", "resettlement"
TEAM_DAY = 2  # the team meets on Wednesdays (on Tuesday in a week the demo loads on one)
PAST_MEETINGS = 5
AHEAD_MEETINGS = 3
SIGNED_AFTER = timedelta(minutes=20)  # after the meeting ends
TOMAS_AWAY = 2  # the meeting the program manager missed

# ---------------------------------------------------------------------------
# Words. Placeholders as in notes.py ({name}, {they}, {them}, {their}, {is}, {has} …)
# and {provider}, {family}, {interpreter} (", with an interpreter in Dari", or nothing).
# ---------------------------------------------------------------------------

REASONS = {
    "new_job": "Started a job with new shifts; fitting training around them",
    "missed": "Missed two training days this month; what would help",
    "paperwork": "Waiting on paperwork that holds up the next step",
    "momentum": "Good news this month; keeping the momentum",
    "placement": "Almost through training; planning the placement",
    "new_barrier": "New barriers since the plan was written",
    "follow": "Following up what we agreed last time",
    "carried": "An action item from an earlier meeting is still open",
    "transition": "Ready to plan the move to follow-up",
    "check_in": "A monthly look at the plan together",
}

# Each kind: up to three brief words (strengths, barriers, ideas), one per speaker.
WORDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "new_job": (
        (
            "{name} got the job at the warehouse after the first interview and starts at 6 am.",
            "The early shift overlaps with the Tuesday training session.",
            "Ask the training site about the Thursday evening group instead.",
        ),
        (
            "{name} told the new supervisor about training before being asked.",
            "",
            "Check whether the employer counts training hours toward the schedule.",
        ),
        (
            "",
            "Two buses to the warehouse before sunrise.",
            "Look into rides to work for the first month.",
        ),
    ),
    "missed": (
        (
            "{name} called ahead both times to say {they} could not come.",
            "{Their} younger brother has been sick and {name} is the one at home in the mornings.",
            "Ask {name} whether afternoon sessions would fit for a few weeks.",
        ),
        (
            "{name} kept up with the reading at home and passed the quiz.",
            "Missed practice days put the forklift hours behind.",
            "The training site has make-up hours on Saturdays.",
        ),
        (
            "{name} still wants the certification and said so plainly.",
            "",
            "Keep the next step small: one make-up day this week.",
        ),
    ),
    "paperwork": (
        (
            "{name} keeps every letter in one folder and brings it to each meeting.",
            "The birth certificate request has been waiting for five weeks.",
            "Call the vital records office together at the next meeting.",
        ),
        (
            "{name} filled in the application on {their} own.",
            "Without the ID, the bank account and the transit pass both wait.",
            "Ask whether the school ID works for the transit pass in the meantime.",
        ),
        (
            "",
            "The fee for the replacement ID is due before the stipend arrives.",
            "Use the program's document fund for the fee.",
        ),
    ),
    "momentum": (
        (
            "{name} passed the GED math test last Friday.",
            "",
            "Book the next test date while the study habit is strong.",
        ),
        (
            "{name} has come to every session this month and helps newer people with the "
            "equipment.",
            "Evenings are the only time to study.",
            "Pair {name} with the Saturday study group.",
        ),
        (
            "{name} spoke at the group check-in about what helped {them}.",
            "",
            "Ask {name} about being a peer mentor for the next cohort.",
        ),
    ),
    "placement": (
        (
            "{name} finishes the forklift training in two weeks, with strong reviews from the "
            "instructor.",
            "No interview clothes yet.",
            "Visit the clothing closet before the job fair.",
        ),
        (
            "{name} knows what {they} want: full time, days, near the 12 bus line.",
            "{name} feels nervous about interviews.",
            "Two practice interviews before the job fair.",
        ),
        (
            "",
            "The employers at the job fair ask for a reference.",
            "The instructor offered to write one.",
        ),
    ),
    "new_barrier": (
        (
            "{name} brought the letter from the landlord and asked for help reading it.",
            "{Their} rent went up this month and {they} may need to move.",
            "Connect {name} with the housing help desk this week.",
        ),
        (
            "{name} kept coming to training through a hard month.",
            "A move could put {them} farther from the training site.",
            "Check the bus routes from the places {name} is looking at.",
        ),
        (
            "",
            "",
            "Look at the plan's goals with {name} next time; {they} may want to change the order.",
        ),
    ),
    "follow": (
        (
            "{name} did what {they} said {they} would do at our last meeting.",
            "",
            "Keep the same plan for the next two weeks.",
        ),
        (
            "{name} asked good questions about the next step.",
            "The new schedule is still settling.",
            "Check in by text midweek.",
        ),
        (
            "",
            "One piece is still waiting on someone else.",
            "Give it one more week before trying another way.",
        ),
    ),
    "carried": (
        (
            "{name} kept the rest of the plan moving while this stayed open.",
            "The item is past its date; the week got away from us.",
            "Do it together with {name} at the next meeting.",
        ),
        (
            "{name} has been patient and keeps asking about it.",
            "Waiting on it holds up the next goal.",
            "If it is still open next week, give it a new owner and a new date.",
        ),
        ("", "", "Put it first on the agenda next time."),
    ),
}

SUMMARIES = {
    "new_job": (
        "Got a job after the first interview; tells people what {they} need.",
        "The early shift overlaps with training; a long trip before sunrise.",
        "A training time that fits the shift; rides to work for the first month.",
    ),
    "missed": (
        "Calls ahead; keeps up at home; still set on the certification.",
        "Caring for a younger brother in the mornings; practice hours behind.",
        "Saturday make-up hours; an afternoon session for a few weeks.",
    ),
    "paperwork": (
        "Organized; fills in forms on {their} own.",
        "Replacement ID delayed; the fee is due before the stipend.",
        "Help with the vital records office; the document fund for the fee.",
    ),
    "momentum": (
        "Passed the GED math test; comes to every session; helps others.",
        "Only evenings free to study.",
        "The next test date; the Saturday study group.",
    ),
    "placement": (
        "Strong reviews from the instructor; clear about the job {they} want.",
        "Nervous about interviews; no interview clothes yet.",
        "Practice interviews; the clothing closet; a reference from the instructor.",
    ),
    "new_barrier": (
        "Asks for help early; kept going through a hard month.",
        "A rent increase; a possible move farther from training.",
        "The housing help desk; bus routes from the new neighborhoods.",
    ),
    "follow": (
        "Followed through on last meeting's step.",
        "The new schedule is still settling.",
        "Nothing new; keep the current plan.",
    ),
    "carried": (
        "Kept the rest of the plan moving while waiting.",
        "An action item past its date holds up the next goal.",
        "A new date, and someone to do it together with {name}.",
    ),
}

# What staff take on after talking about someone, by the reason they were discussed, with
# the area of need it answers (linked when the person has an open need in that area).
EMPLOYMENT, TRANSPORT, MONEY = "education_employment", "transportation", "finances"
ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "new_job": (
        ("Ask the training site about the Thursday evening group", EMPLOYMENT),
        ("Find out whether rides to work cover the 6 am shift", TRANSPORT),
    ),
    "missed": (
        ("Book one Saturday make-up day with {name}", EMPLOYMENT),
        ("Ask about an afternoon session for the next few weeks", EMPLOYMENT),
    ),
    "paperwork": (
        ("Call the vital records office with {name} about the birth certificate", ""),
        ("Pay the replacement ID fee from the document fund", MONEY),
    ),
    "momentum": (
        ("Book the next GED test date with {name}", EMPLOYMENT),
        ("Introduce {name} to the Saturday study group", EMPLOYMENT),
    ),
    "placement": (
        ("Set up two practice interviews before the job fair", EMPLOYMENT),
        ("Visit the clothing closet with {name} before the job fair", EMPLOYMENT),
    ),
    "new_barrier": (
        ("Connect {name} with the housing help desk", ""),
        ("Look up bus routes from the apartments {name} is looking at", TRANSPORT),
    ),
    "follow": (
        ("Check in with {name} by text midweek", ""),
        ("Apply for the reduced-fare transit pass together", TRANSPORT),
    ),
    "carried": (
        ("Set a new date with {name} for the open step", ""),
        ("Call {name} on Friday to see where things stand", ""),
    ),
}


@dataclass(frozen=True)
class Item:
    person: int  # index into the people discussed
    owner: str  # "alicia", "kwame" or "tomas"
    due: int  # days after the meeting
    closed: int | None = None  # days after the meeting it was done (None: still open)


@dataclass(frozen=True)
class Meeting:
    agenda: tuple[tuple[int, str], ...]  # (person, reason kind)
    items: tuple[Item, ...] = ()


# The five past meetings, oldest first. Meeting n is held 7 * (4 - n) + k days ago, with k
# from 1 to 6, so the due dates below fall on the same side of today whatever the day.
PAST: tuple[Meeting, ...] = (
    Meeting(
        ((0, "new_job"), (1, "missed")),
        (Item(0, "alicia", due=7, closed=4), Item(1, "kwame", due=5, closed=9)),
    ),
    Meeting(
        ((2, "paperwork"), (1, "follow")),
        (Item(2, "alicia", due=9), Item(1, "tomas", due=7, closed=6)),
    ),
    Meeting(
        ((3, "momentum"), (2, "carried")),
        (
            Item(3, "kwame", due=6),
            Item(3, "alicia", due=7, closed=5),
            Item(2, "kwame", due=3, closed=8),
        ),
    ),
    Meeting(
        ((4, "placement"), (0, "follow")),
        (Item(4, "alicia", due=14), Item(0, "tomas", due=5, closed=3)),
    ),
    Meeting(
        ((5, "new_barrier"), (3, "carried")),
        (Item(5, "alicia", due=10), Item(3, "kwame", due=2, closed=0)),
    ),
)
AHEAD: tuple[tuple[tuple[int, str], ...], ...] = (
    ((2, "carried"), (3, "carried"), (6, "transition")),
    ((4, "follow"), (5, "follow")),
    ((0, "check_in"), (1, "check_in")),
)


def _who(participant: Participant) -> Who:
    return Who(participant.preferred_name, participant.pronouns, participant.languages)


def _language(participant: Participant) -> str:
    return (participant.languages or "English").split(",")[0].strip() or "English"


class ConferenceSeeder:
    def __init__(
        self,
        *,
        rng: random.Random,
        users: dict[str, User],
        programs: dict[str, Program],
        supervisors: dict[str, User],
        partner: User | None,
        today: date,
    ) -> None:
        self.rng = rng
        self.users = users
        self.programs = programs
        self.supervisors = supervisors
        self.partner = partner
        self.today = today
        self.zone = timezone.get_current_timezone()

    # -- helpers ----------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone)

    def say(self, template: str, participant: Participant, **extra: str) -> str:
        language = _language(participant)
        words = {
            "provider": "",
            "family": "",
            "interpreter": "" if language == "English" else f", with an interpreter in {language}",
            **extra,
        }
        return fill(template, _who(participant), **words)

    def speak(
        self,
        *,
        by: User,
        discussion: Discussion,
        attendee: Attendee,
        words: tuple[str, str, str],
        ahead: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        participant = discussion.participant
        strengths, barriers, ideas = (self.say(w, participant, **(extra or {})) for w in words)
        actions.add_contribution(
            by=by,
            discussion=discussion,
            attendee=attendee,
            strengths=strengths,
            barriers=barriers,
            ideas=ideas,
            ahead=ahead,
        )

    def summarize(
        self,
        *,
        by: User,
        discussion: Discussion,
        words: tuple[str, str, str],
        extra: dict[str, str] | None = None,
    ) -> None:
        participant = discussion.participant
        strengths, barriers, needs = (self.say(w, participant, **(extra or {})) for w in words)
        actions.save_summary(
            by=by,
            discussion=discussion,
            expected_version=discussion.version,
            strengths=strengths,
            barriers=barriers,
            service_needs=needs,
            confirmed=True,
        )

    def close(self, item: ActionItem, by: User, day: date) -> None:
        """Done that afternoon (a moment already past)."""
        moment = min(self.at(day, 15, 30), timezone.now() - timedelta(minutes=5))
        actions.close_action_item(by=by, item=item, status=ActionItem.Status.DONE, at=moment)

    def need_and_goal(self, enrollment: Enrollment, domain: str) -> tuple[Need | None, Any]:
        """The person's open need in ``domain`` (never a private one), and a goal of
        their plan that answers it, if they have them."""
        need = None
        if domain and domain not in SENSITIVE_DOMAINS:
            need = (
                Need.objects.filter(enrollment=enrollment, status=Need.Status.OPEN, domain=domain)
                .order_by("priority", "pk")
                .first()
            )
        goal = None
        if need is not None:
            goal = (
                Goal.objects.filter(version__plan__enrollment=enrollment, need_links__need=need)
                .order_by("-version__number", "position")
                .values_list("key", flat=True)
                .first()
            )
        return need, goal

    def end_of(self, conference: Conference) -> datetime:
        return conference.starts_at + timedelta(minutes=conference.minutes) + SIGNED_AFTER

    # -- a weekly team conference --------------------------------------------------

    def team_people(self, program: Program, navigator: User) -> list[Enrollment]:
        people = list(
            Enrollment.objects.filter(
                program=program, navigator=navigator, status__in=(Status.ENROLLED, Status.EXITING)
            )
            .select_related("participant", "program")
            .order_by("pk")
        )
        self.rng.shuffle(people)
        return people[:7]

    def team_series(self) -> list[Conference]:
        kwame, tomas, alicia = (self.users[n] for n in ("supervisor", "manager", "navigator"))
        staff = {"kwame": kwame, "tomas": tomas, "alicia": alicia}
        program = self.programs[YOUTH]
        people = self.team_people(program, alicia)
        if len(people) < 7:
            return []
        back = (self.today.weekday() - TEAM_DAY) % 7 or 1
        last = self.today - timedelta(days=back)
        first = actions.create_conference(
            by=kwame,
            program=program,
            kind=Kind.TEAM,
            title="Youth Works weekly team conference",
            starts_at=self.at(last - timedelta(weeks=PAST_MEETINGS - 1), 9, 30),
            minutes=60,
            place="Harbor Youth Works, second floor, small meeting room",
            video_link="https://meet.example.org/youth-works-team",
            every="week",
            meetings=PAST_MEETINGS + AHEAD_MEETINGS,
        )
        assert first.series is not None
        meetings = list(first.series.meetings.order_by("starts_at"))
        used: set[tuple[int, str]] = set()
        for n, conference in enumerate(meetings):
            away = n == TOMAS_AWAY
            rows = {"kwame": conference.attendees.get(user=kwame)}
            for key in ("alicia", "tomas"):
                rows[key] = actions.add_attendee(
                    by=kwame, conference=conference, kind=Attendee.Kind.STAFF, user=staff[key]
                )
            actions.assign_roles(
                by=kwame,
                conference=conference,
                facilitator=rows["kwame"],
                timekeeper=rows["kwame"] if away else rows["tomas"],
                notetaker=rows["alicia"],
            )
            past = n < PAST_MEETINGS
            agenda = PAST[n].agenda if past else AHEAD[n - PAST_MEETINGS]
            discussions: dict[int, Discussion] = {}
            for person, kind in agenda:
                discussions[person] = actions.add_discussion(
                    by=kwame,
                    conference=conference,
                    enrollment=people[person],
                    reason=REASONS[kind],
                    budget_minutes=15 if kind in ("placement", "transition", "new_barrier") else 10,
                )
            if not past:
                if n == PAST_MEETINGS:
                    actions.send_invitations(by=kwame, conference=conference)
                continue
            present = {"alicia", "kwame"} | (set() if away else {"tomas"})
            actions.record_attendance(
                by=kwame,
                conference=conference,
                attendance={
                    rows[key].pk: Attendee.Attendance.ATTENDED
                    if key in present
                    else Attendee.Attendance.ABSENT
                    for key in rows
                },
            )
            for person, kind in agenda:
                discussion = discussions[person]
                others = sorted(present - {"alicia"})
                speakers = ["alicia", *self.rng.sample(others, self.rng.randint(1, len(others)))]
                for key, words in zip(speakers, WORDS[kind], strict=False):
                    self.speak(by=alicia, discussion=discussion, attendee=rows[key], words=words)
                discussion.refresh_from_db()
                self.summarize(by=kwame, discussion=discussion, words=SUMMARIES[kind])
            made: list[tuple[ActionItem, Item]] = []
            day = timezone.localdate(conference.starts_at)
            kinds = dict(agenda)
            for plan in PAST[n].items:
                enrollment = people[plan.person]
                choices = ITEMS[kinds[plan.person]]
                what, domain = next(
                    (c for c in choices if (enrollment.pk, c[0]) not in used), choices[0]
                )
                used.add((enrollment.pk, what))
                need, goal = self.need_and_goal(enrollment, domain)
                item = actions.add_action_item(
                    by=kwame,
                    discussion=discussions[plan.person],
                    what=self.say(what, enrollment.participant),
                    due_on=day + timedelta(days=plan.due),
                    owner_user=staff[plan.owner],
                    need=need if goal is None or self.rng.random() < 0.5 else None,
                    goal_key=goal,
                )
                made.append((item, plan))
            actions.sign_minutes(by=alicia, conference=conference, at=self.end_of(conference))
            for item, plan in made:
                if plan.closed is not None:
                    self.close(item, staff[plan.owner], day + timedelta(days=plan.closed))
        return meetings

    # -- an interagency conference -------------------------------------------------

    def partner_program(self) -> str | None:
        """The program that refers most to the partner with the demo's partner sign-in."""
        if self.partner is None or self.partner.partner_of_id is None:
            return None
        keys = {p.pk: key for key, p in self.programs.items()}
        counted = (
            Referral.objects.filter(provider_id=self.partner.partner_of_id)
            .values("enrollment__program_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "enrollment__program_id")
        )
        for row in counted:
            if row["enrollment__program_id"] in keys:
                return keys[row["enrollment__program_id"]]
        return HOUSING

    def partner_pair(self, program: Program) -> tuple[Enrollment, Enrollment] | None:
        """Someone referred to the partner, and someone else on the same caseload."""
        assert self.partner is not None
        active = (
            Enrollment.objects.filter(program=program, status=Status.ENROLLED)
            .exclude(navigator=None)
            .select_related("participant", "program", "navigator")
            .order_by("pk")
        )
        referred = list(
            active.filter(
                Q(referrals__provider_id=self.partner.partner_of_id),
            ).distinct()
        )
        others = list(active)
        for first in [*referred, *others]:
            rest = [e for e in others if e.navigator_id == first.navigator_id and e.pk != first.pk]
            if rest:
                return first, self.rng.choice(rest)
        return None

    def interagency(self) -> tuple[Conference, Conference] | None:
        key = self.partner_program()
        if key is None or self.partner is None:
            return None
        program = self.programs[key]
        pair = self.partner_pair(program)
        if pair is None:
            return None
        shared, private = pair
        navigator = shared.navigator
        assert navigator is not None
        assert self.partner.partner_of is not None
        supervisor = self.supervisors[key]
        provider = self.partner.partner_of
        day = self.today - timedelta(days=10)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        # The person agreed, a few days before, that the partner may hear about them.
        consent_actions.give_consent(
            by=navigator,
            participant=shared.participant,
            data={
                "recipient_provider": provider,
                "categories": [Category.CONTACT, Category.ASSESSMENT, Category.PLAN],
                "purpose": self.say(
                    "So {provider} and the team can plan {name}'s next steps together at "
                    "interagency conferences.",
                    shared.participant,
                    provider=provider.name,
                ),
                "starts_on": day - timedelta(days=4),
                "ends_on": day + timedelta(days=180),
                "how": Consent.How.VERBAL,
                "witness_name": supervisor.display_name,
            },
        )
        conference = actions.create_conference(
            by=supervisor,
            program=program,
            kind=Kind.INTERAGENCY,
            title=f"{program.name} and {provider.name}",
            starts_at=self.at(day, 14),
            minutes=60,
            place="Harbor Community Partners, main office, room 2",
            video_link="https://meet.example.org/harbor-partners",
        )
        lead = conference.attendees.get(user=supervisor)
        notes = actions.add_attendee(
            by=supervisor, conference=conference, kind=Attendee.Kind.STAFF, user=navigator
        )
        dana = actions.add_attendee(
            by=supervisor, conference=conference, kind=Attendee.Kind.PARTNER, user=self.partner
        )
        actions.assign_roles(
            by=supervisor, conference=conference, facilitator=lead, timekeeper=lead, notetaker=notes
        )
        together = actions.add_discussion(
            by=supervisor,
            conference=conference,
            enrollment=shared,
            reason=f"Planning the next steps together with {provider.name}",
            budget_minutes=20,
        )
        apart = actions.add_discussion(
            by=supervisor,
            conference=conference,
            enrollment=private,
            reason="Checking in after a few hard weeks; what would help now",
            budget_minutes=10,
            staff_only=True,
        )
        # Dana's update, sent ahead when she signed in.
        extra = {"provider": provider.name}
        self.speak(
            by=self.partner,
            discussion=together,
            attendee=dana,
            ahead=True,
            words=(
                "{name} came to both sessions with us and asked good questions.",
                "Our next opening is about three weeks away.",
                "We can hold a place for {name} if the papers come in by then.",
            ),
        )
        actions.record_attendance(
            by=supervisor,
            conference=conference,
            attendance={a.pk: Attendee.Attendance.ATTENDED for a in (lead, notes, dana)},
        )
        self.speak(
            by=navigator,
            discussion=together,
            attendee=notes,
            words=(
                "{name} has kept every appointment this month and keeps {their} papers in order.",
                "{name} works until 4 on weekdays.",
                "A late-afternoon appointment with {provider} would fit.",
            ),
            extra=extra,
        )
        self.speak(
            by=navigator,
            discussion=together,
            attendee=lead,
            words=("", "", "Meet again in four weeks to see how the start went."),
        )
        together.refresh_from_db()
        self.summarize(
            by=supervisor,
            discussion=together,
            words=(
                "Keeps appointments; organized; asks good questions.",
                "Works weekdays until 4; the next opening is three weeks away.",
                "A place held at {provider}; a late-afternoon start.",
            ),
            extra=extra,
        )
        self.speak(
            by=navigator,
            discussion=apart,
            attendee=notes,
            words=(
                "{name} reached out to us after two missed meetings, which took courage.",
                "Three missed appointments since the last plan review.",
                "Meet {name} where {they} {is} most comfortable, at a time {they} choose.",
            ),
        )
        self.speak(
            by=navigator,
            discussion=apart,
            attendee=lead,
            words=(
                "",
                "The plan's next step may be too big right now.",
                "Make the first step smaller.",
            ),
        )
        apart.refresh_from_db()
        self.summarize(
            by=supervisor,
            discussion=apart,
            words=(
                "Reached out after missed meetings; wants to keep going.",
                "Missed appointments; the next step feels too big.",
                "A smaller first step; meetings where {they} {is} comfortable.",
            ),
        )
        partner_item = actions.add_action_item(
            by=supervisor,
            discussion=together,
            what=self.say("Hold a place for {name} in the next opening", shared.participant),
            due_on=day + timedelta(days=21),
            owner_attendee=dana,
        )
        papers = actions.add_action_item(
            by=supervisor,
            discussion=together,
            what=self.say(
                "Send {provider} the papers {name} agreed to share", shared.participant, **extra
            ),
            due_on=day + timedelta(days=3),
            owner_user=navigator,
        )
        actions.add_action_item(
            by=supervisor,
            discussion=apart,
            what=self.say(
                "Meet {name} at a place and time {they} choose and rework the next step together",
                private.participant,
            ),
            due_on=day + timedelta(days=18),
            owner_user=navigator,
        )
        assert partner_item.owner_attendee_id == dana.pk
        actions.sign_minutes(by=navigator, conference=conference, at=self.end_of(conference))
        self.close(papers, navigator, day + timedelta(days=1))
        follow = actions.schedule_follow_up(
            by=supervisor, conference=conference, starts_at=self.at(day + timedelta(weeks=4), 14)
        )
        actions.send_invitations(by=supervisor, conference=follow)
        return conference, follow

    # -- a family conference -----------------------------------------------------------

    def family_person(self, program: Program) -> Enrollment | None:
        found = [
            e
            for e in Enrollment.objects.filter(program=program, status=Status.ENROLLED)
            .exclude(navigator=None)
            .exclude(participant__emergency_contact_name="")
            .select_related("participant", "program", "navigator")
            .order_by("pk")
            if e.participant.emergency_contact_name.strip() != e.participant.preferred_name.strip()
        ]
        return self.rng.choice(found) if found else None

    def family(self) -> tuple[Conference, Conference] | None:
        program = self.programs[RESETTLEMENT]
        enrollment = self.family_person(program)
        if enrollment is None:
            return None
        person = enrollment.participant
        navigator = enrollment.navigator
        assert navigator is not None
        robin = self.supervisors[RESETTLEMENT]
        relative = person.emergency_contact_name.strip()
        relationship = person.emergency_contact_relationship.strip()
        extra = {"family": relative.split()[0]}
        # The Saturday morning the family chose, two to eight days ago.
        back = (self.today.weekday() - 5) % 7
        day = self.today - timedelta(days=back if back >= 2 else back + 7)
        consent_actions.give_consent(
            by=navigator,
            participant=person,
            data={
                "recipient_name": relative,
                "recipient_detail": relationship,
                "categories": [Category.CONTACT, Category.ASSESSMENT, Category.PLAN],
                "purpose": self.say(
                    "So {family} can take part in {name}'s family conference and help carry out "
                    "the plan.",
                    person,
                    **extra,
                ),
                "starts_on": day - timedelta(days=6),
                "ends_on": day + timedelta(days=182),
                "how": Consent.How.TYPED,
                "typed_name": person.legal_name or person.preferred_name,
            },
        )
        conference = actions.create_conference(
            by=robin,
            program=program,
            kind=Kind.FAMILY,
            title="Family conference: planning the next months together",
            starts_at=self.at(day, 10),
            minutes=90,
            place="Community room at the Riverside library (the family's choice)",
        )
        language = _language(person)
        own_rule = (
            f"We speak in {language} and English; the interpreter helps everyone follow."
            if language != "English"
            else "Phones stay in pockets unless someone at home needs us."
        )
        conference = actions.update_conference(
            by=robin,
            conference=conference,
            expected_version=conference.version,
            data={
                "title": conference.title,
                "starts_at": conference.starts_at,
                "minutes": conference.minutes,
                "place": conference.place,
                "video_link": conference.video_link,
                "ground_rules": [*conference.ground_rules, own_rule],
            },
        )
        lead = conference.attendees.get(user=robin)
        notes = actions.add_attendee(
            by=robin, conference=conference, kind=Attendee.Kind.STAFF, user=navigator
        )
        kin = actions.add_attendee(
            by=robin,
            conference=conference,
            kind=Attendee.Kind.FAMILY,
            name=relative,
            relationship=relationship,
        )
        themselves = actions.add_attendee(
            by=robin, conference=conference, kind=Attendee.Kind.PARTICIPANT, participant=person
        )
        actions.assign_roles(
            by=robin, conference=conference, facilitator=lead, timekeeper=lead, notetaker=notes
        )
        discussion = actions.add_discussion(
            by=robin,
            conference=conference,
            enrollment=enrollment,
            reason="Planning the next months together: work, English class and getting around",
            budget_minutes=60,
        )
        actions.agree_ground_rules(
            by=robin, conference=conference, at=conference.starts_at + timedelta(minutes=5)
        )
        everyone = (themselves, kin, notes, lead)
        actions.record_attendance(
            by=robin,
            conference=conference,
            attendance={a.pk: Attendee.Attendance.ATTENDED for a in everyone},
        )
        # Everyone speaks once before anyone speaks twice.
        rounds: Sequence[tuple[Attendee, tuple[str, str, str]]] = (
            (
                themselves,
                (
                    "I found the way to the adult school on my own.",
                    "The class is in the evening, when I cook for the family.",
                    "If {family} cooks on class nights, I can go.",
                ),
            ),
            (
                kin,
                (
                    "{name} practices English every evening and helps the neighbors with forms.",
                    "My shifts change every week.",
                    "I can cook on Tuesdays and Thursdays, and drive {name} to the job fair.",
                ),
            ),
            (
                notes,
                (
                    "{name} has done every step of the plan so far, on time.",
                    "Job interviews in English still feel hard.",
                    "Two practice interviews before the job fair next month{interpreter}.",
                ),
            ),
            (
                lead,
                (
                    "The family shares the work at home and plans together.",
                    "",
                    "Write down who does what on which day, so nobody has to remember it all.",
                ),
            ),
            (
                themselves,
                ("", "", "English class first; the job fair after I have been to two classes."),
            ),
        )
        for attendee, words in rounds:
            self.speak(
                by=navigator, discussion=discussion, attendee=attendee, words=words, extra=extra
            )
        discussion.refresh_from_db()
        self.summarize(
            by=robin,
            discussion=discussion,
            words=(
                "Finds the way on {their} own; practices English every day; the family shares "
                "the work at home.",
                "The evening class falls at dinner time; shifts that change every week; "
                "interviews in English.",
                "The evening English class at the adult school; practice interviews{interpreter}; "
                "the job fair.",
            ),
            extra=extra,
        )
        answers = {
            themselves.pk: ("agrees", "This is my plan."),
            kin.pk: ("reservations", "Yes. If my shifts change, we will swap days."),
            notes.pk: ("agrees", ""),
            lead.pk: ("agrees", ""),
        }
        for attendee in everyone:
            answer, said = answers[attendee.pk]
            actions.record_agreement(
                by=robin, discussion=discussion, attendee=attendee, answer=answer, words=said
            )
        need, goal = self.need_and_goal(enrollment, EMPLOYMENT)
        actions.add_action_item(
            by=robin,
            discussion=discussion,
            what="Sign up for the Tuesday and Thursday evening English class",
            due_on=day + timedelta(days=10),
            owner_attendee=themselves,
            need=need,
        )
        actions.add_action_item(
            by=robin,
            discussion=discussion,
            what=self.say("Cook on class nights and drive {name} to the job fair", person),
            due_on=day + timedelta(days=21),
            owner_attendee=kin,
        )
        actions.add_action_item(
            by=robin,
            discussion=discussion,
            what=self.say("Book two practice interviews{interpreter}", person),
            due_on=day + timedelta(days=12),
            owner_user=navigator,
            goal_key=goal,
        )
        actions.sign_minutes(by=navigator, conference=conference, at=self.end_of(conference))
        follow = actions.schedule_follow_up(
            by=robin, conference=conference, starts_at=self.at(day + timedelta(weeks=4), 10)
        )
        actions.send_invitations(by=robin, conference=follow)
        return conference, follow

    # -- the whole thing -------------------------------------------------------------

    def run(self) -> dict[str, int]:
        series = self.team_series()
        partners = self.interagency()
        family = self.family()
        organization_id = self.programs[YOUTH].organization_id
        items = list(ActionItem.objects.filter(organization_id=organization_id))
        closed = [
            (timezone.localdate(i.closed_at), i.due_on)
            for i in items
            if i.status == ActionItem.Status.DONE and i.closed_at is not None
        ]
        on_time = sum(1 for day, due in closed if day <= due)
        still = [i for i in items if i.is_open]
        return {
            "meetings": len(series),
            "signed": Conference.objects.filter(
                pk__in=[c.pk for c in series], signed_at__isnull=False
            ).count(),
            "interagency": 2 if partners else 0,
            "family": 2 if family else 0,
            "items": len(items),
            "on_time": on_time,
            "late": len(closed) - on_time,
            "overdue": sum(1 for i in still if i.due_on < self.today),
            "open": len(still),
        }


def seed_conferences(
    *,
    rng: random.Random,
    users: dict[str, User],
    programs: dict[str, Program],
    supervisors: dict[str, User],
    partner: User | None,
    today: date,
) -> dict[str, int]:
    """Add the demo's conferences (see the module). Returns counts for the summary."""
    return ConferenceSeeder(
        rng=rng,
        users=users,
        programs=programs,
        supervisors=supervisors,
        partner=partner,
        today=today,
    ).run()


def summary(counts: dict[str, int]) -> str:
    return (
        f"a weekly team conference ({counts['meetings']} meetings, {counts['signed']} signed), "
        f"an interagency conference and a family conference, each with its follow-up planned; "
        f"{counts['items']} action items ({counts['on_time']} done on time, {counts['late']} "
        f"late, {counts['open']} open of which {counts['overdue']} overdue)"
    )
