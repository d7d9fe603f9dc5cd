"""The enrollment flow, navigator assignment and the caseload cap, through real requests."""

from __future__ import annotations

import pytest

from waypoint.closure.tests.records import close_now
from waypoint.enrollments.actions import change_status, enroll_new_participant
from waypoint.enrollments.models import Enrollment, EnrollmentEvent, Status
from waypoint.errors import ActionRefused
from waypoint.tests.helpers import snapshot


def page(client, enrollment):
    return client.get(f"/participants/{enrollment.participant.public_id}/").content.decode()


def test_status_flow_through_phases_exit_follow_up_and_reopen(world, as_user):
    client = as_user(world.navigator)
    e = world.amara
    url = f"/enrollments/{e.public_id}"
    assert (
        client.post(f"{url}/phase/", {"phase": "Training", "version": e.version}).status_code == 302
    )
    e.refresh_from_db()
    assert (e.status, e.phase) == ("enrolled", "Training")
    assert (
        client.post(f"{url}/status/", {"status": "exiting", "version": e.version}).status_code
        == 302
    )
    e.refresh_from_db()
    # The status form no longer closes: closing is the closing page's (waypoint.closure).
    response = client.post(
        f"{url}/status/",
        {"status": "exited", "reason": "Started a job at the bakery", "version": e.version},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ActionRefused, match="on its closing page"):
        change_status(by=world.navigator, enrollment=e, to_status=Status.EXITED, reason="x")
    close_now(world.navigator, e, label="Reached their goals and started work or school")
    e.refresh_from_db()
    assert (
        e.status == "exited" and e.exit_reason == "Reached their goals and started work or school"
    )
    client.post(f"{url}/status/", {"status": "follow_up", "version": e.version})
    e.refresh_from_db()
    assert e.status == "follow_up"
    response = client.post(
        f"{url}/reopen/", {"reason": "Wants help with a new goal", "version": e.version}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.status, e.exited_on, e.phase) == ("enrolled", None, "Training")
    kinds = list(
        EnrollmentEvent.objects.filter(enrollment=e)
        .order_by("at", "pk")
        .values_list("kind", "to_status")
    )
    assert kinds == [
        ("created", "enrolled"),
        ("assigned", ""),
        ("phase", "enrolled"),
        ("status", "exiting"),
        ("status", "exited"),
        ("status", "follow_up"),
        ("reopened", "enrolled"),
    ]
    html = page(client, e)
    assert "moved from exiting to exited" in html
    assert "Reached their goals and started work or school" in html
    assert "reopened" in html


def test_an_impossible_move_is_refused_with_a_reason(world, as_user):
    client = as_user(world.navigator)
    e = world.amara
    before = snapshot(audit=False)
    response = client.post(
        f"/enrollments/{e.public_id}/status/", {"status": "follow_up", "version": e.version}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ActionRefused, match="cannot move to"):
        change_status(by=world.navigator, enrollment=e, to_status="follow_up")
    assert snapshot(audit=False) == before


def test_a_stale_status_form_is_refused(world, as_user):
    client = as_user(world.navigator)
    e = world.amara
    old = e.version
    client.post(f"/enrollments/{e.public_id}/phase/", {"phase": "Training", "version": old})
    response = client.post(
        f"/enrollments/{e.public_id}/phase/", {"phase": "Placement", "version": old}
    )
    assert response.status_code == 400
    assert "saved changes since you opened this page" in response.content.decode()
    e.refresh_from_db()
    assert e.phase == "Training"


def fill_caseload(world, navigator, count):
    for i in range(count):
        enroll_new_participant(
            by=world.supervisor,
            program=world.youth,
            data={"preferred_name": f"Filler {i}"},
            navigator=navigator,
        )


def test_assigning_past_the_cap_needs_a_supervisors_reason(world, as_user):
    fill_caseload(world, world.navigator, 2)  # Nia now has 3 of 3
    client = as_user(world.supervisor)
    e = world.bo
    url = f"/enrollments/{e.public_id}/assign/"
    form = client.get(url).content.decode()
    assert "Nia Navigator — 3 of 3" in form
    response = client.post(url, {"navigator": world.navigator.pk, "version": e.version})
    assert response.status_code == 400
    assert "already has 3 participants in Youth Works, at the cap of 3" in response.content.decode()
    e.refresh_from_db()
    assert e.navigator == world.navigator2
    response = client.post(
        url,
        {
            "navigator": world.navigator.pk,
            "override_reason": "Bo asked for Nia; they met at the job fair",
            "version": e.version,
        },
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.navigator == world.navigator
    event = EnrollmentEvent.objects.filter(enrollment=e, kind="assigned").latest("pk")
    assert (event.previous_navigator, event.cap_override) == (world.navigator2, True)
    assert event.reason == "Bo asked for Nia; they met at the job fair"
    assert "beyond the caseload cap: Bo asked for Nia" in page(client, e)


def test_navigators_cannot_override_the_cap(world):
    fill_caseload(world, world.navigator, 2)
    with pytest.raises(ActionRefused, match="Only a supervisor or program manager"):
        enroll_new_participant(
            by=world.navigator,
            program=world.youth,
            data={"preferred_name": "One more"},
            navigator=world.navigator,
            override_reason="please",
        )
    assert not Enrollment.objects.filter(participant__preferred_name="One more").exists()


def test_navigators_cannot_reassign(world, as_user):
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(
        f"/enrollments/{world.amara.public_id}/assign/",
        {"navigator": world.navigator2.pk, "version": world.amara.version},
    )
    assert response.status_code == 404
    assert snapshot(audit=False) == before


def test_only_one_open_enrollment_per_program(world, as_user):
    client = as_user(world.navigator)
    response = client.post(
        f"/participants/{world.amara.participant.public_id}/enroll/",
        {"program": world.youth.pk, "status": "inquiry", "creation_key": "x"},
    )
    assert response.status_code == 200
    assert "already has an open enrollment in Youth Works" in response.content.decode()
    assert Enrollment.objects.filter(participant=world.amara.participant).count() == 1


def test_enrolling_in_a_second_program(world, as_user):
    client = as_user(world.navigator2)
    response = client.post(
        f"/participants/{world.bo.participant.public_id}/enroll/",
        {"program": world.home.pk, "status": "enrolled", "navigator": world.navigator2.pk},
    )
    assert response.status_code == 302
    assert set(
        Enrollment.objects.filter(participant=world.bo.participant).values_list(
            "program__name", "status"
        )
    ) == {("Youth Works", "eligibility"), ("Home Base", "enrolled")}


def test_terminology_overrides_reach_the_page(world, as_user):
    client = as_user(world.navigator2)
    e = world.chen
    close_now(world.navigator2, e)
    html = page(client, e)
    assert "Moving-on celebration" in html
