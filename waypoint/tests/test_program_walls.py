"""Two programs, one person: a program's records stay with that program's staff.

Dana is enrolled in Youth Works (Nia's caseload) and in Home Base (Hana's). Hana works
only in Home Base, as its manager and as Dana's navigator there: she sees Dana, and
nothing of Dana's Youth Works enrollment.

Nobody lists the routes here. The test finds every model that belongs to an
enrollment (a foreign-key path to ``Enrollment``), makes at least one row of each for
Dana's Youth Works enrollment, then walks every URL pattern and every operation of the
OpenAPI document that takes an id. For each, an administrator's request (rolled back)
tells which of those ids the route opens: it answers something other than 404 for that
id and 404 for an id that does not exist. Hana must get 404 from every such route, with
every method it declares, and nothing may change. A new route is covered the day it is
added; one that takes an id no record opens fails here until it is explained.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from conftest import World, make_staff
from waypoint.accounts import actions as accounts
from waypoint.approvals.tests.records import pending_approval
from waypoint.closure.tests.records import build_ending
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.permissions import MATRIX
from waypoint.quality.tests.records import build_quality
from waypoint.tests.helpers import Api, snapshot
from waypoint.tests.test_permissions import routes

CANARY = "Canary-7Q"
# Routes that take the id of something other than an enrollment's record: the person
# (who follows the person rule), a consent (the person's own), a program question, a
# directory import, a partner's view of a referral sent to them or of a conference they
# are invited to, a conference (which shows each participant discussed only to those
# who may open their enrollment).
PERSON_OR_OTHER = {
    # The person's own Waypoint: staff see and change it per person (the person rule);
    # its own pages open only for the participant themselves (portal/tests).
    "portal_invite",
    "portal_access_end",
    "portal_plan",
    "portal_acknowledge",
    "portal_step_done",
    "portal_step_add",
    "portal_suggest",
    "portal_own_step_done",
    "portal_appointment_ics",
    "portal_consent_stop",
    "portal_post_plan",
    "portal_form",
    "participant_detail",
    "participant_edit",
    "participant_enroll",
    "consent_list",
    "consent_new",
    "consent_detail",
    "consent_revoke",
    "consent_form",
    "disclosure_list",
    "audit_participant",
    "question_edit",
    "question_active",
    "question_move",
    "directory_import",
    # An import of people: administrators and the program's managers (imports.queries).
    "imports_columns",
    "imports_detail",
    "imports_run",
    "partner_referral",
    "partner_referral_move",
    # A conference follows its own rule (attendees and those who oversee its program).
    "conference_detail",
    "conference_edit",
    "conference_ground_rules",
    "conference_staff_add",
    "conference_partner_add",
    "conference_person_add",
    "conference_participant_add",
    "conference_attendee_remove",
    "conference_roles",
    "conference_discussion_add",
    "conference_invite",
    "conference_cancel",
    "conference_attendance",
    "conference_sign",
    "conference_addendum",
    "conference_follow_up",
    "partner_conference",
    "partner_conference_update",
    "partner_action_done",
    # A supervision session is a supervisor's record of a navigator, not of an enrollment:
    # only its supervisor, its navigator and the program's managers open it.
    "supervision_session_detail",
    "supervision_session_print",
    "supervision_session_sign",
    "supervision_action_add",
    "supervision_action_remove",
    "supervision_action_done",
    # An HMIS import is the organization's, opened by its administrators only
    # (hmis.import_queries.import_for).
    "hmis_import",
    # An HMIS export covers whole programs: opened by the managers of every program it
    # holds, and administrators (hmis.queries.export_for).
    "hmis_export",
    "hmis_export_download",
    "hmis_export_discard",
    # A household is opened by whoever may open one of its members (the person rule);
    # each other member is shown under the household privacy rule (households.queries).
    "participant_household_start",
    "household_detail",
    "household_head",
    "household_member_add",
    "household_person_add",
    "household_member",
    "household_member_leave",
    "api:participant_read",
    "api:participant_enrollments",
    "api:conference_read",
    "api:conference_attendees",
    "api:conference_discussions",
    "api:conference_minutes",
}
NOT_ENROLLMENT_LINKS = {"organization", "to_program", "enrollment_made"}


def path_to_enrollment(model: Any, depth: int = 0) -> str | None:
    """How ``model`` reaches the enrollment it belongs to, as a lookup path."""
    if model is Enrollment:
        return ""
    if depth > 3:
        return None
    for f in model._meta.get_fields():
        forward = (f.many_to_one or f.one_to_one) and f.concrete
        if forward and f.name not in NOT_ENROLLMENT_LINKS:
            rest = path_to_enrollment(f.related_model, depth + 1)
            if rest is not None:
                return str(f.name) + (f"__{rest}" if rest else "")
    return None


def enrollment_owned_models() -> dict[Any, str]:
    owned = {}
    for model in apps.get_models():
        if "public_id" not in {f.name for f in model._meta.get_fields()}:
            continue
        path = path_to_enrollment(model)
        if path is not None:
            owned[model] = path
    return owned


def build_dana(world: World) -> tuple[Enrollment, Enrollment, Any]:
    """Dana in both programs, and a record of every kind in her Youth Works enrollment."""
    from waypoint.assessments.actions import add_need, start_assessment
    from waypoint.directory.tests.test_views import make_service
    from waypoint.notes.actions import (
        add_addendum,
        log_contact,
        make_commitment,
        save_note,
        schedule_appointment,
        sign_note,
    )
    from waypoint.plans.actions import (
        GoalData,
        StepData,
        acknowledge,
        revise,
        save_goal,
        share,
        start_plan,
    )
    from waypoint.referrals.actions import make_referral

    hana = make_staff(world.org, "hana", "Hana Home")
    accounts.grant_role(user=hana, role="navigator", program=world.home)
    accounts.grant_role(user=hana, role="manager", program=world.home)
    nia = world.navigator
    youth = enrollments.enroll_new_participant(
        by=nia,
        program=world.youth,
        data={"preferred_name": "Dana", "pronouns": "she/her"},
        navigator=nia,
        status="enrolled",
    )
    home = enrollments.enroll(
        by=world.admin,
        participant=youth.participant,
        program=world.home,
        navigator=hana,
        status="enrolled",
    )
    need = add_need(
        by=nia, enrollment=youth, domain="housing", description=f"{CANARY} a room near work"
    )
    start_assessment(by=nia, enrollment=youth)
    version = start_plan(by=nia, enrollment=youth)
    save_goal(
        by=nia,
        version=version,
        goal=None,
        data=GoalData(text=f"{CANARY} keep the job", needs=[need], steps=[StepData(what="Call")]),
        expected=version.edit_version,
    )
    version.refresh_from_db()
    share(by=nia, version=version, expected=version.edit_version)
    acknowledge(by=nia, version=version, typed_name="Dana", on=timezone.localdate())
    revise(by=nia, version=version, reason="A new job")
    from waypoint.portal.tests.records import own_step, sent_form

    own_step(version, f"{CANARY} ask my sister for a lift")  # and the request it sends
    sent_form(world, youth, ["why_now"])
    now = timezone.now()
    signed = log_contact(
        by=nia,
        enrollment=youth,
        outcome="completed",
        data={"method": "phone", "happened_at": now - timedelta(hours=3), "minutes": 20},
    )
    note = save_note(
        by=nia,
        note=signed.note,
        expected_version=signed.note.edit_version,
        sections={"strengths": f"{CANARY} got there early", "objective": "On time"},
    )
    note = sign_note(by=nia, note=note, expected_version=note.edit_version)
    add_addendum(by=nia, note=note, text=f"{CANARY} one more thing")
    log_contact(
        by=nia,
        enrollment=youth,
        outcome="completed",
        data={"method": "phone", "happened_at": now - timedelta(hours=1)},
    )
    schedule_appointment(
        by=nia,
        enrollment=youth,
        data={"starts_at": now + timedelta(days=2), "purpose": f"{CANARY} interview practice"},
    )
    make_commitment(by=nia, enrollment=youth, what=f"{CANARY} find the form")
    make_referral(
        by=nia,
        enrollment=youth,
        service=make_service(world.org, "Job Club"),
        consent=None,
        categories=[],
        participant_agreed=False,
        message=f"{CANARY} a referral",
        send=False,
    )
    build_conference(world, youth)
    build_ending(nia, youth, CANARY)
    pending_approval(youth, nia, reason=f"{CANARY} knows them")
    build_quality(world.supervisor, youth, CANARY)
    return youth, home, hana


def build_conference(world: World, youth: Enrollment) -> None:
    """A signed team conference that discussed Dana, with a contribution, an action item
    and an addendum."""
    from waypoint.conferences import actions as conferences

    nia = world.navigator
    conference = conferences.create_conference(
        by=nia,
        program=world.youth,
        kind="team",
        title="Youth Works team",
        starts_at=timezone.now() - timedelta(hours=2),
        place="Room 1",
    )
    talk = conferences.add_discussion(
        by=nia, conference=conference, enrollment=youth, reason=f"{CANARY} new barriers"
    )
    me = conference.attendees.get(user=nia)
    conferences.assign_roles(
        by=nia, conference=conference, facilitator=me, timekeeper=me, notetaker=me
    )
    conferences.record_attendance(by=nia, conference=conference, attendance={me.pk: "attended"})
    conferences.add_contribution(by=nia, discussion=talk, attendee=me, strengths=f"{CANARY} ok")
    conferences.add_action_item(
        by=nia, discussion=talk, what=f"{CANARY} call", due_on=timezone.localdate(), owner_user=nia
    )
    conferences.sign_minutes(by=nia, conference=conference)
    conferences.add_minutes_addendum(
        by=nia, conference=conference, discussion=talk, text=f"{CANARY} one more"
    )


def owned_ids(youth: Enrollment) -> dict[str, str]:
    """Every enrollment-owned record of ``youth``, by public id (kind for messages)."""
    ids: dict[str, str] = {str(youth.public_id): "Enrollment"}
    missing = []
    for model, path in enrollment_owned_models().items():
        if model is Enrollment:
            continue
        rows = model.objects.filter(**{path: youth}).values_list("public_id", flat=True)
        if not rows:
            missing.append(model.__name__)
        ids.update({str(pk): model.__name__ for pk in rows})
    # A new kind of enrollment record needs one row in build_dana, so it is covered.
    assert missing == []
    return ids


def extra_kwargs(youth: Enrollment) -> dict[str, str]:
    from waypoint.plans.models import PlanVersion, Step

    step = Step.objects.filter(version__plan__enrollment=youth).first()
    first = PlanVersion.objects.filter(plan__enrollment=youth).order_by("number").first()
    assert step is not None and first is not None
    return {"key": str(step.key), "other_id": str(first.public_id)}


def rolled_back(call: Any) -> int:
    """The status an administrator gets, with whatever the request did undone."""
    with transaction.atomic():
        status: int = call().status_code
        transaction.set_rollback(True)
    return status


def test_every_enrollment_owned_model_is_found():
    names = {m.__name__ for m in enrollment_owned_models()}
    assert {
        "Enrollment",
        "Assessment",
        "Need",
        "Plan",
        "PlanVersion",
        "Goal",
        "Contact",
        "Note",
        "Addendum",
        "Appointment",
        "Commitment",
        "Referral",
    } <= names


def test_staff_of_another_program_open_none_of_its_pages(world):
    youth, _home, hana = build_dana(world)
    ids = owned_ids(youth)
    extra = extra_kwargs(youth)
    admin, other = Client(), Client()
    admin.force_login(world.admin)
    other.force_login(hana)

    candidates = []
    for name, pattern in routes().items():
        if name.startswith(("api:", "hsds:")) or "<uuid:public_id>" not in pattern:
            continue
        kwarg_names = {part.split(":")[1].split(">")[0] for part in pattern.split("<")[1:]}
        if kwarg_names - {"public_id"} - set(extra):
            continue
        candidates.append((name, {k: extra[k] for k in kwarg_names - {"public_id"}}))

    covered: list[tuple[str, str, str, str]] = []
    unopened = set()
    for name, more in candidates:
        found = []
        for method in MATRIX[name]:
            nowhere = reverse(name, kwargs={"public_id": uuid.uuid4(), **more})
            if rolled_back(lambda m=method, u=nowhere: admin.generic(m, u)) != 404:
                continue  # answers whatever the id: nothing to open
            for pk in ids:
                url = reverse(name, kwargs={"public_id": pk, **more})
                if rolled_back(lambda m=method, u=url: admin.generic(m, u)) != 404:
                    found.append((name, method, url, ids[pk]))
        if not found:
            unopened.add(name)
        covered += found

    before = snapshot()
    opened = [
        (name, method, kind, status)
        for name, method, url, kind in covered
        for status in [other.generic(method, url).status_code]
        if status != 404
    ]
    assert opened == []
    assert snapshot() == before
    # Every route that takes an id opens one of the enrollment's records, or is known to
    # take something else.
    assert unopened == PERSON_OR_OTHER - {r for r in PERSON_OR_OTHER if r.startswith("api:")}
    assert len({(name, method) for name, method, *_ in covered}) >= 50


def sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value ``schema`` accepts, for a request that reaches the view."""
    if "$ref" in schema:
        return sample(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        return {
            k: sample(v, components)
            for k, v in schema.get("properties", {}).items()
            if k in schema.get("required", [])
        }
    if kind == "array":
        return [sample(schema["items"], components)] * schema.get("minItems", 0)
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date":
        return timezone.localdate().isoformat()
    if fmt == "date-time":
        return (timezone.now() + timedelta(days=1)).isoformat()
    if fmt == "uuid":
        return str(uuid.uuid4())
    return "Something to say"


def test_staff_of_another_program_open_none_of_its_api(world):
    youth, _home, hana = build_dana(world)
    ids = owned_ids(youth)
    extra = extra_kwargs(youth)
    admin, other = Api(world.admin), Api(hana)
    document = admin.client.get("/api/v1/openapi.json").json()
    components = document.get("components", {}).get("schemas", {})

    covered: list[tuple[str, str, str, Any]] = []
    unopened = set()
    with_id, operations, person_level = set(), set(), set()
    for path, described in document["paths"].items():
        if "{public_id}" not in path:
            continue
        for method, operation in described.items():
            with_id.add((method, path))
            body_schema = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            body = sample(body_schema, components) if body_schema else None

            def url(pk: str, path: str = path) -> str:
                found = path.replace("{public_id}", pk)
                for key, value in extra.items():
                    found = found.replace(f"{{{key}}}", value)
                return found.removeprefix("/api/v1")

            nowhere = str(uuid.uuid4())
            route = resolve("/api/v1" + url(nowhere)).view_name
            verb = method.upper()
            if (
                rolled_back(lambda v=verb, b=body: admin.call(v, url(nowhere), b)) != 404  # noqa: B023
            ):
                unopened.add((route, "the body sample does not reach the view"))
                continue
            fits = [
                pk
                for pk in ids
                if rolled_back(lambda v=verb, b=body, pk=pk: admin.call(v, url(pk), b)) != 404
            ]
            if not fits:
                unopened.add((route, "no enrollment record opens it"))
                person_level.add((method, path))
            else:
                operations.add((method, path))
            covered += [(route, verb, url(pk), body) for pk in fits]

    before = snapshot()
    opened = [
        (route, verb, path, status)
        for route, verb, path, body in covered
        for status in [other.call(verb, path, body).status_code]
        if status != 404
    ]
    assert opened == []
    assert snapshot() == before
    assert unopened == {
        (r, "no enrollment record opens it") for r in PERSON_OR_OTHER if r.startswith("api:")
    }
    # Every operation that takes an id opens an enrollment's records, or the person's.
    assert len(operations) + len(person_level) == len(with_id) >= 40


def test_the_person_is_shared_and_the_other_programs_work_is_not(world):
    youth, home, hana = build_dana(world)
    client = Client()
    client.force_login(hana)
    page = client.get(reverse("participant_detail", args=[youth.participant.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dana" in text and "she/her" in text
    assert CANARY not in text
    assert str(youth.public_id) not in text
    assert str(home.public_id) in text
    for route in ("consent_list", "disclosure_list", "participant_edit"):
        response = client.get(reverse(route, args=[youth.participant.public_id]))
        assert response.status_code == 200, route
        assert CANARY not in response.content.decode(), route
    for route in ("home", "caseload"):
        response = client.get(reverse(route))
        assert CANARY not in response.content.decode(), route
    listed = Api(hana).call("GET", f"/participants/{youth.participant.public_id}/enrollments")
    assert [e["id"] for e in listed.json()] == [str(home.public_id)]
    assert json.dumps(listed.json()).count(CANARY) == 0
