"""The open HSDS API at /api/hsds/ through real requests, every answer validated
strictly against the official schemas: only published services, nothing Waypoint-only,
nothing from another organization's directory, pages with the right flags, a bounded
number of queries, and the official example served back as the example shows it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from waypoint.accounts.models import Organization
from waypoint.directory import actions, hsds
from waypoint.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    DirectoryContact,
    Funding,
    Language,
    Location,
    Metadata,
    Phone,
    Provider,
    ProviderIdentifier,
    ProviderProgram,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from waypoint.directory.nested import NESTING, SERVICE_LIST, nested
from waypoint.directory.tests.standards import HSDS, errors, needs_hsds, openapi, schema, strict

BASE = "/api/hsds"
SECRET = "Ask for Dana at the side door; she knows everyone by name."
WAYPOINT_ONLY = {"vetted", "what_to_expect", "is_public", "checked_by", "checked_by_id"}
# Queries for one fully nested service: the service, then one per table under it.
DETAIL_QUERIES = 20


def make_directory(owner: Organization) -> dict[str, Any]:
    """A provider with a program, two published services and one that is not."""
    provider = Provider.objects.create(
        owner=owner,
        name="Harbor Community Services",
        description="A neighbourhood nonprofit.",
        website="https://harbor.example.org",
    )
    ProviderIdentifier.objects.create(
        owner=owner, organization=provider, identifier_type="EIN", identifier="12-3456789"
    )
    program = ProviderProgram.objects.create(
        owner=owner, organization=provider, name="Adult Learning", description="Classes."
    )
    literacy = Service.objects.create(
        owner=owner,
        organization=provider,
        program=program,
        name="Adult Literacy",
        description="Reading and writing classes, free.",
        status="active",
        minimum_age=18,
        last_modified=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
        is_public=True,
        vetted=True,
        what_to_expect=SECRET,
    )
    benefits = Service.objects.create(
        owner=owner,
        organization=provider,
        name="Benefits Help",
        description="Help applying for SNAP and WIC.",
        status="active",
        last_modified=datetime(2024, 1, 1, tzinfo=UTC),
        is_public=True,
    )
    shelter = Service.objects.create(
        owner=owner,
        organization=provider,
        name="Confidential Shelter",
        description="Emergency beds.",
        status="active",
        is_public=False,
        what_to_expect=SECRET,
    )
    hall = Location.objects.create(
        owner=owner, organization=provider, location_type="physical", name="Main hall"
    )
    Address.objects.create(
        owner=owner,
        location=hall,
        address_1="12 Wharf Street",
        city="Harbor City",
        state_province="MA",
        postal_code="02110",
        country="US",
        address_type="physical",
    )
    Accessibility.objects.create(owner=owner, location=hall, description="Step-free entrance")
    Language.objects.create(owner=owner, location=hall, name="Portuguese", code="pt")
    hidden_site = Location.objects.create(
        owner=owner, organization=provider, location_type="physical", name="Safe house"
    )
    Address.objects.create(
        owner=owner,
        location=hidden_site,
        address_1="1 Secret Lane",
        city="Harbor City",
        state_province="MA",
        postal_code="02111",
        country="US",
        address_type="physical",
    )
    at_hall = ServiceAtLocation.objects.create(
        owner=owner, service=literacy, location=hall, description="Tuesday evenings."
    )
    ServiceAtLocation.objects.create(owner=owner, service=benefits, location=hall)
    ServiceAtLocation.objects.create(owner=owner, service=shelter, location=hidden_site)
    desk = Phone.objects.create(
        owner=owner, service=literacy, organization=provider, number="617-555-0100", type="voice"
    )
    Language.objects.create(owner=owner, phone=desk, name="Spanish", code="es")
    Phone.objects.create(owner=owner, service_at_location=at_hall, number="617-555-0101")
    Phone.objects.create(owner=owner, location=hall, number="617-555-0102")
    Phone.objects.create(owner=owner, service=shelter, organization=provider, number="617-555-0999")
    teacher = DirectoryContact.objects.create(
        owner=owner, service=literacy, name="Lee Teacher", email="lee@harbor.example.org"
    )
    Phone.objects.create(owner=owner, contact=teacher, number="617-555-0103", extension=12)
    DirectoryContact.objects.create(owner=owner, service=shelter, organization=provider, name="X")
    Schedule.objects.create(
        owner=owner,
        service=literacy,
        freq="WEEKLY",
        byday="TU",
        opens_at="18:00",
        closes_at="20:00",
        valid_from=date(2025, 1, 1),
    )
    Schedule.objects.create(owner=owner, service_at_location=at_hall, freq="WEEKLY", byday="TH")
    Schedule.objects.create(owner=owner, location=hall, description="Open weekdays 9 to 5")
    ServiceArea.objects.create(owner=owner, service=literacy, name="Harbor City")
    CostOption.objects.create(owner=owner, service=literacy, option="Books", amount=12.5)
    RequiredDocument.objects.create(owner=owner, service=literacy, document="Photo ID")
    Funding.objects.create(owner=owner, service=literacy, source="City grant")
    Funding.objects.create(owner=owner, organization=provider, source="Donations")
    Funding.objects.create(owner=owner, service=shelter, organization=provider, source="Hidden")
    Language.objects.create(owner=owner, service=literacy, name="English", code="en")
    taxonomy = Taxonomy.objects.create(
        owner=owner, name="Needs", description="What people need.", uri="https://t.example.org"
    )
    term = TaxonomyTerm.objects.create(
        owner=owner,
        code="edu",
        name="Education",
        description="Learning.",
        taxonomy_detail=taxonomy,
    )
    Attribute.objects.create(
        owner=owner,
        link_id=literacy.hsds_id,
        link_entity="service",
        taxonomy_term=term,
        value="adult",
    )
    Metadata.objects.create(
        owner=owner,
        resource_id=literacy.hsds_id,
        resource_type="service",
        last_action_date=date(2025, 3, 1),
        last_action_type="update",
        field_name="name",
        previous_value="Literacy",
        replacement_value="Adult Literacy",
        updated_by="Lee",
    )
    return {
        "provider": provider,
        "program": program,
        "literacy": literacy,
        "benefits": benefits,
        "shelter": shelter,
        "hall": hall,
        "term": term,
        "taxonomy": taxonomy,
    }


@pytest.fixture
def directory(world):
    found = make_directory(world.org)
    # Another organization's directory: its own published service, and rows that name
    # ours (an attribute and metadata on our service's id, a phone pointing at it).
    other = Provider.objects.create(owner=world.other_org, name="Elsewhere", description="-")
    found["other_service"] = Service.objects.create(
        owner=world.other_org,
        organization=other,
        name="Zebra Food Bank",
        status="active",
        is_public=True,
    )
    other_term = TaxonomyTerm.objects.create(
        owner=world.other_org, name="Food", description="Food."
    )
    literacy = found["literacy"]
    Attribute.objects.create(
        owner=world.other_org,
        link_id=literacy.hsds_id,
        link_entity="service",
        taxonomy_term=other_term,
    )
    Metadata.objects.create(
        owner=world.other_org,
        resource_id=literacy.hsds_id,
        resource_type="service",
        last_action_date=date(2025, 1, 1),
        last_action_type="create",
        field_name="name",
        previous_value="",
        replacement_value="Theirs",
        updated_by="Them",
    )
    Phone.objects.create(owner=world.other_org, service=literacy, number="000-000-0000")
    return found


def get(client: Client, path: str) -> Any:
    response = client.get(BASE + path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def walk(node: Any) -> Any:
    """Every (key, value) pair in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def assert_clean(body: Any) -> None:
    """No Waypoint-only key, no null, no empty string anywhere."""
    for key, value in walk(body):
        assert key not in WAYPOINT_ONLY, key
        assert value is not None, key
        assert value != "", key
    assert SECRET not in json.dumps(body)


def page_errors(body: Any) -> list[str]:
    page = dict(openapi()["components"]["schemas"]["Page"])
    page["properties"] = {**page["properties"], "contents": {"type": "array"}}
    page["required"] = [*page["properties"]]
    validator = jsonschema_rs.validator_for(strict(page), validate_formats=True)
    found = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(body)]
    for i, item in enumerate(body["contents"]):
        found += [f"contents/{i} {e}" for e in errors("compiled/service_list.json", item)]
    return found


def ids(body: Any) -> list[str]:
    return [item["id"] for item in body["contents"]]


# --- The root ---------------------------------------------------------------------


def test_root_says_version_profile_and_where_the_openapi_is(client, db):
    assert get(client, "/") == {
        "version": "3.0.0",
        "profile": "https://openreferral.org/",
        "openapi_url": "http://testserver/api/hsds/openapi.json",
    }
    described = get(client, "/openapi.json")
    assert {"/api/hsds/services", "/api/hsds/services/{id}"} <= set(described["paths"])


@needs_hsds
def test_root_matches_the_official_description(client, db):
    answer = openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]
    validator = jsonschema_rs.validator_for(
        strict(answer["application/json"]["schema"]), validate_formats=True
    )
    body = get(client, "/")
    assert list(validator.iter_errors(body)) == []
    assert set(body) == {"version", "profile", "openapi_url"}


# --- One service ------------------------------------------------------------------


@needs_hsds
def test_service_is_fully_nested_and_valid(client, directory):
    literacy = directory["literacy"]
    body = get(client, f"/services/{literacy.hsds_id}")
    assert errors("compiled/service.json", body) == []
    assert_clean(body)
    assert body["id"] == str(literacy.hsds_id)
    assert body["minimum_age"] == 18
    assert body["last_modified"] == "2025-03-01T12:00:00.000Z"
    assert [p["number"] for p in body["phones"]] == ["617-555-0100"]
    assert [lang["code"] for lang in body["phones"][0]["languages"]] == ["es"]
    assert [lang["code"] for lang in body["languages"]] == ["en"]
    assert body["schedules"][0]["byday"] == "TU"
    assert body["service_areas"][0]["name"] == "Harbor City"
    assert body["cost_options"][0]["amount"] == 12.5
    assert body["required_documents"][0]["document"] == "Photo ID"
    assert [f["source"] for f in body["funding"]] == ["City grant"]
    contact = body["contacts"][0]
    assert contact["name"] == "Lee Teacher"
    assert contact["phones"][0]["extension"] == 12
    (at_hall,) = body["service_at_locations"]
    assert at_hall["description"] == "Tuesday evenings."
    assert [p["number"] for p in at_hall["phones"]] == ["617-555-0101"]
    assert at_hall["schedules"][0]["byday"] == "TH"
    hall = at_hall["location"]
    assert hall["name"] == "Main hall"
    assert hall["addresses"][0]["postal_code"] == "02110"
    assert hall["accessibility"][0]["description"] == "Step-free entrance"
    assert [lang["code"] for lang in hall["languages"]] == ["pt"]
    assert [p["number"] for p in hall["phones"]] == ["617-555-0102"]
    assert hall["schedules"][0]["description"] == "Open weekdays 9 to 5"
    organization = body["organization"]
    assert organization["name"] == "Harbor Community Services"
    assert organization["programs"][0]["name"] == "Adult Learning"
    assert organization["organization_identifiers"][0]["identifier"] == "12-3456789"
    assert body["program"] == {
        "id": str(directory["program"].hsds_id),
        "organization_id": str(directory["provider"].hsds_id),
        "name": "Adult Learning",
        "description": "Classes.",
    }
    (attribute,) = body["attributes"]
    assert attribute["value"] == "adult"
    assert attribute["taxonomy_term"]["name"] == "Education"
    assert attribute["taxonomy_term"]["taxonomy_detail"]["name"] == "Needs"
    (metadata,) = body["metadata"]
    assert metadata["replacement_value"] == "Adult Literacy"


def test_nothing_of_an_unpublished_service_shows_under_a_published_one(client, directory):
    body = get(client, f"/services/{directory['literacy'].hsds_id}")
    organization = body["organization"]
    assert [p["number"] for p in organization["phones"]] == ["617-555-0100"]
    assert [f["source"] for f in organization["funding"]] == ["Donations"]
    assert "contacts" not in organization
    assert [loc["name"] for loc in organization["locations"]] == ["Main hall"]
    text = json.dumps(body)
    for hidden in ("Safe house", "1 Secret Lane", "617-555-0999", "Hidden"):
        assert hidden not in text


def test_nested_rows_come_only_from_the_services_own_directory(client, directory):
    body = get(client, f"/services/{directory['literacy'].hsds_id}")
    text = json.dumps(body)
    assert "000-000-0000" not in text
    assert "Theirs" not in text
    assert [a["taxonomy_term"]["name"] for a in body["attributes"]] == ["Education"]
    other = get(client, f"/services/{directory['other_service'].hsds_id}")
    assert other["organization"]["name"] == "Elsewhere"
    assert set(other) == {"id", "organization_id", "name", "status", "organization"}


def test_unpublished_unknown_and_malformed_ids_are_not_found(client, directory):
    for path in (
        f"/services/{directory['shelter'].hsds_id}",
        f"/services/{uuid.uuid4()}",
        "/services/not-a-uuid",
        "/services/12",
    ):
        response = client.get(BASE + path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()


@needs_hsds
def test_query_count_does_not_grow_with_the_rows(client, directory, world):
    literacy = directory["literacy"]
    url = f"{BASE}/services/{literacy.hsds_id}"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    assert len(first) == DETAIL_QUERIES
    for n in range(5):
        phone = Phone.objects.create(owner=world.org, service=literacy, number=f"617-555-02{n}0")
        Language.objects.create(owner=world.org, phone=phone, name="French", code="fr")
        Schedule.objects.create(owner=world.org, service=literacy, byday="MO", freq="WEEKLY")
        hall = Location.objects.create(owner=world.org, location_type="virtual", name=f"Room {n}")
        ServiceAtLocation.objects.create(owner=world.org, service=literacy, location=hall)
    with CaptureQueriesContext(connection) as second:
        body = client.get(url).json()
    assert len(second) == DETAIL_QUERIES
    assert len(body["phones"]) == 6
    assert len(body["schedules"]) == 6
    assert len(body["service_at_locations"]) == 6
    assert errors("compiled/service.json", body) == []


def test_a_bare_service_skips_the_tables_nothing_points_to(client, world):
    provider = Provider.objects.create(owner=world.org, name="Plain", description="-")
    plain = Service.objects.create(
        owner=world.org, organization=provider, name="Plain", status="active", is_public=True
    )
    with CaptureQueriesContext(connection) as queries:
        body = get(client, f"/services/{plain.hsds_id}")
    # No location and no attribute: addresses, accessibility, terms, taxonomies unread.
    assert len(queries) == DETAIL_QUERIES - 4
    assert body == {
        "id": str(plain.hsds_id),
        "organization_id": str(provider.hsds_id),
        "name": "Plain",
        "status": "active",
        "organization": {"id": str(provider.hsds_id), "name": "Plain", "description": "-"},
    }


def test_the_same_id_published_by_two_organizations_is_served_once(client, directory, world):
    literacy = directory["literacy"]
    theirs = Provider.objects.create(owner=world.other_org, name="Copy", description="-")
    Service.objects.create(
        owner=world.other_org,
        organization=theirs,
        hsds_id=literacy.hsds_id,
        name="Adult Literacy (copy)",
        status="active",
        is_public=True,
    )
    body = get(client, f"/services/{literacy.hsds_id}")
    assert body["name"] == "Adult Literacy"
    listed = get(client, "/services")
    assert ids(listed).count(str(literacy.hsds_id)) == 1
    assert "Adult Literacy (copy)" not in json.dumps(listed)


# --- The list ---------------------------------------------------------------------


@needs_hsds
def test_list_holds_published_services_with_organization_and_program(client, directory):
    body = get(client, "/services")
    assert page_errors(body) == []
    assert_clean(body)
    assert [item["name"] for item in body["contents"]] == [
        "Adult Literacy",
        "Benefits Help",
        "Zebra Food Bank",
    ]
    assert {k: v for k, v in body.items() if k != "contents"} == {
        "total_items": 3,
        "total_pages": 1,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    literacy = body["contents"][0]
    assert literacy["organization"]["name"] == "Harbor Community Services"
    assert literacy["program"]["name"] == "Adult Learning"
    assert set(literacy) - {"organization", "program"} <= {c.name for c in hsds.COLUMNS["service"]}
    assert set(literacy["organization"]) <= {c.name for c in hsds.COLUMNS["organization"]}
    assert "program" not in body["contents"][1]
    assert str(directory["shelter"].hsds_id) not in ids(body)


@needs_hsds
def test_pages_first_middle_last_and_past_the_end(client, directory):
    everything = ids(get(client, "/services"))
    first = get(client, "/services?per_page=2")
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    last = get(client, "/services?per_page=2&page=2")
    assert (last["page_number"], last["size"]) == (2, 1)
    assert (last["first_page"], last["last_page"], last["empty"]) == (False, True, False)
    assert ids(first) + ids(last) == everything
    beyond = get(client, "/services?per_page=2&page=3")
    assert beyond["contents"] == []
    assert (beyond["page_number"], beyond["size"], beyond["total_items"]) == (3, 0, 3)
    assert (beyond["first_page"], beyond["last_page"], beyond["empty"]) == (False, True, True)
    for body in (first, last, beyond):
        assert page_errors(body) == []


def test_an_empty_directory_is_one_empty_page(client, db):
    body = get(client, "/services")
    assert body == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_per_page_above_the_maximum_is_the_maximum(client, directory):
    body = get(client, "/services?per_page=5000")
    assert (body["size"], body["total_pages"]) == (3, 1)


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=two",
        "per_page=0",
        "per_page=x",
        "taxonomy_term_id=nope",
        "organization_id=12",
        "modified_after=yesterday",
        "search=a%00b",
        "search=" + "x" * 201,
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, directory, query):
    response = client.get(f"{BASE}/services?{query}")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert query.split("=")[0] in detail


def test_filters(client, directory):
    assert ids(get(client, "/services?search=literacy")) == [str(directory["literacy"].hsds_id)]
    assert ids(get(client, "/services?search=SNAP")) == [str(directory["benefits"].hsds_id)]
    assert len(ids(get(client, "/services?search=harbor%20community"))) == 2
    assert ids(get(client, "/services?search=shelter")) == []
    assert ids(get(client, "/services?search=Dana")) == []
    term, taxonomy = directory["term"], directory["taxonomy"]
    assert ids(get(client, f"/services?taxonomy_term_id={term.hsds_id}")) == [
        str(directory["literacy"].hsds_id)
    ]
    assert ids(get(client, f"/services?taxonomy_id={taxonomy.hsds_id}")) == [
        str(directory["literacy"].hsds_id)
    ]
    assert ids(get(client, f"/services?taxonomy_term_id={uuid.uuid4()}")) == []
    provider = directory["provider"].hsds_id
    assert len(ids(get(client, f"/services?organization_id={provider}"))) == 2
    assert ids(get(client, "/services?modified_after=2025-01-01T00:00:00Z")) == [
        str(directory["literacy"].hsds_id)
    ]
    assert len(ids(get(client, "/services?modified_after=2023-06-01"))) == 2


def test_list_queries_are_bounded(client, directory, world, django_assert_max_num_queries):
    provider = directory["provider"]
    for n in range(30):
        Service.objects.create(
            owner=world.org,
            organization=provider,
            name=f"Extra {n}",
            status="active",
            is_public=True,
        )
    with django_assert_max_num_queries(4):
        body = get(client, "/services?per_page=200")
    assert body["total_items"] == 33


# --- Read only, open to anyone ----------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_but_get(client, directory, method):
    literacy = directory["literacy"]
    for path in ("/", "/services", f"/services/{literacy.hsds_id}"):
        response = client.generic(method, BASE + path, "{}", content_type="application/json")
        assert response.status_code == 405, (method, path)
    literacy.refresh_from_db()
    assert literacy.name == "Adult Literacy"


def test_a_signed_in_user_gets_exactly_what_anyone_gets(client, directory, world):
    path = f"/services/{directory['literacy'].hsds_id}"
    anonymous = get(Client(), path)
    client.force_login(world.admin)
    assert get(client, path) == anonymous
    assert client.get(f"{BASE}/services/{directory['shelter'].hsds_id}").status_code == 404


# --- The nesting itself -----------------------------------------------------------


@needs_hsds
def test_nesting_follows_the_official_schemas():
    for table, keys in NESTING.items():
        properties = schema(f"{table}.json")["properties"]
        official = tuple(
            key
            for key, spec in properties.items()
            if spec.get("type") == "array" or "$ref" in spec or spec.get("type") == "object"
        )
        assert keys == official, table


def test_nested_keeps_the_querysets_order(directory):
    found = nested(Service.objects.filter(is_public=True).order_by("-name"), SERVICE_LIST)
    assert [s["name"] for s in found] == ["Zebra Food Bank", "Benefits Help", "Adult Literacy"]


def test_nested_can_include_unpublished_rows_for_staff(directory):
    (body,) = nested(Service.objects.filter(pk=directory["literacy"].pk), only_published=False)
    assert [loc["name"] for loc in body["organization"]["locations"]] == ["Main hall", "Safe house"]


# --- The official example ---------------------------------------------------------


@needs_hsds
def test_the_official_example_is_served_as_the_example_shows_it(client, world):
    rows, notices = hsds.read_csv_package(HSDS / "examples" / "csv")
    actions.import_directory(by=None, owner_id=world.org.pk, rows=rows, notices=notices)
    example = json.loads((HSDS / "examples" / "service_full.json").read_text(encoding="utf-8"))
    assert Service.objects.filter(hsds_id=example["id"]).update(is_public=True) == 1
    body = get(client, f"/services/{example['id']}")
    assert errors("compiled/service.json", body) == []
    assert_clean(body)
    scalars = [c.name for c in hsds.COLUMNS["service"] if not c.name.endswith("_id")]
    assert {k: body.get(k) for k in scalars} == {k: example.get(k) for k in scalars}

    def same(got: dict[str, Any], want: dict[str, Any]) -> None:
        """Every scalar the example shows is what we serve (we add link ids)."""
        for key, value in want.items():
            if not isinstance(value, (dict, list)):
                assert got.get(key) == value, key

    for key in ("phones", "schedules", "service_areas", "cost_options", "required_documents"):
        assert [x["id"] for x in body[key]] == [x["id"] for x in example[key]], key
        same(body[key][0], example[key][0])
    same(body["phones"][0]["languages"][0], example["phones"][0]["languages"][0])
    (at, want) = (body["service_at_locations"][0], example["service_at_locations"][0])
    same(at, want)
    same(at["location"], want["location"])
    same(at["location"]["addresses"][0], want["location"]["addresses"][0])
    same(at["schedules"][0], want["schedules"][0])
    same(at["phones"][0], want["phones"][0])
    same(body["organization"], example["organization"])
    same(body["program"], example["program"])
    # The example's CSV links its attribute and metadata to ids that are not this
    # service's, so (unlike the nested example) they are not nested here.
    assert "attributes" not in body
    assert "metadata" not in body


# --- Generated requests -----------------------------------------------------------


def test_no_generated_request_gets_a_server_error(client, directory):
    """Schemathesis reads our OpenAPI description and sends valid and invalid input to
    each operation: never a 5xx, and every list answered is a well-formed page."""
    spec = get(client, "/openapi.json")
    operations = [r.ok() for r in schemathesis.openapi.from_dict(spec).get_all_operations()]  # type: ignore[union-attr]
    assert sorted(op.path for op in operations) == [
        "/api/hsds/",
        "/api/hsds/services",
        "/api/hsds/services/{id}",
    ]
    failures: list[str] = []
    seen: list[int] = []
    for operation in operations:
        runs: list[tuple[GenerationMode, dict[str, str] | None]] = [
            (GenerationMode.POSITIVE, None),
            (GenerationMode.NEGATIVE, None),
        ]
        if "{id}" in operation.path:
            runs.append((GenerationMode.POSITIVE, {"id": str(directory["literacy"].hsds_id)}))
        for mode, path_parameters in runs:
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

            @settings(
                max_examples=15,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def check(case):
                response = Client().get(case.formatted_path, case.query or {})
                seen.append(response.status_code)
                if response.status_code >= 500:
                    failures.append(f"{case.path} {case.query!r} -> {response.status_code}")
                elif response.status_code == 200 and case.path.endswith("/services"):
                    assert set(response.json()) >= {"total_items", "contents", "last_page"}
                else:
                    assert response["Content-Type"].startswith("application/json")

            try:
                check()
            except Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE
    assert failures == []
    assert {200, 400, 404} <= set(seen)


def test_modified_after_with_an_unusual_offset_is_read_in_utc(db, client):
    """Found by the fuzz run on PostgreSQL: an offset of -23:08 in year 287 made the
    database refuse the query (a 500). It is now converted to UTC first."""
    response = client.get("/api/hsds/services", {"modified_after": "0287-05-03T19:22:43-23:08"})
    assert response.status_code == 200
    assert response.json()["total_items"] == 0
    early = client.get("/api/hsds/services", {"modified_after": "0001-01-01T00:00:00+01:00"})
    assert early.status_code == 200
