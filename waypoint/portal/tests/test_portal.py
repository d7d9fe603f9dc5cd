"""The participant's own Waypoint through real requests: invitations, signing in, the
plan in their language, "I did this", their own steps, suggestions, acknowledging,
the navigator's answers, and everything a participant must not reach."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from waypoint.accounts.models import User
from waypoint.audit.models import AuditEvent
from waypoint.plans.models import PlanVersion, Progress, StepStatus, Who
from waypoint.portal import actions
from waypoint.portal.models import Ask, Invitation, OwnStep
from waypoint.portal.tests.records import shared_plan
from waypoint.tests.helpers import snapshot

NEW_PASSWORD = "a long walk by the river"


def _code(html: str) -> str:
    found = re.search(r'class="wp-code"[^>]*>([A-Z0-9-]+)<', html)
    assert found, "no code on the page"
    return found.group(1)


def _invite(client: Client, world, how: str = "print"):
    client.force_login(world.navigator)
    participant = world.bo.participant  # Bo has no sign-in yet
    return client.post(reverse("portal_invite", args=[participant.public_id]), {"how": how})


# --- Invitations and joining ----------------------------------------------------------------


def test_a_navigator_invites_with_a_printed_code_and_the_participant_joins(world, client):
    world.bo.navigator = world.navigator
    world.bo.save(update_fields=["navigator"])
    response = _invite(client, world)
    assert response.status_code == 200
    code = _code(response.content.decode())
    assert len(actions.clean_code(code)) == 12
    invitation = Invitation.objects.get(participant=world.bo.participant)
    assert invitation.code_hash == actions.code_hash(code) and not invitation.emailed
    assert code not in str(list(AuditEvent.objects.values_list("changes", flat=True)))
    client.logout()
    joined = client.post(
        reverse("portal_join"),
        {
            "code": code.lower(),
            "username": "bo.n",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert joined.status_code == 302 and joined["Location"] == reverse("portal_home")
    account = User.objects.get(username="bo.n")
    assert account.participant_id == world.bo.participant_id
    assert account.organization_id == world.org.pk
    assert client.get(reverse("portal_home")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    # The code works once.
    client.logout()
    again = client.post(
        reverse("portal_join"),
        {"code": code, "username": "someone", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert again.status_code == 400
    assert "That code does not work" in again.content.decode()
    assert not User.objects.filter(username="someone").exists()


def test_an_emailed_invitation_names_nothing_about_them_and_comes_in_their_language(
    world, client, django_capture_on_commit_callbacks
):
    from waypoint.participants.models import ContactMethod

    participant = world.bo.participant
    participant.written_language = "es"
    participant.save(update_fields=["written_language"])
    ContactMethod.objects.create(
        participant=participant, kind="email", value="bo@example.org", safe_to_contact="yes"
    )
    world.bo.navigator = world.navigator
    world.bo.save(update_fields=["navigator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, world, how="email")
    assert response.status_code == 200
    code = _code(response.content.decode())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bo@example.org"]
    assert message.subject == "Tu propio Waypoint"
    assert code in message.body
    for private in ("Bo", "Youth Works", "Riverside", "Nia"):
        assert private not in message.body and private not in message.subject
    found = re.search(r"https?://\S+/my/join/\S+/", str(message.body))
    assert found is not None
    link = found.group(0)
    client.logout()
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == reverse("portal_join")
    page = client.get(reverse("portal_join"))
    assert code not in page.content.decode()  # the code left the address bar and the page


def test_no_invitation_by_email_without_a_safe_address(world, client):
    world.bo.navigator = world.navigator
    world.bo.save(update_fields=["navigator"])
    before = snapshot(audit=False)
    response = _invite(client, world, how="email")
    assert response.status_code == 400
    assert "no email address marked safe to use" in response.content.decode()
    assert snapshot(audit=False) == before


def test_joining_refuses_a_weak_password_and_keeps_what_was_typed(world, client):
    _, code = actions.invite(
        by=world.navigator2, participant=world.bo.participant, address=None, link=str
    )
    response = client.post(
        reverse("portal_join"),
        {"code": code, "username": "bo.n", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "too short" in page
    assert 'value="bo.n"' in page
    assert not User.objects.filter(username="bo.n").exists()
    mismatch = client.post(
        reverse("portal_join"),
        {"code": code, "username": "bo.n", "password1": NEW_PASSWORD, "password2": "other"},
    )
    assert "The two passwords are not the same." in mismatch.content.decode()


def test_an_expired_or_replaced_code_does_not_work(world, client):
    _, old = actions.invite(
        by=world.navigator2, participant=world.bo.participant, address=None, link=str
    )
    _, new = actions.invite(
        by=world.navigator2, participant=world.bo.participant, address=None, link=str
    )
    assert actions.usable_invitation(old) is None
    assert actions.usable_invitation(new) is not None
    Invitation.objects.filter(participant=world.bo.participant).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert actions.usable_invitation(new) is None


def test_someone_already_using_it_is_not_invited_again_and_access_can_end(world, client):
    client.force_login(world.navigator)
    page = reverse("portal_invite", args=[world.amara.participant.public_id])
    response = client.post(page, {"how": "print"})
    assert response.status_code == 400
    assert "They already use their own Waypoint." in response.content.decode()
    ended = client.post(reverse("portal_access_end", args=[world.amara.participant.public_id]))
    assert ended.status_code == 302
    world.participant.refresh_from_db()
    assert not world.participant.is_active
    other = Client()
    refused = other.post(reverse("portal_sign_in"), {"username": "amara", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in other.session


def test_an_auditor_sees_the_page_but_cannot_invite(world, client):
    client.force_login(world.auditor)
    page = reverse("portal_invite", args=[world.bo.participant.public_id])
    assert client.get(page).status_code == 200
    before = snapshot()
    assert client.post(page, {"how": "print"}).status_code == 404
    assert snapshot() == before


# --- Signing in -------------------------------------------------------------------------------


def test_signing_in_on_a_shared_computer_keeps_the_session_short(world, client):
    response = client.post(
        reverse("portal_sign_in"), {"username": "amara", "password": PASSWORD, "shared": "on"}
    )
    assert response.status_code == 302
    assert client.session.get_expiry_age() == 600
    assert client.get(reverse("portal_home")).status_code == 200
    other = Client()
    other.post(reverse("portal_sign_in"), {"username": "amara", "password": PASSWORD})
    assert other.session.get_expiry_age() == 30 * 60


def test_a_wrong_password_is_refused_in_their_words(world, client):
    response = client.post(
        reverse("portal_sign_in"),
        {"username": "amara", "password": "nope"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 200
    assert "no coinciden" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_emailed_sign_in_link_works_once(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal_link"), {"email": "amara@example.org"})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    found = re.search(r"https?://\S+/my/sign-in/link/\S+/", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(0)
    # Opening the link signs no one in: the button does.
    opened = client.get(link, follow=True)
    assert opened.status_code == 200 and "_auth_user_id" not in client.session
    signed = client.post(reverse("portal_link_use"), {})
    assert signed.status_code == 302 and signed["Location"] == reverse("portal_home")
    assert client.session["_auth_user_id"] == str(world.participant.pk)
    client.logout()
    again = client.get(link, follow=True)
    assert again.status_code == 400
    assert "does not work any more" in again.content.decode()


def test_a_link_request_for_an_unknown_address_looks_the_same_and_sends_nothing(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("portal_link"), {"email": "amara@example.org"})
        unknown = client.post(reverse("portal_link"), {"email": "nobody@example.org"})
        staff = client.post(reverse("portal_link"), {"email": "nia@example.org"})

    def words(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert words(known) == words(unknown) == words(staff)
    assert len(mail.outbox) == 1


def test_a_sign_in_link_is_sent_only_when_the_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    url = "https://waypoint.example.org/my/sign-in/link/x/"

    def send_then_fail():
        with transaction.atomic():
            actions.send_sign_in_link(user=world.participant, url=url, minutes=15)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        send_then_fail()
    assert callbacks == []
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_sign_in_link(user=world.participant, url=url, minutes=15)
    assert [m.to for m in mail.outbox] == [["amara@example.org"]]
    assert url in str(mail.outbox[0].body)


# --- Their plan -------------------------------------------------------------------------------


@pytest.fixture
def plan(world):
    return shared_plan(world.navigator, world.amara)


def test_the_plan_reads_in_their_language(world, client, plan):
    participant = world.amara.participant
    participant.written_language = "es"
    participant.save(update_fields=["written_language"])
    client.force_login(world.participant)
    response = client.get(reverse("portal_plan", args=[plan.public_id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es"' in page
    assert "Mi plan" in page and "Lo hice" in page
    assert "Move into a place of my own" in page  # their own words stay as written
    assert AuditEvent.objects.filter(
        actor=world.participant, action="view", object_type="plan_version", actor_role="participant"
    ).exists()


def test_they_choose_their_language_and_arabic_reads_right_to_left(world, client, plan):
    client.force_login(world.participant)
    response = client.post(
        reverse("portal_language"), {"language": "ar", "next": reverse("portal_home")}
    )
    assert response.status_code == 302
    world.amara.participant.refresh_from_db()
    assert world.amara.participant.written_language == "ar"
    page = client.get(reverse("portal_home")).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    bad = client.post(reverse("portal_language"), {"language": "xx"})
    assert bad.status_code == 302
    world.amara.participant.refresh_from_db()
    assert world.amara.participant.written_language == "ar"


def test_i_did_this_waits_for_the_navigator_who_confirms_it(world, client, plan):
    step = plan.goals.get().steps.get(who=Who.PARTICIPANT)
    client.force_login(world.participant)
    url = reverse("portal_step_done", args=[plan.public_id, step.key])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second click is the same request
    ask = Ask.objects.get(kind=Ask.Kind.DONE)
    assert ask.status == Ask.Status.OPEN and ask.item_text == "Call the housing office"
    assert not Progress.objects.filter(item_key=step.key).exists()
    page = client.get(reverse("portal_plan", args=[plan.public_id])).content.decode()
    assert "Your navigator will confirm it." in page
    # The navigator sees it on their home and confirms it.
    navigator = Client()
    navigator.force_login(world.navigator)
    home = navigator.get(reverse("caseload")).content.decode()
    assert "From their own Waypoint" in home and "says they did" in home
    answered = navigator.post(
        reverse("portal_ask_answer", args=[ask.public_id]),
        {"outcome": "confirmed", "answer": "Great work"},
    )
    assert answered.status_code == 302
    ask.refresh_from_db()
    assert ask.status == Ask.Status.CONFIRMED and ask.answered_by == world.navigator
    progress = Progress.objects.get(item_key=step.key)
    assert progress.status == StepStatus.DONE and progress.by == world.navigator
    page = client.get(reverse("portal_plan", args=[plan.public_id])).content.decode()
    assert "Done" in page
    # Answering twice is refused, and nothing more is recorded.
    navigator.post(reverse("portal_ask_answer", args=[ask.public_id]), {"outcome": "confirmed"})
    assert Progress.objects.filter(item_key=step.key).count() == 1


def test_not_yet_needs_words_for_them(world, client, plan):
    step = plan.goals.get().steps.get(who=Who.PARTICIPANT)
    ask = actions.claim_done(by=world.participant, version=plan, step_key=step.key)
    client.force_login(world.navigator)
    client.post(reverse("portal_ask_answer", args=[ask.public_id]), {"outcome": "not_yet"})
    ask.refresh_from_db()
    assert ask.status == Ask.Status.OPEN
    client.post(
        reverse("portal_ask_answer", args=[ask.public_id]),
        {"outcome": "not_yet", "answer": "They need your ID first"},
    )
    ask.refresh_from_db()
    assert ask.status == Ask.Status.NOT_YET


def test_a_step_someone_else_does_cannot_be_claimed(world, client, plan):
    theirs = plan.goals.get().steps.get(who=Who.NAVIGATOR)
    client.force_login(world.participant)
    before = snapshot()
    response = client.post(reverse("portal_step_done", args=[plan.public_id, theirs.key]))
    assert response.status_code == 302
    assert snapshot(audit=False) == {
        k: v for k, v in before.items() if k not in ("AuditEvent", "Disclosure")
    }
    assert not Ask.objects.exists()


def test_they_add_their_own_step_and_the_navigator_sees_it(world, client, plan):
    goal = plan.goals.get()
    client.force_login(world.participant)
    page = reverse("portal_step_add", args=[plan.public_id])
    bad = client.post(page, {"goal": str(goal.key), "what": "   ", "due_on": "3000-01-01"})
    assert bad.status_code == 400
    assert not OwnStep.objects.exists()
    response = client.post(
        page, {"goal": str(goal.key), "what": "Ask my sister for a lift", "due_on": ""}
    )
    assert response.status_code == 302
    step = OwnStep.objects.get()
    assert step.what == "Ask my sister for a lift" and step.goal_key == goal.key
    assert Ask.objects.get().kind == Ask.Kind.STEP
    done = client.post(reverse("portal_own_step_done", args=[step.public_id]))
    assert done.status_code == 302
    step.refresh_from_db()
    assert step.done_at is not None
    navigator = Client()
    navigator.force_login(world.navigator)
    staff_plan = navigator.get(reverse("plan_detail", args=[plan.public_id])).content.decode()
    assert "Steps Amara added" in staff_plan and "Ask my sister for a lift" in staff_plan


def test_a_suggested_change_reaches_the_navigator(world, client, plan):
    client.force_login(world.participant)
    page = reverse("portal_suggest", args=[plan.public_id])
    empty = client.post(page, {"words": ""})
    assert (
        empty.status_code == 400
        and "Write what you would like to change." in empty.content.decode()
    )
    sent = client.post(page, {"words": "I found a job, so evenings are hard now."})
    assert sent.status_code == 302
    ask = Ask.objects.get(kind=Ask.Kind.CHANGE)
    assert ask.enrollment == world.amara
    navigator = Client()
    navigator.force_login(world.navigator)
    home = navigator.get(reverse("caseload")).content.decode()
    assert "I found a job, so evenings are hard now." in home


def test_they_acknowledge_a_new_version_and_see_earlier_ones(world, client, plan):
    client.force_login(world.participant)
    page = reverse("portal_acknowledge", args=[plan.public_id])
    assert client.get(page).status_code == 200
    missing = client.post(page, {"name": "Amara"})
    assert missing.status_code == 400
    plan.refresh_from_db()
    assert plan.status == PlanVersion.Status.SHARED
    done = client.post(page, {"name": "Amara Okafor", "agree": "on"})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanVersion.Status.ACKNOWLEDGED
    assert plan.acknowledged_recorded_by == world.participant
    assert plan.acknowledged_on == timezone.localdate()
    from waypoint.plans.actions import revise, share

    draft = revise(by=world.navigator, version=plan, reason="A new job")
    # A draft is not theirs to read yet.
    assert client.get(reverse("portal_plan", args=[draft.public_id])).status_code == 404
    shared = share(by=world.navigator, version=draft, expected=draft.edit_version)
    home = client.get(reverse("portal_home")).content.decode()
    assert "New version: please read it" in home
    newest = client.get(reverse("portal_plan", args=[shared.public_id])).content.decode()
    assert (
        "All versions of my plan" in newest
        and reverse("portal_plan", args=[plan.public_id]) in newest
    )
    older = client.get(reverse("portal_plan", args=[plan.public_id])).content.decode()
    assert "This is an earlier version of your plan." in older
    assert "I did this" not in older


# --- Appointments -----------------------------------------------------------------------------


def test_their_appointments_with_a_calendar_file(world, client):
    from waypoint.notes.actions import schedule_appointment

    appointment = schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(days=2), "purpose": "Plan the move"},
    )
    client.force_login(world.participant)
    page = client.get(reverse("portal_appointments")).content.decode()
    assert "Plan the move" in page
    ics = client.get(reverse("portal_appointment_ics", args=[appointment.public_id]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    unfolded = ics.content.replace(b"\r\n ", b"")
    assert b"BEGIN:VEVENT" in unfolded and b"SUMMARY:Meeting with Nia Navigator" in unfolded
    assert f"UID:{appointment.public_id}@waypoint".encode() in unfolded


# --- What a participant must not reach ----------------------------------------------------------


def test_another_participants_records_and_every_staff_page_answer_404(world, client):
    other_plan = shared_plan(world.navigator2, world.bo)
    from waypoint.notes.actions import schedule_appointment

    other_appointment = schedule_appointment(
        by=world.navigator2,
        enrollment=world.bo,
        data={"starts_at": timezone.now() + timedelta(days=2), "purpose": "Bo's visit"},
    )
    step = other_plan.goals.get().steps.get(who=Who.PARTICIPANT)
    client.force_login(world.participant)
    before = snapshot(audit=False)
    for url in (
        reverse("portal_plan", args=[other_plan.public_id]),
        reverse("portal_acknowledge", args=[other_plan.public_id]),
        reverse("portal_step_add", args=[other_plan.public_id]),
        reverse("portal_appointment_ics", args=[other_appointment.public_id]),
        reverse("participant_detail", args=[world.amara.participant.public_id]),
        reverse("plan_detail", args=[other_plan.public_id]),
        reverse("caseload"),
        reverse("participant_search"),
        reverse("directory_search"),
        reverse("portal_invite", args=[world.amara.participant.public_id]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("portal_step_done", args=[other_plan.public_id, step.key]),
        reverse("portal_acknowledge", args=[other_plan.public_id]),
        reverse("portal_suggest", args=[other_plan.public_id]),
    ):
        assert client.post(url, {"name": "x", "agree": "on", "words": "x"}).status_code == 404, url
    assert snapshot(audit=False) == before
    # The API refuses their session too.
    assert client.get(f"/api/v1/participants/{world.amara.participant.public_id}").status_code in (
        401,
        403,
        404,
    )


def test_staff_are_not_let_into_the_portal(world, client):
    client.force_login(world.navigator)
    assert client.get(reverse("portal_home")).status_code == 404


# --- What has been shared ------------------------------------------------------------------


def test_they_see_their_agreements_and_disclosures_and_ask_to_stop_one(world, client):
    from waypoint.consent.actions import disclose
    from waypoint.portal.tests.records import consent_for_test

    consent = consent_for_test(world, world.amara)
    disclose(
        by=world.navigator,
        participant=world.amara.participant,
        consents=[consent],
        categories=["contact"],
        channel="referral",
        about="A referral for groceries",
    )
    client.force_login(world.participant)
    page = client.get(reverse("portal_sharing")).content.decode()
    assert "With Harbor Food Bank" in page
    assert "Contact details, Service plan" in page
    assert "To connect them with groceries" in page
    stop = reverse("portal_consent_stop", args=[consent.public_id])
    too_long = client.post(stop, {"words": "x" * 1001})
    assert too_long.status_code == 400 and not Ask.objects.exists()
    sent = client.post(stop, {"words": "I get groceries elsewhere now."})
    assert sent.status_code == 302
    ask = Ask.objects.get(kind=Ask.Kind.WITHDRAW)
    assert ask.consent == consent and ask.enrollment == world.amara
    page = client.get(reverse("portal_sharing")).content.decode()
    assert "You asked to stop this." in page
    consent.refresh_from_db()
    assert consent.revoked_at is None  # the navigator records it
    navigator = Client()
    navigator.force_login(world.navigator)
    home = navigator.get(reverse("caseload")).content.decode()
    assert "asks to stop sharing" in home
    assert reverse("consent_detail", args=[consent.public_id]) in home


def test_the_sharing_page_in_spanish(world, client):
    from waypoint.portal.tests.records import consent_for_test

    consent_for_test(world, world.amara)
    participant = world.amara.participant
    participant.written_language = "es"
    participant.save(update_fields=["written_language"])
    client.force_login(world.participant)
    page = client.get(reverse("portal_sharing")).content.decode()
    assert "Datos de contacto" in page or "datos de contacto" in page.lower()


def test_another_persons_consent_answers_404(world, client):
    from waypoint.portal.tests.records import consent_for_test

    consent = consent_for_test(world, world.bo)
    client.force_login(world.participant)
    before = snapshot(audit=False)
    stop = reverse("portal_consent_stop", args=[consent.public_id])
    assert client.get(stop).status_code == 404
    assert client.post(stop, {"words": "stop"}).status_code == 404
    assert snapshot(audit=False) == before


# --- The plan for what comes next ----------------------------------------------------------


def test_they_read_and_acknowledge_their_plan_for_what_comes_next(world, client):
    from waypoint.closure.models import PostProgramPlan
    from waypoint.closure.tests.records_post_plan import a_plan

    draft = a_plan(world.navigator, world.amara)
    client.force_login(world.participant)
    assert client.get(reverse("portal_post_plan", args=[draft.public_id])).status_code == 404
    PostProgramPlan.objects.filter(pk=draft.pk).update(
        status=PostProgramPlan.Status.SHARED, shared_at=timezone.now(), shared_by=world.navigator
    )
    home = client.get(reverse("portal_home")).content.decode()
    assert reverse("portal_post_plan", args=[draft.public_id]) in home
    page = reverse("portal_post_plan", args=[draft.public_id])
    shown = client.get(page).content.decode()
    assert "Keep the job" in shown and "Call us any time." in shown
    missing = client.post(page, {"name": "", "agree": "on"})
    assert missing.status_code == 400
    done = client.post(page, {"name": "Amara Okafor", "agree": "on"})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PostProgramPlan.Status.ACKNOWLEDGED
    assert draft.acknowledged_recorded_by == world.participant
    other = a_plan(world.navigator2, world.bo, PostProgramPlan.Status.SHARED)
    before = snapshot(audit=False)
    assert client.get(reverse("portal_post_plan", args=[other.public_id])).status_code == 404
    assert (
        client.post(
            reverse("portal_post_plan", args=[other.public_id]), {"name": "x", "agree": "on"}
        ).status_code
        == 404
    )
    assert snapshot(audit=False) == before


def test_sending_the_same_form_twice_makes_one_request(world, client):
    import uuid

    from waypoint.portal.tests.records import consent_for_test

    consent = consent_for_test(world, world.amara)
    plan = shared_plan(world.navigator, world.amara)
    client.force_login(world.participant)
    key = str(uuid.uuid4())
    stop = reverse("portal_consent_stop", args=[consent.public_id])
    for _ in range(2):
        assert client.post(stop, {"words": "Please stop", "creation_key": key}).status_code == 302
    assert Ask.objects.filter(kind=Ask.Kind.WITHDRAW).count() == 1
    suggest = reverse("portal_suggest", args=[plan.public_id])
    other = str(uuid.uuid4())
    for _ in range(2):
        client.post(suggest, {"words": "Evenings are hard", "creation_key": other})
    assert Ask.objects.filter(kind=Ask.Kind.CHANGE).count() == 1
    # A key already used for one thing is refused for another, and nothing is made.
    refused = client.post(suggest, {"words": "Something else", "creation_key": key})
    assert refused.status_code == 400
    assert Ask.objects.count() == 2


# --- What they agreed to do in conferences --------------------------------------------------


def test_their_own_action_items_from_signed_conferences(world, client):
    from waypoint.conferences import actions as conferences

    conference = conferences.create_conference(
        by=world.navigator,
        program=world.youth,
        kind="family",
        title="Family conference",
        starts_at=timezone.now() - timedelta(hours=2),
        place="Room 1",
    )
    me = conference.attendees.get(user=world.navigator)
    amara = conferences.add_attendee(
        by=world.navigator,
        conference=conference,
        kind="participant",
        participant=world.amara.participant,
    )
    conferences.assign_roles(
        by=world.navigator, conference=conference, facilitator=me, timekeeper=me, notetaker=me
    )
    conferences.record_attendance(
        by=world.navigator,
        conference=conference,
        attendance={a.pk: "attended" for a in conference.attendees.all()},
    )
    talk = conferences.add_discussion(
        by=world.navigator, conference=conference, enrollment=world.amara, reason="Next steps"
    )
    conferences.add_action_item(
        by=world.navigator,
        discussion=talk,
        what="Bring my ID to the office",
        due_on=timezone.localdate() + timedelta(days=3),
        owner_attendee=amara,
    )
    conferences.add_action_item(
        by=world.navigator,
        discussion=talk,
        what="Call the landlord",
        due_on=timezone.localdate() + timedelta(days=3),
        owner_user=world.navigator,
    )
    client.force_login(world.participant)
    before_signing = client.get(reverse("portal_home")).content.decode()
    assert "Bring my ID to the office" not in before_signing  # not final until signed
    conferences.sign_minutes(by=world.navigator, conference=conference)
    home = client.get(reverse("portal_home")).content.decode()
    assert "What I said I would do in meetings" in home
    assert "Bring my ID to the office" in home
    assert "Call the landlord" not in home  # the navigator's, not theirs


# --- Questions to answer on their own device --------------------------------------------------


def test_a_navigator_sends_questions_the_participant_answers_them_in_spanish(world, client):
    from waypoint.assessments.actions import start_assessment
    from waypoint.portal.models import SentForm

    assessment = start_assessment(by=world.navigator, enrollment=world.amara)
    navigator = Client()
    navigator.force_login(world.navigator)
    handover = navigator.get(reverse("assessment_handover", args=[assessment.public_id]))
    assert "Send to their own Waypoint instead" in handover.content.decode()
    send = reverse("portal_form_send", args=[assessment.public_id])
    nothing = navigator.post(send, {})
    assert nothing.status_code == 302 and not SentForm.objects.exists()
    sent = navigator.post(send, {"sections": ["why_now", "inner_strengths"]})
    assert sent.status_code == 302
    form = SentForm.objects.get()
    assert form.sections == ["why_now", "inner_strengths"]

    participant = world.amara.participant
    participant.written_language = "es"
    participant.save(update_fields=["written_language"])
    client.force_login(world.participant)
    home = client.get(reverse("portal_home")).content.decode()
    assert reverse("portal_form", args=[form.public_id]) in home
    page = client.get(reverse("portal_form", args=[form.public_id])).content.decode()
    assert "¿Qué te hizo buscar ayuda ahora?" in page
    assert "Who in your family" not in page  # only the sections sent
    saved = client.post(
        reverse("portal_form", args=[form.public_id]),
        {"version": assessment.version, "a-why_now": "Quiero un trabajo estable", "save": ""},
    )
    assert saved.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers["why_now"] == "Quiero un trabajo estable"
    assert assessment.self_completed == ["why_now"]
    stale = client.post(
        reverse("portal_form", args=[form.public_id]),
        {"version": 1, "a-why_now": "Otra cosa", "done": ""},
    )
    assert stale.status_code == 400
    assessment.refresh_from_db()
    assert assessment.answers["why_now"] == "Quiero un trabajo estable"
    done = client.post(
        reverse("portal_form", args=[form.public_id]),
        {"version": assessment.version, "a-why_now": "Quiero un trabajo estable", "done": ""},
    )
    assert done.status_code == 302
    form.refresh_from_db()
    assert form.done_at is not None
    closed = client.get(reverse("portal_form", args=[form.public_id]))
    assert closed.status_code == 200 and "a-why_now" not in closed.content.decode()
    home = navigator.get(reverse("caseload")).content.decode()
    assert "answered the questions you sent" in home
    assert reverse("assessment_detail", args=[assessment.public_id]) in home


def test_sections_not_sent_cannot_be_answered(world, client):
    from waypoint.portal.tests.records import sent_form

    form = sent_form(world, world.amara, ["why_now"])
    client.force_login(world.participant)
    before = snapshot(audit=False)
    response = client.post(
        reverse("portal_form", args=[form.public_id]),
        {"version": form.assessment.version, "a-why_now": "x", "a-concerns": "sneaky"},
    )
    form.assessment.refresh_from_db()
    assert "concerns" not in form.assessment.answers
    assert response.status_code in (302, 400)
    other = sent_form(world, world.bo, ["why_now"])
    assert client.get(reverse("portal_form", args=[other.public_id])).status_code == 404
    assert (
        client.post(reverse("portal_form", args=[other.public_id]), {"a-why_now": "x"}).status_code
        == 404
    )
    other.assessment.refresh_from_db()
    assert other.assessment.answers == {}
    del before


def test_questions_go_only_to_someone_using_their_own_waypoint(world):
    from waypoint.assessments.actions import start_assessment
    from waypoint.errors import ActionRefused

    assessment = start_assessment(by=world.navigator2, enrollment=world.bo)
    with pytest.raises(ActionRefused, match="invite them first"):
        actions.send_form(by=world.navigator2, assessment=assessment, sections=["why_now"])
