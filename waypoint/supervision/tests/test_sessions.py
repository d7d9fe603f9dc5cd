"""Supervision sessions: a supervisor starts one with a navigator, writes it as a draft
(stale forms refused, a double click one session), agrees actions, signs it (then the
action and the database refuse every change but marking an action done); only that
supervisor, the navigator and the program's managers see it; the blocks on the
supervision page and the navigator's home."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from waypoint.accounts import actions as accounts
from waypoint.audit.models import AuditEvent
from waypoint.enrollments import actions as enrollments
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.supervision import actions
from waypoint.supervision.models import AgreedAction, Discussed, Session
from waypoint.supervision.tests.records import a_session
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def _today() -> Any:
    return timezone.localdate()


def _start(client: Any, world: Any, **extra: Any) -> Any:
    data = {
        "program": world.youth.pk,
        "navigator": world.navigator.pk,
        "held_on": _today().isoformat(),
        "creation_key": str(uuid.uuid4()),
        **extra,
    }
    return client.post(reverse("supervision_session_new"), data)


def _edit(session: Session, **extra: Any) -> dict[str, Any]:
    return {
        "edit_version": session.edit_version,
        "held_on": session.held_on.isoformat(),
        "caseload_discussed": "Three people waiting on housing; one new.",
        "support_offered": "Shadowing at the next intake; a lighter week after.",
        "next_on": (_today() + timedelta(days=14)).isoformat(),
        **extra,
    }


def test_the_whole_flow(world, as_user):
    client = as_user(world.supervisor)
    page = client.get(reverse("supervision_session_new"))
    assert page.status_code == 200
    assert world.navigator.display_name in page.content.decode()
    key = str(uuid.uuid4())
    first = _start(client, world, creation_key=key)
    again = _start(client, world, creation_key=key)  # a double click: the same session
    session = Session.objects.get()
    assert first.url == again.url == reverse("supervision_session_detail", args=[session.public_id])
    assert (session.supervisor, session.navigator, session.program) == (
        world.supervisor,
        world.navigator,
        world.youth,
    )

    detail = reverse("supervision_session_detail", args=[session.public_id])
    page = client.get(detail)
    assert "Amara" in page.content.decode()  # Nia's open caseload, to tick
    listed = AuditEvent.objects.filter(action="list", participant_id=world.amara.participant_id)
    assert listed.filter(actor=world.supervisor).exists()
    response = client.post(detail, _edit(session, discussed=[world.amara.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.support_offered.startswith("Shadowing")
    assert session.next_on == _today() + timedelta(days=14)
    assert list(Discussed.objects.values_list("enrollment_id", flat=True)) == [world.amara.pk]

    due = (_today() + timedelta(days=7)).isoformat()
    add = reverse("supervision_action_add", args=[session.public_id])
    response = client.post(
        add,
        {
            "action-what": "Ask for a second intake slot",
            "action-owner": world.navigator.pk,
            "action-due_on": due,
        },
    )
    assert response.status_code == 302
    client.post(
        add,
        {
            "action-what": "Send the training dates",
            "action-owner": world.supervisor.pk,
            "action-due_on": due,
        },
    )
    extra = AgreedAction.objects.get(what="Send the training dates")
    client.post(reverse("supervision_action_remove", args=[extra.public_id]))
    assert list(AgreedAction.objects.values_list("what", flat=True)) == [
        "Ask for a second intake slot"
    ]

    session.refresh_from_db()
    response = client.post(
        reverse("supervision_session_sign", args=[session.public_id]),
        {"edit_version": session.edit_version},
    )
    session.refresh_from_db()
    assert session.status == "signed" and session.signed_at is not None

    # The navigator sees it, and marks the action done from her home.
    nia = as_user(world.navigator)
    home = nia.get(reverse("caseload"))
    assert "Ask for a second intake slot" in home.content.decode()
    agreed = AgreedAction.objects.get()
    response = nia.post(
        reverse("supervision_action_done", args=[agreed.public_id]), {"back": "home"}
    )
    assert response.url == reverse("caseload")
    agreed.refresh_from_db()
    assert agreed.done_by == world.navigator and agreed.done_at is not None
    assert "Ask for a second intake slot" not in nia.get(reverse("caseload")).content.decode()
    shown_before = listed.filter(actor=world.navigator).count()
    page = nia.get(detail).content.decode()
    assert "Amara" in page and "Shadowing" in page
    assert listed.filter(actor=world.navigator).count() == shown_before + 1  # recorded
    printed = nia.get(reverse("supervision_session_print", args=[session.public_id]))
    assert "Shadowing" in printed.content.decode()
    assert AuditEvent.objects.filter(action="sign", object_id=str(session.public_id)).count() == 1


def test_signed_never_changes(world, as_user):
    session = a_session(world.supervisor, world.navigator, world.youth, signed=True)
    client = as_user(world.supervisor)
    detail = reverse("supervision_session_detail", args=[session.public_id])
    before = snapshot(audit=False)
    client.post(detail, _edit(session))
    client.post(
        reverse("supervision_action_add", args=[session.public_id]),
        {
            "action-what": "More",
            "action-owner": world.navigator.pk,
            "action-due_on": _today().isoformat(),
        },
    )
    client.post(reverse("supervision_action_remove", args=[session.actions.get().public_id]))
    client.post(reverse("supervision_session_sign", args=[session.public_id]), {"edit_version": 1})
    assert snapshot(audit=False) == before
    with pytest.raises(ActionRefused, match="never changes"):
        actions.save_session(
            by=world.supervisor, session=session, data=actions.SessionData(), expected_version=None
        )
    # The database refuses too, whatever the code does.
    with pytest.raises(DatabaseError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(support_offered="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        Session.objects.filter(pk=session.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AgreedAction.objects.filter(session=session).update(what="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AgreedAction.objects.create(
            session=session, what="late", owner=world.navigator, due_on=_today()
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        Discussed.objects.create(session=session, enrollment=world.amara)
    # Marking done stays possible after signing.
    agreed = actions.mark_action_done(by=world.navigator, action=session.actions.get())
    assert agreed.done_at is not None


def _other_supervisor(world: Any) -> Any:
    other = make_staff(world.org, "otto", "Otto Supervisor")
    accounts.grant_role(user=other, role="supervisor", program=world.youth)
    return other


@pytest.mark.parametrize("who", ["other_supervisor", "navigator2", "auditor", "outsider", "staff"])
def test_nobody_else_sees_it_and_nothing_changes(world, as_user, who):
    session = a_session(world.supervisor, world.navigator, world.youth)
    agreed = session.actions.get()
    user = _other_supervisor(world) if who == "other_supervisor" else getattr(world, who)
    client = as_user(user)
    before = snapshot()
    calls = [
        ("get", reverse("supervision_session_detail", args=[session.public_id])),
        ("get", reverse("supervision_session_print", args=[session.public_id])),
        ("post", reverse("supervision_session_detail", args=[session.public_id])),
        ("post", reverse("supervision_session_sign", args=[session.public_id])),
        ("post", reverse("supervision_action_add", args=[session.public_id])),
        ("post", reverse("supervision_action_remove", args=[agreed.public_id])),
        ("post", reverse("supervision_action_done", args=[agreed.public_id])),
    ]
    for method, url in calls:
        assert (
            getattr(client, method)(url, _edit(session) if method == "post" else None).status_code
            == 404
        )
    listing = client.get(reverse("supervision_sessions"))
    assert listing.status_code in (200, 404)
    assert str(session.public_id) not in listing.content.decode()
    assert snapshot() == before


def test_managers_read_but_never_write(world, as_user):
    session = a_session(world.supervisor, world.navigator, world.youth)
    for user in (world.manager, world.admin):
        client = as_user(user)
        page = client.get(reverse("supervision_session_detail", args=[session.public_id]))
        assert page.status_code == 200
        assert "shorter caseload" in page.content.decode()
        before = snapshot(audit=False)
        client.post(reverse("supervision_session_detail", args=[session.public_id]), _edit(session))
        client.post(reverse("supervision_action_done", args=[session.actions.get().public_id]))
        client.post(
            reverse("supervision_session_sign", args=[session.public_id]),
            {"edit_version": session.edit_version},
        )
        assert snapshot(audit=False) == before
        listing = client.get(reverse("supervision_sessions")).content.decode()
        assert str(session.public_id) in listing


def test_the_navigator_sees_only_the_people_she_may_see(world, as_user):
    """Sam discussed Bo (Noor's) in a session with Nia? No: only Nia's caseload can be
    ticked; an enrollment that later moved is counted for Nia, never named."""
    session = a_session(world.supervisor, world.navigator, world.youth)
    Discussed.objects.create(session=session, enrollment=world.amara)
    Discussed.objects.create(session=session, enrollment=world.bo)  # stored straight
    page = (
        as_user(world.navigator)
        .get(reverse("supervision_session_detail", args=[session.public_id]))
        .content.decode()
    )
    assert "Amara" in page and "Bo Nguy" not in page
    assert "1 more you may not see" in page
    with pytest.raises(ActionRefused, match="caseload"):
        actions.save_session(
            by=world.supervisor,
            session=session,
            data=actions.SessionData(discussed=[world.amara.pk, world.chen.pk]),
            expected_version=session.edit_version,
        )


def test_bad_input_is_refused_and_kept(world, as_user):
    client = as_user(world.supervisor)
    future = (_today() + timedelta(days=1)).isoformat()
    response = _start(client, world, held_on=future)
    assert "cannot be in the future" in response.content.decode()
    response = _start(client, world, held_on="9999-12-31")
    assert "Give a date from" in response.content.decode()
    response = _start(client, world, navigator=world.outsider.pk)
    assert response.status_code == 200
    assert "Choose a person from the list." in response.content.decode()
    # Found by the browser test: no one chosen said only Django's "This field is required."
    response = _start(client, world, navigator="", program="")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Choose the person you met." in text and "Choose the program." in text
    assert "This field is required." not in text
    response = _start(client, world, navigator=world.staff.pk)  # Pat works in Home Base only
    assert "works in this program" in response.content.decode()
    assert Session.objects.count() == 0

    session = a_session(world.supervisor, world.navigator, world.youth)
    detail = reverse("supervision_session_detail", args=[session.public_id])
    before = snapshot(audit=False)
    response = client.post(
        detail, _edit(session, next_on=session.held_on.isoformat(), support_offered="KEEP-ME")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "comes after this one" in text and "KEEP-ME" in text
    response = client.post(detail, _edit(session, support_offered="x\x00y"))
    assert response.status_code == 400 and "null character" in response.content.decode()
    response = client.post(
        reverse("supervision_action_add", args=[session.public_id]),
        {
            "action-what": "KEEP-WHAT",
            "action-owner": world.navigator.pk,
            "action-due_on": "3000-01-01",
        },
    )
    assert response.status_code == 400
    assert (
        "KEEP-WHAT" in response.content.decode() and "Give a date from" in response.content.decode()
    )
    response = client.post(
        reverse("supervision_action_add", args=[session.public_id]),
        {
            "action-what": "Someone else",
            "action-owner": world.navigator2.pk,
            "action-due_on": _today().isoformat(),
        },
    )
    assert response.status_code == 400
    assert snapshot(audit=False) == before


def test_a_stale_form_is_refused_with_what_changed(world, as_user):
    session = a_session(world.supervisor, world.navigator, world.youth)
    opened = session.edit_version
    actions.save_session(
        by=world.supervisor,
        session=session,
        data=actions.SessionData(support_offered="First save"),
        expected_version=opened,
    )
    with pytest.raises(StaleEdit, match="the support offered"):
        actions.save_session(
            by=world.supervisor,
            session=session,
            data=actions.SessionData(support_offered="Second save"),
            expected_version=opened,
        )
    client = as_user(world.supervisor)
    response = client.post(
        reverse("supervision_session_detail", args=[session.public_id]),
        _edit(session, edit_version=opened, support_offered="TYPED-AGAIN"),
    )
    assert response.status_code == 400
    assert "TYPED-AGAIN" in response.content.decode()
    session.refresh_from_db()
    assert session.support_offered == "First save"


def test_the_list_shows_each_their_own_in_constant_queries(
    world, as_user, django_assert_num_queries
):
    noor, nia, sam = world.navigator2, world.navigator, world.supervisor
    a_session(sam, nia, world.youth)
    a_session(sam, noor, world.home)
    other = _other_supervisor(world)
    a_session(other, noor, world.youth, days_ago=3)

    def shown(user: Any) -> int:
        return int(
            as_user(user)
            .get(reverse("supervision_sessions"))
            .content.decode()
            .count("/supervision/sessions/")
            - 1
        )  # the link to start one, for supervisors; none for navigators

    assert shown(world.manager) == 3
    assert shown(other) == 1
    page = as_user(nia).get(reverse("supervision_sessions")).content.decode()
    assert page.count("Sam Supervisor") == 1 and "Otto" not in page

    client = as_user(sam)
    client.get(reverse("supervision_sessions"))
    with django_assert_num_queries(7) as few:
        client.get(reverse("supervision_sessions"))
    for i in range(5):
        a_session(sam, nia, world.youth, days_ago=10 + i)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("supervision_sessions"))


def test_the_supervision_page_block(world, as_user):
    sam = world.supervisor
    met = a_session(sam, world.navigator, world.youth, days_ago=3)
    Session.objects.filter(pk=met.pk).update(next_on=_today() + timedelta(days=10))
    older = a_session(sam, world.navigator, world.youth, days_ago=20)  # overtaken
    Session.objects.filter(pk=older.pk).update(next_on=_today() + timedelta(days=2))
    a_session(sam, world.navigator2, world.youth, days_ago=60)
    page = as_user(sam).get(reverse("supervision")).content.decode()
    block = page.split('id="supervision-sessions-heading"')[1].split("</section>")[0]
    not_met = block.split("Not met in the last 4 weeks")[1].split("Next sessions")[0]
    assert "Noor Navigator" in not_met and "Pat Staff" in not_met
    assert "no session yet" in not_met  # Pat
    assert "Nia Navigator" not in not_met
    upcoming = block.split("Next sessions")[1]
    assert upcoming.count("with Nia Navigator") == 1
    ten, two = (_today() + timedelta(days=10)), (_today() + timedelta(days=2))
    assert f"{ten:%B} {ten.day}, {ten.year}" in upcoming
    assert f"{two:%B} {two.day}, {two.year}" not in upcoming
    # An auditor sees no sessions block (and no link to a page that refuses them).
    page = as_user(world.auditor).get(reverse("supervision")).content.decode()
    assert "supervision-sessions-heading" not in page
    assert reverse("supervision_sessions") not in page
    assert reverse("data_quality") in page


def test_a_new_enrollment_can_be_discussed(world):
    """Only the navigator's open enrollments in the session's program can be ticked."""
    new = enrollments.enroll_new_participant(
        by=world.navigator,
        program=world.youth,
        data={"preferred_name": "Kofi"},
        navigator=world.navigator,
        status="enrolled",
    )
    session = a_session(world.supervisor, world.navigator, world.youth)
    saved = actions.save_session(
        by=world.supervisor,
        session=session,
        data=actions.SessionData(discussed=[new.pk, world.amara.pk]),
        expected_version=session.edit_version,
    )
    assert set(saved.discussed.values_list("enrollment_id", flat=True)) == {new.pk, world.amara.pk}
