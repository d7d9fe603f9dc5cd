"""Schemathesis reads our OpenAPI description and throws generated input at every
operation, valid and invalid: the API must never answer with a 5xx."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from urllib.parse import urlencode

import schemathesis
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core import NotSet
from schemathesis.generation import GenerationMode

from waypoint.accounts.actions import create_api_token
from waypoint.approvals.tests.records import pending_approval
from waypoint.assessments.actions import add_need, start_assessment
from waypoint.closure.tests.records_closing import waiting_closure
from waypoint.conferences.actions import add_action_item, add_discussion, create_conference
from waypoint.notes.actions import log_contact, make_commitment, schedule_appointment
from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan

# CI runs a quick pass; WAYPOINT_FUZZ_EXAMPLES=200 hunts harder.
EXAMPLES = int(os.environ.get("WAYPOINT_FUZZ_EXAMPLES", "15"))


def send(case, key):
    """Send a generated case through Django's test client (which keeps the test's transaction)."""
    query = urlencode(case.query or {}, doseq=True)
    body = case.body
    if body is None or isinstance(body, NotSet):
        payload: str | bytes = ""
    elif isinstance(body, bytes):
        payload = body
    else:
        payload = json.dumps(body)
    return Client().generic(
        case.method,
        case.formatted_path + (f"?{query}" if query else ""),
        data=payload,
        content_type=case.media_type or "application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def real_ids_for(world) -> dict[str, str]:
    """Real ids for the operations that take one, so generated bodies reach the actions."""
    need = add_need(
        by=world.navigator, enrollment=world.amara, domain="housing", description="A room"
    )
    assessment = start_assessment(by=world.navigator, enrollment=world.amara)
    version = start_plan(by=world.navigator, enrollment=world.amara)
    goal = save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(text="Find a room", needs=[need], steps=[StepData(what="Call")]),
        expected=version.edit_version,
    )
    # The fuzzing supervisor wrote this note, so a generated sign can lock it too.
    contact = log_contact(
        by=world.supervisor,
        enrollment=world.amara,
        outcome="completed",
        data={"method": "phone", "happened_at": timezone.now() - timedelta(hours=1)},
    )
    appointment = schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Check in"},
    )
    commitment = make_commitment(by=world.navigator, enrollment=world.amara, what="Call back")
    conference = create_conference(
        by=world.supervisor,
        program=world.youth,
        kind="team",
        title="Youth Works team",
        starts_at=timezone.now() + timedelta(days=1),
        place="Room 1",
    )
    discussion = add_discussion(
        by=world.supervisor, conference=conference, enrollment=world.amara, reason="New job"
    )
    item = add_action_item(
        by=world.supervisor,
        discussion=discussion,
        what="Call the shift manager",
        due_on=timezone.localdate() + timedelta(days=7),
        owner_user=world.navigator,
    )
    # Chen's Home Base enrollment closed, for the check-ins after the exit.
    from waypoint.closure.actions import build_post_plan
    from waypoint.closure.models import PostProgramPlan
    from waypoint.closure.tests.records import close_now

    check_in = close_now(world.admin, world.chen).check_ins.order_by("due_on").first()
    assert check_in is not None
    post_plan = PostProgramPlan.objects.filter(enrollment=world.amara).first() or build_post_plan(
        by=world.navigator, enrollment=world.amara
    )
    return {
        "check-ins": str(check_in.public_id),
        "post-plans": str(post_plan.public_id),
        "participants": str(world.amara.participant.public_id),
        "enrollments": str(world.amara.public_id),
        "assessments": str(assessment.public_id),
        "needs": str(need.public_id),
        "plan-versions": str(version.public_id),
        "goals": str(goal.public_id),
        "notes": str(contact.note.public_id),
        "appointments": str(appointment.public_id),
        "commitments": str(commitment.public_id),
        "conferences": str(conference.public_id),
        "discussions": str(discussion.public_id),
        "action-items": str(item.public_id),
        "closures": str(waiting_closure(world.bo, world.navigator2).public_id),
        "approvals": str(pending_approval(world.bo, world.navigator2).public_id),
    }


def test_no_generated_request_gets_a_server_error(world):
    _, key = create_api_token(by=world.supervisor, name="fuzz")
    headers = {"Authorization": f"Bearer {key}"}
    spec = Client().get("/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    real_ids = real_ids_for(world)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    # 58, 18 for endings (waypoint/api/closure_*.py) and 4 for approvals.
    assert len(operations) == 80
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            path_parameters = None
            if "{public_id}" in operation.path:
                kind = operation.path.split("/")[3]  # /api/v1/<kind>/{public_id}...
                path_parameters = {"public_id": real_ids[kind]}
                if "{other_id}" in operation.path:
                    path_parameters["other_id"] = real_ids[kind]
            strategy = operation.as_strategy(
                generation_mode=mode, headers=headers, path_parameters=path_parameters
            )

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def check(case):
                response = send(case, key)
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.path} -> {response.status_code}: {case.body!r}"[:300]
                    )

            try:
                check()
            except Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE  # nothing in it can be made invalid
    assert failures == []
