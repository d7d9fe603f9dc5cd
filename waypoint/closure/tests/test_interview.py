"""The exit interview: scheduled as an appointment with its invitation, recorded held (in
their words, with the program's own exit questions; the appointment kept through the
notes app) or declined; refusals with exact words, one row for a double submit, stale
edits refused, outsiders refused; exit questions never asked at intake."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from waypoint.accounts.actions import create_api_token
from waypoint.assessments.actions import add_question
from waypoint.assessments.models import Question
from waypoint.assessments.queries import live_questions
from waypoint.closure import actions
from waypoint.closure.models import ExitInterview
from waypoint.notes.models import Appointment, Contact
from waypoint.participants.models import ContactMethod
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def schedule_url(world: Any) -> str:
    return f"/enrollments/{world.amara.public_id}/exit-interview/schedule/"


def record_url(world: Any) -> str:
    return f"/enrollments/{world.amara.public_id}/exit-interview/record/"


def add_email(world: Any) -> None:
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.net",
        normalized="amara@example.net",
        safe_to_contact="yes",
    )


def schedule_post(**extra: Any) -> dict[str, str]:
    data = {
        "starts_at": local(timezone.now() + timedelta(days=3)),
        "minutes": "45",
        "method": "in_person",
        "place": "office",
        "purpose": "Exit interview",
        "creation_key": "6f0e8a52-2a3c-4d5e-8f11-2b7c9d0e1f23",
    }
    data.update(extra)
    return data


def record_post(**extra: Any) -> dict[str, str]:
    data = {
        "outcome": "held",
        "held_on": str(timezone.localdate()),
        "helped": "Having someone who called back every time.",
        "better": "More evening hours.",
        "next_feelings": "Nervous and proud.",
        "satisfaction": "4",
        "declined_words": "",
        "version": "0",
        "creation_key": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
    }
    data.update(extra)
    return data


def exit_question(world: Any, label: str = "Would you recommend us to a friend?") -> Question:
    return add_question(
        by=world.manager,
        program=world.youth,
        data={"label": label, "kind": "yes_no", "section": "exit"},
    )


def test_schedule_sends_the_invitation_and_a_double_submit_makes_one(
    world: Any, as_user: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    add_email(world)
    client = as_user(world.navigator)
    page = client.get(schedule_url(world)).content.decode()
    assert "Schedule the exit interview with Amara" in page
    assert 'value="Exit interview"' in page
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(schedule_url(world), schedule_post(invite="on"))
        again = client.post(schedule_url(world), schedule_post(invite="on"))
    assert (first.status_code, again.status_code) == (302, 302)
    interview = ExitInterview.objects.get()
    appointment = Appointment.objects.get()
    assert (interview.status, interview.appointment, appointment.invited) == (
        "scheduled",
        appointment,
        True,
    )
    assert len(mailoutbox) == 1
    name, _, mimetype = mailoutbox[0].attachments[0]
    assert (name, mimetype) == ("invitation.ics", "text/calendar")
    html = client.get(f"/participants/{world.amara.participant.public_id}/").content.decode()
    assert "Exit interview: " in html and "scheduled for" in html


def test_schedule_refuses_a_past_time_and_keeps_the_form(world: Any, as_user: Any) -> None:
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(
        schedule_url(world),
        schedule_post(starts_at=local(timezone.now() - timedelta(days=1)), others="Her aunt"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "That time has passed." in html and 'value="Her aunt"' in html
    assert snapshot(audit=False) == before


def test_record_held_keeps_their_words_and_the_appointment(world: Any, as_user: Any) -> None:
    question = exit_question(world)
    client = as_user(world.navigator)
    client.post(schedule_url(world), schedule_post())
    interview = ExitInterview.objects.get()
    page = client.get(record_url(world)).content.decode()
    assert "Would you recommend us to a friend?" in page
    assert "4: Very satisfied" in page
    data = record_post(version=str(interview.version), **{f"q-{question.public_id}": "yes"})
    response = client.post(record_url(world), data)
    assert response.status_code == 302
    again = client.post(record_url(world), data)  # the same form sent twice
    assert again.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.held_on, interview.satisfaction) == (
        "held",
        timezone.localdate(),
        4,
    )
    assert interview.helped == "Having someone who called back every time."
    assert interview.next_feelings == "Nervous and proud."
    assert interview.answers == {question.key: "yes"}
    assert [q["label"] for q in interview.questions] == ["Would you recommend us to a friend?"]
    assert interview.version == 2
    # The appointment is recorded as kept, with its contact logged once (notes app).
    appointment = Appointment.objects.get()
    assert appointment.status == "kept"
    contact = Contact.objects.get()
    assert (contact.appointment, contact.outcome) == (appointment, "completed")

    detail = client.get(f"/exit-interviews/{interview.public_id}/").content.decode()
    assert "Held on" in detail and "4 of 5" in detail
    assert "Would you recommend us to a friend?" in detail


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_on": ""}, "Give the day the exit interview was held."),
        ({"held_on": "tomorrow"}, "The exit interview cannot be recorded as held in the future."),
        ({"held_on": "before"}, "The day it was held cannot be before they started on"),
        ({"satisfaction": "7"}, "Select a valid choice. 7 is not one of the available choices."),
        ({"outcome": ""}, "Choose whether it was held or they chose not to."),
    ],
)
def test_bad_input_is_refused_with_its_reason(
    world: Any, as_user: Any, change: dict[str, str], message: str
) -> None:
    today = timezone.localdate()
    days = {"tomorrow": today + timedelta(days=1), "before": today - timedelta(days=1)}
    change = {k: str(days.get(v, v)) for k, v in change.items()}
    before = snapshot(audit=False)
    response = as_user(world.navigator).post(record_url(world), record_post(**change))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "More evening hours." in html  # nothing typed is lost
    assert snapshot(audit=False) == before


def test_declined_with_their_words_cancels_the_appointment(world: Any, as_user: Any) -> None:
    client = as_user(world.navigator)
    client.post(schedule_url(world), schedule_post())
    interview = ExitInterview.objects.get()
    response = client.post(
        record_url(world),
        record_post(
            outcome="declined",
            declined_words="She said she has said everything already.",
            version=str(interview.version),
        ),
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "declined"
    assert interview.declined_words == "She said she has said everything already."
    assert (interview.helped, interview.satisfaction, interview.held_on) == ("", None, None)
    assert Appointment.objects.get().status == "cancelled"
    assert not Contact.objects.exists()


def test_recorded_without_scheduling_and_a_stale_edit_is_refused(world: Any, as_user: Any) -> None:
    client = as_user(world.navigator)
    assert client.post(record_url(world), record_post()).status_code == 302
    interview = ExitInterview.objects.get()
    assert interview.appointment is None and interview.version == 1
    other = as_user(world.supervisor)
    changed = other.post(record_url(world), record_post(better="Nothing.", version="1"))
    assert changed.status_code == 302
    client = as_user(world.navigator)
    stale = client.post(record_url(world), record_post(helped="The job club.", version="1"))
    assert stale.status_code == 400
    html = stale.content.decode()
    assert "Sam Supervisor saved changes since you opened this page (what could be better)" in (
        html
    )
    assert "The job club." in html
    interview.refresh_from_db()
    assert (interview.better, interview.version) == ("Nothing.", 2)
    assert ExitInterview.objects.count() == 1


def test_outsiders_are_refused_and_nothing_changes(world: Any, as_user: Any) -> None:
    interview = actions.record_interview(
        by=world.navigator, enrollment=world.amara, record=actions.Record(held=False)
    )
    before = snapshot(audit=False)
    for user in (world.outsider, world.staff):
        client = as_user(user)
        assert client.get(schedule_url(world)).status_code == 404
        assert client.post(schedule_url(world), schedule_post()).status_code == 404
        assert client.get(record_url(world)).status_code == 404
        assert client.post(record_url(world), record_post(version="1")).status_code == 404
        assert client.get(f"/exit-interviews/{interview.public_id}/").status_code == 404
    assert snapshot(audit=False) == before
    # The auditor reads it, never changes it.
    auditor = as_user(world.auditor)
    assert auditor.get(f"/exit-interviews/{interview.public_id}/").status_code == 200
    assert auditor.post(record_url(world), record_post(version="1")).status_code == 404


def test_exit_questions_are_never_asked_at_intake(world: Any, as_user: Any) -> None:
    manager = as_user(world.manager)
    page_url = f"/programs/{world.youth.pk}/questions/"
    assert "Exit interview questions" in manager.get(page_url).content.decode()
    response = manager.post(
        page_url,
        {"label": "What would you tell a newcomer?", "kind": "text", "section": "exit"},
    )
    assert response.status_code == 302
    manager.get(response["Location"])  # shows (and so clears) "Question added"
    add_question(by=world.manager, program=world.youth, data={"label": "Household size"})
    assert Question.objects.get(label="What would you tell a newcomer?").section == "exit"
    asked = [q["label"] for q in live_questions(world.youth, {})]
    assert asked == ["Household size"]
    client = as_user(world.navigator)
    response = client.post(f"/enrollments/{world.amara.public_id}/assessments/")
    intake = client.get(response["Location"]).content.decode()
    assert "Household size" in intake
    assert "What would you tell a newcomer?" not in intake
    assert [q["label"] for q in actions.exit_questions(world.youth)] == [
        "What would you tell a newcomer?"
    ]


# --- The API ---------------------------------------------------------------------------


def api(user: Any) -> dict[str, str]:
    _, key = create_api_token(by=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_api_schedules_and_records(world: Any, client: Any) -> None:
    question = exit_question(world)
    headers = api(world.navigator)
    path = f"/api/v1/enrollments/{world.amara.public_id}/exit-interview"
    read = client.get(path, **headers).json()
    assert (read["status"], read["version"]) == ("none", 0)
    assert [q["label"] for q in read["questions"]] == ["Would you recommend us to a friend?"]
    key = str(uuid.uuid4())
    when = (timezone.now() + timedelta(days=2)).isoformat()
    body = {"starts_at": when, "minutes": 30, "creation_key": key}
    made = client.post(path, json.dumps(body), content_type="application/json", **headers)
    twice = client.post(path, json.dumps(body), content_type="application/json", **headers)
    assert (made.status_code, twice.status_code) == (201, 201)
    assert made.json()["status"] == "scheduled" and ExitInterview.objects.count() == 1
    assert Appointment.objects.count() == 1

    record = {
        "outcome": "held",
        "version": 1,
        "held_on": str(timezone.localdate()),
        "satisfaction": 5,
        "answers": {question.key: "maybe"},
    }
    bad = client.post(
        f"{path}/record", json.dumps(record), content_type="application/json", **headers
    )
    assert bad.status_code == 400
    assert bad.json()["detail"] == "“Would you recommend us to a friend?”: answer yes or no."
    record["answers"] = {question.key: "yes"}
    done = client.post(
        f"{path}/record", json.dumps(record), content_type="application/json", **headers
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["satisfaction"], done.json()["version"]) == (
        "held",
        5,
        2,
    )
    record["satisfaction"] = 2
    stale = client.post(
        f"{path}/record", json.dumps(record), content_type="application/json", **headers
    )
    assert stale.status_code == 409
    assert ExitInterview.objects.get().satisfaction == 5

    outsider = api(world.outsider)
    assert client.get(path, **outsider).status_code == 404
    response = client.post(
        f"{path}/record", json.dumps(record), content_type="application/json", **outsider
    )
    assert response.status_code == 404
    assert ExitInterview.objects.get().satisfaction == 5


def test_private_exit_questions_stay_private_and_their_answers_are_kept(
    world: Any, as_user: Any, client: Any
) -> None:
    world.youth.sensitive_roles = ["supervisor"]
    world.youth.save()
    question = add_question(
        by=world.manager,
        program=world.youth,
        data={"label": "Did you feel safe here?", "kind": "text", "sensitive": True},
    )
    Question.objects.filter(pk=question.pk).update(section="exit")
    supervisor = as_user(world.supervisor)
    page = supervisor.get(record_url(world)).content.decode()
    assert "Did you feel safe here?" in page
    supervisor.post(record_url(world), record_post(**{f"q-{question.public_id}": "Mostly."}))
    interview = ExitInterview.objects.get()
    assert interview.answers == {question.key: "Mostly."}

    navigator = as_user(world.navigator)
    page = navigator.get(record_url(world)).content.decode()
    assert "Did you feel safe here?" not in page
    assert "1 private question is not shown to your role" in page
    response = navigator.post(record_url(world), record_post(better="Nothing.", version="1"))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.better, interview.answers) == ("Nothing.", {question.key: "Mostly."})
    detail = navigator.get(f"/exit-interviews/{interview.public_id}/").content.decode()
    assert "Did you feel safe here?" not in detail and "Mostly." not in detail

    read = client.get(
        f"/api/v1/enrollments/{world.amara.public_id}/exit-interview", **api(world.navigator)
    ).json()
    assert (read["answers"], read["held_back"], read["questions"]) == ({}, 1, [])
