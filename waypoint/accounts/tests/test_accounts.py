"""Signing in and out, lock-out, password reset, program settings and API tokens."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from conftest import PASSWORD
from waypoint.accounts.models import ApiToken, Program
from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.tests.helpers import snapshot


def test_sign_in_and_out(world):
    client = Client()
    response = client.post("/sign-in/", {"username": "nia", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/", follow=True).request["PATH_INFO"] == "/caseload/"
    assert AuditEvent.objects.filter(actor=world.navigator, action="sign_in").count() == 1
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert client.get("/caseload/")["Location"].startswith("/sign-in/")


def test_wrong_password_gets_a_clear_message(world):
    response = Client().post("/sign-in/", {"username": "nia", "password": "nope"})
    assert response.status_code == 200
    assert "That username and password don't match" in response.content.decode()


def test_lock_out_after_repeated_failures(world):
    client = Client()
    for _ in range(5):
        client.post("/sign-in/", {"username": "nia", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "nia", "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign-in is paused for this account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(world, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks() as waiting:
        response = client.post("/password/reset/", {"email": "nia@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []  # sent once the work commits, by accounts.actions
    assert len(waiting) == 1
    waiting[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Waypoint password"
    link = re.search(r"http://testserver(/password/reset/\S+/)", str(message.body))
    assert link is not None
    page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in page.content.decode()
    url = page.request["PATH_INFO"]
    new = "a-whole-new-passphrase-42"
    response = client.post(url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    fresh = Client()
    assert fresh.post("/sign-in/", {"username": "nia", "password": new}).status_code == 302
    assert fresh.session["_auth_user_id"] == str(world.navigator.pk)


def test_password_reset_for_unknown_email_reveals_nothing(world):
    response = Client().post("/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def settings_data(program: Program, **changes):
    data = {
        "name": program.name,
        "description": program.description,
        "phases_text": "\n".join(program.phases),
        "delivery_modes": program.delivery_modes,
        "caseload_cap": program.caseload_cap,
        "assessment_due_days": program.assessment_due_days,
        "isp_due_days": program.isp_due_days,
        "reassess_every_days": program.reassess_every_days,
        "note_due_hours": program.note_due_hours,
        "contact_every_days": program.contact_every_days,
        "referral_response_days": program.referral_response_days,
        "terminology_text": "",
        "sensitive_roles": program.sensitive_roles,
        "version": program.version,
    }
    data.update(changes)
    return data


def test_manager_changes_settings_and_due_dates_follow(world, as_user):
    client = as_user(world.manager)
    program = world.youth
    before_due = Enrollment.objects.get(pk=world.amara.pk).contact_due_on
    response = client.post(
        f"/programs/{program.pk}/settings/",
        settings_data(
            program,
            phases_text="Welcome\nTraining\nPlacement",
            contact_every_days=7,
            caseload_cap=20,
            terminology_text="case closure = transition celebration\nnavigator = coach",
        ),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.phases == ["Welcome", "Training", "Placement"]
    assert program.caseload_cap == 20
    assert program.terminology == {"case closure": "transition celebration", "navigator": "coach"}
    after_due = Enrollment.objects.get(pk=world.amara.pk).contact_due_on
    assert before_due is not None
    assert after_due is not None
    assert (before_due - after_due).days == 7
    html = as_user(world.navigator).get(f"/participants/{world.amara.participant.public_id}/")
    assert "Coach" in html.content.decode()


def test_bad_settings_are_explained_and_kept(world, as_user):
    client = as_user(world.manager)
    program = world.youth
    before = snapshot(audit=False)
    response = client.post(
        f"/programs/{program.pk}/settings/",
        settings_data(
            program,
            phases_text="Training\ntraining",
            caseload_cap=0,
            terminology_text="casefile = x\nparticipant",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Each phase needs a different name." in html
    assert "Use a number of 1 or more." in html
    assert "“casefile” is not a term Waypoint uses" in html
    assert "Line 2: write it as “term = replacement”." in html
    assert "Training\ntraining" in html
    assert snapshot(audit=False) == before


def test_supervisors_cannot_change_settings(world, as_user):
    client = as_user(world.supervisor)
    before = snapshot(audit=False)
    response = client.post(
        f"/programs/{world.youth.pk}/settings/", settings_data(world.youth, caseload_cap=99)
    )
    assert response.status_code == 404
    assert snapshot(audit=False) == before


def test_manager_of_one_program_cannot_change_another(world, as_user):
    client = as_user(world.outsider)
    response = client.get(f"/programs/{world.youth.pk}/settings/")
    assert response.status_code == 404


def test_api_token_is_shown_once_and_can_be_revoked(world, as_user):
    client = as_user(world.navigator)
    response = client.post("/account/tokens/", {"name": "Spreadsheet sync"})
    html = response.content.decode()
    key = re.search(r"(wp_[A-Za-z0-9_-]{40,})", html)
    assert key is not None
    token = ApiToken.objects.get(user=world.navigator)
    assert key.group(1) not in token.key_hash
    assert key.group(1) not in client.get("/account/tokens/").content.decode()
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(world, as_user):
    from waypoint.accounts.actions import create_api_token

    token, _ = create_api_token(by=world.navigator2, name="Noor's")
    response = as_user(world.navigator).post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_idle_session_expires_and_activity_extends_it(world, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = Client()
    assert client.post("/sign-in/", {"username": "nia", "password": PASSWORD}).status_code == 302
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + timedelta(minutes=29)
    assert session.expire_date <= timezone.now() + timedelta(minutes=30, seconds=5)
    # 31 minutes without a request: the session is gone.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(minutes=1))
    response = client.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
