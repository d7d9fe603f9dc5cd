"""The closing pages through real requests: every check with its reason, a blocked close
that saves nothing, closing at once and through approval (request → return → resend →
approve), the history, outsiders and navigators refused, double submits and stale
decisions, the switch-over from the status form, reopening, the timeline and the API."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from waypoint.closure import actions
from waypoint.closure.models import Check, Closure, ClosureEvent, ClosureReason, Rule
from waypoint.closure.tests.records import close_now
from waypoint.enrollments.models import Enrollment, Status
from waypoint.notes.actions import log_contact, make_commitment
from waypoint.tests.helpers import Api, snapshot

pytestmark = pytest.mark.django_db

MOVED_AWAY = "Moved away from the area"
NOTE = "Moving to be near her sister; she has the shelter's number."


def _reason(program: Any, label: str = MOVED_AWAY) -> ClosureReason:
    actions.reasons_for(program)
    return ClosureReason.objects.get(program=program, label=label)


def _form(enrollment: Enrollment, **over: Any) -> dict[str, Any]:
    enrollment.refresh_from_db()
    data: dict[str, Any] = {
        "reason": _reason(enrollment.program).pk,
        "destination": "",
        "completion": "",
        "exit_on": timezone.localdate().isoformat(),
        "note": NOTE,
        "celebration_words": "",
        "version": enrollment.version,
        "creation_key": str(uuid.uuid4()),
    }
    data.update(over)
    return data


def _close_url(enrollment: Enrollment) -> str:
    return f"/enrollments/{enrollment.public_id}/close/"


def _approval(world: Any) -> None:
    rules = actions.settings_for(world.youth)
    rules.needs_approval = True
    rules.save()


def _unsigned_note(world: Any, enrollment: Enrollment) -> Any:
    return log_contact(
        by=world.navigator,
        enrollment=enrollment,
        outcome="completed",
        data={"method": "phone", "happened_at": timezone.now() - timedelta(hours=1)},
    ).note


def test_every_check_is_shown_with_its_reason_and_a_way_to_fix_it(world, as_user):
    e = world.amara
    make_commitment(by=world.navigator, enrollment=e, what="Call the landlord")
    note = _unsigned_note(world, e)
    html = as_user(world.navigator).get(_close_url(e)).content.decode()
    rules = actions.settings_for(world.youth)
    results = actions.closure_checks(e, timezone.localdate(), rules)
    assert {r.check for r in results} == set(Check.values)
    for r in results:
        assert r.reason in html, r.check
    by_check = {r.check: r for r in results}
    assert by_check[Check.NOTES].blocks and by_check[Check.COMMITMENTS].warns
    assert "1 note is not signed yet." in html
    assert "Stops the closure" in html and "Warning" in html  # words, not colour alone
    assert f"/notes/{note.public_id}/" in html
    assert f"/participants/{e.participant.public_id}/#commitments" in html
    assert f"/enrollments/{e.public_id}/exit-interview/schedule/" in html
    assert f"/participants/{e.participant.public_id}/#post-plan-{e.pk}" in html
    assert "Not yet:" in html and "1 check must be fixed" in html


def test_a_blocked_close_explains_and_saves_nothing(world, as_user):
    e = world.amara
    _unsigned_note(world, e)
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(_close_url(e), _form(e))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not yet: Unsigned notes: 1 note is not signed yet." in html
    assert NOTE.replace("'", "&#x27;") in html  # what was typed is kept
    assert not Closure.objects.exists()
    assert snapshot(audit=False) == before


def test_bad_input_keeps_what_was_typed(world, as_user):
    client = as_user(world.navigator)
    e = world.amara
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"note": "  "}, "Write a closing note: how things stand as they leave."),
        ({"reason": ""}, "Choose the reason from the program&#x27;s list."),
        ({"reason": _reason(world.home).pk}, "Choose the reason from the program&#x27;s list."),
        ({"destination": "12345"}, "Choose where they are going from the list."),
        ({"exit_on": "9999-12-31"}, "Give a date from 1900-01-01"),
        ({"exit_on": future}, "is in the future: close on the day they leave."),
    ]
    for over, message in cases:
        response = client.post(_close_url(e), _form(e, **over))
        assert response.status_code == 400, over
        assert message in response.content.decode(), over
    assert not Closure.objects.exists()


def test_close_at_once_without_approval(world, as_user):
    e = world.amara
    client = as_user(world.navigator)
    idea = actions.settings_for(world.youth).celebration_ideas[1]
    response = client.post(
        _close_url(e), _form(e, celebration=[idea], celebration_words="Pizza with the crew")
    )
    closure = Closure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/closures/{closure.public_id}/"
    assert closure.status == Closure.Status.CLOSED
    assert (closure.destination, closure.completion) == (17, 2)  # the reason's usual codes
    assert closure.celebration == [idea] and closure.celebration_words == "Pizza with the crew"
    e.refresh_from_db()
    assert e.status == Status.EXITED and e.exited_on == timezone.localdate()
    html = client.get(response["Location"]).content.decode()
    assert "Somewhere else" in html and "Chose to leave before the end" in html
    assert "Pizza with the crew" in html and ">Closed<" in html
    panel = client.get(f"/participants/{e.participant.public_id}/").content.decode()
    assert f"/closures/{closure.public_id}/" in panel
    assert f"/enrollments/{e.public_id}/close/" not in panel


def test_request_return_resend_approve_with_history(world, as_user, client):
    _approval(world)
    e = world.amara
    client.force_login(world.navigator)
    response = client.post(_close_url(e), _form(e))
    closure = Closure.objects.get()
    assert closure.status == Closure.Status.REQUESTED
    assert Enrollment.objects.get(pk=e.pk).status == Status.ENROLLED

    client.force_login(world.supervisor)
    board = client.get("/supervision/").content.decode()
    assert "Closures waiting for your approval" in board and "Amara" in board
    detail = f"/closures/{closure.public_id}/"
    refused = client.post(f"{detail}return/", {"comment": " ", "version": closure.version})
    assert refused.status_code == 400
    assert "Say what needs to change before it can close." in refused.content.decode()
    response = client.post(
        f"{detail}return/",
        {"comment": "Add where she can get help nearby.", "version": closure.version},
    )
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.status == Closure.Status.RETURNED

    client.force_login(world.navigator)
    home = client.get("/caseload/").content.decode()
    assert "Returned with a comment" in home and "Add where she can get help nearby." in home
    page = client.get(_close_url(e)).content.decode()
    assert "Add where she can get help nearby." in page
    assert NOTE.replace("'", "&#x27;") in page  # prefilled from the returned closure
    resent = client.post(_close_url(e), _form(e, note=NOTE + " The hotline is 211."))
    assert resent.status_code == 302
    closure.refresh_from_db()
    assert closure.status == Closure.Status.REQUESTED and Closure.objects.count() == 1

    client.force_login(world.supervisor)
    response = client.post(
        f"{detail}approve/", {"comment": "Thank you", "version": closure.version}
    )
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.status == Closure.Status.CLOSED
    assert Enrollment.objects.get(pk=e.pk).status == Status.EXITED
    rows = list(closure.events.order_by("at", "pk").values_list("kind", "comment", "by__username"))
    assert rows == [
        ("requested", "", "nia"),
        ("returned", "Add where she can get help nearby.", "sam"),
        ("requested", "", "nia"),
        ("approved", "Thank you", "sam"),
        ("closed", "", "sam"),
    ]
    html = client.get(detail).content.decode()
    for words in ("Asked for approval", "Returned", "Approved", "by Sam Supervisor", "Thank you"):
        assert words in html
    timeline = client.get(f"/participants/{e.participant.public_id}/").content.decode()
    assert "closure returned with a comment" in timeline and "closure approved" in timeline


def test_withdraw_keeps_the_enrollment_open(world, as_user):
    _approval(world)
    e = world.amara
    client = as_user(world.navigator)
    client.post(_close_url(e), _form(e))
    closure = Closure.objects.get()
    response = client.post(
        f"/closures/{closure.public_id}/withdraw/", {"comment": "", "version": closure.version}
    )
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.status == Closure.Status.WITHDRAWN
    assert Enrollment.objects.get(pk=e.pk).status == Status.ENROLLED
    html = client.get(f"/participants/{e.participant.public_id}/").content.decode()
    assert "closure withdrawn" in html and f"/enrollments/{e.public_id}/close/" in html


def test_outsiders_are_refused_and_nothing_changes(world, as_user, client):
    _approval(world)
    e = world.amara
    closure = actions.request_closure(
        by=world.navigator,
        enrollment=e,
        reason=_reason(world.youth),
        destination=17,
        exit_on=timezone.localdate(),
        note=NOTE,
    )
    before = snapshot(audit=False)
    states = list(Closure.objects.values_list("status", "version"))
    # Olga (another organization) and Pat (Home Base only: another program).
    for who in (world.outsider, world.staff):
        client.force_login(who)
        assert client.get(_close_url(e)).status_code == 404
        assert client.post(_close_url(e), _form(e)).status_code == 404
        assert client.get(f"/closures/{closure.public_id}/").status_code == 404
        for step in ("approve", "return", "withdraw"):
            data = {"comment": "x", "version": closure.version}
            assert client.post(f"/closures/{closure.public_id}/{step}/", data).status_code == 404
    assert snapshot(audit=False) == before
    assert list(Closure.objects.values_list("status", "version")) == states


def test_navigators_cannot_approve_and_nobody_approves_their_own(world, client):
    _approval(world)
    e = world.amara
    closure = actions.request_closure(
        by=world.supervisor,
        enrollment=e,
        reason=_reason(world.youth),
        destination=17,
        exit_on=timezone.localdate(),
        note=NOTE,
    )
    # A supervisor's own request closes at once, approved by themselves in one step.
    assert closure.status == Closure.Status.CLOSED
    e2 = world.bo
    closure = actions.request_closure(
        by=world.navigator2,
        enrollment=e2,
        reason=_reason(world.youth),
        destination=17,
        exit_on=timezone.localdate(),
        note=NOTE,
    )
    data = {"comment": "", "version": closure.version}
    for who in (world.navigator, world.navigator2):
        client.force_login(who)
        assert client.post(f"/closures/{closure.public_id}/approve/", data).status_code == 404
    closure.refresh_from_db()
    assert closure.status == Closure.Status.REQUESTED
    # A manager who asked is refused by the action, with its words.
    mine = Closure.objects.filter(pk=closure.pk)
    mine.update(requested_by=world.manager)
    client.force_login(world.manager)
    response = client.post(f"/closures/{closure.public_id}/approve/", data)
    assert response.status_code == 400
    assert "Someone else decides on a closure you asked for." in response.content.decode()
    assert mine.get().status == Closure.Status.REQUESTED


def test_double_submit_makes_one_closure(world, as_user):
    e = world.amara
    client = as_user(world.navigator)
    data = _form(e)
    first = client.post(_close_url(e), data)
    second = client.post(_close_url(e), data)
    assert Closure.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_a_stale_decision_is_refused(world, client):
    _approval(world)
    e = world.amara
    closure = actions.request_closure(
        by=world.navigator,
        enrollment=e,
        reason=_reason(world.youth),
        destination=17,
        exit_on=timezone.localdate(),
        note=NOTE,
    )
    old = closure.version
    actions.return_closure(by=world.supervisor, closure=closure, comment="Add the hotline.")
    client.force_login(world.navigator)
    client.post(_close_url(e), _form(e))  # sent again: version moves on
    client.force_login(world.manager)
    response = client.post(
        f"/closures/{closure.public_id}/approve/", {"comment": "ok", "version": old}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "saved changes since you opened this page" in html
    closure.refresh_from_db()
    assert closure.status == Closure.Status.REQUESTED
    assert f'name="version" value="{closure.version}"' in html  # saving again goes through


def test_a_stale_close_form_is_refused(world, as_user):
    from waypoint.enrollments.actions import change_status

    e = world.amara
    data = _form(e)
    change_status(by=world.navigator, enrollment=e, to_status=Status.EXITING)
    response = as_user(world.navigator).post(_close_url(e), data)
    assert response.status_code == 409
    assert not Closure.objects.exists()


def test_the_status_form_no_longer_closes(world, as_user):
    from waypoint.enrollments.models import TRANSITIONS

    assert all(Status.EXITED not in targets for targets in TRANSITIONS.values())
    client = as_user(world.navigator)
    e = world.amara
    html = client.get(f"/participants/{e.participant.public_id}/").content.decode()
    assert 'value="exited"' not in html
    assert f"/enrollments/{e.public_id}/close/" in html
    response = client.post(
        f"/enrollments/{e.public_id}/status/",
        {"status": "exited", "reason": "Moved", "version": e.version},
    )
    assert response.status_code == 400
    assert Enrollment.objects.get(pk=e.pk).status == Status.ENROLLED
    api = Api(world.navigator).call(
        "POST", f"/enrollments/{e.public_id}/status", {"status": "exited", "version": e.version}
    )
    assert api.status_code == 400
    assert "closing page" in api.json()["detail"]
    assert Enrollment.objects.get(pk=e.pk).status == Status.ENROLLED


def test_reopen_within_the_window_through_the_page(world, as_user):
    e = world.amara
    closure = close_now(world.navigator, e)
    e.refresh_from_db()
    client = as_user(world.navigator)
    response = client.post(
        f"/enrollments/{e.public_id}/reopen/",
        {"reason": "Wants help with a new goal", "version": e.version},
        follow=True,
    )
    html = response.content.decode()
    assert "Reopened. The earlier closure and plans are kept below as history." in html
    e.refresh_from_db()
    assert (e.status, e.cycle) == (Status.ENROLLED, 2)
    assert "Earlier closures, kept as history" in html
    assert f"/closures/{closure.public_id}/" in html
    assert list(closure.events.values_list("kind", flat=True)) == ["closed", "reopened"]


def test_reopen_after_the_window_is_a_new_linked_enrollment(world, as_user):
    long_ago = timezone.localdate() - timedelta(days=120)
    Enrollment.objects.filter(pk=world.amara.pk).update(started_on=long_ago - timedelta(days=90))
    e = Enrollment.objects.get(pk=world.amara.pk)
    close_now(world.navigator, e, exit_on=long_ago)
    e.refresh_from_db()
    response = as_user(world.navigator).post(
        f"/enrollments/{e.public_id}/reopen/",
        {"reason": "Needs help again", "version": e.version},
        follow=True,
    )
    assert "Welcomed back as a new enrollment, linked to the earlier one" in (
        response.content.decode()
    )
    new = Enrollment.objects.get(returned_from=e)
    assert new.status == Status.ENROLLED
    assert Enrollment.objects.get(pk=e.pk).status == Status.EXITED


def test_a_refused_reopen_keeps_the_enrollment_closed(world, as_user):
    e = world.amara
    close_now(world.navigator, e)
    e.refresh_from_db()
    response = as_user(world.navigator).post(
        f"/enrollments/{e.public_id}/reopen/", {"reason": "  ", "version": e.version}
    )
    assert response.status_code == 400
    assert Enrollment.objects.get(pk=e.pk).status == Status.EXITED


def test_the_reopen_box_has_its_own_id_beside_the_status_form(world, as_user):
    """A closed enrollment shows the status form (to follow-up) and the reopen form; both
    have a "reason". With one id for both, "Why reopen" labelled the status form's box,
    and what a person typed there never reached the reopen form."""
    import re

    e = world.amara
    close_now(world.navigator, e)
    client = as_user(world.navigator)
    html = client.get(f"/participants/{e.participant.public_id}/").content.decode()
    reasons = re.findall(r'<textarea name="reason"[^>]*id="([^"]+)"', html)
    assert len(reasons) == 2 and len(set(reasons)) == 2, reasons
    reopen = html[html.index(f'action="/enrollments/{e.public_id}/reopen/"') :]
    reopen = reopen[: reopen.index("</form>")]
    label = re.search(r'<label[^>]*for="([^"]+)"[^>]*>Why reopen', reopen)
    assert label is not None and f'id="{label.group(1)}"' in reopen
    bad = client.post(f"/enrollments/{e.public_id}/reopen/", {"reason": " ", "version": 0})
    assert bad.status_code == 400  # the refused form is shown again with its own ids
    html = bad.content.decode()
    assert len(set(re.findall(r'<textarea name="reason"[^>]*id="([^"]+)"', html))) == 2


# --- The API ------------------------------------------------------------------------------


def _body(world: Any, **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reason_id": _reason(world.youth).pk,
        "exit_on": timezone.localdate().isoformat(),
        "note": NOTE,
        "creation_key": str(uuid.uuid4()),
    }
    body.update(over)
    return body


def test_api_request_return_resend_approve(world):
    _approval(world)
    e = world.amara
    nav, sup = Api(world.navigator), Api(world.supervisor)
    made = nav.call("POST", f"/enrollments/{e.public_id}/closures", _body(world))
    assert made.status_code == 201
    closure = made.json()
    assert (closure["status"], closure["destination"], closure["completion"]) == (
        "requested",
        17,
        2,
    )
    cid = closure["id"]
    again = nav.call("POST", f"/enrollments/{e.public_id}/closures", _body(world))
    assert again.status_code == 400 and "already waiting" in again.json()["detail"]
    # A navigator may not decide (the matrix answers 404); a stale version answers 409.
    assert nav.call("POST", f"/closures/{cid}/approve", {"version": 1}).status_code == 404
    blank = sup.call("POST", f"/closures/{cid}/return", {"comment": "", "version": 1})
    assert blank.status_code == 400 and blank.json()["field"] == "comment"
    returned = sup.call("POST", f"/closures/{cid}/return", {"comment": "Add 211.", "version": 1})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    stale = sup.call("POST", f"/closures/{cid}/return", {"comment": "Again", "version": 1})
    assert stale.status_code == 409
    resent = nav.call("POST", f"/enrollments/{e.public_id}/closures", _body(world))
    assert resent.status_code == 200 and resent.json()["id"] == cid
    version = resent.json()["version"]
    approved = sup.call("POST", f"/closures/{cid}/approve", {"version": version})
    assert approved.status_code == 200 and approved.json()["status"] == "closed"
    kinds = [ev["kind"] for ev in approved.json()["events"]]
    assert kinds == ["requested", "returned", "requested", "approved", "closed"]
    listed = nav.call("GET", f"/enrollments/{e.public_id}/closures").json()
    assert [c["id"] for c in listed] == [cid]
    assert nav.call("GET", f"/closures/{cid}").json()["reason"] == MOVED_AWAY


def test_api_outsider_gets_404_and_nothing_changes(world):
    _approval(world)
    e = world.amara
    closure = (
        Api(world.navigator)
        .call("POST", f"/enrollments/{e.public_id}/closures", _body(world))
        .json()
    )
    before = snapshot(audit=False)
    states = list(Closure.objects.values_list("status", "version"))
    for who in (world.outsider, world.staff):
        api = Api(who)
        assert api.call("GET", f"/enrollments/{e.public_id}/closures").status_code == 404
        assert api.call("GET", f"/closures/{closure['id']}").status_code == 404
        made = api.call("POST", f"/enrollments/{e.public_id}/closures", _body(world))
        assert made.status_code == 404
        for step in ("approve", "return", "withdraw"):
            body = {"comment": "x", "version": closure["version"]}
            assert api.call("POST", f"/closures/{closure['id']}/{step}", body).status_code == 404
    assert list(Closure.objects.values_list("status", "version")) == states
    before.pop("ApiToken")
    after = snapshot(audit=False)
    after.pop("ApiToken")
    assert after == before


def test_api_double_submit_and_blocked_checks(world):
    e = world.amara
    nav = Api(world.navigator)
    rules = actions.settings_for(world.youth)
    rules.check_rules = {**rules.check_rules, Check.INTERVIEW: Rule.BLOCK}
    rules.save()
    blocked = nav.call("POST", f"/enrollments/{e.public_id}/closures", _body(world))
    assert blocked.status_code == 400
    assert "Exit interview: No exit interview is recorded yet." in blocked.json()["detail"]
    assert not Closure.objects.exists()
    rules.check_rules = {**rules.check_rules, Check.INTERVIEW: Rule.WARN}
    rules.save()
    body = _body(world)
    first = nav.call("POST", f"/enrollments/{e.public_id}/closures", body)
    second = nav.call("POST", f"/enrollments/{e.public_id}/closures", body)
    assert first.status_code == 201 and first.json()["status"] == "closed"
    assert second.json()["id"] == first.json()["id"] and Closure.objects.count() == 1
    assert ClosureEvent.objects.filter(kind="closed").count() == 1


def test_supervision_lists_waiting_closures_oldest_first_with_their_age(world, as_user):
    from waypoint.closure.tests.records_closing import waiting_closure

    older = waiting_closure(world.bo, world.navigator2)
    newer = waiting_closure(world.amara, world.navigator)
    Closure.objects.filter(pk=older.pk).update(requested_at=timezone.now() - timedelta(days=3))
    html = as_user(world.supervisor).get("/supervision/").content.decode()
    table = html[html.index("Closures waiting for your approval") :]
    assert table.index(f"/closures/{older.public_id}/") < table.index(
        f"/closures/{newer.public_id}/"
    )
    assert "3 days" in table and "Since today" in table
    # A program chosen on the page narrows the list; the navigator's home lists their own.
    only_home = as_user(world.supervisor).get(f"/supervision/?program={world.home.pk}")
    assert "Closures waiting for your approval" not in only_home.content.decode()
    home = as_user(world.navigator).get("/caseload/").content.decode()
    assert "Waiting for approval" in home and f"/closures/{newer.public_id}/" in home
    assert f"/closures/{older.public_id}/" not in home


def test_the_subsidy_of_a_rental_with_an_ongoing_subsidy_is_kept(world, as_user):
    """HUD asks which subsidy (3.12.A) when someone moves into a rental with an ongoing
    one; any other destination keeps none, and a code off HUD's list is refused."""
    e = world.amara
    client = as_user(world.navigator)
    refused = client.post(_close_url(e), _form(e, destination="435", destination_subsidy="999"))
    assert refused.status_code == 400
    assert "Choose the subsidy from the list." in refused.content.decode()
    assert not Closure.objects.exists()
    response = client.post(_close_url(e), _form(e, destination="435", destination_subsidy="431"))
    assert response.status_code == 302
    closure = Closure.objects.get()
    assert (closure.destination, closure.destination_subsidy) == (435, 431)


def test_a_subsidy_is_not_kept_for_another_destination(world, as_user):
    e = world.amara
    client = as_user(world.navigator)
    client.post(_close_url(e), _form(e, destination="410", destination_subsidy="431"))
    closure = Closure.objects.get()
    assert (closure.destination, closure.destination_subsidy) == (410, None)
