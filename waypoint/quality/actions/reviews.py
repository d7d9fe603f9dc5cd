"""A file review: started by a supervisor, answered, then signed. Signing freezes the
computed standards into the review; after that nothing in it changes (the action refuses,
and the database refuses too: migration 0002)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.quality.actions._common import check_supervisor, install_default_items
from waypoint.quality.models import Answer, ChecklistItem, Review
from waypoint.quality.standards import NOT_MET, check_file
from waypoint.toolkit import audit_enrollment_record, created_once, earlier

if TYPE_CHECKING:
    from waypoint.accounts.models import User

SIGNED = gettext_lazy(
    "This review is signed and never changes. Record anything new in a new review."
)
MAX_WORDS = 2000
MAX_WHY = 300


@dataclass(frozen=True)
class AnswerData:
    item_id: int
    verdict: str
    comment: str = ""


def _lock(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("enrollment__program", "enrollment__participant")
        .get(pk=review.pk)
    )


@transaction.atomic
def start_review(
    *, by: User, enrollment: Enrollment, why: str = "", creation_key: uuid.UUID | None = None
) -> Review:
    """Start reviewing a file, or hand back the review already open for it (one at a time)."""
    check_supervisor(by, enrollment.program_id)
    found = earlier(Review, creation_key, enrollment=enrollment)
    if found is not None:
        return found  # type: ignore[no-any-return]
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    open_now = Review.objects.filter(enrollment=enrollment, status=Review.Status.OPEN).first()
    if open_now is not None:
        return open_now
    why = " ".join(why.split())[:MAX_WHY]
    bounds.check_text(why)
    install_default_items(enrollment.program)
    now = timezone.now()

    def make() -> Review:
        return Review.objects.create(
            creation_key=creation_key,
            organization_id=enrollment.organization_id,
            enrollment=enrollment,
            participant_id=enrollment.participant_id,
            navigator_id=enrollment.navigator_id,
            why=why,
            reviewer=by,
            started_at=now,
            started_on=timezone.localdate(now),
        )

    review, made = created_once(Review, creation_key, make, enrollment=enrollment)
    if not made:
        return review
    items = ChecklistItem.objects.filter(program_id=enrollment.program_id, active=True)
    Answer.objects.bulk_create([Answer(review=review, item=i, label=i.label) for i in items])
    audit_enrollment_record(by, "create", "quality_review", review, enrollment, {"why": why})
    return review


@transaction.atomic
def save_answers(
    *,
    by: User,
    review: Review,
    answers: list[AnswerData],
    summary: str = "",
    expected_version: int | None = None,
) -> Review:
    """Record the supervisor's answers to the checklist (any subset) and their summary."""
    current = _lock(review)
    check_supervisor(by, current.enrollment.program_id)
    if current.is_signed:
        raise ActionRefused(str(SIGNED))
    if expected_version is not None and current.version != expected_version:
        raise ActionRefused(
            _(
                "Someone saved this review since you opened it; your answers were not saved. "
                "Reload the page, check the answers as they are now, and save again."
            )
        )
    by_item = {a.item_id: a for a in current.answers.all()}
    changed: dict[str, Any] = {}
    for given in answers:
        answer = by_item.get(given.item_id)
        if answer is None:
            raise ActionRefused(_("That checklist item is not part of this review."))
        if given.verdict and given.verdict not in Answer.Verdict.values:
            raise ActionRefused(_("Choose meets, does not meet or not applicable."))
        comment = given.comment.strip()
        if len(comment) > MAX_WORDS:
            raise ActionRefused(
                _("Keep each comment under %(limit)s characters.") % {"limit": MAX_WORDS}
            )
        bounds.check_text(comment)
        if (answer.verdict, answer.comment) != (given.verdict, comment):
            answer.verdict, answer.comment = given.verdict, comment
            answer.save(update_fields=["verdict", "comment"])
            changed[answer.label] = given.verdict
    summary = summary.strip()
    if len(summary) > MAX_WORDS:
        raise ActionRefused(
            _("Keep the summary under %(limit)s characters.") % {"limit": MAX_WORDS},
            field="summary",
        )
    bounds.check_text(summary)
    if summary != current.summary:
        current.summary = summary
        changed["summary"] = True
    if changed:
        current.version += 1
        current.save(update_fields=["summary", "version"])
        audit_enrollment_record(
            by,
            "update",
            "quality_review",
            current,
            current.enrollment,
            {"answers": changed, "version": current.version},
        )
    return current


@transaction.atomic
def sign_review(*, by: User, review: Review, today: date | None = None) -> Review:
    """Sign: every checklist item answered; the standards computed now are kept with it."""
    current = _lock(review)
    check_supervisor(by, current.enrollment.program_id)
    if current.is_signed:
        raise ActionRefused(str(SIGNED))
    unanswered = [a.label for a in current.answers.all() if not a.verdict]
    if unanswered:
        raise ActionRefused(
            _("Answer every checklist item before signing: %(items)s.")
            % {"items": "; ".join(unanswered)}
        )
    results = check_file(current.enrollment, today or timezone.localdate())
    now = timezone.now()
    current.results = [r.as_dict() for r in results]
    current.all_met = not any(r.outcome == NOT_MET for r in results)
    current.status = Review.Status.SIGNED
    current.signed_at = now
    current.version += 1
    current.save(update_fields=["results", "all_met", "status", "signed_at", "version"])
    audit_enrollment_record(
        by,
        "sign",
        "quality_review",
        current,
        current.enrollment,
        {"all_met": current.all_met, "version": current.version},
    )
    return current
