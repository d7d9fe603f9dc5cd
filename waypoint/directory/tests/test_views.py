"""The directory pages through real requests: search by need, language, words and area;
a service's page and its print version; staff keeping details current (stale saves
refused, bad input kept); "checked today"; other organizations see nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from waypoint.accounts.models import Organization
from waypoint.audit.models import AuditEvent
from waypoint.directory import actions
from waypoint.directory.models import (
    Address,
    Language,
    Location,
    Phone,
    Provider,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from waypoint.directory.queries import Filters, domains_of, search
from waypoint.tests.helpers import snapshot


def make_service(
    owner: Organization,
    name: str = "Harbor Food Pantry",
    *,
    domains: tuple[str, ...] = ("food",),
    language: str = "Spanish",
    city: str = "Harbor City",
    postal_code: str = "02110",
    **fields,
) -> Service:
    provider = Provider.objects.create(
        owner=owner, name=f"{name} Inc.", description="A neighbourhood nonprofit."
    )
    service = Service.objects.create(
        owner=owner,
        organization=provider,
        name=name,
        status=fields.pop("status", "active"),
        description=fields.pop("description", "Groceries every week, no questions asked."),
        **fields,
    )
    location = Location.objects.create(
        owner=owner, organization=provider, location_type="physical", name="Main hall"
    )
    ServiceAtLocation.objects.create(owner=owner, service=service, location=location)
    Address.objects.create(
        owner=owner,
        location=location,
        address_1="12 Wharf Street",
        city=city,
        state_province="MA",
        postal_code=postal_code,
        country="US",
        address_type="physical",
    )
    Language.objects.create(owner=owner, location=location, name=language, code="")
    Schedule.objects.create(
        owner=owner,
        service=service,
        byday="MO,TU,WE,TH,FR",
        opens_at="09:00",
        closes_at="17:30",
        freq="WEEKLY",
    )
    Phone.objects.create(owner=owner, service=service, number="(617) 555-0142", extension=12)
    ServiceArea.objects.create(owner=owner, service=service, name="Harbor County")
    RequiredDocument.objects.create(owner=owner, service=service, document="Any photo ID")
    actions._set_domains(service, domains)
    found: Service = service
    return found


@pytest.fixture
def directory(world):
    pantry = make_service(world.org, what_to_expect="Maria greets you at the door.")
    clinic = make_service(
        world.org,
        "Eastside Counselling",
        domains=("mental_health", "family_social"),
        language="Arabic",
        city="Eastport",
        postal_code="02128",
        vetted=True,
        description="Counselling for families, in Arabic and English.",
    )
    closed = make_service(world.org, "Old Shelter", domains=("housing",), status="defunct")
    theirs = make_service(world.other_org, "Elsewhere Pantry")
    return {"pantry": pantry, "clinic": clinic, "closed": closed, "theirs": theirs}


def names(response) -> list[str]:
    return [hit.service.name for hit in response.context["hits"]]


def test_search_by_need_language_words_and_area(world, as_user, directory):
    client = as_user(world.navigator)
    assert names(client.get("/directory/")) == ["Eastside Counselling", "Harbor Food Pantry"]
    assert names(client.get("/directory/", {"domain": "mental_health"})) == ["Eastside Counselling"]
    assert names(client.get("/directory/", {"language": "Spanish"})) == ["Harbor Food Pantry"]
    assert names(client.get("/directory/", {"keyword": "groceries weekly"})) == []
    assert names(client.get("/directory/", {"keyword": "groceries week"})) == ["Harbor Food Pantry"]
    assert names(client.get("/directory/", {"area": "eastport"})) == ["Eastside Counselling"]
    assert names(client.get("/directory/", {"area": "0211"})) == ["Harbor Food Pantry"]
    assert names(client.get("/directory/", {"area": "Harbor County"})) == [
        "Eastside Counselling",
        "Harbor Food Pantry",
    ]
    assert names(client.get("/directory/", {"vetted": "on"})) == ["Eastside Counselling"]
    assert "Old Shelter" in names(client.get("/directory/", {"include_closed": "on"}))
    response = client.get("/directory/", {"domain": "mental_health"})
    page = response.content.decode()
    assert "Family and social, Mental health" in page
    assert "Arabic" in page and "Vetted" in page
    assert "Elsewhere Pantry" not in page


def test_search_language_choices_come_from_this_directory(world, as_user, directory):
    response = as_user(world.navigator).get("/directory/")
    choices = [c for c, _ in response.context["form"].fields["language"].choices]
    assert choices == ["", "Arabic", "Spanish"]
    bad = as_user(world.navigator).get("/directory/", {"domain": "astrology"})
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()


def test_search_results_partial_for_htmx_and_bounded_queries(
    world, as_user, directory, django_assert_num_queries
):
    client = as_user(world.navigator)
    response = client.get("/directory/", {"keyword": "pantry"}, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="directory-results">')
    for i in range(30):
        make_service(world.org, f"Extra pantry {i:02}")
    with django_assert_num_queries(14):
        response = client.get("/directory/", {"keyword": "pantry"})
    assert len(response.context["hits"]) == 25
    assert response.context["page"].paginator.count == 31
    second = client.get("/directory/", {"keyword": "pantry", "page": "2"})
    assert len(second.context["hits"]) == 6
    assert "keyword=pantry&amp;page=1" in second.content.decode()


def test_service_page_shows_what_a_visitor_needs(world, as_user, directory):
    pantry = directory["pantry"]
    response = as_user(world.staff).get(f"/directory/services/{pantry.hsds_id}/")
    page = response.content.decode()
    for text in (
        "Harbor Food Pantry Inc.",
        "Maria greets you at the door.",
        "12 Wharf Street",
        "Monday to Friday, 9:00 to 17:30",
        "(617) 555-0142 ext. 12",
        "Any photo ID",
        "Harbor County",
        "Languages spoken here: Spanish",
        "Never checked",
        "Only in our directory",
    ):
        assert text in page, text
    # Pat (staff) may write; the auditor reads without the edit or check forms.
    assert "Edit the details" in page
    auditor = as_user(world.auditor).get(f"/directory/services/{pantry.hsds_id}/")
    assert auditor.status_code == 200
    assert "Edit the details" not in auditor.content.decode()
    assert "Checked today?" not in auditor.content.decode()


def test_print_version_is_for_the_participant(world, as_user, directory):
    clinic = directory["clinic"]
    response = as_user(world.navigator).get(f"/directory/services/{clinic.hsds_id}/print/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Help with family and social, mental health" in page
    assert "If something has changed, let us know" in page
    assert "Vetted" not in page and "Edit the details" not in page


@pytest.mark.parametrize(
    ("lang", "words", "direction"),
    [
        ("es", "Si algo cambió", "ltr"),
        ("ar", 'dir="rtl"', "rtl"),
        ("en", "If something has changed, let us know", "ltr"),
        ("fr", "If something has changed, let us know", "ltr"),  # not one we have: theirs
    ],
)
def test_the_print_version_comes_in_the_language_asked_for(
    world, as_user, directory, lang, words, direction
):
    clinic = directory["clinic"]
    client = as_user(world.navigator)
    service = client.get(f"/directory/services/{clinic.hsds_id}/").content.decode()
    assert f'/directory/services/{clinic.hsds_id}/print/?lang=es" lang="es"' in service
    response = client.get(f"/directory/services/{clinic.hsds_id}/print/?lang={lang}")
    page = response.content.decode()
    assert response.status_code == 200
    assert words in page
    assert f'dir="{direction}"' in page
    expected = "en" if lang == "fr" else lang
    assert response["Content-Language"].startswith(expected)
    # The staff page after it is still in the navigator's own language.
    again = client.get(f"/directory/services/{clinic.hsds_id}/").content.decode()
    assert "Print for a participant" in again


def test_other_organizations_services_do_not_exist_here(world, as_user, directory):
    theirs = directory["theirs"]
    client = as_user(world.navigator)
    before = snapshot()
    for url in ("", "print/", "edit/"):
        assert client.get(f"/directory/services/{theirs.hsds_id}/{url}").status_code == 404
    response = client.post(f"/directory/services/{theirs.hsds_id}/checked/", {"vetted": "on"})
    assert response.status_code == 404
    response = client.post(f"/directory/services/{theirs.hsds_id}/edit/", {"name": "Mine now"})
    assert response.status_code == 404
    assert client.get(f"/directory/services/{uuid.uuid4()}/").status_code == 404
    assert snapshot() == before


def edit_post(service: Service, **changes) -> dict[str, Any]:
    data = {
        "version": service.version,
        "name": service.name,
        "alternate_name": "",
        "status": service.status,
        "description": service.description,
        "what_to_expect": service.what_to_expect,
        "domains": domains_of(service.owner_id, [service]).get(service.pk, []),
    }
    data.update(changes)
    return data


def test_edit_saves_audits_and_moves_domains(world, as_user, directory):
    pantry = directory["pantry"]
    client = as_user(world.navigator)
    assert client.get(f"/directory/services/{pantry.hsds_id}/edit/").status_code == 200
    response = client.post(
        f"/directory/services/{pantry.hsds_id}/edit/",
        edit_post(
            pantry,
            what_to_expect="Ask for Maria. Bring a bag; the line moves fast on Tuesdays.",
            domains=["food", "finances"],
            minimum_age="18",
            url="harborfood.example.org",
            is_public="on",
        ),
    )
    assert response.status_code == 302
    pantry.refresh_from_db()
    assert pantry.what_to_expect.startswith("Ask for Maria.")
    assert pantry.minimum_age == 18.0
    assert pantry.url == "https://harborfood.example.org"
    assert pantry.is_public is True
    assert pantry.version == 2
    assert pantry.last_modified is not None
    assert domains_of(world.org.pk, [pantry])[pantry.pk] == ["finances", "food"]
    event = AuditEvent.objects.get(action="update", object_type="directory_service")
    assert event.changes["fields"] == [
        "url",
        "minimum_age",
        "what_to_expect",
        "is_public",
        "domains",
    ]
    assert "Maria" not in str(event.changes)
    # Search by the new domain finds it.
    _, hits = search(world.org.pk, Filters(domain="finances"))
    assert [h.service.pk for h in hits] == [pantry.pk]


def test_edit_bad_input_keeps_what_was_typed(world, as_user, directory):
    pantry = directory["pantry"]
    before = snapshot()
    response = as_user(world.navigator).post(
        f"/directory/services/{pantry.hsds_id}/edit/",
        edit_post(
            pantry,
            what_to_expect="Typed with care",
            minimum_age="30",
            maximum_age="12",
            email="not an email",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The oldest age is below the youngest." in page
    assert "Enter a valid email address." in page
    assert "Typed with care" in page
    assert snapshot() == before


def test_a_stale_edit_is_refused_and_names_who_changed_what(world, as_user, directory):
    pantry = directory["pantry"]
    opened = edit_post(pantry, what_to_expect="Mine")
    as_user(world.navigator2).post(
        f"/directory/services/{pantry.hsds_id}/edit/", edit_post(pantry, description="Theirs")
    )
    response = as_user(world.navigator).post(f"/directory/services/{pantry.hsds_id}/edit/", opened)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Noor Navigator saved changes since you opened this page (Description)" in page
    assert "Mine" in page
    pantry.refresh_from_db()
    assert (pantry.description, pantry.what_to_expect) == (
        "Theirs",
        "Maria greets you at the door.",
    )


def test_checked_today_records_date_checker_and_vetting(world, as_user, directory):
    pantry = directory["pantry"]
    response = as_user(world.navigator).post(
        f"/directory/services/{pantry.hsds_id}/checked/", {"vetted": "on"}
    )
    assert response.status_code == 302
    pantry.refresh_from_db()
    assert pantry.assured_date == timezone.localdate()
    assert pantry.assurer_email == "nia@example.org"
    assert (pantry.vetted, pantry.checked_by) == (True, world.navigator)
    page = as_user(world.navigator).get(f"/directory/services/{pantry.hsds_id}/").content.decode()
    assert "by Nia Navigator" in page and "Due for a fresh check" not in page
    Service.objects.filter(pk=pantry.pk).update(
        assured_date=timezone.localdate() - timedelta(days=200)
    )
    page = as_user(world.navigator).get(f"/directory/services/{pantry.hsds_id}/").content.decode()
    assert "Due for a fresh check" in page
    assert AuditEvent.objects.filter(action="checked", object_type="directory_service").count() == 1


def test_auditor_cannot_edit_or_check(world, as_user, directory):
    pantry = directory["pantry"]
    client = as_user(world.auditor)
    before = snapshot()
    assert client.post(f"/directory/services/{pantry.hsds_id}/checked/").status_code == 404
    assert client.get(f"/directory/services/{pantry.hsds_id}/edit/").status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("byday", "words"),
    [
        ("MO,TU,WE,TH,FR", "Monday to Friday"),
        ("MO,TU,WE,TH,FR,SA,SU", "Every day"),
        ("TU,TH", "Tuesday, Thursday"),
        ("2SA", "second Saturday"),
        ("1TU,-1FR", "first Tuesday, last Friday"),
    ],
)
def test_opening_days_in_words(byday, words):
    from waypoint.directory.queries import days

    assert days(byday) == words


def test_a_navigator_emails_what_to_expect_to_someone_on_their_caseload(
    world, as_user, directory, django_capture_on_commit_callbacks
):
    from django.core import mail

    from waypoint.participants.models import ContactMethod

    pantry = directory["pantry"]
    client = as_user(world.navigator)
    page = client.get(f"/directory/services/{pantry.hsds_id}/").content.decode()
    assert "Email what to expect to" not in page  # nobody has a safe email yet
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.org",
        safe_to_contact="yes",
    )
    listed = AuditEvent.objects.filter(action="list", actor=world.navigator)
    before = listed.count()
    page = client.get(f"/directory/services/{pantry.hsds_id}/").content.decode()
    assert "Email what to expect to" in page and ">Amara</option>" in page
    # The page lists a name from the caseload, so the listing is in the audit trail.
    shown = listed.order_by("-pk")[: listed.count() - before]
    assert [(e.object_type, e.participant_id) for e in shown] == [
        ("participant", world.amara.participant_id)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/directory/services/{pantry.hsds_id}/send/",
            {"participant": str(world.amara.participant.public_id)},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["amara@example.org"]
    assert sent.subject == "What to expect at Harbor Food Pantry"
    assert "Maria greets you at the door." in sent.body
    assert "12 Wharf Street" in sent.body and "Monday to Friday, 9:00 to 17:30" in sent.body
    assert AuditEvent.objects.filter(action="send", object_type="directory_service").count() == 1
    # Someone not on Nia's caseload cannot be chosen.
    bo = world.bo.participant
    ContactMethod.objects.create(
        participant=bo, kind="email", value="bo@example.org", safe_to_contact="yes"
    )
    client.post(f"/directory/services/{pantry.hsds_id}/send/", {"participant": str(bo.public_id)})
    assert len(mail.outbox) == 1
