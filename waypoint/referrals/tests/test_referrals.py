"""Referrals through real requests: made from a need with the participant's agreement and
a consent in force; refused, with nothing lost, when either is missing or too narrow;
followed step by step with who, when and why; a follow-up task at each step; flagged
when unanswered; the packet showing only what consent allows at that moment; and the
loop-closure figures."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from waypoint.assessments.actions import add_need
from waypoint.audit.models import AuditEvent
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import Disclosure
from waypoint.directory import actions as directory_actions
from waypoint.directory.models import Provider, Service
from waypoint.errors import ActionRefused
from waypoint.notes.models import Commitment
from waypoint.participants.models import ContactMethod
from waypoint.referrals import actions, queries
from waypoint.referrals.models import Referral, ReferralEvent, Status
from waypoint.tests.helpers import snapshot

CANARY = {
    "mental_health": "CANARY-MENTAL-7731",
    "substance_use": "CANARY-SUBSTANCE-4410",
    "justice": "CANARY-JUSTICE-9902",
}


@pytest.fixture
def pantry(world) -> Service:
    provider = Provider.objects.create(
        owner=world.org, name="Harbor Food Bank", description="Groceries and meals."
    )
    service = Service.objects.create(
        owner=world.org,
        organization=provider,
        name="Weekly groceries",
        status="active",
        what_to_expect="Maria greets you at the door. Bring a bag.",
    )
    directory_actions._set_domains(service, ["food"])
    found: Service = service
    return found


@pytest.fixture
def needs(world):
    enrollment = world.amara
    food = add_need(
        by=world.navigator, enrollment=enrollment, domain="food", description="Enough groceries"
    )
    extra = [
        add_need(by=world.navigator, enrollment=enrollment, domain=d, description=text)
        for d, text in CANARY.items()
    ]
    return [food, *extra]


def consent_for(world, service, categories=("contact", "assessment"), **extra):
    today = timezone.localdate()
    data: dict[str, Any] = {
        "recipient_provider": service.organization,
        "categories": list(categories),
        "purpose": "To get weekly groceries",
        "starts_on": today,
        "ends_on": today + timedelta(days=90),
        "how": "typed",
        "typed_name": "Amara",
    }
    data.update(extra)
    return consent_actions.give_consent(
        by=world.navigator, participant=world.amara.participant, data=data
    )


def refer(world, service, consent, **extra):
    data: dict[str, Any] = {
        "by": world.navigator,
        "enrollment": world.amara,
        "service": service,
        "consent": consent,
        "categories": ["contact", "assessment"],
        "participant_agreed": True,
        "message": "Amara would like weekly groceries for her household of three.",
    }
    data.update(extra)
    return actions.make_referral(**data)


def post(world, service, consent, need=None, **extra) -> dict[str, Any]:
    data: dict[str, Any] = {
        "creation_key": str(uuid.uuid4()),
        "service": str(service.hsds_id),
        "consent": consent.pk if consent else "",
        "categories": ["contact", "assessment"],
        "participant_agreed": "on",
        "message": "Typed with care",
        "send": "1",
    }
    if need is not None:
        data["need"] = str(need.public_id)
    data.update(extra)
    return data


def test_referral_from_a_need_is_sent_with_a_follow_up(world, as_user, pantry, needs):
    consent = consent_for(world, pantry)
    client = as_user(world.navigator)
    url = f"/enrollments/{world.amara.public_id}/referrals/new/"
    choose = client.get(url, {"need": str(needs[0].public_id)}).content.decode()
    assert "Services for food" in choose
    step2 = client.get(url, {"need": str(needs[0].public_id), "service": str(pantry.hsds_id)})
    assert "Maria greets you at the door." in step2.content.decode()
    response = client.post(url, post(world, pantry, consent, need=needs[0]))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.public_id}/"
    assert (referral.status, referral.need, referral.provider) == (
        "sent",
        needs[0],
        pantry.organization,
    )
    assert referral.categories == ["contact", "assessment"]
    assert [(e.from_status, e.to_status) for e in referral.events.all()] == [
        ("", "draft"),
        ("draft", "sent"),
    ]
    follow_up = referral.follow_up
    assert follow_up is not None
    assert follow_up.owner == world.navigator
    assert follow_up.what == "Check that Harbor Food Bank received Amara's referral"
    assert follow_up.due_on == timezone.localdate() + timedelta(days=7)
    page = client.get("/caseload/").content.decode()
    assert "Check that Harbor Food Bank received Amara&#x27;s referral" in page
    participant_page = client.get(f"/participants/{world.amara.participant.public_id}/")
    assert "Weekly groceries</a> (Harbor Food Bank)" in participant_page.content.decode()
    assert AuditEvent.objects.filter(object_type="referral", action="create").count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_agreed", "Record that they agreed to this referral."),
        ("no_consent", "Choose the consent that lets you share with them"),
        ("too_wide", "The consent does not cover progress notes"),
        ("revoked", "Select a valid choice."),
    ],
)
def test_a_referral_without_agreement_or_consent_is_refused_and_nothing_lost(
    world, as_user, pantry, needs, case, message
):
    consent = consent_for(world, pantry)
    extra: dict[str, Any] = {}
    if case == "not_agreed":
        extra["participant_agreed"] = ""
    elif case == "no_consent":
        consent = None
    elif case == "too_wide":
        extra["categories"] = ["contact", "notes"]
    else:
        consent_actions.revoke_consent(by=world.navigator, consent=consent)
    before = snapshot(audit=False)
    client = as_user(world.navigator)
    url = f"/enrollments/{world.amara.public_id}/referrals/new/"
    response = client.post(url, post(world, pantry, consent, **extra))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Typed with care" in page
    assert snapshot(audit=False) == before


def test_a_consent_for_another_organization_does_not_cover_this_one(world, pantry):
    other = Provider.objects.create(owner=world.org, name="Harbor Legal Aid", description="x")
    consent = consent_for(world, pantry)
    legal = Service.objects.create(
        owner=world.org, organization=other, name="Advice", status="active"
    )
    with pytest.raises(ActionRefused, match="That consent is for Harbor Food Bank"):
        refer(world, legal, consent)
    closed = Service.objects.create(
        owner=world.org, organization=pantry.organization, name="Old", status="defunct"
    )
    with pytest.raises(ActionRefused, match="no longer running"):
        refer(world, closed, consent)
    theirs = Provider.objects.create(owner=world.other_org, name="Elsewhere", description="x")
    elsewhere = Service.objects.create(
        owner=world.other_org, organization=theirs, name="Far", status="active"
    )
    with pytest.raises(ActionRefused, match="from your directory"):
        refer(world, elsewhere, consent)
    assert Referral.objects.count() == 0


def test_a_draft_is_sent_later_after_checking_consent_then(world, as_user, pantry):
    draft = refer(world, pantry, None, send=False, participant_agreed=False)
    assert draft.status == "draft" and draft.follow_up is None
    client = as_user(world.navigator)
    client.post(f"/referrals/{draft.public_id}/send/")
    draft.refresh_from_db()
    assert draft.status == "draft"
    consent = consent_for(world, pantry)
    Referral.objects.filter(pk=draft.pk).update(consent=consent, participant_agreed=True)
    client.post(f"/referrals/{draft.public_id}/send/")
    draft.refresh_from_db()
    assert draft.status == "sent" and draft.sent_at is not None


def test_each_step_records_who_when_why_and_moves_the_follow_up(world, as_user, pantry):
    referral = refer(world, pantry, consent_for(world, pantry))
    client = as_user(world.navigator)

    def step(to, **extra):
        referral.refresh_from_db()
        data = {"version": referral.version, "to": to, "reason": "", "note": ""}
        data.update(extra)
        return client.post(f"/referrals/{referral.public_id}/move/", data)

    first_task = referral.follow_up
    assert step("received").status_code == 302
    first_task.refresh_from_db()
    assert first_task.status == Commitment.Status.KEPT
    assert step("waitlisted").status_code == 302
    referral.refresh_from_db()
    assert referral.follow_up.what == "Check on Amara's place on the Harbor Food Bank waitlist"
    assert step("accepted").status_code == 302
    assert step("connected").status_code == 302
    referral.refresh_from_db()
    assert referral.follow_up is None
    assert referral.connected_at is not None and referral.closed_at is not None
    bad = step("outcome")
    assert "Say how it went." in bad.content.decode()
    assert step("outcome", note="She picks up groceries every Tuesday.").status_code == 302
    referral.refresh_from_db()
    assert referral.status == "outcome"
    assert referral.outcome == "She picks up groceries every Tuesday."
    assert list(referral.events.values_list("to_status", "by")) == [
        ("draft", world.navigator.pk),
        ("sent", world.navigator.pk),
        ("received", world.navigator.pk),
        ("waitlisted", world.navigator.pk),
        ("accepted", world.navigator.pk),
        ("connected", world.navigator.pk),
        ("outcome", world.navigator.pk),
    ]
    assert Commitment.objects.filter(status="open", participant=referral.participant).count() == 0
    # The loop is closed: nothing more to record.
    closed = step("declined", reason="other")
    assert closed.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "outcome"


def test_impossible_or_unexplained_steps_are_refused(world, pantry):
    referral = refer(world, pantry, consent_for(world, pantry))
    with pytest.raises(ActionRefused, match="cannot become “connected"):
        actions.move_referral(by=world.navigator, referral=referral, to=Status.CONNECTED)
    with pytest.raises(ActionRefused, match=r"Choose the reason\."):
        actions.move_referral(by=world.navigator, referral=referral, to=Status.DECLINED)
    with pytest.raises(ActionRefused, match=r"Say why it is withdrawn\."):
        actions.move_referral(by=world.navigator, referral=referral, to=Status.WITHDRAWN)
    with pytest.raises(ActionRefused, match="Only the referring program"):
        actions.move_referral(
            by=world.navigator, referral=referral, to=Status.WITHDRAWN, by_partner=True
        )
    done = actions.move_referral(
        by=world.navigator, referral=referral, to=Status.DECLINED, reason="no_capacity"
    )
    assert (done.status, done.reason) == ("declined", "no_capacity")
    assert ReferralEvent.objects.filter(referral=referral, to_status="declined").get().reason == (
        "no_capacity"
    )


def test_unanswered_referrals_are_flagged_after_the_programs_days(world, pantry, capsys):
    referral = refer(world, pantry, consent_for(world, pantry))
    world.youth.referral_response_days = 5
    world.youth.save()
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=4))
    call_command("referral_sweep")
    assert "0 referrals flagged" in capsys.readouterr().out
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=6))
    call_command("referral_sweep")
    assert "1 referral flagged" in capsys.readouterr().out
    referral.refresh_from_db()
    assert referral.status == "no_response"
    assert referral.follow_up.what == "Call Harbor Food Bank: no answer yet about Amara's referral"
    event = referral.events.last()
    assert (event.to_status, event.by) == ("no_response", None)


def test_more_than_two_open_referrals_prompts_a_gentle_word(world, as_user, pantry):
    consent = consent_for(world, pantry)
    url = f"/enrollments/{world.amara.public_id}/referrals/new/"
    client = as_user(world.navigator)
    for _ in range(2):
        refer(world, pantry, consent)
    assert "One or two at a time" not in client.get(url).content.decode()
    refer(world, pantry, consent)
    page = client.get(url, {"service": str(pantry.hsds_id)}).content.decode()
    assert "Amara already has 3 open referrals. One or two at a time" in page


def test_the_packet_shows_only_what_consent_allows_now(world, as_user, pantry, needs):
    consent = consent_for(world, pantry, categories=("contact", "assessment", "mental_health"))
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.org",
        safe_to_contact="yes",
    )
    referral = refer(world, pantry, consent, categories=["contact", "assessment", "mental_health"])
    client = as_user(world.navigator)
    page = client.get(f"/referrals/{referral.public_id}/packet/").content.decode()
    assert "Enough groceries" in page
    assert CANARY["mental_health"] in page
    assert CANARY["substance_use"] not in page and CANARY["justice"] not in page
    assert "amara@example.org" in page
    assert "Nothing has been shared by opening it" in page
    assert Disclosure.objects.count() == 0
    printed = client.post(f"/referrals/{referral.public_id}/packet/").content.decode()
    assert CANARY["mental_health"] in printed
    disclosure = Disclosure.objects.get()
    assert disclosure.categories == ["contact", "assessment", "mental_health"]
    assert (disclosure.channel, disclosure.consent) == ("print", consent)
    consent_actions.revoke_consent(by=world.navigator, consent=consent)
    after = client.get(f"/referrals/{referral.public_id}/packet/").content.decode()
    assert "There is no consent in force" in after
    for canary in CANARY.values():
        assert canary not in after
    assert "Enough groceries" not in after and "amara@example.org" not in after
    assert client.post(f"/referrals/{referral.public_id}/packet/").status_code == 200
    assert Disclosure.objects.count() == 1


def test_substance_use_in_the_packet_carries_the_redisclosure_notice(world, as_user, pantry, needs):
    consent = consent_for(world, pantry, categories=("substance_use",))
    referral = refer(world, pantry, consent, categories=["substance_use"])
    page = as_user(world.navigator).get(f"/referrals/{referral.public_id}/packet/").content
    text = page.decode()
    assert CANARY["substance_use"] in text
    assert "Do not share further" in text and "42 CFR part 2" in text


def test_what_to_expect_is_emailed_only_when_asked_and_safe(
    world, as_user, pantry, django_capture_on_commit_callbacks
):
    consent = consent_for(world, pantry)
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.org",
        safe_to_contact="yes",
    )
    url = f"/enrollments/{world.amara.public_id}/referrals/new/"
    client = as_user(world.navigator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, post(world, pantry, consent, email_participant="on"))
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["amara@example.org"]
    assert "Maria greets you at the door." in sent.body
    assert "household" not in sent.body and "Typed with care" not in sent.body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, post(world, pantry, consent))
    assert len(mail.outbox) == 1


def test_what_to_expect_is_not_sent_when_the_transaction_rolls_back(
    world, pantry, django_capture_on_commit_callbacks
):
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.org",
        safe_to_contact="yes",
    )
    referral = refer(world, pantry, consent_for(world, pantry))

    def send_then_fail():
        with transaction.atomic():
            assert actions.send_what_to_expect(referral=referral) is True
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        send_then_fail()
    assert callbacks == []
    assert mail.outbox == []


def test_loop_closure_figures(world, as_user, pantry):
    consent = consent_for(world, pantry)
    now = timezone.now()
    a, b, c, d = (refer(world, pantry, consent) for _ in range(4))
    actions.move_referral(by=world.navigator, referral=a, to=Status.ACCEPTED)
    actions.move_referral(by=world.navigator, referral=a, to=Status.CONNECTED)
    Referral.objects.filter(pk=a.pk).update(sent_at=now - timedelta(days=6), connected_at=now)
    actions.move_referral(by=world.navigator, referral=b, to=Status.ACCEPTED)
    actions.move_referral(by=world.navigator, referral=b, to=Status.CONNECTED)
    Referral.objects.filter(pk=b.pk).update(sent_at=now - timedelta(days=2), connected_at=now)
    actions.move_referral(by=world.navigator, referral=c, to=Status.DECLINED, reason="no_capacity")
    refer(world, pantry, consent, send=False)  # drafts are not counted
    by_program, by_partner = queries.figures(world.org.pk)
    youth = by_program[0]
    assert (youth.label, youth.sent, youth.closed, youth.connected) == ("Youth Works", 4, 3, 2)
    assert youth.closed_share == 75
    assert youth.median_days == 4.0
    assert youth.reasons == [("No openings right now", 1)]
    assert [f.label for f in by_partner] == ["Harbor Food Bank"]
    page = as_user(world.supervisor).get("/referrals/figures/").content.decode()
    assert "3 (75%)" in page and "No openings right now: 1" in page
    assert as_user(world.navigator).get("/referrals/figures/").status_code == 404
    assert d.status == "sent"


def test_other_organizations_and_read_only_roles_change_nothing(world, as_user, pantry):
    referral = refer(world, pantry, consent_for(world, pantry))
    before = snapshot()
    outsider = as_user(world.outsider)
    for url in ("", "packet/"):
        assert outsider.get(f"/referrals/{referral.public_id}/{url}").status_code == 404
    assert (
        outsider.post(
            f"/referrals/{referral.public_id}/move/", {"to": "received", "version": 2}
        ).status_code
        == 404
    )
    auditor = as_user(world.auditor)
    assert auditor.post(f"/referrals/{referral.public_id}/packet/").status_code == 404
    assert (
        auditor.post(
            f"/referrals/{referral.public_id}/move/", {"to": "received", "version": 2}
        ).status_code
        == 404
    )
    assert snapshot() == before
    assert auditor.get(f"/referrals/{referral.public_id}/").status_code == 200


def test_a_referral_from_a_goal_keeps_the_goal(world, as_user, pantry, needs):
    from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan

    version = start_plan(by=world.navigator, enrollment=world.amara)
    goal = save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(
            text="Groceries every week", needs=[needs[0]], steps=[StepData(what="Visit")]
        ),
        expected=version.edit_version,
    )
    client = as_user(world.navigator)
    plan = client.get(f"/plans/{version.public_id}/").content.decode()
    link = f"/enrollments/{world.amara.public_id}/referrals/new/?goal={goal.key}"
    assert link in plan
    url = f"/enrollments/{world.amara.public_id}/referrals/new/"
    consent = consent_for(world, pantry)
    client.post(url, post(world, pantry, consent, need=needs[0], goal=str(goal.key)))
    referral = Referral.objects.get()
    assert (referral.goal_key, referral.need) == (goal.key, needs[0])


def test_a_referral_inside_the_organization_is_answered_there_and_starts_an_enrollment(
    world, as_user, needs
):
    """Nia (Youth Works) refers Amara to Home Base, to Pat; Pat sees it on her home page,
    accepts it (which starts Amara's enrollment in Home Base, with Pat) and records the
    connection; the loop closes with every step on record."""
    from waypoint.enrollments.models import Enrollment

    client = as_user(world.navigator)
    url = f"/enrollments/{world.amara.public_id}/referrals/inside/"
    choose = client.get(f"/enrollments/{world.amara.public_id}/referrals/new/").content.decode()
    assert "Or to another program here" in choose and "Home Base" in choose
    data = {
        "creation_key": str(uuid.uuid4()),
        "program": world.home.pk,
        "staff": world.staff.pk,
        "message": "Amara is looking for a room closer to her training.",
    }
    refused = client.post(url, data)
    assert "Record that they agreed to this referral." in refused.content.decode()
    assert Referral.objects.count() == 0
    response = client.post(url, {**data, "participant_agreed": "on"})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert (referral.status, referral.to_program, referral.to_staff) == (
        "sent",
        world.home,
        world.staff,
    )
    assert referral.recipient == "Pat Staff at Home Base"
    assert referral.follow_up is not None
    assert referral.follow_up.what == "Check that Pat Staff at Home Base received Amara's referral"
    pat = as_user(world.staff)
    home = pat.get("/caseload/").content.decode()
    assert "Referrals to your programs" in home and "Amara to Pat Staff at Home Base" in home
    detail = pat.get(f"/referrals/{referral.public_id}/").content.decode()
    assert "Amara is looking for a room closer to her training." in detail
    assert "Withdrawn" not in detail  # the receiving program answers; withdrawing is Nia's

    def record(to, **extra):
        referral.refresh_from_db()
        payload = {"version": referral.version, "to": to, "reason": "", "note": ""}
        payload.update(extra)
        return pat.post(f"/referrals/{referral.public_id}/move/", payload)

    assert record("accepted").status_code == 302
    referral.refresh_from_db()
    made = referral.enrollment_made
    assert made is not None
    assert (made.program, made.navigator, made.status) == (world.home, world.staff, "inquiry")
    assert Enrollment.objects.filter(participant=world.amara.participant).count() == 2
    assert record("connected").status_code == 302
    referral.refresh_from_db()
    assert referral.status == "connected" and referral.closed_at is not None
    assert pat.get(f"/referrals/{referral.public_id}/packet/").status_code == 404
    # Someone in neither program sees nothing.
    assert as_user(world.outsider).get(f"/referrals/{referral.public_id}/").status_code == 404
    _, by_partner = queries.figures(world.org.pk)
    assert [f.label for f in by_partner] == ["Home Base (inside)"]
    assert by_partner[0].connected == 1


def test_a_referral_inside_must_go_to_another_program_of_this_organization(world):
    with pytest.raises(ActionRefused, match="other than this one"):
        actions.refer_inside(
            by=world.navigator,
            enrollment=world.amara,
            program=world.youth,
            participant_agreed=True,
        )
    with pytest.raises(ActionRefused, match="your organization's programs"):
        actions.refer_inside(
            by=world.navigator,
            enrollment=world.amara,
            program=world.other_program,
            participant_agreed=True,
        )
    with pytest.raises(ActionRefused, match="does not work in Home Base"):
        actions.refer_inside(
            by=world.navigator,
            enrollment=world.amara,
            program=world.home,
            staff=world.navigator,
            participant_agreed=True,
        )
    assert Referral.objects.count() == 0
