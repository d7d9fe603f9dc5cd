"""Staff choose the language Waypoint's pages speak to them in; a program's own words
(terminology) come in each language."""

from __future__ import annotations

import pytest
from django.utils import translation

from waypoint.accounts.models import User
from waypoint.accounts.terminology import term
from waypoint.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _choose(client, language):
    return client.post("/account/language/", {"language": language})


def test_a_navigator_chooses_spanish_and_the_pages_follow(world, as_user):
    client = as_user(world.navigator)
    page = client.get("/account/language/")
    assert page.status_code == 200
    assert (
        'value="en" class="usa-radio__input" id="id_language_0" required checked'
        in page.content.decode()
    )
    before = AuditEvent.objects.count()
    response = _choose(client, "es")
    assert response.status_code == 302 and response["Location"] == "/account/language/"
    world.navigator.refresh_from_db()
    assert world.navigator.language == "es"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "update"
    page = client.get("/account/language/", follow=True)
    text = page.content.decode()
    assert page["Content-Language"] == "es"
    assert '<html lang="es"' in text
    assert "Ahora Waypoint te habla en este idioma." in text
    assert "<h1>Tu idioma</h1>" in text
    caseload = client.get("/caseload/")
    assert caseload["Content-Language"] == "es"
    assert "Mis personas a cargo" in caseload.content.decode()
    assert "My caseload" not in caseload.content.decode()


def test_other_staff_keep_their_own_language(world, as_user):
    _choose(as_user(world.navigator), "es")
    other = as_user(world.supervisor)
    page = other.get("/caseload/")
    assert page["Content-Language"].startswith("en")
    assert '<html lang="en"' in page.content.decode()


def test_choosing_english_again_goes_back(world, as_user):
    client = as_user(world.navigator)
    _choose(client, "es")
    _choose(client, "en")
    world.navigator.refresh_from_db()
    assert world.navigator.language == "en"
    assert client.get("/caseload/")["Content-Language"].startswith("en")


def test_a_partner_chooses_too(world, as_user):
    client = as_user(world.partner)
    assert _choose(client, "es").status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.language == "es"


def test_a_language_waypoint_does_not_speak_to_staff_is_refused(world, as_user):
    client = as_user(world.navigator)
    before = AuditEvent.objects.count()
    for bad in ("fr", "ar", "", "es' OR 1=1"):
        page = _choose(client, bad)
        assert page.status_code == 200
        assert "usa-error-message" in page.content.decode()
    world.navigator.refresh_from_db()
    assert world.navigator.language == ""
    assert AuditEvent.objects.count() == before


def test_a_participant_cannot_open_the_staff_language_page(world, as_user):
    client = as_user(world.participant)
    assert client.get("/account/language/").status_code == 404
    assert _choose(client, "es").status_code == 404
    assert User.objects.get(pk=world.participant.pk).language == ""


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/account/language/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_account_menu_links_to_the_language_page(world, as_user):
    page = as_user(world.navigator).get("/caseload/").content.decode()
    assert 'href="/account/language/"' in page


# --- Program terminology in each language --------------------------------------------------


def test_a_programs_words_come_in_the_language_being_spoken():
    words = {"case closure": "moving on", "es": {"case closure": "celebración"}}
    with translation.override("en"):
        assert term("case closure", words) == "moving on"
        assert term("Case closure", words) == "Moving on"
        assert term("participant", words) == "participant"
    with translation.override("es"):
        assert term("case closure", words) == "celebración"
        assert term("Case closure", words) == "Celebración"
        # Not renamed in Spanish: Waypoint's own Spanish word.
        assert term("participant", words) == "participante"
        assert term("participant", {}) == "participante"
    with translation.override("es"):
        # Renamed only in English: Spanish readers get Waypoint's Spanish word.
        assert term("case closure", {"case closure": "moving on"}) == "cierre"


def test_a_manager_names_the_programs_words_in_spanish_too(world, as_user):
    from waypoint.accounts.tests.test_accounts import settings_data

    program = world.youth
    response = as_user(world.manager).post(
        f"/programs/{program.pk}/settings/",
        settings_data(
            program,
            terminology_text="navigator = coach",
            terminology_es="navigator = guía\ncase closure = celebración",
            terminology_ar="",
        ),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.terminology == {
        "navigator": "coach",
        "es": {"navigator": "guía", "case closure": "celebración"},
    }
    # The settings page shows each language's words in its own box.
    page = as_user(world.manager).get(f"/programs/{program.pk}/settings/").content.decode()
    assert "navigator = coach</textarea>" in page
    assert "case closure = celebración\nnavigator = guía</textarea>" in page
    # English readers get "coach"; a Spanish-speaking navigator gets "guía".
    amara = f"/participants/{world.amara.participant.public_id}/"
    english = as_user(world.supervisor).get(amara).content.decode()
    world.navigator.language = "es"
    world.navigator.save(update_fields=["language"])
    spanish = as_user(world.navigator).get(amara).content.decode()
    assert "Coach" in english and "Guía" not in english
    assert "Guía" in spanish and "Coach" not in spanish
    # The programs list names the words renamed in the reader's language.
    listed = as_user(world.navigator).get("/programs/").content.decode()
    assert "“navigator” → “guía”" in listed and "“es”" not in listed


def test_spanish_words_that_are_not_terms_are_explained_and_nothing_changes(world, as_user):
    from waypoint.accounts.tests.test_accounts import settings_data

    program = world.youth
    before = dict(program.terminology)
    response = as_user(world.manager).post(
        f"/programs/{program.pk}/settings/",
        settings_data(program, terminology_es="participante = joven\nnavigator"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“participante” is not a term Waypoint uses" in html
    assert "Line 2: write it as “term = replacement”." in html
    assert "participante = joven\nnavigator</textarea>" in html
    program.refresh_from_db()
    assert program.terminology == before


# --- Before they are signed in -------------------------------------------------------------


def test_a_participants_sign_in_code_page_speaks_their_language(world):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from conftest import PASSWORD

    person = world.amara.participant
    person.written_language = "es"
    person.save(update_fields=["written_language"])
    TOTPDevice.objects.create(user=world.participant, name="app", confirmed=True)
    client = Client()
    response = client.post("/my/sign-in/", {"username": "amara", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/sign-in/code/"
    page = client.get("/sign-in/code/")
    assert page["Content-Language"] == "es"
    text = page.content.decode()
    assert '<html lang="es"' in text
    assert "Escribe tu código de inicio de sesión" in text
    assert "Type your sign-in code" not in text
    # A wrong code is explained in their language too, and they stay signed out.
    wrong = client.post("/sign-in/code/", {"code": "000000"})
    assert wrong["Content-Language"] == "es"
    assert "_auth_user_id" not in client.session


def test_a_password_reset_email_comes_in_the_account_holders_language(
    world, client, django_capture_on_commit_callbacks
):
    from django.core import mail

    world.navigator.language = "es"
    world.navigator.save(update_fields=["language"])
    world.navigator.email = "nia@example.org"
    world.navigator.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"email": "nia@example.org"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Restablece tu contraseña de Waypoint"
    assert "Someone (we hope you)" not in mail.outbox[0].body
