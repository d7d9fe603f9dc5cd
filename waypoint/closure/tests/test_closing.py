"""Closing: every check with its reason, approval (request → return → approve), the
check-ins it schedules, and reopening with the history kept."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from waypoint.closure import actions
from waypoint.closure.models import (
    Check,
    CheckIn,
    Closure,
    ClosureEvent,
    ClosureReason,
    ExitInterview,
    PostProgramPlan,
    Rule,
)
from waypoint.enrollments.models import Enrollment, EnrollmentEvent, Status
from waypoint.errors import ActionRefused
from waypoint.notes.actions import log_contact, make_commitment

pytestmark = pytest.mark.django_db


def _reason(program: Any, label: str = "Moved away from the area") -> ClosureReason:
    actions.reasons_for(program)
    return ClosureReason.objects.get(program=program, label=label)


def _close(world: Any, enrollment: Enrollment, by: Any = None, **over: Any) -> Closure:
    data: dict[str, Any] = {
        "reason": _reason(enrollment.program),
        "destination": 17,
        "completion": 2,
        "exit_on": timezone.localdate(),
        "note": "Moving to be near her sister; she has the shelter's number.",
    }
    data.update(over)
    return actions.request_closure(by=by or world.navigator, enrollment=enrollment, **data)


def _results(enrollment: Enrollment, exit_on: date | None) -> dict[str, Any]:
    rules = actions.settings_for(enrollment.program)
    return {r.check: r for r in actions.closure_checks(enrollment, exit_on, rules)}


def test_every_default_reason_has_hud_codes(world: Any) -> None:
    reasons = actions.reasons_for(world.youth)
    assert [r.label for r in reasons] == [label for label, _, _ in actions.DEFAULT_REASONS]
    assert actions.install_default_reasons(world.youth) == 0  # idempotent


def test_each_check_explains_itself(world: Any) -> None:
    e = world.amara
    today = timezone.localdate()
    found = _results(e, today)
    assert found[Check.EXIT_DATE].passed
    assert found[Check.NOTES].passed and found[Check.NOTES].reason == "Every note is signed."
    assert not found[Check.INTERVIEW].passed
    assert found[Check.INTERVIEW].reason == "No exit interview is recorded yet."
    assert found[Check.POST_PLAN].reason == "There is no post-program plan yet."
    assert found[Check.COMMITMENTS].passed

    future = _results(e, today + timedelta(days=3))[Check.EXIT_DATE]
    assert not future.passed and future.blocks and "in the future" in future.reason
    before = _results(e, e.started_on - timedelta(days=1))[Check.EXIT_DATE]
    assert not before.passed and "before they started" in before.reason

    make_commitment(by=world.navigator, enrollment=e, what="Call the landlord", due_on=today)
    log_contact(
        by=world.navigator,
        enrollment=e,
        outcome="completed",
        data={"method": "phone", "happened_at": timezone.now()},
    )
    found = _results(e, today)
    assert not found[Check.COMMITMENTS].passed and found[Check.COMMITMENTS].warns
    assert found[Check.COMMITMENTS].reason.startswith("1 promise to them is still open")
    assert not found[Check.NOTES].passed and found[Check.NOTES].blocks
    assert found[Check.NOTES].reason.startswith("1 note is not signed yet")


def test_blocking_check_refuses_with_its_reason_and_nothing_changes(world: Any) -> None:
    e = world.amara
    log_contact(
        by=world.navigator,
        enrollment=e,
        outcome="completed",
        data={"method": "phone", "happened_at": timezone.now()},
    )
    with pytest.raises(ActionRefused) as refused:
        _close(world, e)
    assert "Unsigned notes: 1 note is not signed yet" in refused.value.message
    e.refresh_from_db()
    assert e.status == Status.ENROLLED and not Closure.objects.exists()


def test_program_turns_a_check_off_or_makes_it_block(world: Any) -> None:
    rules = actions.settings_for(world.youth)
    rules.check_rules = {**rules.check_rules, Check.INTERVIEW: Rule.BLOCK, Check.NOTES: Rule.OFF}
    rules.save()
    found = _results(world.amara, timezone.localdate())
    assert Check.NOTES not in found
    assert found[Check.INTERVIEW].blocks
    with pytest.raises(ActionRefused, match="Exit interview: No exit interview"):
        _close(world, world.amara)
    ExitInterview.objects.create(
        enrollment=world.amara,
        participant=world.amara.participant,
        status=ExitInterview.Status.DECLINED,
        created_at=timezone.now(),
    )
    assert _results(world.amara, timezone.localdate())[Check.INTERVIEW].passed


def test_close_without_approval_schedules_check_ins(world: Any) -> None:
    closure = _close(world, world.amara)
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert closure.status == Closure.Status.CLOSED
    assert e.status == Status.EXITED and e.exited_on == timezone.localdate()
    assert e.exit_reason == "Moved away from the area"
    due = list(CheckIn.objects.filter(closure=closure).values_list("days_after", "due_on"))
    today = timezone.localdate()
    assert due == [(d, today + timedelta(days=d)) for d in (30, 90, 180)]
    assert set(CheckIn.objects.values_list("owner", flat=True)) == {world.navigator.pk}
    kinds = list(closure.events.values_list("kind", flat=True))
    assert kinds == [ClosureEvent.Kind.CLOSED]
    assert [r["check"] for r in closure.checks][:1] == [Check.EXIT_DATE]


def test_outsider_and_reader_refused_nothing_changes(world: Any) -> None:
    for who in (world.auditor, world.outsider):
        with pytest.raises(ActionRefused):
            _close(world, world.amara, by=who)
    assert not Closure.objects.exists()
    assert Enrollment.objects.get(pk=world.amara.pk).status == Status.ENROLLED


def test_approval_returned_once_then_approved(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rules = actions.settings_for(world.youth)
    rules.needs_approval = True
    rules.save()
    world.navigator.email = "nav@example.org"
    world.navigator.save()
    closure = _close(world, world.amara)
    assert closure.status == Closure.Status.REQUESTED
    assert Enrollment.objects.get(pk=world.amara.pk).status == Status.ENROLLED

    with pytest.raises(ActionRefused, match="Only a supervisor"):
        actions.approve_closure(by=world.navigator2, closure=closure)
    with pytest.raises(ActionRefused, match="Say what needs to change"):
        actions.return_closure(by=world.supervisor, closure=closure, comment=" ")
    with pytest.raises(ActionRefused, match="already waiting"):
        _close(world, world.amara)

    with django_capture_on_commit_callbacks(execute=True):
        actions.return_closure(
            by=world.supervisor, closure=closure, comment="Add where she can get help."
        )
    sent = mail.outbox
    assert [m.subject for m in sent] == ["Closure returned with a comment"]
    assert "Amara" not in sent[0].body and "help" not in sent[0].body
    closure.refresh_from_db()
    assert closure.status == Closure.Status.RETURNED

    again = _close(world, world.amara, note="Moving near her sister; has the hotline number.")
    assert again.pk == closure.pk and again.status == Closure.Status.REQUESTED

    approved = actions.approve_closure(by=world.supervisor, closure=again, comment="Thank you")
    assert approved.status == Closure.Status.CLOSED
    assert Enrollment.objects.get(pk=world.amara.pk).status == Status.EXITED
    assert list(approved.events.values_list("kind", flat=True)) == [
        "requested",
        "returned",
        "requested",
        "approved",
        "closed",
    ]
    assert CheckIn.objects.filter(closure=approved).count() == 3


def test_supervisor_closes_directly_when_approval_is_needed(world: Any) -> None:
    reason = _reason(world.youth)
    reason.needs_approval = True
    reason.save()
    closure = _close(world, world.amara, by=world.supervisor)
    assert closure.status == Closure.Status.CLOSED
    assert list(closure.events.values_list("kind", flat=True)) == ["approved", "closed"]


def test_withdraw_keeps_the_enrollment_open(world: Any) -> None:
    rules = actions.settings_for(world.youth)
    rules.needs_approval = True
    rules.save()
    closure = _close(world, world.amara)
    actions.withdraw_closure(by=world.navigator, closure=closure)
    closure.refresh_from_db()
    assert closure.status == Closure.Status.WITHDRAWN
    fresh = _close(world, world.amara)
    assert fresh.pk != closure.pk and fresh.status == Closure.Status.REQUESTED


def test_bad_input_is_refused_with_a_clear_message(world: Any) -> None:
    other = _reason(world.home)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"reason": other}, "reason"),
        ({"destination": 12345}, "destination"),
        ({"completion": 7}, "completion"),
        ({"note": "   "}, "note"),
        ({"exit_on": None}, "exit_on"),
    ]
    for over, field in cases:
        with pytest.raises(ActionRefused) as refused:
            _close(world, world.amara, **over)
        assert refused.value.field == field, over
    assert not Closure.objects.exists()


def test_double_submit_makes_one_closure(world: Any) -> None:
    import uuid

    key = uuid.uuid4()
    first = _close(world, world.amara, creation_key=key)
    second = _close(world, world.amara, creation_key=key)
    assert first.pk == second.pk and Closure.objects.count() == 1


def test_reopen_within_window_keeps_history(world: Any) -> None:
    closure = _close(world, world.amara)
    back = actions.reopen_enrollment(by=world.navigator, enrollment=world.amara, reason="Back")
    assert back.same and back.enrollment.pk == world.amara.pk
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert e.status == Status.ENROLLED and e.cycle == 2 and e.exited_on is None
    closure.refresh_from_db()
    assert closure.status == Closure.Status.CLOSED and closure.reopened_at is not None
    assert set(CheckIn.objects.values_list("status", flat=True)) == {CheckIn.Status.SKIPPED}
    assert EnrollmentEvent.objects.filter(enrollment=e, kind="reopened").count() == 1
    # The next ending is a new cycle: a second closure is allowed.
    again = _close(world, e, note="Moved on again.")
    assert again.cycle == 2 and Closure.objects.filter(status="closed").count() == 2


def test_return_after_window_is_a_new_linked_enrollment(world: Any) -> None:
    long_ago = timezone.localdate() - timedelta(days=120)
    Enrollment.objects.filter(pk=world.amara.pk).update(started_on=long_ago - timedelta(days=90))
    e = Enrollment.objects.get(pk=world.amara.pk)
    _close(world, e, exit_on=long_ago)
    back = actions.reopen_enrollment(by=world.navigator, enrollment=e, reason="Needs help again")
    assert not back.same
    new = back.enrollment
    assert new.pk != e.pk and new.returned_from_id == e.pk and new.status == Status.ENROLLED
    assert Enrollment.objects.get(pk=e.pk).status == Status.EXITED


def test_never_enrolled_close_needs_no_interview_or_plan(world: Any) -> None:
    e = world.chen
    Enrollment.objects.filter(pk=e.pk).update(status=Status.INQUIRY)
    e.refresh_from_db()
    found = _results(e, timezone.localdate())
    assert found[Check.INTERVIEW].reason == "Not needed: they did not enroll."
    closure = _close(
        world,
        e,
        by=world.navigator2,
        reason=_reason(world.home, "Decided not to join after the first conversations"),
        destination=99,
        completion=None,
    )
    assert closure.status == Closure.Status.CLOSED and not closure.check_ins.exists()


def test_post_plan_check_reads_this_cycle(world: Any) -> None:
    now = timezone.now()
    PostProgramPlan.objects.create(
        enrollment=world.amara,
        participant=world.amara.participant,
        created_at=now,
        updated_at=now,
    )
    found = _results(world.amara, timezone.localdate())[Check.POST_PLAN]
    assert found.reason == "The post-program plan is not acknowledged by them yet."


def test_funnels_and_endings_follow_the_access_core(world: Any) -> None:
    from django.http import Http404

    from waypoint.closure.queries import attach_endings, closure_for, forecast_for
    from waypoint.closure.tests.records import build_ending

    build_ending(world.navigator, world.amara, "Canary")
    closure = Closure.objects.get(enrollment=world.amara)
    assert closure_for(world.navigator, closure.public_id).pk == closure.pk
    forecast = world.amara.forecasts.get()
    for outsider in (world.navigator2, world.outsider):
        with pytest.raises(Http404):
            forecast_for(outsider, forecast.public_id)
    enrollments = list(Enrollment.objects.filter(pk__in=[world.amara.pk, world.bo.pk]))
    attach_endings(enrollments)
    amara = next(e for e in enrollments if e.pk == world.amara.pk)
    ending = amara.ending  # type: ignore[attr-defined]
    assert ending.forecast == forecast and ending.closure == closure
    assert ending.post_plan is not None and len(ending.check_ins) == 1
    assert ending.settings.check_in_days == [30, 90, 180]
    bo = next(e for e in enrollments if e.pk == world.bo.pk)
    assert bo.ending.closure is None and bo.ending.earlier == []  # type: ignore[attr-defined]
