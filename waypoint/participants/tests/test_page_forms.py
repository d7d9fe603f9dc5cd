"""The participant page's forms open on demand, through real requests: closed on a normal
visit, open with the error and everything typed after a refused post; and the add form's
"beyond the caseload cap" reason only for those the enrollment action lets use it."""

from __future__ import annotations

import re
import uuid

from waypoint.approvals import actions as approvals
from waypoint.assessments.models import Need
from waypoint.enrollments.actions import enroll_new_participant
from waypoint.enrollments.models import Enrollment, EnrollmentEvent
from waypoint.participants.models import Participant
from waypoint.tests.helpers import snapshot

DISCLOSURE = re.compile(
    r'<details class="wp-disclose"( open)?><summary>(.*?)</summary>(.*?)</details>', re.S
)
CAP_LABEL = "Reason to assign beyond the caseload cap"


def disclosures(html: str) -> dict[str, tuple[bool, str]]:
    """Each on-demand form by its summary: whether it is open, and what it holds."""
    return {
        summary.strip(): (bool(is_open), body)
        for is_open, summary, body in DISCLOSURE.findall(html)
    }


def person_page(client, enrollment) -> str:
    response = client.get(f"/participants/{enrollment.participant.public_id}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_forms_on_a_participant_page_are_closed_until_asked_for(world, as_user):
    html = person_page(as_user(world.navigator), world.amara)
    found = disclosures(html)
    assert set(found) == {
        "Add a need",
        "Note a commitment",
        "Change the phase",
        "Move to another stage",
    }
    assert not any(is_open for is_open, _ in found.values())
    # The forms are all still there, one click away.
    assert 'name="description"' in found["Add a need"][1]
    assert "Add need 1" in found["Add a need"][1]
    assert 'name="what"' in found["Note a commitment"][1]
    assert 'action="/enrollments/' in found["Change the phase"][1]
    assert ">Move</button>" in found["Move to another stage"][1]
    # What the page tells stays in view.
    assert "What has happened" in html and "Due next" in html


def test_read_only_roles_see_no_forms_to_open(world, as_user):
    html = person_page(as_user(world.auditor), world.amara)
    assert disclosures(html) == {}
    assert "wp-disclose" not in html


def test_a_refused_stage_change_comes_back_open_with_what_was_typed(world, as_user):
    client = as_user(world.navigator)
    e = world.amara
    before = snapshot(audit=False)
    response = client.post(
        f"/enrollments/{e.public_id}/status/",
        {"status": "exited", "reason": "Typed with care before a slip", "version": e.version},
    )
    assert response.status_code == 400
    found = disclosures(response.content.decode())
    is_open, body = found["Move to another stage"]
    assert is_open
    assert "Select a valid choice" in body
    assert "Typed with care before a slip</textarea>" in body
    # Only the form that went wrong opens.
    assert [s for s, (o, _) in found.items() if o] == ["Move to another stage"]
    assert snapshot(audit=False) == before
    # Once it goes through, the page comes back with everything closed.
    done = client.post(
        f"/enrollments/{e.public_id}/status/",
        {"status": "exiting", "reason": "Getting ready", "version": e.version},
        follow=True,
    )
    assert done.status_code == 200
    assert not any(o for o, _ in disclosures(done.content.decode()).values())


def test_a_refused_phase_change_comes_back_open(world, as_user):
    client = as_user(world.navigator)
    e = world.amara
    response = client.post(
        f"/enrollments/{e.public_id}/phase/",
        {"phase": "Nowhere", "reason": "Kept words", "version": e.version},
    )
    assert response.status_code == 400
    is_open, body = disclosures(response.content.decode())["Change the phase"]
    assert is_open and "Select a valid choice" in body and "Kept words</textarea>" in body
    e.refresh_from_db()
    assert e.phase == "Recruitment"


def test_a_need_without_an_area_of_life_comes_back_open_with_the_words_kept(world, as_user):
    client = as_user(world.navigator)
    e = world.amara
    response = client.post(
        f"/enrollments/{e.public_id}/needs/",
        {"domain": "", "description": "A safe place to sleep, near the bus line"},
    )
    assert response.status_code == 400
    is_open, body = disclosures(response.content.decode())["Add a need"]
    assert is_open
    assert "usa-error-message" in body
    assert "A safe place to sleep, near the bus line</textarea>" in body
    assert not Need.objects.filter(enrollment=e).exists()


def test_the_reopen_form_waits_closed_after_an_exit(world, as_user):
    from waypoint.closure.tests.records import close_now

    e = world.amara
    close_now(world.navigator, e, label="Reached their goals and started work or school")
    client = as_user(world.navigator)
    found = disclosures(person_page(client, e))
    assert found["Reopen this enrollment"][0] is False
    e.refresh_from_db()
    response = client.post(
        f"/enrollments/{e.public_id}/reopen/", {"reason": "", "version": e.version}
    )
    assert response.status_code == 400
    is_open, body = disclosures(response.content.decode())["Reopen this enrollment"]
    assert is_open and "This field is required." in body
    e.refresh_from_db()
    assert e.status == "exited"


# --- "Beyond the caseload cap" on the add form: only for those who may use it.


def fill_caseload(world, navigator, count):
    for i in range(count):
        enroll_new_participant(
            by=world.supervisor,
            program=world.youth,
            data={"preferred_name": f"Filler {i}"},
            navigator=navigator,
        )


def add_form(client) -> str:
    response = client.post("/participants/new/", {"step": "check", "check-name": "Rosa Lind"})
    assert response.status_code == 200
    html = str(response.content.decode())
    assert "Add them" in html
    return html


def new_person(world, **fields: str) -> dict[str, str]:
    data = {
        "step": "create",
        "check-name": "Rosa Lind",
        "creation_key": str(uuid.uuid4()),
        "preferred_name": "Rosa Lind",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-kind": "phone",
        "contacts-0-safe_to_contact": "ask",
        "program": str(world.youth.pk),
        "status": "inquiry",
        "navigator": str(world.navigator.pk),
        "none_match": "yes",
    }
    data.update(fields)
    return data


def test_a_navigator_is_not_offered_the_cap_reason(world, as_user):
    client = as_user(world.navigator)
    assert CAP_LABEL not in add_form(client)
    enroll = client.get(f"/participants/{world.amara.participant.public_id}/enroll/")
    assert CAP_LABEL not in enroll.content.decode()


def test_a_supervisor_is_offered_the_cap_reason_and_may_use_it(world, as_user):
    client = as_user(world.supervisor)
    assert CAP_LABEL in add_form(client)
    fill_caseload(world, world.navigator, 2)  # Nia now has 3 of 3
    response = client.post(
        "/participants/new/",
        new_person(world, override_reason="Rosa asked for Nia; they share a language"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    enrollment = Enrollment.objects.get(participant__preferred_name="Rosa Lind")
    assert enrollment.navigator == world.navigator
    event = EnrollmentEvent.objects.get(enrollment=enrollment, kind="assigned")
    assert (event.cap_override, event.reason) == (True, "Rosa asked for Nia; they share a language")


def test_a_navigator_posting_a_cap_reason_gets_no_override_and_nothing_changes(world, as_user):
    fill_caseload(world, world.navigator, 2)  # Nia now has 3 of 3
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post("/participants/new/", new_person(world, override_reason="please"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only a supervisor or program manager can assign beyond the caseload cap." in html
    assert CAP_LABEL not in html  # still not offered
    assert 'value="Rosa Lind"' in html  # what was typed is kept
    assert not Participant.objects.filter(preferred_name="Rosa Lind").exists()
    assert not EnrollmentEvent.objects.filter(cap_override=True).exists()
    assert snapshot(audit=False) == before


def test_a_navigator_under_the_cap_posting_a_cap_reason_is_refused_too(world, as_user):
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post("/participants/new/", new_person(world, override_reason="just in case"))
    assert response.status_code == 200
    assert "Only a supervisor or program manager" in response.content.decode()
    assert snapshot(audit=False) == before


def test_where_the_program_asks_for_approval_a_navigator_may_give_a_reason(world, as_user):
    manager = world.manager
    approvals.update_approval_settings(by=manager, program=world.youth, changes={"caseload": True})
    client = as_user(world.navigator)
    assert CAP_LABEL in add_form(client)
