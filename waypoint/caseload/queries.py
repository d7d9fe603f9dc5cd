"""The navigator's caseload and the supervisor's overview, each a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import PROGRAM_WIDE_ROLES, Membership, Program, Role, User
from waypoint.accounts.queries import access_for
from waypoint.enrollments.models import (
    CAP_STATUSES,
    CASELOAD_STATUSES,
    CaseloadCount,
    Enrollment,
)
from waypoint.notes.relationship import signals
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
DUE_LABELS = {
    "contact": gettext_lazy("Contact"),
    "assessment": gettext_lazy("Assessment"),
    "reassessment": gettext_lazy("Reassessment"),
    "isp": gettext_lazy("Service plan"),
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
    signals: list[Any] = field(default_factory=list)
    # Days to the planned transition date (negative once it passed), or None.
    transition_days: int | None = None


@dataclass
class Filters:
    q: str = ""
    program: int | None = None
    phase: str = ""
    due: str = ""
    sort: str = "due"


def build_row(e: Enrollment, today: date) -> Row:
    if e.last_contact_at is not None:
        since = (today - timezone.localtime(e.last_contact_at).date()).days
        from_enrollment = False
    else:
        since = (today - (e.enrolled_on or e.started_on)).days
        from_enrollment = True
    return Row(
        enrollment=e,
        days_enrolled=(today - e.enrolled_on).days if e.enrolled_on else None,
        days_since_contact=since,
        since_enrollment=from_enrollment,
        due_label=str(DUE_LABELS.get(e.next_due_what, "")),
        due_on=e.next_due_on,
        overdue=bool(e.next_due_on and e.next_due_on < today),
        due_soon=bool(e.next_due_on and today <= e.next_due_on <= today + timedelta(days=7)),
        signals=signals(e),
        transition_days=(e.transition_on - today).days if e.transition_on else None,
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


def caseload_enrollments(user: Any, filters: Filters) -> QuerySet[Enrollment]:
    """Every enrollment of the user's own caseload matching ``filters``, sorted (the
    page shows the first ``ROW_LIMIT``; a download takes them all). Records nothing."""
    base = Enrollment.objects.filter(
        navigator_id=user.pk,
        status__in=CASELOAD_STATUSES,
        organization_id=user.organization_id,
    )
    access = access_for(user)
    if not access.is_admin:
        base = base.filter(program_id__in=list(access.roles_by_program))
    return _filtered(base, filters).select_related("participant", "program")


def my_caseload(user: Any, filters: Filters) -> Caseload:
    """The user's own active participants, filtered and sorted. Records the listing."""
    found = caseload_enrollments(user, filters)
    enrollments = list(found[: ROW_LIMIT + 1])
    today = timezone.localdate()
    rows = [build_row(e, today) for e in enrollments[:ROW_LIMIT]]
    record_listing(user, [r.enrollment.participant for r in rows], "list")
    return Caseload(rows=rows, total=len(rows), truncated=len(enrollments) > ROW_LIMIT)


def supervised_programs(user: Any) -> QuerySet[Program]:
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


def note_counts(program_ids: list[int], authors: list[int] | None) -> dict[Any, NoteCounts]:
    """Note timeliness per (program, author), or per program when ``authors`` is None.
    One grouped query."""
    from waypoint.notes.models import Note

    now = timezone.now()
    found = Note.objects.filter(
        Q(status="signed", signed_at__gte=now - timedelta(days=NOTE_DAYS))
        | Q(status="draft", due_at__lt=now),
        enrollment__program_id__in=program_ids,
    )
    group = ["enrollment__program_id"]
    if authors is not None:
        found = found.filter(author_id__in=authors)
        group.append("author_id")
    rows = (
        found.values_list(*group)
        .annotate(
            signed=Count("pk", filter=Q(status="signed")),
            late=Count("pk", filter=Q(status="signed", signed_late=True)),
            overdue=Count("pk", filter=Q(status="draft")),
        )
        .order_by()
    )
    out: dict[Any, NoteCounts] = {}
    for row in rows:
        key = tuple(row[: len(group)]) if authors is not None else row[0]
        out[key] = NoteCounts(*row[len(group) :])
    return out


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


QUIET_LIMIT = 50
LOADS_PER_PAGE = 25


def supervision(
    user: Any, program_id: int | None = None, page: Any = 1, *, every: bool = False
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
    counted: dict[tuple[int, int | None], int] = {}
    kept: list[tuple[int, int | None, int]] = list(
        CaseloadCount.objects.filter(program_id__in=ids).values_list(
            "program_id", "navigator_id", "open_count"
        )
    )
    for pid, nid, count in kept:
        counted[(pid, nid)] = count
        summaries[pid].active += count
        if nid is None:
            summaries[pid].unassigned += count
    navigators: set[tuple[int, int | None]] = set(
        Membership.objects.filter(program_id__in=ids, role=Role.NAVIGATOR, user__is_active=True)
        .values_list("program_id", "user_id")
        .distinct()
    )
    keys = {key for key, count in counted.items() if key[1] is not None and count} | navigators
    for key in keys:
        summaries[key[0]].navigators += 1
        if counted.get(key, 0) >= by_id[key[0]].caseload_cap:
            summaries[key[0]].at_or_over_cap += 1
    unassigned = [key for key, count in counted.items() if key[1] is None and count]
    ordered = sorted(
        [*keys, *unassigned],
        key=lambda key: (-counted.get(key, 0), by_id[key[0]].name, key[1] or 0),
    )
    load_page = Paginator(ordered, max(1, len(ordered)) if every else LOADS_PER_PAGE).get_page(
        1 if every else page
    )
    shown = list(load_page)
    people = User.objects.in_bulk([nid for _, nid in shown if nid is not None])
    quiet_by_key: dict[tuple[int, int | None], int] = {}
    notes_by_key: dict[Any, NoteCounts] = {}
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
        notes_by_key = note_counts(ids, assigned)
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
    for pid, counts in note_counts(ids, None).items():
        summaries[pid].notes = counts
    from waypoint.conferences.outcomes import program_counts

    for pid, held in program_counts(ids, today).items():
        summaries[pid].conferences = held
    quiet = Enrollment.objects.filter(
        program_id__in=ids, status__in=CASELOAD_STATUSES, contact_due_on__lt=today
    )
    for pid, n in quiet.values_list("program_id").annotate(n=Count("pk")).order_by():
        summaries[pid].quiet = n
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
