"""A program's own assessment questions in each language: a manager words them in
Spanish too, a participant reads and answers them in Spanish, and the answer keeps the
program's own choice so reports read the same."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from waypoint.assessments.actions import start_assessment
from waypoint.assessments.models import Question
from waypoint.portal.models import SentForm
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def _add(manager: Client, program_pk: int, **extra: str):
    data = {
        "label": "Highest grade finished",
        "help_text": "As they say it.",
        "kind": "single",
        "choices": "Some high school\nHigh school\nCollege",
        "section": "program",
        "label_es": "Último grado que terminaste",
        "help_text_es": "Como tú lo digas.",
        "choices_es": "Parte de la secundaria\nSecundaria\nUniversidad",
    }
    data.update(extra)
    return manager.post(f"/programs/{program_pk}/questions/", data)


def test_a_manager_words_a_question_in_spanish_and_a_participant_answers_it(world, as_user):
    response = _add(as_user(world.manager), world.youth.pk)
    assert response.status_code == 302
    question = Question.objects.get(program=world.youth)
    assert question.translations == {
        "es": {
            "label": "Último grado que terminaste",
            "help_text": "Como tú lo digas.",
            "choices": ["Parte de la secundaria", "Secundaria", "Universidad"],
        }
    }
    # The edit page gives the Spanish words back.
    edit = as_user(world.manager).get(f"/questions/{question.public_id}/").content.decode()
    assert 'value="Último grado que terminaste"' in edit
    assert "Parte de la secundaria\nSecundaria\nUniversidad</textarea>" in edit

    # The navigator's own form is in English.
    assessment = start_assessment(by=world.navigator, enrollment=world.amara)
    staff = as_user(world.navigator)
    page = staff.get(f"/assessments/{assessment.public_id}/").content.decode()
    assert "Highest grade finished" in page and "Último grado" not in page

    # Sent to a Spanish reader's own Waypoint, it comes in Spanish.
    participant = world.amara.participant
    participant.written_language = "es"
    participant.save(update_fields=["written_language"])
    sent = staff.post(
        reverse("portal_form_send", args=[assessment.public_id]), {"sections": ["program"]}
    )
    assert sent.status_code == 302
    form = SentForm.objects.get()
    client = Client()
    client.force_login(world.participant)
    url = reverse("portal_form", args=[form.public_id])
    text = client.get(url).content.decode()
    assert "Último grado que terminaste" in text and "Highest grade finished" not in text
    assert "Como tú lo digas." in text
    assert 'value="High school"' in text and ">Secundaria<" in text.replace("\n", "")
    assessment.refresh_from_db()
    saved = client.post(
        url,
        {"version": assessment.version, f"q-{question.public_id}": "High school", "save": ""},
    )
    assert saved.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers[question.key] == "High school"


def test_translated_choices_must_match_one_for_one_and_nothing_is_saved(world, as_user):
    manager = as_user(world.manager)
    before = snapshot(audit=False)
    response = _add(manager, world.youth.pk, choices_es="Secundaria\nUniversidad")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Give one translated choice for each choice (3), in the same order." in text
    assert 'value="Último grado que terminaste"' in text
    assert snapshot(audit=False) == before


def test_a_question_with_no_spanish_words_reads_in_its_own_words(world, as_user):
    response = _add(
        as_user(world.manager), world.youth.pk, label_es="", help_text_es="", choices_es=""
    )
    assert response.status_code == 302
    question = Question.objects.get(program=world.youth)
    assert question.translations == {}
    assert "translations" not in question.snapshot()


def test_a_navigator_cannot_change_a_questions_words(world, as_user):
    _add(as_user(world.manager), world.youth.pk)
    question = Question.objects.get(program=world.youth)
    before = snapshot(audit=False)
    response = as_user(world.navigator).post(
        f"/questions/{question.public_id}/",
        {"label": "x", "kind": "text", "section": "program", "label_es": "y"},
    )
    assert response.status_code == 404
    assert snapshot(audit=False) == before
