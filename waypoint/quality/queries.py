"""Reading file reviews: the funnels for a review and a correction, the supervisor's
monthly queue, the navigator's corrections, the supervision block, and the dashboard's
aggregate. Every participant a list names is recorded as shown (by the views)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from waypoint.access import open_enrollment_record, sees_enrollment
from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.enrollments.models import CAP_STATUSES, Enrollment
from waypoint.quality.models import Correction, Pick, QualitySettings, Review

DUE_WORDS = {
    "assessment": "the assessment",
    "reassessment": "a reassessment",
    "isp": "the service plan",
    "contact": "a contact",
}
MAX_CORRECTIONS = 50


# --- Funnels --------------------------------------------------------------------------


def review_for(user: Any, public_id: Any, *, write: bool = False) -> Review:
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


def correction_for(user: Any, public_id: Any) -> Correction:
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


def reviewable_programs(user: Any) -> list[Program]:
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


def sample_rank(program_id: int, navigator_id: int, month: date, enrollment_id: int) -> str:
    """Where an enrollment falls in its navigator's random order for the month: seeded by
    program, navigator and month, so reloads show the same files and nothing is stored."""
    seed = f"{program_id}:{navigator_id}:{month:%Y-%m}:{enrollment_id}"
    return hashlib.sha256(seed.encode()).hexdigest()


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
        return "Overdue: a note is past its window"
    if enrollment.next_due_on is not None and enrollment.next_due_on < today:
        what = DUE_WORDS.get(enrollment.next_due_what, "something")
        return (
            f"Overdue: {what} was due on {enrollment.next_due_on.day} {enrollment.next_due_on:%B}"
        )
    return None


def review_queue(program: Program, today: date) -> Queue:
    """This month's files to review in ``program`` (see ``review_queues``)."""
    return review_queues([program], today)[0]


def review_queues(programs: list[Program], today: date) -> list[Queue]:
    """This month's files to review in each program: for each navigator a random sample
    of N open enrollments, plus the files the program's rules pick, each with why. Files
    reviewed this month show as done. Three queries whatever the number of programs and
    files."""
    if not programs:
        return []
    ids = [p.pk for p in programs]
    saved = {s.program_id: s for s in QualitySettings.objects.filter(program_id__in=ids)}
    month, following = month_of(today)
    now = timezone.now()
    enrollments: list[Any] = list(
        Enrollment.objects.filter(
            program_id__in=ids, status__in=list(CAP_STATUSES), navigator__isnull=False
        )
        .select_related("participant", "navigator")
        .annotate(open_needs=Count("needs", filter=Q(needs__status="open")))
        .order_by("pk")
    )
    start, end = _bounds(month, following)
    reviews: dict[int, Review] = {}
    for review in Review.objects.filter(
        enrollment__program_id__in=ids, started_at__gte=start, started_at__lt=end
    ).order_by("started_at", "pk"):
        reviews.setdefault(review.enrollment_id, review)
    grouped: dict[tuple[int, int], list[Any]] = {}
    for enrollment in enrollments:
        grouped.setdefault((enrollment.program_id, enrollment.navigator_id), []).append(enrollment)
    queues = []
    for program in programs:
        rules = saved.get(program.pk) or QualitySettings(program=program)
        queue = Queue(program=program, settings=rules, month=month)
        picks = set(rules.picks or [])
        for (program_id, navigator_id), mine in grouped.items():
            if program_id != program.pk:
                continue
            seed = (program.pk, navigator_id, month)
            ranked = sorted(mine, key=lambda e: sample_rank(*seed, e.pk))
            sampled = {e.pk for e in ranked[: rules.reviews_per_navigator]}
            rows = []
            for enrollment in ranked:
                enrollment.program = program
                reasons = []
                if enrollment.pk in sampled:
                    reasons.append("Picked at random for this month")
                if Pick.OVERDUE in picks and (why := _why_overdue(enrollment, today, now)):
                    reasons.append(why)
                tries = enrollment.attempts_in_row
                if Pick.ATTEMPTS in picks and tries >= rules.attempts_in_row:
                    reasons.append(f"{tries} tries in a row without reaching them")
                needs = getattr(enrollment, "open_needs", 0)
                if Pick.HIGH_NEED in picks and needs >= rules.high_need_count:
                    reasons.append(f"{needs} open needs")
                if reasons:
                    rows.append(QueueRow(enrollment, reasons, reviews.get(enrollment.pk)))
            if rows:
                queue.navigators.append(NavigatorQueue(navigator=mine[0].navigator, rows=rows))
        queue.navigators.sort(key=lambda n: str(n.navigator))
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


def my_corrections(user: Any, participant_id: int | None = None) -> list[Correction]:
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
class SupervisionBlock:
    programs: list[Program]
    queues: list[Queue]
    overdue: list[Correction]
    waiting: list[Correction]

    @property
    def participants(self) -> list[Any]:
        """Those the block names: the people of the corrections it lists (the queue is
        shown as counts)."""
        return [c.enrollment.participant for c in (*self.overdue, *self.waiting)]


def supervision_block(
    user: Any, program_id: int | None, today: date, *, overseen: list[Program] | None = None
) -> SupervisionBlock:
    """For the supervision page: each supervised program's files not yet reviewed this
    month, corrections past their due date and corrections waiting for a re-check. A
    fixed number of queries whatever the number of programs, files and corrections.
    ``overseen``: the programs the user oversees, when the page has read them already."""
    access = access_for(user)
    programs = [
        p
        for p in (reviewable_programs(user) if overseen is None else overseen)
        if access.can_supervise(p.pk) and (program_id is None or p.pk == program_id)
    ]
    queues = review_queues(programs, today)
    for queue in queues:
        for navigator in queue.navigators:
            navigator.rows = [r for r in navigator.rows if not r.done]
        queue.navigators = [n for n in queue.navigators if n.rows]
    found = list(
        Correction.objects.filter(enrollment__program_id__in=[p.pk for p in programs])
        .filter(
            Q(status=Correction.Status.OPEN, due_on__lt=today) | Q(status=Correction.Status.DONE)
        )
        .select_related("enrollment__participant", "enrollment__program", "assigned_to")
        .order_by("due_on", "pk")[: MAX_CORRECTIONS * 2]
    )
    return SupervisionBlock(
        programs=programs,
        queues=[q for q in queues if q.rows],
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
