"""Reading enrollments: the funnel for one, the panels of a participant page, the timeline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from waypoint.access import enrollment_record, sees_enrollment, visible_enrollments
from waypoint.accounts.queries import access_for
from waypoint.enrollments.forms import PhaseForm, ReopenForm, StatusForm
from waypoint.enrollments.models import (
    REOPENABLE,
    STATUS_TERMS,
    TRANSITIONS,
    Enrollment,
    EnrollmentEvent,
)
from waypoint.participants.models import Participant


def enrollment_for(user: Any, public_id: Any, *, write: bool = False) -> Enrollment:
    """An enrollment the user may open (the access core's per-program rule); 404
    otherwise. Records the read."""
    found: Enrollment = enrollment_record(
        user, Enrollment, public_id, kind="enrollment", path="", write=write
    )
    return found


def created_with(user: Any, creation_key: str | None) -> Enrollment | None:
    """The enrollment an earlier submit of the same form made, if the user may see it."""
    try:
        key = uuid.UUID(creation_key or "")
    except ValueError:
        return None
    return visible_enrollments(user).filter(creation_key=key).select_related("participant").first()


RECENT_CONTACTS = 5


def days_between(start: date | None, end: date) -> int | None:
    return (end - start).days if start else None


@dataclass
class Panel:
    enrollment: Enrollment
    can_write: bool
    can_assign: bool
    next_statuses: list[tuple[str, str]]
    status_form: StatusForm | None
    phase_form: PhaseForm | None
    reopen_form: ReopenForm | None
    days_enrolled: int | None
    needs: list[Any]
    need_form: Any
    assessments: list[Any]
    plan_versions: list[Any]
    signals: list[Any]
    contacts: list[Any]
    appointments: list[Any]
    commitments: list[Any]
    referrals: list[Any] = field(default_factory=list)
    commitment_key: uuid.UUID = field(default_factory=uuid.uuid4)


def enrollment_panels(
    user: Any, participant: Participant, bound: dict[int, dict[str, Any]]
) -> list[Panel]:
    access = access_for(user)
    today = timezone.localdate()
    panels = []
    from django.db.models import Prefetch

    from waypoint.assessments.forms import NeedForm
    from waypoint.assessments.queries import need_views
    from waypoint.notes.models import Appointment, Commitment, Contact
    from waypoint.notes.queries import mark_private
    from waypoint.notes.relationship import needs_attention
    from waypoint.referrals.models import Referral

    enrollments = (
        participant.enrollments.select_related("program", "navigator", "plan")
        .prefetch_related(
            "needs",
            "assessments",
            "plan__versions",
            Prefetch(
                "contacts",
                Contact.objects.select_related("note", "logged_by").order_by("-happened_at", "-pk")[
                    :RECENT_CONTACTS
                ],
                to_attr="recent_contacts",
            ),
            Prefetch(
                "appointments",
                Appointment.objects.filter(status=Appointment.Status.SCHEDULED)
                .select_related("staff", "from_note")
                .order_by("starts_at"),
                to_attr="scheduled",
            ),
            Prefetch(
                "referrals",
                Referral.objects.select_related("service", "provider").order_by("-created_at"),
                to_attr="referral_list",
            ),
            Prefetch(
                "commitments",
                Commitment.objects.filter(status=Commitment.Status.OPEN)
                .select_related("owner", "note")
                .order_by("due_on", "created_at"),
                to_attr="open_commitments",
            ),
        )
        .order_by("-started_on", "-pk")
    )
    for e in enrollments:
        if not sees_enrollment(access, e):
            continue  # another program's records: the person is shared, the work is not
        writable = access.can_write(e.program_id)
        terms = e.program.terminology
        next_statuses = [(s, _label(s, terms)) for s in TRANSITIONS.get(e.status, ())]
        forms = bound.get(e.pk, {})
        status_form = forms.get("status") or StatusForm(initial={"version": e.version})
        status_form.fields["status"].choices = next_statuses  # type: ignore[union-attr]
        phase_form = None
        if e.status == "enrolled" and e.program.phases:
            phase_form = forms.get("phase") or PhaseForm(
                phases=e.program.phases, initial={"phase": e.phase, "version": e.version}
            )
        reopen_form = None
        if e.status in REOPENABLE:
            reopen_form = forms.get("reopen") or ReopenForm(initial={"version": e.version})
        for which, form in (
            ("status", status_form),
            ("phase", phase_form),
            ("reopen", reopen_form),
        ):
            if form is not None:
                # Each form its own ids: the status form's "Why" and the reopen form's
                # share the field name "reason", and one id would label the wrong box.
                form.auto_id = f"id_{which}_{e.pk}_%s"
        panels.append(
            Panel(
                enrollment=e,
                can_write=writable,
                can_assign=access.can_supervise(e.program_id),
                next_statuses=next_statuses,
                status_form=status_form if next_statuses else None,
                phase_form=phase_form,
                reopen_form=reopen_form,
                days_enrolled=days_between(e.enrolled_on, today),
                needs=need_views(user, list(e.needs.all()), e.program),
                need_form=forms.get("need") or NeedForm(),
                assessments=sorted(e.assessments.all(), key=lambda a: -a.number),
                plan_versions=_plan_versions(e),
                signals=needs_attention(e, today),
                contacts=e.recent_contacts,
                appointments=mark_private(user, e.scheduled, e.program),
                commitments=mark_private(user, e.open_commitments, e.program),
                referrals=e.referral_list,
            )
        )
    from waypoint.closure.queries import attach_endings

    attach_endings([panel.enrollment for panel in panels])
    return panels


def _plan_versions(enrollment: Enrollment) -> list[Any]:
    plan = getattr(enrollment, "plan", None)
    if plan is None:
        return []
    return sorted(plan.versions.all(), key=lambda v: -v.number)


def _label(status: str, terms: dict[str, str]) -> str:
    from waypoint.accounts.terminology import term

    return term(STATUS_TERMS.get(status, status), terms)


def timeline(user: Any, participant: Participant, limit: int = 200) -> list[Any]:
    """What happened, newest first, in the enrollments this user may open: each change of
    status, phase or navigator, and each step of a closure (asked for approval, returned,
    approved, withdrawn) from ``waypoint.closure``."""
    from waypoint.closure.models import ClosureEvent

    visible = visible_enrollments(user).values("pk")
    events = EnrollmentEvent.objects.filter(participant=participant, enrollment__in=visible)
    found: list[Any] = list(
        events.select_related(
            "enrollment__program", "navigator", "previous_navigator", "by"
        ).order_by("-at", "-pk")[:limit]
    )
    for event in found:
        terms = event.enrollment.program.terminology
        event.from_label = _label(event.from_status, terms) if event.from_status else ""
        event.to_label = _label(event.to_status, terms) if event.to_status else ""
    steps = list(
        ClosureEvent.objects.filter(
            closure__participant=participant,
            closure__enrollment__in=visible,
            kind__in=CLOSURE_STEPS,
        )
        .select_related("closure__enrollment__program", "by")
        .order_by("-at", "-pk")[:limit]
    )
    for step in steps:
        step.is_closure = True  # type: ignore[attr-defined]
        step.enrollment = step.closure.enrollment  # type: ignore[attr-defined]
    found.extend(steps)
    found.sort(key=lambda ev: ev.at, reverse=True)
    return found[:limit]


# The steps of a closure the timeline shows (closing and reopening show as status changes).
CLOSURE_STEPS = ("requested", "returned", "approved", "withdrawn")
