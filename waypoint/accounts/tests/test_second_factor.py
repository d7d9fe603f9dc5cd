"""The second sign-in step (authenticator app and recovery codes), through real requests."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, World
from waypoint.accounts import second_factor as sf
from waypoint.accounts.actions import create_organization
from waypoint.accounts.models import Organization, User
from waypoint.audit.models import AuditEvent
from waypoint.tests.helpers import Api, snapshot


@pytest.fixture
def clock() -> Iterator[Any]:
    """A clock we move on: an app code works once, so the next sign-in needs the next
    30-second step (and django-otp waits a moment after a wrong code)."""
    with time_machine.travel("2026-03-10 15:00:00+00:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def required(world: World) -> World:
    Organization.objects.filter(pk=world.org.pk).update(second_factor_required=True)
    return world


def text(response: Any) -> str:
    return str(html.unescape(response.content.decode()))


def code(key: str) -> str:
    """What the person's authenticator app shows now, from the key they set it up with."""
    return f"{totp(bytes.fromhex(key)):06d}"


def app_key(user: User) -> str:
    return str(TOTPDevice.objects.get(user=user, confirmed=True).key)


def sign_in(client: Client, username: str) -> Any:
    return client.post("/sign-in/", {"username": username, "password": PASSWORD})


def enrol(client: Client) -> tuple[str, list[str]]:
    """Set up an app on the set-up page; returns its key and the recovery codes shown."""
    page = client.get("/account/second-step/set-up/")
    assert page.status_code == 200
    key = client.session[sf.NEW_KEY]
    assert sf.grouped_secret(key) in text(page)
    assert "<svg" in text(page)
    response = client.post("/account/second-step/set-up/", {"code": code(key)})
    assert response.status_code == 200
    codes: list[str] = response.context["codes"]
    assert len(codes) == 10
    return key, codes


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_new_organizations_require_the_second_step(db: Any) -> None:
    assert create_organization(name="Brand New").second_factor_required is True


def test_grace_sign_in_opens_only_set_up_until_an_app_is_confirmed(
    required: World, clock: Any
) -> None:
    world = required
    client = Client()
    response = sign_in(client, "nia")
    assert response["Location"] == "/account/second-step/set-up/"
    for path in ["/", "/caseload/", f"/participants/{world.amara.participant.public_id}/"]:
        assert client.get(path)["Location"] == "/account/second-step/set-up/", path
    assert client.get("/account/tokens/")["Location"] == "/account/second-step/set-up/"
    page = text(client.get("/account/second-step/set-up/"))
    assert "Your organization asks everyone" in page
    event = AuditEvent.objects.filter(actor=world.navigator, action="sign_in").get()
    assert event.changes == {"second_factor": "set-up"}

    key, codes = enrol(client)
    assert client.get("/caseload/").status_code == 200
    assert TOTPDevice.objects.filter(user=world.navigator, confirmed=True).count() == 1
    assert StaticToken.objects.filter(device__user=world.navigator).count() == 10
    enrolled = AuditEvent.objects.filter(actor=world.navigator, action="mfa_enrol").get()
    assert enrolled.changes == {"second_factor": "app", "replaced": False}
    assert key not in str(enrolled.changes) and codes[0] not in str(enrolled.changes)


def test_wrong_set_up_code_is_refused_and_nothing_is_set_up(required: World, clock: Any) -> None:
    client = Client()
    sign_in(client, "nia")
    client.get("/account/second-step/set-up/")
    response = client.post("/account/second-step/set-up/", {"code": "000000"})
    assert response.status_code == 200
    assert "That code doesn't match" in text(response)
    assert not TOTPDevice.objects.filter(user=required.navigator).exists()
    assert client.get("/caseload/")["Location"] == "/account/second-step/set-up/"


def test_sign_out_then_sign_in_with_a_code(required: World, clock: Any) -> None:
    world = required
    client = Client()
    sign_in(client, "nia")
    key, _ = enrol(client)
    client.post("/sign-out/")

    response = sign_in(client, "nia")
    assert response["Location"] == "/sign-in/code/"
    assert signed_in_as(client) is None  # the password alone signs no one in
    assert client.get("/caseload/")["Location"].startswith("/sign-in/")

    # The code just used to set up cannot be used again.
    response = client.post("/sign-in/code/", {"code": code(key)})
    assert response.status_code == 200
    assert "That code didn't work" in text(response)
    assert signed_in_as(client) is None

    clock.shift(31)
    response = client.post("/sign-in/code/", {"code": code(key)})
    assert response["Location"] == "/"
    assert signed_in_as(client) == str(world.navigator.pk)
    assert client.get("/caseload/").status_code == 200
    event = AuditEvent.objects.filter(actor=world.navigator, action="sign_in").last()
    assert event is not None and event.changes == {"second_factor": "app"}


def test_a_wrong_code_gets_a_clear_message_and_keeps_the_person_signed_out(
    required: World, clock: Any
) -> None:
    client = Client()
    sign_in(client, "nia")
    enrol(client)
    client.post("/sign-out/")
    sign_in(client, "nia")
    response = client.post("/sign-in/code/", {"code": "123456"})
    assert response.status_code == 200
    page = text(response)
    assert "That code didn't work" in page
    assert 'value="123456"' in page  # what was typed is kept
    assert signed_in_as(client) is None


def test_sign_in_with_a_recovery_code_works_once(required: World, clock: Any) -> None:
    world = required
    client = Client()
    sign_in(client, "nia")
    _, codes = enrol(client)
    client.post("/sign-out/")

    sign_in(client, "nia")
    response = client.post("/sign-in/code/", {"code": codes[3].upper()}, follow=True)
    assert response.request["PATH_INFO"] == "/caseload/"
    assert "You signed in with a recovery code; it no longer works. 9 left" in (text(response))
    used = AuditEvent.objects.filter(actor=world.navigator, action="mfa_recovery_used").get()
    assert used.changes == {"recovery_codes_left": 9}
    client.post("/sign-out/")

    sign_in(client, "nia")
    response = client.post("/sign-in/code/", {"code": codes[3]})
    assert response.status_code == 200
    assert "That code didn't work" in text(response)
    assert signed_in_as(client) is None
    clock.shift(5)  # django-otp waits a moment after a wrong code
    response = client.post("/sign-in/code/", {"code": codes[4].replace("-", " ")})
    assert response["Location"] == "/"


def test_wrong_codes_count_toward_the_lock_out_and_a_locked_account_cannot_use_a_code(
    required: World, clock: Any, settings: Any
) -> None:
    client = Client()
    sign_in(client, "nia")
    key, codes = enrol(client)
    client.post("/sign-out/")
    sign_in(client, "nia")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        clock.shift(10)  # past django-otp's own pause after a wrong code
        assert client.post("/sign-in/code/", {"code": "000000"}).status_code == 200
    clock.shift(10)
    response = client.post("/sign-in/code/", {"code": "000000"})
    assert response.status_code == 429
    assert "Sign-in is paused for this account" in text(response)

    clock.shift(40)
    for right in (code(key), codes[0]):
        response = client.post("/sign-in/code/", {"code": right})
        assert response.status_code == 429
        assert signed_in_as(client) is None
    assert StaticToken.objects.filter(device__user=required.navigator).count() == 10
    # The password step is paused too.
    assert sign_in(Client(), "nia").status_code == 429


def test_a_wrong_password_and_wrong_codes_share_one_count(
    required: World, clock: Any, settings: Any
) -> None:
    client = Client()
    sign_in(client, "nia")
    enrol(client)
    client.post("/sign-out/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/sign-in/", {"username": "nia", "password": "wrong"})
    sign_in(client, "nia")
    response = client.post("/sign-in/code/", {"code": "000000"})
    assert response.status_code == 429


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(world: World) -> None:
    client = Client()
    assert client.get("/sign-in/code/")["Location"] == "/sign-in/"
    assert client.post("/sign-in/code/", {"code": "123456"})["Location"] == "/sign-in/"


def test_the_code_page_waits_only_a_few_minutes(required: World, clock: Any) -> None:
    client = Client()
    sign_in(client, "nia")
    key, _ = enrol(client)
    client.post("/sign-out/")
    sign_in(client, "nia")
    clock.shift(sf.PENDING_SECONDS + 1)
    assert client.post("/sign-in/code/", {"code": code(key)})["Location"] == "/sign-in/"
    assert signed_in_as(client) is None


def test_someone_who_set_up_an_app_is_asked_for_it_even_when_not_required(
    world: World, clock: Any
) -> None:
    client = Client()
    sign_in(client, "nia")  # not required: one step
    assert signed_in_as(client) == str(world.navigator.pk)
    enrol(client)
    client.post("/sign-out/")
    assert sign_in(client, "nia")["Location"] == "/sign-in/code/"


def test_turning_off_needs_a_code_and_is_refused_when_the_organization_requires_it(
    world: World, clock: Any
) -> None:
    client = Client()
    sign_in(client, "nia")
    key, _ = enrol(client)
    clock.shift(31)
    response = client.post("/account/second-step/turn-off/", {"code": "000000"}, follow=True)
    assert "That code doesn't match" in text(response)
    assert TOTPDevice.objects.filter(user=world.navigator).exists()

    Organization.objects.filter(pk=world.org.pk).update(second_factor_required=True)
    clock.shift(31)
    response = client.post("/account/second-step/turn-off/", {"code": code(key)}, follow=True)
    assert "so it stays on" in text(response)
    assert TOTPDevice.objects.filter(user=world.navigator).exists()

    Organization.objects.filter(pk=world.org.pk).update(second_factor_required=False)
    clock.shift(31)
    response = client.post("/account/second-step/turn-off/", {"code": code(key)}, follow=True)
    assert "The second step is off" in text(response)
    assert not TOTPDevice.objects.filter(user=world.navigator).exists()
    assert not StaticDevice.objects.filter(user=world.navigator).exists()
    assert AuditEvent.objects.filter(actor=world.navigator, action="mfa_remove").count() == 1


def test_new_recovery_codes_need_a_current_code_and_replace_the_old_ones(
    required: World, clock: Any
) -> None:
    world = required
    client = Client()
    sign_in(client, "nia")
    key, old = enrol(client)
    page = text(client.get("/account/second-step/"))
    assert "<strong>10</strong> recovery codes left" in page

    before = list(StaticToken.objects.values_list("token", flat=True))
    response = client.post("/account/second-step/recovery-codes/", {"code": "000000"}, follow=True)
    assert "That code doesn't match" in text(response)
    assert list(StaticToken.objects.values_list("token", flat=True)) == before

    clock.shift(31)
    response = client.post("/account/second-step/recovery-codes/", {"code": code(key)})
    assert response.status_code == 200
    new: list[str] = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert "data:text/plain" in text(response)
    assert AuditEvent.objects.filter(actor=world.navigator, action="mfa_recovery_codes").exists()

    client.post("/sign-out/")
    sign_in(client, "nia")
    assert client.post("/sign-in/code/", {"code": old[0]}).status_code == 200
    clock.shift(5)
    assert client.post("/sign-in/code/", {"code": new[0]})["Location"] == "/"


def test_replacing_the_app_needs_a_code_from_the_current_one(required: World, clock: Any) -> None:
    world = required
    client = Client()
    sign_in(client, "nia")
    old_key, _ = enrol(client)
    clock.shift(31)
    client.get("/account/second-step/set-up/")
    new_key = client.session[sf.NEW_KEY]
    assert new_key != old_key
    response = client.post(
        "/account/second-step/set-up/", {"code": code(new_key), "current_code": "000000"}
    )
    assert response.status_code == 200
    assert "Type a code from the app you use now" in text(response)
    assert app_key(world.navigator) == old_key

    clock.shift(31)
    response = client.post(
        "/account/second-step/set-up/", {"code": code(new_key), "current_code": code(old_key)}
    )
    assert response.status_code == 200
    assert app_key(world.navigator) == new_key
    assert TOTPDevice.objects.filter(user=world.navigator).count() == 1
    event = AuditEvent.objects.filter(actor=world.navigator, action="mfa_enrol").last()
    assert event is not None and event.changes["replaced"] is True


def test_an_administrator_resets_a_second_step_audited_and_emailed(
    required: World, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world = required
    nia = Client()
    sign_in(nia, "nia")
    key, codes = enrol(nia)
    mail.outbox.clear()
    admin = Client()
    admin.force_login(world.admin)
    page = text(admin.get(f"/staff/{world.navigator.pk}/"))
    assert "Reset Nia Navigator's second step" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/staff/{world.navigator.pk}/second-step/reset/", follow=True)
    assert "second step is reset" in text(response)
    assert not TOTPDevice.objects.filter(user=world.navigator).exists()
    assert not StaticDevice.objects.filter(user=world.navigator).exists()
    event = AuditEvent.objects.filter(actor=world.admin, action="mfa_reset").get()
    assert event.object_id == str(world.navigator.pk) and event.actor_role == "admin"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nia@example.org"]
    assert message.subject == "Your Waypoint sign-in was reset"
    assert key not in message.body and sf.grouped_secret(key) not in message.body
    assert not any(c in message.body for c in codes)

    # At the next sign-in Nia sets up a new app.
    fresh = Client()
    assert sign_in(fresh, "nia")["Location"] == "/account/second-step/set-up/"


def test_only_an_administrator_of_the_organization_can_reset(required: World, clock: Any) -> None:
    world = required
    nia = Client()
    sign_in(nia, "nia")
    enrol(nia)
    url = f"/staff/{world.navigator.pk}/second-step/reset/"
    for user in (world.manager, world.supervisor, world.outsider, world.partner):
        client = Client()
        client.force_login(user)
        before = snapshot()
        assert client.post(url).status_code == 404, user
        assert snapshot() == before
        assert TOTPDevice.objects.filter(user=world.navigator).exists()
    assert Client().post(url)["Location"].startswith("/sign-in/")
    assert mail.outbox == []

    admin = Client()
    admin.force_login(world.admin)
    response = admin.post(f"/staff/{world.admin.pk}/second-step/reset/", follow=True)
    assert "You can't reset your own second step here" in text(response)


def test_api_tokens_work_without_a_second_step(required: World, clock: Any) -> None:
    world = required
    client = Client()
    sign_in(client, "nia")
    enrol(client)
    api = Api(world.navigator)
    response = api.call("GET", f"/enrollments/{world.amara.public_id}")
    assert response.status_code == 200
    # Someone in a grace sign-in, too: the API never looks at the session.
    pat = Api(world.staff)
    assert pat.call("GET", f"/enrollments/{world.chen.public_id}").status_code == 200


def test_people_at_partners_get_the_same_second_step(required: World, clock: Any) -> None:
    world = required
    client = Client()
    assert sign_in(client, "pia")["Location"] == "/account/second-step/set-up/"
    assert client.get("/partner/")["Location"] == "/account/second-step/set-up/"
    key, _ = enrol(client)
    assert client.get("/partner/").status_code == 200
    client.post("/sign-out/")
    assert sign_in(client, "pia")["Location"] == "/sign-in/code/"
    clock.shift(31)
    assert client.post("/sign-in/code/", {"code": code(key)})["Location"] == "/"
    assert signed_in_as(client) == str(world.partner.pk)


def test_people_with_no_role_yet_are_not_asked(required: World) -> None:
    world = required
    User.objects.filter(pk=world.navigator.pk).update(partner_of=None)
    world.navigator.memberships.all().delete()
    client = Client()
    assert sign_in(client, "nia")["Location"] == "/"


def test_the_administrator_switches_the_requirement(world: World) -> None:
    admin = Client()
    admin.force_login(world.admin)
    page = admin.get("/organization/security/")
    assert page.status_code == 200
    assert "Ask everyone who can see participant data" in text(page)
    response = admin.post("/organization/security/", {"second_factor_required": "on"})
    assert response["Location"] == "/organization/security/"
    assert Organization.objects.get(pk=world.org.pk).second_factor_required is True
    event = AuditEvent.objects.filter(actor=world.admin, action="settings").last()
    assert event is not None
    assert event.changes == {"second_factor_required": [False, True]}
    admin.post("/organization/security/", {})
    assert Organization.objects.get(pk=world.org.pk).second_factor_required is False
    # Elsewhere's setting is its own.
    assert Organization.objects.get(pk=world.other_org.pk).second_factor_required is False

    for user in (world.manager, world.navigator, world.outsider, world.partner):
        client = Client()
        client.force_login(user)
        before = snapshot()
        assert (
            client.post("/organization/security/", {"second_factor_required": "on"}).status_code
            == 404
        )
        assert snapshot() == before


def test_the_set_up_key_is_shown_grouped_for_typing(world: World) -> None:
    client = Client()
    client.force_login(world.navigator)
    page = text(client.get("/account/second-step/set-up/"))
    secret = sf.grouped_secret(client.session[sf.NEW_KEY])
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret)
    assert secret in page
    assert 'role="img"' in page and "<title>QR code for your authenticator app</title>" in page
