"""Corrections: what a review found to correct, assigned to the enrollment's navigator
with a due date; done by the navigator (saying what they did), then re-checked by a
supervisor (confirmed, or reopened with a comment). They are their own rows, so they keep
moving after the review is signed."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from waypoint import bounds
from waypoint.errors import ActionRefused
from waypoint.quality.actions._common import check_supervisor
from waypoint.quality.models import Correction, Review
from waypoint.toolkit import audit_enrollment_record, created_once, earlier

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_WORDS = 2000
MAX_DAYS_AHEAD = 180


def _words(value: str, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionRefused(missing, field=field)
    if len(value) > MAX_WORDS:
        raise ActionRefused(
            _("Keep it under %(limit)s characters.") % {"limit": MAX_WORDS}, field=field
        )
    bounds.check_text(value)
    return value


def check_due(due_on: date | None, today: date) -> date:
    if due_on is None:
        raise ActionRefused(_("Give the date it should be done by."), field="due_on")
    if due_on < today:
        raise ActionRefused(_("The due date cannot be in the past."), field="due_on")
    if due_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ActionRefused(
            _("Choose a due date within %(days)s days from today.") % {"days": MAX_DAYS_AHEAD},
            field="due_on",
        )
    return due_on


def _lock(correction: Correction) -> Correction:
    return (
        Correction.objects.select_for_update(of=("self",))
        .select_related("enrollment__program", "review", "assigned_to")
        .get(pk=correction.pk)
    )


def _tell(correction: Correction) -> None:
    """Email the navigator that something needs correcting: never who the participant is."""
    to = correction.assigned_to
    if not to.email:
        return
    address = to.email
    # In the navigator's own language (the site's if they chose none), not the reviewer's.
    with translation.override(getattr(to, "language", "") or django_settings.LANGUAGE_CODE):
        due = dateformat.format(correction.due_on, "j F Y")
        found = _(
            "A file review found something to correct in a file on your caseload, due by %(due)s."
        ) % {"due": due}
        body = f"{found}\n" + _("Sign in to Waypoint and open your home page to see it.") + "\n"
        subject = _("Something to correct after a file review")
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=django_settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )


@transaction.atomic
def add_correction(
    *,
    by: User,
    review: Review,
    what: str,
    due_on: date | None,
    creation_key: uuid.UUID | None = None,
) -> Correction:
    """Record a finding as a correction for the file's navigator, and tell them."""
    current = (
        Review.objects.select_for_update(of=("self",))
        .select_related("enrollment__program", "enrollment__navigator")
        .get(pk=review.pk)
    )
    enrollment = current.enrollment
    check_supervisor(by, enrollment.program_id)
    found = earlier(Correction, creation_key, review=current)
    if found is not None:
        return found  # type: ignore[no-any-return]
    if current.is_signed:
        raise ActionRefused(_("This review is signed: record new findings in a new review."))
    navigator = enrollment.navigator
    if navigator is None:
        raise ActionRefused(_("This file has nobody assigned to it yet: assign someone first."))
    what = _words(what, "what", _("Say what to correct."))
    due_on = check_due(due_on, timezone.localdate())

    def make() -> Correction:
        return Correction.objects.create(
            creation_key=creation_key,
            organization_id=enrollment.organization_id,
            review=current,
            enrollment=enrollment,
            participant_id=enrollment.participant_id,
            assigned_to=navigator,
            what=what,
            due_on=due_on,
            created_by=by,
            created_at=timezone.now(),
        )

    correction, made = created_once(Correction, creation_key, make, review=current)
    if made:
        audit_enrollment_record(
            by,
            "create",
            "quality_correction",
            correction,
            enrollment,
            {"due_on": str(due_on), "assigned_to": enrollment.navigator_id},
        )
        _tell(correction)
    return correction


@transaction.atomic
def mark_correction_done(*, by: User, correction: Correction, words: str) -> Correction:
    """The navigator it is assigned to says what they did."""
    current = _lock(correction)
    if current.assigned_to_id != by.pk:
        raise ActionRefused(_("Only the person it is assigned to can mark it done."))
    if current.status != Correction.Status.OPEN:
        raise ActionRefused(_("This correction is already marked done."))
    current.done_words = _words(words, "words", _("Say what you did."))
    current.status = Correction.Status.DONE
    current.done_at = timezone.now()
    current.version += 1
    current.save(update_fields=["done_words", "status", "done_at", "version"])
    audit_enrollment_record(
        by, "update", "quality_correction", current, current.enrollment, {"status": "done"}
    )
    return current


@transaction.atomic
def recheck_correction(
    *, by: User, correction: Correction, confirmed: bool, comment: str = ""
) -> Correction:
    """A supervisor re-checks a correction marked done: confirmed, or reopened with a
    comment saying what is still to do."""
    current = _lock(correction)
    check_supervisor(by, current.enrollment.program_id)
    if current.status != Correction.Status.DONE:
        raise ActionRefused(_("Only a correction marked done can be re-checked."))
    comment = (comment or "").strip()
    if confirmed:
        if len(comment) > MAX_WORDS:
            raise ActionRefused(
                _("Keep it under %(limit)s characters.") % {"limit": MAX_WORDS}, field="comment"
            )
        bounds.check_text(comment)
        current.status = Correction.Status.CONFIRMED
    else:
        comment = _words(comment, "comment", _("Say what is still to do."))
        current.status = Correction.Status.OPEN
        current.reopened += 1
    current.check_comment = comment
    current.checked_by = by
    current.checked_at = timezone.now()
    current.version += 1
    current.save(
        update_fields=["status", "check_comment", "checked_by", "checked_at", "reopened", "version"]
    )
    audit_enrollment_record(
        by,
        "update",
        "quality_correction",
        current,
        current.enrollment,
        {"status": current.status, "recheck": "confirmed" if confirmed else "reopened"},
    )
    return current
