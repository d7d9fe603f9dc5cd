"""manage.py bench: build a large synthetic organization, then time the busiest pages.

The organization is called "Bench Organization" and lives in whatever database
DATABASE_URL names. It is built once with bulk inserts (the one place in Waypoint
that bypasses the actions, for speed: COPY on PostgreSQL, see waypoint/demo/bulk.py)
and reused on later runs; a run asking for more participants adds only the missing
ones. Each participant gets ``--notes-per-participant`` contacts (20 by default), each
with its note, over the enrollment's life: a million participants make twenty million
notes. The demo organization is never read or changed. The bench navigator's caseload
gets the demo's few weeks of contacts, notes, appointments and commitments instead (see
waypoint/demo/notes.py) and one long draft note, so that the caseload and note pages show
everything they can.

The writing coach is timed on its own, on a 2,000-word note in five sections with
about as many words to point out as a hurried writer leaves in one.

Timings are server-side: Django's test client calls the full middleware stack in
process, so they include sessions, the permission matrix, the audit events every
read writes, and template rendering, but no network.
"""

from __future__ import annotations

import math
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Max, Min
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from waypoint.accounts.actions import create_organization, create_program, create_staff, grant_role
from waypoint.accounts.models import Membership, Organization, Program, Role, User
from waypoint.demo import load
from waypoint.demo.bulk import (
    History,
    Signals,
    Table,
    day,
    loading,
    moment,
    reserve_ids,
    uuid_hex,
)
from waypoint.demo.notes import (
    HOUSING,
    HURRIED,
    RESETTLEMENT,
    YOUTH,
    Who,
    long_note,
    seed_contacts_and_notes,
    summary,
)
from waypoint.enrollments import quiet_days
from waypoint.enrollments.actions import rebuild_caseload_counts
from waypoint.enrollments.models import Enrollment, EnrollmentEvent, Status
from waypoint.enrollments.standards import due_dates
from waypoint.notes import coaching, contact_quarters, note_hours
from waypoint.notes.actions import note_due, refresh_signals
from waypoint.notes.models import CoachPhrase, Contact, Method, Note, Place
from waypoint.participants.models import ContactMethod, Participant
from waypoint.participants.normalize import contact_key, name_key

BENCH_ORGANIZATION = "Bench Organization"
PER_NAVIGATOR = 25
BATCH = 5000
NOTES = 20  # contacts, each with its note, per participant (--notes-per-participant)
NOTE_BATCH = 50_000  # notes per batch: participants per batch = NOTE_BATCH // notes
WARMUP = 3
TARGET_P95_MS = 50  # issue 19: every navigator and supervisor page, on PostgreSQL
UNUSABLE = "!"  # what set_unusable_password() stores, minus the random suffix
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"

BENCH_PROGRAMS: tuple[dict[str, Any], ...] = (
    {
        "name": "Bench Youth Workforce",
        "phases": ["Recruitment", "Enrollment", "Training", "Placement", "Follow-up"],
        "delivery_modes": ["in_person", "hybrid"],
        "caseload_cap": PER_NAVIGATOR,
        "contact_every_days": 14,
    },
    {
        "name": "Bench Housing Outreach",
        "phases": ["Outreach", "Engagement", "Housing search", "Move-in", "Stabilization"],
        "delivery_modes": ["in_person"],
        "caseload_cap": PER_NAVIGATOR,
        "contact_every_days": 7,
        "team_visibility": True,
    },
    {
        "name": "Bench Resettlement",
        "phases": ["Reception", "Orientation", "Employment", "Self-sufficiency"],
        "delivery_modes": ["in_person", "virtual"],
        "caseload_cap": PER_NAVIGATOR,
        "contact_every_days": 10,
    },
)

STATUS_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Status.INQUIRY, 5),
    (Status.ELIGIBILITY, 5),
    (Status.ENROLLED, 75),
    (Status.EXITING, 5),
    (Status.EXITED, 6),
    (Status.FOLLOW_UP, 4),
)


def _syllables(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Made-up names from syllables (a few with accents, so that folding is exercised).
ONSETS = _syllables(
    "A Be Ca Da E Fa Ga Ha I Ja Ka La Ma Na O Pa Ra Sa Ta Va Ya Za Lu Mi No Ri So Te Ke Jo "
    "Ché Zé Ño Ló"
)
CODAS = _syllables("na ra la mir don ya lia ren sha tin vin ro ko mi ssa lo ri ah el us ine o")
ROOTS = _syllables(
    "mor vel dan ash ber cor del fen gar hol kin lan mar nor pel quin ros sel tor van wen yor "
    "zan bri cal dru esk"
)
ENDINGS = _syllables("son ez ova ski ton ley berg i ami ani ero man well ford ue enko ić")
PRONOUNS = ("she/her", "he/him", "they/them", "", "she/her", "he/him")
LANGUAGES = ("English", "Spanish, English", "Arabic", "Dari, Pashto", "Haitian Creole", "Somali")
AREA_CODES = ("215", "267", "412", "617", "312", "503", "612", "404", "305", "206")

# The writing coach: a note this long, timed this many times at least, against this target.
NOTE_WORDS = 2000
COACH_RUNS = 50
COACH_TARGET_MS = 20.0
# One sentence in this many is hurried or labelling: about 1.5 words in 100 pointed out.
HURRIED_EVERY = 7
# What a writer in a hurry sometimes types about a person, which the coach points out.
LABELLED = (
    "{name} refused the shelter bed again.",
    "{name} claims the letter never arrived.",
)
# The long draft note's contact, found again by this key on later runs.
LONG_NOTE_KEY = uuid.UUID("5b0f2a1e-6c3d-4e8f-9a7b-2026000b3e0c")


@dataclass
class Setup:
    organization: Organization
    programs: list[Program]
    admin: User
    supervisor: User
    navigator: User


@dataclass
class Timing:
    page: str
    user: str
    times: list[float]
    queries: int
    # Time spent in the database driver, per request (the page's own raw SQL).
    sql_times: list[float] = field(default_factory=list)
    cut_short: bool = False  # stopped at the page budget before the requests asked for

    def percentile(self, share: float) -> float:
        return _percentile(self.times, share)

    def sql_percentile(self, share: float) -> float:
        return _percentile(self.sql_times, share)

    def ratio(self) -> float:
        """Server time over the page's own SQL time, at the median."""
        sql = self.sql_percentile(0.50)
        return self.percentile(0.50) / sql if sql else 0.0


def _percentile(times: Sequence[float], share: float) -> float:
    if not times:
        return 0.0
    ordered = sorted(times)
    index = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[index] * 1000


class SqlClock:
    """Adds up the time each query spends in the database driver (execute_wrapper)."""

    def __init__(self) -> None:
        self.spent = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.spent += time.perf_counter() - began


@dataclass
class CoachTiming:
    what: str
    timing: Timing
    words: int
    flagged: int
    phrases: str  # which list the coach used


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


class Builder:
    """Adds ``missing`` participants (and navigators for them) to the bench organization,
    each with their contact method, enrollment and its first event, and (except the bench
    navigator's caseload, which ``ensure_notes`` fills the demo's way) ``notes`` contacts
    with their notes over the enrollment's life. Rows go in as tuples through
    ``waypoint.demo.bulk`` (COPY on PostgreSQL), one transaction per batch, so an
    interrupted build keeps whole batches and the next run adds the rest."""

    def __init__(
        self, setup: Setup, seed: int, write: Callable[[str], None], notes: int = NOTES
    ) -> None:
        self.setup = setup
        self.rng = random.Random(seed)
        self.write = write
        self.notes = notes
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()
        self.program_keys = dict(
            zip([p.pk for p in setup.programs], (YOUTH, HOUSING, RESETTLEMENT), strict=True)
        )

    def _name(self) -> tuple[str, str]:
        rng = self.rng
        given = rng.choice(ONSETS) + rng.choice(CODAS)
        if rng.random() < 0.3:
            given += rng.choice(CODAS)
        family = (rng.choice(ROOTS) + rng.choice(ENDINGS)).capitalize()
        if rng.random() < 0.08:
            family += "-" + (rng.choice(ROOTS) + rng.choice(ENDINGS)).capitalize()
        return given, family

    def _phone(self) -> str:
        rng = self.rng
        return f"({rng.choice(AREA_CODES)}) {rng.randint(200, 989)}-{rng.randint(0, 9999):04d}"

    def navigators(self, count: int) -> list[User]:
        """The navigators who will hold the new caseloads, with their memberships."""
        org = self.setup.organization
        found: list[User] = []
        if not Enrollment.objects.filter(navigator=self.setup.navigator).exists():
            found.append(self.setup.navigator)
        start = User.objects.filter(organization=org, username__startswith="bench-nav-").count()
        new = [
            User(
                organization=org,
                username=f"bench-nav-{start + i + 1:06d}",
                display_name=" ".join(self._name()),
                password=UNUSABLE,  # these people never sign in
            )
            for i in range(max(0, count - len(found)))
        ]
        found += User.objects.bulk_create(new, batch_size=1000)
        programs = self.setup.programs
        Membership.objects.bulk_create(
            [
                Membership(
                    user=user,
                    organization=org,
                    program=programs[(start + i) % len(programs)],
                    role=Role.NAVIGATOR,
                )
                for i, user in enumerate(found)
                if user.pk != self.setup.navigator.pk
            ],
            batch_size=1000,
        )
        return found

    def build(self, missing: int) -> dict[str, int]:
        """Returns how many rows of each kind it wrote."""
        started = time.perf_counter()
        navigators = self.navigators(max(1, math.ceil(missing / PER_NAVIGATOR)))
        memberships = dict(
            Membership.objects.filter(user__in=navigators, role=Role.NAVIGATOR).values_list(
                "user_id", "program_id"
            )
        )
        by_pk = {p.pk: p for p in self.setup.programs}
        made: dict[str, int] = {}
        size = BATCH if self.notes < 1 else max(PER_NAVIGATOR, NOTE_BATCH // self.notes)
        for low, high in _chunks(missing, size):
            with transaction.atomic(), loading():
                counts = self._batch(low, high, navigators, memberships, by_pk)
            for key, value in counts.items():
                made[key] = made.get(key, 0) + value
            seconds = time.perf_counter() - started
            rows = sum(made.values())
            self.write(
                f"  {high:>9,} / {missing:,} participants, {made.get('notes', 0):,} notes  "
                f"({seconds:.1f} s, {rows / max(seconds, 1e-9):,.0f} rows/s)"
            )
        return made

    def _batch(
        self,
        low: int,
        high: int,
        navigators: Sequence[User],
        memberships: dict[int, int],
        programs: dict[int, Program],
    ) -> dict[str, int]:
        rng = self.rng
        setup = self.setup
        org_id = setup.organization.pk
        admin_id = setup.admin.pk
        statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
        plans: list[tuple[int | None, Program]] = []
        for i in range(low, high):
            navigator = navigators[min(i // PER_NAVIGATOR, len(navigators) - 1)]
            program = programs[memberships[navigator.pk]]
            # One in 250 is waiting for a navigator.
            plans.append((None if i % 250 == 249 else navigator.pk, program))
        with_history = sum(1 for nav, _ in plans if nav != setup.navigator.pk)
        first_person = reserve_ids(Participant, len(plans))
        first_enrollment = reserve_ids(Enrollment, len(plans))
        history = History(
            rng,
            self.now,
            self.program_keys,
            next_contact_id=reserve_ids(Contact, with_history * self.notes),
        )
        now = moment(self.now)
        people: list[tuple[Any, ...]] = []
        methods: list[tuple[Any, ...]] = []
        enrollments: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        for n, (navigator_id, program) in enumerate(plans):
            person = first_person + n
            enrollment = first_enrollment + n
            given, family = self._name()
            preferred = f"{given} {family}"
            legal = preferred if rng.random() < 0.9 else f"{given} {rng.choice(CODAS)} {family}"
            pronouns = rng.choice(PRONOUNS)
            birth = self.today - timedelta(days=rng.randint(16 * 365, 70 * 365))
            people.append(
                (
                    person,
                    uuid_hex(rng.getrandbits(128)),
                    org_id,
                    preferred,
                    legal,
                    pronouns,
                    day(birth),
                    rng.choice(LANGUAGES),
                    name_key(preferred, legal),
                    admin_id,
                    now,
                    now,
                )
            )
            kind = rng.choices(["phone", "text", "email"], weights=[5, 3, 2])[0]
            value = f"{given.lower()}{person}@example.org" if kind == "email" else self._phone()
            safe = rng.choice(["yes", "yes", "yes", "ask"])
            methods.append((person, kind, value, contact_key(kind, value), safe))
            status = str(rng.choices(statuses, weights)[0])
            author = navigator_id or setup.supervisor.pk
            notes = 0 if navigator_id == setup.navigator.pk else self.notes
            row = self._enrollment(
                enrollment,
                person,
                navigator_id,
                program,
                status,
                history,
                notes,
                author,
                given,
                pronouns,
            )
            enrollments.append(row)
            events.append((enrollment, person, CREATED, status, navigator_id, admin_id, now))
        made = {
            "participants": Table(Participant, PARTICIPANT_COLUMNS).write(people),
            "contact methods": Table(ContactMethod, METHOD_COLUMNS).write(methods),
            "enrollments": Table(Enrollment, ENROLLMENT_COLUMNS).write(enrollments),
            "events": Table(EnrollmentEvent, EVENT_COLUMNS).write(events),
        }
        made["contacts"], made["notes"] = history.write()
        return made

    def _enrollment(
        self,
        pk: int,
        person: int,
        navigator: int | None,
        program: Program,
        status: str,
        history: History,
        notes: int,
        author: int,
        name: str,
        pronouns: str,
    ) -> tuple[Any, ...]:
        rng = self.rng
        today = self.today
        started = today - timedelta(days=rng.randint(0, 540))
        in_service = status not in (Status.INQUIRY, Status.ELIGIBILITY)
        enrolled = min(today, started + timedelta(days=rng.randint(0, 10))) if in_service else None
        exited: date | None = None
        if status in (Status.EXITED, Status.FOLLOW_UP):
            exited = started + timedelta(days=rng.randint(0, (today - started).days))
        back = rng.randint(0, min(40, (today - started).days))
        if notes:
            # The history ends at the exit, or (still open, or checking in after it)
            # up to 40 days ago; the enrollment says what its newest contact says.
            end = self.now - timedelta(days=back, hours=rng.randint(0, 8))
            if status == Status.EXITED and exited is not None:
                end = datetime.combine(exited, dt_time(16), tzinfo=self.zone)
            signals = history.add(
                count=notes,
                organization_id=program.organization_id,
                enrollment_id=pk,
                participant_id=person,
                program_id=program.pk,
                note_due_hours=program.note_due_hours,
                author_id=author,
                name=name,
                pronouns=pronouns,
                start=datetime.combine(started, dt_time(9, 30), tzinfo=self.zone),
                end=end,
            )
        else:
            signals = Signals()
            if rng.random() < 0.9:
                signals.last_contact_at = self.now - timedelta(days=back, hours=rng.randint(0, 8))
        dates = _Dates(status, started, enrolled, signals.last_contact_at)
        if enrolled is not None and (today - enrolled).days > 14 and rng.random() < 0.85:
            dates.assessment_done_on = enrolled + timedelta(days=rng.randint(1, 14))
            if (today - enrolled).days > 30 and rng.random() < 0.85:
                dates.isp_done_on = enrolled + timedelta(days=rng.randint(15, 30))
        due = due_dates(cast(Enrollment, dates), program)
        next_on, next_what = due.next
        last = signals.last_contact_at
        now = moment(self.now)
        return (
            pk,
            uuid_hex(rng.getrandbits(128)),
            program.organization_id,
            person,
            program.pk,
            status,
            rng.choice(program.phases) if status == Status.ENROLLED else "",
            rng.choice(program.delivery_modes),
            navigator,
            day(started),
            day(enrolled),
            day(exited),
            "Reached their goals and moved on" if exited else "",
            moment(last) if last is not None else None,
            signals.attempts_in_row,
            moment(signals.note_due_at) if signals.note_due_at is not None else None,
            day(dates.assessment_done_on),
            day(dates.isp_done_on),
            day(due.contact),
            day(due.assessment),
            day(due.isp),
            day(next_on),
            next_what,
            now,
            now,
        )


@dataclass
class _Dates:
    """What ``due_dates`` reads of an enrollment (a model instance per row is slow)."""

    status: str
    started_on: date
    enrolled_on: date | None
    last_contact_at: datetime | None
    assessment_done_on: date | None = None
    isp_done_on: date | None = None


CREATED = str(EnrollmentEvent.Kind.CREATED)
PARTICIPANT_COLUMNS = (
    "id",
    "public_id",
    "organization_id",
    "preferred_name",
    "legal_name",
    "pronouns",
    "date_of_birth",
    "languages",
    "name_key",
    "created_by_id",
    "created_at",
    "updated_at",
)
METHOD_COLUMNS = ("participant_id", "kind", "value", "normalized", "safe_to_contact")
ENROLLMENT_COLUMNS = (
    "id",
    "public_id",
    "organization_id",
    "participant_id",
    "program_id",
    "status",
    "phase",
    "delivery_mode",
    "navigator_id",
    "started_on",
    "enrolled_on",
    "exited_on",
    "exit_reason",
    "last_contact_at",
    "attempts_in_row",
    "note_due_at",
    "assessment_done_on",
    "isp_done_on",
    "contact_due_on",
    "assessment_due_on",
    "isp_due_on",
    "next_due_on",
    "next_due_what",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = (
    "enrollment_id",
    "participant_id",
    "kind",
    "to_status",
    "navigator_id",
    "by_id",
    "at",
)


def ensure_setup() -> Setup:
    """The bench organization with its programs and the three people who sign in."""
    organization = Organization.objects.filter(name=BENCH_ORGANIZATION).order_by("pk").first()
    if organization is None:
        organization = create_organization(name=BENCH_ORGANIZATION)

    def person(username: str, display_name: str) -> User:
        found = User.objects.filter(organization=organization, username=username).first()
        if found is None:
            found = create_staff(
                organization=organization,
                username=username,
                email=f"{username}@bench.example.org",
                display_name=display_name,
                password=None,
            )
        return found

    admin = person("bench-admin", "Bench Administrator")
    grant_role(user=admin, role=Role.ADMIN)
    programs = []
    for settings in BENCH_PROGRAMS:
        program = Program.objects.filter(organization=organization, name=settings["name"]).first()
        if program is None:
            program = create_program(by=admin, organization=organization, **settings)
        programs.append(program)
    supervisor = person("bench-supervisor", "Bench Supervisor")
    for program in programs:
        grant_role(user=supervisor, role=Role.SUPERVISOR, program=program)
    navigator = person("bench-navigator", "Bench Navigator")
    grant_role(user=navigator, role=Role.NAVIGATOR, program=programs[0])
    return Setup(organization, programs, admin, supervisor, navigator)


def coach_note() -> dict[str, str]:
    """The 2,000-word note the coach is timed on (the same words on every run)."""
    return long_note(
        random.Random(2026),
        NOTE_WORDS,
        Who("Amani Mukendi", "they/them"),
        hurried_every=HURRIED_EVERY,
        hurried=HURRIED + LABELLED,
    )


def ensure_notes(
    setup: Setup, write: Callable[[str], None] | None = None
) -> tuple[uuid.UUID, uuid.UUID | None]:
    """The bench navigator's caseload with contacts, notes, appointments and commitments,
    and one long draft note; returns the public ids of that draft and of a signed note."""
    enrollments = list(
        Enrollment.objects.filter(navigator=setup.navigator)
        .select_related("program", "participant", "navigator")
        .prefetch_related("participant__contacts")
        .order_by("pk")
    )
    keys = dict(zip([p.pk for p in setup.programs], (YOUTH, HOUSING, RESETTLEMENT), strict=True))
    with transaction.atomic():
        if not Contact.objects.filter(enrollment__in=enrollments).exists():
            counts = seed_contacts_and_notes(
                rng=random.Random(2026),
                enrollments=enrollments,
                program_keys=keys,
                fallback={key: setup.supervisor for key in keys.values()},
                now=timezone.now(),
            )
            if write is not None:
                write(f"Added to {setup.navigator}'s caseload: {summary(counts)}.")
        long = Note.objects.filter(contact__creation_key=LONG_NOTE_KEY).first()
        if long is None:
            long = _long_draft(setup, enrollments)
    signed = (
        Note.objects.filter(enrollment__navigator=setup.navigator, status=Note.Status.SIGNED)
        .exclude(contact__outcome=Contact.Outcome.ATTEMPTED)
        .order_by("-created_at", "-pk")
        .values_list("public_id", flat=True)
        .first()
    )
    return long.public_id, signed


def _long_draft(setup: Setup, enrollments: list[Enrollment]) -> Note:
    open_ones = [e for e in enrollments if e.status not in (Status.EXITED,)]
    if not open_ones:
        raise CommandError("The bench navigator has no open enrollments; rebuild the bench data.")
    e = open_ones[0]
    now = timezone.now()
    happened = now - timedelta(hours=1)
    contact = Contact.objects.create(
        organization_id=e.organization_id,
        enrollment=e,
        participant_id=e.participant_id,
        outcome=Contact.Outcome.COMPLETED,
        method=Method.IN_PERSON,
        happened_at=happened,
        minutes=90,
        place=Place.OFFICE,
        logged_by=setup.navigator,
        logged_at=now,
        creation_key=LONG_NOTE_KEY,
    )
    note = Note.objects.create(
        organization_id=e.organization_id,
        contact=contact,
        enrollment=e,
        participant_id=e.participant_id,
        author=setup.navigator,
        created_at=now,
        updated_by=setup.navigator,
        updated_at=now,
        due_at=note_due(happened, e.program.note_due_hours),
        **coach_note(),
    )
    refresh_signals(e)
    return note


def time_coach(organization: Organization, runs: int) -> list[CoachTiming]:
    """The coach on the long note: the check alone, and as the note page calls it (with
    the look-up of the organization's list)."""
    texts = coach_note()
    words = sum(len(text.split()) for text in texts.values())
    coach = coaching.coach_for(organization.pk)
    flagged = sum(1 for a in coach.check(texts) if a.found)
    own = CoachPhrase.objects.filter(organization=organization, active=True).count()
    phrases = f"the organization's list ({own} phrases)" if own else "the default list"

    def check() -> object:
        return coach.check(texts, attempt=False, goals_linked=True, next_meeting=True)

    def advise() -> object:
        return coaching.advice_for(
            texts,
            organization_id=organization.pk,
            attempt=False,
            goals_linked=True,
            next_meeting=True,
        )

    found = []
    for what, call in (("check", check), ("advice_for", advise)):
        for _ in range(WARMUP):
            call()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            call()
        timing = Timing(what, "", times, len(queries.captured_queries))
        found.append(CoachTiming(what, timing, words, flagged, phrases))
    return found


def _timed(
    page: str,
    user: User,
    label: str,
    count: int,
    call: Callable[[Client, int], HttpResponseBase],
    *,
    budget: float = math.inf,
) -> Timing:
    """``count`` requests of one page, or as many as fit in ``budget`` seconds (at least
    one), after a warm-up."""
    client = Client()
    client.force_login(user, backend=LOGIN_BACKEND)

    def checked(i: int) -> HttpResponseBase:
        response = call(client, i)
        if response.status_code != 200:
            raise CommandError(
                f"{page} as {user.username} answered {response.status_code}, not 200 "
                f"(request {i + 1})."
            )
        return response

    began = time.perf_counter()
    for i in range(WARMUP):
        checked(i)
        if time.perf_counter() - began > budget:
            break
    times: list[float] = []
    sql_times: list[float] = []
    for i in range(count):
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            start = time.perf_counter()
            checked(i)
            times.append(time.perf_counter() - start)
        sql_times.append(clock.spent)
        if time.perf_counter() - began > budget:
            break
    with CaptureQueriesContext(connection) as queries:
        checked(count)
    queries_made = len(queries.captured_queries)
    return Timing(page, label, times, queries_made, sql_times, len(times) < count)


def _database() -> str:
    if connection.vendor == "postgresql":
        version = connection.pg_version  # type: ignore[attr-defined]
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name


class Command(BaseCommand):
    help = (
        "Build (or reuse) a synthetic 'Bench Organization' with N participants, then time the "
        "caseload, supervision, search, participant and dashboard pages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument(
            "--notes-per-participant",
            type=int,
            default=NOTES,
            help="Contacts, each with its note, over each new participant's enrollment.",
        )
        parser.add_argument(
            "--skip-hmis", action="store_true", help="Leave out the HMIS sample import."
        )
        parser.add_argument(
            "--load",
            action="store_true",
            help="Instead of timing in process, serve with gunicorn and measure requests/s.",
        )
        parser.add_argument(
            "--page-budget",
            type=float,
            default=120.0,
            help="Stop timing a page after this many seconds (at least one request).",
        )
        parser.add_argument(
            "--pages",
            type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
            default=[],
            help="Time only the pages whose name contains one of these, comma-separated "
            "(e.g. 'caseload,/supervision/').",
        )
        parser.add_argument("--seconds", type=float, default=60.0, help="Load run: per page.")
        parser.add_argument("--clients", type=int, default=8, help="Load run: at once.")
        parser.add_argument("--workers", type=int, default=4, help="Load run: gunicorn's.")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted: int = options["participants"]
        requests: int = options["requests"]
        per_person: int = options["notes_per_participant"]
        if wanted < PER_NAVIGATOR or requests < 1 or per_person < 0:
            raise CommandError(
                f"Use at least {PER_NAVIGATOR} participants and 1 request, and no fewer "
                "than 0 notes per participant."
            )
        if not options["page_budget"] > 0:
            raise CommandError("Use a --page-budget above 0 seconds.")
        setup = ensure_setup()
        have = Participant.objects.filter(organization=setup.organization).count()
        build_seconds = 0.0
        if have >= wanted:
            self.stdout.write(f"Reusing {BENCH_ORGANIZATION}: {have:,} participants already there.")
        else:
            self.stdout.write(
                f"Building {BENCH_ORGANIZATION}: adding {wanted - have:,} participants…"
            )
            started = time.perf_counter()
            builder = Builder(setup, seed=2026 + have, write=self.stdout.write, notes=per_person)
            made = builder.build(wanted - have)
            # The load writes with triggers off (see bulk.loading), so the note, contact
            # and due-day counts the triggers keep are recounted once, at the end.
            note_hours.rebuild()
            contact_quarters.rebuild()
            quiet_days.rebuild()
            build_seconds = time.perf_counter() - started
            rows = sum(made.values())
            self.stdout.write(
                f"Built in {build_seconds:.1f} s: {rows:,} rows "
                f"({rows / max(build_seconds, 1e-9):,.0f} rows/s; "
                + ", ".join(f"{count:,} {what}" for what, count in made.items())
                + ")."
            )
        # The bulk load bypasses the actions that keep caseload counts.
        rebuild_caseload_counts([program.pk for program in setup.programs])
        total = Participant.objects.filter(organization=setup.organization).count()
        notes = ensure_notes(setup, self.stdout.write)
        # Bulk loads leave the query planner without statistics (PostgreSQL until
        # autovacuum runs, SQLite until ANALYZE); a live database has them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if options["load"]:
            self.load(setup, options, total)
            return
        with override_settings(DEBUG=False):
            timings = self.measure(setup, requests, notes, options["page_budget"], options["pages"])
            coach = time_coach(setup.organization, max(COACH_RUNS, requests))
        self.report(timings, total, build_seconds)
        self.report_coach(coach)
        if not options["skip_hmis"]:
            self.report_hmis()

    def load(self, setup: Setup, options: dict[str, Any], total: int) -> None:
        if options["seconds"] <= 0 or options["clients"] < 1 or options["workers"] < 1:
            raise CommandError("Use a positive --seconds, --clients and --workers.")
        own = [
            f"/participants/{public_id}/"
            for public_id in Participant.objects.filter(
                enrollments__navigator=setup.navigator, organization=setup.organization
            )
            .order_by("pk")
            .values_list("public_id", flat=True)
        ]
        pages = [
            load.Page("GET /caseload/", setup.navigator, "navigator", ["/caseload/"]),
            load.Page("GET /participants/<id>/", setup.navigator, "navigator", own),
            load.Page(
                "GET /supervision/", setup.supervisor, "supervisor (3 programs)", ["/supervision/"]
            ),
        ]
        results = load.run(
            pages,
            workers=options["workers"],
            clients=options["clients"],
            seconds=options["seconds"],
            write=self.stdout.write,
        )
        self.stdout.write("")
        self.stdout.write(
            f"Database: {_database()} ({connection.vendor}); {total:,} participants "
            f"in {BENCH_ORGANIZATION}; a real server, DEBUG off."
        )
        header = ("page", "as", "clients", "requests", "req/s", "p50 ms", "p95 ms", "errors")
        rows = [
            (
                r.page.name,
                r.page.label,
                str(r.clients),
                str(len(r.times)),
                f"{r.per_second:.1f}",
                f"{r.percentile(0.50):.1f}",
                f"{r.percentile(0.95):.1f}",
                ", ".join(f"{n} answered {status}" for status, n in sorted(r.errors.items()))
                or "0",
            )
            for r in results
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, tuple("-" * w for w in widths), *rows]:
            self.stdout.write(
                "  ".join(
                    cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                    for i, cell in enumerate(row)
                )
            )
        if any(r.errors for r in results):
            raise CommandError("Some requests under load did not answer 200 (see errors).")

    def report_hmis(self) -> None:
        from waypoint.hmis.bench import measure_sample_import, sample_path

        self.stdout.write("")
        self.stdout.write("HMIS sample import (HUD's synthetic FY2026 sample, rolled back)…")
        found = measure_sample_import()
        if found is None:
            self.stdout.write(self.style.WARNING(f"Not measured: no sample at {sample_path()}."))
            return
        made = found.created
        self.stdout.write(
            f"HMIS sample import: {found.seconds:.1f} s (reading {found.read_seconds:.1f} s), "
            f"peak Python memory {found.peak_bytes / 1024 / 1024:.0f} MB; "
            f"{made.get('participants', 0):,} people, {made.get('enrollments', 0):,} "
            f"enrollments, {made.get('exits', 0):,} exits, {made.get('programs', 0)} programs; "
            f"{found.left_out} left out, {found.errors} errors."
        )

    def measure(
        self,
        setup: Setup,
        count: int,
        notes: tuple[uuid.UUID, uuid.UUID | None],
        budget: float = math.inf,
        pages: Sequence[str] = (),
    ) -> list[Timing]:
        rng = random.Random(2026)
        org = setup.organization
        own = list(
            Participant.objects.filter(
                enrollments__navigator=setup.navigator, organization=org
            ).values_list("public_id", "name_key")
        )
        if not own:
            raise CommandError("The bench navigator has no participants; rebuild the bench data.")
        bounds = Participant.objects.filter(organization=org).aggregate(
            low=Min("pk"), high=Max("pk")
        )
        picks = sorted(
            {rng.randint(bounds["low"], bounds["high"]) for _ in range(count * 2 + WARMUP + 10)}
        )
        sample = list(
            Participant.objects.filter(organization=org, pk__in=picks).values_list(
                "public_id", "name_key"
            )
        )
        rng.shuffle(sample)

        def words(rows: Sequence[tuple[Any, str]]) -> list[str]:
            found = []
            for _, key in rows:
                word = rng.choice(key.split())
                found.append(word[: rng.randint(4, max(4, len(word)))])
            return found

        own_words = words(own)
        org_words = words(sample)
        self.stdout.write(f"Timing {count} requests per page…")

        def get(path: str) -> Callable[[Client, int], HttpResponseBase]:
            return lambda client, i: client.get(path)

        def timed(*args: Any) -> Timing | None:
            if pages and not any(wanted in args[0] for wanted in pages):
                return None
            return _timed(*args, budget=budget)

        long, signed = notes
        note_pages = [
            timed(
                "GET /notes/<id>/",
                setup.navigator,
                f"navigator (draft, {NOTE_WORDS:,} words, coach)",
                count,
                get(f"/notes/{long}/"),
            )
        ]
        if signed is not None:
            note_pages.append(
                timed(
                    "GET /notes/<id>/",
                    setup.navigator,
                    "navigator (signed)",
                    count,
                    get(f"/notes/{signed}/"),
                )
            )
        found = [
            timed("GET /caseload/", setup.navigator, "navigator", count, get("/caseload/")),
            timed(
                "GET /supervision/",
                setup.supervisor,
                "supervisor (3 programs)",
                count,
                get("/supervision/"),
            ),
            timed(
                "POST /participants/search/",
                setup.navigator,
                "navigator",
                count,
                lambda client, i: client.post(
                    "/participants/search/", {"q": own_words[i % len(own_words)]}
                ),
            ),
            timed(
                "POST /participants/search/",
                setup.supervisor,
                "supervisor (3 programs)",
                count,
                lambda client, i: client.post(
                    "/participants/search/", {"q": org_words[i % len(org_words)]}
                ),
            ),
            timed(
                "GET /participants/<id>/",
                setup.navigator,
                "navigator",
                count,
                lambda client, i: client.get(f"/participants/{own[i % len(own)][0]}/"),
            ),
            timed(
                "GET /participants/<id>/",
                setup.supervisor,
                "supervisor (3 programs)",
                count,
                lambda client, i: client.get(f"/participants/{sample[i % len(sample)][0]}/"),
            ),
            timed(
                "GET /programs/<id>/dashboard/",
                setup.supervisor,
                "supervisor (12 weeks, every chart)",
                count,
                get(f"/programs/{setup.programs[0].pk}/dashboard/"),
            ),
            *note_pages,
        ]
        return [timing for timing in found if timing is not None]

    def report(self, timings: list[Timing], total: int, build_seconds: float) -> None:
        header = (
            "page",
            "as",
            "requests",
            "p50 ms",
            "p95 ms",
            "max ms",
            "SQL p50 ms",
            "over SQL",
            "queries",
        )
        rows = [
            (
                t.page,
                t.user,
                str(len(t.times)),
                f"{t.percentile(0.50):.1f}",
                f"{t.percentile(0.95):.1f}",
                f"{max(t.times) * 1000:.1f}",
                f"{t.sql_percentile(0.50):.1f}",
                f"{t.ratio():.1f}",
                str(t.queries),
            )
            for t in timings
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(
                cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                for i, cell in enumerate(cells)
            )

        self.stdout.write("")
        built = f"; built in {build_seconds:.1f} s" if build_seconds else ""
        self.stdout.write(
            f"Database: {_database()} ({connection.vendor}); {total:,} participants "
            f"in {BENCH_ORGANIZATION}{built}."
        )
        self.stdout.write(line(header))
        self.stdout.write(line(["-" * w for w in widths]))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(
            "SQL p50: time in the database driver during the request; over SQL: the "
            "request's p50 divided by it (the goal: p95 at most 50 ms and at most 2 times "
            "its SQL, on PostgreSQL)."
        )
        cut = [t for t in timings if t.cut_short]
        if cut:
            names = ", ".join(f"{t.page} ({t.user}): {len(t.times)}" for t in cut)
            self.stdout.write(
                self.style.WARNING(f"Stopped at the page budget (--page-budget) after: {names}.")
            )
        slow = [t for t in timings if t.percentile(0.95) > TARGET_P95_MS]
        if slow:
            names = ", ".join(f"{t.page} ({t.user})" for t in slow)
            self.stdout.write(
                self.style.WARNING(f"Slower than {TARGET_P95_MS} ms at p95: {names}.")
            )

    def report_coach(self, found: list[CoachTiming]) -> None:
        if not found:
            return
        first = found[0]
        self.stdout.write("")
        self.stdout.write(
            f"Writing coach: a {first.words:,}-word note in 5 sections, {first.flagged} words "
            f"pointed out, {first.phrases}; {len(first.timing.times)} runs each."
        )
        header = ("what", "runs", "p50 ms", "p95 ms", "max ms", "queries", "target")
        rows = [
            (
                "Coach.check" if c.what == "check" else "advice_for (looks up the list)",
                str(len(c.timing.times)),
                f"{c.timing.percentile(0.50):.1f}",
                f"{c.timing.percentile(0.95):.1f}",
                f"{max(c.timing.times) * 1000:.1f}",
                str(c.timing.queries),
                f"< {COACH_TARGET_MS:.0f} ms",
            )
            for c in found
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(
                cell.ljust(widths[i]) if i in (0, 6) else cell.rjust(widths[i])
                for i, cell in enumerate(cells)
            ).rstrip()

        self.stdout.write(line(header))
        self.stdout.write(line(["-" * w for w in widths]))
        for row in rows:
            self.stdout.write(line(row))
        slow = [c for c in found if c.timing.percentile(0.95) >= COACH_TARGET_MS]
        if slow:
            names = ", ".join(c.what for c in slow)
            self.stdout.write(
                self.style.WARNING(f"Writing coach over {COACH_TARGET_MS:.0f} ms at p95: {names}.")
            )
