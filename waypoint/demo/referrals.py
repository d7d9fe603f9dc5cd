"""Consents to share and referrals for the demo (used by seed_demo).

About half of the people on a caseload have agreed to share something: most with a
partner in the resource directory whose services answer one of their needs, some with a
person (a landlord, a school counselor, an employer, a relative). Each consent names
what may be shared, why, how the person agreed (typed their name, said so aloud with a
colleague as witness, or signed a form) and until when. Some cover a sensitive part of
life that matches the need they are for; a few have already ended, about one in ten has
been revoked, and about ten end within the month, so navigators see them on their home.

Referrals go from a need to a service that answers it, under the consent for that
partner, and follow the paths real referrals take: received, accepted or waitlisted,
then connected and an outcome; declined for a reason, not eligible, withdrawn, or
unanswered until the daily sweep flags them; now and then a second try elsewhere after
a first one did not work out. Nobody has more than two open referrals. A few printed
referral packets are recorded as disclosures.

Everything is written through the actions the pages use (so it is audited), in the
order it happened. Afterwards the referrals, their steps and their follow-up tasks are
moved back to the days they happened over the last year. Consents and disclosures are
never changed once recorded (the database refuses it), so consents are given with
their real dates from the start and printed packets are recorded at the moment they
were printed. Revocations happen today: a revocation takes effect when it is recorded.
"""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from waypoint.accounts.models import WRITE_ROLES, Membership, Organization, Role, User
from waypoint.assessments.models import Need
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import SENSITIVE, Category, Consent, Disclosure
from waypoint.demo.notes import Who, fill
from waypoint.directory.models import Provider, Service
from waypoint.directory.queries import domains_of
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.models import Status as Journey
from waypoint.notes.models import Commitment
from waypoint.participants.models import Participant
from waypoint.referrals import actions as referral_actions
from waypoint.referrals import queries as referral_queries
from waypoint.referrals.models import CLOSED, OPEN, DeclineReason, Referral, ReferralEvent, Status

SHARE = 0.6  # of the people with a need a directory partner answers
NAMED = 16  # consents to share with a person rather than an organization
ENDED = 6  # consents that have already run out
ENDING_SOON = 10  # consents that end within the next 30 days
REVOKED = 0.09  # of all consents
PRINTED = 8  # referral packets printed to hand over
MET_SHARE = 0.3  # of the needs met since that came with a referral
MOST_OPEN = 2  # open referrals a person has at once, at most
OLDEST = 320  # days: referrals go back about a year
BASE_CATEGORIES = (
    ((Category.CONTACT, Category.ASSESSMENT), 45),
    ((Category.CONTACT, Category.ASSESSMENT, Category.PLAN), 25),
    ((Category.CONTACT, Category.PLAN), 20),
    ((Category.CONTACT,), 10),
)
TERMS = (6, 9, 12)  # months a consent usually runs

# ---------------------------------------------------------------------------
# Words. Placeholders as in notes.py ({name}, {they}, {their}, {is}, {has} …), and
# {provider}, {service}, {interpreter} (", with an interpreter in Dari", or nothing).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """What is said about a referral to one service, from consent to outcome."""

    purpose: str  # the consent's purpose: why the partner may have the information
    messages: tuple[str, ...]  # the navigator's note to the partner
    started: tuple[str, ...]  # when the service started
    outcomes: tuple[str, ...]  # how it went


SERVICE_WORDS: dict[str, Words] = {
    "Job search and career coaching": Words(
        "So {provider} can help {name} find steady work, with coaching and interview practice.",
        (
            "{name} is ready to work and has kept perfect attendance in our training. {They} "
            "would love coaching on interviews and help finding openings near the 12 bus line.",
            "{name} is looking for steady work with room to learn. {They} {has} two years of "
            "customer service behind {them} and great people skills.",
        ),
        (
            "{name} met {their} career coach and has a standing time on Tuesday mornings.",
            "{name} started the job search group and brought two applications to the first "
            "meeting.",
        ),
        (
            "{name} was hired at the distribution center on Route 9: full time, with benefits.",
            "{name} finished the coaching series and started at the grocery store on Front "
            "Street; {they} {is} already training a new hire.",
            "{name} accepted an offer as a kitchen helper at the hospital and starts on the "
            "day shift.",
        ),
    ),
    "Forklift and warehouse certification": Words(
        "So {provider} can enroll {name} in forklift and warehouse safety training.",
        (
            "{name} has wanted warehouse work for a while and studied the safety guide on "
            "{their} own. {They} can start with the next cohort and {has} steel-toe boots ready.",
            "{name} is reliable, good with {their} hands and ready for the two-week forklift "
            "cohort. Mornings work well.",
        ),
        ("{name} started the two-week cohort on Monday and was the first one there.",),
        (
            "{name} passed the forklift certification on the first try and has the card.",
            "{name} finished the training and was offered a job by one of the employers at "
            "the graduation.",
        ),
    ),
    "High school equivalency classes (GED and HiSET)": Words(
        "So {provider} can place {name} in a GED class that fits around work.",
        (
            "{name} has passed two of the four GED tests and would like help with math. "
            "Evenings work best, after {their} shift.",
            "{name} is determined to finish the GED this year and studies on the bus. {They} "
            "would like a class with a study group.",
        ),
        ("{name} took the placement test and joined the Tuesday and Thursday evening class.",),
        (
            "{name} passed the GED math test. Two more to go, and the dates are booked.",
            "{name} earned {their} GED; the whole class cheered.",
        ),
    ),
    "Computers, Wi-Fi and help with online forms": Words(
        "So {provider} can book time for {name} with a digital skills helper.",
        (
            "{name} would like help setting up an account to practice for the online tests, "
            "and a quiet place to study.",
        ),
        ("{name} has a standing Thursday hour in the computer lab.",),
        ("{name} now logs in, studies and books tests on {their} own.",),
    ),
    "Reduced-fare transit pass": Words(
        "So {provider} can process {name}'s reduced-fare pass application.",
        (
            "{name} rides two buses to training every day and qualifies for the reduced fare "
            "through the program stipend. The signed application is attached.",
        ),
        ("The pass came in the mail and {name} has been using it every day.",),
        (
            "{name} has the reduced-fare pass for the year, which saves about forty dollars a "
            "month.",
        ),
    ),
    "Rides to work and low-cost car repair": Words(
        "So {provider} can help {name} get to work and training reliably.",
        (
            "{name} works early shifts, before the first bus runs. {They} would like to hear "
            "about rides to work and help with the learner's permit.",
            "{name} is saving for a car and would like rides to work until then.",
        ),
        ("{name} has a ride booked for every early shift this month.",),
        (
            "{name} has had a ride to every early shift for two months and was offered more hours.",
            "{name} passed the driving test and bought a used car through the repair program.",
        ),
    ),
    "Financial coaching and a no-fee account": Words(
        "So {provider} can open a no-fee account with {name} and offer budget coaching.",
        (
            "{name} has been paying to cash {their} checks and wants a bank account with no "
            "fees. {They} {has} ID and a pay stub ready.",
            "{name} would like help making the paycheck last the whole month, and is open to "
            "trying a budget app.",
        ),
        ("{name} opened an account and met the coach for a first session.",),
        (
            "{name} now has direct deposit and a small savings goal that grows every payday.",
            "{name} finished four coaching sessions and made it to the end of the month with "
            "money left over.",
        ),
    ),
    "Free tax preparation": Words(
        "So {provider} can prepare {name}'s tax return at no cost.",
        ("{name} worked two jobs last year and would like to file in time for the refund.",),
        ("{name} has an appointment at the Saturday tax clinic.",),
        ("{name}'s return was filed and the refund arrived three weeks later.",),
    ),
    "Housing voucher application help": Words(
        "So {provider} can help {name} finish the housing voucher application and follow it "
        "through.",
        (
            "{name} has kept every paper for the voucher in one folder and is ready to finish "
            "the application. {They} would like help with the landlord forms.",
            "{name} is ready to move as soon as the voucher comes through and has references "
            "from two past landlords.",
        ),
        ("{name} met the housing specialist and the application is in.",),
        (
            "{name} has a voucher and signed a lease for a one-bedroom on Elm Court.",
            "The voucher was approved; {name} moved in on the first of the month.",
        ),
    ),
    "Rapid rehousing": Words(
        "So {provider} can consider {name} for help with a deposit and the first months' rent.",
        (
            "{name} is working part time and ready for a place of {their} own. {They} would "
            "like to be considered for rapid rehousing.",
        ),
        ("{name} was matched with a housing specialist and has started touring apartments.",),
        ("{name} moved into {their} own apartment with the first three months of rent covered.",),
    ),
    "Street medicine": Words(
        "So the street medicine team at {provider} can find {name} and help with foot care and "
        "diabetes medicine.",
        (
            "{name} wants to get back on {their} diabetes medicine and has sore feet from "
            "walking. {They} can usually be found near the Fifth Street drop-in center in the "
            "mornings.",
        ),
        (
            "The street medicine team found {name} at the drop-in center and cared for {their} "
            "feet.",
        ),
        ("{name} is back on {their} medicine and sees the street medicine nurse every two weeks.",),
    ),
    "Primary care for adults and families": Words(
        "So {provider} can set {name} up with a primary care doctor.",
        (
            "{name} would like a regular doctor for {their} diabetes and foot pain. Mornings "
            "work best.",
        ),
        ("{name} had a first visit and has a refill plan.",),
        ("{name} has a primary care doctor and has kept three visits in a row.",),
    ),
    "Rides to medical appointments": Words(
        "So {provider} can book rides to {name}'s medical visits.",
        ("{name} has clinic visits every two weeks and no car. Could you book the next three?",),
        ("Rides are booked for {name}'s next three visits.",),
        ("{name} has made every clinic visit since the rides started.",),
    ),
    "Counseling for adults": Words(
        "So {provider} can offer {name} counseling for stress and sleep.",
        (
            "{name} asked for someone to talk to about stress and trouble sleeping, and would "
            "like morning appointments.",
        ),
        ("{name} met {their} counselor and booked the next four sessions.",),
        (
            "{name} is sleeping better and has kept every counseling session this month.",
            "{name} finished twelve sessions and says {they} {has} tools that work at night.",
        ),
    ),
    "Benefits denials and appeals": Words(
        "So {provider} can help {name} appeal the stopped disability payments.",
        (
            "{name}'s disability check stopped after a missed letter. {They} {has} the letters "
            "in a folder and would like help with the appeal.",
        ),
        ("An advocate took on the appeal and filed the paperwork.",),
        ("The appeal was won and {name}'s disability check started again, with back pay.",),
    ),
    "Food, cash and health coverage applications": Words(
        "So {provider} can process {name}'s benefits application.",
        ("{name} would like help checking which benefits {they} can get and applying together.",),
        ("The application is filed and an interview is booked.",),
        ("{name} was approved for food benefits and health coverage.",),
    ),
    "Immigration legal consultations": Words(
        "So {provider} can help {name}'s family apply for work permits and replacement "
        "Social Security cards.",
        (
            "{name}'s family needs work permits and Social Security cards. {They} {has} copies "
            "of the arrival records and would like a consultation{interpreter}.",
        ),
        ("The consultation was held{interpreter}; the work permit forms are filed.",),
        ("{name} received {their} work permit, and the Social Security cards arrived last week.",),
    ),
    "English classes for speakers of other languages": Words(
        "So {provider} can place {name} in an English class.",
        (
            "{name} is eager to learn English and practices with an app every night. Evening "
            "classes would fit around the children.",
            "{name} wants English for work and for talking with the children's teachers. "
            "{They} can come mornings.",
        ),
        ("{name} took the placement test and joined the Level 2 evening class.",),
        (
            "{name} finished Level 2 and now makes {their} own appointments by phone.",
            "{name} moved up a level and volunteers as a class helper.",
        ),
    ),
    "Infant, toddler and preschool care": Words(
        "So {provider} can offer {name}'s children a place in childcare.",
        (
            "{name} needs care for two little ones to attend English class and start work. "
            "The family would welcome a teacher who can say a few words in {language}.",
        ),
        ("The children started at Oak Street on Monday; drop-off went well.",),
        ("The children are settled at Oak Street and {name} works full days now.",),
    ),
    "Childcare search and subsidy help": Words(
        "So {provider} can help {name} find childcare and apply for the subsidy.",
        (
            "{name} would like help finding childcare near the bus line, and with the subsidy "
            "forms.",
        ),
        ("{name} met the childcare specialist and toured two centers.",),
        ("{name} was approved for the subsidy and chose a center near the bus line.",),
    ),
    "Playgroups and parent circles": Words(
        "So {provider} can welcome {name} and the children to a playgroup.",
        (
            "{name} would like the little ones to play with other children during {their} "
            "English class.",
        ),
        ("{name} and the children went to the Wednesday playgroup.",),
        ("{name} and the children go every Wednesday and have made friends there.",),
    ),
}
GENERIC = Words(
    "So {provider} can help {name} with {service}.",
    ("{name} would like help with {service} and is ready to start.",),
    ("{name} has started with {provider}.",),
    ("{name} says the help from {provider} made a real difference.",),
)

# The services that answer each need in the demo's words (by a phrase of the need), in
# the order a navigator would think of them. A need not listed here is matched to any
# service with its domain; a need listed with nothing is not referred.
NEED_SERVICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("learn a trade", ("Job search and career coaching", "Forklift and warehouse certification")),
    (
        "finish my GED",
        (
            "High school equivalency classes (GED and HiSET)",
            "Computers, Wi-Fi and help with online forms",
        ),
    ),
    ("forklift", ("Forklift and warehouse certification",)),
    ("bus takes", ("Reduced-fare transit pass", "Rides to work and low-cost car repair")),
    ("driver's license", ("Rides to work and low-cost car repair",)),
    ("bank account", ("Financial coaching and a no-fee account",)),
    ("paycheck", ("Financial coaching and a no-fee account", "Free tax preparation")),
    ("own place", ("Housing voucher application help", "Rapid rehousing")),
    ("voucher", ("Housing voucher application help", "Rapid rehousing")),
    ("ID back", ()),  # the agency's own documents fund covers it
    (
        "diabetes",
        (
            "Street medicine",
            "Primary care for adults and families",
            "Rides to medical appointments",
        ),
    ),
    ("someone to talk to", ("Counseling for adults",)),
    (
        "disability check",
        ("Benefits denials and appeals", "Food, cash and health coverage applications"),
    ),
    ("Social Security cards", ("Immigration legal consultations",)),
    ("learn English", ("English classes for speakers of other languages",)),
    (
        "support my family",
        ("Job search and career coaching", "Forklift and warehouse certification"),
    ),
    (
        "little ones",
        (
            "Infant, toddler and preschool care",
            "Childcare search and subsidy help",
            "Playgroups and parent circles",
        ),
    ),
    ("more room", ("Housing voucher application help",)),
)

RECEIVED_NOTES = (
    "",
    "",
    "The intake coordinator confirmed by phone that it arrived.",
    "They wrote back that it arrived and they will call {name} this week.",
)
ACCEPTED_NOTES = (
    "Intake is booked for next Tuesday morning.",
    "They have a place for {name}; the first appointment is next week.",
    "",
)
WAITLIST_NOTES = (
    "{name} is on the waitlist; they expect an opening in about a month.",
    "A few people are ahead of {name}; they will call as soon as a place opens.",
)
CHASED_NOTES = ("No answer after two calls and an email; left a message with the front desk.",)
CALLED_BACK = ("They called back: the referral had gone to a shared inbox.",)
DECLINES: dict[str, tuple[str, ...]] = {
    DeclineReason.NO_CAPACITY: (
        "The program is full until the next session; they suggested trying again next month.",
        "No openings this season; they kept {name}'s name on file.",
    ),
    DeclineReason.NOT_A_FIT: (
        "They suggested a service closer to where {name} lives.",
        "Their hours are daytime only, which does not work with {name}'s shifts.",
    ),
    DeclineReason.PARTICIPANT_DECLINED: (
        "{name} decided to focus on the new job for now and may come back to this later.",
        "{name} chose another option that fits the family better.",
    ),
    DeclineReason.COULD_NOT_REACH: (
        "They called three times and left messages; {name}'s phone was off that week.",
    ),
    DeclineReason.INCOMPLETE: (
        "They need proof of income first; {name} is gathering pay stubs.",
        "They need a copy of {name}'s ID before they can go ahead.",
    ),
    DeclineReason.OTHER: (
        "Their intake office moved and the referral was lost; they asked for a new one.",
    ),
}
DECLINE_WEIGHTS = (3, 2, 2, 2, 1, 1)  # in the order of DECLINES
NOT_ELIGIBLE: tuple[tuple[str, str], ...] = (
    (DeclineReason.NOT_A_FIT, "Income is just over the limit for this program."),
    (
        DeclineReason.OTHER,
        "The service is for Harbor County residents; {name} lives just over the line.",
    ),
    (
        DeclineReason.INCOMPLETE,
        "They need a document {name} does not have yet; we are working on it.",
    ),
)
WITHDRAWN_NOTES = (
    "{name} found work on {their} own before it started. Great news.",
    "{name} moved in with family across town and chose a service closer to the new place.",
    "{name} asked to pause this while the family settles in.",
)
REVOKE_NOTES = (
    "{name} asked us to stop sharing with {recipient} now that the service has ended.",
    "{name} would rather talk with {recipient} directly from now on.",
    "{name} changed {their} mind about sharing with {recipient}; we talked it through.",
)
PERSON_REVOKE_NOTES = (
    "{name} asked us to stop sharing with {recipient} and will keep in touch directly.",
    "{name} changed {their} mind about sharing with {recipient}; we talked it through.",
)


@dataclass(frozen=True)
class Person:
    """Someone other than an organization a participant may agree to share with."""

    name: str
    detail: str
    categories: tuple[str, ...]
    purpose: str


LANDLORDS = (
    Person(
        "Gary Whitfield",
        "Landlord, Elm Court apartments",
        (Category.CONTACT,),
        "So {recipient} can reach the team if anything comes up with {name}'s lease or "
        "repairs, before it becomes a problem.",
    ),
    Person(
        "Marisol Benavides",
        "Property manager, Harbor View apartments",
        (Category.CONTACT, Category.PLAN),
        "So {recipient} and the team can support {name} through the first year in the new home.",
    ),
)
SCHOOL_COUNSELORS = (
    Person(
        "Danielle Ortiz",
        "School counselor, Harbor High School",
        (Category.CONTACT, Category.PLAN),
        "So {recipient} and the team can plan {name}'s classes and training schedule together.",
    ),
)
FAMILY_SCHOOLS = (
    Person(
        "Ingrid Lindqvist",
        "School counselor, Harbor Elementary",
        (Category.CONTACT,),
        "So the school can reach the team about the children's enrollment, interpreters and "
        "school supplies.",
    ),
    Person(
        "Tomasz Nowicki",
        "Family liaison, Riverside Middle School",
        (Category.CONTACT,),
        "So the school can reach the team when the family needs an interpreter for meetings.",
    ),
)
EMPLOYERS = (
    Person(
        "Ray Dubois",
        "Shift supervisor, Harbor Logistics warehouse",
        (Category.CONTACT,),
        "So {recipient} can let the team know about {name}'s schedule and training on the job.",
    ),
    Person(
        "Angela Pruett",
        "Store manager, Dockside Market",
        (Category.CONTACT,),
        "So {recipient} can reach the team about {name}'s first months on the job.",
    ),
)
FAMILY_PURPOSE = (
    "So {recipient} can help {name} keep track of appointments and the next steps in the plan."
)


def signed_form(name: str) -> bytes:
    """A small, valid one-page PDF: the signed consent form, as a scan would arrive."""
    text = f"Consent to share information - signed by {name}".encode("latin-1", "replace")
    text = text.replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out


# ---------------------------------------------------------------------------
# Paths: the steps after sending, each (status, fewest days, most days) after the one
# before; a status marked "?" is skipped half the time.
# ---------------------------------------------------------------------------

MAYBE = "?"
PATHS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "outcome": (("received?", 0, 1), ("accepted", 1, 4), ("connected", 1, 7), ("outcome", 21, 90)),
    "connected": (("received?", 0, 1), ("accepted", 1, 4), ("connected", 1, 7)),
    "waitlist_connected": (
        ("received?", 0, 1),
        ("waitlisted", 1, 4),
        ("connected", 10, 40),
        ("outcome?", 30, 80),
    ),
    "chased": (("no_response", 8, 10), ("received", 1, 2), ("accepted", 0, 3), ("connected", 2, 8)),
    "declined": (("received?", 0, 1), ("declined", 1, 8)),
    "not_eligible": (("received?", 0, 1), ("not_eligible", 1, 6)),
    "withdrawn": (("received?", 0, 1), ("accepted?", 1, 4), ("withdrawn", 3, 20)),
    "accepted": (("received?", 0, 1), ("accepted", 1, 4)),
    "waitlisted": (("received?", 0, 1), ("waitlisted", 1, 4)),
    "received": (("received", 0, 2),),
    "sent": (),
    "flagged": (),
    "draft": (),
}
# How often each path comes up, per program: a program's referrals go through a shuffled
# deck of these, about one deck per program.
CLOSED_PATHS = (
    ("outcome", 6),
    ("connected", 5),
    ("waitlist_connected", 2),
    ("chased", 1),
    ("declined", 3),
    ("not_eligible", 2),
    ("withdrawn", 2),
)
OPEN_PATHS = (
    ("accepted", 3),
    ("waitlisted", 3),
    ("received", 1),
    ("sent", 2),
    ("flagged", 2),
    ("draft", 1),
)
SECOND_TRY = frozenset({"declined", "not_eligible", "withdrawn"})


@dataclass
class Step:
    to: str
    day: int  # days after sending
    reason: str = ""
    note: str = ""
    at: datetime | None = None


@dataclass
class ReferralPlan:
    enrollment: Enrollment
    need: Need
    service: Service
    path: str
    steps: list[Step]
    sent: datetime  # or made, for a draft
    categories: list[str]
    message: str
    agreed: bool = True
    referral: Referral | None = None
    follow_ups: list[int | None] = field(default_factory=list)  # set at each step

    @property
    def draft(self) -> bool:
        return self.path == "draft"

    @property
    def times(self) -> list[datetime]:
        return [self.sent, *(s.at for s in self.steps if s.at is not None)]

    @property
    def ends(self) -> datetime:
        return self.times[-1]

    @property
    def is_open(self) -> bool:
        return self.path in dict(OPEN_PATHS)


@dataclass
class ConsentPlan:
    participant: Participant
    enrollment: Enrollment
    provider: Provider | None = None
    person: str = ""
    detail: str = ""
    categories: set[str] = field(default_factory=set)
    purpose: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    referrals: list[ReferralPlan] = field(default_factory=list)
    consent: Consent | None = None

    @property
    def recipient(self) -> str:
        return self.provider.name if self.provider is not None else self.person


def _who(participant: Participant) -> Who:
    return Who(participant.preferred_name, participant.pronouns, participant.languages)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class ReferralSeeder:
    def __init__(self, *, rng: random.Random, now: datetime, today: date) -> None:
        self.rng = rng
        self.now = now
        self.today = today
        self.zone = timezone.get_current_timezone()
        self.users: dict[int, User] = {}
        self.consents: list[ConsentPlan] = []
        self.referrals: list[ReferralPlan] = []
        self.by_provider: dict[tuple[int, int], ConsentPlan] = {}
        self.open: dict[int, int] = defaultdict(int)
        self.colleagues: dict[int, list[str]] = {}
        self.decks: dict[int, list[str]] = defaultdict(list)  # paths to come, per program

    # -- helpers ----------------------------------------------------------------

    def user(self, user: User) -> User:
        """One object per staff member, so their roles are read once."""
        return self.users.setdefault(user.pk, user)

    def moment(self, day: date) -> datetime:
        """A working-hours time on ``day`` (a weekend moves to the Monday after)."""
        while day.weekday() >= 5:
            day += timedelta(days=1)
        at = time(self.rng.randint(9, 16), self.rng.choice([0, 10, 20, 30, 40, 50]))
        return datetime.combine(day, at, tzinfo=self.zone)

    def words(self, service: Service) -> Words:
        return SERVICE_WORDS.get(service.name, GENERIC)

    def say(self, template: str, participant: Participant, service: Service | None = None) -> str:
        language = (participant.languages or "English").split(",")[0].strip()
        extra = {
            "provider": service.organization.name if service is not None else "",
            "service": service.name.lower() if service is not None else "",
            "language": language,
            "interpreter": "" if language == "English" else f", with an interpreter in {language}",
        }
        return fill(template, _who(participant), **extra)

    # -- choosing ---------------------------------------------------------------

    def services_for(
        self, need: Need, services: Sequence[Service], domains: dict[int, list[str]]
    ) -> list[Service]:
        answering = [s for s in services if need.domain in domains.get(s.pk, [])]
        for phrase, names in NEED_SERVICES:
            if phrase.lower() in need.description.lower():
                by_name = {s.name: s for s in answering}
                return [by_name[n] for n in names if n in by_name]
        return answering

    def bounds(self, e: Enrollment, need: Need) -> tuple[date, date]:
        """The first and last day a referral for ``need`` could go out."""
        written = timezone.localdate(need.created_at)
        low = max(written + timedelta(days=1), self.today - timedelta(days=OLDEST))
        high = self.today
        if e.exited_on is not None:
            high = min(high, e.exited_on - timedelta(days=7))
        return low, high

    def steps(self, path: str, participant: Participant, service: Service) -> list[Step]:
        rng = self.rng
        words = self.words(service)
        found: list[Step] = []
        day = 0
        for status, fewest, most in PATHS[path]:
            if status.endswith(MAYBE):
                if rng.random() < 0.5:
                    continue
                status = status.removesuffix(MAYBE)
            day += rng.randint(fewest, most)
            step = Step(status, day)
            if status == Status.RECEIVED:
                pool = CALLED_BACK if path == "chased" else RECEIVED_NOTES
                step.note = rng.choice(pool)
            elif status == Status.ACCEPTED:
                step.note = rng.choice(ACCEPTED_NOTES)
            elif status == Status.WAITLISTED:
                step.note = rng.choice(WAITLIST_NOTES)
            elif status == Status.NO_RESPONSE:
                step.note = rng.choice(CHASED_NOTES)
            elif status == Status.CONNECTED:
                step.note = rng.choice(words.started)
            elif status == Status.OUTCOME:
                step.note = rng.choice(words.outcomes)
            elif status == Status.DECLINED:
                step.reason = rng.choices(list(DECLINES), weights=DECLINE_WEIGHTS)[0]
                step.note = rng.choice(DECLINES[step.reason])
            elif status == Status.NOT_ELIGIBLE:
                step.reason, step.note = rng.choice(NOT_ELIGIBLE)
            elif status == Status.WITHDRAWN:
                step.note = rng.choice(WITHDRAWN_NOTES)
            step.note = self.say(step.note, participant, service)
            found.append(step)
        return found

    def schedule(
        self, plan_path: str, steps: list[Step], low: date, high: date, window: int
    ) -> datetime | None:
        """Date the steps; returns when it was sent (made, for a draft), or None when the
        path does not fit between ``low`` and ``high``."""
        rng = self.rng
        span = steps[-1].day if steps else 0
        if plan_path in dict(CLOSED_PATHS):
            latest = high - timedelta(days=span + 1)
            if latest < low:
                return None
            sent_day = low + timedelta(days=rng.randint(0, (latest - low).days))
        else:
            if high < self.today:
                return None
            last_age = {
                "accepted": (1, 9),
                "waitlisted": (2, 18),
                "received": (0, max(0, window - 2)),
                "sent": (0, max(0, window - 2)),
                "flagged": (window + 1, window + 5),
                "draft": (0, 6),
            }[plan_path]
            age = rng.randint(*last_age) + span
            sent_day = self.today - timedelta(days=age)
            if sent_day < low:
                return None
        sent = self.moment(sent_day)
        previous = sent
        for step in steps:
            at = self.moment(sent_day + timedelta(days=step.day))
            step.at = max(at, previous + timedelta(minutes=rng.randint(25, 90)))
            previous = step.at
        latest_ok = self.now - timedelta(minutes=10)
        if previous > latest_ok:  # today's steps: keep them before now, in order
            shift = previous - latest_ok
            sent -= shift
            for step in steps:
                assert step.at is not None
                step.at -= shift
        return sent

    def pick_paths(self, e: Enrollment, need: Need, participant_id: int) -> list[str]:
        """Paths to try, in the order of the program's deck: each path comes up in
        proportion to its weight, and one that does not fit this referral stays in the deck
        for the next."""
        deck = self.decks[e.program_id]
        if not deck:
            deck += [name for name, n in (*CLOSED_PATHS, *OPEN_PATHS) for _ in range(n)]
            self.rng.shuffle(deck)
        allowed = set(dict(CLOSED_PATHS))
        if need.status == Need.Status.MET:
            allowed = {"outcome", "connected", "waitlist_connected"}
        elif e.status == Journey.ENROLLED and self.open[participant_id] < MOST_OPEN:
            allowed |= set(dict(OPEN_PATHS))
        order = list(dict.fromkeys(p for p in deck if p in allowed))
        return order + sorted(allowed - set(order))

    def plan_referral(
        self,
        e: Enrollment,
        need: Need,
        service: Service,
        *,
        low: date,
        high: date,
        paths: list[str] | None = None,
    ) -> ReferralPlan | None:
        participant = e.participant
        for path in paths or self.pick_paths(e, need, participant.pk):
            steps = self.steps(path, participant, service)
            sent = self.schedule(path, steps, low, high, e.program.referral_response_days)
            if sent is None:
                continue
            if path in self.decks[e.program_id]:
                self.decks[e.program_id].remove(path)
            base = self.rng.choices(
                [c for c, _ in BASE_CATEGORIES], weights=[w for _, w in BASE_CATEGORIES]
            )[0]
            categories: list[str] = [
                str(c) for c in base if c != Category.PLAN or e.isp_done_on is not None
            ]
            if need.domain in SENSITIVE:
                categories.append(need.domain)
            plan = ReferralPlan(
                enrollment=e,
                need=need,
                service=service,
                path=path,
                steps=steps,
                sent=sent,
                categories=categories,
                message=self.say(
                    self.rng.choice(self.words(service).messages), participant, service
                ),
                agreed=path != "draft" or self.rng.random() < 0.5,
            )
            if plan.is_open:
                self.open[participant.pk] += 1
            self.attach(plan)
            return plan
        return None

    def attach(self, plan: ReferralPlan) -> None:
        """File the referral under the consent for its partner (made on first use)."""
        participant = plan.enrollment.participant
        provider = plan.service.organization
        key = (participant.pk, provider.pk)
        consent = self.by_provider.get(key)
        if consent is None:
            consent = ConsentPlan(
                participant=participant,
                enrollment=plan.enrollment,
                provider=provider,
                purpose=self.say(self.words(plan.service).purpose, participant, plan.service),
            )
            self.by_provider[key] = consent
            self.consents.append(consent)
        consent.categories.update(plan.categories)
        consent.referrals.append(plan)
        self.referrals.append(plan)

    def plan(self, enrollments: Sequence[Enrollment]) -> None:
        rng = self.rng
        caseload = [
            e
            for e in enrollments
            if e.status in (Journey.ENROLLED, Journey.EXITING, Journey.FOLLOW_UP)
            and e.navigator_id is not None
        ]
        if not caseload:
            return
        organization_id = caseload[0].organization_id
        own = Organization.objects.get(pk=organization_id).name
        services = [
            s
            for s in Service.objects.filter(owner_id=organization_id, status=Service.Status.ACTIVE)
            .select_related("organization")
            .order_by("pk")
            if s.organization.name != own  # the agency's own services are not referrals out
        ]
        domains = domains_of(organization_id, services)
        needs: dict[int, list[Need]] = defaultdict(list)
        for need in Need.objects.filter(
            enrollment__in=caseload, status__in=(Need.Status.OPEN, Need.Status.MET)
        ).order_by("enrollment_id", "priority"):
            needs[need.enrollment_id].append(need)
        options: dict[int, list[tuple[Enrollment, Need, list[Service]]]] = defaultdict(list)
        for e in caseload:
            for need in needs[e.pk]:
                found = self.services_for(need, services, domains)
                # A need met since is sometimes one a referral helped meet.
                if found and (need.status == Need.Status.OPEN or rng.random() < MET_SHARE):
                    options[e.participant_id].append((e, need, found))
        people = sorted(options)
        rng.shuffle(people)
        for participant_id in people[: round(len(people) * SHARE)]:
            self.plan_person(options[participant_id])
        self.plan_named(caseload)
        self.plan_ended(caseload, services, domains, needs)
        self.date_consents()

    def plan_person(self, options: list[tuple[Enrollment, Need, list[Service]]]) -> None:
        rng = self.rng
        options = list(options)
        rng.shuffle(options)
        count = rng.choices([1, 2, 3], weights=[50, 38, 12])[0]
        used: set[int] = set()  # one referral to a service per person
        for e, need, found in options[:count]:
            found = [s for s in found if s.pk not in used]
            if not found:
                continue
            weights = [3, 2, 1][: len(found)] + [1] * (len(found) - 3)
            service = rng.choices(found, weights=weights)[0]
            low, high = self.bounds(e, need)
            plan = self.plan_referral(e, need, service, low=low, high=high)
            if plan is None:
                continue
            used.add(service.pk)
            others = [s for s in found if s.pk not in used]
            if plan.path not in SECOND_TRY or not others or rng.random() > 0.45:
                continue
            again = timezone.localtime(plan.ends).date() + timedelta(days=rng.randint(2, 10))
            second = rng.choice(others)
            if self.plan_referral(e, need, second, low=max(again, low), high=high):
                used.add(second.pk)

    def plan_named(self, caseload: Sequence[Enrollment]) -> None:
        rng = self.rng
        people = sorted({e.participant_id: e for e in caseload}.items())
        rng.shuffle(people)
        made = 0
        for _, e in people:
            if made >= NAMED:
                break
            person = self.named_person(e)
            if person is None or e.enrolled_on is None:
                continue
            participant = e.participant
            purpose = person.purpose.replace("{recipient}", person.name)
            categories = {
                c for c in person.categories if c != Category.PLAN or e.isp_done_on is not None
            }
            consent = ConsentPlan(
                participant=participant,
                enrollment=e,
                person=person.name,
                detail=person.detail,
                categories=categories,
                purpose=self.say(purpose, participant),
            )
            earliest = max(e.enrolled_on, self.today - timedelta(days=OLDEST))
            latest = self.today - timedelta(days=3)
            if latest <= earliest:
                continue
            consent.starts_on = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            self.consents.append(consent)
            made += 1

    def named_person(self, e: Enrollment) -> Person | None:
        rng = self.rng
        participant = e.participant
        age = (
            (self.today - participant.date_of_birth).days // 365
            if participant.date_of_birth
            else 30
        )
        if e.phase in ("Move-in", "Stabilization"):
            return rng.choice(LANDLORDS)
        if e.phase in ("Training", "Placement") and age <= 19:
            return rng.choice(SCHOOL_COUNSELORS)
        if (
            e.phase in ("Placement", "Follow-up", "Employment", "Self-sufficiency")
            and rng.random() < 0.5
        ):
            return rng.choice(EMPLOYERS)
        if e.phase in ("Orientation", "Employment", "Self-sufficiency") and rng.random() < 0.5:
            return rng.choice(FAMILY_SCHOOLS)
        if participant.emergency_contact_name and rng.random() < 0.6:
            return Person(
                participant.emergency_contact_name,
                participant.emergency_contact_relationship,
                (Category.CONTACT, Category.PLAN),
                FAMILY_PURPOSE.replace(
                    "{recipient}", participant.emergency_contact_name.split()[0]
                ),
            )
        return None

    def plan_ended(
        self,
        caseload: Sequence[Enrollment],
        services: Sequence[Service],
        domains: dict[int, list[str]],
        needs: dict[int, list[Need]],
    ) -> None:
        """Consents that ran out: an earlier share, for a need met or set aside since."""
        rng = self.rng
        made = 0
        olders = [e for e in caseload if e.enrolled_on and (self.today - e.enrolled_on).days > 240]
        rng.shuffle(olders)
        for e in olders:
            if made >= ENDED:
                break
            for need in needs[e.pk]:
                found = [
                    s
                    for s in self.services_for(need, services, domains)
                    if (e.participant_id, s.organization_id) not in self.by_provider
                ]
                if not found:
                    continue
                service = found[0]
                assert e.enrolled_on is not None
                starts = e.enrolled_on + timedelta(days=rng.randint(10, 40))
                ends = _add_months(starts, rng.choice((3, 6)))
                if ends >= self.today - timedelta(days=7):
                    continue
                participant = e.participant
                consent = ConsentPlan(
                    participant=participant,
                    enrollment=e,
                    provider=service.organization,
                    categories={Category.CONTACT, Category.ASSESSMENT},
                    purpose=self.say(self.words(service).purpose, participant, service),
                    starts_on=starts,
                    ends_on=ends,
                )
                self.by_provider[(e.participant_id, service.organization_id)] = consent
                self.consents.append(consent)
                made += 1
                break

    def date_consents(self) -> None:
        """Start each consent a little before its first referral; end most six to twelve
        months later, a few within the month, some with no end date."""
        rng = self.rng
        soon_by: dict[int, int] = defaultdict(int)
        plans = [c for c in self.consents if c.ends_on is None]
        for consent in plans:
            if consent.referrals:
                first = min(timezone.localtime(r.sent).date() for r in consent.referrals)
                written = timezone.localdate(consent.referrals[0].need.created_at)
                consent.starts_on = max(first - timedelta(days=rng.randint(0, 6)), written)
        order = list(plans)
        rng.shuffle(order)
        soon = 0
        for consent in order:
            assert consent.starts_on is not None
            navigator = consent.enrollment.navigator_id or 0
            started = (self.today - consent.starts_on).days
            if soon < ENDING_SOON and started >= 90 and soon_by[navigator] < 2:
                consent.ends_on = self.today + timedelta(days=rng.randint(3, 28))
                soon += 1
                soon_by[navigator] += 1
                continue
            if Category.SUBSTANCE_USE not in consent.categories and rng.random() < 0.1:
                continue  # until they say otherwise
            terms = [
                m
                for m in TERMS
                if _add_months(consent.starts_on, m) > self.today + timedelta(days=31)
            ]
            months = rng.choice(terms) if terms else 15
            consent.ends_on = _add_months(consent.starts_on, months)

    # -- writing ------------------------------------------------------------------

    def witness(self, e: Enrollment) -> str:
        if not self.colleagues:
            rows = Membership.objects.filter(
                organization_id=e.organization_id,
                program__isnull=False,
                role__in=[r for r in WRITE_ROLES if r != Role.ADMIN],
            ).select_related("user")
            for row in rows.order_by("pk"):
                names = self.colleagues.setdefault(row.program_id or 0, [])
                if row.user.display_name not in names:
                    names.append(row.user.display_name)
        navigator = e.navigator.display_name if e.navigator else ""
        names = [n for n in self.colleagues.get(e.program_id, []) if n != navigator]
        return self.rng.choice(names) if names else "A colleague at the front desk"

    def give(self, plan: ConsentPlan) -> None:
        rng = self.rng
        e = plan.enrollment
        assert e.navigator is not None
        by = self.user(e.navigator)
        participant = plan.participant
        how = rng.choices(list(Consent.How.values), weights=[15, 35, 50])[0]
        data: dict[str, Any] = {
            "recipient_provider": plan.provider,
            "recipient_name": plan.person,
            "recipient_detail": plan.detail,
            "categories": sorted(plan.categories),
            "purpose": plan.purpose,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "how": how,
            "witness_name": self.witness(e) if how == Consent.How.VERBAL else "",
            "typed_name": participant.legal_name or participant.preferred_name,
        }
        form = None
        if how == Consent.How.SIGNED_FORM:
            name = participant.legal_name or participant.preferred_name
            form = SimpleUploadedFile(
                "signed-consent.pdf", signed_form(name), content_type="application/pdf"
            )
        plan.consent = consent_actions.give_consent(
            by=by, participant=participant, data=data, form_file=form
        )

    def send(self, plan: ReferralPlan, consent: Consent) -> None:
        e = plan.enrollment
        assert e.navigator is not None
        by = self.user(e.navigator)
        referral = referral_actions.make_referral(
            by=by,
            enrollment=e,
            service=plan.service,
            consent=consent,
            categories=plan.categories,
            participant_agreed=plan.agreed,
            message=plan.message,
            need=plan.need,
            send=not plan.draft,
        )
        plan.follow_ups = [referral.follow_up_id]
        for step in plan.steps:
            referral = referral_actions.move_referral(
                by=by, referral=referral, to=step.to, reason=step.reason, note=step.note
            )
            plan.follow_ups.append(referral.follow_up_id)
        plan.referral = referral

    def backdate(self, plans: Sequence[ReferralPlan]) -> None:
        """Move each referral, its steps and its follow-up tasks to when they happened."""
        by_pk = {p.referral.pk: p for p in plans if p.referral is not None}
        events: dict[int, list[ReferralEvent]] = defaultdict(list)
        for event in ReferralEvent.objects.filter(referral_id__in=by_pk).order_by("pk"):
            events[event.referral_id].append(event)
        when: dict[int, dict[datetime, datetime]] = {}
        changed_events = []
        for pk, plan in by_pk.items():
            planned = [plan.sent, *plan.times]  # made and sent at the same moment
            if plan.draft:
                planned = [plan.sent]
            when[pk] = {}
            for event, at in zip(events[pk], planned, strict=True):
                when[pk][event.at] = at
                event.at = at
                changed_events.append(event)
        ReferralEvent.objects.bulk_update(changed_events, ["at"], batch_size=500)
        referrals = list(Referral.objects.filter(pk__in=by_pk))
        fields = ["sent_at", "answered_at", "connected_at", "closed_at"]
        for referral in referrals:
            referral.created_at = by_pk[referral.pk].sent
            for name in fields:
                real = getattr(referral, name)
                if real is not None:
                    setattr(referral, name, when[referral.pk][real])
        Referral.objects.bulk_update(referrals, ["created_at", *fields], batch_size=500)
        made: dict[int, tuple[datetime, datetime | None]] = {}
        for plan in by_pk.values():
            times = plan.times
            for i, commitment_id in enumerate(plan.follow_ups):
                if commitment_id is not None:
                    settled = times[i + 1] if i + 1 < len(times) else None
                    made[commitment_id] = (times[i], settled)
        self.move_tasks(made)

    def move_tasks(self, made: dict[int, tuple[datetime, datetime | None]]) -> None:
        tasks = list(Commitment.objects.filter(pk__in=made))
        for task in tasks:
            created, settled = made[task.pk]
            if task.due_on is not None:
                wait = task.due_on - timezone.localdate(task.created_at)
                task.due_on = timezone.localdate(created) + wait
            task.created_at = created
            if settled is not None and task.closed_at is not None:
                task.closed_at = settled
        Commitment.objects.bulk_update(tasks, ["created_at", "due_on", "closed_at"], batch_size=500)

    def sweep(self, plans: Sequence[ReferralPlan]) -> None:
        """The daily sweep flags what went unanswered; date each flag to the morning after
        the answer window closed."""
        referral_actions.flag_unanswered(now=self.now)
        waiting = {
            p.referral.pk: p for p in plans if p.referral is not None and p.path == "flagged"
        }
        flagged = list(
            Referral.objects.filter(pk__in=waiting, status=Status.NO_RESPONSE).select_related(
                "enrollment__program"
            )
        )
        made: dict[int, tuple[datetime, datetime | None]] = {}
        changed = []
        for referral in flagged:
            plan = waiting[referral.pk]
            window = referral.enrollment.program.referral_response_days
            day = timezone.localtime(plan.sent).date() + timedelta(days=window + 1)
            at = min(datetime.combine(day, time(6, 30), tzinfo=self.zone), self.now)
            event = ReferralEvent.objects.filter(
                referral=referral, to_status=Status.NO_RESPONSE
            ).get()
            event.at = at
            changed.append(event)
            if plan.follow_ups and plan.follow_ups[0] is not None:
                made[plan.follow_ups[0]] = (plan.sent, at)
            if referral.follow_up_id is not None:
                made[referral.follow_up_id] = (at, None)
        ReferralEvent.objects.bulk_update(changed, ["at"])
        self.move_tasks(made)

    def print_packets(self, plans: Sequence[ReferralPlan], keep: set[int]) -> int:
        """A navigator printed the packet to hand to the person for their first visit."""
        rng = self.rng
        ready = [
            p
            for p in plans
            if p.referral is not None
            and p.referral.status in (Status.ACCEPTED, Status.CONNECTED, Status.OUTCOME)
            and p.referral.consent_id in keep
        ]
        rng.shuffle(ready)
        printed = 0
        for plan in ready[:PRINTED]:
            assert plan.referral is not None
            referral = Referral.objects.select_related("participant", "service").get(
                pk=plan.referral.pk
            )
            at = min(plan.sent + timedelta(minutes=rng.randint(15, 60)), self.now)
            packet = referral_queries.packet(referral, at=at)
            if packet is None or not packet.categories:
                continue
            assert plan.enrollment.navigator is not None
            consent_actions.disclose(
                by=self.user(plan.enrollment.navigator),
                participant=referral.participant,
                consents=packet.consents,
                categories=packet.categories,
                channel=Disclosure.Channel.PRINT,
                about=f"Referral to {referral.target}",
                at=at,
            )
            printed += 1
        return printed

    def revoke(self, soon: set[int]) -> None:
        """About one in ten people asked to stop sharing: after the help ended, or when
        they changed their mind."""
        rng = self.rng
        done = [
            c
            for c in self.consents
            if c.consent is not None
            and c.consent.pk not in soon
            and (c.ends_on is None or c.ends_on >= self.today)
            and all(
                r.referral is not None and r.referral.status in CLOSED - {Status.CONNECTED}
                for r in c.referrals
            )
        ]
        rng.shuffle(done)
        for plan in done[: round(len(self.consents) * REVOKED)]:
            assert plan.consent is not None
            assert plan.enrollment.navigator is not None
            notes = REVOKE_NOTES if plan.provider is not None else PERSON_REVOKE_NOTES
            note = rng.choice(notes).replace("{recipient}", plan.recipient)
            plan.consent = consent_actions.revoke_consent(
                by=self.user(plan.enrollment.navigator),
                consent=plan.consent,
                note=self.say(note, plan.participant),
            )

    def write(self, enrollments: Sequence[Enrollment]) -> dict[str, int]:
        self.plan(enrollments)
        for consent in sorted(
            self.consents, key=lambda c: (c.starts_on or self.today, c.participant.pk)
        ):
            self.give(consent)
        plans = sorted(self.referrals, key=lambda p: p.sent)
        for plan in plans:
            consent = self.by_provider[
                (plan.enrollment.participant_id, plan.service.organization_id)
            ]
            assert consent.consent is not None
            self.send(plan, consent.consent)
        self.backdate(plans)
        self.sweep(plans)
        soon = {
            c.consent.pk
            for c in self.consents
            if c.consent is not None
            and c.ends_on is not None
            and self.today <= c.ends_on <= self.today + timedelta(days=30)
        }
        self.revoke(soon)
        keep = {
            c.consent.pk
            for c in self.consents
            if c.consent is not None and not c.consent.revoked_at
        }
        printed = self.print_packets(plans, keep)
        return self.counts(printed)

    def counts(self, printed: int) -> dict[str, int]:
        ids = [c.consent.pk for c in self.consents if c.consent is not None]
        consents = Consent.objects.filter(pk__in=ids)
        sent = Referral.objects.filter(pk__in=[p.referral.pk for p in self.referrals if p.referral])
        sent = sent.exclude(status=Status.DRAFT)
        days = [
            (r.connected_at - r.sent_at).total_seconds() / 86400
            for r in sent.exclude(connected_at=None).exclude(sent_at=None)
            if r.connected_at is not None and r.sent_at is not None
        ]
        return {
            "consents": consents.count(),
            "ending_soon": consents.filter(
                revoked_at=None,
                starts_on__lte=self.today,
                ends_on__gte=self.today,
                ends_on__lte=self.today + timedelta(days=30),
            ).count(),
            "revoked": consents.exclude(revoked_at=None).count(),
            "ended": consents.filter(ends_on__lt=self.today).count(),
            "referrals": sent.count(),
            "drafts": len([p for p in self.referrals if p.draft]),
            "closed": sent.filter(status__in=CLOSED).count(),
            "open": sent.filter(status__in=OPEN).count(),
            "median_days": round(statistics.median(days)) if days else 0,
            "no_response": sent.filter(status=Status.NO_RESPONSE).count(),
            "disclosures": printed,
        }


def seed_consents_and_referrals(
    *, rng: random.Random, enrollments: Sequence[Enrollment], now: datetime, today: date
) -> dict[str, int]:
    """Consents and referrals for the people among ``enrollments`` (with program,
    participant and navigator loaded) on a caseload. Returns counts for the summary."""
    return ReferralSeeder(rng=rng, now=now, today=today).write(enrollments)


def summary(counts: dict[str, int]) -> str:
    return (
        f"{counts['consents']} consents ({counts['ending_soon']} ending within 30 days, "
        f"{counts['revoked']} revoked, {counts['ended']} ended), {counts['referrals']} "
        f"referrals ({counts['closed']} loops closed, median {counts['median_days']} days to "
        f"connection, {counts['no_response']} with no response; {counts['drafts']} more in "
        f"draft), {counts['disclosures']} printed packets in the accounting of disclosures"
    )
