"""The demo's file reviews: one signed and one in progress per program, consistent with
the day the demo is loaded. ``check_quality`` runs on the whole demo in
``test_demo_any_day.py``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypoint.accounts.models import Organization
from waypoint.demo.management.commands import seed_demo
from waypoint.quality.models import Correction, Review


def check_quality(out: str) -> None:
    line = next(x for x in out.splitlines() if x.startswith("File reviews:"))
    today = timezone.localdate()
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)
    reviews = Review.objects.filter(organization=org)
    signed = reviews.filter(status=Review.Status.SIGNED)
    in_progress = reviews.filter(status=Review.Status.OPEN)
    corrections = Correction.objects.filter(organization=org, status=Correction.Status.OPEN)
    assert signed.count() >= 2 and in_progress.count() == signed.count()
    assert line == (
        f"File reviews: {signed.count()} signed this month, {in_progress.count()} in "
        f"progress, {corrections.count()} corrections open."
    )
    for review in signed:
        assert review.started_on == today and review.signed_at is not None
        assert len(review.results) == 11 and all(r["reason"] for r in review.results)
        assert all(a.verdict for a in review.answers.all())
    for correction in corrections.select_related("enrollment"):
        assert correction.review.status == Review.Status.OPEN
        assert correction.assigned_to_id == correction.enrollment.navigator_id
        assert correction.due_on == today + timedelta(days=7)
