"""The printed plan and the acknowledgement screen in the participant's language:
Spanish, Arabic (right to left) or English; and the catalogs are complete, compiled and
in step with the templates (that every word is marked: ``tests/test_translation.py``)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from waypoint.assessments.actions import add_need
from waypoint.plans import actions
from waypoint.plans.models import PlanVersion

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "waypoint" / "locale"


def _plan(world: Any) -> PlanVersion:
    need = add_need(
        by=world.navigator,
        enrollment=world.amara,
        domain="education_employment",
        description="A job",
    )
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(
            text="Apply to three warehouse jobs",
            needs=[need],
            measure="Three applications sent",
            target_date=date(2031, 3, 14),
            steps=[actions.StepData(what="Update my résumé", due_on=date(2031, 3, 1))],
            services=[actions.ServiceData(what="Job search coaching", how_often="weekly")],
        ),
        expected=1,
    )
    return version


def _print(client: Any, version: PlanVersion, lang: str | None) -> str:
    query = {} if lang is None else {"lang": lang}
    response = client.get(f"/plans/{version.public_id}/print/", query)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_printed_plan_comes_in_spanish(world, as_user):
    version = _plan(world)
    page = _print(as_user(world.navigator), version, "es")
    assert '<html lang="es" dir="ltr">' in page
    assert "<h1>El plan de Amara</h1>" in page
    assert "Tus metas y próximos pasos" in page and "Cómo te vamos a ayudar" in page
    assert "Tu navegador/a: Nia Navigator" in page
    # The participant's own words stay as written; labels and dates are in Spanish.
    assert "Apply to three warehouse jobs" in page and "Update my résumé" in page
    assert "14 de marzo de 2031" in page and "Sin empezar" in page
    assert "Todavía no aceptaste esta versión: puede cambiar." in page
    assert "Your goals" not in page and "Not started" not in page
    # The choice of language names each language in itself, the current one marked.
    assert '<strong lang="es" aria-current="page">Español</strong>' in page
    assert '<a href="?lang=ar" lang="ar" hreflang="ar">العربية</a>' in page


def test_the_printed_plan_comes_in_arabic_right_to_left(world, as_user):
    version = _plan(world)
    page = _print(as_user(world.navigator), version, "ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>خطة Amara</h1>" in page and "أهدافك وخطواتك التالية" in page
    assert "مرشدك: Nia Navigator" in page


@pytest.mark.parametrize("lang", [None, "", "xx", "en-GB\x00", "../es"])
def test_english_unless_another_language_is_chosen(world, as_user, lang):
    version = _plan(world)
    page = _print(as_user(world.navigator), version, lang)
    assert '<html lang="en" dir="ltr">' in page
    assert "<h1>Amara&#x27;s plan</h1>" in page or "<h1>Amara's plan</h1>" in page
    assert "Your goals and next steps" in page and "March 14, 2031" in page


def test_the_staff_pages_stay_in_english_after_a_printed_copy_in_spanish(world, as_user):
    version = _plan(world)
    client = as_user(world.navigator)
    _print(client, version, "es")
    page = client.get(f"/plans/{version.public_id}/").content.decode()
    assert "Short-term goals" in page and "Metas" not in page


# Every word of every template is checked in waypoint/tests/test_translation.py.


# --- The catalogs -------------------------------------------------------------------------


def _entries(po: Path) -> dict[str, str]:
    """msgid → msgstr (the first form of a plural) of a catalog written without wrapping;
    an entry with a context is keyed "context\x04msgid", as gettext itself keys it."""
    found: dict[str, str] = {}
    msgid = None
    context = None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = line[9:-1]
        elif line.startswith("msgid "):
            msgid = line[7:-1] if context is None else f"{context}\x04{line[7:-1]}"
            context = None
        elif msgid and (line.startswith("msgstr ") or line.startswith("msgstr[0] ")):
            found[msgid] = line.split(" ", 1)[1][1:-1]
            msgid = None
    return found


@pytest.mark.parametrize("language", ["es", "ar"])
def test_each_catalog_is_complete_and_not_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = _entries(po)
    assert len(entries) > 50
    assert [k for k, v in entries.items() if not v] == []
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["es", "ar"])
def test_each_compiled_catalog_holds_its_sources_translations(language):
    """The .mo Django reads says what the .po says (run ``make messages`` after editing)."""
    import gettext

    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    entries = _entries(folder / "django.po")
    text = (folder / "django.po").read_text(encoding="utf-8").splitlines()
    # A plural's first form is not what gettext gives for the singular in every language.
    plurals = {text[i - 1][7:-1] for i, line in enumerate(text) if line.startswith("msgid_plural")}
    singular = {k: v for k, v in entries.items() if k not in plurals}
    assert {k: _lookup(catalog, _unescape(k)) for k in singular} == {
        k: _unescape(v) for k, v in singular.items()
    }


def _lookup(catalog: Any, key: str) -> str:
    if "\x04" in key:
        context, msgid = key.split("\x04")
        return str(catalog.pgettext(context, msgid))
    return str(catalog.gettext(key))


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


# The options of ``make messages`` (see the Makefile).
MAKEMESSAGES = {
    "locale": ["es", "ar"],
    "no_wrap": True,
    "no_location": True,
    "no_obsolete": True,
    "ignore_patterns": [".venv", "node_modules", "staticfiles", "var", "*/tests/*"],
    "verbosity": 0,
}


def test_the_catalogs_hold_every_marked_string_and_no_other(tmp_path, monkeypatch):
    """``make messages`` run now would add or drop nothing (the msgids are the same)."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext's xgettext is not installed (apt-get install gettext)")
    from django.core.management import call_command
    from django.test.utils import override_settings

    copy = tmp_path / "waypoint"
    shutil.copytree(
        Path(settings.BASE_DIR) / "waypoint",
        copy,
        ignore=shutil.ignore_patterns("tests", "static", "__pycache__", "*.mo"),
    )
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", **MAKEMESSAGES)
    for language in ("es", "ar"):
        fresh = _entries(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        kept = _entries(LOCALE / language / "LC_MESSAGES" / "django.po")
        assert sorted(fresh) == sorted(kept), language


def test_the_participants_written_language_decides_the_copy_unless_another_is_chosen(
    world, as_user
):
    from waypoint.participants.models import Participant

    version = _plan(world)
    Participant.objects.filter(pk=world.amara.participant_id).update(written_language="ar")
    client = as_user(world.navigator)
    assert '<html lang="ar" dir="rtl">' in _print(client, version, None)
    assert '<html lang="es" dir="ltr">' in _print(client, version, "es")
    plan = client.get(f"/plans/{version.public_id}/").content.decode()
    assert "Print for Amara</a>" in plan and "(in العربية) or print it in" in plan


def test_the_language_in_writing_is_kept_on_the_record_and_audited(world, as_user):
    from waypoint.audit.models import AuditEvent
    from waypoint.participants.models import Participant

    client = as_user(world.navigator)
    participant = Participant.objects.get(pk=world.amara.participant_id)
    assert participant.written_language == "en"
    page = client.get(f"/participants/{participant.public_id}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="es">Español</option>' in html
    assert '<option value="en" selected>English</option>' in html
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "declined"}
    data.update(
        {
            "written_language": "es",
            "version": participant.version,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        }
    )
    response = client.post(f"/participants/{participant.public_id}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    participant.refresh_from_db()
    assert participant.written_language == "es"
    event = AuditEvent.objects.filter(action="update", object_type="participant").latest("pk")
    assert event.changes["fields"]["written_language"] == ["en", "es"]
    detail = client.get(f"/participants/{participant.public_id}/").content.decode()
    assert '<dd lang="es">Español</dd>' in detail
    # A language Waypoint has no catalog for is refused with a message, nothing saved.
    data.update(written_language="fr", version=participant.version)
    refused = client.post(f"/participants/{participant.public_id}/edit/", data)
    assert "Select a valid choice" in refused.content.decode()
    participant.refresh_from_db()
    assert participant.written_language == "es"


def test_the_participant_acknowledges_on_a_screen_in_their_language(world, as_user):
    from waypoint.participants.models import Participant

    version = _plan(world)
    version = actions.share(
        by=world.navigator,
        version=version,
        expected=PlanVersion.objects.get(pk=version.pk).edit_version,
    )
    Participant.objects.filter(pk=world.amara.participant_id).update(written_language="es")
    client = as_user(world.navigator)
    url = f"/plans/{version.public_id}/acknowledge/"
    page = client.get(url).content.decode()
    assert '<html lang="es" dir="ltr">' in page
    assert "<h1>Amara, este es tu plan</h1>" in page and "Escribe tu nombre" in page
    assert 'title="obligatorio"' in page and "Este es mi plan</button>" in page
    # A mistake is explained in Spanish and nothing is lost.
    refused = client.post(url, {"name": "Amara Okafor", "on": "2999-01-01"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Revisa los campos marcados abajo. No se perdió nada de lo que escribiste." in html
    assert "Escribe una fecha entre el 1900-01-01 y el" in html
    assert "Marca la casilla si el plan dice lo que acordaron." in html
    assert 'value="Amara Okafor"' in html
    assert PlanVersion.objects.get(pk=version.pk).status == "shared"
    today = timezone.localdate().isoformat()
    done = client.post(url, {"name": "Amara Okafor", "on": today, "agree": "on"})
    assert done.status_code == 302
    assert PlanVersion.objects.get(pk=version.pk).status == "acknowledged"
    thanks = client.get(done["Location"]).content.decode()
    assert "Gracias, Amara Okafor. Este es tu plan." in thanks
    # The staff page around it stays in English.
    assert "Short-term goals" in thanks
