"""File reviews through real requests: the queue, a review from start to signature, the
corrections from assignment to re-check, who may see and do what, bad input, and the
query counts of the queue and review pages."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from conftest import make_staff, navigator_holding_one
from waypoint.accounts import actions as accounts
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.quality import actions
from waypoint.quality.models import Answer, ChecklistItem, Correction, Review
from waypoint.quality.queries import review_queue, reviews_passed
from waypoint.quality.tests.records import make_correction, make_review
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def start(client: Any, enrollment: Any, key: Any = None) -> Review:
    response = client.post(
        f"/enrollments/{enrollment.public_id}/file-review/",
        {"creation_key": str(key or uuid.uuid4()), "why": "Picked at random for this month"},
    )
    assert response.status_code == 302
    review = Review.objects.get(enrollment=enrollment, status="open")
    assert response["Location"] == f"/file-reviews/{review.public_id}/"
    return review


def answer_all(client: Any, review: Review, verdict: str = "meets") -> Any:
    data: dict[str, str] = {"summary": "A careful file.", "version": str(review.version)}
    for a in review.answers.all():
        data[f"verdict_{a.pk}"] = verdict
        data[f"comment_{a.pk}"] = "Seen in the plan."
    return client.post(f"/file-reviews/{review.public_id}/", data)


def in_a_week() -> str:
    return (timezone.localdate() + timedelta(days=7)).isoformat()


def test_the_whole_review_from_queue_to_signature(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.supervisor)
    queue = client.get(f"/file-reviews/?program={world.youth.pk}")
    assert queue.status_code == 200
    html = queue.content.decode()
    assert "Amara" in html and "Picked at random for this month" in html
    assert f"/enrollments/{world.amara.public_id}/file-review/" in html

    review = start(client, world.amara)
    page = client.get(f"/file-reviews/{review.public_id}/").content.decode()
    # The computed standards show with their reasons; the default checklist is there.
    assert "Assessment completed on time" in page
    assert "No completed assessment yet; it is due by" in page
    assert "Goals are in the participant&#x27;s own words" in page
    assert review.answers.count() == 3

    # Signing before answering is refused, saying what is missing.
    client.post(f"/file-reviews/{review.public_id}/sign/")
    review.refresh_from_db()
    assert review.status == "open"

    assert answer_all(client, review).status_code == 302
    assert set(review.answers.values_list("verdict", flat=True)) == {"meets"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/file-reviews/{review.public_id}/corrections/",
            {
                "what": "Link last week's note to the housing goal.",
                "due_on": in_a_week(),
                "creation_key": str(uuid.uuid4()),
            },
        )
    assert response.status_code == 302
    correction = Correction.objects.get(review=review)
    assert correction.assigned_to == world.navigator and correction.status == "open"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [world.navigator.email]
    assert "Amara" not in mail.subject + mail.body

    # The navigator sees it on their home page and marks it done.
    client.force_login(world.navigator)
    home = client.get("/caseload/").content.decode()
    assert (
        "Corrections from file reviews" in home and f"/corrections/{correction.public_id}/" in home
    )
    response = client.post(f"/corrections/{correction.public_id}/", {"words": "Linked it."})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.done_words) == ("done", "Linked it.")

    # The supervisor reopens it with a comment, then confirms the second try.
    client.force_login(world.supervisor)
    response = client.post(
        f"/corrections/{correction.public_id}/re-check/",
        {"outcome": "reopened", "comment": "Link the step too."},
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.reopened, correction.check_comment) == (
        "open",
        1,
        "Link the step too.",
    )
    client.force_login(world.navigator)
    client.post(f"/corrections/{correction.public_id}/", {"words": "Linked the step."})
    client.force_login(world.supervisor)
    client.post(f"/corrections/{correction.public_id}/re-check/", {"outcome": "confirmed"})
    correction.refresh_from_db()
    assert correction.status == "confirmed" and correction.checked_by == world.supervisor

    # Signing freezes the standards into the review.
    response = client.post(f"/file-reviews/{review.public_id}/sign/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "signed" and review.signed_at is not None
    keys = [r["key"] for r in review.results]
    assert keys[0] == "assessment" and "ending" in keys
    assert all(r["reason"] for r in review.results)
    page = client.get(f"/file-reviews/{review.public_id}/").content.decode()
    assert "Sign the review" not in page and "As they stood when the review was signed." in page

    # A signed review never changes: answers and findings are refused.
    before = snapshot(audit=False)
    assert answer_all(client, review, "does_not_meet").status_code == 400
    response = client.post(
        f"/file-reviews/{review.public_id}/corrections/",
        {"what": "More", "due_on": in_a_week()},
    )
    assert response.status_code == 400
    assert "This review is signed" in response.content.decode()
    assert "never changes" in answer_all(client, review).content.decode()
    assert snapshot(audit=False) == before

    # The queue shows the file as reviewed this month.
    html = client.get(f"/file-reviews/?program={world.youth.pk}").content.decode()
    assert "Reviewed" in html and "Open the signed review" in html


def test_a_double_click_starts_one_review_and_one_correction(world, client):
    client.force_login(world.supervisor)
    key = uuid.uuid4()
    first = start(client, world.amara, key)
    second = start(client, world.amara, key)
    assert first == second and Review.objects.count() == 1
    data = {"what": "Sign the note.", "due_on": in_a_week(), "creation_key": str(uuid.uuid4())}
    client.post(f"/file-reviews/{first.public_id}/corrections/", data)
    client.post(f"/file-reviews/{first.public_id}/corrections/", data)
    assert Correction.objects.count() == 1


def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(world, client):
    client.force_login(world.supervisor)
    review = start(client, world.amara)
    url = f"/file-reviews/{review.public_id}/corrections/"
    cases = [
        (
            {"what": "Sign it.", "due_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "The due date cannot be in the past.",
        ),
        (
            {
                "what": "Sign it.",
                "due_on": (timezone.localdate() + timedelta(days=400)).isoformat(),
            },
            "Choose a due date within 180 days from today.",
        ),
        ({"what": "Sign it.", "due_on": "9999-12-31"}, "Sign it."),
        ({"what": "", "due_on": in_a_week()}, "Say what to correct."),
    ]
    for data, words in cases:
        response = client.post(url, data)
        assert response.status_code == 400
        html = response.content.decode()
        assert words in html
        if data["what"]:
            assert "Sign it.</textarea>" in html
    assert Correction.objects.count() == 0
    # An answer that is not a choice.
    a = review.answers.first()
    assert a is not None
    response = client.post(
        f"/file-reviews/{review.public_id}/",
        {f"verdict_{a.pk}": "perfect", f"comment_{a.pk}": "Kept"},
    )
    assert response.status_code == 400
    assert "Kept</textarea>" in response.content.decode()
    # Marking done without saying what was done.
    correction = make_correction(review, world.supervisor, world.navigator)
    client.force_login(world.navigator)
    response = client.post(f"/corrections/{correction.public_id}/", {"words": "  "})
    assert response.status_code == 400 and "Say what you did." in response.content.decode()
    # Reopening without a comment.
    Correction.objects.filter(pk=correction.pk).update(status="done")
    client.force_login(world.supervisor)
    client.post(
        f"/corrections/{correction.public_id}/re-check/", {"outcome": "reopened", "comment": ""}
    )
    assert Correction.objects.get(pk=correction.pk).status == "done"


def test_navigators_see_only_their_own_corrections(world, client):
    review = make_review(world.amara, world.supervisor)
    mine = make_correction(review, world.supervisor, world.navigator, "Mine to fix")
    bo_review = make_review(world.bo, world.supervisor)
    theirs = make_correction(bo_review, world.supervisor, world.navigator2, "Noor's to fix")
    client.force_login(world.navigator)
    home = client.get("/caseload/").content.decode()
    assert "Mine to fix" in home and "Noor&#x27;s to fix" not in home
    assert client.get(f"/corrections/{mine.public_id}/").status_code == 200
    assert client.get(f"/corrections/{theirs.public_id}/").status_code == 404
    assert client.post(f"/corrections/{theirs.public_id}/", {"words": "x"}).status_code == 404
    # And on the person's page, only their own.
    page = client.get(f"/participants/{world.amara.participant.public_id}/").content.decode()
    assert "For you to correct after a file review" in page and "Mine to fix" in page
    client.force_login(world.navigator2)
    page = client.get(f"/participants/{world.bo.participant.public_id}/").content.decode()
    assert "Noor&#x27;s to fix" in page and "Mine to fix" not in page
    client.force_login(world.navigator)
    # Navigators do not open reviews, nor re-check.
    assert client.get(f"/file-reviews/{review.public_id}/").status_code == 404
    assert client.get("/file-reviews/").status_code == 404
    # A supervisor cannot mark a navigator's correction done for them.
    client.force_login(world.supervisor)
    response = client.post(f"/corrections/{mine.public_id}/", {"words": "Done for her"})
    assert response.status_code == 400
    assert Correction.objects.get(pk=mine.pk).status == "open"


def test_auditors_read_reviews_and_never_write(world, client):
    review = make_review(world.amara, world.supervisor)
    actions.install_default_items(world.youth)
    correction = make_correction(review, world.supervisor, world.navigator)
    Correction.objects.filter(pk=correction.pk).update(status="done")
    client.force_login(world.auditor)
    assert client.get(f"/file-reviews/?program={world.youth.pk}").status_code == 200
    page = client.get(f"/file-reviews/{review.public_id}/")
    assert page.status_code == 200 and "Sign the review" not in page.content.decode()
    assert client.get(f"/corrections/{correction.public_id}/").status_code == 200
    before = snapshot(audit=False)
    assert client.post(f"/enrollments/{world.bo.public_id}/file-review/").status_code == 404
    assert client.post(f"/file-reviews/{review.public_id}/", {}).status_code == 404
    assert client.post(f"/file-reviews/{review.public_id}/sign/").status_code == 404
    assert (
        client.post(
            f"/file-reviews/{review.public_id}/corrections/", {"what": "x", "due_on": in_a_week()}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/corrections/{correction.public_id}/re-check/", {"outcome": "confirmed"}
        ).status_code
        == 404
    )
    assert snapshot(audit=False) == before
    with pytest.raises(ActionRefused):
        actions.start_review(by=world.auditor, enrollment=world.bo)


def test_outsiders_and_other_program_supervisors_get_404_and_nothing_changes(world, client):
    review = make_review(world.amara, world.supervisor)
    correction = make_correction(review, world.supervisor, world.navigator)
    hal = make_staff(world.org, "hal", "Hal Home")
    accounts.grant_role(user=hal, role="supervisor", program=world.home)
    before = snapshot(audit=False)
    for who in (world.outsider, hal):
        client.force_login(who)
        assert client.get(f"/file-reviews/{review.public_id}/").status_code == 404
        assert client.post(f"/file-reviews/{review.public_id}/", {}).status_code == 404
        assert client.post(f"/file-reviews/{review.public_id}/sign/").status_code == 404
        assert client.post(f"/enrollments/{world.amara.public_id}/file-review/").status_code == 404
        assert client.get(f"/corrections/{correction.public_id}/").status_code == 404
        assert (
            client.post(
                f"/corrections/{correction.public_id}/re-check/", {"outcome": "confirmed"}
            ).status_code
            == 404
        )
        assert client.get(f"/programs/{world.youth.pk}/file-reviews/").status_code == 404
        # Their own queue never shows another program's people.
        html = client.get("/file-reviews/").content.decode()
        assert "Amara" not in html
    assert snapshot(audit=False) == before
    assert Review.objects.get(pk=review.pk).status == "open"


def test_a_signed_review_is_refused_by_the_action_and_the_database(world):
    review = actions.start_review(by=world.supervisor, enrollment=world.amara)
    for a in review.answers.all():
        Answer.objects.filter(pk=a.pk).update(verdict="meets")
    signed = actions.sign_review(by=world.supervisor, review=review)
    with pytest.raises(ActionRefused, match="never changes"):
        actions.sign_review(by=world.supervisor, review=signed)
    with pytest.raises(ActionRefused, match="never changes"):
        actions.save_answers(by=world.supervisor, review=signed, answers=[], summary="Changed")
    extra = ChecklistItem.objects.create(program=world.youth, label="Added later", position=9)
    attempts = [
        lambda: Review.objects.filter(pk=signed.pk).update(summary="Changed"),
        lambda: Review.objects.filter(pk=signed.pk).delete(),
        lambda: Answer.objects.filter(review=signed).update(verdict="does_not_meet"),
        lambda: Answer.objects.filter(review=signed).delete(),
        lambda: Answer.objects.create(review=signed, item=extra, label="Added"),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    # Corrections keep moving after signing.
    correction = make_correction(signed, world.supervisor, world.navigator)
    actions.mark_correction_done(by=world.navigator, correction=correction, words="Done")
    assert Correction.objects.get(pk=correction.pk).status == "done"


def test_the_queue_samples_the_same_files_all_month_and_says_why(world, client):
    for n in range(4):
        enrollments.enroll_new_participant(
            by=world.navigator2,
            program=world.home,
            data={"preferred_name": f"Person {n}"},
            navigator=world.navigator2,
            status="enrolled",
        )
    today = timezone.localdate()
    first = review_queue(world.home, today)
    again = review_queue(world.home, today)
    picked = [r.enrollment.pk for r in first.rows if "Picked at random for this month" in r.reasons]
    assert len(picked) == 2
    assert picked == [
        r.enrollment.pk for r in again.rows if "Picked at random for this month" in r.reasons
    ]
    # Chen and the four new people: only the sample shows until a rule picks more.
    assert len(first.rows) == 2
    # The rules pick more: several tries in a row.
    unpicked = Enrollment.objects.filter(program=world.home).exclude(pk__in=picked).first()
    assert unpicked is not None
    Enrollment.objects.filter(pk=unpicked.pk).update(attempts_in_row=4)
    rows = {r.enrollment.pk: r for r in review_queue(world.home, today).rows}
    assert rows[unpicked.pk].reasons == ["4 tries in a row without reaching them"]
    # GET never writes.
    client.force_login(world.supervisor)
    before = snapshot(audit=False)
    assert client.get(f"/file-reviews/?program={world.home.pk}").status_code == 200
    # An htmx request gets the queue's region alone.
    region = client.get(f"/file-reviews/?program={world.home.pk}", HTTP_HX_REQUEST="true")
    assert region.status_code == 200
    html = region.content.decode()
    assert "<html" not in html and 'id="queue"' in html and "Person" in html
    assert snapshot(audit=False) == before


def test_queue_and_review_pages_do_not_grow_with_rows(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.supervisor)
    review = actions.start_review(by=world.supervisor, enrollment=world.chen)
    make_correction(review, world.supervisor, world.navigator2)

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as q:
            assert client.get(f"/file-reviews/?program={world.home.pk}").status_code == 200
        with CaptureQueriesContext(connection) as r:
            assert client.get(f"/file-reviews/{review.public_id}/").status_code == 200
        return len(q), len(r)

    few = counts()
    for n in range(5):
        e = enrollments.enroll_new_participant(
            by=world.navigator2,
            program=world.home,
            data={"preferred_name": f"Person {n}"},
            navigator=world.navigator2,
            status="enrolled",
        )
        make_review(e, world.supervisor, signed=True)
        make_correction(review, world.supervisor, world.navigator2, f"Fix {n}")
    assert counts() == few


def test_reviews_passed_counts_signed_reviews_with_every_standard_met(world):
    now = timezone.now()
    for enrollment, all_met in ((world.amara, True), (world.bo, False)):
        review = make_review(enrollment, world.supervisor)
        Review.objects.filter(pk=review.pk).update(status="signed", signed_at=now, all_met=all_met)
    make_review(world.chen, world.supervisor)  # in progress: not counted
    today = timezone.localdate()
    assert reviews_passed([world.youth.pk, world.home.pk], today, today) == (1, 2)
    assert reviews_passed([world.home.pk], today, today) == (0, 0)
    earlier = (today - timedelta(days=30), today - timedelta(days=1))
    assert reviews_passed([world.youth.pk], *earlier) == (0, 0)


def test_signing_records_whether_every_standard_was_met(world):
    review = actions.start_review(by=world.supervisor, enrollment=world.amara)
    Answer.objects.filter(review=review).update(verdict="not_applicable")
    signed = actions.sign_review(by=world.supervisor, review=review)
    outcomes = {r["key"]: r["outcome"] for r in signed.results}
    # Amara started today: nothing is late yet, so every standard is met, not yet due or
    # does not apply, and the review passes.
    assert "not_met" not in outcomes.values() and signed.all_met is True
    assert outcomes["assessment"] == "not_yet_due" and outcomes["ending"] == "does_not_apply"


def test_the_supervision_page_shows_the_queue_and_overdue_corrections(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    review = make_review(world.amara, world.supervisor)
    late = make_correction(review, world.supervisor, world.navigator, "Late one")
    Correction.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(world.supervisor)
    html = client.get("/supervision/").content.decode()
    assert "File reviews" in html
    assert "Youth Works: this month's file reviews</a>: 0 signed, 1 in progress" in html
    assert "Home Base: this month's file reviews</a>: 0 signed, 0 in progress" in html
    assert "Corrections overdue" in html and f"/corrections/{late.public_id}/" in html
    with CaptureQueriesContext(connection) as few:
        client.get("/supervision/")
    for n in range(4):
        more = make_correction(review, world.supervisor, world.navigator, f"Late {n}")
        Correction.objects.filter(pk=more.pk).update(
            due_on=timezone.localdate() - timedelta(days=1)
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get("/supervision/").content.decode()
    assert html.count("/corrections/") == 5
    assert len(many) == len(few)
    # Navigators have no such block; auditors see no supervision block of their own.
    client.force_login(world.auditor)
    assert "Corrections overdue" not in client.get("/supervision/").content.decode()


def test_the_queue_pages_navigators_by_name_with_constant_queries(world, client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from waypoint.quality import queries

    monkeypatch.setattr(queries, "NAVIGATORS_PER_PAGE", 1)

    def another(n: int) -> Any:
        return navigator_holding_one(
            world,
            world.home,
            f"nav{n}",
            f"Yara Navigator {n:02d}",
            f"Person of {n:02d}",
            "enrolled",
        )

    client.force_login(world.supervisor)
    url = f"/file-reviews/?program={world.home.pk}"

    def count(page: int) -> int:
        with CaptureQueriesContext(connection) as q:
            assert client.get(f"{url}&page={page}").status_code == 200
        return len(q)

    another(0)
    few = count(2)
    for n in range(1, 6):
        another(n)
    assert count(2) == few
    # Noor (navigator2) first by name, then the Yaras: page 3 is Yara 01's files alone.
    response = client.get(f"{url}&page=3")
    queue = response.context["queue"]
    assert queue.page.paginator.count == 7
    assert [str(g.navigator) for g in queue.navigators] == ["Yara Navigator 01"]
    assert [r.enrollment.participant.preferred_name for r in queue.rows] == ["Person of 01"]
    html = response.content.decode()
    assert "Navigators 3–3 of 7" in html
    assert f'href="?program={world.home.pk}&amp;page=4#queue-heading"' in html
    # A page past the end shows the last one; nonsense shows the first.
    assert client.get(f"{url}&page=99").context["queue"].page.number == 7
    assert client.get(f"{url}&page=x").context["queue"].page.number == 1
