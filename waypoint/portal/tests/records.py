"""Test helpers for the participant's own Waypoint: a plan shared with the participant,
and the URL kwargs of every portal route for the generated permission tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from waypoint.assessments.actions import add_need
from waypoint.plans.actions import GoalData, StepData, save_goal, share, start_plan
from waypoint.plans.models import PlanVersion, Step, Who


def shared_plan(by: Any, enrollment: Any) -> PlanVersion:
    """A plan for ``enrollment`` shared with the participant: one goal, a step of theirs
    ("Call the housing office") and one of the navigator's. The one already made, when
    there is one."""
    made = (
        PlanVersion.objects.filter(plan__enrollment=enrollment, status=PlanVersion.Status.SHARED)
        .order_by("-number")
        .first()
    )
    if made is not None:
        return made
    version = start_plan(by=by, enrollment=enrollment)
    need = add_need(by=by, enrollment=enrollment, domain="housing", description="A place of my own")
    save_goal(
        by=by,
        version=version,
        goal=None,
        data=GoalData(
            text="Move into a place of my own",
            needs=[need],
            measure="I have signed a lease",
            steps=[
                StepData(what="Call the housing office", who=Who.PARTICIPANT),
                StepData(what="Find listings near the bus line", who=Who.NAVIGATOR),
            ],
        ),
        expected=version.edit_version,
    )
    version.refresh_from_db()
    return share(by=by, version=version, expected=version.edit_version)


def portal_enrollment(world: Any, enrollment: Any) -> Any:
    """The enrollment whose plan the portal routes use: ``enrollment``, unless other
    routes are already writing its draft plan (sharing it would change what they test);
    then the same person's enrollment in the world's other program."""
    from waypoint.enrollments.actions import enroll
    from waypoint.enrollments.models import Enrollment

    busy = (
        PlanVersion.objects.filter(plan__enrollment=enrollment).exists()
        and not PlanVersion.objects.filter(
            plan__enrollment=enrollment, status=PlanVersion.Status.SHARED
        ).exists()
    )
    if not busy:
        return enrollment
    other = world.home if enrollment.program_id == world.youth.pk else world.youth
    found = Enrollment.objects.filter(participant=enrollment.participant, program=other).first()
    return found or enroll(
        by=world.admin,
        participant=enrollment.participant,
        program=other,
        navigator=world.navigator2,
        status="enrolled",
    )


def own_step(version: PlanVersion, what: str) -> Any:
    """A step the participant added to the version's first goal, and the request it sent
    their navigator (made directly: the enrollment's participant may have no sign-in)."""
    from waypoint.portal.models import Ask, OwnStep

    plan = version.plan
    enrollment = plan.enrollment
    made_by = enrollment.navigator
    goal = version.goals.first()
    assert made_by is not None and goal is not None
    step = OwnStep.objects.create(
        plan=plan,
        goal_key=goal.key,
        what=what,
        created_by=made_by,
        created_at=timezone.now(),
    )
    Ask.objects.create(
        organization_id=enrollment.organization_id,
        enrollment=enrollment,
        participant_id=plan.participant_id,
        kind=Ask.Kind.STEP,
        plan=plan,
        own_step=step,
        item_text=what,
        created_by=made_by,
        created_at=timezone.now(),
    )
    return step


def consent_for_test(world: Any, enrollment: Any) -> Any:
    """A consent in force for the enrollment's participant, to share with the partner."""
    from waypoint.consent.actions import give_consent

    return give_consent(
        by=world.admin,
        participant=enrollment.participant,
        data={
            "recipient_provider": world.partner_org,
            "categories": ["contact", "plan"],
            "purpose": "To connect them with groceries",
            "starts_on": timezone.localdate(),
            "how": "typed",
            "typed_name": "Yes",
        },
    )


def sent_form(world: Any, enrollment: Any, sections: list[str]) -> Any:
    """Sections of the enrollment's draft assessment sent to the participant's own
    Waypoint (made directly: the participant may have no sign-in)."""
    from waypoint.assessments.actions import start_assessment
    from waypoint.assessments.models import Assessment
    from waypoint.portal.models import SentForm

    assessment = Assessment.objects.filter(
        enrollment=enrollment, status=Assessment.Status.DRAFT
    ).first() or start_assessment(by=world.admin, enrollment=enrollment)
    found = SentForm.objects.filter(
        assessment=assessment, done_at__isnull=True, withdrawn_at__isnull=True
    ).first()
    return found or SentForm.objects.create(
        organization_id=enrollment.organization_id,
        assessment=assessment,
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        sections=sections,
        sent_by=world.admin,
        sent_at=timezone.now(),
    )


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    if not route.startswith("portal_"):
        return None
    if route in {"portal_invite", "portal_access_end"}:
        return {"public_id": enrollment.participant.public_id}
    if route == "portal_join_link":
        return {"code": "ABCD-EFGH-JKMN"}
    if route == "portal_link_open":
        return {"token": "not-a-token"}
    if route in {"portal_form", "portal_form_send"}:
        sent = sent_form(world, enrollment, ["why_now", "inner_strengths"])
        if route == "portal_form_send":
            return {"public_id": sent.assessment.public_id}
        return {"public_id": sent.public_id}
    if route == "portal_post_plan":
        from waypoint.closure.models import PostProgramPlan
        from waypoint.closure.tests.records_post_plan import a_plan

        shared = PostProgramPlan.objects.filter(enrollment=enrollment).first() or a_plan(
            world.admin, enrollment, PostProgramPlan.Status.SHARED
        )
        return {"public_id": shared.public_id}
    if route == "portal_consent_stop":
        return {"public_id": consent_for_test(world, enrollment).public_id}
    if route == "portal_appointment_ics":
        from waypoint.notes.actions import schedule_appointment

        appointment = schedule_appointment(
            by=world.admin,
            enrollment=enrollment,
            data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Check in"},
        )
        return {"public_id": appointment.public_id}
    if route in {
        "portal_plan",
        "portal_acknowledge",
        "portal_step_done",
        "portal_step_add",
        "portal_suggest",
        "portal_own_step_done",
        "portal_ask_answer",
    }:
        version = shared_plan(world.admin, portal_enrollment(world, enrollment))
        step = Step.objects.filter(version=version, who=Who.PARTICIPANT).first()
        assert step is not None
        if route == "portal_step_done":
            return {"public_id": version.public_id, "key": step.key}
        if route in {"portal_own_step_done", "portal_ask_answer"}:
            own = own_step(version, "Ask my sister for a lift")
            if route == "portal_ask_answer":
                return {"public_id": own.asks.get().public_id}
            return {"public_id": own.public_id}
        return {"public_id": version.public_id}
    return {}
