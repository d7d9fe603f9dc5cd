"""The bench's bulk load (``waypoint.demo.bulk``): exact counts, valid rows, every
reference found, enrollments that agree with their history, signed notes that stay as
they were signed, a build that resumes where it stopped, and pages that still render
with the same number of queries."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Count, Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.demo import bulk
from waypoint.demo.management.commands import bench
from waypoint.enrollments.models import Enrollment, EnrollmentEvent
from waypoint.enrollments.standards import due_dates
from waypoint.notes.models import Contact, Note
from waypoint.participants.models import ContactMethod, Participant

PER_PERSON = 3
CASELOAD = bench.PER_NAVIGATOR  # the bench navigator's, filled by ensure_notes instead
LOADED = (Participant, ContactMethod, Enrollment, EnrollmentEvent, Contact, Note)


def _build(setup: bench.Setup, count: int, seed: int) -> dict[str, int]:
    lines: list[str] = []
    made = bench.Builder(setup, seed=seed, write=lines.append, notes=PER_PERSON).build(count)
    assert lines and "rows/s" in lines[-1]
    return made


def _caseload(user: User) -> tuple[int, int]:
    client = Client()
    client.force_login(user, backend=bench.LOGIN_BACKEND)
    client.get("/caseload/")  # the first request sets up the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/caseload/")
    return response.status_code, len(queries.captured_queries)


def _orphans() -> list[str]:
    """Every foreign key of every loaded row points at a row that is there (the load
    may skip PostgreSQL's checks, see ``bulk.fast_settings``)."""
    found = []
    for model in LOADED:
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey):
                continue
            target = field.related_model
            assert isinstance(target, type)
            rows = model._default_manager.exclude(**{f"{field.attname}__isnull": True})
            missing = rows.exclude(**{f"{field.attname}__in": target._default_manager.values("pk")})
            if missing.exists():
                found.append(f"{model.__name__}.{field.name}")
    return found


def _check_history(setup: bench.Setup, participants: int) -> None:
    org = setup.organization
    with_history = participants - CASELOAD
    assert Participant.objects.filter(organization=org).count() == participants
    assert ContactMethod.objects.filter(participant__organization=org).count() == participants
    assert Enrollment.objects.filter(organization=org).count() == participants
    assert EnrollmentEvent.objects.filter(enrollment__organization=org).count() == participants
    bulk_notes = Note.objects.filter(organization=org).exclude(
        enrollment__navigator=setup.navigator
    )
    bulk_contacts = Contact.objects.filter(organization=org).exclude(
        enrollment__navigator=setup.navigator
    )
    assert bulk_contacts.count() == bulk_notes.count() == with_history * PER_PERSON
    per_enrollment = (
        bulk_notes.values("enrollment").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert set(per_enrollment) == {PER_PERSON}
    assert _orphans() == []
    # A note and its contact are about the same enrollment and person, by the same hand.
    assert not bulk_notes.exclude(contact__enrollment_id=models.F("enrollment_id")).exists()
    assert not bulk_notes.exclude(contact__participant_id=models.F("participant_id")).exists()
    assert not bulk_notes.exclude(contact__logged_by_id=models.F("author_id")).exists()
    assert not bulk_contacts.exclude(enrollment__participant_id=models.F("participant_id")).exists()
    # Mostly signed, with who and when; drafts only among the last two weeks' contacts.
    now = timezone.now()
    signed = bulk_notes.filter(status=Note.Status.SIGNED)
    assert signed.count() > bulk_notes.count() / 2
    assert not signed.filter(models.Q(signed_at=None) | models.Q(signed_by=None)).exists()
    assert not signed.filter(signed_at__gt=now).exists()
    drafts = bulk_notes.filter(status=Note.Status.DRAFT)
    early = now - timedelta(days=bulk.DRAFT_DAYS, minutes=1)
    assert not drafts.filter(contact__happened_at__lt=early).exists()
    assert not bulk_contacts.filter(happened_at__gt=now).exists()
    words = " ".join(
        " ".join((n.strengths, n.objective, n.assessment, n.participant_view, n.plan))
        for n in bulk_notes[:200]
    ).lower()
    assert " client" not in words and " case " not in words and bulk.NAME not in words
    for sample in (signed.order_by("?")[:15], drafts[:5], bulk_contacts.order_by("?")[:15]):
        for row in sample:
            row.full_clean()
    for person in Participant.objects.filter(organization=org).order_by("?")[:10]:
        person.full_clean()
    # Each enrollment says what its newest contacts say, and is due what its program says.
    loaded = Enrollment.objects.filter(organization=org).exclude(navigator=setup.navigator)
    for e in loaded.select_related("program"):
        contacts = Contact.objects.filter(enrollment=e)
        last = contacts.filter(outcome=Contact.Outcome.COMPLETED).aggregate(at=Max("happened_at"))
        assert e.last_contact_at == last["at"]
        after = contacts.filter(outcome=Contact.Outcome.ATTEMPTED)
        if e.last_contact_at is not None:
            after = after.filter(happened_at__gt=e.last_contact_at)
        assert e.attempts_in_row == after.count()
        first = Note.objects.filter(enrollment=e, status=Note.Status.DRAFT).aggregate(
            at=Min("due_at")
        )
        assert e.note_due_at == first["at"]
        due = due_dates(e, e.program)
        assert (e.contact_due_on, e.assessment_due_on, e.isp_due_on) == (
            due.contact,
            due.assessment,
            due.isp,
        )
        assert (e.next_due_on, e.next_due_what) == due.next


@pytest.mark.django_db
def test_bulk_build_is_exact_valid_consistent_and_resumable() -> None:
    setup = bench.ensure_setup()
    made = _build(setup, 60, seed=1)
    assert made == {
        "participants": 60,
        "contact methods": 60,
        "enrollments": 60,
        "events": 60,
        "contacts": (60 - CASELOAD) * PER_PERSON,
        "notes": (60 - CASELOAD) * PER_PERSON,
    }
    bench.ensure_notes(setup)
    _check_history(setup, 60)
    status, queries = _caseload(setup.navigator)
    assert status == 200

    # A second run adds the missing people, their history and their navigators.
    _build(setup, 40, seed=2)
    _check_history(setup, 100)
    assert _caseload(setup.navigator) == (200, queries)
    other = Enrollment.objects.exclude(navigator=setup.navigator).exclude(navigator=None)
    navigator = other.select_related("navigator").first()
    assert navigator is not None and navigator.navigator is not None
    assert _caseload(navigator.navigator)[0] == 200
    client = Client()
    client.force_login(navigator.navigator, backend=bench.LOGIN_BACKEND)
    page = client.get(f"/participants/{navigator.participant.public_id}/")
    assert page.status_code == 200

    # Signed notes went in signed and stay as they were.
    note = Note.objects.filter(status=Note.Status.SIGNED).exclude(
        enrollment__navigator=setup.navigator
    )[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        Note.objects.filter(pk=note.pk).update(plan="Changed afterwards.")
    with pytest.raises(DatabaseError), transaction.atomic():
        Contact.objects.filter(pk=note.contact_id).update(minutes=1)
    note.refresh_from_db()
    assert note.plan != "Changed afterwards."


@pytest.mark.django_db
def test_ids_are_reserved_past_those_in_use_and_uuids_are_valid() -> None:
    setup = bench.ensure_setup()
    _build(setup, 30, seed=3)
    top = Participant.objects.aggregate(top=Max("pk"))["top"]
    with transaction.atomic():
        first = bulk.reserve_ids(Participant, 10)
        assert first > top
        assert bulk.reserve_ids(Participant, 5) >= first + (
            10 if connection.vendor == "postgresql" else 0
        )
    value = uuid.UUID(bulk.uuid_hex(2**128 - 1))
    assert value.version == 7 and value.variant == uuid.RFC_4122
    earlier = bulk.uuid_hex(2**128 - 1)
    assert earlier < bulk.uuid_hex(0) or earlier[:12] == bulk.uuid_hex(0)[:12]


def test_copy_text_escapes_what_needs_it() -> None:
    assert bulk._text(None) == "\\N"
    assert bulk._text(True) == "t"
    assert bulk._text("a\tb\nc\\d") == "a\\tb\\nc\\\\d"
