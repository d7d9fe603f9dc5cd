"""Asking for approval, deciding, withdrawing: each step added to the approval's history
and audited in the same transaction; the requester hears of a decision by email after
commit (no name, nothing sensitive)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waypoint import bounds
from waypoint.accounts.queries import access_for
from waypoint.approvals.actions._common import (
    MAX_COMMENT,
    MAX_REASON,
    audit_approval,
    lock,
    step,
)
from waypoint.approvals.kinds import spec
from waypoint.approvals.models import Approval, ApprovalStep
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.toolkit import check_writer, earlier

if TYPE_CHECKING:
    from waypoint.accounts.models import User

Status = Approval.Status


def _words(text: str, *, limit: int, field: str, what: str) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        too_long = {
            "reason": _("Keep the reason under %(limit)s characters."),
            "comment": _("Keep the comment under %(limit)s characters."),
        }
        raise ActionRefused(too_long[what] % {"limit": f"{limit:,}"}, field=field)
    bounds.check_text(text)
    return text


def _check_version(approval: Approval, expected: int | None) -> None:
    if expected is not None and approval.version != expected:
        who = [str(approval.decided_by)] if approval.decided_by else []
        raise StaleEdit([_status_words(approval)], who)


def _status_words(approval: Approval) -> str:
    """What a refusal names: the approval as it is now."""
    return _("the approval (%(status)s)") % {"status": approval.get_status_display().lower()}


def _check_decider(by: User, approval: Approval) -> None:
    if not access_for(by).can_supervise(approval.program_id):
        raise ActionRefused(_("Only a supervisor of this program can decide."))
    if approval.requested_by_id == by.pk:
        raise ActionRefused(_("You asked for this one: another supervisor decides it."))


def _check_pending(approval: Approval) -> None:
    if approval.status != Status.PENDING:
        raise StaleEdit([_status_words(approval)], [])


def _notify(approval: Approval, what: str) -> None:
    """Tell the requester a decision was made: a link, never a name or a category."""
    to = approval.requested_by
    if not to.email:
        return
    link = reverse("approval_detail", args=[approval.public_id])
    # In the requester's own language (the site's if they chose none), not the decider's.
    with translation.override(getattr(to, "language", "") or django_settings.LANGUAGE_CODE):
        if what == "approved":
            subject = _("Your request for approval was approved")
            first = _("A supervisor approved something you asked them to approve.")
        else:
            subject = _("Your request for approval was returned")
            first = _("A supervisor returned something you asked them to approve.")
        see = _("Sign in to Waypoint and open %(link)s (or your home page) to see it.") % {
            "link": link
        }
    body = f"{first}\n\n{see}\n"
    address = to.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=django_settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )


@transaction.atomic
def request_approval(
    *,
    by: User,
    kind: str,
    enrollment: Enrollment,
    subject_id: int,
    reason: str = "",
    details: dict[str, Any] | None = None,
    creation_key: uuid.UUID | None = None,
) -> Approval:
    """Ask a supervisor of the enrollment's program to approve ``subject_id`` (a row of
    ``kind``). Asking again after a return reopens the same approval, so its history stays
    in one place; asking while one is pending hands that one back."""
    spec(kind)
    check_writer(by, enrollment.program_id)
    done = earlier(Approval, creation_key, enrollment=enrollment)
    if done is not None:
        return done  # type: ignore[no-any-return]
    reason = _words(reason, limit=MAX_REASON, field="reason", what="reason")
    same = Approval.objects.select_for_update(of=("self",)).filter(kind=kind, subject_id=subject_id)
    pending = same.filter(status=Status.PENDING).first()
    if pending is not None:
        return pending
    returned = same.filter(status=Status.RETURNED).order_by("-requested_at", "-pk").first()
    now = timezone.now()
    if returned is not None:
        returned.status = Status.PENDING
        returned.reason = reason or returned.reason
        returned.details = {**returned.details, **(details or {})}
        returned.requested_by = by
        returned.requested_at = now
        returned.decided_by = None
        returned.decided_at = None
        returned.version += 1
        try:
            with transaction.atomic():
                returned.save()
        except IntegrityError:  # a simultaneous request made one pending first
            return same.filter(status=Status.PENDING).get()
        step(returned, ApprovalStep.Kind.ASKED_AGAIN, by, reason)
        audit_approval(by, "update", returned, {"status": ["returned", "pending"]})
        return returned
    approval = Approval(
        organization_id=enrollment.organization_id,
        program_id=enrollment.program_id,
        enrollment=enrollment,
        kind=kind,
        subject_id=subject_id,
        reason=reason,
        details=details or {},
        requested_by=by,
        requested_at=now,
        creation_key=creation_key,
    )
    try:
        with transaction.atomic():
            approval.save()
    except IntegrityError:  # a simultaneous request (or the same form twice) got there first
        found = earlier(Approval, creation_key, enrollment=enrollment)
        if found is not None:
            return found  # type: ignore[no-any-return]
        return same.filter(status=Status.PENDING).get()
    step(approval, ApprovalStep.Kind.REQUESTED, by, reason)
    audit_approval(by, "create", approval, {"status": "pending", "subject": subject_id})
    return approval


@transaction.atomic
def record_approved(
    *,
    by: User,
    kind: str,
    enrollment: Enrollment,
    subject_id: int,
    reason: str,
    details: dict[str, Any] | None = None,
) -> Approval:
    """A supervisor's own decision made at once (assigning beyond the cap themselves),
    recorded as asked and approved by them, so every override's history is in one place."""
    spec(kind)
    if not access_for(by).can_supervise(enrollment.program_id):
        raise ActionRefused(_("Only a supervisor of this program can decide."))
    reason = _words(reason, limit=MAX_REASON, field="reason", what="reason")
    now = timezone.now()
    approval = Approval.objects.create(
        organization_id=enrollment.organization_id,
        program_id=enrollment.program_id,
        enrollment=enrollment,
        kind=kind,
        subject_id=subject_id,
        reason=reason,
        details=details or {},
        status=Status.APPROVED,
        requested_by=by,
        requested_at=now,
        decided_by=by,
        decided_at=now,
    )
    step(approval, ApprovalStep.Kind.REQUESTED, by, reason)
    step(approval, ApprovalStep.Kind.APPROVED, by, "Decided at once by the supervisor.")
    audit_approval(by, "create", approval, {"status": "approved", "subject": subject_id})
    return approval


@transaction.atomic
def approve(
    *, by: User, approval: Approval, comment: str = "", expected_version: int | None = None
) -> Approval:
    """Approve and apply what was asked (share the plan, assign, send the referral),
    exactly once: a second decision finds it decided and is refused."""
    current = lock(approval)
    _check_decider(by, current)
    _check_version(current, expected_version)
    _check_pending(current)
    comment = _words(comment, limit=MAX_COMMENT, field="comment", what="comment")
    kind = spec(current.kind)
    if kind.decide is not None:  # its own action decides, and records it here (mirror)
        kind.decide("approve", by, current, comment)
        current.refresh_from_db()
        return current
    kind.approve(by, current)
    current.status = Status.APPROVED
    current.decided_by = by
    current.decided_at = timezone.now()
    current.version += 1
    current.save(update_fields=["status", "decided_by", "decided_at", "version"])
    step(current, ApprovalStep.Kind.APPROVED, by, comment)
    audit_approval(by, "update", current, {"status": ["pending", "approved"]})
    _notify(current, "approved")
    return current


@transaction.atomic
def return_for_changes(
    *, by: User, approval: Approval, comment: str, expected_version: int | None = None
) -> Approval:
    """Return with a comment saying what needs to change; nothing is applied."""
    current = lock(approval)
    _check_decider(by, current)
    _check_version(current, expected_version)
    _check_pending(current)
    comment = _words(comment, limit=MAX_COMMENT, field="comment", what="comment")
    if not comment:
        raise ActionRefused(_("Say what needs to change."), field="comment")
    kind = spec(current.kind)
    if kind.decide is not None:
        kind.decide("return", by, current, comment)
        current.refresh_from_db()
        return current
    kind.returned(by, current, comment)
    current.status = Status.RETURNED
    current.decided_by = by
    current.decided_at = timezone.now()
    current.version += 1
    current.save(update_fields=["status", "decided_by", "decided_at", "version"])
    step(current, ApprovalStep.Kind.RETURNED, by, comment)
    audit_approval(by, "update", current, {"status": ["pending", "returned"]})
    _notify(current, "returned")
    return current


@transaction.atomic
def withdraw(
    *, by: User, approval: Approval, comment: str = "", expected_version: int | None = None
) -> Approval:
    """The requester takes back a request that is waiting or was returned."""
    current = lock(approval)
    if current.requested_by_id != by.pk:
        raise ActionRefused(_("Only the person who asked can withdraw it."))
    check_writer(by, current.program_id)
    _check_version(current, expected_version)
    if current.status not in (Status.PENDING, Status.RETURNED):
        raise StaleEdit([_status_words(current)], [])
    comment = _words(comment, limit=MAX_COMMENT, field="comment", what="comment")
    kind = spec(current.kind)
    if kind.decide is not None:
        kind.decide("withdraw", by, current, comment)
        current.refresh_from_db()
        return current
    before = current.status
    current.status = Status.WITHDRAWN
    current.version += 1
    current.save(update_fields=["status", "version"])
    step(current, ApprovalStep.Kind.WITHDRAWN, by, comment)
    audit_approval(by, "update", current, {"status": [before, "withdrawn"]})
    return current


MIRRORED: dict[str, str] = {
    Status.APPROVED: ApprovalStep.Kind.APPROVED,
    Status.RETURNED: ApprovalStep.Kind.RETURNED,
    Status.WITHDRAWN: ApprovalStep.Kind.WITHDRAWN,
}


@transaction.atomic
def mirror(*, by: User, kind: str, subject_id: int, to: str, comment: str = "") -> Approval | None:
    """Record on the subject's approval a decision its own actions made (a closure
    approved, returned or withdrawn on its pages), so the history is in one place. The
    subject's action has checked who may decide and told the requester. Does nothing when
    no approval waits (one asked for before approvals existed)."""
    spec(kind)
    states = [Status.PENDING] if to != Status.WITHDRAWN else [Status.PENDING, Status.RETURNED]
    current = (
        Approval.objects.select_for_update(of=("self",))
        .select_related("enrollment")
        .filter(kind=kind, subject_id=subject_id, status__in=states)
        .first()
    )
    if current is None:
        return None
    before = current.status
    current.status = to
    if to != Status.WITHDRAWN:
        current.decided_by = by
        current.decided_at = timezone.now()
    current.version += 1
    current.save(update_fields=["status", "decided_by", "decided_at", "version"])
    step(current, MIRRORED[to], by, comment.strip()[:MAX_COMMENT])
    audit_approval(by, "update", current, {"status": [before, to]})
    return current
