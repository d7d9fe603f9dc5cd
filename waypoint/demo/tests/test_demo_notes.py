"""The demo's contacts, notes, appointments and commitments, and the bench's coach timing.

``check_contacts_and_notes`` runs on the whole demo in ``test_demo_any_day.py``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from conftest import World
from waypoint.accounts.models import Organization
from waypoint.demo import notes as demo_notes
from waypoint.demo.management.commands import bench, seed_demo
from waypoint.enrollments.models import CASELOAD_STATUSES, Enrollment
from waypoint.enrollments.standards import due_dates
from waypoint.notes.actions import note_due
from waypoint.notes.calendar import invitation_address
from waypoint.notes.coach import SECTIONS as COACHED
from waypoint.notes.coach import default_coach
from waypoint.notes.models import (
    Addendum,
    Appointment,
    Commitment,
    Contact,
    Note,
    NoteLink,
)
from waypoint.notes.relationship import signals
from waypoint.plans.models import Goal, Step

WORD_KINDS = ("label", "opinion", "shorthand")


def _word_advice(note: Note) -> list[str]:
    texts = {key: getattr(note, key) for key in COACHED}
    found = default_coach().check(texts, attempt=note.contact.attempted)
    return [a.found for a in found if a.kind in WORD_KINDS]


def _loaded(enrollments: Any) -> list[Enrollment]:
    return list(
        enrollments.select_related("program", "participant", "navigator")
        .prefetch_related("participant__contacts")
        .order_by("pk")
    )


def seed_remembering_last_contacts(monkeypatch: Any) -> tuple[str, dict[int, datetime | None]]:
    """Seed the demo; return what it printed and each enrollment's last contact as the
    enrollments stood before contacts and notes were added."""
    before: dict[int, datetime | None] = {}
    real = demo_notes.seed_contacts_and_notes

    def remember(**kwargs: Any) -> dict[str, int]:
        before.update({e.pk: e.last_contact_at for e in kwargs["enrollments"]})
        return real(**kwargs)

    monkeypatch.setattr(f"{seed_demo.__name__}.seed_contacts_and_notes", remember)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue(), before


def check_contacts_and_notes(out: str, before: dict[int, datetime | None]) -> None:
    """The demo's contacts, notes, appointments and commitments hang together."""
    assert "Contacts and notes:" in out
    now = timezone.now()

    active = _loaded(Enrollment.objects.filter(status__in=CASELOAD_STATUSES))
    assert len(active) > 100
    kinds: dict[str, int] = {}
    for e in active:
        # The latest completed contact is exactly the one the enrollment already named.
        last = Contact.objects.filter(enrollment=e, outcome="completed").aggregate(
            at=Max("happened_at")
        )["at"]
        assert last == before[e.pk] == e.last_contact_at
        assert Contact.objects.filter(enrollment=e).exists() or e.last_contact_at is None
        due = due_dates(e, e.program)
        assert (e.contact_due_on, e.next_due_on, e.next_due_what) == (
            due.contact,
            *due.next,
        )
        for signal in signals(e, now):
            kinds[signal.kind] = kinds.get(signal.kind, 0) + 1
    assert kinds.get("attempts", 0) >= 3
    assert kinds.get("missed", 0) >= 2
    assert kinds.get("note", 0) >= 3
    # Those who have left were in touch until they left, and after it only for a
    # check-in (demo_endings closes a few people who were on a caseload).
    from waypoint.closure.models import CheckIn

    exited = Enrollment.objects.exclude(status__in=CASELOAD_STATUSES)
    check_in_contacts = set(CheckIn.objects.values_list("contact_id", flat=True))
    for contact in Contact.objects.filter(enrollment__in=exited).select_related("enrollment"):
        left = contact.enrollment.exited_on
        assert left is not None
        after = timezone.localtime(contact.happened_at).date() > left
        assert not after or contact.pk in check_in_contacts, contact

    # Every contact has its note, due within the program's window; signed ones in order.
    contacts = Contact.objects.count()
    assert contacts > 500
    assert Contact.objects.filter(outcome="attempted").count() > 50
    assert not Contact.objects.filter(happened_at__gt=now).exists()
    notes = list(Note.objects.select_related("contact", "enrollment__program"))
    assert len(notes) == contacts
    words: list[str] = []
    for note in notes:
        contact = note.contact
        assert note.due_at == note_due(contact.happened_at, note.enrollment.program.note_due_hours)
        assert contact.happened_at <= contact.logged_at <= now
        if note.status == Note.Status.SIGNED:
            assert note.signed_by_id == note.author_id
            assert note.signed_at is not None
            assert contact.logged_at <= note.signed_at <= now
            assert note.signed_late == (note.signed_at > note.due_at)
            assert _word_advice(note) == [], note.pk
        if contact.attempted:
            assert contact.attempt_result
            assert note.objective and note.plan and not note.strengths
        words.append(" ".join(getattr(note, key) for key in demo_notes.SECTION_ORDER))
    signed = Note.objects.filter(status="signed")
    assert signed.filter(signed_late=True).count() >= 10
    assert signed.filter(signed_late=False).count() > 0.8 * signed.count()
    drafts = Note.objects.filter(status="draft")
    assert 5 <= drafts.count() <= 60
    assert 3 <= drafts.filter(due_at__lt=now).count() <= 10
    # The coach has something to say on at least one draft of the demo navigator.
    assert any(_word_advice(n) for n in drafts.filter(author__username="navigator"))

    # Person-first words throughout.
    words += list(Commitment.objects.values_list("what", flat=True))
    words += list(Appointment.objects.values_list("purpose", flat=True))
    words += list(Addendum.objects.values_list("text", flat=True))
    text = " ".join(words).lower()
    assert "client" not in text and " case" not in text and "{" not in text

    # Goal links point at the enrollment's own plan; private goals make private notes.
    links = NoteLink.objects.select_related("note")
    assert links.filter(kind="goal").count() > 100 and links.filter(kind="step").exists()
    for link in links[:200]:
        assert Goal.objects.filter(
            key=link.goal_key,
            version__plan_id=link.plan_id,
            version__plan__enrollment_id=(link.note.enrollment_id),
        ).exists()
        if link.kind == NoteLink.Kind.STEP:
            assert Step.objects.filter(key=link.item_key, goal__key=link.goal_key).exists()
    assert Note.objects.exclude(sensitive_categories=[]).exists()

    assert Addendum.objects.count() >= 3
    assert not Addendum.objects.filter(note__status="draft").exists()

    # Appointments: ahead within two weeks, invitations only to a safe email address;
    # missed ones in the past, each with the attempt that recorded it.
    ahead = Appointment.objects.filter(status="scheduled").select_related("participant")
    assert ahead.count() > 50
    for appointment in ahead.prefetch_related("participant__contacts"):
        assert now < appointment.starts_at <= now + timedelta(days=15)
        if appointment.invited:
            assert invitation_address(appointment.participant) is not None
    assert ahead.filter(invited=True).exists()
    assert ahead.exclude(from_note=None).exists()
    missed = Appointment.objects.filter(status="missed")
    assert missed.count() >= 4
    for appointment in missed:
        assert appointment.starts_at < now
        assert appointment.contacts.get().outcome == "attempted"
    assert Appointment.objects.filter(status="kept", contacts__outcome="completed").exists()

    assert Commitment.objects.filter(status="open").count() >= 5
    assert Commitment.objects.filter(status="kept").count() >= 5
    assert not Commitment.objects.filter(status="kept", closed_at=None).exists()

    # Signed notes went in as the database requires: it still refuses to change them.
    with pytest.raises(DatabaseError), transaction.atomic():
        Note.objects.filter(pk=signed.first().pk).update(plan="Changed")  # type: ignore[union-attr]


def _small(world: World) -> list[Enrollment]:
    now = timezone.now()
    month_ago = timezone.localdate() - timedelta(days=30)
    Enrollment.objects.filter(pk__in=[world.amara.pk, world.bo.pk, world.chen.pk]).update(
        started_on=month_ago
    )
    Enrollment.objects.filter(pk=world.amara.pk).update(last_contact_at=now - timedelta(days=9))
    Enrollment.objects.filter(pk=world.chen.pk).update(
        last_contact_at=now - timedelta(days=2, hours=3)
    )
    return _loaded(Enrollment.objects.filter(organization=world.org))


def _seed(world: World, enrollments: list[Enrollment], seed: int = 7) -> dict[str, int]:
    return demo_notes.seed_contacts_and_notes(
        rng=random.Random(seed),
        enrollments=enrollments,
        program_keys={world.youth.pk: demo_notes.YOUTH, world.home.pk: demo_notes.HOUSING},
        fallback={demo_notes.YOUTH: world.supervisor, demo_notes.HOUSING: world.supervisor},
        now=timezone.now(),
    )


def test_seeding_a_small_caseload_keeps_each_last_contact(world: World) -> None:
    enrollments = _small(world)
    before = {e.pk: e.last_contact_at for e in enrollments}
    counts = _seed(world, enrollments)
    assert counts["notes"] == counts["contacts"] == Contact.objects.count() > 3
    assert counts["enrollments"] == 3
    for e in _loaded(Enrollment.objects.filter(organization=world.org)):
        assert e.last_contact_at == before[e.pk]
        completed = Contact.objects.filter(enrollment=e, outcome="completed")
        if before[e.pk] is None:
            assert not completed.exists()
        else:
            assert completed.aggregate(at=Max("happened_at"))["at"] == before[e.pk]
        assert e.contact_due_on == due_dates(e, e.program).contact
    # The notes speak of people by name and pronoun, in plain words.
    amara = Note.objects.filter(enrollment=world.amara)
    assert any("Amara" in n.objective for n in amara)
    assert all("client" not in n.objective.lower() for n in Note.objects.all())


def test_the_same_seed_plans_the_same_history(world: World) -> None:
    enrollments = _small(world)
    now = timezone.now()

    def planned() -> list[tuple[Any, ...]]:
        seeder = demo_notes.NoteSeeder(
            rng=random.Random(11),
            program_keys={world.youth.pk: demo_notes.YOUTH, world.home.pk: demo_notes.HOUSING},
            fallback={demo_notes.YOUTH: world.supervisor, demo_notes.HOUSING: world.supervisor},
            now=now,
        )
        stories = seeder.stories(enrollments)
        seeder.choose(stories)
        return [
            (s.enrollment.pk, ev.at, ev.method, ev.result, ev.draft, ev.late)
            for s in stories
            for ev in s.events
        ]

    first = planned()
    assert first and planned() == first


def test_who_reads_names_and_pronouns_with_care() -> None:
    assert demo_notes.Who("Ngozi Okafor-Adeyemi", "she/her").short == "Ngozi"
    # No family name, or an honorific first: the whole name every time.
    assert demo_notes.Who("Naw Hser Paw", "she/her").short == "Naw Hser Paw"
    assert demo_notes.Who("Thiri Aung", "she/her", "Burmese").short == "Thiri Aung"
    assert demo_notes.Who("王芳").short == "王芳"
    who = demo_notes.Who("River Castillo", "they/them")
    said = demo_notes.fill("{name} said {they} {was} ready; {Their} plan {has} changed.", who)
    assert said == "River said they were ready; Their plan have changed."
    sections = who.first_in_full({"strengths": "", "objective": "Met River. River smiled."})
    assert sections["objective"] == "Met River Castillo. River smiled."


def test_the_coach_bench_note_is_long_and_realistic() -> None:
    texts = bench.coach_note()
    assert set(texts) == set(COACHED)
    words = sum(len(t.split()) for t in texts.values())
    assert 1950 <= words <= 2150
    flagged = [a for a in default_coach().check(texts) if a.found]
    assert 15 <= len(flagged) <= 60
    assert {a.kind for a in flagged} == set(WORD_KINDS)
    assert bench.coach_note() == texts  # the same words on every run


@pytest.mark.django_db
def test_bench_times_the_coach_and_the_note_pages() -> None:
    out = StringIO()
    call_command("bench", participants=25, requests=1, stdout=out)
    text = out.getvalue()
    assert "GET /notes/<id>/" in text
    assert "navigator (draft, 2,000 words, coach)" in text
    assert "Writing coach: a " in text and "< 20 ms" in text
    assert "Coach.check" in text and "advice_for" in text
    org = Organization.objects.get(name=bench.BENCH_ORGANIZATION)
    long = Note.objects.get(contact__creation_key=bench.LONG_NOTE_KEY)
    assert long.is_draft and long.organization_id == org.pk
    assert Contact.objects.filter(enrollment__navigator__username="bench-navigator").count() > 1
    notes = Note.objects.count()

    # Later runs reuse the notes made the first time.
    assert bench.ensure_notes(bench.ensure_setup())[0] == long.public_id
    assert Note.objects.count() == notes
