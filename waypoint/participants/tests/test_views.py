"""Finding, adding and editing people: any name, the duplicate check, bad input kept."""

from __future__ import annotations

import uuid
from html import escape

import pytest

from waypoint.enrollments.models import Enrollment
from waypoint.participants.models import Participant
from waypoint.participants.normalize import name_key

NAMES = [
    "José Álvarez",
    "Siobhán O'Connor",
    "Anne-Marie Dubois-Lefèvre",
    "Madonna",
    "مريم الحسن",
    "李小龍",
    "Nguyễn Thị Minh Khai",
    "Oluwaseun Adébáyọ̀",
    "Zoë d'Arcy-Ng",
    "Хрystyna Шевченко",
]


def new_person(**fields: str) -> dict[str, str]:
    data = {
        "step": "create",
        "check-name": fields.get("preferred_name", ""),
        "creation_key": str(uuid.uuid4()),
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-kind": "phone",
        "contacts-0-safe_to_contact": "ask",
        "status": "inquiry",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("name", NAMES)
def test_any_script_and_form_of_name_is_accepted(world, as_user, name):
    client = as_user(world.navigator)
    data = new_person(preferred_name=name, program=str(world.youth.pk), none_match="yes")
    response = client.post("/participants/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Participant.objects.get(preferred_name=name)
    assert response["Location"] == f"/participants/{person.public_id}/"
    page = client.get(response["Location"])
    assert escape(name).encode() in page.content
    found = client.post("/participants/search/", {"q": name.split()[0]})
    assert f"/participants/{person.public_id}/".encode() in found.content


def test_name_key_folds_accents_and_punctuation():
    assert name_key("Siobhán O'Connor") == "siobhan o connor"
    assert name_key("Nguyễn") == "nguyen"
    assert name_key("مريم") == "مريم"
    assert name_key("Anne-Marie", "Anne Marie") == "anne marie"


def test_duplicate_check_shows_visible_matches_with_reasons(world, as_user):
    client = as_user(world.navigator)
    response = client.post(
        "/participants/new/",
        {"step": "check", "check-name": "Amarah", "check-phone": "(555) 201-3344"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Possible matches" in html
    assert f"/participants/{world.amara.participant.public_id}/" in html
    assert "Same phone number or email" in html
    assert "Name is very similar" in html


def test_duplicate_check_hides_people_the_user_may_not_see(world, as_user):
    # Bo is on Noor's caseload; Nia (no team visibility in Youth Works) may not see Bo.
    client = as_user(world.navigator)
    response = client.post("/participants/new/", {"step": "check", "check-name": "Bo Nguyen"})
    assert f"/participants/{world.bo.participant.public_id}/".encode() not in response.content
    assert b"No one you work with matches" in response.content


def test_creating_despite_matches_needs_confirmation(world, as_user):
    client = as_user(world.navigator)
    before = Participant.objects.count()
    data = new_person(preferred_name="Amara", program=str(world.youth.pk))
    response = client.post("/participants/new/", data)
    assert response.status_code == 200
    assert b"None of these is the person" in response.content
    assert Participant.objects.count() == before
    assert b'value="Amara"' in response.content  # nothing typed is lost


def test_double_submit_creates_one_person(world, as_user):
    client = as_user(world.navigator)
    data = new_person(preferred_name="Tomasz Wiśniewski", program=str(world.youth.pk))
    first = client.post("/participants/new/", data)
    second = client.post("/participants/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Participant.objects.filter(preferred_name="Tomasz Wiśniewski").count() == 1
    assert Enrollment.objects.filter(participant__preferred_name="Tomasz Wiśniewski").count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"preferred_name": ""}, "Enter the name this person goes by."),
        ({"preferred_name": "   "}, "Enter the name this person goes by."),
        ({"preferred_name": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"preferred_name": "<script>alert(1)</script>"}, "can&#x27;t include the characters"),
        (
            {"preferred_name": "Ana", "date_of_birth": "2024-02-30"},
            "Enter the date of birth as a real date",
        ),
        ({"preferred_name": "Ana", "date_of_birth": "2999-01-01"}, "can&#x27;t be in the future"),
        (
            {
                "preferred_name": "Ana",
                "contacts-0-kind": "email",
                "contacts-0-value": "not-an-email",
            },
            "Enter an email address",
        ),
        ({"preferred_name": "Ana", "contacts-0-value": "12"}, "Enter a phone number we can dial"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(world, as_user, fields, message):
    client = as_user(world.navigator)
    before = Participant.objects.count()
    data = new_person(
        program=str(world.youth.pk), none_match="yes", pronouns="they/them", languages="Tigrinya"
    )
    data.update(fields)
    data["check-name"] = data.get("preferred_name", "") or "Ana"
    response = client.post("/participants/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Tigrinya"' in html
    assert Participant.objects.count() == before


def test_edit_refuses_a_stale_save_and_says_what_changed(world, as_user):
    participant = world.amara.participant
    stale_version = participant.version
    base = {
        "preferred_name": "Amara",
        "languages": "Igbo, English",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    supervisor = as_user(world.supervisor)
    first = supervisor.post(
        f"/participants/{participant.public_id}/edit/",
        {**base, "version": stale_version, "pronouns": "she/they"},
    )
    assert first.status_code == 302
    navigator = as_user(world.navigator)
    second = navigator.post(
        f"/participants/{participant.public_id}/edit/",
        {**base, "version": stale_version, "pronunciation": "ah-MAH-rah"},
    )
    assert second.status_code == 200
    html = second.content.decode()
    assert (
        "Sam Supervisor saved changes since you opened this page (pronouns, contact methods)"
        in html
    )
    assert 'value="ah-MAH-rah"' in html
    participant.refresh_from_db()
    assert participant.pronouns == "she/they"
    assert participant.pronunciation == ""


def test_prefer_not_to_say_is_recorded_and_shown(world, as_user):
    client = as_user(world.navigator)
    participant = world.amara.participant
    response = client.post(
        f"/participants/{participant.public_id}/edit/",
        {
            "version": participant.version,
            "preferred_name": "Amara",
            "date_of_birth": "2001-05-05",
            "declined": ["date_of_birth", "pronouns"],
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.declined == ["date_of_birth", "pronouns"]
    assert participant.date_of_birth is None
    assert participant.pronouns == ""
    page = client.get(f"/participants/{participant.public_id}/").content.decode()
    assert page.count("Prefer not to say") == 2


def test_auditor_reads_but_cannot_edit(world, as_user):
    client = as_user(world.auditor)
    participant = world.amara.participant
    assert client.get(f"/participants/{participant.public_id}/").status_code == 200
    response = client.post(
        f"/participants/{participant.public_id}/edit/",
        {"version": participant.version, "preferred_name": "Changed"},
    )
    assert response.status_code == 404
    participant.refresh_from_db()
    assert participant.preferred_name == "Amara"


def test_team_visibility_lets_program_staff_see_the_whole_program(world, as_user):
    client = as_user(world.staff)  # Pat works in Home Base, which shares its participants
    assert client.get(f"/participants/{world.chen.participant.public_id}/").status_code == 200
    assert client.get(f"/participants/{world.amara.participant.public_id}/").status_code == 404


def test_navigators_see_only_their_caseload_without_team_visibility(world, as_user):
    client = as_user(world.navigator)
    assert client.get(f"/participants/{world.amara.participant.public_id}/").status_code == 200
    assert client.get(f"/participants/{world.bo.participant.public_id}/").status_code == 404


def test_names_never_appear_in_urls(world, as_user):
    client = as_user(world.navigator)
    response = client.get("/caseload/")
    html = response.content.decode()
    assert 'method="post" action="/caseload/"' in html
    assert "?q=" not in html


def test_declining_ways_to_reach_them_keeps_none(world, as_user):
    client = as_user(world.navigator)
    participant = world.amara.participant
    response = client.post(
        f"/participants/{participant.public_id}/edit/",
        {
            "version": participant.version,
            "preferred_name": "Amara",
            "declined": ["contacts"],
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-kind": "phone",
            "contacts-0-value": "555-201-3344",
            "contacts-0-safe_to_contact": "yes",
        },
    )
    assert response.status_code == 302
    assert participant.contacts.count() == 0
    page = client.get(f"/participants/{participant.public_id}/").content.decode()
    assert "Prefer not to say: they will get in touch." in page
