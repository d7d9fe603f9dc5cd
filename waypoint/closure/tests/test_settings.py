"""A program's ending settings and its closure reasons, through the managers' pages:
bounds with clear messages, stale saves refused, the reasons editor (add, edit, reorder,
retire), and everyone else refused with nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.closure import actions
from waypoint.closure.models import Check, Closure, ClosureReason, ClosureSettings, Rule
from waypoint.closure.tests.records import close_now
from waypoint.errors import ActionRefused

pytestmark = pytest.mark.django_db


def _settings_data(rules: ClosureSettings, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "notice_weeks": rules.notice_weeks,
        "reminder_days": ", ".join(str(d) for d in rules.reminder_days),
        "check_in_days": ", ".join(str(d) for d in rules.check_in_days),
        "silence_days": rules.silence_days,
        "return_window_days": rules.return_window_days,
        "celebration_ideas": "\n".join(rules.celebration_ideas),
        "version": rules.version,
        **{f"rule_{c}": rules.rule(c) for c in Check.values},
    }
    if rules.needs_approval:
        data["needs_approval"] = "on"
    data.update(over)
    return data


def _url(world: Any) -> str:
    return f"/programs/{world.youth.pk}/endings/"


def test_the_programs_page_links_to_the_ending_settings(world, as_user):
    html = as_user(world.manager).get("/programs/").content.decode()
    assert _url(world) in html


def test_manager_changes_the_settings(world, as_user):
    client = as_user(world.manager)
    page = client.get(_url(world))
    assert page.status_code == 200
    assert not ClosureSettings.objects.exists()  # reading never makes a row
    rules = actions.settings_for(world.youth)
    data = _settings_data(
        rules,
        notice_weeks=6,
        check_in_days="90, 30 , 30",
        silence_days=21,
        return_window_days=60,
        needs_approval="on",
        rule_interview=Rule.BLOCK,
        rule_referrals=Rule.OFF,
        celebration_ideas="A meal together\n\nA letter to themselves\nA meal together",
    )
    response = client.post(_url(world), data)
    assert response.status_code == 302
    rules.refresh_from_db()
    assert (rules.notice_weeks, rules.check_in_days, rules.silence_days) == (6, [30, 90], 21)
    assert rules.return_window_days == 60 and rules.needs_approval
    assert rules.rule(Check.INTERVIEW) == Rule.BLOCK and rules.rule(Check.REFERRALS) == Rule.OFF
    assert rules.celebration_ideas == ["A meal together", "A letter to themselves"]
    assert rules.version == 2
    event = AuditEvent.objects.filter(object_type="closure_settings").get()
    assert event.changes["notice_weeks"] == 6 and event.actor_id == world.manager.pk
    # The closing page follows: the referral check is off, the ideas are offered.
    html = as_user(world.navigator).get(f"/enrollments/{world.amara.public_id}/close/")
    assert "Open referrals" not in html.content.decode()
    assert "A letter to themselves" in html.content.decode()


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"notice_weeks": 53}, "Give from 0 to 52 weeks."),
        ({"notice_weeks": -1}, "Give from 0 to 52 weeks."),
        ({"silence_days": 731}, "Give from 0 to 730 days."),
        ({"return_window_days": 99999}, "Give from 0 to 730 days."),
        ({"check_in_days": "30, 0"}, "Each of the check-in days must be from 1 to 730 days."),
        ({"check_in_days": "30, soon"}, "Give the check-in days as whole numbers of days"),
        ({"reminder_days": "28, 900"}, "Each of the reminder days must be from 0 to 730 days."),
        ({"rule_notes": "maybe"}, "Choose a rule from the list."),
        ({"celebration_ideas": "x" * 201}, "Keep each celebration idea under 200 characters."),
    ],
)
def test_settings_out_of_bounds_are_refused_with_a_message(world, as_user, over, message):
    rules = actions.settings_for(world.youth)
    client = as_user(world.manager)
    data = _settings_data(rules, **over)
    response = client.post(_url(world), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert ClosureSettings.objects.get().version == 1


def test_a_stored_value_out_of_range_still_renders(world, as_user):
    rules = actions.settings_for(world.youth)
    ClosureSettings.objects.filter(pk=rules.pk).update(
        check_in_days=[5000], reminder_days=["x"], check_rules={"notes": "odd"}
    )
    assert as_user(world.manager).get(_url(world)).status_code == 200


def test_a_stale_settings_save_is_refused(world, as_user, client):
    rules = actions.settings_for(world.youth)
    opened = _settings_data(rules, notice_weeks=8)
    actions.update_closure_settings(
        by=world.admin, program=world.youth, changes={"silence_days": 30}, expected_version=1
    )
    response = as_user(world.manager).post(_url(world), opened)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Ada Admin saved changes since you opened this page (silence)" in html
    rules.refresh_from_db()
    assert (rules.notice_weeks, rules.silence_days, rules.version) == (4, 30, 2)
    again = as_user(world.manager).post(_url(world), {**opened, "version": 2})
    assert again.status_code == 302


def test_only_the_programs_managers_reach_the_settings(world, client):
    actions.settings_for(world.youth)
    reason = actions.reasons_for(world.youth)[0]
    urls = [
        _url(world),
        f"/programs/{world.youth.pk}/endings/reasons/",
        f"/closure-reasons/{reason.pk}/",
        f"/closure-reasons/{reason.pk}/move/",
        f"/closure-reasons/{reason.pk}/active/",
    ]
    before = list(ClosureReason.objects.values_list("pk", "label", "position", "active"))
    version = ClosureSettings.objects.get().version
    for who in (world.navigator, world.supervisor, world.outsider):
        client.force_login(who)
        for url in urls:
            assert (
                client.post(url, {"notice_weeks": 9, "label": "x", "direction": "down"}).status_code
                == 404
            )
    # A manager of another organization's program does not see this one.
    client.force_login(world.outsider)
    assert client.get(_url(world)).status_code == 404
    assert list(ClosureReason.objects.values_list("pk", "label", "position", "active")) == before
    assert ClosureSettings.objects.get().version == version


# --- Reasons ---------------------------------------------------------------------------------


def _reasons_url(world: Any) -> str:
    return f"/programs/{world.youth.pk}/endings/reasons/"


def test_the_reasons_editor(world, as_user):
    client = as_user(world.manager)
    page = client.get(_reasons_url(world)).content.decode()
    assert "Moved away from the area" in page and "Somewhere else (HUD 17)" in page
    response = client.post(
        _reasons_url(world),
        {"label": "  Joined the  army ", "destination": "17", "completion": "1"},
    )
    assert response.status_code == 302
    made = ClosureReason.objects.get(program=world.youth, label="Joined the army")
    assert (made.destination, made.completion, made.needs_approval) == (17, 1, False)
    assert actions.reasons_for(world.youth)[-1] == made

    duplicate = client.post(_reasons_url(world), {"label": "joined the army", "destination": "17"})
    assert duplicate.status_code == 400
    assert "The program already has a reason with these words." in duplicate.content.decode()
    no_code = client.post(_reasons_url(world), {"label": "Elsewhere", "destination": ""})
    assert "Choose where they are going from the list." in no_code.content.decode()

    edited = client.post(
        f"/closure-reasons/{made.pk}/",
        {"label": "Joined the armed forces", "destination": "17", "needs_approval": "on"},
    )
    assert edited.status_code == 302
    made.refresh_from_db()
    assert (made.label, made.completion, made.needs_approval) == (
        "Joined the armed forces",
        None,
        True,
    )

    first, second = actions.reasons_for(world.youth)[:2]
    client.post(f"/closure-reasons/{second.pk}/move/", {"direction": "up"})
    assert actions.reasons_for(world.youth)[:2] == [second, first]
    top = client.post(f"/closure-reasons/{second.pk}/move/", {"direction": "up"}, follow=True)
    assert "That reason cannot move that way." in top.content.decode()


def test_a_used_reason_is_retired_not_deleted_and_closures_keep_it(world, as_user):
    closure = close_now(world.navigator, world.bo)
    reason = closure.reason
    client = as_user(world.manager)
    assert "Used by closures" in client.get(_reasons_url(world)).content.decode()
    client.post(f"/closure-reasons/{reason.pk}/", {"label": "Moved far away", "destination": "17"})
    client.post(f"/closure-reasons/{reason.pk}/active/", {"active": "no"})
    reason.refresh_from_db()
    assert not reason.active and ClosureReason.objects.filter(pk=reason.pk).exists()
    assert Closure.objects.get(pk=closure.pk).reason_label == "Moved away from the area"
    page = as_user(world.navigator).get(f"/enrollments/{world.amara.public_id}/close/")
    assert "Moved far away (usually" not in page.content.decode()
    assert f'value="{reason.pk}"' not in page.content.decode()
    with pytest.raises(ActionRefused, match="Choose a reason from the program"):
        actions.request_closure(
            by=world.navigator,
            enrollment=world.amara,
            reason=reason,
            destination=17,
            exit_on=timezone.localdate(),
            note="Moving on.",
        )
    client = as_user(world.manager)
    client.post(f"/closure-reasons/{reason.pk}/active/", {"active": "yes"})
    reason.refresh_from_db()
    assert reason.active


def test_the_last_reason_stays_on_the_list(world, as_user):
    reasons = actions.reasons_for(world.youth)
    ClosureReason.objects.filter(pk__in=[r.pk for r in reasons[1:]]).update(active=False)
    response = as_user(world.manager).post(
        f"/closure-reasons/{reasons[0].pk}/active/", {"active": "no"}, follow=True
    )
    assert "Keep at least one reason on the list." in response.content.decode()
    assert ClosureReason.objects.get(pk=reasons[0].pk).active
