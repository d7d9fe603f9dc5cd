"""The data-quality page's figures, HUD style, each computed in the database.

- **Completeness**: for each field the program requires (the person's details, the
  enrollment's start date and navigator, the exit destination of a closed enrollment,
  and each required question of the program's intake), how many enrollments have it,
  how many chose not to say, how many miss it, and the percent complete against the
  goal (a program setting, 95% unless its managers choose another, as in Green River's
  data-quality goals). The enrollments missing something are listed to fix.
- **Timeliness**, in HUD's buckets (0, 1-3, 4-6, 7-10, 11+ days): from an
  enrollment's start date to the day it was recorded, and from an exit date to the
  day the closure was recorded, and from a contact to the day its note was signed.
  The late ones (from a program setting, 4 days or more unless changed) are listed
  to fix. Over several programs the strictest goal and line apply.

Scope: the enrollments served in the date range (started by its end, not exited before
its start) that the user may see, in the programs they oversee (administrators,
managers, supervisors, auditors), or (navigators and program staff) only their own
caseload. Every figure is one aggregate query, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

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
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.utils.translation import gettext, gettext_lazy

from waypoint.access import TEAM_ROLES, enrollment_scope
from waypoint.accounts.models import PROGRAM_WIDE_ROLES, Program, Role, User
from waypoint.accounts.queries import StaffAccess, access_for
from waypoint.assessments.models import Assessment, Question
from waypoint.closure.models import Closure
from waypoint.enrollments.models import Enrollment, Status
from waypoint.notes.models import Note
from waypoint.quality.queries import data_quality_goals

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# HUD's timeliness buckets: (label, first day, last day or None).
BUCKETS: tuple[tuple[StrOrPromise, int, int | None], ...] = (
    (gettext_lazy("0 days"), 0, 0),
    (gettext_lazy("1 to 3 days"), 1, 3),
    (gettext_lazy("4 to 6 days"), 4, 6),
    (gettext_lazy("7 to 10 days"), 7, 10),
    (gettext_lazy("11 days or more"), 11, None),
)
# HUD destinations that say nothing about where the person went.
UNKNOWN_DESTINATIONS = (8, 9, 30, 99)
CLOSED_STATUSES = (Status.EXITED, Status.FOLLOW_UP)
TO_FIX_LIMIT = 200


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    program_id: int | None = None
    navigator_id: int | None = None


@dataclass
class Field:
    key: str
    label: str
    complete: Q
    applies: Q | None = None
    declined: Q | None = None


@dataclass
class FieldRow:
    key: str
    label: str
    applicable: int
    complete: int
    declined: int
    goal: int

    @property
    def missing(self) -> int:
        return self.applicable - self.complete - self.declined

    @property
    def percent(self) -> int | None:
        if not self.applicable:
            return None
        return int(100 * self.complete / self.applicable)

    @property
    def below_goal(self) -> bool:
        return self.percent is not None and self.percent < self.goal


@dataclass
class BucketRow:
    label: str
    count: int
    percent: int | None


@dataclass
class Timeliness:
    title: str
    total: int
    buckets: list[BucketRow]
    late: list[tuple[Enrollment, int]]


@dataclass
class Report:
    filters: Filters
    enrollments: int
    fields: list[FieldRow]
    to_fix: list[tuple[Enrollment, list[str]]]
    to_fix_more: bool
    timeliness: list[Timeliness]
    goal: int
    late_from_days: int
    several_programs: bool
    participants: list[Any] = field(default_factory=list)


# Who sees what ------------------------------------------------------------------------


def overseen_program_ids(access: StaffAccess) -> set[int] | None:
    """Programs whose whole figures ``access`` may see; None for all (administrators)."""
    if access.is_admin:
        return None
    return access.programs_with(PROGRAM_WIDE_ROLES)


def own_only(access: StaffAccess) -> bool:
    """Whether ``access`` sees only their own caseload's figures (no program to oversee)."""
    overseen = overseen_program_ids(access)
    return overseen is not None and not overseen


def programs_for(user: User) -> QuerySet[Program]:
    """The programs the page can show for ``user``."""
    access = access_for(user)
    programs = Program.objects.filter(organization_id=access.organization_id or -1)
    overseen = overseen_program_ids(access)
    if overseen is None:
        return programs.order_by("name")
    return programs.filter(pk__in=overseen | access.programs_with(TEAM_ROLES)).order_by("name")


def navigators_for(user: User) -> list[User]:
    """The people whose figures ``user`` may choose: those with a caseload in a program
    they oversee; a navigator only themselves."""
    access = access_for(user)
    if own_only(access):
        return [user]
    overseen = overseen_program_ids(access)
    people = User.objects.filter(
        is_active=True,
        organization_id=access.organization_id or -1,
        memberships__role__in=[Role.NAVIGATOR, Role.STAFF, Role.SUPERVISOR, Role.MANAGER],
    )
    if overseen is not None:
        people = people.filter(memberships__program_id__in=sorted(overseen))
    return list(people.distinct().order_by("display_name", "username"))


def scope(user: User, filters: Filters) -> QuerySet[Enrollment]:
    """The enrollments the figures count: served in the range, seen by ``user``, in the
    programs they oversee or on their own caseload, narrowed by the filters."""
    access = access_for(user)
    overseen = overseen_program_ids(access)
    found = Enrollment.objects.filter(enrollment_scope(access))
    if overseen is not None:
        own = access.programs_with(TEAM_ROLES) - overseen
        found = found.filter(
            Q(program_id__in=sorted(overseen))
            | Q(program_id__in=sorted(own), navigator_id=access.user_id)
        )
    if filters.program_id is not None:
        found = found.filter(program_id=filters.program_id)
    if filters.navigator_id is not None:
        found = found.filter(navigator_id=filters.navigator_id)
    return found.filter(
        Q(started_on__lte=filters.end),
        Q(exited_on__isnull=True) | Q(exited_on__gte=filters.start),
    )


# Completeness ------------------------------------------------------------------------


def _declined(name: str) -> Q:
    return Q(declined_text__contains=f'"{name}"')


def fields_for(program_ids: Iterable[int]) -> list[Field]:
    """The fields checked: the person's, the enrollment's, the exit's, and each required
    intake question of these programs (one query for the questions)."""
    person = "participant__"
    fields = [
        Field(
            "legal_name",
            gettext("Legal name"),
            ~Q(**{f"{person}legal_name": ""}),
            None,
            _declined("legal_name"),
        ),
        Field(
            "date_of_birth",
            gettext("Date of birth"),
            Q(**{f"{person}date_of_birth__isnull": False}),
            None,
            _declined("date_of_birth"),
        ),
        Field(
            "pronouns",
            gettext("Pronouns"),
            ~Q(**{f"{person}pronouns": ""}),
            None,
            _declined("pronouns"),
        ),
        Field(
            "languages",
            gettext("Languages"),
            ~Q(**{f"{person}languages": ""}),
            None,
            _declined("languages"),
        ),
        Field(
            "emergency_contact",
            gettext("Emergency contact"),
            ~Q(**{f"{person}emergency_contact_name": ""}),
            None,
            _declined("emergency_contact"),
        ),
        Field(
            "emergency_relationship",
            gettext("Emergency contact's relationship"),
            ~Q(**{f"{person}emergency_contact_relationship": ""}),
            ~Q(**{f"{person}emergency_contact_name": ""}),
        ),
        Field("started_on", gettext("Start date"), Q(started_on__isnull=False)),
        Field("navigator", gettext("Navigator assigned"), Q(navigator__isnull=False)),
        Field(
            "destination",
            gettext("Exit destination (closed enrollments)"),
            Q(
                Exists(
                    Closure.objects.filter(
                        enrollment_id=OuterRef("pk"), status=Closure.Status.CLOSED
                    ).exclude(destination__in=UNKNOWN_DESTINATIONS)
                )
            ),
            Q(status__in=list(CLOSED_STATUSES)),
        ),
    ]
    questions = Question.objects.filter(
        program_id__in=list(program_ids), required=True, active=True
    ).select_related("program")
    for q in questions.order_by("program__name", "position", "pk"):
        answered = Assessment.objects.filter(enrollment_id=OuterRef("pk"), answers__has_key=q.key)
        fields.append(
            Field(
                f"question-{q.public_id}",
                f"{q.label} ({q.program.name})",
                Q(Exists(answered)),
                Q(program_id=q.program_id),
            )
        )
    return fields


def _with_declined(found: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return found.annotate(declined_text=Cast("participant__declined", TextField()))


def completeness(
    found: QuerySet[Enrollment], fields: list[Field], goal: int
) -> tuple[int, list[FieldRow]]:
    """How many enrollments have, decline and miss each field (each row measured
    against ``goal`` percent): one query."""
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for i, f in enumerate(fields):
        applies = f.applies if f.applies is not None else Q()
        aggregates[f"a{i}"] = Count("pk", filter=applies)
        aggregates[f"c{i}"] = Count("pk", filter=applies & f.complete)
        if f.declined is not None:
            aggregates[f"d{i}"] = Count("pk", filter=applies & ~f.complete & f.declined)
    got = _with_declined(found).aggregate(**aggregates)
    rows = [
        FieldRow(f.key, f.label, got[f"a{i}"], got[f"c{i}"], got.get(f"d{i}", 0) or 0, goal)
        for i, f in enumerate(fields)
    ]
    return got["total"], rows


def records_to_fix(
    found: QuerySet[Enrollment], fields: list[Field]
) -> tuple[list[tuple[Enrollment, list[str]]], bool]:
    """The enrollments missing a field (not counting "prefer not to say"), each with the
    fields they miss: one query, the first ``TO_FIX_LIMIT``."""
    flags: dict[str, Any] = {}
    any_missing = Q(pk__in=[])
    for i, f in enumerate(fields):
        applies = f.applies if f.applies is not None else Q()
        missing = applies & ~f.complete
        if f.declined is not None:
            missing &= ~f.declined
        flags[f"m{i}"] = Case(
            When(missing, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        any_missing |= missing
    rows = list(
        _with_declined(found)
        .filter(any_missing)
        .annotate(**flags)
        .select_related("participant", "program", "navigator")
        .order_by("program__name", "participant__preferred_name", "pk")[: TO_FIX_LIMIT + 1]
    )
    listed = [
        (e, [f.label for i, f in enumerate(fields) if getattr(e, f"m{i}")])
        for e in rows[:TO_FIX_LIMIT]
    ]
    return listed, len(rows) > TO_FIX_LIMIT


# Timeliness --------------------------------------------------------------------------


def _bucketed(found: QuerySet[Any], lag: Any) -> tuple[int, list[BucketRow]]:
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for i, (_label, first, last) in enumerate(BUCKETS):
        condition = Q(lag__gte=timedelta(days=first)) if first else Q()
        if last is not None:
            condition &= Q(lag__lte=timedelta(days=last))
        aggregates[f"b{i}"] = Count("pk", filter=condition)
    got = found.annotate(lag=lag).aggregate(**aggregates)
    total = got["total"]
    return total, [
        BucketRow(str(label), got[f"b{i}"], int(100 * got[f"b{i}"] / total) if total else None)
        for i, (label, _first, _last) in enumerate(BUCKETS)
    ]


def _late(
    found: QuerySet[Any], lag: Any, path: str, late_from_days: int
) -> list[tuple[Enrollment, int]]:
    prefix = f"{path}__" if path else ""
    rows = (
        found.annotate(lag=lag)
        .filter(lag__gte=timedelta(days=late_from_days))
        .select_related(f"{prefix}participant", f"{prefix}program")
        .order_by("-lag", "pk")[:TO_FIX_LIMIT]
    )
    made = []
    for row in rows:
        enrollment = getattr(row, path) if path else row
        made.append((enrollment, row.lag.days))
    return made


def timeliness(
    found: QuerySet[Enrollment], filters: Filters, late_from_days: int
) -> list[Timeliness]:
    """Start entry, exit entry and signed notes, in HUD's buckets: one aggregate query
    and one list (those ``late_from_days`` or more after) each."""
    started = found.filter(started_on__gte=filters.start, started_on__lte=filters.end)
    start_lag = ExpressionWrapper(
        TruncDate("created_at") - F("started_on"), output_field=DurationField()
    )
    exits = Closure.objects.filter(
        enrollment__in=found.values("pk"),
        status=Closure.Status.CLOSED,
        exit_on__gte=filters.start,
        exit_on__lte=filters.end,
    )
    exit_lag = ExpressionWrapper(
        TruncDate("requested_at") - F("exit_on"), output_field=DurationField()
    )
    notes = Note.objects.filter(
        enrollment__in=found.values("pk"),
        status=Note.Status.SIGNED,
        contact__happened_at__date__gte=filters.start,
        contact__happened_at__date__lte=filters.end,
    )
    note_lag = ExpressionWrapper(
        TruncDate("signed_at") - TruncDate("contact__happened_at"), output_field=DurationField()
    )
    made = []
    for title, rows, lag, path in (
        (
            gettext("Start of the enrollment: from the start date to the day it was recorded"),
            started,
            start_lag,
            "",
        ),
        (
            gettext("Exit: from the exit date to the day the closure was recorded"),
            exits,
            exit_lag,
            "enrollment",
        ),
        (
            gettext("Notes: from the contact to the day its note was signed"),
            notes,
            note_lag,
            "enrollment",
        ),
    ):
        total, buckets = _bucketed(rows, lag)
        made.append(Timeliness(title, total, buckets, _late(rows, lag, path, late_from_days)))
    return made


def report(user: User, filters: Filters) -> Report:
    """The whole page's figures for ``user``: a fixed number of queries."""
    found = scope(user, filters)
    program_ids = (
        [filters.program_id]
        if filters.program_id is not None
        else list(programs_for(user).values_list("pk", flat=True))
    )
    fields = fields_for(program_ids)
    goal, late_from_days = data_quality_goals(program_ids)
    total, rows = completeness(found, fields, goal)
    to_fix, more = records_to_fix(found, fields)
    made = Report(
        filters=filters,
        enrollments=total,
        fields=rows,
        to_fix=to_fix,
        to_fix_more=more,
        timeliness=timeliness(found, filters, late_from_days),
        goal=goal,
        late_from_days=late_from_days,
        several_programs=len(program_ids) > 1,
    )
    shown = {e.participant_id: e.participant for e, _ in to_fix}
    for t in made.timeliness:
        shown.update({e.participant_id: e.participant for e, _ in t.late})
    made.participants = list(shown.values())
    return made
