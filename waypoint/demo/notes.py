"""Contacts, attempts, SOAP-D progress notes, appointments and commitments for the demo
(used by seed_demo, and by bench for its navigator's caseload).

Every active enrollment gets a few weeks of history that ends where the enrollment
already says it does: its latest completed contact is exactly at ``last_contact_at``
(none when it has none). Between contacts come attempts (no answer, a message left,
a text with no reply); a few people have three or more attempts in a row since they
were last reached, a few missed an appointment. Every contact has its note, written
in plain, strengths-based words from the sentence pools below: most signed within the
program's window, some signed late, a handful still drafts (some overdue). Notes after
a plan was written link to its goals (and sometimes a step); a few signed notes carry
an addendum. Ahead are appointments for the next two weeks (an invitation marked sent
only where the participant has an email address marked safe; no mail goes out), and
behind and ahead are the promises staff made, some kept, some still open.

Rows are written straight to the database in their final state, like plans.py: the
database refuses changes to a signed note, its goal links and its contact, so a note
that links to goals goes in as a draft, gets its links, and is then signed, the order
the pages follow. Afterwards each enrollment's relationship signals and due dates are
recomputed with ``notes.actions.refresh_signals``, the function the pages use.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.assessments.models import SENSITIVE_DOMAINS
from waypoint.enrollments.models import CASELOAD_STATUSES, Enrollment, Status
from waypoint.notes.actions import note_due, refresh_signals
from waypoint.notes.calendar import invitation_address
from waypoint.notes.coach import default_coach
from waypoint.notes.models import SECTIONS as NOTE_SECTIONS
from waypoint.notes.models import (
    Addendum,
    Appointment,
    Commitment,
    Contact,
    Method,
    Note,
    NoteLink,
    Place,
)
from waypoint.notes.queries import SENSITIVE_CATEGORIES
from waypoint.plans.models import Goal, GoalNeed, PlanVersion, Step

YOUTH, HOUSING, RESETTLEMENT = "youth", "housing", "resettlement"
HISTORY_DAYS = 56  # how far back the history of contacts goes
MOST_CONTACTS = 8  # completed contacts per enrollment, at most
MANY_ATTEMPTS = 5  # people with three or more attempts in a row since they were reached
MISSED_NOW = 4  # people whose last missed appointment came after their last contact
OVERDUE_DRAFTS = 7  # notes still unsigned after their window closed
ADDENDA = 9

# ---------------------------------------------------------------------------
# Words. Placeholders: {name}, {they}, {They}, {them}, {their}, {Their}, and the verbs
# that follow "they" in the present or past: {is}, {has}, {was}. Past tense elsewhere.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pools:
    """Sentences for one program, one pool per part of a note (and for what comes next)."""

    strengths: tuple[str, ...]
    objective: tuple[str, ...]
    assessment: tuple[str, ...]
    their_words: tuple[str, ...]  # quotations, without the quote marks
    data: tuple[str, ...]
    steps: tuple[str, ...]  # the participant's next steps, for the plan
    promises: tuple[str, ...]  # what staff promised: a commitment, and "I will …" in the plan
    purposes: tuple[str, ...]  # appointments
    places: tuple[tuple[str, str], ...]  # (Place, detail) for meetings in person
    outreach_places: tuple[tuple[str, str], ...]  # where someone might be found


SHARED = Pools(
    strengths=(
        "{name} arrived on time with the papers we talked about, in a folder.",
        "{name} asked clear questions and wrote down the answers.",
        "{name} kept going through a long form and asked for help with the unclear parts.",
        "{name} spoke up for what {they} needed and said no to an option that did not fit.",
        "{name} followed through on the step chosen at our last meeting.",
        "{name} brought humor to a stressful morning.",
        "{name} remembered every date from our last meeting without looking at notes.",
        "{name} reached out first this week to share news.",
        "{name} drew on family and friends to make it to the meeting.",
        "{name} stayed patient while we waited on hold together for forty minutes.",
        "{name} stayed calm and polite on a frustrating phone call and got the answer.",
        "{name} made a plan for the week and shared it without prompting.",
        "{name} named what was hard this week and what helped, which made planning easy.",
        "{name} kept the promise made last time, even on a busy week.",
    ),
    objective=(),
    assessment=(
        "{name} is making steady progress; the next step is within reach.",
        "Progress on the plan is steady. Time is the main barrier: work and family leave "
        "only evenings free.",
        "{name} has momentum after this week's good news. Keeping the next step small "
        "should help it last.",
        "{name} is more confident than a month ago and is starting to lead the planning.",
        "Paperwork has slowed things down, not effort. Once the documents arrive, the rest "
        "of the plan can move quickly.",
        "This was a harder week for {name}. {They} still kept the meeting, which shows real "
        "commitment.",
        "No change on the main goal since last time; {name} chose to focus on family this "
        "week, which makes sense.",
        "{name} knows what comes next and is asking for the right help to get there.",
        "The plan still fits. {name} wants to keep the same goals for the next month.",
    ),
    their_words=(
        "I'm doing better than last month.",
        "I want to keep going with the plan.",
        "It helps to have someone to check in with.",
        "This week was a lot, but I got through it.",
    ),
    data=(
        "Nothing new this week.",
        "No changes to contact details or household.",
        "New phone number; updated on the profile.",
        "Nothing new since our last meeting.",
        "Nothing new.",
    ),
    steps=(
        "{name} will bring the letter from the benefits office.",
        "{name} will try the new bus route on the weekend.",
        "{name} will keep the folder of papers together and bring it next time.",
        "{name} will text if anything changes before we meet.",
    ),
    promises=(),
    purposes=("Check-in", "Monthly check-in", "Plan review together"),
    places=(),
    outreach_places=(),
)

VOICES: dict[str, Pools] = {
    YOUTH: Pools(
        strengths=(
            "{name} finished the online safety module ahead of the rest of the cohort.",
            "{name} took feedback on the resume well and made the changes on the spot.",
            "{name} has kept perfect attendance at training for two weeks.",
            "{name} helped a newer trainee find the right bus to the training site.",
            "{name} practiced interview answers out loud and grew more confident each time.",
            "{name} used the budget sheet from last month and brought questions about it.",
            "{name} showed strong mechanical skill in the shop exercise; the instructor "
            "asked {them} to show the others.",
            "{name} planned the week around training and picking up younger siblings from "
            "school, and made both work.",
            "{name} found two job postings on {their} own before we met.",
        ),
        objective=(
            "We updated the resume together, adding the corner store job and the shop class "
            "projects.",
            "{name} showed me two job postings from the warehouse on Route 9 and we read the "
            "requirements together.",
            "We practiced three common interview questions; {name} answered each twice and "
            "chose the answer {they} liked best.",
            "Reviewed the training attendance sheet: present every day this week, one late "
            "arrival on Tuesday because of the bus transfer.",
            "{name} brought the forklift study guide and we went over the safety section.",
            "We walked through the reduced-fare transit pass application and sent it in online.",
            "{name} said the manager at the grocery store called back about a second interview.",
            "We set up an email address for job applications and saved the password in "
            "{their} phone.",
            "Looked at the credit union's no-fee account and the list of documents to bring.",
            "We went over the pay stub from the first stipend check line by line.",
            "{name} showed me a practice test score of 72 from the Tuesday math class.",
            "We called the learning center together and booked the GED math test for the 18th.",
            "Went over the schedule for the forklift cohort; training runs 8 am to 2 pm for "
            "two weeks.",
            "{name} filled in two online applications during the meeting and saved the "
            "confirmation emails.",
        ),
        assessment=(
            "{name} is on track to finish the training cohort with the group.",
            "Interview nerves are the main barrier; practice is helping each time.",
            "The resume now shows real work experience. {name} is ready to apply.",
            "Attendance is strong. The late arrivals come from the bus transfer, not effort.",
            "{name} is close to the GED math goal; one more practice test should show it.",
            "A first paycheck has made the budget goal feel real to {name}.",
        ),
        their_words=(
            "I'm proud I went every day this week.",
            "I want the forklift card first, then warehouse jobs.",
            "The practice helped. I wasn't as nervous.",
            "I'm tired, but it's worth it.",
            "I want a job that lets me keep helping my grandmother.",
            "I didn't think I'd get a callback, but I did.",
            "Math is still my least favorite, but I'm getting it.",
        ),
        data=(
            "Started a part-time job at the grocery store, weekends only.",
            "Moved in with an aunt closer to the training site.",
            "Passed the learner's permit test on Saturday.",
            "A younger brother started at a new school; mornings are busier now.",
            "New email address for job applications; added to the profile.",
        ),
        steps=(
            "{name} will send the resume to the warehouse on Route 9 by Wednesday.",
            "{name} will bring steel-toe boots and ID to the first day of forklift training.",
            "{name} will study the math practice test twenty minutes a day.",
            "{name} will apply to two more openings near the 12 bus line.",
            "{name} will ask the grocery store manager about the weekend schedule.",
        ),
        promises=(
            "Send two warehouse job postings by Wednesday",
            "Book a mock interview with the employment team",
            "Ask the learning center for the GED math test date",
            "Print two copies of the resume for the job fair",
            "Check on the reduced-fare transit pass application",
            "Find out when the next forklift cohort starts",
        ),
        purposes=(
            "Mock interview before the hiring event",
            "Resume review and job search",
            "Credit union visit to open an account",
            "Check-in at the training site",
            "Budget check-in after the first paycheck",
        ),
        places=(
            (Place.OFFICE, "Harbor Youth Works, second floor"),
            (Place.SCHOOL, "Training site on Front Street"),
            (Place.COMMUNITY, "Riverside Library"),
            (Place.COMMUNITY, "Rec center on Dock Street"),
        ),
        outreach_places=((Place.COMMUNITY, "Rec center on Dock Street"),),
    ),
    HOUSING: Pools(
        strengths=(
            "{name} kept every paper for the voucher safe in one folder, as planned.",
            "{name} met us at the time and place we set this morning.",
            "{name} looked out for a friend at the drop-in center and introduced the friend "
            "to the team.",
            "{name} was honest about what feels hard in the new apartment and asked for help "
            "early.",
            "{name} kept the clinic visit booked last week.",
            "{name} has kept up with rent for the second month in a row.",
            "{name} used the phone we set up to call the team back the same day.",
            "{name} shared tomatoes from the community garden with neighbors.",
            "{name} stayed with a hard conversation with the landlord and kept it respectful.",
            "{name} knows every free meal and warm place in town and shared that with a "
            "newer neighbor.",
        ),
        objective=(
            "We looked at two apartment listings from landlords who accept the voucher and "
            "{name} chose one to tour.",
            "Went over the voucher application together; the income letter and the release "
            "forms are still missing.",
            "{name} signed the release forms so the team can talk with the housing authority.",
            "Toured the apartment on Maple Street together; {name} asked about heat, the bus "
            "stop and laundry.",
            "We called the benefits office together and asked for the review; a letter "
            "should arrive in two weeks.",
            "Brought a box of kitchen supplies from the donation room for the new apartment.",
            "{name} showed me the new lease and we read the section about repairs together.",
            "We filled in the change-of-address form so mail goes to the front desk at the "
            "drop-in center.",
            "Dropped off a new phone charger and saved the team's number in {their} phone.",
            "Checked in about the new place: the heat works, and we replaced the smoke "
            "alarm battery together.",
            "We ordered the birth certificate from the other state online and paid the fee "
            "from the documents fund.",
            "{name} had the clinic appointment card in hand; we confirmed the time and the "
            "bus route.",
            "Walked with {name} to the storage locker and sorted what to bring to the new place.",
            "Brought coffee and a sandwich; we talked through the week and what comes next.",
        ),
        assessment=(
            "{name} is settling into the new apartment and knows the neighbors on the same floor.",
            "The voucher is the key step; every document is in except the income letter.",
            "Mail is arriving again, so benefits letters should stop going missing.",
            "The first weeks indoors can feel strange after years outside; {name} is naming "
            "that and asking for support, which is a strength.",
            "Trust with the team is growing: {name} now calls us first when something comes up.",
            "Sleep is better since the move, and {name} is keeping health appointments.",
        ),
        their_words=(
            "It's quiet at night. I'm still getting used to that.",
            "I just want the paperwork done so I can move.",
            "Having a door that locks means I can sleep.",
            "I like the place on Maple Street. It's close to the clinic.",
            "I'm glad you found me today.",
            "I want to have my grandkids over once I'm settled.",
            "Cooking my own food again feels good.",
        ),
        data=(
            "Moved into the apartment on Maple Street on the 3rd.",
            "Benefits review approved; the first check arrives next month.",
            "Lost the phone last week; checking messages on the library computer for now.",
            "Got a state ID card.",
            "Now picks up mail at the drop-in center front desk.",
        ),
        steps=(
            "{name} will keep the clinic appointment on Thursday; the team will give a ride.",
            "{name} will take the birth certificate to the ID office once it arrives.",
            "{name} will choose which neighborhoods feel right for the housing search.",
            "{name} will bring the award letter to the next visit.",
        ),
        promises=(
            "Call the landlord about the deposit by Friday",
            "Ask the housing authority where the voucher application stands",
            "Bring a bus pass and a copy of the lease to the next visit",
            "Find out when the birth certificate will arrive",
            "Drop off the kitchen box from the donation room",
            "Set up the tour of the second apartment",
        ),
        purposes=(
            "Tour the apartment on Maple Street",
            "Voucher paperwork at the drop-in center",
            "Ride together to the clinic visit",
            "Home visit: settling in",
            "Benefits office together",
        ),
        places=(
            (Place.HOUSING, "Fifth Street drop-in center"),
            (Place.COMMUNITY, "Riverside Library"),
            (Place.OFFICE, "Home Base office, 120 Front Street"),
            (Place.PARTNER, "Harbor Health Clinic"),
        ),
        outreach_places=(
            (Place.STREET, "Harbor Street bus depot"),
            (Place.HOUSING, "Fifth Street drop-in center"),
            (Place.STREET, "Riverside path by the boathouse"),
            (Place.COMMUNITY, "St. Brigid's hot meal"),
        ),
    ),
    RESETTLEMENT: Pools(
        strengths=(
            "{name} used English phrases practiced for the bus and the doctor's office.",
            "{name} organized the family's documents folder by person, every letter in order.",
            "{name} walked the children to school on the first day and met the teacher.",
            "{name} shared what {they} learned about the food bank with two other new families.",
            "{name} brought the job application already filled in, in English, with help "
            "from a cousin.",
            "{name} asked good questions about the lease and checked each answer through the "
            "interpreter.",
            "{name} drew on years of work from home to describe skills to the employment "
            "specialist.",
            "{name} went to every English class this week after long work shifts.",
            "{name} came with the questions for today written down.",
        ),
        objective=(
            "We went over the letter from the Social Security office; the cards will arrive "
            "by mail.",
            "Rode the bus together to the evening English class so {name} can make the trip "
            "alone next week.",
            "{name} and the employment specialist went through the resume and added the "
            "years of work from home.",
            "Explained the utility bill line by line and set up automatic payment with "
            "{their} approval.",
            "We visited the childcare center on Oak Street with the youngest child; {name} "
            "asked about hours and meals.",
            "Filled in the childcare subsidy application together and made copies for the "
            "family folder.",
            "Went with {name} to enroll the two older children at Lincoln Elementary; both "
            "start Monday.",
            "Practiced describing work experience in English for the interview at the hotel "
            "laundry.",
            "Reviewed the lease with the sponsor circle lead; rent is due on the first.",
            "{name} brought a letter about renewing food benefits; we filled it in and mailed "
            "it the same day.",
            "Checked the family's medical appointments for the month and wrote them on the "
            "calendar on the fridge.",
            "We looked up three-bedroom listings within the budget and saved two to apply for.",
            "Showed {name} how to top up the bus card at the machine; {name} did the second "
            "one alone.",
        ),
        assessment=(
            "The family is settling in well. English class is the piece that will open the "
            "most doors.",
            "{name} is ready to work; work authorization is the only thing holding the job "
            "search back.",
            "The children are adjusting to school, and {name} is building a good "
            "relationship with the teachers.",
            "Rent after the first months of help is the main worry. A job offer this month "
            "would make the budget work.",
            "{name} now handles bus trips and the pharmacy alone, a big step since arrival.",
            "The family's documents are nearly complete; the job search can start in earnest.",
        ),
        their_words=(
            "The children like their teacher. That makes me happy.",
            "I want to work. I worked all my life.",
            "English is hard, but every week I understand more.",
            "We feel welcome here. The neighbors brought food.",
            "I want to be a nurse again one day, step by step.",
            "Rent worries me, but we have a plan.",
        ),
        data=(
            "Work authorization arrived for both adults.",
            "A cousin arrived and is staying with the family for now.",
            "Started a job at the hotel laundry, day shift.",
            "The youngest child now goes to the childcare center three days a week.",
            "Social Security cards arrived for every adult in the family.",
        ),
        steps=(
            "{name} will go to English class Monday, Wednesday and Thursday.",
            "{name} will keep the Social Security letters in the family folder and bring "
            "them next time.",
            "{name} will practice the self-introduction for interviews with a cousin.",
            "{name} will visit the second childcare center with a neighbor.",
        ),
        promises=(
            "Book an interpreter for the school meeting",
            "Call the childcare center about an opening for the youngest",
            "Send the hotel laundry job lead",
            "Help read the Social Security letter when it arrives",
            "Ask the sponsor circle about a ride to the clinic",
            "Find a winter coat for the oldest child",
        ),
        purposes=(
            "Social Security office visit with an interpreter",
            "School meeting for the children",
            "Interview practice with the employment specialist",
            "Home visit: lease and utilities",
            "Childcare center visit",
        ),
        places=(
            (Place.OFFICE, "New Roots office"),
            (Place.PARTNER, "Harbor Adult Learning Center"),
            (Place.PARTNER, "Social Security office, Market Street"),
            (Place.SCHOOL, "Lincoln Elementary"),
        ),
        outreach_places=((Place.COMMUNITY, "Community room, Elm Court apartments"),),
    ),
}

# The first conversations, before someone is enrolled.
EARLY_OBJECTIVE = (
    "We talked through what the program offers and what {name} hopes to get from it.",
    "Went over the eligibility documents; {name} has ID and proof of address, and will "
    "bring the income letter.",
    "{name} asked how long the program lasts and who else will be involved; we went over both.",
    "Shared the program's welcome sheet and the team's phone number.",
)
# After moving on from the program.
FOLLOW_UP_OBJECTIVE = (
    "Check-in after moving on: {name} is settled and said things are going well.",
    "Follow-up call as planned together; {name} is still in the job and likes the team.",
    "Check-in after moving on: rent is paid up and the home feels like {their} own.",
)
PRESENT_OTHERS = ("Older sister", "Sponsor circle lead", "A cousin", "Grandmother")
GOAL_WORDS = (
    "Worked together on {their} goal to {goal}.",
    "Most of the meeting went to {their} goal to {goal}.",
    "We checked progress on {their} goal to {goal}.",
)
STEP_WORDS = (
    "One step from the plan came up: {step}.",
    "We worked on the plan's step: {step}.",
)
VIEW_AFTER = (
    "{name} wants to focus on the next step before anything new.",
    "{name} would like to meet at the library next time.",
    "{name} rated this week a 7 out of 10.",
    "{name} said the plan still fits and wanted no changes.",
    "{name} asked to keep meetings short this month.",
)
NO_MEETING_YET = (
    "No date set yet; I will text on {day} to choose a time together.",
    "We will set the next meeting by phone this week.",
)
# Sentences a hurried writer might type, which the writing coach points out. A few of the
# demo's drafts carry one; the bench scatters them through its long note.
HURRIED = (
    "Appt went well, f/u next week.",
    "{name} seems more settled than last time.",
    "I think the paperwork will go through b/c everything is signed now.",
    "{name} was kinda quiet at first, then opened up.",
    "Talked abt the job fair tmrw.",
    "{name} obviously worked hard on the resume.",
)
ADDENDUM_WORDS = (
    "Correction: we met at the Riverside Library, not the program office.",
    "Addition: {name} called afterwards to say the second interview is on Friday at 10 am.",
    "Correction: the benefits appointment is on the 14th, not the 4th.",
    "Addition: the landlord confirmed by email that the deposit will be returned in full.",
    "Addition: the interpreter for this meeting joined by phone through the language line.",
    "Correction: the school meeting is with the counselor, not the principal.",
    "Addition: {name} asked that the team call after 3 pm from now on.",
)
EARLY_PURPOSES = ("Welcome conversation", "Eligibility papers together")
CANCEL_REASONS = (
    "They asked to move it to next week because of a work shift",
    "The office closed early for the storm; moved to next week",
)

# Attempts: (method, result, what happened, what next).
ATTEMPTS: tuple[tuple[str, str, str, str], ...] = (
    (
        Method.PHONE,
        Contact.AttemptResult.NO_ANSWER,
        "Called {name} at {hour}; no answer and no voicemail set up.",
        "I will try again tomorrow morning, when {name} usually answers.",
    ),
    (
        Method.PHONE,
        Contact.AttemptResult.MESSAGE,
        "Called {name} at {hour} and left a short message asking for a call back.",
        "I will text on {day} with two times to choose from.",
    ),
    (
        Method.TEXT,
        Contact.AttemptResult.NO_REPLY,
        "Texted {name} at {hour} to check in and offer a time this week; no reply yet.",
        "I will call on {day} and try a text again in the evening.",
    ),
    (
        Method.PHONE,
        Contact.AttemptResult.ANOTHER_TIME,
        "Called {name} at {hour}; {they} answered from work and asked to talk another time.",
        "I will call back on {day} after 5 pm, as {name} asked.",
    ),
    (
        Method.PHONE,
        Contact.AttemptResult.NOT_WORKING,
        'Called the number on file at {hour}; a recording said "not in service".',
        "I will ask at the drop-in center and the library for a new number, and send a "
        "letter to the mailing address on file.",
    ),
)
OUTREACH_ATTEMPT = (
    "Looked for {name} at {place} during the outreach round at {hour}; not there today. "
    "Asked the staff to pass on that the team came by.",
    "I will look for {name} at the drop-in center on the next outreach round.",
)
DROP_IN_ATTEMPT = (
    "Stopped by {place} at {hour}, hoping to catch {name} there; not there today. Left word "
    "with the front desk that the team came by.",
    "I will send a letter with two times to meet, and stop by again on {day}.",
)
MISSED_HOME = (
    "Knocked at {their} home at {hour} for the visit we set; no one answered. Left a note "
    "with the team's number on the door.",
    "I will call on {day} to find a time that works better.",
)
MISSED_ATTEMPT = (
    "Waited at {place} from {hour} for the meeting we set; {name} did not come. Called "
    "afterwards and left a short message.",
    "I will call on {day} to find a time that works better.",
)

# How each program usually meets people: (method, weight).
METHODS: dict[str, tuple[tuple[str, int], ...]] = {
    YOUTH: (
        (Method.IN_PERSON, 5),
        (Method.PHONE, 2),
        (Method.TEXT, 2),
        (Method.VIDEO, 1),
        (Method.GROUP, 1),
    ),
    HOUSING: (
        (Method.OUTREACH, 4),
        (Method.IN_PERSON, 3),
        (Method.HOME_VISIT, 2),
        (Method.PHONE, 1),
    ),
    RESETTLEMENT: (
        (Method.HOME_VISIT, 3),
        (Method.IN_PERSON, 3),
        (Method.PHONE, 2),
        (Method.VIDEO, 1),
    ),
}
MINUTES: dict[str, tuple[int, int]] = {
    Method.IN_PERSON: (30, 90),
    Method.PHONE: (10, 30),
    Method.TEXT: (5, 15),
    Method.VIDEO: (20, 50),
    Method.OUTREACH: (15, 45),
    Method.HOME_VISIT: (45, 90),
    Method.GROUP: (60, 120),
    Method.EMAIL: (5, 15),
}
# Working hours, local time: (first hour, last hour) a meeting starts.
HOURS = {YOUTH: (10, 17), HOUSING: (7, 15), RESETTLEMENT: (9, 18)}
IN_PERSON = (Method.IN_PERSON, Method.HOME_VISIT, Method.OUTREACH, Method.GROUP)
SECTION_ORDER = tuple(key for key, _, _ in NOTE_SECTIONS)


@dataclass(frozen=True)
class Who:
    """How a note refers to a participant: the name they go by, and their pronouns."""

    name: str  # in full
    pronouns: str = ""
    languages: str = ""

    @property
    def short(self) -> str:
        """The first name, where that is safe to tell; otherwise the whole name (Burmese
        and Karen names have no family name, and "Naw" and "Saw" are honorifics)."""
        parts = self.name.split()
        whole = len(parts) != 2 or parts[0] in ("Naw", "Saw")
        if whole or any(lang in self.languages for lang in ("Burmese", "Karen")):
            return self.name
        return parts[0]

    def first_in_full(self, sections: dict[str, str]) -> dict[str, str]:
        """The first mention of the person in a note gives their whole name."""
        if self.short == self.name:
            return sections
        mention = re.compile(rf"(?<!\w){re.escape(self.short)}(?!\w)")
        for key in SECTION_ORDER:
            text = sections.get(key, "")
            if mention.search(text):
                sections[key] = mention.sub(self.name, text, count=1)
                break
        return sections

    @property
    def words(self) -> dict[str, str]:
        first = self.pronouns.split("/")[0].strip().lower() if self.pronouns else ""
        they, them, their = {"she": ("she", "her", "her"), "he": ("he", "him", "his")}.get(
            first, ("they", "them", "their")
        )
        plural = they == "they"
        return {
            "name": self.short,
            "they": they,
            "They": they.capitalize(),
            "them": them,
            "their": their,
            "Their": their.capitalize(),
            "is": "are" if plural else "is",
            "has": "have" if plural else "has",
            "was": "were" if plural else "was",
        }


# How a place reads after "at" in a sentence, where that differs from its name.
AT_PLACE = {
    "Harbor Youth Works, second floor": "the Harbor Youth Works office",
    "Training site on Front Street": "the training site on Front Street",
    "Rec center on Dock Street": "the rec center on Dock Street",
    "Fifth Street drop-in center": "the Fifth Street drop-in center",
    "Home Base office, 120 Front Street": "the Home Base office",
    "Harbor Street bus depot": "the Harbor Street bus depot",
    "Riverside path by the boathouse": "the Riverside path by the boathouse",
    "St. Brigid's hot meal": "the hot meal at St. Brigid's",
    "New Roots office": "the New Roots office",
    "Social Security office, Market Street": "the Social Security office on Market Street",
    "Community room, Elm Court apartments": "the community room at Elm Court",
}


def at_place(detail: str) -> str:
    return AT_PLACE.get(detail, detail)


def fill(template: str, who: Who, **extra: str) -> str:
    return template.format_map({**who.words, **extra})


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _hour(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return local.strftime("%I:%M %p").lstrip("0").lower().replace(":00", "")


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A}, {local:%B} {local.day}, at {_hour(moment)}"


def _day_name(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%A}"


def _on_the_hour(moment: datetime) -> bool:
    """A time someone would set for a meeting: working hours, on the quarter hour."""
    local = timezone.localtime(moment)
    return 8 <= local.hour <= 18 and local.minute % 15 == 0 and not local.second


def _weekday_after(moment: datetime, days: int) -> datetime:
    later = moment + timedelta(days=days)
    while timezone.localtime(later).weekday() >= 5:
        later += timedelta(days=1)
    return later


# ---------------------------------------------------------------------------
# What happened, before any words are written
# ---------------------------------------------------------------------------


@dataclass
class Event:
    """One contact or attempt, planned."""

    at: datetime
    completed: bool
    method: str
    place: str = ""
    place_detail: str = ""
    minutes: int | None = None
    result: str = ""
    present: str = ""
    appointment: Appointment | None = None
    draft: bool = False
    overdue: bool = False
    late: bool = False
    next_meeting: datetime | None = None


@dataclass
class Story:
    """One enrollment's history, and what is planned ahead."""

    enrollment: Enrollment
    key: str  # program key: youth, housing, resettlement
    staff: User
    who: Who
    events: list[Event] = field(default_factory=list)
    ahead: list[Appointment] = field(default_factory=list)
    goals: list[tuple[Goal, list[Step], list[str]]] = field(default_factory=list)
    plan_id: int | None = None
    plan_from: datetime | None = None


@dataclass
class Counts:
    contacts: int = 0
    attempts: int = 0
    notes: int = 0
    signed: int = 0
    late: int = 0
    drafts: int = 0
    overdue: int = 0
    addenda: int = 0
    links: int = 0
    private: int = 0
    upcoming: int = 0
    invited: int = 0
    missed: int = 0
    open_commitments: int = 0
    kept_commitments: int = 0
    flagged: int = 0
    many_attempts: int = 0
    enrollments: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class NoteSeeder:
    def __init__(
        self,
        *,
        rng: random.Random,
        program_keys: dict[int, str],
        fallback: dict[str, User],
        now: datetime,
    ) -> None:
        self.rng = rng
        self.program_keys = program_keys
        self.fallback = fallback
        self.now = now
        self.zone = timezone.get_current_timezone()
        self.counts = Counts()
        self.coach = default_coach()
        self.hurried: set[int] = set()

    # -- time -----------------------------------------------------------------

    def _at(self, day: date, key: str) -> datetime:
        low, high = HOURS[key]
        minute = self.rng.choice([0, 0, 15, 30, 30, 45])
        return datetime.combine(day, time(self.rng.randint(low, high), minute), tzinfo=self.zone)

    def _workday(self, day: date, key: str) -> date:
        """Weekdays only, except for street outreach, which goes out every day."""
        while key != HOUSING and day.weekday() >= 5:
            day -= timedelta(days=1)
        return day

    def _between(self, after: datetime, before: datetime, key: str) -> datetime | None:
        """A working-hours moment strictly between two others, if there is one."""
        first = timezone.localtime(after).date()
        last = timezone.localtime(before).date()
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self.rng.shuffle(days)
        for day in days:
            moment = self._at(day, key)
            if after + timedelta(hours=2) < moment < before - timedelta(minutes=30):
                return moment
        return None

    # -- planning ---------------------------------------------------------------

    def _meeting(self, key: str, story: Story, at: datetime) -> tuple[str, str, str, int]:
        """How a completed contact happened: (method, place, detail, minutes)."""
        rng = self.rng
        methods, weights = zip(*METHODS[key], strict=True)
        method = rng.choices(methods, weights)[0]
        e = story.enrollment
        if e.exited_on is not None and timezone.localtime(at).date() >= e.exited_on:
            method = Method.PHONE if rng.random() < 0.6 else Method.IN_PERSON
        if not 7 <= timezone.localtime(at).hour < 21:
            method = Method.TEXT  # late at night or early in the morning: a text exchange
        method = self._reachable(story, method)
        if method == Method.HOME_VISIT and e.status in (Status.INQUIRY, Status.ELIGIBILITY):
            method = Method.IN_PERSON
        if method == Method.GROUP and e.status != Status.ENROLLED:
            method = Method.IN_PERSON
        pools = VOICES[key]
        place: str = Place.REMOTE
        detail = ""
        if method in (Method.IN_PERSON, Method.GROUP):
            place, detail = rng.choice(pools.places)
        elif method == Method.OUTREACH:
            place, detail = rng.choice(pools.outreach_places)
        elif method == Method.HOME_VISIT:
            place, detail = Place.HOME, ""
        low, high = MINUTES[method]
        return method, place, detail, rng.randint(low, high)

    def _reachable(self, story: Story, method: str) -> str:
        """A way this person can be reached: no calls to someone who only texts, no texts
        to someone without a phone (they are met where they are)."""
        kinds = {c.kind for c in story.enrollment.participant.contacts.all()}
        if method == Method.PHONE and "phone" not in kinds:
            method = Method.TEXT
        if method == Method.TEXT and "text" not in kinds and "phone" not in kinds:
            method = Method.OUTREACH if story.key == HOUSING else Method.IN_PERSON
        return method

    def _present(self, story: Story, method: str) -> str:
        person = story.enrollment.participant
        languages = person.language_list
        if method in (Method.TEXT, Method.EMAIL):
            return ""
        if any("Sign Language" in lang for lang in languages):
            return "ASL interpreter"
        if languages and not any("English" in lang for lang in languages):
            if method in (Method.PHONE, Method.VIDEO):
                return f"{languages[0]} interpreter, on the call"
            how = "by phone" if self.rng.random() < 0.6 else "in person"
            return f"{languages[0]} interpreter, {how}"
        if method in IN_PERSON and self.rng.random() < 0.08:
            return self.rng.choice(PRESENT_OTHERS)
        return ""

    def _completed(self, story: Story, at: datetime) -> Event:
        method, place, detail, minutes = self._meeting(story.key, story, at)
        return Event(
            at=at,
            completed=True,
            method=method,
            place=place,
            place_detail=detail,
            minutes=minutes,
            present=self._present(story, method),
        )

    def _attempt(self, story: Story, at: datetime) -> Event:
        rng = self.rng
        if story.key == HOUSING and rng.random() < 0.35:
            place, detail = rng.choice(VOICES[HOUSING].outreach_places)
            return Event(
                at=at,
                completed=False,
                method=Method.OUTREACH,
                place=place,
                place_detail=detail,
                minutes=rng.randint(10, 25),
                result=Contact.AttemptResult.NOT_THERE,
            )
        weights = [
            weight if self._reachable(story, attempt[0]) == attempt[0] else 0
            for weight, attempt in zip(
                (5, 3, 4, 1, 1 if story.key == HOUSING else 0), ATTEMPTS, strict=True
            )
        ]
        if not any(weights):
            # No phone to try: look for them where they are usually found.
            spots = VOICES[HOUSING].outreach_places if story.key == HOUSING else None
            place, detail = rng.choice(spots or VOICES[story.key].places)
            return Event(
                at=at,
                completed=False,
                method=Method.OUTREACH if story.key == HOUSING else Method.IN_PERSON,
                place=place,
                place_detail=detail,
                minutes=rng.randint(10, 25),
                result=Contact.AttemptResult.NOT_THERE,
            )
        method, result, _, _ = rng.choices(ATTEMPTS, weights)[0]
        minutes = 2 if method == Method.PHONE else None
        return Event(
            at=at,
            completed=False,
            method=method,
            place=Place.REMOTE,
            minutes=minutes,
            result=result,
        )

    def _appointment(
        self, story: Story, starts_at: datetime, status: str, created_at: datetime
    ) -> Appointment:
        rng = self.rng
        pools = VOICES[story.key]
        e = story.enrollment
        settled = story.key == HOUSING and e.phase in ("Move-in", "Stabilization")
        place: str
        method: str
        if settled or (story.key == RESETTLEMENT and rng.random() < 0.4):
            method, place, detail = Method.HOME_VISIT, Place.HOME, ""
        else:
            place, detail = rng.choice(pools.places)
            method = Method.IN_PERSON
        return Appointment(
            organization_id=e.organization_id,
            enrollment=e,
            participant_id=e.participant_id,
            starts_at=starts_at,
            minutes=rng.choice([30, 45, 60, 60, 90]),
            method=method,
            place=place,
            place_detail=detail,
            purpose=rng.choice(
                EARLY_PURPOSES
                if e.status in (Status.INQUIRY, Status.ELIGIBILITY)
                else pools.purposes + SHARED.purposes
            ),
            others=self._present(story, method),
            staff=story.staff,
            status=status,
            created_by=story.staff,
            created_at=min(created_at, starts_at),
        )

    def plan(self, story: Story, *, many: bool, missed_now: bool) -> None:
        """Fill in the story's events (oldest first) and appointments ahead."""
        rng = self.rng
        e = story.enrollment
        key = story.key
        every = max(1, e.program.contact_every_days)
        start = datetime.combine(e.started_on, time(9), tzinfo=self.zone)
        floor = max(start, self.now - timedelta(days=HISTORY_DAYS))
        events: list[Event] = []
        last = e.last_contact_at
        if last is not None:
            completed = [last]
            moment = last
            while len(completed) < MOST_CONTACTS:
                gap = timedelta(days=max(1.0, every * rng.uniform(0.45, 1.05)))
                day = self._workday(timezone.localtime(moment - gap).date(), key)
                earlier = self._at(day, key)
                if earlier < floor or earlier >= moment - timedelta(hours=20):
                    break
                completed.append(earlier)
                moment = earlier
            completed.reverse()
            prior: Event | None = None
            for at in completed:
                event = self._completed(story, at)
                if prior is not None:
                    # Now and then an attempt, or a missed appointment, came first.
                    roll = rng.random()
                    when = self._between(prior.at, at, key) if roll < 0.25 else None
                    if when is not None and roll < 0.025:
                        prior.next_meeting = when
                        events.append(self._missed(story, when, prior.at))
                    elif when is not None:
                        events.append(self._attempt(story, when))
                    elif event.method in IN_PERSON and _on_the_hour(at) and rng.random() < 0.35:
                        # A meeting set at the one before, and kept.
                        kept = self._appointment(story, at, Appointment.Status.KEPT, prior.at)
                        kept.method, kept.place, kept.place_detail = (
                            event.method,
                            event.place,
                            event.place_detail,
                        )
                        kept.status_by = story.staff
                        event.appointment = kept
                        prior.next_meeting = at
                events.append(event)
                prior = event
        # Since the last contact (or the start): attempts, perhaps a missed meeting.
        since = last or start
        room = (self.now - since).days
        tries = 0
        if many and room >= 4:
            tries = rng.randint(3, 4)
        elif room >= 3 and rng.random() < (0.5 if room > every else 0.2):
            tries = rng.randint(1, 2)
        moments: list[datetime] = []
        for _ in range(tries * 3):
            if len(moments) == tries:
                break
            when = self._between(since, self.now, key)
            if when is not None and all(abs(when - m) > timedelta(hours=20) for m in moments):
                moments.append(when)
        moments.sort()
        if missed_now and room >= 3:
            when = self._between(since, self.now - timedelta(hours=3), key)
            if when is not None:
                if events and events[-1].completed:
                    events[-1].next_meeting = when
                events.append(self._missed(story, when, since))
        events.extend(self._attempt(story, when) for when in moments)
        events.sort(key=lambda ev: ev.at)
        story.events = events
        self._ahead(story)

    def _missed(self, story: Story, when: datetime, booked: datetime) -> Event:
        appointment = self._appointment(story, when, Appointment.Status.MISSED, booked)
        appointment.status_by = story.staff
        return Event(
            at=when,
            completed=False,
            method=appointment.method,
            place=appointment.place,
            place_detail=appointment.place_detail,
            minutes=20,
            result=Contact.AttemptResult.NOT_THERE,
            appointment=appointment,
        )

    def _ahead(self, story: Story) -> None:
        """Appointments in the next two weeks; the last completed note set the first."""
        rng = self.rng
        e = story.enrollment
        if e.status == Status.INQUIRY and rng.random() < 0.6:
            return
        if rng.random() > 0.75:
            return
        today = timezone.localtime(self.now).date()
        count = 2 if rng.random() < 0.15 else 1
        # Within two weeks whatever today is: programs other than housing meet on weekdays.
        candidates = [today + timedelta(days=n) for n in range(1, 15)]
        if story.key != HOUSING:
            candidates = [d for d in candidates if d.weekday() < 5]
        for n, day in enumerate(sorted(rng.sample(candidates, count))):
            starts = self._at(day, story.key)
            last_done = next((ev for ev in reversed(story.events) if ev.completed), None)
            booked = last_done.at if last_done is not None else self.now - timedelta(days=1)
            appointment = self._appointment(story, starts, Appointment.Status.SCHEDULED, booked)
            recent = last_done is not None and (self.now - last_done.at).days <= 14
            if n == 0 and last_done is not None and recent and last_done.next_meeting is None:
                last_done.next_meeting = starts
            story.ahead.append(appointment)

    # -- words --------------------------------------------------------------------

    def _opening(self, story: Story, ev: Event) -> str:
        who = story.who
        where = f"at {at_place(ev.place_detail)}" if ev.place_detail else ""
        minutes = f"{ev.minutes} minutes" if ev.minutes else "a few minutes"
        openings: dict[str, str] = {
            Method.IN_PERSON: f"Met with {{name}} {where} for {minutes}.",
            Method.PHONE: f"Spoke with {{name}} by phone for {minutes}.",
            Method.TEXT: f"Exchanged text messages with {{name}} over about {minutes}.",
            Method.VIDEO: f"Met with {{name}} by video call for {minutes}.",
            Method.OUTREACH: f"Found {{name}} {where} on the outreach round; we "
            f"talked for {minutes}.",
            Method.HOME_VISIT: f"Visited {{name}} at home for {minutes}.",
            Method.GROUP: f"{{name}} joined the group session {where} ({minutes}).",
            Method.EMAIL: "Traded emails with {name} about next steps.",
        }
        text = " ".join(openings[ev.method].split())
        if ev.present:
            text += f" Also there: {ev.present}."
        return fill(text, who)

    def _plain(self, sentence: str) -> bool:
        """Whether the writing coach has nothing to say about a sentence (the words of a
        plan are the participant's and the navigator's; not all were written for a note)."""
        return not self.coach.check_text("objective", sentence)

    def _pick(self, pool: Sequence[str], k: int) -> list[str]:
        return self.rng.sample(list(pool), min(k, len(pool)))

    def _sections(
        self,
        story: Story,
        ev: Event,
        linked: tuple[Goal, Step | None] | None,
        promise: str | None,
    ) -> dict[str, str]:
        rng = self.rng
        who = story.who
        pools = VOICES[story.key]
        e = story.enrollment
        if not ev.completed:
            if ev.appointment is not None and ev.place == Place.HOME:
                did, then = MISSED_HOME
            elif ev.appointment is not None:
                did, then = MISSED_ATTEMPT
            elif ev.method == Method.IN_PERSON:
                did, then = DROP_IN_ATTEMPT
            elif ev.method == Method.OUTREACH:
                did, then = OUTREACH_ATTEMPT
            else:
                did, then = next(
                    (a[2], a[3]) for a in ATTEMPTS if (a[0], a[1]) == (ev.method, ev.result)
                )
            retry = _weekday_after(ev.at, rng.randint(1, 3))
            place = at_place(ev.place_detail) or (
                fill("{their} home", who) if ev.place == Place.HOME else "the place we agreed"
            )
            return who.first_in_full(
                {
                    "objective": fill(did, who, hour=_hour(ev.at), place=place),
                    "plan": fill(then, who, day=_day_name(retry)),
                }
            )
        early = e.status in (Status.INQUIRY, Status.ELIGIBILITY) or (
            e.enrolled_on is not None and timezone.localtime(ev.at).date() < e.enrolled_on
        )
        after_exit = e.exited_on is not None and timezone.localtime(ev.at).date() >= e.exited_on
        if early:
            middle = self._pick(EARLY_OBJECTIVE, 2)
        elif after_exit:
            middle = self._pick(FOLLOW_UP_OBJECTIVE, 1)
        else:
            middle = self._pick(pools.objective, rng.randint(2, 3))
        objective = [self._opening(story, ev), *(fill(s, who) for s in middle)]
        if linked is not None:
            goal, step = linked
            said = fill(rng.choice(GOAL_WORDS), who, goal=_lower_first(goal.text))
            objective.append(said if self._plain(said) else "We worked on a goal from the plan.")
            if step is not None:
                said = fill(rng.choice(STEP_WORDS), who, step=_lower_first(step.what))
                objective.append(said if self._plain(said) else "One of its steps came up.")
        strengths = " ".join(
            fill(s, who) for s in self._pick(pools.strengths + SHARED.strengths, rng.randint(1, 2))
        )
        assessment = " ".join(
            fill(s, who)
            for s in self._pick(pools.assessment + SHARED.assessment, rng.randint(1, 2))
        )
        quote = rng.choice(pools.their_words + SHARED.their_words)
        view = f'"{quote}"'
        if rng.random() < 0.5:
            view += " " + fill(rng.choice(VIEW_AFTER), who)
        plan = [fill(s, who) for s in self._pick(pools.steps + SHARED.steps, rng.randint(1, 2))]
        if promise is not None:
            plan.append(f"I will {_lower_first(promise)}.")
        if ev.next_meeting is not None:
            plan.append(f"Next meeting: {_when(ev.next_meeting)}.")
        else:
            retry = _weekday_after(ev.at, rng.randint(1, 3))
            plan.append(fill(rng.choice(NO_MEETING_YET), who, day=_day_name(retry)))
        data = rng.choice(pools.data + SHARED.data * 2)
        return who.first_in_full(
            {
                "strengths": strengths,
                "objective": " ".join(objective),
                "assessment": assessment,
                "participant_view": view,
                "plan": " ".join(plan),
                "data": data,
            }
        )

    def _draft_words(self, sections: dict[str, str], story: Story, ev: Event) -> dict[str, str]:
        """A draft is often half written, and written in a hurry."""
        rng = self.rng
        if not ev.completed:
            return sections
        if rng.random() < 0.5 and "I will" not in sections["plan"]:
            sections = {k: v for k, v in sections.items() if k in ("strengths", "objective")}
        # Each writer's first draft was written in a hurry, so the coach has something to
        # show whoever signs in; later ones now and then.
        first = story.staff.pk not in self.hurried
        if first or rng.random() < 0.3:
            self.hurried.add(story.staff.pk)
            sections["objective"] += " " + fill(rng.choice(HURRIED), story.who)
            self.counts.flagged += 1
        return sections

    # -- signing --------------------------------------------------------------------

    def _signing(self, ev: Event, due: datetime, logged: datetime) -> tuple[datetime, bool] | None:
        """When the note was signed and whether that was late; None while it is a draft."""
        rng = self.rng
        if ev.draft:
            return None
        latest = self.now - timedelta(minutes=5)
        if ev.late:
            signed = due + timedelta(hours=rng.uniform(2, 96))
            if signed < latest:
                return signed, True
        window = min(due, latest) - logged
        if window <= timedelta(0):
            return None
        signed = logged + window * rng.uniform(0.05, 0.9)
        return signed, False

    # -- the whole thing ------------------------------------------------------------

    def stories(self, enrollments: Sequence[Enrollment]) -> list[Story]:
        active = [e for e in enrollments if e.status in CASELOAD_STATUSES]
        found: list[Story] = []
        for e in active:
            key = self.program_keys[e.program_id]
            staff = e.navigator or self.fallback[key]
            person = e.participant
            pronouns = "" if person.declined_field("pronouns") else person.pronouns
            who = Who(person.preferred_name, pronouns, person.languages)
            found.append(Story(e, key, staff, who))
        self._plans(found)
        return found

    def _plans(self, stories: list[Story]) -> None:
        """Each story's plan in force, with its goals, steps and private categories."""
        by_enrollment = {s.enrollment.pk: s for s in stories}
        versions = PlanVersion.objects.filter(plan__enrollment_id__in=list(by_enrollment))
        chosen: dict[int, PlanVersion] = {}
        for version in versions.select_related("plan").order_by("plan_id", "number"):
            current = chosen.get(version.plan.enrollment_id)
            acknowledged = version.status == PlanVersion.Status.ACKNOWLEDGED
            if current is None or acknowledged or current.status != "acknowledged":
                chosen[version.plan.enrollment_id] = version
        goals = Goal.objects.filter(version__in=chosen.values()).order_by("position", "pk")
        steps: dict[int, list[Step]] = {}
        for step in Step.objects.filter(version__in=chosen.values()).order_by("position", "pk"):
            steps.setdefault(step.goal_id, []).append(step)
        private: dict[int, list[str]] = {}
        links = GoalNeed.objects.filter(version__in=chosen.values()).values_list(
            "goal_id", "need__domain"
        )
        for goal_id, domain in links:
            if domain in SENSITIVE_DOMAINS:
                private.setdefault(goal_id, []).append(domain)
        by_version = {v.pk: v for v in chosen.values()}
        for goal in goals:
            version = by_version[goal.version_id]
            story = by_enrollment[version.plan.enrollment_id]
            story.plan_id = version.plan_id
            story.plan_from = version.created_at
            story.goals.append((goal, steps.get(goal.pk, []), private.get(goal.pk, [])))

    def choose(self, stories: list[Story]) -> None:
        """Who has many attempts or a missed meeting now; which notes are late or drafts."""
        rng = self.rng
        long_quiet = [
            s
            for s in stories
            if (self.now - (s.enrollment.last_contact_at or self.now)).days >= 6
            and s.enrollment.status != Status.FOLLOW_UP
        ]
        many = {id(s) for s in rng.sample(long_quiet, min(MANY_ATTEMPTS, len(long_quiet)))}
        rest = [s for s in long_quiet if id(s) not in many]
        missed = {id(s) for s in rng.sample(rest, min(MISSED_NOW, len(rest)))}
        for story in stories:
            self.plan(story, many=id(story) in many, missed_now=id(story) in missed)
        recent: dict[int, list[Event]] = {}  # by navigator: notes whose window just closed
        for story in stories:
            hours = story.enrollment.program.note_due_hours
            for ev in story.events:
                due = note_due(ev.at, hours)
                if due > self.now:
                    ev.draft = rng.random() < 0.5  # still within the window
                elif (self.now - ev.at).days <= 12 and story.enrollment.navigator_id:
                    recent.setdefault(story.staff.pk, []).append(ev)
                    ev.late = rng.random() < 0.15
                else:
                    ev.late = rng.random() < 0.1
        # Overdue drafts: first one note of a meeting per navigator, so that each has one
        # to finish (and the coach has words to show them), then a few more.
        overdue: list[Event] = []
        for pk in sorted(recent):
            met = [ev for ev in recent[pk] if ev.completed]
            if met and len(overdue) < OVERDUE_DRAFTS:
                overdue.append(rng.choice(met))
        chosen = {id(ev) for ev in overdue}
        others = [ev for pk in sorted(recent) for ev in recent[pk] if id(ev) not in chosen]
        overdue += rng.sample(others, max(0, min(OVERDUE_DRAFTS - len(overdue), len(others))))
        for ev in overdue:
            ev.draft, ev.late, ev.overdue = True, False, True

    def write(self, enrollments: Sequence[Enrollment]) -> dict[str, int]:
        rng = self.rng
        stories = self.stories(enrollments)
        self.choose(stories)
        counts = self.counts

        past = [ev.appointment for s in stories for ev in s.events if ev.appointment is not None]
        for appointment in past:
            # Recorded kept or missed when the contact was logged.
            appointment.status_at = appointment.starts_at + timedelta(minutes=rng.randint(30, 90))
            appointment.status_at = min(appointment.status_at, self.now)
        Appointment.objects.bulk_create(past)

        contacts: list[Contact] = []
        notes: list[Note] = []
        links: list[NoteLink] = []
        to_sign: list[tuple[Note, User, datetime, bool]] = []
        promises: list[tuple[Story, Note, str, datetime]] = []
        for story in stories:
            e = story.enrollment
            hours = e.program.note_due_hours
            last_done = next((ev for ev in reversed(story.events) if ev.completed), None)
            for ev in story.events:
                logged = ev.at + timedelta(minutes=(ev.minutes or 5) + rng.randint(5, 120))
                logged = max(ev.at, min(logged, self.now - timedelta(minutes=10)))
                contact = Contact(
                    organization_id=e.organization_id,
                    enrollment=e,
                    participant_id=e.participant_id,
                    outcome=(
                        Contact.Outcome.COMPLETED if ev.completed else Contact.Outcome.ATTEMPTED
                    ),
                    method=ev.method,
                    happened_at=ev.at,
                    minutes=ev.minutes,
                    place=ev.place,
                    place_detail=ev.place_detail,
                    present=ev.present,
                    attempt_result=ev.result,
                    appointment=ev.appointment,
                    logged_by=story.staff,
                    logged_at=logged,
                )
                contacts.append(contact)
                linked: tuple[Goal, Step | None] | None = None
                private: list[str] = []
                if (
                    ev.completed
                    and story.goals
                    and story.plan_from is not None
                    and ev.at > story.plan_from
                    and rng.random() < 0.7
                ):
                    goal, steps, domains = rng.choice(story.goals)
                    step = rng.choice(steps) if steps and rng.random() < 0.3 else None
                    linked = (goal, step)
                    private = [c for c in SENSITIVE_CATEGORIES if c in domains]
                promise = None
                if ev.completed and rng.random() < (0.6 if ev is last_done else 0.25):
                    promise = rng.choice(VOICES[story.key].promises)
                sections = self._sections(story, ev, linked, promise)
                due = note_due(ev.at, hours)
                signing = self._signing(ev, due, logged)
                if signing is None:
                    sections = self._draft_words(sections, story, ev)
                note = Note(
                    organization_id=e.organization_id,
                    contact=contact,
                    enrollment=e,
                    participant_id=e.participant_id,
                    status=Note.Status.DRAFT,
                    next_meeting_at=ev.next_meeting if ev.completed else None,
                    sensitive_categories=private,
                    author=story.staff,
                    created_at=logged,
                    updated_by=story.staff,
                    updated_at=logged,
                    edit_version=rng.randint(1, 4),
                    due_at=due,
                    **sections,
                )
                if signing is not None:
                    signed_at, late = signing
                    note.updated_at = signed_at
                    note.edit_version += 1
                    if linked is None:
                        # Nothing to add while it is a draft: in it goes, signed.
                        note.status = Note.Status.SIGNED
                        note.signed_by, note.signed_at, note.signed_late = (
                            story.staff,
                            signed_at,
                            late,
                        )
                    else:
                        to_sign.append((note, story.staff, signed_at, late))
                    counts.signed += 1
                    counts.late += late
                else:
                    counts.drafts += 1
                    counts.overdue += due < self.now
                if linked is not None:
                    assert story.plan_id is not None
                    goal, step = linked
                    links.append(
                        NoteLink(
                            note=note,
                            plan_id=story.plan_id,
                            kind=NoteLink.Kind.GOAL,
                            goal_key=goal.key,
                            item_key=goal.key,
                        )
                    )
                    if step is not None:
                        links.append(
                            NoteLink(
                                note=note,
                                plan_id=story.plan_id,
                                kind=NoteLink.Kind.STEP,
                                goal_key=goal.key,
                                item_key=step.key,
                            )
                        )
                    counts.private += bool(private)
                if promise is not None:
                    promises.append((story, note, promise, logged))
                notes.append(note)
                counts.contacts += 1
                counts.attempts += not ev.completed
                counts.missed += ev.appointment is not None and not ev.completed
        Contact.objects.bulk_create(contacts, batch_size=500)
        Note.objects.bulk_create(notes, batch_size=500)
        # Goal links go in while their notes are drafts; then those notes are signed.
        NoteLink.objects.bulk_create(links, batch_size=500)
        for note, by, signed_at, late in to_sign:
            note.status = Note.Status.SIGNED
            note.signed_by, note.signed_at, note.signed_late = by, signed_at, late
        Note.objects.bulk_update(
            [n for n, _, _, _ in to_sign],
            ["status", "signed_by", "signed_at", "signed_late"],
            batch_size=200,
        )
        counts.notes = len(notes)
        counts.links = len(links)

        self._addenda(stories, notes)
        self._upcoming(stories, notes)
        self._commitments(promises)
        counts.enrollments = len(stories)
        counts.many_attempts = 0
        for story in stories:
            refresh_signals(story.enrollment)
            counts.many_attempts += story.enrollment.attempts_in_row >= 3
        return counts.as_dict()

    def _addenda(self, stories: list[Story], notes: list[Note]) -> None:
        rng = self.rng
        who = {s.enrollment.pk: s.who for s in stories}
        signed = [n for n in notes if n.status == Note.Status.SIGNED and not n.contact.attempted]
        rows = []
        for note in rng.sample(signed, min(ADDENDA, len(signed))):
            assert note.signed_at is not None
            written = note.signed_at + timedelta(hours=rng.uniform(1, 72))
            rows.append(
                Addendum(
                    note=note,
                    text=fill(rng.choice(ADDENDUM_WORDS), who[note.enrollment_id]),
                    written_by=note.author,
                    written_at=min(written, self.now - timedelta(minutes=5)),
                )
            )
        Addendum.objects.bulk_create(rows)
        self.counts.addenda = len(rows)

    def _upcoming(self, stories: list[Story], notes: list[Note]) -> None:
        rng = self.rng
        set_by = {
            (n.enrollment_id, n.next_meeting_at): n for n in notes if n.next_meeting_at is not None
        }
        rows: list[Appointment] = []
        for story in stories:
            person = story.enrollment.participant
            safe_email = invitation_address(person) is not None
            for appointment in story.ahead:
                appointment.from_note = set_by.get((story.enrollment.pk, appointment.starts_at))
                appointment.invited = safe_email and rng.random() < 0.7
                rows.append(appointment)
                if rng.random() < 0.03:
                    # Moved once already: the first time was cancelled.
                    first = self._appointment(
                        story,
                        appointment.starts_at - timedelta(days=2),
                        Appointment.Status.CANCELLED,
                        appointment.created_at,
                    )
                    first.status_reason = rng.choice(CANCEL_REASONS)
                    first.status_by = story.staff
                    first.status_at = min(self.now, first.starts_at) - timedelta(hours=20)
                    rows.append(first)
        Appointment.objects.bulk_create(rows)
        scheduled = [a for a in rows if a.status == Appointment.Status.SCHEDULED]
        self.counts.upcoming = len(scheduled)
        self.counts.invited = sum(a.invited for a in scheduled)

    def _commitments(self, promises: list[tuple[Story, Note, str, datetime]]) -> None:
        rng = self.rng
        today = timezone.localtime(self.now).date()
        rows = []
        latest: dict[int, Note] = {}
        for story, note, _, _ in promises:
            current = latest.get(story.enrollment.pk)
            if current is None or note.contact.happened_at > current.contact.happened_at:
                latest[story.enrollment.pk] = note
        for story, note, what, made in promises:
            age = (self.now - made).days
            due_on = timezone.localtime(made).date() + timedelta(days=rng.randint(2, 7))
            kept = latest[story.enrollment.pk] is not note and rng.random() < 0.85
            kept = kept or (age > 10 and rng.random() < 0.7)
            row = Commitment(
                organization_id=story.enrollment.organization_id,
                enrollment=story.enrollment,
                participant_id=story.enrollment.participant_id,
                what=what,
                due_on=due_on,
                owner=story.staff,
                note=note,
                created_by=story.staff,
                created_at=made,
            )
            if kept:
                closed = made + timedelta(hours=rng.uniform(4, 24 * max(1, min(age, 6))))
                row.status = Commitment.Status.KEPT
                row.closed_by = story.staff
                row.closed_at = min(closed, self.now - timedelta(minutes=5))
            elif due_on < today - timedelta(days=7):
                row.status = Commitment.Status.RELEASED
                row.closed_reason = "Sorted out another way; no longer needed"
                row.closed_by = story.staff
                row.closed_at = self.now - timedelta(days=rng.randint(1, 3))
            rows.append(row)
        Commitment.objects.bulk_create(rows)
        self.counts.open_commitments = sum(r.status == Commitment.Status.OPEN for r in rows)
        self.counts.kept_commitments = sum(r.status == Commitment.Status.KEPT for r in rows)


def seed_contacts_and_notes(
    *,
    rng: random.Random,
    enrollments: Sequence[Enrollment],
    program_keys: dict[int, str],
    fallback: dict[str, User],
    now: datetime,
) -> dict[str, int]:
    """Add contacts, notes, appointments and commitments to the active ones among
    ``enrollments`` (with program, participant and its contact methods, and navigator
    loaded), then refresh their signals. ``program_keys`` maps a program to the words
    it uses (youth, housing, resettlement); ``fallback`` names who writes the notes
    where no navigator is assigned. Returns counts for the summary."""
    seeder = NoteSeeder(rng=rng, program_keys=program_keys, fallback=fallback, now=now)
    return seeder.write(enrollments)


def long_note(
    rng: random.Random,
    words: int,
    who: Who,
    *,
    hurried_every: int = 0,
    hurried: Sequence[str] = HURRIED,
) -> dict[str, str]:
    """A long, lifelike note in the five coached sections, about ``words`` words, from the
    demo's sentences (for the bench). With ``hurried_every``, one sentence in that many
    comes from ``hurried`` (each in turn): words the coach points out."""
    share = {"strengths": 0.1, "objective": 0.4, "assessment": 0.25, "plan": 0.15, "data": 0.1}
    pools: dict[str, list[str]] = {key: [] for key in share}
    for voice in (*VOICES.values(), SHARED):
        pools["strengths"] += voice.strengths
        pools["objective"] += voice.objective
        pools["assessment"] += voice.assessment + tuple(f'"{q}"' for q in voice.their_words)
        pools["plan"] += voice.steps + tuple(f"I will {_lower_first(p)}." for p in voice.promises)
        pools["data"] += voice.data
    pools["objective"] += list(EARLY_OBJECTIVE + FOLLOW_UP_OBJECTIVE)
    sections: dict[str, str] = {}
    count = 0
    for key, part in share.items():
        sentences: list[str] = []
        size = 0
        while size < words * part:
            count += 1
            if hurried_every and count % hurried_every == 0:
                template = hurried[(count // hurried_every) % len(hurried)]  # each in turn
            else:
                template = rng.choice(pools[key])
            sentence = fill(template, who)
            sentences.append(sentence)
            size += len(sentence.split())
        sections[key] = "\n".join(
            " ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)
        )
    return sections


def summary(counts: dict[str, Any]) -> str:
    return (
        f"{counts['contacts']} contacts ({counts['attempts']} attempts, {counts['missed']} "
        f"missed appointments), {counts['notes']} notes ({counts['signed']} signed, "
        f"{counts['late']} of them late; {counts['drafts']} drafts, {counts['overdue']} "
        f"overdue), {counts['addenda']} addenda, {counts['links']} goal links, "
        f"{counts['upcoming']} appointments in the next two weeks ({counts['invited']} "
        f"invited), {counts['open_commitments']} open commitments "
        f"({counts['kept_commitments']} kept), {counts['many_attempts']} people with 3+ "
        "attempts in a row"
    )
