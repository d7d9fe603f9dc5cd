"""The navigator's caseload and the supervisor's overview, each a bounded number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import (
    PROGRAM_WIDE_ROLES,
    Membership,
    Organization,
    Program,
    Role,
    User,
)
from waypoint.accounts.queries import access_for
from waypoint.enrollments import quiet_days
from waypoint.enrollments.models import (
    CAP_STATUSES,
    CASELOAD_STATUSES,
    CaseloadCount,
    Enrollment,
)
from waypoint.notes.relationship import DUE_LABELS, needs_attention
from waypoint.participants.normalize import name_key
from waypoint.participants.queries import record_listing

ROW_LIMIT = 200
SORTS = {
    "name": ("participant__preferred_name", "pk"),
    "due": ("next_due_on", "participant__preferred_name"),
    "contact": ("contact_due_on", "participant__preferred_name"),
    "enrolled": ("enrolled_on", "started_on"),
}
DUE_FILTERS = {
    "overdue": gettext_lazy("Overdue"),
    "week": gettext_lazy("Due within 7 days"),
    "none": gettext_lazy("Nothing due"),
}


@dataclass
class Row:
    enrollment: Enrollment
    days_enrolled: int | None
    days_since_contact: int
    since_enrollment: bool
    due_label: str
    due_on: date | None
    overdue: bool
    due_soon: bool
    # What needs attention (``needs_attention``): the overdue due item and the signals.
    signals: list[Any] = field(default_factory=list)
    # Days to the planned transition date (negative once it passed), or None.
    transition_days: int | None = None
    # Days the next due item is late (0 when it is not), and whether it is later than
    # the program's review window (``review_window``): then it is grouped for review.
    days_overdue: int = 0
    long_overdue: bool = False
    # The current plan version to open, when there is one (set by ``my_caseload``).
    plan: Any = None


@dataclass
class Filters:
    q: str = ""
    program: int | None = None
    phase: str = ""
    due: str = ""
    sort: str = "due"


# An item overdue by more than this many days when the program sets no contact standard.
REVIEW_FALLBACK_DAYS = 30


def review_window(program: Program) -> int:
    """Days an item may be overdue and still be today's work: the program's contact
    standard. Later than that, it outlived a whole contact cycle (the contact that
    should have happened did not settle it), so it is grouped for a review instead of
    flagged on its own row. 30 days when the program sets no contact standard."""
    return program.contact_every_days or REVIEW_FALLBACK_DAYS


def build_row(e: Enrollment, today: date) -> Row:
    if e.last_contact_at is not None:
        since = (today - timezone.localtime(e.last_contact_at).date()).days
        from_enrollment = False
    else:
        since = (today - (e.enrolled_on or e.started_on)).days
        from_enrollment = True
    late = (today - e.next_due_on).days if e.next_due_on and e.next_due_on < today else 0
    return Row(
        enrollment=e,
        days_enrolled=(today - e.enrolled_on).days if e.enrolled_on else None,
        days_since_contact=since,
        since_enrollment=from_enrollment,
        due_label=str(DUE_LABELS.get(e.next_due_what, "")),
        due_on=e.next_due_on,
        overdue=bool(e.next_due_on and e.next_due_on < today),
        due_soon=bool(e.next_due_on and today <= e.next_due_on <= today + timedelta(days=7)),
        signals=needs_attention(e, today),
        transition_days=(e.transition_on - today).days if e.transition_on else None,
        days_overdue=late,
        long_overdue=late > review_window(e.program),
    )


def _filtered(enrollments: QuerySet[Enrollment], filters: Filters) -> QuerySet[Enrollment]:
    today = timezone.localdate()
    for word in name_key(filters.q).split()[:6]:
        enrollments = enrollments.filter(participant__name_key__contains=word)
    if filters.program:
        enrollments = enrollments.filter(program_id=filters.program)
    if filters.phase:
        if filters.phase.startswith("status:"):
            enrollments = enrollments.filter(status=filters.phase.removeprefix("status:"))
        else:
            enrollments = enrollments.filter(status="enrolled", phase=filters.phase)
    if filters.due == "overdue":
        enrollments = enrollments.filter(next_due_on__lt=today)
    elif filters.due == "week":
        enrollments = enrollments.filter(
            next_due_on__gte=today, next_due_on__lte=today + timedelta(days=7)
        )
    elif filters.due == "none":
        enrollments = enrollments.filter(next_due_on__isnull=True)
    return enrollments.order_by(*SORTS.get(filters.sort, SORTS["due"]))


@dataclass
class Caseload:
    rows: list[Row]
    total: int
    truncated: bool
    programs: list[Program] = field(default_factory=list)

    # Group the long overdue rows for a review (the "what is due next" order); any
    # other order asked for keeps every row in one list.
    grouped: bool = True

    @property
    def current(self) -> list[Row]:
        """The rows to work from today, in the order asked for."""
        return [r for r in self.rows if not (self.grouped and r.long_overdue)]

    @property
    def review(self) -> list[Row]:
        """The rows whose next due item is overdue past the program's review window,
        grouped for a review instead of a flag on each row (same order)."""
        return [r for r in self.rows if self.grouped and r.long_overdue]

    @property
    def review_windows(self) -> list[int]:
        """The review windows (days) of the grouped rows' programs, smallest first."""
        return sorted({review_window(r.enrollment.program) for r in self.review})


def caseload_enrollments(user: User, filters: Filters) -> QuerySet[Enrollment]:
    """Every enrollment of the user's own caseload matching ``filters``, sorted (the
    page shows the first ``ROW_LIMIT``; a download takes them all). Records nothing."""
    base = Enrollment.objects.filter(
        navigator_id=user.pk,
        status__in=CASELOAD_STATUSES,
        organization_id=user.organization_id or -1,
    )
    access = access_for(user)
    if not access.is_admin:
        base = base.filter(program_id__in=list(access.roles_by_program))
    return _filtered(base, filters).select_related("participant", "program")


def my_caseload(user: User, filters: Filters) -> Caseload:
    """The user's own active participants, filtered and sorted. Records nothing: the
    page records everyone it shows, these rows among them, in one audit append."""
    found = caseload_enrollments(user, filters)
    enrollments = list(found[: ROW_LIMIT + 1])
    today = timezone.localdate()
    rows = [build_row(e, today) for e in enrollments[:ROW_LIMIT]]
    plans = current_plans([r.enrollment.pk for r in rows])
    for row in rows:
        row.plan = plans.get(row.enrollment.pk)
    return Caseload(
        rows=rows,
        total=len(rows),
        truncated=len(enrollments) > ROW_LIMIT,
        grouped=filters.sort == "due",
    )


def with_rows(organization_id: int | None, lists: Mapping[str, QuerySet[Any]]) -> set[str]:
    """Which of the named ``lists`` have at least one row, asked in one query (an EXISTS
    each). The home page asks this first and reads only the lists that have something:
    most days most of its panels are empty, and an empty panel's own query (its joins,
    its ordering) costs several times its EXISTS to build and plan."""
    asked = {name: rows for name, rows in lists.items() if not rows.query.is_empty()}
    if organization_id is None or not asked:
        return set()
    found = (
        Organization.objects.filter(pk=organization_id)
        .annotate(**{f"has_{name}": Exists(rows) for name, rows in asked.items()})
        .values(*(f"has_{name}" for name in asked))
        .first()
    )
    return {name for name in asked if found and found[f"has_{name}"]}


def current_plans(enrollment_ids: list[int]) -> dict[int, Any]:
    """The newest plan version of each enrollment that has one (one query). Only its
    ``public_id`` and ``number`` are loaded: the caseload links to it, nothing more."""
    from waypoint.plans.models import PlanVersion

    if not enrollment_ids:
        return {}
    found: dict[int, Any] = {}
    versions = (
        PlanVersion.objects.filter(plan__enrollment_id__in=enrollment_ids)
        .order_by("plan__enrollment_id", "-number")
        .values_list("plan__enrollment_id", "public_id", "number")
    )
    for enrollment_id, public_id, number in versions:
        found.setdefault(enrollment_id, PlanLink(public_id, number))
    return found


@dataclass(frozen=True)
class PlanLink:
    public_id: Any
    number: int


def supervised_programs(user: User) -> QuerySet[Program]:
    access = access_for(user)
    programs = Program.objects.filter(organization_id=access.organization_id or -1)
    if access.is_admin:
        return programs.order_by("name")
    return programs.filter(pk__in=access.programs_with(PROGRAM_WIDE_ROLES)).order_by("name")


@dataclass
class NoteCounts:
    """Notes signed in the last ``NOTE_DAYS`` days (and how many late), and drafts past
    their window now."""

    signed: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * (self.signed - self.late) / self.signed) if self.signed else None


NOTE_DAYS = 30


@dataclass
class NoteFigures:
    programs: dict[int, NoteCounts]
    authors: dict[tuple[int, int], NoteCounts]


def note_counts(program_ids: list[int], authors: list[int]) -> NoteFigures:
    """Note timeliness per program, and per (program, author) for ``authors``.

    Reads the hourly counts the database keeps (``notes.note_hours``): notes signed since
    the start of the hour ``NOTE_DAYS`` days ago, and drafts whose window closed before
    this hour; then the drafts due earlier in this hour, from the notes. Two queries,
    whatever the number of notes."""
    from waypoint.notes.models import Note, NoteHour
    from waypoint.notes.note_hours import EVERYONE, SECONDS_PER_HOUR, hour_of

    now = timezone.now()
    this_hour = hour_of(now)
    recent = Q(hour__gte=hour_of(now - timedelta(days=NOTE_DAYS)))
    found = NoteFigures({}, {})

    kept = (
        NoteHour.objects.filter(program_id__in=program_ids, author_id__in=[*authors, EVERYONE])
        # The last 30 days, and the hours with drafts still open (a partial index).
        .filter(recent | Q(drafts__gt=0, hour__lt=this_hour))
        .values_list("program_id", "author_id")
        .annotate(
            signed=Sum("signed", filter=recent),
            late=Sum("late", filter=recent),
            overdue=Sum("drafts", filter=Q(hour__lt=this_hour)),
        )
        .order_by()
    )
    for program_id, author_id, signed, late, overdue in kept:
        counts = NoteCounts(signed or 0, late or 0, overdue or 0)
        if author_id == EVERYONE:
            found.programs[program_id] = counts
        else:
            found.authors[(program_id, author_id)] = counts
    due_now = (
        Note.objects.filter(
            status=Note.Status.DRAFT,
            due_at__gte=datetime.fromtimestamp(this_hour * SECONDS_PER_HOUR, tz=UTC),
            due_at__lt=now,
            enrollment__program_id__in=program_ids,
        )
        .values_list("enrollment__program_id", "author_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for program_id, author_id, count in due_now:
        found.programs.setdefault(program_id, NoteCounts()).overdue += count
        if author_id in authors:
            found.authors.setdefault((program_id, author_id), NoteCounts()).overdue += count
    return found


@dataclass
class NavigatorLoad:
    navigator: User | None
    program: Program
    count: int
    quiet: int
    notes: NoteCounts = field(default_factory=lambda: NoteCounts())

    @property
    def over_cap(self) -> bool:
        return self.count > self.program.caseload_cap

    @property
    def at_cap(self) -> bool:
        return self.count >= self.program.caseload_cap

    @property
    def meter_max(self) -> int:
        return max(self.count, self.program.caseload_cap)

    @property
    def meter_low(self) -> int:
        return max(1, (self.program.caseload_cap * 4) // 5)

    @property
    def room(self) -> int:
        return max(0, self.program.caseload_cap - self.count)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.count / max(1, self.program.caseload_cap)))


@dataclass
class ProgramSummary:
    program: Program
    navigators: int = 0
    active: int = 0
    at_or_over_cap: int = 0
    quiet: int = 0
    unassigned: int = 0
    notes: NoteCounts = field(default_factory=NoteCounts)
    conferences: Any = None  # conferences.outcomes.ConferenceCounts


@dataclass
class Overview:
    loads: list[NavigatorLoad]
    load_page: Any
    summaries: list[ProgramSummary]
    quiet_rows: list[Row]
    quiet_total: int
    programs: list[Program]


@dataclass
class _ProgramLoads:
    active: int = 0
    unassigned: int = 0
    navigators: int = 0
    at_or_over_cap: int = 0


class _Loads:
    """Every (program, navigator) of the supervision page's caseload table, busiest first
    (then program name, then navigator, "waiting for a navigator" before anyone), as a
    sequence the paginator counts and slices in the database: those holding a caseload
    (the kept counts), the program's people waiting for a navigator, then the other
    navigators of the program, at zero. Three queries however many navigators."""

    def __init__(self, program_ids: list[int]) -> None:
        self.program_ids = program_ids
        kept = CaseloadCount.objects.filter(program_id__in=program_ids)
        holding = kept.filter(open_count__gt=0)
        self.holding = holding
        self.others = Membership.objects.filter(
            program_id__in=program_ids, role=Role.NAVIGATOR, user__is_active=True
        ).exclude(
            Exists(holding.filter(program_id=OuterRef("program_id"), navigator=OuterRef("user")))
        )
        self._programs: dict[int, _ProgramLoads] | None = None

    def per_program(self) -> dict[int, _ProgramLoads]:
        if self._programs is None:
            found = {pid: _ProgramLoads() for pid in self.program_ids}
            held = Q(navigator__isnull=False, open_count__gt=0)
            for pid, active, unassigned, holders, at_cap in (
                CaseloadCount.objects.filter(program_id__in=self.program_ids)
                .values_list("program_id")
                .annotate(
                    active=Sum("open_count"),
                    unassigned=Sum("open_count", filter=Q(navigator__isnull=True)),
                    holders=Count("pk", filter=held),
                    at_cap=Count("pk", filter=held & Q(open_count__gte=F("program__caseload_cap"))),
                )
                .order_by()
            ):
                loads = found[pid]
                loads.active, loads.unassigned = active or 0, unassigned or 0
                loads.navigators, loads.at_or_over_cap = holders, at_cap
            for pid, cap, n in (
                self.others.values_list("program_id", "program__caseload_cap")
                .annotate(n=Count("user_id", distinct=True))
                .order_by()
            ):
                found[pid].navigators += n
                if cap <= 0:  # zero against a cap of zero is at it
                    found[pid].at_or_over_cap += n
            self._programs = found
        return self._programs

    def count(self) -> int:
        waiting = sum(1 for p in self.per_program().values() if p.unassigned)
        return sum(p.navigators for p in self.per_program().values()) + waiting

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple[int, int | None, int]]:
        start, stop, _ = index.indices(self.count())
        if start >= stop:
            return []
        rows = (
            self.holding.annotate(who=Coalesce("navigator_id", 0), name=F("program__name"))
            .values_list("program_id", "navigator_id", "open_count", "name", "who")
            .union(
                self.others.annotate(
                    n=Value(0, output_field=IntegerField()), name=F("program__name")
                ).values_list("program_id", "user_id", "n", "name", "user_id")
            )
            .order_by("-open_count", "name", "who")
        )
        return [(pid, nid or None, n) for pid, nid, n, _, _ in rows[start:stop]]


QUIET_LIMIT = 50
LOADS_PER_PAGE = 25


def supervision(
    user: User, program_id: int | None = None, page: Any = 1, *, every: bool = False
) -> Overview:
    """Each navigator's caseload against the cap (busiest first), per-program summaries,
    and who has had no contact lately. Reads the kept caseload counts, so the cost
    follows the number of navigators, not the number of enrollments. Records the
    people listed, unless ``every``: then every navigator and every quiet person (not
    one page of them) for a download, whose caller records what it lists."""
    from django.core.paginator import Paginator

    programs = list(supervised_programs(user))
    if program_id:
        programs = [p for p in programs if p.pk == program_id]
    ids = [p.pk for p in programs]
    by_id = {p.pk: p for p in programs}
    today = timezone.localdate()
    summaries = {pid: ProgramSummary(by_id[pid]) for pid in ids}
    loads_found = _Loads(ids)
    for pid, figures in loads_found.per_program().items():
        summary = summaries[pid]
        summary.active, summary.unassigned = figures.active, figures.unassigned
        summary.navigators = figures.navigators
        summary.at_or_over_cap = figures.at_or_over_cap
    load_page: Any = Paginator(
        loads_found,  # type: ignore[arg-type]
        max(1, loads_found.count()) if every else LOADS_PER_PAGE,
    ).get_page(1 if every else page)
    counted = {(pid, nid): n for pid, nid, n in load_page.object_list}
    shown = [(pid, nid) for pid, nid, _ in load_page.object_list]
    people = User.objects.in_bulk([nid for _, nid in shown if nid is not None])
    quiet_by_key: dict[tuple[int, int | None], int] = {}
    notes_by_key: dict[Any, NoteCounts] = {}
    program_notes: dict[int, NoteCounts] | None = None
    if shown:
        assigned = [nid for _, nid in shown if nid is not None]
        who = Q(navigator_id__in=assigned)
        if any(nid is None for _, nid in shown):
            who |= Q(navigator__isnull=True)
        quiet_counts = (
            Enrollment.objects.filter(
                who,
                program_id__in=ids,
                status__in=CAP_STATUSES,
                contact_due_on__lt=today,
            )
            .values_list("program_id", "navigator_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        quiet_by_key = {(pid, nid): n for pid, nid, n in quiet_counts}
        notes = note_counts(ids, assigned)
        notes_by_key = dict(notes.authors)
        program_notes = notes.programs
    loads = [
        NavigatorLoad(
            people.get(nid) if nid is not None else None,
            by_id[pid],
            counted.get((pid, nid), 0),
            quiet_by_key.get((pid, nid), 0),
            notes_by_key.get((pid, nid), NoteCounts()) if nid is not None else NoteCounts(),
        )
        for pid, nid in shown
    ]
    if program_notes is None:
        program_notes = note_counts(ids, []).programs
    for pid, counts in program_notes.items():
        summaries[pid].notes = counts
    from waypoint.conferences.outcomes import program_counts

    for pid, held in program_counts(ids, today).items():
        summaries[pid].conferences = held
    # How many have gone quiet, from the counts kept by due day (a few thousand rows;
    # counting the enrollments themselves read most of them at a million).
    for pid, n in quiet_days.quiet_counts(ids, today).items():
        summaries[pid].quiet = n
    quiet = Enrollment.objects.filter(
        program_id__in=ids, status__in=CASELOAD_STATUSES, contact_due_on__lt=today
    )
    listed = quiet.select_related("participant", "program", "navigator").order_by(
        "contact_due_on", "pk"
    )
    rows = [build_row(e, today) for e in (listed if every else listed[:QUIET_LIMIT])]
    if not every:
        record_listing(user, [r.enrollment.participant for r in rows], "list")
    return Overview(
        loads=loads,
        load_page=load_page,
        summaries=list(summaries.values()),
        quiet_rows=rows,
        quiet_total=sum(s.quiet for s in summaries.values()),
        programs=programs,
    )


def phase_choices(programs: list[Program]) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    for status, label in (
        ("inquiry", _("Inquiry")),
        ("eligibility", _("Eligibility")),
        ("exiting", _("Exiting")),
        ("follow_up", _("Follow-up")),
    ):
        choices.append((f"status:{status}", label))
    seen: set[str] = set()
    for program in programs:
        for phase in program.phases:
            if phase not in seen:
                seen.add(phase)
                choices.append((phase, _("Enrolled: %(phase)s") % {"phase": phase}))
    return choices


# --- The worklist on the navigator's home ---------------------------------------------

# How many items of each list the "Today" strip shows before "All n".
TODAY_LIMIT = 3
WEEK_DAYS = 7


@dataclass
class Promise:
    """One thing the navigator promised: a commitment from a note or the participant's
    page (``kind`` "commitment"), or an action item agreed in a conference ("action")."""

    kind: str
    item: Any
    due_on: date | None
    days_over: int  # days past due (0 when not late or no date)
    long_overdue: bool


@dataclass
class Worklist:
    today: date
    appointments_now: list[Any]  # today's, and earlier ones not yet recorded
    appointments_later: list[Any]  # the rest of the next seven days
    drafts: list[Any]
    promises_soon: list[Promise]  # overdue (within the review window) or due within 7 days
    promises_later: list[Promise]  # due later, or with no date
    promises_review: list[Promise]  # overdue past their program's review window

    @property
    def promises(self) -> int:
        return len(self.promises_soon) + len(self.promises_later) + len(self.promises_review)

    @property
    def review_windows(self) -> list[int]:
        return sorted({review_window(p.item.enrollment.program) for p in self.promises_review})


def worklist(home: Any, follow_up: Any, today: date) -> Worklist:
    """Sort what the navigator has on (``notes.queries.my_home`` and their conference
    action items) into today's work, the rest of the week, and a review pile. No queries:
    it reads what those already loaded."""
    now: list[Any] = []
    later: list[Any] = []
    for a in home.appointments:
        (now if timezone.localtime(a.starts_at).date() <= today else later).append(a)
    promises: list[Promise] = []
    for kind, items in (("commitment", home.commitments), ("action", follow_up.mine)):
        for item in items:
            over = (today - item.due_on).days if item.due_on and item.due_on < today else 0
            window = review_window(item.enrollment.program)
            promises.append(Promise(kind, item, item.due_on, over, over > window))
    promises.sort(key=lambda p: (p.due_on is None, p.due_on or today))
    soon_until = today + timedelta(days=WEEK_DAYS)
    return Worklist(
        today=today,
        appointments_now=now,
        appointments_later=later,
        drafts=list(home.drafts),
        promises_soon=[
            p for p in promises if not p.long_overdue and p.due_on and p.due_on <= soon_until
        ],
        promises_later=[p for p in promises if not p.due_on or p.due_on > soon_until],
        promises_review=[p for p in promises if p.long_overdue],
    )
