"""The program dashboard's figures: effort, adequacy, quality, outcome, retention and
attendance for one program (and perhaps one navigator) over a date range.

Every figure is an aggregate the database computes (``Count`` with ``filter=Q``,
``TruncWeek``, grouped ``values``): Python only lays the grouped rows out by week or by
navigator, so the number of queries and the work here do not grow with the number of
enrollments, contacts or notes. The same ``Chart`` feeds the chart, the table beside
it, the downloads and the drill-down (``people``), so they always agree.

"Navigator" means the navigator an enrollment is assigned to now: the filter and the
per-navigator rows follow the person's current caseload. The per-navigator charts
(adequacy, quality) show one page of navigators at a time: the database orders, counts
and slices the navigators, and the figures are computed for that page only, so a
program with thousands of navigators costs what one with twenty-five does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncWeek
from django.db.models.query import QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from waypoint.accounts.models import PROGRAM_WIDE_ROLES, Program, User
from waypoint.accounts.queries import access_for, name_order
from waypoint.closure.hud import DESTINATIONS
from waypoint.closure.models import CheckIn, Closure
from waypoint.enrollments.models import CAP_STATUSES, CaseloadCount, Enrollment, Status
from waypoint.notes.contact_quarters import quarter_of
from waypoint.notes.models import Appointment, Contact, ContactQuarter, Note
from waypoint.participants.models import Participant
from waypoint.participants.queries import visibility_filter
from waypoint.plans.models import GoalStatus, PlanVersion, Progress
from waypoint.quality.queries import PASSED, signed_between
from waypoint.referrals.models import Referral

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# HUD's permanent destinations (3.12, the 400s): "a home of their own or with family and
# friends for good" is a positive exit.
POSITIVE_DESTINATIONS = tuple(code for code, _ in DESTINATIONS[0][1])
RETENTION_DAYS = (30, 90, 180)
# Enrollments counted in "plans current": those being served now.
SERVED = (Status.ENROLLED, Status.EXITING)
PEOPLE_LIMIT = 200
DEFAULT_WEEKS = 12
MAX_SPAN_DAYS = 3 * 366
# The per-navigator charts show this many navigators a page (the downloads hold them all).
NAVIGATORS_PER_PAGE = 25


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: one program, perhaps one navigator, a date range (both
    days included)."""

    program: Program
    start: date
    end: date
    navigator_id: int | None = None

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the range."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def query(self) -> dict[str, str]:
        """The filters as query-string values (ids and dates only)."""
        found = {
            "program": str(self.program.pk),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }
        if self.navigator_id:
            found["navigator"] = str(self.navigator_id)
        return found


def default_range(today: date) -> tuple[date, date]:
    """The last twelve weeks, today included."""
    return today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    percent: bool = False  # a share of the counts beside it
    people: bool = True  # a count of things people are behind: links to them

    @property
    def linked(self) -> bool:
        return self.people and not self.percent


@dataclass
class Row:
    key: str  # the bucket: a week's Monday (ISO), a navigator's id, or a day count
    label: str
    values: list[int | None]


@dataclass
class Chart:
    key: str
    title: str
    about: str
    kind: str  # how it is drawn: "bar", "stacked", "line"
    by: str  # what a row is: "Week of", "Navigator", "After" (a key: the page words it)
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    drawn: tuple[str, ...] = ()  # the columns the chart draws (all of them by default)
    page: Any = None  # per-navigator charts: the page of navigators the rows are

    def drawing(self) -> dict[str, Any]:
        """What the chart draws (for ``json_script``): exactly the table's numbers."""
        keys = self.drawn or tuple(c.key for c in self.columns)
        index = {c.key: i for i, c in enumerate(self.columns)}
        return {
            "kind": self.kind,
            "labels": [r.label for r in self.rows],
            "percent": all(self.columns[index[k]].percent for k in keys),
            "datasets": [
                {
                    "label": self.columns[index[k]].label,
                    "data": [r.values[index[k]] for r in self.rows],
                }
                for k in keys
            ],
        }

    @property
    def wide(self) -> bool:
        """Too many columns to sit beside the chart: the table goes under it."""
        return len(self.columns) > 3

    @property
    def json_id(self) -> str:
        return f"data-{self.key}"

    def lines(self) -> list[tuple[Row, list[tuple[Column, int | None]]]]:
        """Each row with its cells, for the table beside the chart."""
        return [(r, list(zip(self.columns, r.values, strict=True))) for r in self.rows]

    def table(self) -> list[list[Any]]:
        """Header and rows, for the downloads (no participant is named). The downloads
        build the chart in the site's language: a spreadsheet's columns are data."""
        return [
            [self.by, *(c.label for c in self.columns)],
            *([r.label, *r.values] for r in self.rows),
        ]


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def week_label(monday: date) -> str:
    """05 Jan 2026 (the month named in the page's language)."""
    return dateformat.format(monday, "d M Y")


def weeks(filters: Filters) -> list[date]:
    """The Monday of every week the range touches."""
    first = filters.start - timedelta(days=filters.start.weekday())
    return [first + timedelta(weeks=i) for i in range((filters.end - first).days // 7 + 1)]


def _week_of(value: Any) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value  # type: ignore[no-any-return]


def _enrollment_q(filters: Filters, prefix: str = "enrollment__") -> Q:
    q = Q(**{f"{prefix}program_id": filters.program.pk})
    if filters.navigator_id:
        q &= Q(**{f"{prefix}navigator_id": filters.navigator_id})
    return q


def _by_week(
    filters: Filters, rows: Iterable[dict[str, Any]], columns: list[Column], keys: list[str]
) -> list[Row]:
    """Lay grouped rows ({"week": ..., key: count}) out over every week of the range."""
    found: dict[date, dict[str, int]] = {}
    for row in rows:
        bucket = found.setdefault(_week_of(row["week"]), dict.fromkeys(keys, 0))
        for key in keys:
            bucket[key] += row[key]
    out = []
    for monday in weeks(filters):
        counts = found.get(monday, {})
        out.append(
            Row(
                monday.isoformat(),
                week_label(monday),
                [counts.get(c.key, 0) for c in columns],
            )
        )
    return out


# --- Each chart: a grouped query, and the participants behind each number --------------


def _contacts(filters: Filters) -> QuerySet[Contact]:
    return Contact.objects.filter(
        _enrollment_q(filters), happened_at__gte=filters.since, happened_at__lt=filters.until
    )


def effort(filters: Filters) -> Chart:
    columns = [
        Column("contacts", gettext("Contacts")),
        Column("attempts", gettext("Attempts to reach")),
    ]
    rows: Iterable[dict[str, Any]]
    if filters.navigator_id:
        rows = (
            _contacts(filters)
            .annotate(week=TruncWeek("happened_at"))
            .values("week")
            .annotate(
                contacts=Count("pk", filter=Q(outcome=Contact.Outcome.COMPLETED)),
                attempts=Count("pk", filter=Q(outcome=Contact.Outcome.ATTEMPTED)),
            )
            .order_by()
        )
    else:
        rows = _kept_effort(filters)
    return Chart(
        "effort",
        gettext("Effort: contacts and attempts each week"),
        gettext(
            "Completed contacts and unsuccessful attempts to reach someone, by the week they "
            "happened."
        ),
        "bar",
        "Week of",
        columns,
        _by_week(filters, rows, columns, ["contacts", "attempts"]),
    )


def _kept_effort(filters: Filters) -> list[dict[str, Any]]:
    """The whole program's contacts and attempts per week, from the counts the database
    keeps per quarter hour (``notes.contact_quarters``): a few thousand rows for twelve
    weeks, added up per local week in the database."""
    mondays = weeks(filters)
    # Quarter hours before the next Monday's local midnight are in this week.
    week = Case(
        *[
            When(quarter__lt=quarter_of(_midnight(monday)), then=Value(i - 1))
            for i, monday in enumerate(mondays[1:], start=1)
        ],
        default=Value(len(mondays) - 1),
        output_field=IntegerField(),
    )
    found = (
        ContactQuarter.objects.filter(
            program_id=filters.program.pk,
            quarter__gte=quarter_of(filters.since),
            quarter__lt=quarter_of(filters.until),
        )
        .annotate(week=week)
        .values("week")
        .annotate(contacts=Sum("completed"), attempts=Sum("attempted"))
        .order_by()
    )
    return [
        {"week": mondays[row["week"]], "contacts": row["contacts"], "attempts": row["attempts"]}
        for row in found
    ]


def _week_bounds(key: str) -> tuple[datetime, datetime]:
    monday = date.fromisoformat(key)
    # Local midnights, so a week that changes the clocks still ends on Monday's.
    return _midnight(monday), _midnight(monday + timedelta(weeks=1))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _effort_people(filters: Filters, column: str, key: str) -> QuerySet[Any]:
    start, stop = _week_bounds(key)
    outcome = Contact.Outcome.COMPLETED if column == "contacts" else Contact.Outcome.ATTEMPTED
    return (
        _contacts(filters)
        .filter(outcome=outcome, happened_at__gte=start, happened_at__lt=stop)
        .values("participant_id")
    )


def _name(user: User | None) -> str:
    return gettext("Not assigned yet") if user is None else str(user)


def _key(user: User | None) -> str:
    return "none" if user is None else str(user.pk)


def _navigator_id(key: str) -> int | None:
    """A row's key as a navigator id (None: not assigned); ValueError for anything else."""
    return None if key == "none" else int(key)


def adequacy(filters: Filters, page: Any = None, only: str | None = None) -> Chart:
    """Each navigator's caseload now (the kept counts) against the program's cap: every
    navigator (``page`` None), one page of them, or ``only`` the one with that key."""
    cap = filters.program.caseload_cap
    counts = (
        CaseloadCount.objects.filter(program_id=filters.program.pk, navigator__isnull=False)
        .select_related("navigator")
        .order_by("-open_count", name_order("navigator__"), "navigator_id")
    )
    if filters.navigator_id:
        counts = counts.filter(navigator_id=filters.navigator_id)
    shown: Iterable[CaseloadCount] = counts
    paged: Any = None
    if only is not None:
        shown = counts.filter(navigator_id=int(only))
    elif page is not None:
        paged = Paginator(counts, NAVIGATORS_PER_PAGE).get_page(page)
        shown = paged.object_list
    rows = [Row(str(c.navigator_id), _name(c.navigator), [c.open_count, cap]) for c in shown]
    return Chart(
        "adequacy",
        gettext("Adequacy: each caseload against the cap"),
        gettext(
            "Open enrollments each navigator holds today, against the program's cap of "
            "%(cap)s; busiest first."
        )
        % {"cap": cap},
        "bar",
        "Navigator",
        [Column("open", gettext("Open now")), Column("cap", gettext("Cap"), people=False)],
        rows,
        page=paged,
    )


def _adequacy_people(filters: Filters, column: str, key: str) -> QuerySet[Any]:
    return Enrollment.objects.filter(
        _enrollment_q(filters, ""), navigator_id=int(key), status__in=CAP_STATUSES
    ).values("participant_id")


def _notes_due(filters: Filters) -> QuerySet[Note]:
    """Notes whose window closed in the range (and has closed by now)."""
    return Note.objects.filter(
        _enrollment_q(filters),
        due_at__gte=filters.since,
        due_at__lt=min(filters.until, timezone.now()),
    )


ON_TIME = Q(status=Note.Status.SIGNED, signed_late=False)


def _served(filters: Filters) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(_enrollment_q(filters, ""), status__in=SERVED)


def _plan_current(filters: Filters) -> Q:
    """An acknowledged plan, acknowledged or reviewed (progress recorded) in the range."""
    acknowledged = PlanVersion.objects.filter(
        plan__enrollment=OuterRef("pk"),
        status=PlanVersion.Status.ACKNOWLEDGED,
        acknowledged_on__lte=filters.end,
    )
    renewed = acknowledged.filter(acknowledged_on__gte=filters.start)
    reviewed = Progress.objects.filter(
        plan__enrollment=OuterRef("pk"), at__gte=filters.since, at__lt=filters.until
    )
    return Q(Exists(acknowledged)) & (Q(Exists(renewed)) | Q(Exists(reviewed)))


class _Navigators:
    """The quality chart's navigators: everyone holding a caseload in the program (the
    kept counts), and anyone else an enrollment with notes due or a file review in the
    range is assigned to; by name, then "not assigned yet" when one of those has no
    navigator. A sequence the paginator counts and slices: one query finds who they are
    (the kept counts, then the enrollments off a caseload with a note due in the range,
    each one index probe, rather than every such note), one reads a page of them by
    name."""

    def __init__(self, filters: Filters) -> None:
        holding = CaseloadCount.objects.filter(program_id=filters.program.pk, open_count__gt=0)
        if filters.navigator_id:
            holding = holding.filter(navigator_id=filters.navigator_id)
        due = Note.objects.filter(
            enrollment_id=OuterRef("pk"),
            due_at__gte=filters.since,
            due_at__lt=min(filters.until, timezone.now()),
        )
        # An enrollment on a caseload is in its navigator's kept count already (or in
        # the program's unassigned one), so only the others need their notes looked at.
        with_notes = Enrollment.objects.filter(
            _enrollment_q(filters, ""), ~Q(status__in=CAP_STATUSES), Exists(due)
        )
        self.found = (
            holding.values_list("navigator_id")
            .order_by()
            .union(
                with_notes.values_list("navigator_id").order_by(),
                _reviews_signed(filters).values_list("enrollment__navigator_id").order_by(),
            )
        )
        self._ids: list[int] | None = None
        self._unassigned = False

    def _counted(self) -> tuple[int, bool]:
        if self._ids is None:
            found = {row[0] for row in self.found}
            self._unassigned = None in found
            self._ids = sorted(pk for pk in found if pk is not None)
        return len(self._ids), self._unassigned

    def count(self) -> int:
        users, unassigned = self._counted()
        return users + int(unassigned)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[User | None]:
        users, unassigned = self._counted()
        start, stop, _ = index.indices(self.count())
        found: list[User | None] = []
        if start < users:
            ids: Any = self._ids
            if connection.vendor == "postgresql":
                # Every navigator found, as one array parameter: thousands of separate
                # ones cost more to build and send than the query takes to run.
                ids = RawSQL("SELECT unnest(%s::bigint[])", (self._ids,))
            found.extend(
                User.objects.filter(pk__in=ids)
                .only("pk", "display_name", "first_name", "last_name", "username")
                .order_by(name_order(), "pk")[start:stop]
            )
        if unassigned and stop > users:
            found.append(None)
        return found


def _navigator_in(keys: list[User | None], field_name: str) -> Q:
    q = Q(**{f"{field_name}__in": [u.pk for u in keys if u is not None]})
    if None in keys:
        q |= Q(**{f"{field_name}__isnull": True})
    return q


def quality(filters: Filters, page: Any = None, only: str | None = None) -> Chart:
    """Per navigator: notes on time, plans current, and file reviews passed. Every
    navigator with a figure (``page`` None), one page of them, or ``only`` one."""
    columns = [
        Column("notes_due", gettext("Notes due")),
        Column("notes_on_time", gettext("Notes on time")),
        Column("notes_percent", gettext("Notes on time %"), percent=True),
        Column("served", gettext("Being served")),
        Column("plans_current", gettext("Plans current")),
        Column("plans_percent", gettext("Plans current %"), percent=True),
        Column("reviews_signed", gettext("Files reviewed")),
        Column("reviews_passed", gettext("Reviews passed")),
        Column("reviews_percent", gettext("Reviews passed %"), percent=True),
    ]
    paged: Any = None
    keys: list[User | None]
    if only is not None:
        chosen = _navigator_id(only)
        keys = [None] if chosen is None else list(User.objects.filter(pk=chosen))
    elif page is not None:
        paged = Paginator(_Navigators(filters), NAVIGATORS_PER_PAGE).get_page(page)  # type: ignore[arg-type]
        keys = list(paged.object_list)
    else:
        everyone = _Navigators(filters)
        keys = everyone[0 : len(everyone)]
    notes = _notes_due(filters).filter(_navigator_in(keys, "enrollment__navigator_id"))
    served = _served(filters).filter(_navigator_in(keys, "navigator_id"))
    reviews = _reviews_signed(filters).filter(_navigator_in(keys, "enrollment__navigator_id"))
    counts: dict[int | None, dict[str, int]] = {}
    for row in (
        reviews.values("enrollment__navigator_id")
        .annotate(signed=Count("pk"), passed=Count("pk", filter=PASSED))
        .order_by()
    ):
        counts.setdefault(row["enrollment__navigator_id"], {}).update(
            signed=row["signed"], passed=row["passed"]
        )
    for row in (
        notes.values("enrollment__navigator_id")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=ON_TIME))
        .order_by()
    ):
        counts.setdefault(row["enrollment__navigator_id"], {}).update(
            due=row["due"], on_time=row["on_time"]
        )
    # Grouped by status too, so the database walks the (program, status, navigator)
    # index instead of every enrollment; the two statuses are added up here.
    for row in (
        served.values("status", "navigator_id")
        .annotate(served=Count("pk"), current=Count("pk", filter=_plan_current(filters)))
        .order_by()
    ):
        found_row = counts.setdefault(row["navigator_id"], {})
        found_row["served"] = found_row.get("served", 0) + row["served"]
        found_row["current"] = found_row.get("current", 0) + row["current"]
    rows = []
    for user in keys:
        c = counts.get(None if user is None else user.pk)
        if c is None:
            if only is not None:
                continue  # no figure behind that navigator: no row to open
            c = {}  # holding a caseload with nothing due, nobody served, nothing reviewed
        due, on_time = c.get("due", 0), c.get("on_time", 0)
        served_count, current = c.get("served", 0), c.get("current", 0)
        signed, passed = c.get("signed", 0), c.get("passed", 0)
        values: list[int | None] = [
            due,
            on_time,
            _share(on_time, due),
            served_count,
            current,
            _share(current, served_count),
            signed,
            passed,
            _share(passed, signed),
        ]
        rows.append(Row(_key(user), _name(user), values))
    return Chart(
        "quality",
        gettext("Quality: documentation up to date"),
        gettext(
            "Notes whose window closed in the range and how many were signed in time; people "
            "being served now whose plan is acknowledged and was acknowledged or reviewed in "
            "the range; file reviews signed in the range and how many met every computed "
            "standard."
        ),
        "bar",
        "Navigator",
        columns,
        rows,
        drawn=("notes_percent", "plans_percent", "reviews_percent"),
        page=paged,
    )


def _navigator_q(key: str, field_name: str) -> Q:
    return Q(**{f"{field_name}__isnull": True}) if key == "none" else Q(**{field_name: int(key)})


def _reviews_signed(filters: Filters) -> QuerySet[Any]:
    """File reviews signed in the range, by the enrollment's navigator now."""
    reviews = signed_between([filters.program.pk], filters.since, filters.until)
    if filters.navigator_id:
        reviews = reviews.filter(enrollment__navigator_id=filters.navigator_id)
    return reviews


def _quality_people(filters: Filters, column: str, key: str) -> QuerySet[Any]:
    if column in {"reviews_signed", "reviews_passed"}:
        reviews = _reviews_signed(filters).filter(_navigator_q(key, "enrollment__navigator_id"))
        if column == "reviews_passed":
            reviews = reviews.filter(PASSED)
        return reviews.values("participant_id")
    if column in {"notes_due", "notes_on_time"}:
        notes = _notes_due(filters).filter(_navigator_q(key, "enrollment__navigator_id"))
        if column == "notes_on_time":
            notes = notes.filter(ON_TIME)
        return notes.values("participant_id")
    served = _served(filters).filter(_navigator_q(key, "navigator_id"))
    if column == "plans_current":
        served = served.filter(_plan_current(filters))
    return served.values("participant_id")


def _goals_achieved(filters: Filters) -> QuerySet[Progress]:
    return Progress.objects.filter(
        _enrollment_q(filters, "plan__enrollment__"),
        kind=Progress.Kind.GOAL,
        status=GoalStatus.ACHIEVED,
        at__gte=filters.since,
        at__lt=filters.until,
    )


def _connected(filters: Filters) -> QuerySet[Referral]:
    return Referral.objects.filter(
        _enrollment_q(filters), connected_at__gte=filters.since, connected_at__lt=filters.until
    )


def _positive_exits(filters: Filters) -> QuerySet[Closure]:
    return Closure.objects.filter(
        _enrollment_q(filters),
        status=Closure.Status.CLOSED,
        destination__in=POSITIVE_DESTINATIONS,
        exit_on__gte=filters.start,
        exit_on__lte=filters.end,
    )


def _stable() -> Q:
    """Reached, working, housed or in school, and not asking for help again (the same
    rule as ``CheckIn.stable``), matched on the stored list's JSON text."""
    any_stable = reduce(or_, (Q(outcomes__icontains=f'"{found}"') for found in CheckIn.STABLE))
    needs_help = Q(outcomes__icontains=f'"{CheckIn.Outcome.NEEDS_HELP.value}"')
    return Q(status=CheckIn.Status.REACHED) & any_stable & ~needs_help


STABLE = _stable()


def _stable_check_ins(filters: Filters) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(
        STABLE, _enrollment_q(filters), done_at__gte=filters.since, done_at__lt=filters.until
    )


OUTCOME_SOURCES: dict[str, tuple[StrOrPromise, Callable[[Filters], QuerySet[Any]], str, str]] = {
    # column: (label, rows, the moment that dates it, how to count it)
    "goals": (gettext_lazy("Goals achieved"), _goals_achieved, "at", "item_key"),
    "referrals": (gettext_lazy("Referrals connected"), _connected, "connected_at", "pk"),
    "exits": (gettext_lazy("Positive exits"), _positive_exits, "exit_on", "pk"),
    "check_ins": (gettext_lazy("Check-ins stable"), _stable_check_ins, "done_at", "pk"),
}


def outcome(filters: Filters) -> Chart:
    columns = [Column(key, str(label)) for key, (label, _, _, _) in OUTCOME_SOURCES.items()]
    found: dict[date, dict[str, int]] = {}
    for key, (_, source, moment, counted) in OUTCOME_SOURCES.items():
        rows = (
            source(filters)
            .annotate(week=TruncWeek(moment))
            .values("week")
            .annotate(n=Count(counted, distinct=True))
            .order_by()
        )
        for row in rows:
            bucket = found.setdefault(_week_of(row["week"]), {})
            bucket[key] = bucket.get(key, 0) + row["n"]
    out = [
        Row(m.isoformat(), week_label(m), [found.get(m, {}).get(c.key, 0) for c in columns])
        for m in weeks(filters)
    ]
    return Chart(
        "outcome",
        gettext("Outcome: goals, referrals, exits and check-ins"),
        gettext(
            "Goals marked achieved, referrals that connected, exits to a home for good (HUD's "
            "permanent destinations) and check-ins after the program that found someone "
            "stable (working, housed or in school), by week."
        ),
        "bar",
        "Week of",
        columns,
        out,
    )


def _outcome_people(filters: Filters, column: str, key: str) -> QuerySet[Any]:
    _, source, moment, _ = OUTCOME_SOURCES[column]
    monday = date.fromisoformat(key)
    if moment == "exit_on":
        rows = source(filters).filter(exit_on__gte=monday, exit_on__lt=monday + timedelta(weeks=1))
    else:
        start, stop = _week_bounds(key)
        rows = source(filters).filter(**{f"{moment}__gte": start, f"{moment}__lt": stop})
    person = "plan__enrollment__participant_id" if column == "goals" else "participant_id"
    return rows.values(person)


def _started(filters: Filters) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        _enrollment_q(filters, ""), started_on__gte=filters.start, started_on__lte=filters.end
    ).annotate(
        stayed=ExpressionWrapper(F("exited_on") - F("started_on"), output_field=DurationField())
    )


def _retention_q(days: int, today: date) -> tuple[Q, Q]:
    """(had ``days`` days by today, and was still with the program after them)."""
    reached = Q(started_on__lte=today - timedelta(days=days))
    stayed = reached & (Q(exited_on__isnull=True) | Q(stayed__gte=timedelta(days=days)))
    return reached, stayed


def retention(filters: Filters) -> Chart:
    today = timezone.localdate()
    aggregates: dict[str, Any] = {}
    for days in RETENTION_DAYS:
        reached, stayed = _retention_q(days, today)
        aggregates[f"reached_{days}"] = Count("pk", filter=reached)
        aggregates[f"stayed_{days}"] = Count("pk", filter=stayed)
    totals = _started(filters).aggregate(**aggregates)
    rows = []
    for days in RETENTION_DAYS:
        reached, stayed = totals[f"reached_{days}"], totals[f"stayed_{days}"]
        label = ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
        rows.append(Row(str(days), label, [reached, stayed, _share(stayed, reached)]))
    return Chart(
        "retention",
        gettext("Retention: still with the program after 30, 90 and 180 days"),
        gettext(
            "Of the enrollments that started in the range and have been open that long, how "
            "many had not ended by then."
        ),
        "bar",
        "After",
        [
            Column("reached", gettext("Started that long ago")),
            Column("stayed", gettext("Still with the program")),
            Column("percent", gettext("Still with the program %"), percent=True),
        ],
        rows,
        drawn=("percent",),
    )


def _retention_people(filters: Filters, column: str, key: str) -> QuerySet[Any]:
    reached, stayed = _retention_q(int(key), timezone.localdate())
    return (
        _started(filters).filter(stayed if column == "stayed" else reached).values("participant_id")
    )


def _appointments(filters: Filters) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        _enrollment_q(filters), starts_at__gte=filters.since, starts_at__lt=filters.until
    )


def attendance(filters: Filters) -> Chart:
    columns = [Column("kept", gettext("Kept")), Column("missed", gettext("Missed"))]
    rows = (
        _appointments(filters)
        .annotate(week=TruncWeek("starts_at"))
        .values("week")
        .annotate(
            kept=Count("pk", filter=Q(status=Appointment.Status.KEPT)),
            missed=Count("pk", filter=Q(status=Appointment.Status.MISSED)),
        )
        .order_by()
    )
    return Chart(
        "attendance",
        gettext("Attendance: appointments kept and missed"),
        gettext(
            "Appointments by the week they were for, kept or missed (cancelled ones and those "
            "not yet recorded are left out)."
        ),
        "stacked",
        "Week of",
        columns,
        _by_week(filters, rows, columns, ["kept", "missed"]),
    )


def _attendance_people(filters: Filters, column: str, key: str) -> QuerySet[Any]:
    start, stop = _week_bounds(key)
    status = Appointment.Status.KEPT if column == "kept" else Appointment.Status.MISSED
    return (
        _appointments(filters)
        .filter(status=status, starts_at__gte=start, starts_at__lt=stop)
        .values("participant_id")
    )


CHARTS: dict[str, tuple[Callable[..., Chart], Callable[[Filters, str, str], Any]]] = {
    "effort": (effort, _effort_people),
    "adequacy": (adequacy, _adequacy_people),
    "quality": (quality, _quality_people),
    "outcome": (outcome, _outcome_people),
    "retention": (retention, _retention_people),
    "attendance": (attendance, _attendance_people),
}
# The charts with a row per navigator: ``page`` and ``only`` choose their rows.
PER_NAVIGATOR = ("adequacy", "quality")
COLUMNS: dict[str, set[str]] = {
    "effort": {"contacts", "attempts"},
    "adequacy": {"open"},
    "quality": {
        "notes_due",
        "notes_on_time",
        "served",
        "plans_current",
        "reviews_signed",
        "reviews_passed",
    },
    "outcome": set(OUTCOME_SOURCES),
    "retention": {"reached", "stayed"},
    "attendance": {"kept", "missed"},
}


def figures(user: User, filters: Filters, page: Any = 1) -> list[Chart]:
    """Every chart of the dashboard for ``filters`` (whose program ``user`` oversees: see
    ``overseen_programs``), the per-navigator ones at ``page`` of their navigators. A
    fixed number of queries, whatever the number of rows or navigators."""
    _check(user, filters)
    return [
        build(filters, page) if key in PER_NAVIGATOR else build(filters)
        for key, (build, _) in CHARTS.items()
    ]


def chart(user: User, filters: Filters, key: str) -> Chart:
    """One chart with all its rows (for its downloads); KeyError for an unknown one."""
    _check(user, filters)
    return CHARTS[key][0](filters)


def chart_row(user: User, filters: Filters, key: str, bucket: str) -> tuple[Chart, Row | None]:
    """One chart (a per-navigator one holding only ``bucket``'s row) and the row whose
    key is ``bucket``, if there is one. KeyError for an unknown chart, ValueError for a
    navigator key that is not one."""
    _check(user, filters)
    build = CHARTS[key][0]
    found = build(filters, only=bucket) if key in PER_NAVIGATOR else build(filters)
    return found, next((r for r in found.rows if r.key == bucket), None)


def people(user: User, filters: Filters, key: str, column: str, bucket: str) -> list[Participant]:
    """The participants behind one number of one chart, as far as ``user`` may see them
    (the access funnel's person rule), by name; at most ``PEOPLE_LIMIT`` + 1 (so the page
    can say there are more). ValueError or KeyError for a number that does not exist."""
    _check(user, filters)
    if column not in COLUMNS[key]:
        raise KeyError(column)
    behind = CHARTS[key][1](filters, column, bucket)
    return list(
        Participant.objects.filter(visibility_filter(access_for(user)), pk__in=behind).order_by(
            "preferred_name", "pk"
        )[: PEOPLE_LIMIT + 1]
    )


def overseen_programs(user: User) -> QuerySet[Program]:
    """The programs ``user`` may see a dashboard of (admins: all of their organization;
    managers, supervisors and auditors: the programs they hold that role in)."""
    from waypoint.caseload.queries import supervised_programs

    return supervised_programs(user)


def _check(user: User, filters: Filters) -> None:
    access = access_for(user)
    program = filters.program
    if program.organization_id != access.organization_id or not (
        access.is_admin or access.has_role(program.pk, PROGRAM_WIDE_ROLES)
    ):
        from django.http import Http404

        raise Http404("No such program.")
