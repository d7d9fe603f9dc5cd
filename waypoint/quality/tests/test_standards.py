"""Each computed standard, with a case that meets it and one that does not, and the exact
reason it gives (rule 5). Dates are counted from today, so the tests hold any day."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.assessments.models import Assessment
from waypoint.closure.models import Forecast, PostProgramPlan
from waypoint.closure.tests.records import close_now
from waypoint.consent.models import Consent
from waypoint.enrollments.models import Enrollment
from waypoint.notes.actions import log_contact, save_note, sign_note
from waypoint.notes.models import Note, NoteLink
from waypoint.plans.models import Plan, PlanVersion
from waypoint.quality.standards import (
    DOES_NOT_APPLY,
    MET,
    NOT_MET,
    NOT_YET_DUE,
    Result,
    check_file,
    day,
)
from waypoint.referrals.models import Referral, ReferralEvent

pytestmark = pytest.mark.django_db


def noon(d: Any) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(12)))


def started(world: Any, days_ago: int) -> Any:
    """Amara's enrollment, enrolled ``days_ago`` days ago."""
    start = timezone.localdate() - timedelta(days=days_ago)
    Enrollment.objects.filter(pk=world.amara.pk).update(started_on=start, enrolled_on=start)
    return Enrollment.objects.select_related("program").get(pk=world.amara.pk)


def results(enrollment: Enrollment) -> dict[str, Result]:
    enrollment = Enrollment.objects.select_related("program").get(pk=enrollment.pk)
    return {r.key: r for r in check_file(enrollment, timezone.localdate())}


def assess(enrollment: Enrollment, on: Any) -> None:
    Assessment.objects.create(
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        number=1,
        kind="intake",
        status="complete",
        started_at=noon(on),
        updated_at=noon(on),
        completed_at=noon(on),
        completed_on=on,
    )


def plan(enrollment: Enrollment, shared_on: Any, acknowledged_on: Any = None) -> Plan:
    made = Plan.objects.create(enrollment=enrollment, participant_id=enrollment.participant_id)
    PlanVersion.objects.create(
        plan=made,
        number=1,
        status="acknowledged" if acknowledged_on else "shared",
        shared_at=noon(shared_on),
        acknowledged_on=acknowledged_on,
        acknowledged_name="Amara" if acknowledged_on else "",
        created_at=noon(shared_on),
        updated_at=noon(shared_on),
    )
    return made


def contact(
    world: Any, enrollment: Enrollment, hours_ago: float, *, sign: bool = True, **more: Any
) -> Note:
    made = log_contact(
        by=world.navigator,
        enrollment=enrollment,
        outcome="completed",
        data={"method": "phone", "happened_at": timezone.now() - timedelta(hours=hours_ago)},
    )
    note = Note.objects.get(contact=made)
    if more.get("link_to") is not None:
        NoteLink.objects.create(
            note=note,
            plan=more["link_to"],
            kind="goal",
            goal_key=note.public_id,
            item_key=note.public_id,
        )
    if more.get("late"):
        Note.objects.filter(pk=note.pk).update(due_at=timezone.now() - timedelta(minutes=1))
        note.refresh_from_db()
    if sign:
        note = save_note(
            by=world.navigator,
            note=note,
            expected_version=note.edit_version,
            sections={"objective": "We met and talked about work."},
        )
        note = sign_note(by=world.navigator, note=note, expected_version=note.edit_version)
    return note


# --- Assessment -----------------------------------------------------------------------


def test_assessment_on_time_is_met_with_its_figures(world):
    e = started(world, 60)
    assess(e, e.enrolled_on + timedelta(days=5))
    r = results(e)["assessment"]
    assert r.outcome == MET
    assert r.reason == (
        f"Assessment completed on {day(e.enrolled_on + timedelta(days=5))}, 5 days after the "
        "start; the program asks within 14 days."
    )


def test_assessment_late_or_missing_is_not_met(world):
    e = started(world, 60)
    r = results(e)["assessment"]
    assert r.outcome == NOT_MET
    assert r.reason == (
        f"No completed assessment; it was due on {day(e.enrolled_on + timedelta(days=14))}, "
        f"14 days after the start on {day(e.enrolled_on)}."
    )
    assess(e, e.enrolled_on + timedelta(days=20))
    r = results(e)["assessment"]
    assert r.outcome == NOT_MET
    assert r.reason.startswith(
        f"Assessment completed on {day(e.enrolled_on + timedelta(days=20))}, 20 days"
    )


def test_assessment_not_yet_due_then_not_applicable_before_enrolment(world):
    e = started(world, 3)
    assert results(e)["assessment"].outcome == NOT_YET_DUE
    Enrollment.objects.filter(pk=e.pk).update(enrolled_on=None)
    r = results(e)["assessment"]
    assert (r.outcome, r.reason) == (DOES_NOT_APPLY, "Not enrolled yet: the assessment is not due.")


# --- The service plan -----------------------------------------------------------------


def test_plan_on_time_acknowledged_and_reviewed(world):
    e = started(world, 60)
    shared, acknowledged = e.enrolled_on + timedelta(days=10), e.enrolled_on + timedelta(days=12)
    plan(e, shared, acknowledged)
    found = results(e)
    assert found["plan_on_time"].outcome == MET
    assert found["plan_on_time"].reason == (
        f"Plan first shared with them on {day(shared)}, 10 days after the start; the program "
        "asks within 30 days."
    )
    assert (found["plan_acknowledged"].outcome, found["plan_acknowledged"].reason) == (
        MET,
        f"Version 1 acknowledged on {day(acknowledged)}.",
    )
    assert (found["plan_reviewed"].outcome, found["plan_reviewed"].reason) == (
        MET,
        f"Last acknowledged on {day(acknowledged)}, 48 days ago; the program asks for a review "
        "every 90 days.",
    )


def test_no_plan_after_the_deadlines_is_not_met(world):
    e = started(world, 100)
    found = results(e)
    assert (found["plan_on_time"].outcome, found["plan_on_time"].reason) == (
        NOT_MET,
        f"No plan shared with them yet; it was due on {day(e.enrolled_on + timedelta(days=30))}, "
        "30 days after the start.",
    )
    assert (found["plan_acknowledged"].outcome, found["plan_acknowledged"].reason) == (
        NOT_MET,
        "No version of the plan is acknowledged yet.",
    )
    assert (found["plan_reviewed"].outcome, found["plan_reviewed"].reason) == (
        NOT_MET,
        "No acknowledged plan in 100 days since the start; the program asks for a review every "
        "90 days.",
    )


def test_a_late_plan_and_an_old_acknowledgement_are_not_met(world):
    e = started(world, 200)
    shared = e.enrolled_on + timedelta(days=40)
    plan(e, shared, shared)
    found = results(e)
    assert found["plan_on_time"].outcome == NOT_MET
    assert found["plan_on_time"].reason.startswith(
        f"Plan first shared with them on {day(shared)}, 40 days"
    )
    assert found["plan_reviewed"].outcome == NOT_MET
    assert found["plan_reviewed"].reason == (
        f"Last acknowledged on {day(shared)}, 160 days ago; the program asks for a review every "
        "90 days."
    )


# --- Notes ----------------------------------------------------------------------------


def test_notes_signed_on_time_and_linked_are_met(world):
    e = started(world, 30)
    made = plan(e, e.enrolled_on + timedelta(days=5), e.enrolled_on + timedelta(days=5))
    contact(world, e, 3, link_to=made)
    contact(world, e, 2, link_to=made)
    found = results(e)
    assert (found["notes_signed"].outcome, found["notes_signed"].reason) == (
        MET,
        "All 2 contacts have a signed note.",
    )
    assert (found["notes_on_time"].outcome, found["notes_on_time"].reason) == (
        MET,
        "All 2 signed notes signed within 48 hours.",
    )
    assert (found["notes_linked"].outcome, found["notes_linked"].reason) == (
        MET,
        "All 2 signed notes of completed contacts link to a goal or step.",
    )


def test_unsigned_late_and_unlinked_notes_are_not_met(world):
    e = started(world, 30)
    plan(e, e.enrolled_on + timedelta(days=5), e.enrolled_on + timedelta(days=5))
    contact(world, e, 3, late=True)
    contact(world, e, 2)
    contact(world, e, 72, sign=False)
    found = results(e)
    assert (found["notes_signed"].outcome, found["notes_signed"].reason) == (
        NOT_MET,
        "1 note of 3 still unsigned after the 48-hour window.",
    )
    assert (found["notes_on_time"].outcome, found["notes_on_time"].reason) == (
        NOT_MET,
        "1 of 2 signed notes signed after the 48-hour window.",
    )
    assert (found["notes_linked"].outcome, found["notes_linked"].reason) == (
        NOT_MET,
        "2 of 2 signed notes of completed contacts link to no goal or step.",
    )


def test_a_draft_within_its_window_is_not_yet_due_and_no_contacts_do_not_apply(world):
    e = started(world, 30)
    assert results(e)["notes_signed"].outcome == DOES_NOT_APPLY
    contact(world, e, 1, sign=False)
    r = results(e)["notes_signed"]
    assert (r.outcome, r.reason) == (
        NOT_YET_DUE,
        "0 of 1 notes signed; 1 still within the 48-hour window.",
    )


# --- Referrals and consents -----------------------------------------------------------


def refer(world: Any, e: Enrollment, *, days_ago: int, categories: list[str]) -> Referral:
    from waypoint.directory.tests.test_views import make_service
    from waypoint.referrals.actions import make_referral

    made = make_referral(
        by=world.navigator,
        enrollment=e,
        service=make_service(world.org, f"Job Club {days_ago}"),
        consent=None,
        categories=[],
        participant_agreed=True,
        send=False,
    )
    then = timezone.now() - timedelta(days=days_ago)
    Referral.objects.filter(pk=made.pk).update(created_at=then, categories=categories)
    ReferralEvent.objects.filter(referral=made).update(at=then)
    made.refresh_from_db()
    return made


def test_referrals_followed_and_consented_are_met(world):
    e = started(world, 30)
    found = results(e)
    assert found["referrals"].outcome == DOES_NOT_APPLY
    assert found["referrals"].reason == "No open referrals: every loop is closed."
    referral = refer(world, e, days_ago=2, categories=["contact"])
    consent = Consent.objects.create(
        organization=world.org,
        participant_id=e.participant_id,
        recipient_name="Job Club staff",
        categories=["contact"],
        purpose="To help with the referral",
        starts_on=timezone.localdate() - timedelta(days=3),
        how="verbal",
        witness_name="Sam",
        recorded_by=world.navigator,
    )
    Referral.objects.filter(pk=referral.pk).update(consent=consent)
    found = results(e)
    assert (found["referrals"].outcome, found["referrals"].reason) == (
        MET,
        "All 1 open referral had a step in the last 7 days or have a follow-up planned.",
    )
    assert (found["consents"].outcome, found["consents"].reason) == (
        MET,
        "All 1 open referral sharing information have a consent in force today.",
    )


def test_a_stale_referral_without_consent_is_not_met(world):
    e = started(world, 30)
    refer(world, e, days_ago=12, categories=["contact"])
    found = results(e)
    assert (found["referrals"].outcome, found["referrals"].reason) == (
        NOT_MET,
        "1 of 1 open referral with no step for more than 7 days (the longest 12 days) and no "
        "follow-up planned.",
    )
    assert (found["consents"].outcome, found["consents"].reason) == (
        NOT_MET,
        "1 of 1 open referral sharing information have no consent in force today.",
    )


# --- Contact cadence ------------------------------------------------------------------


def test_contact_cadence_kept_and_not_kept(world):
    e = started(world, 40)
    contact(world, e, 24 * 20)
    r = results(e)["cadence"]
    last = timezone.localdate(timezone.now() - timedelta(hours=24 * 20))
    assert (r.outcome, r.reason) == (
        NOT_MET,
        f"Last completed contact on {day(last)}, 20 days ago; the program asks for one every "
        "14 days.",
    )
    contact(world, e, 24 * 3)
    last = timezone.localdate(timezone.now() - timedelta(hours=24 * 3))
    r = results(e)["cadence"]
    assert (r.outcome, r.reason) == (
        MET,
        f"Last completed contact on {day(last)}, 3 days ago; the program asks for one every "
        "14 days.",
    )


# --- The ending -----------------------------------------------------------------------


def test_closing_without_a_transition_date_or_post_program_plan_is_not_met(world):
    e = started(world, 40)
    r = results(e)["ending"]
    assert (r.outcome, r.reason) == (DOES_NOT_APPLY, "Not closing yet.")
    close_now(world.navigator, e)
    r = results(e)["ending"]
    assert (r.outcome, r.reason) == (
        NOT_MET,
        f"Closing was asked for on {day(timezone.localdate())} before a transition date and a "
        "post-program plan was made.",
    )


def test_closing_after_the_forecast_and_post_program_plan_is_met(world):
    e = started(world, 40)
    now = timezone.now() - timedelta(hours=1)
    Forecast.objects.create(
        enrollment=e,
        participant_id=e.participant_id,
        transition_on=timezone.localdate(),
        set_by=world.navigator,
        set_at=now,
    )
    PostProgramPlan.objects.create(
        enrollment=e, participant_id=e.participant_id, created_at=now, updated_at=now
    )
    close_now(world.navigator, e)
    r = results(e)["ending"]
    assert (r.outcome, r.reason) == (
        MET,
        "The transition date was set and the post-program plan begun before closing was asked for.",
    )


def test_the_file_is_read_in_the_same_number_of_queries_whatever_its_size(world):
    e = started(world, 40)
    contact(world, e, 5)
    e = Enrollment.objects.select_related("program").get(pk=e.pk)
    with CaptureQueriesContext(connection) as one:
        check_file(e, timezone.localdate())
    for hours in (4, 3, 2):
        contact(world, e, hours)
    refer(world, e, days_ago=1, categories=[])
    refer(world, e, days_ago=2, categories=[])
    with CaptureQueriesContext(connection) as many:
        check_file(e, timezone.localdate())
    assert len(many) == len(one)
