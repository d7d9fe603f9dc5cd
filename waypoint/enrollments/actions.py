"""Enrolling, moving along the program's flow, assigning navigators: every change audited."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Program, Role
from waypoint.accounts.queries import access_for
from waypoint.accounts.terminology import term
from waypoint.enrollments.models import (
    CAP_STATUSES,
    REOPENABLE,
    STATUS_TERMS,
    TRANSITIONS,
    CaseloadCount,
    Enrollment,
    EnrollmentEvent,
    Status,
)
from waypoint.enrollments.standards import apply_due_dates
from waypoint.errors import ActionRefused, CapExceeded, StaleEdit
from waypoint.participants.actions import ContactData, create_participant
from waypoint.participants.models import Participant
from waypoint.toolkit import audit_enrollment_record, earlier, saved_once

if TYPE_CHECKING:
    from waypoint.accounts.models import User

ASSIGNABLE_ROLES = (Role.NAVIGATOR, Role.STAFF, Role.SUPERVISOR, Role.MANAGER)
MAX_REASON = 1000
CLOSE_ON_ITS_PAGE = gettext_lazy(
    "Close this %(enrollment)s on its closing page: it asks for the reason and the exit "
    "date, runs the checks and asks for approval where the program needs it."
)


def status_label(status: str, program: Program) -> str:
    return term(STATUS_TERMS.get(status, status), program.terminology)


def caseload_count(program_id: int, navigator_id: int) -> int:
    return Enrollment.objects.filter(
        program_id=program_id, navigator_id=navigator_id, status__in=CAP_STATUSES
    ).count()


OVERRIDE = "override"
ASK = "ask"


def _check_assignable(
    *, by: User, program: Program, navigator: Any, override_reason: str, may_ask: bool = False
) -> str:
    """Returns "" within the cap, ``OVERRIDE`` when a supervisor assigns beyond it with a
    reason, or (``may_ask``, where the program asks) ``ASK`` when someone else gives a
    reason: the assignment then waits for a supervisor's approval. Refuses otherwise."""
    from waypoint.approvals import actions as approvals

    def words(key: str) -> str:
        return term(key, program.terminology)

    if navigator.organization_id != program.organization_id or not navigator.is_active:
        raise ActionRefused(_("Choose someone who works in this program."), field="navigator")
    navigator_access = access_for(navigator)
    if not navigator_access.has_role(program.pk, ASSIGNABLE_ROLES):
        raise ActionRefused(
            _("%(name)s does not work in %(program)s as a %(navigator)s or program staff.")
            % {"name": navigator, "program": program.name, "navigator": words("navigator")},
            field="navigator",
        )
    count = caseload_count(program.pk, navigator.pk)
    if count < program.caseload_cap:
        return ""
    supervises = access_for(by).can_supervise(program.pk)
    asks = may_ask and not supervises and approvals.asks(program, "caseload")
    if not override_reason.strip():
        facts = {
            "name": navigator,
            "count": count,
            "participants": words("participants"),
            "program": program.name,
            "cap": program.caseload_cap,
            "supervisor": words("supervisor"),
        }
        if asks:
            message = _(
                "%(name)s already has %(count)s %(participants)s in %(program)s, at the cap "
                "of %(cap)s. Give a reason and a %(supervisor)s will be asked to approve it."
            )
        else:
            message = _(
                "%(name)s already has %(count)s %(participants)s in %(program)s, at the cap "
                "of %(cap)s. A %(supervisor)s can assign beyond the cap with a reason."
            )
        raise CapExceeded(message % facts, field="override_reason")
    if asks:
        return ASK
    if not supervises:
        raise CapExceeded(
            _("Only a %(supervisor)s or program manager can assign beyond the %(caseload)s cap.")
            % {"supervisor": words("supervisor"), "caseload": words("caseload")},
            field="override_reason",
        )
    return OVERRIDE


def _record_override(by: User, enrollment: Enrollment, navigator: Any, reason: str) -> None:
    """A supervisor's override, recorded on the approvals' history as approved at once."""
    from waypoint.approvals import actions as approvals

    approvals.record_approved(
        by=by,
        kind="caseload",
        enrollment=enrollment,
        subject_id=enrollment.pk,
        reason=reason.strip()[:MAX_REASON],
        details={"navigator": navigator.pk},
    )


def _recount(program_id: int, *navigator_ids: int | None) -> None:
    """Recount the open enrollments these navigators (None: nobody yet) hold in a program.

    The count row is locked before counting, so concurrent changes to one caseload
    apply one after the other and the last recount sees them all.
    """
    for navigator_id in dict.fromkeys(navigator_ids):
        rows = CaseloadCount.objects.select_for_update().filter(program_id=program_id)
        if navigator_id is None:
            row = rows.filter(navigator__isnull=True).first()
        else:
            row = rows.filter(navigator_id=navigator_id).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = CaseloadCount.objects.create(
                        program_id=program_id, navigator_id=navigator_id
                    )
            except IntegrityError:  # another request made the row a moment ago
                row = rows.filter(navigator_id=navigator_id).get()
        held = Enrollment.objects.filter(program_id=program_id, status__in=CAP_STATUSES)
        if navigator_id is None:
            held = held.filter(navigator__isnull=True)
        else:
            held = held.filter(navigator_id=navigator_id)
        count = held.count()
        if row.open_count != count:
            row.open_count = count
            row.save(update_fields=["open_count"])


def rebuild_caseload_counts(program_ids: list[int]) -> int:
    """Recount every caseload of these programs at once (after a bulk import)."""
    from django.db.models import Count

    CaseloadCount.objects.filter(program_id__in=program_ids).delete()
    rows = (
        Enrollment.objects.filter(program_id__in=program_ids, status__in=CAP_STATUSES)
        .values_list("program_id", "navigator_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    made = CaseloadCount.objects.bulk_create(
        CaseloadCount(program_id=pid, navigator_id=nid, open_count=n) for pid, nid, n in rows
    )
    return len(made)


def _event(
    enrollment: Enrollment, *, by: User, kind: str, now: Any, **fields: Any
) -> EnrollmentEvent:
    return EnrollmentEvent.objects.create(
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        kind=kind,
        by=by,
        at=now,
        **fields,
    )


def _audit(by: User, action: str, enrollment: Enrollment, changes: dict[str, Any]) -> None:
    audit_enrollment_record(by, action, "enrollment", enrollment, enrollment, changes)


def _locked(enrollment: Enrollment, expected_version: int | None) -> Enrollment:
    current = Enrollment.objects.select_for_update().select_related("program").get(pk=enrollment.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit([_("status, phase or navigator")], [])
    return current


def _save(enrollment: Enrollment, fields: list[str]) -> None:
    fields = [*fields, *apply_due_dates(enrollment, enrollment.program)]
    enrollment.version += 1
    enrollment.save(update_fields=[*set(fields), "version", "updated_at"])


@transaction.atomic
def enroll(
    *,
    by: User,
    participant: Participant,
    program: Program,
    status: str = Status.INQUIRY,
    navigator: Any = None,
    delivery_mode: str = "",
    started_on: date | None = None,
    override_reason: str = "",
    creation_key: uuid.UUID | None = None,
    returned_from: Enrollment | None = None,
) -> Enrollment:
    """Start a participant's episode in a program; a repeated ``creation_key`` is a no-op.
    ``returned_from`` links a return to the enrollment that ended before it."""
    # One enrollment change per person at a time: a simultaneous submit of the same form
    # waits here, then finds the enrollment the first one made.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    done = earlier(Enrollment, creation_key, participant=participant)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if not access_for(by).can_write(program.pk):
        raise ActionRefused(_("You cannot enroll people in this program."), field="program")
    if participant.organization_id != program.organization_id:
        raise ActionRefused(_("This program belongs to another organization."), field="program")
    if status not in (Status.INQUIRY, Status.ELIGIBILITY, Status.ENROLLED):
        raise ActionRefused(_("Start at inquiry, eligibility or enrolled."), field="status")
    if delivery_mode and delivery_mode not in program.delivery_modes:
        raise ActionRefused(_("Choose one of the program's delivery modes."), field="delivery_mode")
    open_here = Enrollment.objects.filter(
        participant=participant, program=program, status__in=CAP_STATUSES
    ).exists()
    if open_here:
        raise ActionRefused(
            _("%(name)s already has an open enrollment in %(program)s.")
            % {"name": participant, "program": program.name},
            field="program",
        )
    by_access = access_for(by)
    if (
        navigator is None
        and not by_access.sees_whole_program(program.pk)
        and not program.team_visibility
    ):
        # Someone who sees only their own caseload keeps the person they add.
        navigator = by
    override = False
    asked_for = None
    if navigator is not None:
        outcome = _check_assignable(
            by=by,
            program=program,
            navigator=navigator,
            override_reason=override_reason,
            may_ask=True,
        )
        override = outcome == OVERRIDE
        if outcome == ASK:
            # Beyond the cap: the person waits for a navigator until a supervisor approves.
            asked_for, navigator = navigator, None
    now = timezone.now()
    today = timezone.localdate()
    enrollment = Enrollment(
        organization_id=program.organization_id,
        participant=participant,
        program=program,
        status=status,
        navigator=navigator,
        delivery_mode=delivery_mode,
        started_on=started_on or today,
        enrolled_on=(started_on or today) if status == Status.ENROLLED else None,
        phase=program.phases[0] if status == Status.ENROLLED and program.phases else "",
        creation_key=creation_key,
        returned_from=returned_from,
    )
    apply_due_dates(enrollment, program)
    enrollment, made = saved_once(enrollment, creation_key, participant=participant)
    if not made:
        return enrollment  # a simultaneous submit of the same form made it
    _recount(program.pk, enrollment.navigator_id)
    _event(enrollment, by=by, kind=EnrollmentEvent.Kind.CREATED, now=now, to_status=status)
    if navigator is not None:
        _event(
            enrollment,
            by=by,
            kind=EnrollmentEvent.Kind.ASSIGNED,
            now=now,
            navigator=navigator,
            cap_override=override,
            reason=override_reason.strip()[:MAX_REASON] if override else "",
        )
    _audit(
        by,
        "enroll",
        enrollment,
        {
            "program": program.name,
            "status": status,
            "navigator": navigator.pk if navigator else None,
            "cap_override": override,
            **({"returned_from": str(returned_from.public_id)} if returned_from else {}),
        },
    )
    if override:
        _record_override(by, enrollment, navigator, override_reason)
    if asked_for is not None:
        from waypoint.approvals import actions as approvals

        approvals.request_approval(
            by=by,
            kind="caseload",
            enrollment=enrollment,
            subject_id=enrollment.pk,
            reason=override_reason.strip()[:MAX_REASON],
            details={"navigator": asked_for.pk},
        )
    return enrollment


@transaction.atomic
def enroll_new_participant(
    *,
    by: User,
    program: Program,
    data: dict[str, Any],
    contacts: list[ContactData] | None = None,
    status: str = Status.INQUIRY,
    navigator: Any = None,
    delivery_mode: str = "",
    override_reason: str = "",
    creation_key: uuid.UUID | None = None,
) -> Enrollment:
    """Create the person and their first enrollment together, or neither."""
    done = earlier(Enrollment, creation_key)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if not access_for(by).can_write(program.pk):
        raise ActionRefused(_("You cannot enroll people in this program."), field="program")
    participant = create_participant(
        by=by,
        organization=program.organization,
        data=data,
        contacts=contacts,
        creation_key=creation_key,
        role=access_for(by).role_in([program.pk]),
    )
    return enroll(
        by=by,
        participant=participant,
        program=program,
        status=status,
        navigator=navigator,
        delivery_mode=delivery_mode,
        override_reason=override_reason,
        creation_key=creation_key,
    )


@transaction.atomic
def change_status(
    *,
    by: User,
    enrollment: Enrollment,
    to_status: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Enrollment:
    """Move along the flow: inquiry → eligibility → enrolled → exiting, and exited →
    follow-up. Closing is ``waypoint.closure.actions.request_closure`` (which calls
    ``exit_enrollment``): moving an open enrollment to exited here is refused."""
    current = _locked(enrollment, expected_version)
    program = current.program
    if to_status == Status.EXITED and current.status in CAP_STATUSES:
        raise ActionRefused(
            CLOSE_ON_ITS_PAGE % {"enrollment": term("enrollment", program.terminology)},
            field="status",
        )
    if to_status not in TRANSITIONS.get(current.status, ()):
        raise ActionRefused(
            _("An enrollment at %(before)s cannot move to %(after)s.")
            % {
                "before": status_label(current.status, program),
                "after": status_label(to_status, program),
            },
            field="status",
        )
    reason = reason.strip()[:MAX_REASON]
    now = timezone.now()
    today = timezone.localdate()
    before = current.status, current.phase
    fields = ["status"]
    current.status = to_status
    if to_status == Status.ENROLLED:
        if current.enrolled_on is None:
            current.enrolled_on = today
            fields.append("enrolled_on")
        if not current.phase and program.phases:
            current.phase = program.phases[0]
            fields.append("phase")
    _save(current, fields)
    _recount(current.program_id, current.navigator_id)
    _event(
        current,
        by=by,
        kind=EnrollmentEvent.Kind.STATUS,
        now=now,
        from_status=before[0],
        to_status=to_status,
        from_phase=before[1],
        to_phase=current.phase,
        reason=reason,
    )
    _audit(by, "status", current, {"status": [before[0], to_status], "reason": reason})
    return current


@transaction.atomic
def exit_enrollment(
    *,
    by: User,
    enrollment: Enrollment,
    exited_on: date,
    reason: str,
    note: str = "",
) -> Enrollment:
    """Mark an open enrollment exited. Only ``waypoint.closure`` calls this, after its
    checks and any approval; ``enrollment`` is already locked by the caller."""
    current = _locked(enrollment, None)
    if current.status not in CAP_STATUSES:
        raise ActionRefused(_("This enrollment is already closed."), field="status")
    if exited_on < current.started_on:
        raise ActionRefused(_("The exit date cannot be before the start date."), field="exit_on")
    before = current.status
    current.status = Status.EXITED
    current.exited_on = exited_on
    current.exit_reason = reason.strip()[:200]
    current.transition_on = None
    _save(current, ["status", "exited_on", "exit_reason", "transition_on"])
    _recount(current.program_id, current.navigator_id)
    _event(
        current,
        by=by,
        kind=EnrollmentEvent.Kind.STATUS,
        now=timezone.now(),
        from_status=before,
        to_status=Status.EXITED,
        from_phase=current.phase,
        to_phase=current.phase,
        reason=(f"{reason.strip()}: {note.strip()}" if note.strip() else reason.strip())[
            :MAX_REASON
        ],
    )
    _audit(
        by,
        "status",
        current,
        {"status": [before, Status.EXITED], "reason": reason, "exited_on": str(exited_on)},
    )
    return current


@transaction.atomic
def change_phase(
    *,
    by: User,
    enrollment: Enrollment,
    to_phase: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Enrollment:
    current = _locked(enrollment, expected_version)
    program = current.program
    if current.status != Status.ENROLLED:
        raise ActionRefused(
            _("Phases apply while %(enrolled)s.")
            % {"enrolled": term("enrolled", program.terminology)},
            field="phase",
        )
    if to_phase not in program.phases:
        raise ActionRefused(_("Choose one of the program's phases."), field="phase")
    if to_phase == current.phase:
        raise ActionRefused(_("Already in %(phase)s.") % {"phase": to_phase}, field="phase")
    before = current.phase
    current.phase = to_phase
    _save(current, ["phase"])
    reason = reason.strip()[:MAX_REASON]
    _event(
        current,
        by=by,
        kind=EnrollmentEvent.Kind.PHASE,
        now=timezone.now(),
        from_status=current.status,
        to_status=current.status,
        from_phase=before,
        to_phase=to_phase,
        reason=reason,
    )
    _audit(by, "status", current, {"phase": [before, to_phase], "reason": reason})
    return current


@transaction.atomic
def assign_navigator(
    *,
    by: User,
    enrollment: Enrollment,
    navigator: Any,
    override_reason: str = "",
    expected_version: int | None = None,
    approval: Any = None,
) -> Enrollment:
    """Assign (or reassign) the navigator; past the cap only with a supervisor's reason
    (recorded as an approval decided at once), or by approving ``approval``, a request to
    assign beyond the cap."""
    current = _locked(enrollment, expected_version)
    if not access_for(by).can_supervise(current.program_id):
        raise ActionRefused(_("Only a supervisor or program manager can assign navigators."))
    if current.navigator_id == navigator.pk:
        raise ActionRefused(
            _("%(name)s is already the navigator.") % {"name": navigator}, field="navigator"
        )
    override = (
        _check_assignable(
            by=by, program=current.program, navigator=navigator, override_reason=override_reason
        )
        == OVERRIDE
    )
    previous = current.navigator
    current.navigator = navigator
    _save(current, ["navigator"])
    _recount(current.program_id, previous.pk if previous else None, navigator.pk)
    _event(
        current,
        by=by,
        kind=EnrollmentEvent.Kind.ASSIGNED,
        now=timezone.now(),
        navigator=navigator,
        previous_navigator=previous,
        cap_override=override,
        reason=override_reason.strip()[:MAX_REASON] if override else "",
    )
    _audit(
        by,
        "assign",
        current,
        {
            "navigator": [previous.pk if previous else None, navigator.pk],
            "cap_override": override,
            "reason": override_reason.strip() if override else "",
        },
    )
    if override and approval is None:
        _record_override(by, current, navigator, override_reason)
    return current


@transaction.atomic
def reopen(
    *, by: User, enrollment: Enrollment, reason: str, expected_version: int | None = None
) -> Enrollment:
    """Reopen a closed enrollment; its history stays as it was."""
    current = _locked(enrollment, expected_version)
    program = current.program
    if current.status not in REOPENABLE:
        raise ActionRefused(_("Only a closed enrollment can be reopened."), field="status")
    reason = reason.strip()[:MAX_REASON]
    if not reason:
        raise ActionRefused(_("Say why it is being reopened."), field="reason")
    if Enrollment.objects.filter(
        participant_id=current.participant_id, program=program, status__in=CAP_STATUSES
    ).exists():
        raise ActionRefused(
            _("There is already an open enrollment in %(program)s.") % {"program": program.name}
        )
    if current.navigator is not None:
        # Reopening adds the person back to the navigator's caseload.
        over = _check_assignable(
            by=by, program=program, navigator=current.navigator, override_reason=reason
        )
        if over == OVERRIDE:
            _record_override(by, current, current.navigator, reason)
    before = current.status
    current.status = Status.ENROLLED
    current.exited_on = None
    current.exit_reason = ""
    current.phase = current.phase or (program.phases[0] if program.phases else "")
    # A new ending begins: the last one's closure, plans and check-ins stay as history.
    current.cycle += 1
    _save(current, ["status", "exited_on", "exit_reason", "phase", "cycle"])
    _recount(current.program_id, current.navigator_id)
    _event(
        current,
        by=by,
        kind=EnrollmentEvent.Kind.REOPENED,
        now=timezone.now(),
        from_status=before,
        to_status=Status.ENROLLED,
        to_phase=current.phase,
        reason=reason,
    )
    _audit(by, "status", current, {"status": [before, Status.ENROLLED], "reason": reason})
    return current


def refresh_due_dates(program: Program) -> int:
    """Recompute every open enrollment's due dates after the program's standards change."""
    changed = []
    for enrollment in (
        Enrollment.objects.filter(program=program)
        .exclude(status=Status.EXITED)
        .iterator(chunk_size=1000)
    ):
        apply_due_dates(enrollment, program)
        changed.append(enrollment)
    Enrollment.objects.bulk_update(
        changed,
        ["contact_due_on", "assessment_due_on", "isp_due_on", "next_due_on", "next_due_what"],
        batch_size=500,
    )
    return len(changed)
