"""Households through real requests: starting one, adding members (a participant found
by the search, or someone not enrolled), relationships, exactly one head, leaving with
history kept, what each member agreed to show, household stays, the privacy rule on the
participant page, the refused outsider, and the page's query count."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from waypoint.accounts import actions as accounts
from waypoint.audit.models import AuditEvent
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.households import actions
from waypoint.households.models import Household, Member, Relationship
from waypoint.households.tests.records import household_of
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def _today() -> Any:
    return timezone.localdate()


def _tobi(world: Any, name: str = "Tobi") -> Enrollment:
    """Another young person on Nia's Youth Works caseload."""
    return enrollments.enroll_new_participant(
        by=world.navigator,
        program=world.youth,
        data={"preferred_name": name},
        navigator=world.navigator,
        status="enrolled",
    )


def _add_person(client: Any, household: Household, **extra: Any) -> Any:
    data = {
        "creation_key": str(uuid.uuid4()),
        "name": "Kemi",
        "date_of_birth": "2019-04-02",
        "relationship": Relationship.CHILD,
        "relationship_words": "daughter",
        "joined_on": _today().isoformat(),
        **extra,
    }
    return client.post(reverse("household_person_add", args=[household.public_id]), data)


def _add_participant(client: Any, household: Household, person: Any, **extra: Any) -> Any:
    data = {
        "step": "add",
        "creation_key": str(uuid.uuid4()),
        "participant": str(person.public_id),
        "relationship": Relationship.CHILD,
        "relationship_words": "",
        "joined_on": _today().isoformat(),
        **extra,
    }
    return client.post(reverse("household_member_add", args=[household.public_id]), data)


def test_a_navigator_starts_a_household_and_adds_people(world, as_user):
    client = as_user(world.navigator)
    amara = world.amara.participant
    page = client.get(reverse("participant_detail", args=[amara.public_id]))
    assert "Not part of a household on record." in page.content.decode()
    assert reverse("participant_household_start", args=[amara.public_id]) in page.content.decode()

    key = str(uuid.uuid4())
    form = {"creation_key": key, "name": "The Okafor family", "joined_on": _today().isoformat()}
    url = reverse("participant_household_start", args=[amara.public_id])
    first = client.post(url, form)
    again = client.post(url, form)  # a double click
    household = Household.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/households/{household.public_id}/"
    head = household.members.get()
    assert (head.participant, head.is_head, head.relationship) == (amara, True, 1)
    assert AuditEvent.objects.filter(object_type="household", action="create").count() == 1

    # Someone not enrolled: a name and a date of birth.
    assert _add_person(client, household).status_code == 302
    kemi = household.members.get(participant__isnull=True)
    assert (kemi.name, kemi.relationship, kemi.relationship_words) == ("Kemi", 2, "daughter")
    assert str(kemi.date_of_birth) == "2019-04-02"

    # A participant, found by the participants search.
    tobi = _tobi(world).participant
    found = client.post(
        reverse("household_member_add", args=[household.public_id]), {"step": "search", "q": "tob"}
    )
    assert found.status_code == 200
    assert str(tobi.public_id) in found.content.decode()
    assert _add_participant(client, household, tobi, shown_to_household="on").status_code == 302
    member = household.members.get(participant=tobi)
    assert (member.relationship, member.shown_to_household, member.is_head) == (2, True, False)

    page = client.get(reverse("participant_detail", args=[amara.public_id])).content.decode()
    assert "Kemi" in page and "Head of household" in page
    assert reverse("participant_detail", args=[tobi.public_id]) in page
    assert "Joined" in page and "Who joined and left" in page


def test_bad_input_is_refused_and_nothing_is_lost(world, as_user):
    client = as_user(world.navigator)
    household = household_of(world.navigator, world.amara.participant)
    before = snapshot(audit=False)
    empty = _add_person(client, household, name="  ")
    assert empty.status_code == 200
    assert "usa-error-message" in empty.content.decode()
    far = _add_person(client, household, name="Kemi Okafor", date_of_birth="9999-12-31")
    body = far.content.decode()
    assert far.status_code == 200
    assert "Give a date from 1900-01-01" in body
    assert 'value="Kemi Okafor"' in body and 'value="9999-12-31"' in body
    head = _add_person(client, household, relationship=Relationship.HEAD)
    assert head.status_code == 200
    assert snapshot(audit=False) == before


def test_someone_in_another_household_is_refused_or_moved(world, as_user):
    client = as_user(world.navigator)
    tobi = _tobi(world).participant
    theirs = household_of(world.navigator, tobi, others=("Grandma Ife",))
    ours = household_of(world.navigator, world.amara.participant)
    refused = _add_participant(client, ours, tobi)
    assert refused.status_code == 200
    assert "is part of another household" in refused.content.decode()
    assert not ours.members.filter(participant=tobi).exists()
    # Tobi heads the other household, where Grandma Ife still lives: a new head first.
    moved = _add_participant(client, ours, tobi, move="on")
    assert "They head their other household" in moved.content.decode()
    ife = theirs.members.get(name="Grandma Ife")
    actions.change_head(
        by=world.navigator,
        household=theirs,
        member=ife,
        former_head_relationship=Relationship.RELATIVE,
        expected_version=theirs.version,
    )
    early = _add_participant(client, ours, tobi, move="on", joined_on="2000-01-01")
    assert "They joined their other household on" in early.content.decode()
    day = _today()
    moved = _add_participant(client, ours, tobi, move="on", joined_on=day.isoformat())
    assert moved.status_code == 302
    old = theirs.members.get(participant=tobi)
    assert (old.left_on, old.left_reason) == (day, "Moved to another household")
    assert ours.members.get(participant=tobi).joined_on == day


def test_exactly_one_head_and_leaving_keeps_history(world, as_user):
    client = as_user(world.navigator)
    amara = world.amara.participant
    household = household_of(world.navigator, amara, others=("Kemi",))
    tobi = _tobi(world).participant
    actions.add_member(
        by=world.navigator,
        household=household,
        data=actions.NewMember(participant=tobi, relationship=Relationship.RELATIVE),
    )
    amara_row = household.members.get(participant=amara)
    tobi_row = household.members.get(participant=tobi)
    # The head leaves only once another heads the household.
    leave = reverse("household_member_leave", args=[amara_row.public_id])
    refused = client.post(
        leave, {"version": amara_row.version, "left_on": _today().isoformat(), "reason": ""}
    )
    assert "Choose a new head first" in refused.content.decode()
    head_url = reverse("household_head", args=[household.public_id])
    stale = client.post(
        head_url,
        {
            "version": household.version + 5,
            "member": tobi_row.public_id,
            "former_head_relationship": 3,
        },
    )
    assert "saved changes since you opened this page" in stale.content.decode()
    made = client.post(
        head_url,
        {"version": household.version, "member": tobi_row.public_id, "former_head_relationship": 3},
    )
    assert made.status_code == 302
    heads = household.members.filter(is_head=True, left_on__isnull=True)
    assert [m.participant for m in heads] == [tobi]
    amara_row.refresh_from_db()
    assert (amara_row.is_head, amara_row.relationship) == (False, Relationship.PARTNER)
    # Kemi leaves: the row stays, as history.
    kemi = household.members.get(name="Kemi")
    day = _today()
    gone = client.post(
        reverse("household_member_leave", args=[kemi.public_id]),
        {"version": kemi.version, "left_on": day.isoformat(), "reason": "Lives with her dad"},
    )
    assert gone.status_code == 302
    kemi.refresh_from_db()
    assert (kemi.left_on, kemi.left_reason) == (day, "Lives with her dad")
    page = client.get(reverse("household_detail", args=[household.public_id])).content.decode()
    current = page.split("Living here now")[1].split("Who joined and left")[0]
    assert "Kemi" not in current
    assert "Lives with her dad" in page and "left " in page


def test_a_member_edit_is_saved_and_a_stale_one_refused(world, as_user):
    client = as_user(world.navigator)
    tobi = _tobi(world).participant
    household = household_of(world.navigator, world.amara.participant)
    member = actions.add_member(
        by=world.navigator, household=household, data=actions.NewMember(participant=tobi)
    )
    url = reverse("household_member", args=[member.public_id])
    assert client.get(url).status_code == 200
    data = {
        "version": member.version,
        "relationship": Relationship.RELATIVE,
        "relationship_words": "cousin",
        "shown_to_household": "on",
    }
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.relationship, member.relationship_words, member.shown_to_household) == (
        4,
        "cousin",
        True,
    )
    stale = client.post(url, {**data, "relationship_words": "godson"})
    assert "saved changes since you opened this page" in stale.content.decode()
    assert 'value="godson"' in stale.content.decode()
    member.refresh_from_db()
    assert member.relationship_words == "cousin"


def test_the_privacy_rule_on_the_participant_page(world, as_user):
    """Bo is in Youth Works on Noor's caseload: Nia may not open Bo's record."""
    amara, bo = world.amara.participant, world.bo.participant
    household = household_of(world.admin, amara, others=("Kemi",))
    bo_row = actions.add_member(
        by=world.admin,
        household=household,
        data=actions.NewMember(participant=bo, relationship=Relationship.PARTNER),
    )
    nia = as_user(world.navigator)
    page = nia.get(reverse("participant_detail", args=[amara.public_id])).content.decode()
    assert "Bo Nguyễn" not in page
    assert "A household member" in page
    assert "Spouse or partner of the head of household" in page
    assert str(bo.public_id) not in page
    assert "Kemi" in page  # not enrolled: part of the household's record
    nia.get(reverse("household_detail", args=[household.public_id]))
    detail = nia.get(reverse("household_detail", args=[household.public_id])).content.decode()
    assert "Bo Nguyễn" not in detail and str(bo_row.public_id) not in detail
    assert nia.get(reverse("household_member", args=[bo_row.public_id])).status_code == 404

    # Bo agreed to be shown to the household: the name, without a link.
    Member.objects.filter(pk=bo_row.pk).update(shown_to_household=True)
    page = nia.get(reverse("participant_detail", args=[amara.public_id])).content.decode()
    assert "Bo Nguyễn" in page
    assert reverse("participant_detail", args=[bo.public_id]) not in page

    # Sam supervises Youth Works and may open Bo's record: the name, linked.
    Member.objects.filter(pk=bo_row.pk).update(shown_to_household=False)
    sam = as_user(world.supervisor)
    page = sam.get(reverse("participant_detail", args=[amara.public_id])).content.decode()
    assert reverse("participant_detail", args=[bo.public_id]) in page


def test_staff_of_another_program_and_the_outsider_get_404(world, client):
    household = household_of(world.navigator, world.amara.participant, others=("Kemi",))
    kemi = household.members.get(name="Kemi")
    hana = make_staff(world.org, "hana", "Hana Home")
    accounts.grant_role(user=hana, role="navigator", program=world.home)
    before = snapshot()
    for user in (hana, world.outsider):
        client.force_login(user)
        assert (
            client.get(reverse("household_detail", args=[household.public_id])).status_code == 404
        )
        assert client.get(reverse("household_member", args=[kemi.public_id])).status_code == 404
        assert (
            client.post(
                reverse("household_person_add", args=[household.public_id]),
                {
                    "creation_key": str(uuid.uuid4()),
                    "name": "X",
                    "relationship": 2,
                    "joined_on": _today().isoformat(),
                },
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse("household_member_leave", args=[kemi.public_id]),
                {"version": kemi.version, "left_on": _today().isoformat()},
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse("participant_household_start", args=[world.amara.participant.public_id]),
                {"creation_key": str(uuid.uuid4()), "joined_on": _today().isoformat()},
            ).status_code
            == 404
        )
    assert snapshot() == before


def _stay_setup(world: Any) -> tuple[Household, Enrollment, Enrollment]:
    tobi = _tobi(world)
    household = household_of(world.navigator, world.amara.participant, others=("Kemi",))
    actions.add_member(
        by=world.navigator,
        household=household,
        data=actions.NewMember(participant=tobi.participant, relationship=Relationship.CHILD),
    )
    actions.add_member(
        by=world.admin,
        household=household,
        data=actions.NewMember(
            participant=world.bo.participant, relationship=Relationship.RELATIVE
        ),
    )
    return household, world.amara, tobi


def test_enrolling_as_a_household_stay(world, as_user):
    household, amara, tobi = _stay_setup(world)
    client = as_user(world.navigator)
    url = reverse("enrollment_household_stay", args=[amara.public_id])
    page = client.get(url).content.decode()
    assert f"rel_{tobi.public_id}" in page and f"rel_{amara.public_id}" in page
    # Bo is in Youth Works too, on Noor's caseload: Nia may not open it, so not listed.
    assert f"rel_{world.bo.public_id}" not in page and "Bo Nguyễn" not in page
    before = snapshot(audit=False)
    two_heads = client.post(
        url,
        {
            "creation_key": str(uuid.uuid4()),
            f"rel_{amara.public_id}": "1",
            f"rel_{tobi.public_id}": "1",
        },
    )
    assert "Choose exactly one head of household" in two_heads.content.decode()
    assert snapshot(audit=False) == before
    key = uuid.uuid4()
    data = {"creation_key": str(key), f"rel_{amara.public_id}": "1", f"rel_{tobi.public_id}": "2"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click changes nothing more
    amara.refresh_from_db()
    tobi.refresh_from_db()
    assert amara.household_stay == tobi.household_stay == key.hex
    assert len(amara.household_stay) == 32
    assert (amara.relationship_to_head, tobi.relationship_to_head) == (1, 2)
    assert amara.household == tobi.household == household
    assert (
        "Enrolled as a household in Youth Works"
        in client.get(
            reverse("participant_detail", args=[amara.participant.public_id])
        ).content.decode()
    )

    # The head leaves only with a new head chosen; Tobi then heads a stay of one.
    leave = reverse("enrollment_stay_leave", args=[amara.public_id])
    client.post(leave, {})
    amara.refresh_from_db()
    assert amara.household_stay == key.hex
    assert client.post(leave, {"new_head": str(tobi.public_id)}).status_code == 302
    amara.refresh_from_db()
    tobi.refresh_from_db()
    assert (amara.household_stay, amara.relationship_to_head) == ("", 1)
    assert amara.household_id is None
    assert (tobi.household_stay, tobi.relationship_to_head) == (key.hex, 1)


def test_staff_of_another_program_cannot_touch_a_stay(world, client):
    _household, amara, _tobi_enrollment = _stay_setup(world)
    hana = make_staff(world.org, "hana", "Hana Home")
    accounts.grant_role(user=hana, role="navigator", program=world.home)
    client.force_login(hana)
    before = snapshot()
    url = reverse("enrollment_household_stay", args=[amara.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {f"rel_{amara.public_id}": "1"}).status_code == 404
    assert client.post(reverse("enrollment_stay_leave", args=[amara.public_id])).status_code == 404
    assert snapshot() == before


def _page_queries(client: Any, participant: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("participant_detail", args=[participant.public_id]))
    assert response.status_code == 200
    return len(captured)


def test_the_participant_page_adds_a_fixed_number_of_queries(world, as_user):
    client = as_user(world.navigator)
    amara = world.amara.participant
    alone = _page_queries(client, amara)
    household = household_of(world.navigator, amara, others=("Kemi", "Dayo"))
    tobi = _tobi(world).participant
    actions.add_member(
        by=world.navigator, household=household, data=actions.NewMember(participant=tobi)
    )
    actions.add_member(
        by=world.admin,
        household=household,
        data=actions.NewMember(participant=world.bo.participant),
    )
    small = _page_queries(client, amara)
    for name in ("Ada", "Bayo", "Chi", "Dele"):
        actions.add_member(
            by=world.navigator, household=household, data=actions.NewMember(name=name)
        )
    uche = _tobi(world, "Uche").participant
    actions.add_member(
        by=world.navigator, household=household, data=actions.NewMember(participant=uche)
    )
    larger = _page_queries(client, amara)
    assert larger == small
    assert small - alone <= 8


def test_a_family_conference_offers_the_household_as_quick_picks(world, as_user):
    from datetime import timedelta

    from waypoint.conferences import actions as conferences
    from waypoint.conferences.models import Attendee

    household = household_of(world.navigator, world.amara.participant, others=("Kemi",))
    actions.add_member(
        by=world.admin,
        household=household,
        data=actions.NewMember(participant=world.bo.participant, relationship=4),
    )
    conference = conferences.create_conference(
        by=world.navigator,
        program=world.youth,
        kind="family",
        title="Amara's family conference",
        starts_at=timezone.now() + timedelta(days=3),
        place="Room 2",
    )
    conferences.add_discussion(
        by=world.navigator, conference=conference, enrollment=world.amara, reason="Plans"
    )
    client = as_user(world.navigator)
    url = reverse("conference_detail", args=[conference.public_id])
    page = client.get(url).content.decode()
    assert "Invite Kemi (Child of the head of household, household of Amara)" in page
    assert "Bo Nguyễn" not in page
    key = str(uuid.uuid4())
    pick = {
        "person-creation_key": key,
        "person-kind": "family",
        "person-name": "Kemi",
        "person-relationship": "Child of the head of household",
    }
    add = reverse("conference_person_add", args=[conference.public_id])
    assert client.post(add, pick).status_code == 302
    client.post(add, pick)  # a double click
    invited = Attendee.objects.get(conference=conference, name="Kemi")
    assert (invited.kind, invited.relationship) == ("family", "Child of the head of household")
    assert "Invite Kemi" not in client.get(url).content.decode()
