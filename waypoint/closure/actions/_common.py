"""What every stage of an ending shares: the program's settings and reasons, the lock on
the enrollment, the audit event, and the records of the current cycle."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Program
from waypoint.closure.hud import COMPLETION_LABELS, DESTINATION_LABELS
from waypoint.closure.models import ClosureReason, ClosureSettings
from waypoint.closure.queries import this_cycle as this_cycle
from waypoint.enrollments.models import CAP_STATUSES, Enrollment
from waypoint.errors import ActionRefused
from waypoint.hmis.codes import LISTS, SUBSIDY_DESTINATIONS
from waypoint.toolkit import audit_enrollment_record, program_settings_for, program_settings_of

if TYPE_CHECKING:
    from waypoint.accounts.models import User


# The default reasons, in our words: (label, HUD 3.12 destination, HUD R17.1 completion).
# They are written into each program's list (data the program then owns), so they stay
# in English here: a program rewords them on its reasons page.
DEFAULT_REASONS: tuple[tuple[str, int, int | None], ...] = (
    ("Reached their goals and moved into a home of their own", 410, 1),
    ("Reached their goals and moved into a home with a subsidy", 435, 1),
    ("Reached their goals and lives with family for good", 422, 1),
    ("Reached their goals and started work or school", 17, 1),
    ("Moved on to a program that fits them better", 302, 2),
    ("Chose to move on before the end of the program", 17, 2),
    ("Moved away from the area", 17, 2),
    ("Staying with family or friends for a while", 312, 2),
    ("Getting care in a hospital or treatment center", 206, 2),
    ("In custody", 207, 3),
    ("We lost touch after many tries to reach them", 30, 2),
    ("Decided not to join after the first conversations", 99, None),
    ("Passed away", 24, None),
)

OPEN = tuple(str(s) for s in CAP_STATUSES)

# Why a closed enrollment's part cannot change, by ``check_open``'s ``what``.
CLOSED = {
    "transition date": gettext_lazy(
        "This enrollment has closed. Reopen it to change its transition date."
    ),
    "exit interview": gettext_lazy(
        "This enrollment has closed. Reopen it to change its exit interview."
    ),
    "post-program plan": gettext_lazy(
        "This enrollment has closed. Reopen it to change its post-program plan."
    ),
}


def day_words(day: date) -> str:
    """A day as "Mar 05, 2026", with the month in the reader's language."""
    return date_format(day, "M d, Y")


def settings_of(program: Program) -> ClosureSettings:
    """The program's ending settings for reading (defaults unsaved: reading never writes)."""
    return program_settings_of(ClosureSettings, program)


def settings_for(program: Program) -> ClosureSettings:
    """The program's ending settings to change, made with the defaults the first time."""
    return program_settings_for(ClosureSettings, program)


def reasons_for(program: Program, *, active_only: bool = True) -> list[ClosureReason]:
    """The program's closure reasons, starting from the default list the first time."""
    found = ClosureReason.objects.filter(program=program)
    if not found.exists():
        install_default_reasons(program)
    if active_only:
        found = found.filter(active=True)
    return list(found.order_by("position", "pk"))


def install_default_reasons(program: Program) -> int:
    """Give a program the default reasons (idempotent: labels already there are kept)."""
    have = set(ClosureReason.objects.filter(program=program).values_list("label", flat=True))
    made = ClosureReason.objects.bulk_create(
        [
            ClosureReason(
                program=program,
                label=label,
                destination=destination,
                completion=completion,
                position=position,
            )
            for position, (label, destination, completion) in enumerate(DEFAULT_REASONS)
            if label not in have
        ],
        ignore_conflicts=True,
    )
    return len(made)


def check_subsidy(destination: int | None, subsidy: int | None) -> int | None:
    """The HUD rental subsidy type kept with a destination: only for a rental with an
    ongoing subsidy (HUD asks which one); any other destination keeps none."""
    if destination not in SUBSIDY_DESTINATIONS:
        return None
    if subsidy is not None and subsidy not in LISTS["3.12.A"]:
        raise ActionRefused(_("Choose the subsidy from the list."), field="destination_subsidy")
    return subsidy


def check_codes(destination: int | None, completion: int | None) -> None:
    if destination is None or destination not in DESTINATION_LABELS:
        raise ActionRefused(_("Choose where they are going from the list."), field="destination")
    if completion is not None and completion not in COMPLETION_LABELS:
        raise ActionRefused(_("Choose how the program ended from the list."), field="completion")


def lock(enrollment: Enrollment) -> Enrollment:
    """The enrollment, locked for the rest of the transaction, with its program."""
    return (
        Enrollment.objects.select_for_update()
        .select_related("program", "participant")
        .get(pk=enrollment.pk)
    )


def check_open(enrollment: Enrollment, what: str) -> None:
    if enrollment.status not in OPEN:
        words = CLOSED.get(what)
        raise ActionRefused(
            str(words)
            if words is not None
            else _("This enrollment has closed. Reopen it to change it."),
            field="status",
        )


def audit_record(
    by: User | None,
    action: str,
    kind: str,
    obj: Any,
    enrollment: Enrollment,
    changes: dict[str, Any],
) -> None:
    audit_enrollment_record(by, action, kind, obj, enrollment, changes)
