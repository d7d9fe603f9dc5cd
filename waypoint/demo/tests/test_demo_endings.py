"""The demo's endings: people at each point of the transition, consistent with the
enrollments and the calendar. ``check_endings`` runs on the whole demo in
``test_demo_any_day.py``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypoint.accounts.models import Organization
from waypoint.closure.models import CheckIn, Closure, ExitInterview, Forecast, PostProgramPlan
from waypoint.demo.management.commands import seed_demo
from waypoint.enrollments.models import Enrollment, Status


def check_endings(out: str) -> None:
    line = next(x for x in out.splitlines() if x.startswith("Endings:"))
    today = timezone.localdate()
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)
    enrollments = Enrollment.objects.filter(organization=org)
    # Transition dates ahead, on open enrollments, mirrored on the enrollment.
    ahead = Forecast.objects.filter(enrollment__in=enrollments, transition_on__gt=today)
    assert ahead.count() >= 6
    for forecast in ahead.select_related("enrollment"):
        assert forecast.enrollment.status in (Status.ENROLLED, Status.EXITING)
        assert forecast.enrollment.transition_on == forecast.transition_on
        assert forecast.discussed_on is None or forecast.discussed_on <= today
    assert line.startswith(f"Endings: {ahead.count()} transition dates ahead;")
    # Exit interviews: scheduled ahead (with their appointment) and held.
    interviews = ExitInterview.objects.filter(enrollment__in=enrollments)
    scheduled = interviews.filter(status=ExitInterview.Status.SCHEDULED)
    assert scheduled.count() == 3
    for interview in scheduled.select_related("appointment"):
        assert interview.appointment is not None
        assert interview.appointment.starts_at.date() > today
    held = interviews.filter(status=ExitInterview.Status.HELD)
    assert held.count() >= 3 and all(i.held_on and i.held_on <= today for i in held)
    # Moving on today with an acknowledged post-program plan.
    closed_with_plan = [
        c
        for c in Closure.objects.filter(
            enrollment__in=enrollments, status=Closure.Status.CLOSED, exit_on=today
        ).select_related("enrollment")
        if PostProgramPlan.objects.filter(
            enrollment=c.enrollment, cycle=c.cycle, status=PostProgramPlan.Status.ACKNOWLEDGED
        ).exists()
    ]
    assert len(closed_with_plan) == 3
    for closure in closed_with_plan:
        assert closure.enrollment.status == Status.EXITED
        assert closure.enrollment.exited_on == today
        assert closure.celebration and closure.celebration_words
    # Check-ins: one due within the week (New Roots checks in after 7 days), the older
    # ones made as history; nothing due is older than a week.
    check_ins = CheckIn.objects.filter(enrollment__in=enrollments)
    due_soon = check_ins.filter(status=CheckIn.Status.DUE, due_on__lte=today + timedelta(days=7))
    assert due_soon.filter(days_after=7, due_on=today + timedelta(days=7)).count() == 1
    assert f"check-ins: {due_soon.count()} due this week" in line
    assert check_ins.filter(status=CheckIn.Status.REACHED).count() >= 5
    assert not check_ins.filter(
        status=CheckIn.Status.DUE, due_on__lt=today - timedelta(days=7)
    ).exists()
    # One closure waits for a supervisor, one came back with a comment.
    waiting = Closure.objects.filter(enrollment__in=enrollments, status=Closure.Status.REQUESTED)
    returned = Closure.objects.filter(enrollment__in=enrollments, status=Closure.Status.RETURNED)
    assert waiting.count() == 1 and returned.count() == 1
    comment = returned.get().events.filter(kind="returned").get().comment
    assert comment.startswith("Please add what the exit interview said")
    # Reopened with the earlier ending kept.
    reopened = enrollments.filter(cycle__gt=1)
    assert reopened.exists()
    for e in reopened:
        assert Closure.objects.filter(enrollment=e, cycle__lt=e.cycle).exists()
