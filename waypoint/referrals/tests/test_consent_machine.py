"""A state machine over consents (grant, revoke, time passing) and partner reads through
the real partner view: a read succeeds if and only if a consent for the partner is in
force at that moment, and a canary value in each category appears in what the partner
sees only while some consent in force covers that category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from unittest import mock

from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from waypoint.assessments.actions import add_need
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import Category, Consent
from waypoint.directory.models import Service
from waypoint.enrollments import actions as enrollments
from waypoint.participants.actions import ContactData
from waypoint.referrals import actions

SENSITIVE_NEEDS = {
    "physical_health": "CANARY-HEALTH",
    "mental_health": "CANARY-MIND",
    "substance_use": "CANARY-SUBSTANCE",
    "legal_documents": "CANARY-IMMIGRATION",
    "justice": "CANARY-JUSTICE",
}
CONTACT = "canary-contact@example.org"
ASSESSMENT = "CANARY-FOOD-NEED"
EVERY = list(Category.values)


@dataclass
class Given:
    consent: Consent
    categories: set[str]
    starts: date
    ends: date
    revoked_at: datetime | None = None

    def active(self, now: datetime) -> bool:
        day = timezone.localdate(now)
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.starts <= day <= self.ends


def test_partner_reads_follow_consent_exactly(world):
    service = Service.objects.create(
        owner=world.org, organization=world.partner_org, name="Groceries", status="active"
    )
    clock = [timezone.now()]
    counter = [0]

    class Machine(RuleBasedStateMachine):
        @initialize()
        def someone_new(self) -> None:
            counter[0] += 1
            self.given: list[Given] = []
            self.enrollment = enrollments.enroll_new_participant(
                by=world.navigator2,
                program=world.home,
                data={"preferred_name": f"Person {counter[0]}"},
                contacts=[ContactData("email", CONTACT, "yes", "")],
                navigator=world.navigator2,
                status="enrolled",
            )
            add_need(
                by=world.navigator2,
                enrollment=self.enrollment,
                domain="food",
                description=ASSESSMENT,
            )
            for domain, text in SENSITIVE_NEEDS.items():
                add_need(
                    by=world.navigator2,
                    enrollment=self.enrollment,
                    domain=domain,
                    description=text,
                )
            # The referral carries every category; what shows is what consent allows.
            first = self._grant(set(EVERY), 1)
            self.referral = actions.make_referral(
                by=world.navigator2,
                enrollment=self.enrollment,
                service=service,
                consent=first.consent,
                categories=EVERY,
                participant_agreed=True,
            )
            self._revoke(first)

        def _grant(self, categories: set[str], days: int) -> Given:
            today = timezone.localdate(clock[0])
            consent = consent_actions.give_consent(
                by=world.navigator2,
                participant=self.enrollment.participant,
                data={
                    "recipient_provider": world.partner_org,
                    "categories": sorted(categories),
                    "purpose": "Groceries",
                    "starts_on": today,
                    "ends_on": today + timedelta(days=days),
                    "how": "typed",
                    "typed_name": "Yes",
                },
            )
            found = Given(consent, categories, today, today + timedelta(days=days))
            self.given.append(found)
            return found

        def _revoke(self, given: Given) -> None:
            consent_actions.revoke_consent(by=world.navigator2, consent=given.consent)
            given.revoked_at = clock[0]

        @rule(
            categories=st.sets(st.sampled_from(EVERY), min_size=1),
            days=st.integers(min_value=0, max_value=4),
        )
        def grant(self, categories: set[str], days: int) -> None:
            self._grant(categories, days)

        @rule(pick=st.integers(min_value=0, max_value=50))
        def revoke(self, pick: int) -> None:
            open_ones = [g for g in self.given if g.revoked_at is None]
            if open_ones:
                self._revoke(open_ones[pick % len(open_ones)])

        @rule(days=st.integers(min_value=1, max_value=3))
        def time_passes(self, days: int) -> None:
            clock[0] = clock[0] + timedelta(days=days)

        @rule()
        def partner_reads(self) -> None:
            now = clock[0]
            active = [g for g in self.given if g.active(now)]
            allowed = set().union(*(g.categories for g in active)) if active else set()
            client = Client()
            client.force_login(world.partner)
            response = client.get(f"/partner/referrals/{self.referral.public_id}/")
            page = response.content.decode()
            name = self.enrollment.participant.preferred_name
            if not active:
                assert response.status_code == 403
                assert name not in page
                assert allowed == set()
            else:
                assert response.status_code == 200
                assert name in page
            assert (CONTACT in page) == ("contact" in allowed)
            assert (ASSESSMENT in page) == ("assessment" in allowed)
            for domain, canary in SENSITIVE_NEEDS.items():
                assert (canary in page) == (domain in allowed), (domain, allowed)

        @invariant()
        def home_lists_names_only_in_force(self) -> None:
            if not hasattr(self, "referral"):
                return
            client = Client()
            client.force_login(world.partner)
            page = client.get("/partner/").content.decode()
            name = self.enrollment.participant.preferred_name
            active = any(g.active(clock[0]) for g in self.given)
            assert (f">{name}</a>" in page) == active
            for canary in [CONTACT, ASSESSMENT, *SENSITIVE_NEEDS.values()]:
                assert canary not in page

    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock[0]):
        run_state_machine_as_test(
            Machine,
            settings=settings(
                max_examples=20,
                stateful_step_count=10,
                deadline=None,
                derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
