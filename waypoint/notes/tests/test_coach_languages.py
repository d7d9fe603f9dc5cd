"""The writing coach in each language: a note written in Spanish is coached with the
Spanish list, its advice worded in Spanish; administrators keep phrases in any language."""

from __future__ import annotations

import pytest

from waypoint.audit.models import AuditEvent
from waypoint.notes.coach import default_coach, default_rules
from waypoint.notes.coach_defaults import DEFAULT_RULES, DEFAULT_RULES_ES
from waypoint.notes.models import CoachPhrase
from waypoint.notes.tests.test_notes import fresh_note, log, note_post
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def test_a_note_in_spanish_is_coached_in_spanish():
    advice = default_coach().check_text(
        "objective", "Parece que el cliente se negó a firmar y es muy conflictivo."
    )
    assert [(a.found, a.kind, a.language) for a in advice] == [
        ("Parece que", "opinion", "es"),
        ("cliente", "label", "es"),
        ("se negó a", "label", "es"),
        ("conflictivo", "label", "es"),
    ]
    assert advice[1].message == (
        "“cliente” → prueba “participante”. En Waypoint hablamos de participantes: "
        "personas que eligen trabajar con nosotros."
    )
    assert advice[2].message.startswith("“se negó a” → prueba “decidió no” o “prefirió no”.")
    # English advice stays English whatever the reader's language.
    english = default_coach().check_text("objective", "She refused to sign.")
    assert [a.language for a in english] == ["en"]
    assert english[0].message.startswith("“refused” → try “chose not to”")


@pytest.mark.parametrize(
    "fair",
    [
        "Habló claramente sobre su meta.",
        "Tiene un diagnóstico de trastorno bipolar y lo maneja con su médica.",
        "Dijo que es un círculo vicioso y quiere salir de él.",
        "No se sirven bebidas alcohólicas en el centro.",
        "Tenía una idea vaga del horario.",
        "The TB test and the Q&A session were on Tuesday.",
    ],
)
def test_fair_uses_are_left_alone(fair):
    assert default_coach().check_text("objective", fair) == []


def test_the_default_list_has_both_languages_and_each_phrase_is_unique():
    assert default_rules() == [*DEFAULT_RULES, *DEFAULT_RULES_ES]
    assert {rule.language for rule in DEFAULT_RULES} == {"en"}
    assert {rule.language for rule in DEFAULT_RULES_ES} == {"es"}
    assert len(DEFAULT_RULES_ES) >= 75
    keys = [(rule.kind, rule.phrase.casefold()) for rule in default_rules()]
    assert len(keys) == len(set(keys))
    for rule in DEFAULT_RULES_ES:
        assert rule.why.endswith(".") and len(rule.why) <= 300
        assert len(rule.suggestion) <= 300


def test_an_autosaved_note_in_spanish_comes_back_with_spanish_advice(world, as_user):
    contact = log(world)
    note = fresh_note(contact)
    response = as_user(world.navigator).post(
        f"/notes/{note.public_id}/",
        note_post(note, objective="La clienta se negó a firmar el contrato."),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span lang="es">“clienta” → prueba “participante”.' in page
    assert '<span lang="es">“se negó a” → prueba “decidió no” o “prefirió no”.' in page


def test_an_administrator_keeps_phrases_in_spanish(world, as_user):
    admin = as_user(world.admin)
    response = admin.post(
        "/coach/",
        {
            "kind": "label",
            "language": "es",
            "phrase": "moroso",
            "suggestion": "persona con pagos atrasados",
            "why": "Describe la situación, no a la persona.",
            "active": "on",
        },
    )
    assert response.status_code == 302
    phrase = CoachPhrase.objects.get(organization=world.org, phrase="moroso")
    assert phrase.language == "es"
    # The defaults came with it, in both languages.
    assert CoachPhrase.objects.filter(organization=world.org, language="es").count() == (
        len(DEFAULT_RULES_ES) + 1
    )
    assert AuditEvent.objects.filter(action="create").exists()
    page = admin.get("/coach/").content.decode()
    assert f'href="/coach/{phrase.pk}/" lang="es">moroso</a>' in page
    assert '<td data-label="Language">Español</td>' in page
    edit = admin.get(f"/coach/{phrase.pk}/").content.decode()
    assert '<option value="es" selected>Español</option>' in edit
    from waypoint.notes import coaching

    found = coaching.advice_for(
        {"objective": "Es moroso con el alquiler."},
        organization_id=world.org.pk,
        attempt=True,
        goals_linked=True,
        next_meeting=True,
    )
    assert [(a.found, a.language) for a in found if a.found] == [("moroso", "es")]


def test_a_language_waypoint_does_not_have_is_refused_and_nothing_changes(world, as_user):
    admin = as_user(world.admin)
    before = snapshot()
    response = admin.post("/coach/", {"kind": "label", "language": "fr", "phrase": "client"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert snapshot() == before


def test_copying_the_defaults_adds_the_spanish_list_to_an_english_only_list(world, as_user):
    CoachPhrase.objects.bulk_create(
        CoachPhrase(organization=world.org, kind=rule.kind, phrase=rule.phrase, why=rule.why)
        for rule in DEFAULT_RULES[:5]
    )
    response = as_user(world.admin).post("/coach/defaults/")
    assert response.status_code == 302
    mine = CoachPhrase.objects.filter(organization=world.org)
    assert mine.count() == len(default_rules())
    assert mine.filter(language="es").count() == len(DEFAULT_RULES_ES)


def test_someone_else_cannot_add_a_phrase_and_nothing_changes(world, as_user):
    before = snapshot()
    response = as_user(world.navigator).post(
        "/coach/", {"kind": "label", "language": "es", "phrase": "moroso"}
    )
    assert response.status_code == 404
    assert snapshot() == before
