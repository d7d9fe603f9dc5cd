"""The post-program plan: built from the service plan, the assessment's supports and the
referrals; edited as a draft (stale forms refused); shared, acknowledged and then frozen;
a new version; the printed and emailed copy without staff controls or private goals."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from waypoint.assessments.actions import add_need, save_answers, start_assessment
from waypoint.audit.models import AuditEvent
from waypoint.closure import actions
from waypoint.closure.models import (
    PostPlanGoal,
    PostPlanResource,
    PostPlanSupport,
    PostProgramPlan,
)
from waypoint.directory.models import Provider, Service
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.participants.models import ContactMethod
from waypoint.plans.actions import GoalData, StepData, record_progress, save_goal, start_plan
from waypoint.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _isp(world: Any) -> dict[str, Any]:
    """Amara's plan: one goal achieved, one continuing (one of its two steps done), one
    answering a private need (mental health)."""
    e = world.amara
    nia = world.navigator
    version = start_plan(by=nia, enrollment=e)
    home = add_need(by=nia, enrollment=e, domain="housing", description="A room of her own")
    work = add_need(by=nia, enrollment=e, domain="education_employment", description="Steady work")
    mind = add_need(by=nia, enrollment=e, domain="mental_health", description="PRIVATE-NEED")
    goals = {}
    for name, text, need, steps in (
        ("room", "Move into a room of her own", home, ["Sign the lease"]),
        ("job", "Keep the warehouse job", work, ["Get a bus pass", "Ask for day shifts"]),
        ("calm", "PRIVATE-GOAL see the counselor", mind, ["Book a visit"]),
    ):
        goals[name] = save_goal(
            by=nia,
            version=version,
            goal=None,
            data=GoalData(text=text, needs=[need], steps=[StepData(what=s) for s in steps]),
            expected=version.edit_version,
        )
        version.refresh_from_db()
    plan = version.plan
    record_progress(by=nia, plan=plan, kind="goal", key=goals["room"].key, status="achieved")
    record_progress(by=nia, plan=plan, kind="goal", key=goals["job"].key, status="in_progress")
    bus = goals["job"].steps.get(what="Get a bus pass")
    record_progress(by=nia, plan=plan, kind="step", key=bus.key, status="done")
    return {"version": version, **goals}


def _supports(world: Any) -> None:
    nia = world.navigator
    assessment = start_assessment(by=nia, enrollment=world.amara)
    save_answers(
        by=nia,
        assessment=assessment,
        sections=["supports"],
        answers={
            "supports": [
                {"who": "Aunt Ngozi", "kind": "person", "how": "Listens when things get hard"},
                {"who": "Eastside Credit Union", "kind": "organization", "how": "Budget help"},
                {"who": "Coach Dee", "kind": "person", "how": "Helps with the job search"},
                {"who": "Grace Church", "kind": "organization", "how": "Sunday suppers"},
            ]
        },
        declined=[],
        expected_version=assessment.version,
    )


def _referrals(world: Any) -> Service:
    e = world.amara
    provider = Provider.objects.create(owner=world.org, name="Harbor Center", description="x")
    service = Service.objects.create(
        owner=world.org,
        organization=provider,
        name="Tenant help desk",
        status="active",
        url="https://harbor.example.org",
        what_to_expect="Marco greets you. Bring your lease.",
    )
    other = Service.objects.create(
        owner=world.org, organization=provider, name="Old clinic", status="active"
    )
    base = {
        "organization": world.org,
        "participant_id": e.participant_id,
        "enrollment": e,
        "provider": provider,
        "referred_by": world.navigator,
    }
    Referral.objects.create(service=service, status="connected", **base)
    Referral.objects.create(service=other, status="declined", **base)
    Referral.objects.create(service=other, status="draft", **base)
    found: Service = service
    return found


def _build(world: Any, key: uuid.UUID | None = None) -> PostProgramPlan:
    return actions.build_post_plan(by=world.navigator, enrollment=world.amara, creation_key=key)


def _form(plan: PostProgramPlan, **over: Any) -> dict[str, Any]:
    """The edit form as the page sends it, unchanged unless ``over`` says so."""
    data: dict[str, Any] = {
        "edit_version": plan.edit_version,
        "next_stage": plan.next_stage,
        "next_stage_words": plan.next_stage_words,
        "still_help": plan.still_help,
        "stay_in_touch": plan.stay_in_touch,
        "check_ins_words": plan.check_ins_words,
    }
    for g in plan.goals.all():
        data[f"goal-{g.goal_key}-outcome"] = g.outcome
        data[f"goal-{g.goal_key}-next_steps"] = g.next_steps
        data[f"goal-{g.goal_key}-words"] = g.words
    for i, s in enumerate(plan.supports.all()):
        data.update(
            {
                f"support-{i}-id": s.pk,
                f"support-{i}-who": s.who,
                f"support-{i}-kind": s.kind,
                f"support-{i}-how": s.how,
                f"support-{i}-reach": s.reach,
            }
        )
    for i, r in enumerate(plan.resources.all()):
        data.update(
            {
                f"resource-{i}-id": r.pk,
                f"resource-{i}-name": r.name,
                f"resource-{i}-expect": r.expect,
                f"resource-{i}-reach": r.reach,
            }
        )
    data.update(over)
    return data


def _shared(world: Any) -> PostProgramPlan:
    _isp(world)
    plan = _build(world)
    return actions.share_post_plan(by=world.navigator, plan=plan, expected_version=1)


def test_built_from_the_plan_the_supports_and_the_referrals(world, as_user):
    goals = _isp(world)
    _supports(world)
    service = _referrals(world)
    client = as_user(world.navigator)
    key = uuid.uuid4()
    url = reverse("post_plan_build", args=[world.amara.public_id])
    response = client.post(url, {"creation_key": str(key)})
    plan = PostProgramPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("post_plan_detail", args=[plan.public_id])
    assert (plan.number, plan.status, plan.cycle) == (1, "draft", 1)
    assert plan.source_version == goals["version"]
    assert plan.check_ins_words == (
        "We will get in touch 30, 90 and 180 days after you leave, to hear how you are doing."
    )
    assert plan.still_help.startswith("You can still come to us.")
    assert [
        (g.goal_key, g.text, g.outcome, g.next_steps, g.sensitive) for g in plan.goals.all()
    ] == [
        (goals["room"].key, "Move into a room of her own", "achieved", "", False),
        (goals["job"].key, "Keep the warehouse job", "continuing", "Ask for day shifts", False),
        (goals["calm"].key, "PRIVATE-GOAL see the counselor", "continuing", "Book a visit", True),
    ]
    assert [(s.who, s.kind, s.how) for s in plan.supports.all()] == [
        ("Aunt Ngozi", "emotional", "Listens when things get hard"),
        ("Eastside Credit Union", "financial", "Budget help"),
        ("Coach Dee", "vocational", "Helps with the job search"),
        ("Grace Church", "other", "Sunday suppers"),
    ]
    assert [(r.name, r.expect, r.reach, r.service_id) for r in plan.resources.all()] == [
        (
            "Tenant help desk",
            "Marco greets you. Bring your lease.",
            "https://harbor.example.org",
            service.pk,
        )
    ]
    assert AuditEvent.objects.filter(object_type="post_plan", action="create").count() == 1

    # The same form sent twice: one plan, the same one.
    again = client.post(url, {"creation_key": str(key)})
    assert again["Location"] == response["Location"]
    assert PostProgramPlan.objects.count() == 1
    assert _build(world, key).pk == plan.pk
    # Without the key, a second build says there is one and opens it.
    third = client.post(url)
    assert third["Location"] == response["Location"]
    assert PostProgramPlan.objects.count() == 1 and PostPlanGoal.objects.count() == 3


def test_without_a_service_plan_it_is_built_with_no_goals(world):
    plan = _build(world)
    assert plan.source_version is None
    assert plan.goals.count() == 0
    assert plan.stay_in_touch == actions.post_plan.STAY_IN_TOUCH


def test_only_while_enrolled_or_exiting(world):
    with pytest.raises(ActionRefused, match="built once they are enrolled"):
        actions.build_post_plan(by=world.navigator2, enrollment=world.bo)
    assert PostProgramPlan.objects.count() == 0


def test_the_outsider_and_another_programs_staff_are_refused(world, as_user):
    _isp(world)
    plan = _build(world)
    before = _form(plan)
    pat = as_user(world.staff)  # Home Base staff: Youth Works is not theirs
    assert pat.get(reverse("post_plan_detail", args=[plan.public_id])).status_code == 404
    response = pat.post(
        reverse("post_plan_detail", args=[plan.public_id]),
        _form(plan, next_stage_words="Changed by someone else"),
    )
    assert response.status_code == 404
    assert pat.post(reverse("post_plan_build", args=[world.amara.public_id])).status_code == 404
    assert pat.post(reverse("post_plan_share", args=[plan.public_id])).status_code == 404
    olga = as_user(world.outsider)
    assert olga.get(reverse("post_plan_print", args=[plan.public_id])).status_code == 404
    plan.refresh_from_db()
    assert _form(plan) == before and plan.status == "draft"


def test_edit_and_refuse_a_stale_form(world, as_user):
    goals = _isp(world)
    _supports(world)
    plan = _build(world)
    client = as_user(world.navigator)
    url = reverse("post_plan_detail", args=[plan.public_id])
    job = f"goal-{goals['job'].key}"
    room_support = plan.supports.get(who="Grace Church")
    data = _form(
        plan,
        next_stage="job",
        next_stage_words="Full-time at the warehouse from March",
        **{
            f"{job}-outcome": "continuing",
            f"{job}-next_steps": "Ask for day shifts\nOpen a savings account",
            "support-3-remove": "on",
            "support-4-who": "Neighbour Ama",
            "support-4-kind": "housing",
            "support-4-how": "Has a spare key",
            "support-4-reach": "Next door",
            "resource-0-name": "Eastside library",
            "resource-0-expect": "Free computers for job searching.",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.next_stage, plan.next_stage_words, plan.edit_version) == (
        "job",
        "Full-time at the warehouse from March",
        2,
    )
    assert plan.goals.get(goal_key=goals["job"].key).next_steps == (
        "Ask for day shifts\nOpen a savings account"
    )
    assert [s.who for s in plan.supports.all()] == [
        "Aunt Ngozi",
        "Eastside Credit Union",
        "Coach Dee",
        "Neighbour Ama",
    ]
    assert not PostPlanSupport.objects.filter(pk=room_support.pk).exists()
    assert [(r.name, r.expect) for r in plan.resources.all()] == [
        ("Eastside library", "Free computers for job searching.")
    ]

    # A form opened before that save is refused, and keeps what was typed.
    stale = client.post(url, {**data, "edit_version": 1, "next_stage_words": "Typed later"})
    assert stale.status_code == 400
    assert b"saved changes since you opened this page" in stale.content
    assert b"Typed later" in stale.content
    plan.refresh_from_db()
    assert plan.next_stage_words == "Full-time at the warehouse from March"
    with pytest.raises(StaleEdit):
        actions.save_post_plan(
            by=world.navigator, plan=plan, data=actions.PostPlanData(), expected_version=1
        )


def test_bad_input_is_refused_beside_the_field(world, as_user):
    goals = _isp(world)
    plan = _build(world)
    client = as_user(world.navigator)
    url = reverse("post_plan_detail", args=[plan.public_id])
    room = f"goal-{goals['room'].key}"
    response = client.post(
        url, _form(plan, **{f"{room}-outcome": "set_aside", "next_stage_words": "Kept words"})
    )
    assert response.status_code == 400
    assert b"Write why they set this goal aside, in their words." in response.content
    assert b"Kept words" in response.content
    too_long = client.post(url, _form(plan, still_help="x" * 2001))
    assert too_long.status_code == 400
    assert b"Keep it under 2000 characters." in too_long.content
    nameless = client.post(url, _form(plan, **{"support-0-how": "Helps", "support-0-who": ""}))
    assert nameless.status_code == 400
    assert b"Write who they can turn to." in nameless.content
    # The message stands beside the row it is about, even after a row left blank.
    second = client.post(url, _form(plan, **{"support-1-how": "Helps"}))
    assert second.status_code == 400
    assert second.context["form"].errors == {"support-1-who": ["Write who they can turn to."]}
    plan.refresh_from_db()
    assert plan.edit_version == 1 and plan.next_stage_words == ""
    assert plan.goals.get(goal_key=goals["room"].key).outcome == "achieved"


def test_share_acknowledge_and_frozen(world, as_user):
    plan = _shared(world)
    client = as_user(world.navigator)
    detail = reverse("post_plan_detail", args=[plan.public_id])
    # Shared: no edit form, the save is refused.
    page = client.get(detail)
    assert b"Save the draft" not in page.content
    refused = client.post(detail, _form(plan, next_stage_words="Sneaked in"), follow=True)
    assert actions.post_plan.WITH_THEM.encode() in refused.content
    # The participant's screen: their copy and the form, no staff controls.
    ack_url = reverse("post_plan_acknowledge", args=[plan.public_id])
    screen = client.get(ack_url)
    assert screen.status_code == 200
    assert b"this is your plan for what comes next" in screen.content
    for staff_only in (b"Save the draft", b"Back to draft", b"Share with", b"PRIVATE-GOAL"):
        assert staff_only not in screen.content
    # No name typed: refused beside the field.
    today = timezone.localdate().isoformat()
    empty = client.post(ack_url, {"name": "", "on": today, "agree": "on"})
    assert empty.status_code == 400
    assert b"Type your name to say this plan is yours." in empty.content
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    ahead = client.post(ack_url, {"name": "Amara", "on": future, "agree": "on"})
    assert ahead.status_code == 400
    done = client.post(ack_url, {"name": "Amara O.", "on": today, "agree": "on"})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.acknowledged_name, plan.acknowledged_on) == (
        "acknowledged",
        "Amara O.",
        timezone.localdate(),
    )
    assert plan.acknowledged_recorded_by == world.navigator
    # Frozen: the actions refuse first, the page shows no edit controls, the database
    # refuses underneath.
    page = client.get(detail)
    assert b"Save the draft" not in page.content and b"Start version 2" in page.content
    with pytest.raises(ActionRefused, match="acknowledged and never changes"):
        actions.save_post_plan(
            by=world.navigator,
            plan=plan,
            data=actions.PostPlanData(still_help="x"),
            expected_version=plan.edit_version,
        )
    with pytest.raises(ActionRefused, match="acknowledged and never changes"):
        actions.acknowledge_post_plan(
            by=world.navigator, plan=plan, typed_name="Again", on=timezone.localdate()
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        PostProgramPlan.objects.filter(pk=plan.pk).update(still_help="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        PostPlanGoal.objects.filter(post_plan=plan).update(words="changed")


def test_back_to_draft_and_a_new_version(world, as_user):
    plan = _shared(world)
    client = as_user(world.navigator)
    client.post(reverse("post_plan_unshare", args=[plan.public_id]))
    plan.refresh_from_db()
    assert (plan.status, plan.edit_version) == ("draft", 2)
    plan = actions.share_post_plan(by=world.navigator, plan=plan, expected_version=2)
    plan = actions.acknowledge_post_plan(
        by=world.navigator, plan=plan, typed_name="Amara", on=timezone.localdate()
    )
    url = reverse("post_plan_new_version", args=[plan.public_id])
    response = client.post(url)
    new = PostProgramPlan.objects.get(number=2)
    assert response["Location"] == reverse("post_plan_detail", args=[new.public_id])
    assert (new.status, new.cycle, new.source_version_id) == ("draft", 1, plan.source_version_id)
    assert [(g.goal_key, g.outcome, g.next_steps) for g in new.goals.all()] == [
        (g.goal_key, g.outcome, g.next_steps) for g in plan.goals.all()
    ]
    # A double click: still one new version.
    client.post(url)
    assert PostProgramPlan.objects.count() == 2
    plan.refresh_from_db()
    assert plan.status == "acknowledged"


def test_print_has_no_staff_controls_and_no_private_goal(world, as_user):
    plan = _shared(world)
    client = as_user(world.navigator)  # a navigator reads private needs on the staff page
    assert b"PRIVATE-GOAL" in client.get(reverse("post_plan_detail", args=[plan.public_id])).content
    page = client.get(reverse("post_plan_print", args=[plan.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Amara, your plan for what comes next" in text
    assert "Move into a room of her own" in text and "Done." in text
    assert "Keep the warehouse job" in text and "<li>Ask for day shifts</li>" in text
    assert "PRIVATE-GOAL" not in text and "Book a visit" not in text
    assert "<form" not in text and "csrf" not in text
    assert "Save the draft" not in text and "Share with" not in text
    # A role that may not read private needs does not see it on the staff page either.
    auditor = as_user(world.auditor)
    staff_page = auditor.get(reverse("post_plan_detail", args=[plan.public_id]))
    assert b"PRIVATE-GOAL" not in staff_page.content
    assert b"1 goal answering a private need is not shown" in staff_page.content


def test_send_to_the_safe_address(world, as_user, django_capture_on_commit_callbacks):
    plan = _shared(world)
    client = as_user(world.navigator)
    url = reverse("post_plan_send", args=[plan.public_id])
    # No safe email address: refused, nothing sent.
    refused = client.post(url, follow=True)
    assert b"no email address they said is safe" in refused.content
    assert mail.outbox == []
    participant = world.amara.participant
    ContactMethod.objects.create(
        participant=participant, kind="email", value="unsafe@example.org", safe_to_contact="no"
    )
    ContactMethod.objects.create(
        participant=participant, kind="email", value="amara@example.org", safe_to_contact="yes"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["amara@example.org"]
    assert sent.subject == "Your plan for what comes next"
    assert "Amara" not in sent.subject and "Amara" not in sent.body
    assert "Move into a room of her own: done. You reached this goal." in sent.body
    assert "- Keep the warehouse job: still going." in sent.body
    assert "PRIVATE-GOAL" not in sent.body and "Book a visit" not in sent.body
    assert isinstance(sent, EmailMultiAlternatives)
    html, kind = sent.alternatives[0]
    assert isinstance(html, str)
    assert kind == "text/html"
    assert "Keep the warehouse job" in html and "PRIVATE-GOAL" not in html
    assert "<form" not in html
    events = AuditEvent.objects.filter(object_type="post_plan", action="send")
    assert events.count() == 1
    assert "amara@example.org" not in str(events.get().changes)


def test_the_panel_offers_the_build_then_links_the_plan(world, as_user):
    client = as_user(world.navigator)
    page = client.get(reverse("participant_detail", args=[world.amara.participant.public_id]))
    assert b"Build the post-program plan from the plan" in page.content
    auditor = as_user(world.auditor)
    page = auditor.get(reverse("participant_detail", args=[world.amara.participant.public_id]))
    assert b"Build the post-program plan from the plan" not in page.content
    plan = _build(world)
    client = as_user(world.navigator)
    page = client.get(reverse("participant_detail", args=[world.amara.participant.public_id]))
    assert reverse("post_plan_detail", args=[plan.public_id]).encode() in page.content
    assert b"Build the post-program plan" not in page.content


def test_resources_for_a_private_need_stay_off(world):
    e = world.amara
    mind = add_need(by=world.navigator, enrollment=e, domain="mental_health", description="x")
    provider = Provider.objects.create(owner=world.org, name="Calm Clinic", description="x")
    service = Service.objects.create(
        owner=world.org, organization=provider, name="Counseling", status="active"
    )
    Referral.objects.create(
        organization=world.org,
        participant_id=e.participant_id,
        enrollment=e,
        provider=provider,
        service=service,
        need=mind,
        status="sent",
        referred_by=world.navigator,
    )
    plan = _build(world)
    assert PostPlanResource.objects.filter(post_plan=plan).count() == 0


def test_the_api(world):
    from waypoint.tests.helpers import Api

    goals = _isp(world)
    nia = Api(world.navigator)
    base = f"/enrollments/{world.amara.public_id}/post-plans"
    assert nia.call("GET", base).json() == []
    key = str(uuid.uuid4())
    built = nia.call("POST", base, {"creation_key": key})
    assert built.status_code == 201
    body = built.json()
    assert [(g["text"], g["outcome"]) for g in body["goals"]] == [
        ("Move into a room of her own", "achieved"),
        ("Keep the warehouse job", "continuing"),
        ("PRIVATE-GOAL see the counselor", "continuing"),
    ]
    assert nia.call("POST", base, {"creation_key": key}).status_code == 200
    assert PostProgramPlan.objects.count() == 1
    plan_id = body["id"]

    # Another organization's navigator: 404, nothing changed.
    olga = Api(world.outsider)
    assert olga.call("GET", base).status_code == 404
    patch = {"edit_version": 1, "next_stage": "school", "still_help": "Drop by on Fridays."}
    assert olga.call("PATCH", f"/post-plans/{plan_id}", patch).status_code == 404
    assert olga.call("POST", f"/post-plans/{plan_id}/share", {"edit_version": 1}).status_code == 404
    assert PostProgramPlan.objects.get().edit_version == 1

    changed = nia.call(
        "PATCH",
        f"/post-plans/{plan_id}",
        {
            **patch,
            "goals": [
                {"goal_key": str(goals["room"].key), "outcome": "achieved", "words": "Mine!"}
            ],
            "supports": [{"who": "Aunt Ngozi", "kind": "emotional"}],
        },
    )
    assert changed.status_code == 200
    out = changed.json()
    assert (out["next_stage"], out["still_help"], out["edit_version"]) == (
        "school",
        "Drop by on Fridays.",
        2,
    )
    assert out["goals"][0]["words"] == "Mine!"
    assert [s["who"] for s in out["supports"]] == ["Aunt Ngozi"]
    stale = nia.call("PATCH", f"/post-plans/{plan_id}", {"edit_version": 1, "still_help": "Old"})
    assert stale.status_code == 409
    assert PostProgramPlan.objects.get().still_help == "Drop by on Fridays."

    # The auditor reads it without the private goal.
    seen = Api(world.auditor).call("GET", base).json()[0]
    assert seen["private_goals_held_back"] == 1
    assert "PRIVATE-GOAL" not in str(seen)

    shared = nia.call("POST", f"/post-plans/{plan_id}/share", {"edit_version": 2})
    assert shared.json()["status"] == "shared"
    today = timezone.localdate().isoformat()
    done = nia.call("POST", f"/post-plans/{plan_id}/acknowledge", {"name": "Amara", "on": today})
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"
    frozen = nia.call("PATCH", f"/post-plans/{plan_id}", {"edit_version": 2, "still_help": "x"})
    assert frozen.status_code == 400
    assert "never changes" in frozen.json()["detail"]


def test_the_participants_copy_comes_in_their_language(
    world, as_user, django_capture_on_commit_callbacks
):
    """Printed, emailed and acknowledged in the language they get things in writing in;
    the print can be asked in another; the staff page stays in English."""
    from waypoint.participants.models import Participant

    plan = _shared(world)
    Participant.objects.filter(pk=world.amara.participant_id).update(written_language="es")
    client = as_user(world.navigator)
    printed = client.get(reverse("post_plan_print", args=[plan.public_id])).content.decode()
    assert '<html lang="es" dir="ltr">' in printed
    assert "Amara, tu plan para lo que viene" in printed and "Tus metas" in printed
    assert "Lograste esta meta." in printed and "Move into a room of her own" in printed
    arabic = client.get(reverse("post_plan_print", args=[plan.public_id]), {"lang": "ar"})
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    assert "أهدافك" in arabic.content.decode()
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.org",
        safe_to_contact="yes",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("post_plan_send", args=[plan.public_id])).status_code == 302
    sent = mail.outbox[0]
    assert sent.subject == "Tu plan para lo que viene"
    assert "Move into a room of her own: hecho. Lograste esta meta." in sent.body
    assert "¿Preguntas? Responde a este correo o llámanos." in sent.body
    assert isinstance(sent, EmailMultiAlternatives)
    assert '<html lang="es" dir="ltr">' in str(sent.alternatives[0][0])
    url = reverse("post_plan_acknowledge", args=[plan.public_id])
    screen = client.get(url).content.decode()
    assert "Amara, este es tu plan para lo que viene" in screen and "Escribe tu nombre" in screen
    today = timezone.localdate().isoformat()
    done = client.post(url, {"name": "Amara Okafor", "on": today, "agree": "on"})
    assert done.status_code == 302
    staff = client.get(done["Location"]).content.decode()
    assert "Gracias, Amara Okafor. Este plan es tuyo." in staff
    assert PostProgramPlan.objects.get(pk=plan.pk).status == "acknowledged"
