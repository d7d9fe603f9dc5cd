"""My caseload and Supervision: what they show, filters, and bounded query counts."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.enrollments.actions import enroll_new_participant
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.standards import apply_due_dates


def add_people(world, program, navigator, count, prefix="Person"):
    made = []
    for i in range(count):
        made.append(
            enroll_new_participant(
                by=world.admin,
                program=program,
                data={"preferred_name": f"{prefix} {i}", "pronouns": "they/them"},
                navigator=navigator,
                status="enrolled",
                override_reason="testing a large caseload",
            )
        )
    return made


def set_last_contact(enrollment, days_ago):
    enrollment.last_contact_at = timezone.now() - timedelta(days=days_ago)
    apply_due_dates(enrollment, enrollment.program)
    enrollment.save()


def test_caseload_shows_each_person_with_what_matters(world, as_user):
    set_last_contact(world.amara, 20)
    client = as_user(world.navigator)
    html = client.get("/caseload/").content.decode()
    assert "Amara" in html and "(she/her)" in html
    assert "Youth Works" in html and "Recruitment" in html
    assert "Days since last contact" in html
    assert ">20<" in html.replace(" ", "").replace("\n", "") or "20" in html
    assert "Overdue" in html  # contact every 14 days; 20 days ago
    assert "Bo Nguy" not in html  # not Nia's


def test_days_since_contact_counts_from_enrollment_until_contacts_exist(world, as_user):
    Enrollment.objects.filter(pk=world.amara.pk).update(
        enrolled_on=timezone.localdate() - timedelta(days=9),
        started_on=timezone.localdate() - timedelta(days=9),
    )
    html = as_user(world.navigator).get("/caseload/").content.decode()
    assert '9 <span class="wp-muted">(since starting; no contact logged yet)' in html


def test_search_as_you_type_filters_and_sort(world, as_user):
    add_people(world, world.youth, world.navigator, 3, prefix="Zainab")
    client = as_user(world.navigator)
    response = client.post("/caseload/", {"q": "zain"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="caseload-rows">')  # only the region
    # Each name links to their page once (the quick actions name them again, unseen).
    assert html.count('">Zainab') == 3 and "Amara" not in html
    response = client.post("/caseload/", {"phase": "status:eligibility"})
    assert "No one on your caseload matches these filters." in response.content.decode()
    response = client.post("/caseload/", {"sort": "name", "program": str(world.youth.pk)})
    names = [n for n in ("Amara", "Zainab 0", "Zainab 1") if n in response.content.decode()]
    html = response.content.decode()
    assert html.index("Amara") < html.index("Zainab 0") < html.index("Zainab 1")
    assert names == ["Amara", "Zainab 0", "Zainab 1"]


def test_due_filter(world, as_user):
    set_last_contact(world.amara, 30)
    [recent] = add_people(world, world.youth, world.navigator, 1, prefix="Recent")
    set_last_contact(recent, 1)
    Enrollment.objects.filter(pk=recent.pk).update(assessment_due_on=None, isp_due_on=None)
    client = as_user(world.navigator)
    html = client.post("/caseload/", {"due": "overdue"}).content.decode()
    assert "Amara" in html and "Recent 0" not in html


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(captured)


def test_caseload_query_count_does_not_grow(world, as_user):
    client = as_user(world.navigator)
    small = count_queries(client, "get", "/caseload/")
    add_people(world, world.youth, world.navigator, 12)
    big = count_queries(client, "get", "/caseload/")
    # 3 for the session, the user and their roles (with which programs share a caseload).
    # 1 for their programs (the filters), 2 for the caseload and its current plans.
    # 1 asking which of the home's other lists have anything today (consents ending,
    # referrals in, approvals asked for, requests from the portal, conference action
    # items, facilitated items overdue, transitions, closures, check-ins): each list that
    # does costs its own query or two, and only then.
    # 3 for the appointments, commitments and notes to finish.
    # 5 for the one audit append of everyone shown (savepoint, shard head, events, head,
    # release).
    # 1 for the program whose words the page uses (a navigator of one program).
    # 1 for the actions agreed in supervision that are theirs (supervision.home).
    # 1 for the corrections file reviews assigned to them (quality).
    # 3 for the session's new expiry (savepoint, update, release).
    assert (small, big) == (21, 21)
    assert count_queries(client, "post", "/caseload/", {"q": "person", "sort": "name"}) == 21


def test_supervisor_page_query_count_does_not_grow(world, as_user):
    client = as_user(world.supervisor)
    from waypoint.approvals.tests.records import pending_approval

    set_last_contact(world.amara, 40)  # one quiet person, then many
    pending_approval(world.amara, world.navigator)  # one approval waiting, then many
    small = count_queries(client, "get", "/supervision/")
    people = add_people(world, world.youth, world.navigator, 8)
    people += add_people(world, world.home, world.navigator2, 8, prefix="Home")
    for e in people:
        set_last_contact(e, 40)
    for e in people[:7]:  # more approvals waiting than the page lists
        pending_approval(e, world.navigator)
    big = count_queries(client, "get", "/supervision/")
    # Two of them count notes: per navigator shown and per program; three count
    # conferences held, participants discussed and action items done on time; one lists
    # transitions in the next two weeks not discussed with the participant yet.
    # Two more after the goodbye: the programs with their ending settings, and the
    # check-in figures (a third, the long-silence list, only when a program turns it on).
    # One reads the closures waiting for their approval; two the other approvals waiting
    # (how many, then the oldest few); five record who was shown (the audit trail).
    # Three for supervision sessions: the navigators never met (by name), those met but
    # not lately (one more to load them when there are any), and the next sessions.
    # Two for file reviews (quality): this month's reviews per program, and the
    # corrections overdue or waiting for a re-check (the queue is its own page).
    # Three for the caseload table: per-program figures from the kept counts, the
    # navigators holding nobody, and one page of the table sorted in the database.
    assert (small, big) == (41, 41)


def test_participant_page_query_count_does_not_grow(world, as_user):
    from waypoint.enrollments.actions import change_phase

    client = as_user(world.supervisor)
    url = f"/participants/{world.amara.participant.public_id}/"
    from waypoint.assessments.actions import add_need

    add_need(by=world.supervisor, enrollment=world.amara, domain="food", description="Meals")
    small = count_queries(client, "get", url)
    for phase in ["Training", "Placement", "Training", "Placement", "Training"]:
        change_phase(by=world.supervisor, enrollment=world.amara, to_phase=phase)
    for domain in ["housing", "mental_health", "childcare", "finances"]:
        add_need(by=world.supervisor, enrollment=world.amara, domain=domain, description="x")
    big = count_queries(client, "get", url)
    # Contacts, appointments, commitments and referrals are prefetched: four queries for
    # any number; one more for the conferences that discussed them.
    # Six more for each enrollment's ending (settings, forecast, interview, post-program
    # plans, closures, check-ins), for any number of enrollments; one for the closure
    # steps on the timeline. One for the corrections of file reviews assigned to the
    # viewer for this person (quality). One for their household (none here: nothing more).
    assert (small, big) == (32, 32)


def test_supervision_shows_loads_against_the_cap_and_quiet_people(world, as_user):
    people = add_people(world, world.youth, world.navigator, 3)  # Nia: 4 of 3
    set_last_contact(people[0], 60)
    client = as_user(world.supervisor)
    html = client.get("/supervision/").content.decode()
    assert "Nia Navigator" in html
    assert "Over cap" in html
    assert "Person 0" in html  # no contact for 60 days
    assert "Participants with nothing recent" in html
    only_home = client.get(f"/supervision/?program={world.home.pk}").content.decode()
    assert "Person 0" not in only_home


def test_navigators_do_not_see_supervision(world, as_user):
    assert as_user(world.navigator).get("/supervision/").status_code == 404


def test_kept_caseload_counts_match_a_full_recount(world, as_user):
    from django.db.models import Count

    from waypoint.closure.tests.records import close_now
    from waypoint.enrollments.actions import assign_navigator, reopen
    from waypoint.enrollments.models import CAP_STATUSES, CaseloadCount

    people = add_people(world, world.youth, world.navigator, 3)
    add_people(world, world.youth, None, 2, prefix="Waiting")
    assign_navigator(by=world.supervisor, enrollment=people[0], navigator=world.navigator2)
    close_now(world.navigator, people[1])
    reopen(by=world.supervisor, enrollment=people[1], reason="Came back")
    close_now(world.navigator, people[2])
    kept = {
        (c.program_id, c.navigator_id): c.open_count
        for c in CaseloadCount.objects.all()
        if c.open_count
    }
    recount = {
        (p, n): c
        for p, n, c in Enrollment.objects.filter(status__in=CAP_STATUSES)
        .values_list("program_id", "navigator_id")
        .annotate(c=Count("pk"))
        .order_by()
    }
    assert kept == recount
    assert kept[(world.youth.pk, None)] == 2
    assert kept[(world.youth.pk, world.navigator.pk)] == 2  # Amara and the reopened one
    html = as_user(world.supervisor).get("/supervision/").content.decode()
    assert "Waiting for a navigator" in html


def test_the_caseload_table_is_sorted_and_paged_in_the_database(world, as_user, monkeypatch):
    """Busiest first, then program name, then navigator, "waiting" before anyone at the
    same count; navigators holding nobody at zero after everyone holding someone."""
    from conftest import make_staff
    from waypoint.accounts import actions as accounts
    from waypoint.caseload import queries

    add_people(world, world.youth, world.navigator, 2)  # Nia: Amara and 2 more
    add_people(world, world.youth, None, 3, prefix="Waiting")
    idle = make_staff(world.org, "ida", "Ida Idle")
    accounts.grant_role(user=idle, role="navigator", program=world.youth)
    retired = make_staff(world.org, "ret", "Rita Retired")
    accounts.grant_role(user=retired, role="navigator", program=world.youth)
    retired.is_active = False
    retired.save()
    monkeypatch.setattr(queries, "LOADS_PER_PAGE", 2)
    client = as_user(world.supervisor)

    def table(page: int) -> list[tuple[str, str, int]]:
        response = client.get(f"/supervision/?program={world.youth.pk}&page={page}")
        assert response.status_code == 200
        overview = response.context["overview"]
        return [
            (
                load.program.name,
                str(load.navigator) if load.navigator else "waiting",
                load.count,
            )
            for load in overview.loads
        ]

    youth = world.youth.name
    counts = {
        n.navigator_id: n.open_count for n in world.youth.caseload_counts.exclude(navigator=None)
    }  # Nia 3, Noor 1 (Bo)
    assert counts == {world.navigator.pk: 3, world.navigator2.pk: 1}
    assert table(1) == [(youth, "waiting", 3), (youth, "Nia Navigator", 3)]
    assert table(2) == [(youth, "Noor Navigator", 1), (youth, "Ida Idle", 0)]
    assert table(3) == table(2)  # past the end: the last page
    response = client.get(f"/supervision/?program={world.youth.pk}")
    summary = next(s for s in response.context["overview"].summaries)
    # Ida counts as a navigator at zero; Rita is inactive and holds nobody: not counted.
    assert (summary.navigators, summary.active, summary.unassigned) == (3, 7, 3)

    def at_cap(cap: int) -> int:
        world.youth.caseload_cap = cap
        world.youth.save()
        found = client.get(f"/supervision/?program={world.youth.pk}").context["overview"]
        return int(found.summaries[0].at_or_over_cap)

    assert [at_cap(4), at_cap(3), at_cap(1)] == [0, 1, 2]  # Nia (3), then Noor (1) too


def test_with_rows_asks_once_which_lists_have_anything(world, django_assert_num_queries):
    from waypoint.caseload.queries import with_rows

    lists = {
        "amara": Enrollment.objects.filter(pk=world.amara.pk),
        "nobody": Enrollment.objects.filter(pk=-1),
        "none": Enrollment.objects.none(),
    }
    with django_assert_num_queries(1):
        assert with_rows(world.org.pk, lists) == {"amara"}
    # Nothing to ask without an organization, or when every list is empty by definition.
    with django_assert_num_queries(0):
        assert with_rows(None, lists) == set()
        assert with_rows(world.org.pk, {"none": Enrollment.objects.none()}) == set()
