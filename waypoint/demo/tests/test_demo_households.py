"""The demo's households: a household stay in housing, a household headed by someone
not enrolled, and a family whose history shows a son moving out. ``check_households``
runs on the whole demo in ``test_demo_any_day.py``."""

from __future__ import annotations

from django.utils import timezone

from waypoint.accounts.models import Organization
from waypoint.demo.management.commands import seed_demo
from waypoint.enrollments.models import Enrollment
from waypoint.households.models import Household, Member


def check_households(out: str) -> None:
    today = timezone.localdate()
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)
    households = Household.objects.filter(organization=org)
    assert households.count() == 3
    assert "Households: 3 households, 1 household stays." in out
    for household in households:
        heads = household.members.filter(is_head=True, left_on__isnull=True)
        assert heads.count() == 1
    members = Member.objects.filter(household__organization=org)
    for member in members:
        assert member.joined_on <= today
        assert member.left_on is None or member.joined_on <= member.left_on <= today
        assert member.date_of_birth is None or member.date_of_birth <= today
    assert members.filter(left_on__isnull=False).count() == 1
    assert members.filter(is_head=True, participant__isnull=True).count() == 1
    stay = Enrollment.objects.filter(organization=org).exclude(household_stay="")
    assert stay.count() == 2
    assert stay.filter(relationship_to_head=1).count() == 1
    assert len({e.household_stay for e in stay}) == 1
    assert {e.participant_id for e in stay} <= set(
        members.filter(left_on__isnull=True).values_list("participant_id", flat=True)
    )
