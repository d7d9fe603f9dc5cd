"""The intake assessment and reassessments: sections, the program's questions, saving as
you go, handing the device to the participant, private sections, and completed
assessments that never change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from waypoint.assessments.actions import (
    add_question,
    complete_assessment,
    save_answers,
    start_assessment,
    update_question,
)
from waypoint.assessments.handover import HANDOVER
from waypoint.assessments.models import Assessment, Need, Question
from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.tests.helpers import snapshot

HX = {"HTTP_HX_REQUEST": "true"}


def url(assessment, suffix=""):
    return f"/assessments/{assessment.public_id}/{suffix}"


def fresh(assessment):
    return Assessment.objects.get(pk=assessment.pk)


def start(client, enrollment):
    response = client.post(f"/enrollments/{enrollment.public_id}/assessments/")
    assert response.status_code == 302
    return Assessment.objects.get(enrollment=enrollment, status="draft")


def test_intake_starts_saves_and_completes_with_due_dates_following(world, as_user):
    client = as_user(world.navigator)
    assert world.amara.next_due_what == "assessment"
    assessment = start(client, world.amara)
    assert (assessment.number, assessment.kind) == (1, "intake")
    page = client.get(f"/participants/{world.amara.participant.public_id}/").content.decode()
    assert "Continue the intake assessment" in page
    # Starting again returns the same draft.
    assert start(client, world.amara).pk == assessment.pk

    response = client.post(
        url(assessment),
        {
            "version": 1,
            "a-why_now": "My cousin said you help with jobs.",
            "a-skills": "Cooking, fixing bikes",
            "supports-0-who": "Aunt Grace",
            "supports-0-kind": "person",
            "supports-0-how": "Lets me stay over",
            "declined-concerns": "on",
            "a-mental_health": "Sleeping better lately",
        },
    )
    assert response.status_code == 302
    saved = fresh(assessment)
    assert saved.answers == {
        "why_now": "My cousin said you help with jobs.",
        "skills": "Cooking, fixing bikes",
        "supports": [{"who": "Aunt Grace", "kind": "person", "how": "Lets me stay over"}],
        "mental_health": "Sleeping better lately",
    }
    assert saved.declined == ["concerns"]
    assert saved.version == 2
    # The audit trail names the sections, never what was said.
    event = AuditEvent.objects.filter(object_id=str(assessment.public_id), action="update").get()
    assert event.changes == {
        "sections": ["why_now", "inner_strengths", "supports", "health", "concerns"],
        "version": 2,
    }
    assert "Cooking" not in str(AuditEvent.objects.values_list("changes", flat=True))

    # Completing sends the whole form too, so nothing typed since the last save is lost.
    response = client.post(
        url(assessment, "complete/"),
        {
            "version": 2,
            "a-why_now": "My cousin said you help with jobs.",
            "a-skills": "Cooking, fixing bikes",
            "supports-0-who": "Aunt Grace",
            "supports-0-kind": "person",
            "supports-0-how": "Lets me stay over",
            "declined-concerns": "on",
            "a-mental_health": "Sleeping better lately",
        },
    )
    assert response.status_code == 302
    done = fresh(assessment)
    assert done.status == "complete"
    assert done.completed_on == timezone.localdate()
    enrollment = Enrollment.objects.get(pk=world.amara.pk)
    assert enrollment.assessment_done_on == timezone.localdate()
    assert enrollment.assessment_due_on == timezone.localdate() + timedelta(
        days=world.youth.reassess_every_days
    )
    assert enrollment.isp_due_on == world.amara.isp_due_on
    page = client.get(url(assessment)).content.decode()
    assert "Lets me stay over" in page
    assert "Start a reassessment" in page


def test_a_stale_version_is_refused_naming_who_and_what(world, as_user):
    assessment = start_assessment(by=world.navigator, enrollment=world.amara)
    save_answers(
        by=world.supervisor,
        assessment=assessment,
        sections=["why_now"],
        answers={"hopes": "A job I like"},
        declined=[],
        expected_version=1,
    )
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(url(assessment), {"version": 1, "a-hopes": "Mine"}, **HX)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Not saved." in text
    assert "Sam Supervisor saved changes since you opened this page" in text
    assert "Why now, and what they hope for" in text
    assert snapshot(audit=False) == before
    assert fresh(assessment).answers == {"hopes": "A job I like"}


def test_autosave_answers_with_the_new_version(world, as_user):
    assessment = start_assessment(by=world.navigator, enrollment=world.amara)
    client = as_user(world.navigator)
    response = client.post(url(assessment), {"version": 1, "a-hopes": "Finish my GED"}, **HX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Saved at" in text
    assert 'id="assessment-version" value="2" hx-swap-oob="true"' in text
    response = client.post(url(assessment), {"version": 2, "a-hopes": "Finish my GED soon"}, **HX)
    assert response.status_code == 200
    assert fresh(assessment).answers["hopes"] == "Finish my GED soon"


def test_private_sections_are_hidden_and_cannot_be_blanked(world, as_user):
    """Pat (program staff in Home Base) may write but not read health or legal details."""
    assessment = start_assessment(by=world.navigator2, enrollment=world.chen)
    save_answers(
        by=world.navigator2,
        assessment=assessment,
        sections=["health", "legal", "why_now"],
        answers={"substance_use": "CANARY-SUBSTANCE", "justice": "CANARY-JUSTICE", "hopes": "Home"},
        declined=[],
        expected_version=1,
    )
    client = as_user(world.staff)
    page = client.get(url(assessment)).content.decode()
    assert "CANARY" not in page
    assert "Needs and barriers: health" in page
    assert page.count("Private: only roles this program allows can read or answer") == 2
    response = client.post(
        url(assessment), {"version": 2, "a-hopes": "A home", "a-substance_use": ""}
    )
    assert response.status_code == 302
    saved = fresh(assessment)
    assert saved.answers["substance_use"] == "CANARY-SUBSTANCE"
    assert saved.answers["hopes"] == "A home"
    with pytest.raises(ActionRefused, match="Only the roles this program allows"):
        save_answers(
            by=world.staff,
            assessment=saved,
            sections=["health"],
            answers={},
            declined=["health"],
            expected_version=saved.version,
        )
    complete_assessment(by=world.navigator2, assessment=saved, expected_version=saved.version)
    page = client.get(url(assessment)).content.decode()
    assert "CANARY" not in page
    assert "Private: only roles this program allows can read this section." in page
    # The navigator, whose role the program allows, reads them.
    page = as_user(world.navigator2).get(url(assessment)).content.decode()
    assert "CANARY-SUBSTANCE" in page


def test_completed_assessments_never_change_by_any_route(world, as_user):
    assessment = start_assessment(by=world.navigator, enrollment=world.amara)
    complete_assessment(by=world.navigator, assessment=assessment, expected_version=1)
    done = fresh(assessment)
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(url(assessment), {"version": done.version, "a-hopes": "Changed"})
    assert response.status_code == 302
    response = client.post(url(assessment, "complete/"), {"version": done.version}, follow=True)
    assert "This assessment is already complete." in response.content.decode()
    response = client.post(url(assessment, "discard/"))
    assert response.status_code == 302
    assert snapshot(audit=False) == before
    with pytest.raises(ActionRefused, match="complete"):
        save_answers(
            by=world.navigator,
            assessment=done,
            sections=["why_now"],
            answers={"hopes": "x"},
            declined=[],
            expected_version=done.version,
        )
    # The database itself refuses, whatever the route.
    with pytest.raises(DatabaseError), transaction.atomic():
        Assessment.objects.filter(pk=done.pk).update(answers={"hopes": "forged"})
    with pytest.raises(DatabaseError), transaction.atomic():
        Assessment.objects.filter(pk=done.pk).delete()
    assert fresh(assessment).answers == {}


def test_reassessment_adds_a_new_dated_version_and_shows_what_changed(world, as_user):
    client = as_user(world.navigator)
    first = start_assessment(by=world.navigator, enrollment=world.amara)
    save_answers(
        by=world.navigator,
        assessment=first,
        sections=["life", "why_now"],
        answers={"housing": "Couch surfing at my aunt's", "hopes": "A job"},
        declined=[],
        expected_version=1,
    )
    complete_assessment(by=world.navigator, assessment=first, expected_version=2)
    second = start(client, world.amara)
    assert (second.number, second.kind) == (2, "reassessment")
    assert second.answers == {"housing": "Couch surfing at my aunt's", "hopes": "A job"}
    response = client.post(
        url(second),
        {"version": 1, "a-housing": "My own room since March", "a-hopes": "A job"},
    )
    assert response.status_code == 302
    page = client.get(url(second)).content.decode()
    assert "What changed since intake assessment" in page
    assert "<del>Couch surfing at my aunt&#x27;s</del>" in page
    assert "<ins>My own room since March</ins>" in page
    assert fresh(first).answers["housing"] == "Couch surfing at my aunt's"
    assert "Every assessment" in page


def test_the_programs_own_questions(world, as_user):
    manager = as_user(world.manager)
    page_url = f"/programs/{world.youth.pk}/questions/"
    kinds = [
        ("Household size", "number", "", "program"),
        ("Date of arrival in the US", "date", "", "eligibility"),
        ("Aged 16 to 24?", "yes_no", "", "eligibility"),
        ("Highest grade finished", "single", "Some high school\nHigh school\nCollege", "program"),
        ("Interests", "multiple", "Retail\nHealthcare\nTrades", "program"),
        ("Anything else the funder asks", "text", "", "program"),
    ]
    for label, kind, choices, section in kinds:
        response = manager.post(
            page_url,
            {"label": label, "kind": kind, "choices": choices, "section": section},
        )
        assert response.status_code == 302, response.content
    assert Question.objects.filter(program=world.youth).count() == 6
    # Bad input: a clear message, nothing saved, nothing lost.
    response = manager.post(
        page_url, {"label": "Shift", "kind": "single", "choices": "Day", "section": "program"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "List at least two choices, one per line." in text
    assert 'value="Shift"' in text
    assert Question.objects.filter(program=world.youth).count() == 6
    # Navigators do not manage questions.
    before = snapshot(audit=False)
    assert as_user(world.navigator).post(page_url, {"label": "Sneaky"}).status_code == 404
    assert snapshot(audit=False) == before

    question = Question.objects.get(label="Household size")
    required = add_question(
        by=world.manager,
        program=world.youth,
        data={"label": "Funder ID", "kind": "text", "required": True},
    )
    client = as_user(world.navigator)
    assessment = start(client, world.amara)
    page = client.get(url(assessment)).content.decode()
    for label, *_ in kinds:
        assert label in page
    response = client.post(
        url(assessment), {"version": 1, f"q-{question.public_id}": "three"}, **HX
    )
    assert response.status_code == 409
    assert "use a number" in response.content.decode()
    response = client.post(
        url(assessment, "complete/"), {"version": 1, f"q-{question.public_id}": "3"}
    )
    assert response.status_code == 400
    assert "These questions need an answer" in response.content.decode()
    assert "Funder ID" in response.content.decode()
    assert fresh(assessment).status == "draft"
    assert fresh(assessment).answers == {question.key: "3"}
    response = client.post(
        url(assessment, "complete/"),
        {"version": 2, f"q-{question.public_id}": "3", f"q-{required.public_id}": "YW-204"},
    )
    assert response.status_code == 302
    # Changing or retiring a question never changes the completed assessment.
    update_question(
        by=world.manager, question=question, data={"label": "People at home", "kind": "number"}
    )
    manager.post(f"/questions/{required.public_id}/active/", {"active": "no"})
    page = client.get(url(assessment)).content.decode()
    assert "Household size" in page
    assert "People at home" not in page
    assert "YW-204" in page
    second = start(client, world.amara)
    page = client.get(url(second)).content.decode()
    assert "People at home" in page
    # The retired question still shows here: the reassessment began from its answer.
    assert "Funder ID" in page


def test_handing_the_device_to_the_participant(world, as_user):
    client = as_user(world.navigator)
    assessment = start(client, world.amara)
    response = client.post(url(assessment, "hand-over/"), {})
    assert response.status_code == 400
    assert "Choose at least one section to hand over." in response.content.decode()
    response = client.post(
        url(assessment, "hand-over/"), {"sections": ["inner_strengths", "supports"]}
    )
    assert response.status_code == 302
    assert response["Location"] == url(assessment, "yours/")
    # Nothing else can be opened while they hold the device.
    for elsewhere in ("/caseload/", f"/participants/{world.bo.participant.public_id}/", "/"):
        response = client.get(elsewhere)
        assert response.status_code == 302
        assert response["Location"] == url(assessment, "yours/")
    page = client.get(url(assessment, "yours/")).content.decode()
    assert "What you bring" in page
    assert "Who helps you" in page
    assert "Why now" not in page
    assert "usa-nav" not in page
    response = client.post(
        url(assessment, "yours/"),
        {"version": 1, "a-skills": "I can braid hair", "declined-inner_strengths": ""},
        **HX,
    )
    assert response.status_code == 200
    response = client.post(
        url(assessment, "yours/"), {"version": 2, "a-skills": "I can braid hair", "done": "1"}
    )
    assert response["Location"] == url(assessment, "hand-back/")
    response = client.post(url(assessment, "hand-back/"), {"password": "not it"})
    assert response.status_code == 400
    assert "That password is not right" in response.content.decode()
    assert client.get("/caseload/").status_code == 302
    from conftest import PASSWORD

    response = client.post(url(assessment, "hand-back/"), {"password": PASSWORD})
    assert response["Location"] == url(assessment)
    assert HANDOVER not in client.session
    assert client.get("/caseload/").status_code == 200
    saved = fresh(assessment)
    assert saved.answers == {"skills": "I can braid hair"}
    assert saved.self_completed == ["inner_strengths"]
    page = client.get(url(assessment)).content.decode()
    assert "Filled in by Amara" in page
    changes = list(
        AuditEvent.objects.filter(object_id=str(assessment.public_id), action="update")
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert changes[0] == {"handed_over": ["inner_strengths", "supports"]}
    assert changes[1]["by_participant"] is True
    assert changes[-1] == {"handed_back": ["inner_strengths", "supports"]}


def test_a_need_written_during_the_assessment_links_to_it(world, as_user):
    client = as_user(world.navigator)
    assessment = start(client, world.amara)
    response = client.post(
        f"/enrollments/{world.amara.public_id}/needs/",
        {
            "domain": "housing",
            "description": "A place of my own",
            "back": url(assessment),
            "assessment": str(assessment.public_id),
        },
    )
    assert response["Location"] == url(assessment)
    need = Need.objects.get(enrollment=world.amara)
    assert need.assessment_id == assessment.pk
    # Bad input stays on the assessment page with what was typed.
    response = client.post(
        f"/enrollments/{world.amara.public_id}/needs/",
        {
            "description": "Bus fare",
            "back": url(assessment),
            "assessment": str(assessment.public_id),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose the area of life this need is about." in text
    assert "Bus fare" in text
    assert "Intake assessment" in text
    # A back link elsewhere is ignored.
    response = client.post(
        f"/needs/{need.public_id}/status/", {"status": "met", "back": "https://evil.example/"}
    )
    assert response["Location"] == f"/participants/{world.amara.participant.public_id}/"


def test_a_reassessment_draft_can_be_discarded_but_not_the_intake(world, as_user):
    client = as_user(world.navigator)
    first = start(client, world.amara)
    response = client.post(url(first, "discard/"))
    assert response.status_code == 302
    assert Assessment.objects.filter(pk=first.pk).exists()
    complete_assessment(by=world.navigator, assessment=first, expected_version=1)
    second = start(client, world.amara)
    response = client.post(url(second, "discard/"))
    assert response["Location"] == f"/participants/{world.amara.participant.public_id}/"
    assert not Assessment.objects.filter(pk=second.pk).exists()


def test_a_background_save_after_sign_out_is_told_so(world, client):
    assessment = start_assessment(by=world.navigator, enrollment=world.amara)
    response = client.post(url(assessment), {"version": 1, "a-hopes": "x"}, **HX)
    assert response.status_code == 401
    assert response.content == b"Signed out."
    assert fresh(assessment).answers == {}
