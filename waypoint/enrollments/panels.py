"""The enrollment panels of a participant page: each enrollment the reader may see, with
the forms that move it along (a page-level module, beside the views)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from waypoint.access import sees_enrollment
from waypoint.accounts.queries import access_for
from waypoint.enrollments.forms import PhaseForm, ReopenForm, StatusForm
from waypoint.enrollments.models import REOPENABLE, TRANSITIONS, Enrollment
from waypoint.enrollments.queries import _label
from waypoint.participants.models import Participant

if TYPE_CHECKING:
    from waypoint.accounts.models import User


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
    user: User, participant: Participant, bound: dict[int, dict[str, Any]]
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
