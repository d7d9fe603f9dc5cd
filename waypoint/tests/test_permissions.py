"""The permission matrix, generated: every route, method and role, plus the meta-tests."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import World, shared_world
from waypoint.accounts.actions import create_api_token
from waypoint.assessments.actions import add_need
from waypoint.permissions import ANONYMOUS, MATRIX, allowed
from waypoint.tests.helpers import snapshot, this_databases_share

# One world for the module: each test runs in a savepoint inside it.
world = pytest.fixture(shared_world)

PERSONAS = [
    "admin",
    "manager",
    "supervisor",
    "navigator",
    "staff",
    "auditor",
    "partner",
    "participant",
    ANONYMOUS,
]


def routes() -> dict[str, str]:
    """Every named route Django can resolve, keyed by its (first) name, with its pattern."""
    found: dict[str, str] = {}
    seen_patterns: set[str] = set()

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                full = prefix + str(pattern.pattern)
                if full in seen_patterns:
                    continue  # the same path: Django resolves every method to the first name
                seen_patterns.add(full)
                found[f"{namespace}{pattern.name}"] = full

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_route_has_a_declared_policy():
    missing = sorted(name for name in routes() if name not in MATRIX)
    assert missing == []


def test_the_matrix_names_no_route_that_does_not_exist():
    stale = sorted(set(MATRIX) - set(routes()))
    assert stale == []


def test_no_route_allows_trace_or_unsafe_defaults():
    for route, policy in MATRIX.items():
        assert "TRACE" not in policy, route
        assert "PUT" not in policy, route
        assert "DELETE" not in policy, route


# Apps that keep the URL kwargs of their own routes in ``<app>/tests/records.py``.
RECORD_HOOKS = (
    "closure",
    "quality",
    "approvals",
    "supervision",
    "reports",
    "portal",
    "households",
    "imports",
    "hmis",
)


def hooked_kwargs(route: str, world: World, enrollment: Any, user: Any) -> dict[str, Any] | None:
    for app in RECORD_HOOKS:
        hook = import_module(f"waypoint.{app}.tests.records").kwargs_for
        found: dict[str, Any] | None = hook(route, world, enrollment, user)
        if found is not None:
            return found
    return None


def subject_for(world: World, persona: str) -> Any:
    # Pat (program staff) works in Home Base, where Chen is; everyone else sees Amara.
    return world.chen if persona == "staff" else world.amara


def url_for(route: str, world: World, persona: str, user: Any) -> str:
    enrollment = subject_for(world, persona)
    participant = enrollment.participant
    kwargs: dict[str, Any] = {}
    hooked = hooked_kwargs(route, world, enrollment, user)
    if hooked is not None:
        kwargs = hooked
    elif route.startswith("participant_") and route not in {
        "participant_search",
        "participant_new",
    }:
        kwargs = {"public_id": participant.public_id}
    elif route.startswith("enrollment_") or route == "need_add":
        kwargs = {"public_id": enrollment.public_id}
    elif route in {"need_move", "need_status"}:
        need = add_need(
            by=world.admin, enrollment=enrollment, domain="housing", description="A home"
        )
        kwargs = {"public_id": need.public_id}
    elif route == "assessment_start":
        kwargs = {"public_id": enrollment.public_id}
    elif route.startswith("assessment_"):
        from waypoint.assessments.actions import start_assessment

        kwargs = {"public_id": start_assessment(by=world.admin, enrollment=enrollment).public_id}
    elif route == "plan_start":
        kwargs = {"public_id": enrollment.public_id}
    elif route.startswith(("plan_", "goal_", "step_")):
        from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan

        version = start_plan(by=world.admin, enrollment=enrollment)
        need = add_need(
            by=world.admin, enrollment=enrollment, domain="housing", description="A home"
        )
        goal = save_goal(
            by=world.admin,
            version=version,
            goal=None,
            data=GoalData(text="Find a room", needs=[need], steps=[StepData(what="Call")]),
            expected=version.edit_version,
        )
        if route.startswith("plan_") or route == "goal_new":
            kwargs = {"public_id": version.public_id}
        elif route == "step_progress":
            kwargs = {"public_id": goal.public_id, "key": goal.steps.get().key}
        else:
            kwargs = {"public_id": goal.public_id}
    elif route in {"contact_new", "contact_list", "appointment_new", "commitment_new"}:
        kwargs = {"public_id": enrollment.public_id}
    elif route.startswith("note_"):
        from waypoint.notes.actions import log_contact

        contact = log_contact(
            by=world.admin,
            enrollment=enrollment,
            outcome="completed",
            data={"method": "phone", "happened_at": timezone.now() - timedelta(hours=1)},
        )
        kwargs = {"public_id": contact.note.public_id}
    elif route.startswith("appointment_"):
        from waypoint.notes.actions import schedule_appointment

        appointment = schedule_appointment(
            by=world.admin,
            enrollment=enrollment,
            data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Check in"},
        )
        kwargs = {"public_id": appointment.public_id}
    elif route == "commitment_close":
        from waypoint.notes.actions import make_commitment

        commitment = make_commitment(by=world.admin, enrollment=enrollment, what="Call back")
        kwargs = {"public_id": commitment.public_id}
    elif route == "coach_phrase_edit":
        from waypoint.notes.actions import save_phrase

        phrase = save_phrase(
            by=world.admin,
            organization=world.org,
            phrase=None,
            data={"kind": "label", "phrase": "troubled", "suggestion": "facing"},
        )
        kwargs = {"pk": phrase.pk}
    elif route in {"consent_list", "consent_new", "disclosure_list"}:
        kwargs = {"public_id": participant.public_id}
    elif route.startswith("consent_"):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone as tz

        from waypoint.consent.actions import give_consent
        from waypoint.directory.models import Provider

        provider = Provider.objects.create(owner=world.org, name="Partner", description="x")
        consent = give_consent(
            by=world.admin,
            participant=participant,
            data={
                "recipient_provider": provider,
                "categories": ["contact"],
                "purpose": "A referral",
                "starts_on": tz.localdate(),
                "how": "signed_form",
            },
            form_file=SimpleUploadedFile("form.pdf", b"%PDF-1.7 test"),
        )
        kwargs = {"public_id": consent.public_id}
    elif route in {"partner_referral", "partner_referral_move"}:
        from django.utils import timezone as tz

        from waypoint.consent.actions import give_consent
        from waypoint.directory.models import Service
        from waypoint.referrals.actions import make_referral

        service = Service.objects.create(
            owner=world.org, organization=world.partner_org, name="Groceries", status="active"
        )
        consent = give_consent(
            by=world.admin,
            participant=participant,
            data={
                "recipient_provider": world.partner_org,
                "categories": ["contact"],
                "purpose": "Groceries",
                "starts_on": tz.localdate(),
                "how": "typed",
                "typed_name": "Yes",
            },
        )
        referral = make_referral(
            by=world.admin,
            enrollment=enrollment,
            service=service,
            consent=consent,
            categories=["contact"],
            participant_agreed=True,
        )
        kwargs = {"public_id": referral.public_id}
    elif route == "partner_users":
        kwargs = {"pk": world.partner_org.pk}
    elif route in {"partner_conference", "partner_conference_update", "partner_action_done"}:
        from waypoint.conferences.tests.signed import partner_meeting

        conference = partner_meeting(world, enrollment, signed=route == "partner_action_done")
        kwargs = {"public_id": conference.public_id}
    elif route in {"conference_action_close", "discussion_print"}:
        from waypoint.conferences.tests.signed import signed_for

        _, discussion, item = signed_for(world, enrollment, user)
        kwargs = {
            "public_id": (item if route == "conference_action_close" else discussion).public_id
        }
    elif route in {"referral_new", "referral_inside"}:
        kwargs = {"public_id": enrollment.public_id}
    elif route.startswith("referral_") and route != "referral_figures":
        from waypoint.directory.models import Provider, Service
        from waypoint.referrals.actions import make_referral

        provider = Provider.objects.create(owner=world.org, name="Partner", description="x")
        service = Service.objects.create(
            owner=world.org, organization=provider, name="Help", status="active"
        )
        referral = make_referral(
            by=world.admin,
            enrollment=enrollment,
            service=service,
            consent=None,
            categories=[],
            participant_agreed=False,
            send=False,
        )
        kwargs = {"public_id": referral.public_id}
    elif route == "directory_import":
        from waypoint.directory.models import DirectoryImport

        job = DirectoryImport.objects.create(
            owner=world.org, started_by=world.admin, file_name="a.zip", stored_at="/none"
        )
        kwargs = {"public_id": job.public_id}
    elif route.startswith("directory_service"):
        from waypoint.directory.tests.test_views import make_service

        kwargs = {"hsds_id": make_service(world.org).hsds_id}
    elif route == "program_questions":
        kwargs = {"pk": enrollment.program_id}
    elif route.startswith("question_"):
        from waypoint.assessments.actions import add_question

        question = add_question(
            by=world.admin, program=enrollment.program, data={"label": "Household size"}
        )
        kwargs = {"public_id": question.public_id}
    elif route.startswith(("conference_", "discussion_", "action_item_")) and route not in {
        "conference_list",
        "conference_new",
    }:
        kwargs = {"public_id": conference_record(route, world, enrollment, user).public_id}
    elif route == "audit_participant":
        kwargs = {"public_id": participant.public_id}
    elif route in {"audit_staff", "staff_detail", "staff_active", "staff_mfa_reset"}:
        kwargs = {"pk": world.navigator.pk}
    elif route == "staff_role_revoke":
        membership = world.navigator.memberships.get()
        kwargs = {"pk": world.navigator.pk, "membership_pk": membership.pk}
    elif route == "program_settings":
        kwargs = {"pk": enrollment.program_id}
    elif route == "password_reset_confirm":
        kwargs = {"uidb64": "MQ", "token": "set-password"}
    elif route == "api_token_revoke":
        owner = user or world.navigator
        token, _ = create_api_token(by=owner, name="matrix test")
        kwargs = {"pk": token.pk}
    return reverse(route, kwargs=kwargs)


def conference_record(route: str, world: World, enrollment: Any, user: Any) -> Any:
    """A conference about ``enrollment`` that ``user`` attends, its discussion, or an
    action item, for the route."""
    from waypoint.conferences import actions as conferences

    conference = conferences.create_conference(
        by=world.admin,
        program=enrollment.program,
        kind="team",
        title="Team conference",
        starts_at=timezone.now() + timedelta(days=1),
        place="Room 1",
    )
    staff = user is not None and user.partner_of_id is None and user.participant_id is None
    if staff and user.pk != world.admin.pk and user.organization_id == world.org.pk:
        conferences.add_attendee(by=world.admin, conference=conference, kind="staff", user=user)
    discussion = conferences.add_discussion(
        by=world.admin, conference=conference, enrollment=enrollment, reason="New barriers"
    )
    if route.startswith("conference_"):
        return conference
    if route.startswith("discussion_"):
        return discussion
    return conferences.add_action_item(
        by=world.admin,
        discussion=discussion,
        what="Call back",
        due_on=timezone.localdate(),
        owner_user=world.admin,
    )


def user_for(world: World, persona: str) -> Any:
    return None if persona == ANONYMOUS else getattr(world, persona)


PARTICIPANT = "participant"

# The matrix decides before any view runs, whatever the database: in CI the cases are
# shared between the SQLite and the PostgreSQL run (helpers.this_databases_share).
PAGE_CASES = this_databases_share(
    [
        (route, method, persona)
        for route, policy in MATRIX.items()
        if not route.startswith(("api:", "hsds:"))
        for method in policy
        for persona in PERSONAS
        # A participant refused by the matrix is checked in one sweep below (no records
        # needed: the role is refused before any object is looked up).
        if persona != PARTICIPANT or allowed(route, method, frozenset({PARTICIPANT}))
    ]
)


def placeholder_url(pattern: str) -> str:
    """A URL for a route pattern with made-up values: a fresh UUID, 1, or "x"."""

    def value(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return {"uuid": str(uuid.uuid4()), "int": "1"}.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", value, pattern)


def test_a_participant_reaches_no_staff_route_and_nothing_changes(world):
    """Every route and method the matrix refuses a participant answers 404 to Amara's own
    sign-in (she is signed in; nothing sends her to sign in), and changes nothing."""
    client = Client()
    client.force_login(world.participant)
    patterns = routes()
    refused = [
        (route, method)
        for route, policy in MATRIX.items()
        if not route.startswith(("api:", "hsds:"))
        for method in policy
        if not allowed(route, method, frozenset({PARTICIPANT}))
    ]
    assert len(refused) > 200
    before = snapshot()
    for route, method in refused:
        response = client.generic(method, placeholder_url(patterns[route]))
        assert response.status_code == 404, (route, method, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize(("route", "method", "persona"), PAGE_CASES)
def test_matrix(world, route, method, persona):
    user = user_for(world, persona)
    client = Client()
    if user is not None:
        client.force_login(user)
    url = url_for(route, world, persona, user)
    roles = frozenset({persona})
    before = snapshot(audit=False)
    response = client.generic(method, url)
    expected = allowed(route, method, roles)
    if expected:
        assert response.status_code not in (404, 405), (route, method, persona)
        if route not in {"login", "logout"} and persona != ANONYMOUS:
            bounced = response.get("Location", "").split("?")[0]
            assert bounced not in {"/sign-in/", "/my/sign-in/"}
    elif persona == ANONYMOUS:
        assert response.status_code == 302
        sign_in = "/my/sign-in/" if route.startswith("portal_") else "/sign-in/"
        assert response["Location"].startswith(sign_in)
    else:
        assert response.status_code == 404
    if method == "GET" or not expected:
        # GET never changes anything; a refused request changes nothing.
        assert snapshot(audit=False) == before


@pytest.mark.parametrize("route", [r for r in MATRIX if not r.startswith(("api:", "hsds:"))])
def test_undeclared_methods_get_405(world, route):
    client = Client()
    client.force_login(world.admin)
    url = url_for(route, world, "admin", world.admin)
    for method in ("TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"):
        if method in MATRIX[route]:
            continue
        response = client.generic(method, url)
        assert response.status_code == 405, (route, method)


OUTSIDER_CASES = this_databases_share(
    [
        (route, method)
        for route, policy in MATRIX.items()
        if not route.startswith(("api:", "hsds:"))
        for method in policy
    ]
)


@pytest.mark.parametrize(("route", "method"), OUTSIDER_CASES)
def test_outsider_is_refused_everywhere_and_nothing_changes(world, route, method):
    """Olga navigates and supervises in another organization: nothing here exists for her."""
    client = Client()
    client.force_login(world.outsider)
    url = url_for(route, world, "navigator", world.navigator)
    before = snapshot()
    before_domain = snapshot(audit=False)
    data = {
        "q": "Amara",
        "name": "Amara",
        "status": "exiting",
        "phase": "Training",
        "reason": "x",
        "version": 1,
        "navigator": world.outsider.pk,
        "step": "create",
    }
    response = client.generic(
        method,
        url,
        data=_encode(data) if method == "POST" else "",
        content_type="application/x-www-form-urlencoded",
    )
    detail = f"/participants/{world.amara.participant.public_id}/".encode()
    assert detail not in response.content
    assert b"Igbo" not in response.content
    if route in OWN_WORK_PAGES:
        # Pages about the outsider's own work answer, showing only their own organization.
        # (The portal's ways in answer 400 to the nonsense this test sends them.)
        assert response.status_code in (200, 302, 400), (route, method)
        if (route, method) != ("api_tokens", "POST"):  # their own new token is theirs
            assert snapshot(audit=False) == before_domain
        return
    assert response.status_code == 404, (route, method, response.status_code)
    assert snapshot() == before


OWN_WORK_PAGES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "health",
    "home",
    "caseload",
    "participant_search",
    "participant_new",
    "program_list",
    "api_tokens",
    "account_language",  # their own language (the test's data picks none: nothing saved)
    "login_code",
    "mfa_account",
    "mfa_enrol",
    "mfa_recovery_codes",
    "mfa_remove",
    "supervision",
    "dashboard",  # a redirect to the first program they oversee: their own
    "directory_search",
    "referral_figures",
    "conference_list",
    "conference_new",
    # The approvals waiting in and decided in the programs they oversee (their own).
    "approval_list",
    "approval_history",
    # Supervision sessions: the list and the start form show only their own organization.
    "supervision_sessions",
    "supervision_session_new",
    # Data quality: figures of their own organization's programs only.
    "data_quality",
    "data_quality_csv",
    "data_quality_xlsx",
    # File reviews: the outsider supervises their own program's files.
    "quality_queue",
    # Coming in to a participant's own Waypoint is open to anyone (a code or a link decides).
    "portal_sign_in",
    "portal_join",
    "portal_join_link",
    "portal_link",
    "portal_link_use",
    "portal_link_open",
}


def _encode(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data)


def test_trace_is_refused_on_the_api_too(world):
    client = Client()
    assert client.generic("TRACE", "/api/v1/openapi.json").status_code == 405
    assert client.generic("TRACE", "/api/v1/participants").status_code == 405


# Pages made for the participant to read: they speak the participant's language.
PARTICIPANT_COPIES = {
    "plan_print",
    "plan_acknowledge",
    "post_plan_print",
    "post_plan_acknowledge",
}


@pytest.mark.parametrize("persona", ["admin", "manager", "supervisor", "navigator", "partner"])
def test_every_page_answers_in_spanish_for_staff_who_chose_it(world, persona):
    """Each page a staff member (or a partner) may open renders in Spanish once they chose
    it: no fault from a translated sentence, the page's language says so, and the menu
    speaks Spanish."""
    user = user_for(world, persona)
    type(user).objects.filter(pk=user.pk).update(language="es")
    user.language = "es"
    client = Client()
    client.force_login(user)
    pages = [
        route
        for route, policy in MATRIX.items()
        if not route.startswith(("api:", "hsds:"))
        and "GET" in policy
        and allowed(route, "GET", frozenset({persona}))
        and route not in {"logout", "health"}
    ]
    assert len(pages) > 10
    shown = 0
    for route in pages:
        response = client.get(url_for(route, world, persona, user))
        assert response.status_code < 500, (route, response.status_code)
        assert response["Content-Language"] == "es", route
        body = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        if response.status_code == 200 and body.lstrip().startswith("<!doctype html>"):
            shown += 1
            if route not in PARTICIPANT_COPIES:
                assert '<html lang="es"' in body, route
            if "wp-account" in body:
                assert ">Salir<" in body and "Sign out" not in body, route
    assert shown > 10
