"""The demo's consents to share and referrals: made through the actions, consistent with
each other and with the calendar, in plain words, with loop-closure figures that look
like a working year."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from waypoint.accounts.models import Organization, User
from waypoint.audit.models import AuditEvent
from waypoint.consent.models import Consent, Disclosure
from waypoint.consent.queries import ending_soon, in_force
from waypoint.demo import referrals as demo_referrals
from waypoint.demo.management.commands import seed_demo
from waypoint.enrollments.models import CASELOAD_STATUSES, Enrollment
from waypoint.notes.models import Commitment
from waypoint.referrals.models import CLOSED, OPEN, Referral, ReferralEvent, Status
from waypoint.referrals.queries import figures, packet

WORDS = re.compile(r"\b(clients?|cases?)\b", re.IGNORECASE)


def test_the_signed_form_is_a_valid_pdf() -> None:
    pdf = demo_referrals.signed_form("Nadège Désir (aunt)")
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[xref:].startswith(b"xref\n")
    rows = pdf[xref:].split(b"\n")[3:8]
    for number, row in enumerate(rows, start=1):
        offset = int(row.split()[0])
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())


def check_consents_and_referrals(out: str) -> None:
    """The demo's consents and referrals hang together (run on the whole demo by
    ``demo/tests/test_demo_any_day.py``)."""
    line = next(x for x in out.splitlines() if x.startswith("Consents and referrals:"))
    assert "loops closed" in line
    now, today = timezone.now(), timezone.localdate()
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)

    consents = list(Consent.objects.filter(organization=org).select_related("recipient_provider"))
    referrals = list(
        Referral.objects.filter(organization=org).select_related(
            "consent", "need", "enrollment__program", "follow_up"
        )
    )
    sent = [r for r in referrals if r.status != Status.DRAFT]

    # About half the people on a caseload (until today, for those moving on today)
    # agreed to share something.
    from django.db.models import Q

    active = set(
        Enrollment.objects.filter(organization=org)
        .filter(Q(status__in=CASELOAD_STATUSES) | Q(exited_on=timezone.localdate()))
        .values_list("participant_id", flat=True)
    )
    sharing = {c.participant_id for c in consents}
    assert sharing <= active
    assert 0.35 * len(active) <= len(sharing) <= 0.7 * len(active)
    assert 80 <= len(consents) <= 160
    assert 70 <= len(sent) <= 130
    assert 1 <= len(referrals) - len(sent) <= 6  # drafts

    # Consents: mostly to directory partners, some to a person; every way of agreeing.
    people = [c for c in consents if c.recipient_provider_id is None]
    assert 8 <= len(people) <= 25
    assert all(c.recipient_name and not c.recipient_provider_id for c in people)
    assert {c.how for c in consents} == set(Consent.How.values)
    for consent in consents:
        assert consent.starts_on <= today
        assert consent.ends_on is None or consent.ends_on >= consent.starts_on
        assert "contact" in consent.categories
        if consent.how == Consent.How.VERBAL:
            assert consent.witness_name
        if consent.how == Consent.How.TYPED:
            assert consent.typed_name
        if consent.how == Consent.How.SIGNED_FORM:
            with consent.form_file.open("rb") as form:
                assert form.read(5) == b"%PDF-"
            assert consent.form_content_type == "application/pdf"
        if "substance_use" in consent.categories:
            assert consent.ends_on is not None
    assert any(set(c.categories) & {"mental_health", "physical_health"} for c in consents)
    assert any("legal_documents" in c.categories for c in consents)
    revoked = [c for c in consents if c.revoked_at is not None]
    assert 0.05 * len(consents) <= len(revoked) <= 0.15 * len(consents)
    assert all(c.revoked_note and c.revoked_by_id for c in revoked)
    ended = [c for c in consents if c.state(today) == "ended"]
    assert 3 <= len(ended) <= 10

    # Navigators see consents ending within 30 days on their home.
    soon = [
        c
        for c in consents
        if c.revoked_at is None and c.ends_on and today <= c.ends_on <= today + timedelta(days=30)
    ]
    assert 6 <= len(soon) <= 14
    navigators = User.objects.filter(organization=org, username__startswith="navigator")
    shown = {c.pk for user in navigators for c in ending_soon(user)}
    assert len(shown) >= 5

    # Every referral goes from a need to a service answering it, under a consent in force
    # for that partner from before it was sent, and carries only what the consent covers.
    per_person_open: Counter[int] = Counter()
    for referral in referrals:
        under = referral.consent
        assert under is not None
        assert under.participant_id == referral.participant_id
        assert under.recipient_provider_id == referral.provider_id
        assert set(referral.categories) <= set(under.categories)
        assert referral.need is not None
        assert referral.need.enrollment_id == referral.enrollment_id
        assert referral.need.domain in referral.categories or referral.need.domain not in (
            "mental_health",
            "physical_health",
            "legal_documents",
            "substance_use",
            "justice",
        )
        made = timezone.localdate(referral.created_at)
        assert under.starts_on <= made
        assert referral.need.created_at <= referral.created_at <= now
        if referral.status in OPEN:
            per_person_open[referral.participant_id] += 1
            assert in_force(referral.participant_id, consent_ids=[under.pk])
    assert max(per_person_open.values()) <= demo_referrals.MOST_OPEN
    for person in sharing:
        assert sum(1 for r in referrals if r.participant_id == person) <= 6

    # Each sent referral's steps are in time order and match its dates.
    events: dict[int, list[ReferralEvent]] = {}
    for event in ReferralEvent.objects.filter(referral__in=referrals).order_by("pk"):
        events.setdefault(event.referral_id, []).append(event)
    for referral in sent:
        steps = events[referral.pk]
        assert [e.to_status for e in steps[:2]] == [Status.DRAFT, Status.SENT]
        assert steps[-1].to_status == referral.status
        times = [e.at for e in steps]
        assert times == sorted(times)
        assert times[-1] <= now
        assert referral.sent_at == steps[1].at == referral.created_at
        closing = [e.at for e in steps if e.to_status in CLOSED]
        assert referral.closed_at == (closing[0] if closing else None)
        connected = [e.at for e in steps if e.to_status == Status.CONNECTED]
        assert referral.connected_at == (connected[0] if connected else None)
        if referral.status in (Status.DECLINED, Status.NOT_ELIGIBLE):
            assert referral.reason
        if referral.status == Status.OUTCOME:
            assert referral.outcome
        if referral.status in OPEN:
            # The navigator's next follow-up task is open and due about now.
            task = referral.follow_up
            assert task is not None
            assert task.status == Commitment.Status.OPEN
            assert task.created_at == times[-1]
            assert task.due_on is not None
            assert today - timedelta(days=12) <= task.due_on <= today + timedelta(days=15)
        else:
            assert referral.follow_up_id is None
    statuses = {r.status for r in referrals}
    assert statuses >= set(Status.values) - {Status.RECEIVED}
    # The sweep flagged the unanswered ones; their steps say so.
    flagged = [r for r in sent if r.status == Status.NO_RESPONSE]
    assert 2 <= len(flagged) <= 12
    assert all(events[r.pk][-1].by_id is None for r in flagged)
    tasks = Commitment.objects.filter(enrollment__organization=org, status="kept")
    assert not tasks.filter(closed_at=None).exists()
    assert all(t.closed_at >= t.created_at for t in tasks if t.closed_at)

    # Loop closure looks like a working year.
    by_program, by_partner = figures(org.pk)
    total_sent = sum(f.sent for f in by_program)
    total_closed = sum(f.closed for f in by_program)
    assert total_sent == len(sent)
    assert 0.5 <= total_closed / total_sent <= 0.9
    for program in by_program:
        assert program.closed_share is not None
        assert 45 <= program.closed_share <= 90
        assert program.median_days is not None
        assert 2 <= program.median_days <= 20
        assert program.reasons
    assert len(by_partner) >= 10
    oldest = min(r.sent_at for r in sent if r.sent_at)
    assert (now - oldest).days >= 150

    # A few printed packets, each what the consent in force allowed at that moment (the
    # demo's conferences share under consents too: see demo/tests/test_demo_conferences).
    printed = list(
        Disclosure.objects.filter(organization=org)
        .exclude(channel=Disclosure.Channel.CONFERENCE)
        .select_related("consent")
    )
    assert 3 <= len(printed) <= 12
    assert all(d.channel == Disclosure.Channel.PRINT for d in printed)
    for disclosure in printed:
        assert disclosure.disclosed_at <= now
        assert disclosure.consent.active_at(disclosure.disclosed_at)
        assert set(disclosure.categories) <= set(disclosure.consent.categories)
        referral = next(
            r
            for r in sent
            if f"Referral to {r.target}" == disclosure.about
            and r.consent_id == disclosure.consent_id
        )
        allowed = packet(referral, at=disclosure.disclosed_at)
        assert allowed is not None
        assert set(disclosure.categories) <= set(allowed.categories)

    # Written through the actions: audited.
    kinds = set(
        AuditEvent.objects.filter(object_type__in=("consent", "referral", "disclosure"))
        .values_list("object_type", flat=True)
        .distinct()
    )
    assert kinds == {"consent", "referral", "disclosure"}

    # Plain, person-first words, every placeholder filled.
    texts = [c.purpose for c in consents] + [c.revoked_note for c in consents]
    texts += [r.message for r in referrals] + [r.outcome for r in referrals]
    texts += [e.note for steps in events.values() for e in steps]
    for text in texts:
        assert not WORDS.search(text), text
        assert "{" not in text and "}" not in text, text

    # Planning is deterministic: the same seed and day give the same referrals.
    enrollments = list(
        Enrollment.objects.filter(organization=org)
        .select_related("program", "participant", "navigator")
        .order_by("pk")
    )

    def planned() -> list[tuple[int, int, str, object]]:
        seeder = demo_referrals.ReferralSeeder(
            rng=random.Random(seed_demo.SEED + 1), now=now, today=today
        )
        seeder.plan(enrollments)
        return [(p.need.pk, p.service.pk, p.path, p.sent) for p in seeder.referrals]

    assert planned() == planned()
