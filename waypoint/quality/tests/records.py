"""Test helpers for file reviews: the URL kwargs of every route for the generated
permission tests, and one record of every kind for the program-walls test."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

PROGRAM_ROUTES = {"quality_settings", "quality_checklist"}
ITEM_ROUTES = {"quality_item_edit", "quality_item_move", "quality_item_active"}
REVIEW_ROUTES = {"quality_review", "quality_review_sign", "quality_correction_add"}
CORRECTION_ROUTES = {"quality_correction", "quality_correction_check"}


def make_review(enrollment: Any, by: Any, *, signed: bool = False, why: str = "") -> Any:
    """A review of ``enrollment`` made directly (no checks), open unless ``signed``."""
    from waypoint.quality.models import Review

    now = timezone.now()
    return Review.objects.create(
        organization_id=enrollment.organization_id,
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        navigator_id=enrollment.navigator_id,
        reviewer=by,
        why=why,
        started_at=now,
        started_on=timezone.localdate(now),
        status=Review.Status.SIGNED if signed else Review.Status.OPEN,
        signed_at=now if signed else None,
    )


def make_correction(review: Any, by: Any, assigned_to: Any, what: str = "Sign the note") -> Any:
    from waypoint.quality.models import Correction

    return Correction.objects.create(
        organization_id=review.organization_id,
        review=review,
        enrollment=review.enrollment,
        participant_id=review.participant_id,
        assigned_to=assigned_to,
        what=what,
        due_on=timezone.localdate() + timedelta(days=7),
        created_by=by,
        created_at=timezone.now(),
    )


def build_quality(by: Any, enrollment: Any, canary: str) -> None:
    """An open review of ``enrollment`` with a correction for its navigator, each
    carrying ``canary`` where it holds words (for the program-walls test)."""
    review = make_review(enrollment, by, why=f"{canary} picked")
    make_correction(review, by, enrollment.navigator, what=f"{canary} link the notes")


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for one of this app's routes, or None when ``route`` is not one."""
    from waypoint.quality import actions
    from waypoint.quality.models import ChecklistItem, Review

    if route in PROGRAM_ROUTES:
        return {"pk": enrollment.program_id}
    if route in ITEM_ROUTES:
        actions.install_default_items(enrollment.program)
        item = ChecklistItem.objects.filter(program_id=enrollment.program_id).first()
        assert item is not None
        return {"pk": item.pk}
    if route == "quality_review_start":
        return {"public_id": enrollment.public_id}
    if route in REVIEW_ROUTES | CORRECTION_ROUTES:
        review = Review.objects.filter(enrollment=enrollment, status="open").first() or make_review(
            enrollment, world.supervisor
        )
        if route in REVIEW_ROUTES:
            return {"public_id": review.public_id}
        # Navigators and staff open the corrections assigned to them.
        team = user is not None and user in (world.navigator, world.navigator2, world.staff)
        owner = user if team else (enrollment.navigator or world.navigator)
        return {"public_id": make_correction(review, world.supervisor, owner).public_id}
    return None
