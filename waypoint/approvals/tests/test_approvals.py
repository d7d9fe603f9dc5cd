"""Approvals through real requests: for each kind, asked for, returned once with a
comment, asked again and approved, with what approval does applied exactly once; a
supervisor's own cap override recorded as approved at once; roles (auditors read, never
decide; outsiders and other programs get 404 with nothing changed; nobody decides their
own request); bad input refused with a message and nothing lost; stale decisions 409;
the history kept in steps the database never changes; lists in a fixed number of
queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from waypoint.approvals import actions, queries
from waypoint.approvals.models import Approval, ApprovalSettings, ApprovalStep
from waypoint.approvals.tests.records import pending_approval
from waypoint.assessments.actions import add_need
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment, EnrollmentEvent
from waypoint.errors import ActionRefused, CapExceeded
from waypoint.plans import actions as plans
from waypoint.plans.models import PlanVersion
from waypoint.tests.helpers import snapshot


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask_for(program: Any, **kinds: bool) -> ApprovalSettings:
    return actions.update_approval_settings(by=_manager(program), program=program, changes=kinds)


def _manager(program: Any) -> Any:
    from waypoint.accounts.models import User

    return User.objects.get(username="mo")


def draft_plan(world: Any, enrollment: Any = None) -> PlanVersion:
    enrollment = enrollment or world.amara
    version = plans.start_plan(by=world.navigator, enrollment=enrollment)
    need = add_need(
        by=world.navigator, enrollment=enrollment, domain="housing", description="A home"
    )
    plans.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=plans.GoalData(text="Find a room", needs=[need], steps=[plans.StepData(what="Call")]),
        expected=version.edit_version,
    )
    version.refresh_from_db()
    return version


def steps(approval: Approval) -> list[tuple[str, str, str]]:
    return [
        (s.kind, s.by.username, s.comment)
        for s in approval.steps.select_related("by").order_by("at", "pk")
    ]


# --- Settings ------------------------------------------------------------------------------


def test_a_manager_chooses_what_needs_approval(world):
    manager = client_for(world.manager)
    url = f"/programs/{world.youth.pk}/approvals/"
    page = manager.get(url)
    assert page.status_code == 200
    assert "Service plan version before it is shared" in page.content.decode()
    assert not ApprovalSettings.objects.exists()  # reading never writes
    response = manager.post(url, {"plan": "on", "referral": "on", "version": 1})
    assert response.status_code == 302
    rules = actions.settings_of(world.youth)
    assert (rules.plan, rules.caseload, rules.referral, rules.version) == (True, False, True, 2)
    # A save from a page opened before that one is refused, naming what changed.
    stale = manager.post(url, {"caseload": "on", "version": 1})
    assert stale.status_code == 409
    assert "assignment beyond the caseload cap" in stale.content.decode() or (
        "service plan" in stale.content.decode()
    )
    assert actions.settings_of(world.youth).caseload is False
    # Supervisors and navigators do not see the page.
    before = snapshot()
    assert (
        client_for(world.supervisor).post(url, {"caseload": "on", "version": 2}).status_code == 404
    )
    assert client_for(world.outsider).get(url).status_code == 404
    assert snapshot() == before


# --- A plan version ------------------------------------------------------------------------


def test_plan_asked_returned_asked_again_and_approved_shares_it_once(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    ask_for(world.youth, plan=True)
    version = draft_plan(world)
    nia, sam = client_for(world.navigator), client_for(world.supervisor)
    url = f"/plans/{version.public_id}/"
    assert "Ask for approval" in nia.get(url).content.decode()
    # Sharing directly is refused where the program asks for approval.
    with pytest.raises(ActionRefused, match="ask for approval"):
        plans.share(by=world.navigator, version=version, expected=version.edit_version)

    nia.post(f"/plans/{version.public_id}/share/", {"edit_version": version.edit_version})
    approval = Approval.objects.get(kind="plan", subject_id=version.pk)
    assert approval.status == "pending" and approval.requested_by == world.navigator
    version.refresh_from_db()
    assert version.status == "draft"
    assert "Waiting for a supervisor" in nia.get(url).content.decode()

    # On the supervisor's home and list, with its age.
    home = sam.get("/supervision/").content.decode()
    assert (
        "Plans, assignments and referrals waiting for approval: 1" in home
        and "waiting since today" in home
    )
    Approval.objects.filter(pk=approval.pk).update(requested_at=timezone.now() - timedelta(days=3))
    assert "waiting 3 days" in sam.get("/approvals/").content.decode()

    # Returning needs a comment: refused beside the field, nothing changed.
    before = snapshot(audit=False)
    detail = f"/approvals/{approval.public_id}/"
    empty = sam.post(f"{detail}return/", {"comment": "  ", "version": approval.version})
    assert empty.status_code == 400
    assert "Say what needs to change." in empty.content.decode()
    assert snapshot(audit=False) == before

    with django_capture_on_commit_callbacks(execute=True):
        done = sam.post(f"{detail}return/", {"comment": "Put the goal in her words.", "version": 1})
    assert done.status_code == 302
    approval.refresh_from_db()
    assert approval.status == "returned" and approval.decided_by == world.supervisor
    [mail] = mailoutbox
    assert mail.to == ["nia@example.org"] and "returned" in mail.subject
    assert "Amara" not in mail.subject + mail.body and "plan" not in mail.body.lower()
    page = nia.get(url).content.decode()
    assert "Put the goal in her words." in page and "Ask for approval" in page
    assert "Put the goal in her words." in nia.get("/caseload/").content.decode()

    # Asked again: the same approval, its history in one place.
    version.refresh_from_db()
    nia.post(f"/plans/{version.public_id}/share/", {"edit_version": version.edit_version})
    approval.refresh_from_db()
    assert approval.status == "pending" and Approval.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        approved = sam.post(f"{detail}approve/", {"comment": "", "version": approval.version})
    assert approved.status_code == 302
    version.refresh_from_db()
    assert version.status == "shared" and version.shared_by == world.supervisor
    approval.refresh_from_db()
    assert approval.status == "approved"
    assert steps(approval) == [
        ("requested", "nia", ""),
        ("returned", "sam", "Put the goal in her words."),
        ("asked_again", "nia", ""),
        ("approved", "sam", ""),
    ]
    assert len(mailoutbox) == 2 and "approved" in mailoutbox[1].subject

    # A second decision (another tab, the same version) is refused: 409, nothing changed.
    before = snapshot(audit=False)
    again = client_for(world.manager).post(f"{detail}approve/", {"version": 3})
    assert again.status_code == 409
    assert snapshot(audit=False) == before


def test_a_plan_changed_after_it_was_sent_is_not_approved(world):
    ask_for(world.youth, plan=True)
    version = draft_plan(world)
    approval = plans.ask_to_share(
        by=world.navigator, version=version, expected=version.edit_version
    )
    plans.save_long_term_goals(
        by=world.navigator,
        version=version,
        goals=[(None, "A home of her own")],
        expected=version.edit_version,
    )
    version.refresh_from_db()
    assert version.edit_version != approval.details["edit_version"]
    response = client_for(world.supervisor).post(
        f"/approvals/{approval.public_id}/approve/", {"version": approval.version}
    )
    assert response.status_code == 400
    assert "changed after it was sent" in response.content.decode()
    version.refresh_from_db()
    approval.refresh_from_db()
    assert version.status == "draft" and approval.status == "pending"


# --- Assigning beyond the cap ----------------------------------------------------------------


def fill_caseload(world: Any, navigator: Any, program: Any) -> None:
    held = enrollments.caseload_count(program.pk, navigator.pk)
    for i in range(held, program.caseload_cap):
        enrollments.enroll_new_participant(
            by=world.supervisor,
            program=program,
            data={"preferred_name": f"Full {i}"},
            navigator=navigator,
            status="enrolled",
        )


def test_a_supervisors_override_is_recorded_as_approved_at_once(world):
    fill_caseload(world, world.navigator, world.youth)
    sam = client_for(world.supervisor)
    response = sam.post(
        f"/enrollments/{world.bo.public_id}/assign/",
        {
            "navigator": world.navigator.pk,
            "override_reason": "Nia speaks their language.",
            "version": world.bo.version,
        },
    )
    assert response.status_code == 302
    world.bo.refresh_from_db()
    assert world.bo.navigator == world.navigator
    [approval] = Approval.objects.filter(kind="caseload", subject_id=world.bo.pk)
    assert approval.status == "approved" and approval.decided_by == world.supervisor
    assert approval.reason == "Nia speaks their language."
    assert [s[:2] for s in steps(approval)] == [("requested", "sam"), ("approved", "sam")]
    assert queries.pending_for(world.manager) == ([], 0)


def test_beyond_the_cap_without_the_setting_a_navigator_is_refused(world):
    fill_caseload(world, world.navigator, world.youth)
    with pytest.raises(CapExceeded, match="supervisor or program manager"):
        enrollments.enroll_new_participant(
            by=world.navigator,
            program=world.youth,
            data={"preferred_name": "Someone"},
            navigator=world.navigator,
            override_reason="I know them",
        )
    assert not Approval.objects.exists()


def test_a_navigators_assignment_beyond_the_cap_waits_then_applies_on_approval(world):
    ask_for(world.youth, caseload=True)
    fill_caseload(world, world.navigator, world.youth)
    with pytest.raises(CapExceeded, match="Give a reason and a supervisor will be asked"):
        enrollments.enroll_new_participant(
            by=world.navigator,
            program=world.youth,
            data={"preferred_name": "Someone"},
            navigator=world.navigator,
        )
    enrollment = enrollments.enroll_new_participant(
        by=world.navigator,
        program=world.youth,
        data={"preferred_name": "Kofi"},
        navigator=world.navigator,
        override_reason="Kofi asked for Nia by name.",
    )
    assert enrollment.navigator is None  # waits for a navigator until approved
    approval = Approval.objects.get(kind="caseload", subject_id=enrollment.pk)
    assert approval.status == "pending" and approval.details == {"navigator": world.navigator.pk}

    sam = client_for(world.supervisor)
    detail = f"/approvals/{approval.public_id}/"
    page = sam.get(detail).content.decode()
    assert "Kofi asked for Nia by name." in page and "(the cap is 3)" in page
    sam.post(f"{detail}return/", {"comment": "Ask Noor first.", "version": approval.version})
    approval.refresh_from_db()
    assert approval.status == "returned"
    assert Enrollment.objects.get(pk=enrollment.pk).navigator is None
    again = actions.request_approval(
        by=world.navigator,
        kind="caseload",
        enrollment=enrollment,
        subject_id=enrollment.pk,
        reason="Noor is full too.",
    )
    assert again.pk == approval.pk and again.status == "pending"
    assert sam.post(f"{detail}approve/", {"version": again.version}).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.navigator == world.navigator
    [assigned] = EnrollmentEvent.objects.filter(enrollment=enrollment, kind="assigned")
    assert assigned.cap_override and assigned.by == world.supervisor
    assert Approval.objects.filter(kind="caseload", subject_id=enrollment.pk).count() == 1
    assert [s[0] for s in steps(Approval.objects.get(pk=approval.pk))] == [
        "requested",
        "returned",
        "asked_again",
        "approved",
    ]


# --- A referral carrying a sensitive category ---------------------------------------------------


def sensitive_referral(world: Any) -> Any:
    from waypoint.consent import actions as consent_actions
    from waypoint.directory.models import Provider, Service
    from waypoint.referrals import actions as referrals

    provider = Provider.objects.create(owner=world.org, name="Clinic", description="Care")
    service = Service.objects.create(
        owner=world.org, organization=provider, name="Counselling", status="active"
    )
    today = timezone.localdate()
    consent = consent_actions.give_consent(
        by=world.navigator,
        participant=world.amara.participant,
        data={
            "recipient_provider": provider,
            "categories": ["contact", "mental_health"],
            "purpose": "Counselling",
            "starts_on": today,
            "ends_on": today + timedelta(days=90),
            "how": "typed",
            "typed_name": "Amara",
        },
    )
    return referrals.make_referral(
        by=world.navigator,
        enrollment=world.amara,
        service=service,
        consent=consent,
        categories=["contact", "mental_health"],
        participant_agreed=True,
    )


def test_a_sensitive_referral_is_kept_unsent_until_approved(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    ask_for(world.youth, referral=True)
    referral = sensitive_referral(world)
    assert referral.status == "draft"
    approval = Approval.objects.get(kind="referral", subject_id=referral.pk)
    nia, sam = client_for(world.navigator), client_for(world.supervisor)
    page = nia.get(f"/referrals/{referral.public_id}/").content.decode()
    assert "Waiting for a supervisor" in page and "Send the referral" not in page
    detail = f"/approvals/{approval.public_id}/"
    assert "Mental health" in sam.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sam.post(f"{detail}return/", {"comment": "Check the consent dates.", "version": 1})
    assert "mental" not in mailoutbox[0].body.lower() and "Amara" not in mailoutbox[0].body
    referral.refresh_from_db()
    assert referral.status == "draft"
    response = nia.post(f"/referrals/{referral.public_id}/send/")
    assert response.status_code == 302
    referral.refresh_from_db()
    approval.refresh_from_db()
    assert referral.status == "draft" and approval.status == "pending"
    assert sam.post(f"{detail}approve/", {"version": approval.version}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert referral.events.filter(to_status="sent").count() == 1


def test_a_referral_without_a_sensitive_category_goes_at_once(world):
    ask_for(world.youth, referral=True)
    from waypoint.directory.models import Provider, Service
    from waypoint.referrals import actions as referrals

    provider = Provider.objects.create(owner=world.org, name="Pantry", description="Food")
    service = Service.objects.create(
        owner=world.org, organization=provider, name="Groceries", status="active"
    )
    referral = referrals.make_referral(
        by=world.navigator,
        enrollment=world.amara,
        service=service,
        consent=None,
        categories=[],
        participant_agreed=False,
        send=False,
    )
    assert referral.status == "draft" and not Approval.objects.exists()


# --- Roles -----------------------------------------------------------------------------------


def test_auditors_read_and_never_decide(world):
    approval = pending_approval(world.amara, world.navigator)
    auditor = client_for(world.auditor)
    detail = f"/approvals/{approval.public_id}/"
    page = auditor.get(detail).content.decode()
    assert "Your decision" not in page
    assert auditor.get("/approvals/").status_code == 200
    assert auditor.get("/approvals/history/").status_code == 200
    before = snapshot()
    assert auditor.post(f"{detail}approve/", {"version": 1}).status_code == 404
    assert snapshot() == before


def test_outsiders_and_other_programs_get_404_with_nothing_changed(world):
    approval = pending_approval(world.amara, world.navigator)
    detail = f"/approvals/{approval.public_id}/"
    before = snapshot()
    for user in (world.outsider, world.staff):  # Pat works only in Home Base
        client = client_for(user)
        assert client.get(detail).status_code == 404
        assert client.post(f"{detail}withdraw/", {"version": 1}).status_code == 404
    assert client_for(world.outsider).post(f"{detail}approve/", {"version": 1}).status_code == 404
    assert snapshot() == before
    # Noor sees nothing of Amara (Nia's caseload in Youth Works).
    assert client_for(world.navigator2).get(detail).status_code == 404


def test_nobody_decides_their_own_request_and_the_requester_withdraws(world):
    version = draft_plan(world)
    ask_for(world.youth, plan=True)
    approval = plans.ask_to_share(
        by=world.supervisor, version=version, expected=version.edit_version
    )
    sam = client_for(world.supervisor)
    detail = f"/approvals/{approval.public_id}/"
    assert "Another supervisor of the program decides" in sam.get(detail).content.decode()
    own = sam.post(f"{detail}approve/", {"version": approval.version})
    assert own.status_code == 400
    assert "another supervisor decides it" in own.content.decode()
    assert queries.pending_for(world.supervisor) == ([], 0)
    # A navigator may not withdraw someone else's request.
    nia = client_for(world.navigator)
    assert nia.post(f"{detail}withdraw/", {"version": 1}).status_code == 400
    assert sam.post(f"{detail}withdraw/", {"version": 1, "comment": "Not yet"}).status_code == 302
    approval.refresh_from_db()
    assert approval.status == "withdrawn"
    version.refresh_from_db()
    assert version.status == "draft"


def test_bad_input_is_refused_with_a_message(world):
    approval = pending_approval(world.amara, world.navigator)
    sam = client_for(world.supervisor)
    detail = f"/approvals/{approval.public_id}/"
    before = snapshot(audit=False)
    long = sam.post(f"{detail}return/", {"comment": "x" * 2001, "version": 1})
    assert long.status_code == 400
    nul = sam.post(f"{detail}return/", {"comment": "a\x00b", "version": 1})
    assert nul.status_code == 400
    no_version = sam.post(f"{detail}approve/", {"version": "soon"})
    assert no_version.status_code == 400
    stale = sam.post(f"{detail}approve/", {"version": 7})
    assert stale.status_code == 409
    assert "saved changes since you opened this page" in stale.content.decode()
    assert snapshot(audit=False) == before
    bad_filter = sam.get("/approvals/history/", {"kind": "nonsense"})
    assert bad_filter.status_code == 400 and "Choose from the list." in bad_filter.content.decode()


def test_a_return_refused_for_no_comment_keeps_its_label_beside_the_message(world):
    """Found by the browser test: the refused return form came back labelled "Comment
    (optional)" with a required mark, and the page's three forms shared one id."""
    approval = pending_approval(world.amara, world.navigator)
    sam = client_for(world.supervisor)
    before = snapshot(audit=False)
    page = sam.post(f"/approvals/{approval.public_id}/return/", {"comment": " ", "version": 1})
    assert page.status_code == 400
    html = page.content.decode()
    assert (
        '<label class="usa-label" for="return-comment">What needs to change <abbr' in html
        and "Comment (optional) <abbr" not in html
    )
    assert 'id="return-comment-error" role="alert">Say what needs to change.</span>' in html
    assert 'aria-describedby="return-comment-error"' in html
    for shown in (page, sam.get(f"/approvals/{approval.public_id}/")):
        html = shown.content.decode()
        assert 'id="id_version"' not in html
        for which in ("approve", "return"):
            assert html.count(f'id="{which}-version"') == 1
    assert snapshot(audit=False) == before


# --- The database keeps the rules ----------------------------------------------------------


def test_one_pending_approval_per_subject_and_steps_never_change(world):
    approval = pending_approval(world.amara, world.navigator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(
            organization_id=approval.organization_id,
            program_id=approval.program_id,
            enrollment=approval.enrollment,
            kind=approval.kind,
            subject_id=approval.subject_id,
            requested_by=world.navigator2,
            requested_at=timezone.now(),
        )
    # Asking again while one waits hands that one back.
    same = actions.request_approval(
        by=world.navigator,
        kind="caseload",
        enrollment=world.amara,
        subject_id=world.amara.pk,
        reason="Again",
    )
    assert same.pk == approval.pk
    with pytest.raises(DatabaseError), transaction.atomic():
        ApprovalStep.objects.filter(approval=approval).update(comment="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        ApprovalStep.objects.filter(approval=approval).delete()


# --- Lists -----------------------------------------------------------------------------------


def test_the_list_and_history_take_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sam = client_for(world.supervisor)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert sam.get(url).status_code == 200
        return len(captured)

    pending_approval(world.bo, world.navigator2)
    first = pending_approval(world.amara, world.navigator)
    actions.return_for_changes(by=world.supervisor, approval=first, comment="More")
    small = (count("/approvals/"), count("/approvals/history/"))
    for i in range(6):
        person = enrollments.enroll_new_participant(
            by=world.supervisor,
            program=world.home,
            data={"preferred_name": f"Person {i}"},
            status="enrolled",
        )
        approval = pending_approval(person, world.navigator2)
        if i % 2:
            actions.return_for_changes(by=world.supervisor, approval=approval, comment="More")
    big = (count("/approvals/"), count("/approvals/history/"))
    assert small == big
    page = sam.get("/approvals/history/", {"program": world.home.pk, "kind": "caseload"})
    assert page.content.decode().count("Returned for changes") == 3  # not Amara's


# --- API -------------------------------------------------------------------------------------


def test_the_api_lists_reads_and_decides(world):
    from waypoint.tests.helpers import Api

    ask_for(world.youth, plan=True)
    version = draft_plan(world)
    approval = plans.ask_to_share(
        by=world.navigator, version=version, expected=version.edit_version
    )
    sam = Api(world.supervisor)
    [listed] = sam.call("GET", "/approvals").json()
    assert listed["id"] == str(approval.public_id) and listed["days_waiting"] == 0
    assert [s["kind"] for s in listed["steps"]] == ["requested"]
    # A navigator may not decide (404 from the matrix); the outsider cannot see it.
    nia, olga = Api(world.navigator), Api(world.outsider)
    before = snapshot(audit=False)
    url = f"/approvals/{approval.public_id}"
    assert nia.call("POST", f"{url}/approve", {"version": 1}).status_code == 404
    assert olga.call("GET", url).status_code == 404
    assert nia.call("GET", f"/approvals/{approval.public_id}").status_code == 200
    empty = sam.call("POST", f"/approvals/{approval.public_id}/return", {"version": 1})
    assert empty.status_code == 400
    assert snapshot(audit=False) == before
    returned = sam.call(
        "POST", f"/approvals/{approval.public_id}/return", {"version": 1, "comment": "Words"}
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    stale = sam.call("POST", f"/approvals/{approval.public_id}/approve", {"version": 1})
    assert stale.status_code == 409
    plans.ask_to_share(by=world.navigator, version=version, expected=version.edit_version)
    done = sam.call("POST", f"/approvals/{approval.public_id}/approve", {"version": 3})
    assert done.status_code == 200, done.content
    assert [s["kind"] for s in done.json()["steps"]] == [
        "requested",
        "returned",
        "asked_again",
        "approved",
    ]
    version.refresh_from_db()
    assert version.status == "shared"


# --- A closure (its own pages and history stay) ------------------------------------------------


def ask_to_close(world: Any) -> Any:
    from waypoint.closure import actions as closure_actions
    from waypoint.closure.models import ClosureReason
    from waypoint.closure.tests.records import relax

    relax(world.youth)
    rules = closure_actions.settings_for(world.youth)
    rules.needs_approval = True
    rules.save()
    closure_actions.reasons_for(world.youth)
    return closure_actions.request_closure(
        by=world.navigator,
        enrollment=world.amara,
        reason=ClosureReason.objects.get(program=world.youth, label="Moved away from the area"),
        destination=17,
        completion=2,
        exit_on=timezone.localdate(),
        note="Moving to be near her sister; she has the shelter's number.",
    )


def test_a_closure_is_decided_from_the_approvals_pages_and_keeps_its_history(world):
    from waypoint.closure.models import ClosureEvent

    closure = ask_to_close(world)
    assert closure.status == "requested"
    approval = Approval.objects.get(kind="closure", subject_id=closure.pk)
    assert approval.status == "pending" and approval.reason == "Moved away from the area"
    sam = client_for(world.supervisor)
    detail = f"/approvals/{approval.public_id}/"
    assert f"/closures/{closure.public_id}/" in sam.get(detail).content.decode()
    returned = sam.post(
        f"{detail}return/", {"comment": "Add where she can get help.", "version": 1}
    )
    assert returned.status_code == 302
    closure.refresh_from_db()
    approval.refresh_from_db()
    assert closure.status == "returned" and approval.status == "returned"
    # The navigator sends it again on the closure's own page path (the action).
    ask_to_close(world)
    approval.refresh_from_db()
    assert approval.status == "pending"
    approved = sam.post(f"{detail}approve/", {"comment": "Go well.", "version": approval.version})
    assert approved.status_code == 302
    closure.refresh_from_db()
    approval.refresh_from_db()
    assert closure.status == "closed" and approval.status == "approved"
    assert Enrollment.objects.get(pk=world.amara.pk).status == "exited"
    assert [e.kind for e in closure.events.order_by("at", "pk")] == [
        ClosureEvent.Kind.REQUESTED,
        ClosureEvent.Kind.RETURNED,
        ClosureEvent.Kind.REQUESTED,
        ClosureEvent.Kind.APPROVED,
        ClosureEvent.Kind.CLOSED,
    ]
    assert steps(approval) == [
        ("requested", "nia", "Moved away from the area"),
        ("returned", "sam", "Add where she can get help."),
        ("asked_again", "nia", "Moved away from the area"),
        ("approved", "sam", "Go well."),
    ]


def test_deciding_on_the_closure_page_records_it_on_the_approval(world):
    closure = ask_to_close(world)
    approval = Approval.objects.get(kind="closure", subject_id=closure.pk)
    response = client_for(world.supervisor).post(
        f"/closures/{closure.public_id}/approve/", {"comment": "", "version": closure.version}
    )
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.status == "approved" and approval.decided_by == world.supervisor
    assert queries.pending_for(world.supervisor) == ([], 0)


def test_a_navigator_adding_someone_beyond_the_cap_hears_it_waits(world):
    from waypoint.participants.tests.test_views import new_person

    ask_for(world.youth, caseload=True)
    fill_caseload(world, world.navigator, world.youth)
    nia = client_for(world.navigator)
    data = new_person(
        preferred_name="Kofi",
        program=str(world.youth.pk),
        none_match="yes",
        override_reason="Kofi asked for Nia by name.",
    )
    response = nia.post("/participants/new/", data)
    assert response.status_code == 302
    assert response["Location"] == "/caseload/"  # not on a caseload Nia sees until approved
    page = nia.get("/caseload/").content.decode()
    assert "waits for a supervisor&#x27;s approval" in page
    enrollment = Enrollment.objects.get(participant__preferred_name="Kofi")
    assert enrollment.navigator is None
    approval = Approval.objects.get(kind="caseload", subject_id=enrollment.pk, status="pending")
    # Nia reads her own request (not Kofi's record yet), sees the answer on her home
    # and may withdraw it.
    assert "Kofi" in page
    mine = nia.get(f"/approvals/{approval.public_id}/").content.decode()
    assert "Withdraw the request" in mine
    assert f"/participants/{enrollment.participant.public_id}/" not in mine
    assert nia.get(f"/participants/{enrollment.participant.public_id}/").status_code == 404
    assert client_for(world.navigator2).get(f"/approvals/{approval.public_id}/").status_code == 404
    assert (
        client_for(world.supervisor)
        .post(f"/approvals/{approval.public_id}/approve/", {"version": 1})
        .status_code
        == 302
    )
    assert "Kofi" in nia.get("/caseload/").content.decode()


def test_a_closure_waiting_shows_once_on_the_supervision_page(world):
    """The endings' table lists closures waiting (with the reason and who asked); the
    approvals panel beside it lists the other kinds, so nothing shows twice."""
    ask_to_close(world)
    board = client_for(world.supervisor).get("/supervision/").content.decode()
    closing = board[board.index("Closures waiting for your approval") :]
    assert closing.count("Amara") >= 1
    panel = board[board.index("Plans, assignments and referrals waiting for approval") :]
    panel = panel[: panel.index("</section>")]
    assert "Plans, assignments and referrals waiting for approval: 0" in panel
    assert "Amara" not in panel
    everything = client_for(world.supervisor).get("/approvals/").content.decode()
    assert "Amara" in everything


def test_closures_asked_for_before_approvals_existed_join_them(world):
    from importlib import import_module

    from django.apps import apps as django_apps

    closure = ask_to_close(world)
    # As before this change: the closure waits with no approval of its own.
    Approval.objects.filter(kind="closure", subject_id=closure.pk).update(kind="plan")
    migration = import_module(
        "waypoint.approvals.migrations.0004_closures_waiting_before_approvals"
    )
    migration.add_pending(django_apps, None)
    migration.add_pending(django_apps, None)  # twice: still one
    made = Approval.objects.get(kind="closure", subject_id=closure.pk)
    assert (made.status, made.requested_by, made.requested_at) == (
        "pending",
        closure.requested_by,
        closure.requested_at,
    )
    assert made.reason == closure.reason_label
    assert [s.kind for s in made.steps.all()] == ["requested"]
