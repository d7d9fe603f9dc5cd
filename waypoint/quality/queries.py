"""Reading file reviews: the funnels for a review and a correction, the supervisor's
monthly queue, the navigator's corrections, the supervision block, and the dashboard's
aggregate. Every participant a list names is recorded as shown (by the views)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from waypoint.access import open_enrollment_record, sees_enrollment
from waypoint.accounts.models import Program, User
from waypoint.accounts.queries import access_for, name_order
from waypoint.assessments.models import Need
from waypoint.enrollments.models import CAP_STATUSES, CaseloadCount, Enrollment
from waypoint.quality.models import Correction, Pick, QualitySettings, Review

# Why a file was picked for being overdue, by what was due (with %(day)s).
OVERDUE_WORDS = {
    "assessment": gettext_lazy("Overdue: the assessment was due on %(day)s"),
    "reassessment": gettext_lazy("Overdue: a reassessment was due on %(day)s"),
    "isp": gettext_lazy("Overdue: the service plan was due on %(day)s"),
    "contact": gettext_lazy("Overdue: a contact was due on %(day)s"),
}
OVERDUE_SOMETHING = gettext_lazy("Overdue: something was due on %(day)s")
MAX_CORRECTIONS = 50


# --- Funnels --------------------------------------------------------------------------


def review_for(user: User, public_id: Any, *, write: bool = False) -> Review:
    """A review the user may open: those who oversee its program (supervisors, managers,
    auditors, administrators); writing is for its supervisors. 404 otherwise. Records
    the read."""
    found = (
        Review.objects.filter(public_id=public_id)
        .select_related(
            "enrollment__program",
            "enrollment__participant",
            "enrollment__navigator",
            "reviewer",
        )
        .first()
    )
    access = access_for(user)
    enrollment = found.enrollment if found is not None else None
    if enrollment is None or not access.sees_whole_program(enrollment.program_id):
        raise Http404("Not found.")
    if write and not access.can_supervise(enrollment.program_id):
        raise Http404("Not found.")
    open_enrollment_record(user, found, enrollment, kind="quality_review")
    assert found is not None
    return found


def correction_for(user: User, public_id: Any) -> Correction:
    """A correction the user may open: the person it is assigned to, and those who
    oversee its program. 404 otherwise. Records the read."""
    found = (
        Correction.objects.filter(public_id=public_id)
        .select_related("enrollment__program", "enrollment__participant", "review", "assigned_to")
        .first()
    )
    access = access_for(user)
    enrollment = found.enrollment if found is not None else None
    if (
        found is None
        or enrollment is None
        or not (
            found.assigned_to_id == access.user_id
            or access.sees_whole_program(enrollment.program_id)
        )
    ):
        raise Http404("Not found.")
    open_enrollment_record(user, found, enrollment, kind="quality_correction")
    return found


def reviewable_programs(user: User) -> list[Program]:
    """Programs whose files the user oversees (reads reviews of), by name."""
    access = access_for(user)
    programs = Program.objects.filter(organization_id=access.organization_id or -1)
    if not access.is_admin:
        programs = programs.filter(
            pk__in=sorted(access.programs_with({"manager", "supervisor", "auditor"}))
        )
    return list(programs.order_by("name"))


# --- The monthly queue ----------------------------------------------------------------


def month_of(today: date) -> tuple[date, date]:
    """The first day of ``today``'s month and the first day of the next."""
    start = today.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.min, tzinfo=tz),
    )


# The monthly sample's order: a multiplicative hash of the enrollment, its program,
# navigator and month, computed by the database (integers below 2**63 on both engines).
# Reloads give the same order, a new month a new one, and nothing is stored.
_HASH = (2654435761, 40503, 69069, 1103515245)
_PRIME = 2147483647
# Files the rules pick, shown per navigator (most overdue first); a navigator with more
# has the rest left for next time, so a page never lists thousands.
RULE_ROWS = 5
# The queue page shows this many navigators at a time (a large program has thousands).
NAVIGATORS_PER_PAGE = 20


def _number(value: int) -> Value:
    return Value(value, output_field=BigIntegerField())


def sample_rank(month: date) -> Any:
    """Where an enrollment falls in its navigator's random order for ``month``."""
    k_pk, k_nav, k_prog, k_month = _HASH
    seed = ((month.year * 12 + month.month) * k_month) % _PRIME
    mixed = (
        F("pk") * _number(k_pk)
        + F("navigator_id") * _number(k_nav)
        + F("program_id") * _number(k_prog)
        + _number(seed)
    )
    return ExpressionWrapper(mixed % _number(_PRIME), output_field=BigIntegerField())


def _first_per_navigator(found: QuerySet[Enrollment], order: list[Any], most: int) -> Any:
    """The first ``most`` enrollments of each (program, navigator) in ``order``."""
    return (
        found.annotate(
            place=Window(
                RowNumber(), partition_by=[F("program_id"), F("navigator_id")], order_by=order
            )
        )
        .filter(place__lte=most)
        .select_related("participant", "navigator")
    )


@dataclass
class QueueRow:
    enrollment: Enrollment
    reasons: list[str]
    review: Review | None = None
    # A fresh key for the form that starts its review (a double click makes one review).
    creation_key: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def done(self) -> bool:
        return self.review is not None and self.review.is_signed

    @property
    def in_progress(self) -> bool:
        return self.review is not None and not self.review.is_signed


@dataclass
class NavigatorQueue:
    navigator: Any
    rows: list[QueueRow] = field(default_factory=list)


@dataclass
class Queue:
    program: Program
    settings: QualitySettings
    month: date
    navigators: list[NavigatorQueue] = field(default_factory=list)
    page: Any = None  # the page of navigators shown (``review_queue`` with a page)

    @property
    def rows(self) -> list[QueueRow]:
        return [r for n in self.navigators for r in n.rows]

    @property
    def to_do(self) -> int:
        return sum(1 for r in self.rows if not r.done)

    @property
    def participants(self) -> list[Any]:
        return [r.enrollment.participant for r in self.rows]


def _why_overdue(enrollment: Enrollment, today: date, now: datetime) -> str | None:
    if enrollment.note_due_at is not None and enrollment.note_due_at < now:
        return _("Overdue: a note is past its window")
    if enrollment.next_due_on is not None and enrollment.next_due_on < today:
        words = OVERDUE_WORDS.get(enrollment.next_due_what, OVERDUE_SOMETHING)
        return str(words) % {"day": dateformat.format(enrollment.next_due_on, "j F")}
    return None


def review_queue(program: Program, today: date, page: Any = None) -> Queue:
    """This month's files to review in ``program`` (see ``review_queues``): for every
    navigator, or (``page`` a page number) for one page of the navigators holding open
    files, by name. The database counts and slices the navigators, so a program with
    thousands of them costs what one with twenty does."""
    if page is None:
        return review_queues([program], today)[0]
    holding = CaseloadCount.objects.filter(
        program_id=program.pk, open_count__gt=0, navigator__isnull=False
    ).values("navigator_id")
    navigators = (
        User.objects.filter(pk__in=holding)
        .only("pk")
        .order_by(name_order(), "pk")
        .values_list("pk", flat=True)
    )
    paged = Paginator(navigators, NAVIGATORS_PER_PAGE).get_page(page)
    queue = review_queues([program], today, navigator_ids=list(paged.object_list))[0]
    queue.page = paged
    return queue


def review_queues(
    programs: list[Program], today: date, navigator_ids: list[int] | None = None
) -> list[Queue]:
    """This month's files to review in each program: for each navigator (or each of
    ``navigator_ids``) a random sample of N open enrollments, plus up to ``RULE_ROWS``
    files the program's rules pick, each with why. Files reviewed this month show as
    done. The database picks the files, so the work and the five queries do not grow
    with the number of enrollments."""
    if not programs:
        return []
    ids = [p.pk for p in programs]
    saved = {s.program_id: s for s in QualitySettings.objects.filter(program_id__in=ids)}
    rules_of = {p.pk: saved.get(p.pk) or QualitySettings(program=p) for p in programs}
    month, following = month_of(today)
    now = timezone.now()
    open_files = Enrollment.objects.filter(
        program_id__in=ids, status__in=list(CAP_STATUSES), navigator__isnull=False
    )
    if navigator_ids is not None:
        open_files = open_files.filter(navigator_id__in=navigator_ids)
    most = max(r.reviews_per_navigator for r in rules_of.values())
    sampled: list[Any] = []
    if most:
        order = [sample_rank(month).asc(), F("pk").asc()]
        sampled = [
            e
            for e in _first_per_navigator(open_files, order, most)
            if e.place <= rules_of[e.program_id].reviews_per_navigator
        ]
    open_needs = Need.objects.filter(enrollment=OuterRef("pk"), status="open")
    counted = Coalesce(
        Subquery(
            open_needs.order_by().values("enrollment").annotate(n=Count("pk")).values("n")[:1]
        ),
        0,
    )
    picked = Q(pk__in=[])
    for program_id, rules in rules_of.items():
        picks = set(rules.picks or [])
        rule = Q(pk__in=[])
        if Pick.OVERDUE in picks:
            rule |= Q(note_due_at__lt=now) | Q(next_due_on__lt=today)
        if Pick.ATTEMPTS in picks:
            rule |= Q(attempts_in_row__gte=rules.attempts_in_row)
        if Pick.HIGH_NEED in picks:
            rule |= Q(open_needs__gte=rules.high_need_count)
        picked |= Q(program_id=program_id) & rule
    by_rules: list[Any] = list(
        _first_per_navigator(
            open_files.annotate(open_needs=counted).filter(picked),
            [F("next_due_on").asc(nulls_last=True), F("pk").asc()],
            RULE_ROWS,
        )
    )
    files = {e.pk: e for e in [*sampled, *by_rules]}
    needs = dict(
        Need.objects.filter(enrollment_id__in=list(files), status="open")
        .values("enrollment_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment_id", "n")
    )
    start, end = _bounds(month, following)
    reviews: dict[int, Review] = {}
    for review in Review.objects.filter(
        enrollment_id__in=list(files), started_at__gte=start, started_at__lt=end
    ).order_by("started_at", "pk"):
        reviews.setdefault(review.enrollment_id, review)
    in_sample = {e.pk for e in sampled}
    grouped: dict[tuple[int, int], list[Any]] = {}
    for enrollment in files.values():  # the sample in its order, then the rules' picks
        grouped.setdefault((enrollment.program_id, enrollment.navigator_id), []).append(enrollment)
    queues = []
    for program in programs:
        rules = rules_of[program.pk]
        queue = Queue(program=program, settings=rules, month=month)
        picks = set(rules.picks or [])
        for (program_id, _navigator_id), mine in grouped.items():
            if program_id != program.pk:
                continue
            rows = []
            for enrollment in mine:
                enrollment.program = program
                reasons = []
                if enrollment.pk in in_sample:
                    reasons.append(_("Picked at random for this month"))
                if Pick.OVERDUE in picks and (why := _why_overdue(enrollment, today, now)):
                    reasons.append(why)
                tries = enrollment.attempts_in_row
                if Pick.ATTEMPTS in picks and tries >= rules.attempts_in_row:
                    reasons.append(
                        ngettext(
                            "%(n)s try in a row without reaching them",
                            "%(n)s tries in a row without reaching them",
                            tries,
                        )
                        % {"n": tries}
                    )
                count = needs.get(enrollment.pk, 0)
                if Pick.HIGH_NEED in picks and count >= rules.high_need_count:
                    reasons.append(
                        ngettext("%(n)s open need", "%(n)s open needs", count) % {"n": count}
                    )
                if reasons:
                    rows.append(QueueRow(enrollment, reasons, reviews.get(enrollment.pk)))
            if rows:
                queue.navigators.append(NavigatorQueue(navigator=mine[0].navigator, rows=rows))
        if navigator_ids is None:
            queue.navigators.sort(key=lambda n: str(n.navigator))
        else:  # the page's order, the database's
            place = {pk: i for i, pk in enumerate(navigator_ids)}
            queue.navigators.sort(key=lambda n: place[n.navigator.pk])
        queues.append(queue)
    return queues


def reviews_in(program: Program, *, limit: int = 50) -> list[Review]:
    """The program's latest reviews, newest first."""
    return list(
        Review.objects.filter(enrollment__program=program)
        .select_related("participant", "reviewer", "navigator")
        .annotate(open_corrections=Count("corrections", filter=Q(corrections__status="open")))
        .order_by("-started_at", "-pk")[:limit]
    )


# --- Corrections ----------------------------------------------------------------------


def my_corrections(user: User, participant_id: int | None = None) -> list[Correction]:
    """Corrections assigned to the user and not yet confirmed, soonest due first, of the
    enrollments they may still open (of one person, with ``participant_id``). One query."""
    found = Correction.objects.filter(
        assigned_to_id=user.pk,
        status__in=[Correction.Status.OPEN, Correction.Status.DONE],
        organization_id=getattr(user, "organization_id", None) or -1,
    )
    if participant_id is not None:
        found = found.filter(participant_id=participant_id)
    access = access_for(user)
    return [
        c
        for c in found.select_related("enrollment__participant", "enrollment__program").order_by(
            "status", "due_on", "pk"
        )[:MAX_CORRECTIONS]
        if sees_enrollment(access, c.enrollment)
    ]


@dataclass
class MonthFigures:
    """One program's file reviews started this month."""

    program: Program
    signed: int = 0
    in_progress: int = 0


@dataclass
class SupervisionBlock:
    programs: list[Program]
    months: list[MonthFigures]
    overdue: list[Correction]
    waiting: list[Correction]

    @property
    def participants(self) -> list[Any]:
        """Those the block names: the people of the corrections it lists (the reviews are
        shown as counts)."""
        return [c.enrollment.participant for c in (*self.overdue, *self.waiting)]


def supervision_block(
    user: User, program_id: int | None, today: date, *, overseen: list[Program] | None = None
) -> SupervisionBlock:
    """For the supervision page: each supervised program's file reviews this month
    (signed, in progress; the queue itself is its own page), corrections past their due
    date and corrections waiting for a re-check. Two queries whatever the number of
    programs, files and corrections. ``overseen``: the programs the user oversees, when
    the page has read them already."""
    access = access_for(user)
    programs = [
        p
        for p in (reviewable_programs(user) if overseen is None else overseen)
        if access.can_supervise(p.pk) and (program_id is None or p.pk == program_id)
    ]
    ids = [p.pk for p in programs]
    month, following = month_of(today)
    start, end = _bounds(month, following)
    counted = {
        row["enrollment__program_id"]: row
        for row in Review.objects.filter(
            enrollment__program_id__in=ids, started_at__gte=start, started_at__lt=end
        )
        .values("enrollment__program_id")
        .annotate(
            signed=Count("pk", filter=Q(status=Review.Status.SIGNED)),
            in_progress=Count("pk", filter=Q(status=Review.Status.OPEN)),
        )
        .order_by()
    }
    months = [
        MonthFigures(
            p,
            counted.get(p.pk, {}).get("signed", 0),
            counted.get(p.pk, {}).get("in_progress", 0),
        )
        for p in programs
    ]
    found = list(
        Correction.objects.filter(enrollment__program_id__in=ids)
        .filter(
            Q(status=Correction.Status.OPEN, due_on__lt=today) | Q(status=Correction.Status.DONE)
        )
        .select_related("enrollment__participant", "enrollment__program", "assigned_to")
        .order_by("due_on", "pk")[: MAX_CORRECTIONS * 2]
    )
    return SupervisionBlock(
        programs=programs,
        months=months,
        overdue=[c for c in found if c.status == Correction.Status.OPEN][:MAX_CORRECTIONS],
        waiting=[c for c in found if c.status == Correction.Status.DONE][:MAX_CORRECTIONS],
    )


# --- For the dashboard ----------------------------------------------------------------


# A signed review passed when no computed standard was "not met" (frozen at signing).
PASSED = Q(all_met=True)


def signed_between(
    program_ids: Iterable[int], since: datetime, until: datetime
) -> QuerySet[Review]:
    """Reviews signed from ``since`` up to (not including) ``until`` in these programs."""
    return Review.objects.filter(
        enrollment__program_id__in=list(program_ids),
        status=Review.Status.SIGNED,
        signed_at__gte=since,
        signed_at__lt=until,
    )


def reviews_passed(program_ids: Iterable[int], start: date, end: date) -> tuple[int, int]:
    """Of the reviews signed from ``start`` to ``end`` (both included) in these programs:
    how many passed (no computed standard was not met) and how many were signed. One
    aggregate query."""
    low, _ = _bounds(start, start)
    high, _ = _bounds(end + timedelta(days=1), end)
    found = signed_between(program_ids, low, high).aggregate(
        signed=Count("pk"), passed=Count("pk", filter=PASSED)
    )
    return found["passed"], found["signed"]


def data_quality_goals(program_ids: Iterable[int]) -> tuple[int, int]:
    """(completeness goal in percent, days from which a record is late) for the
    data-quality page over these programs: the strictest of their settings, each
    program without saved settings counting with the defaults. One query."""
    ids = set(program_ids)
    saved = list(
        QualitySettings.objects.filter(program_id__in=ids).values_list(
            "completeness_goal", "late_from_days"
        )
    )
    if len(saved) < len(ids) or not ids:
        unsaved = QualitySettings()
        saved.append((unsaved.completeness_goal, unsaved.late_from_days))
    return max(goal for goal, _ in saved), min(days for _, days in saved)
