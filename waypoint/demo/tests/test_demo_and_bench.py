"""The demo loader and the benchmark command.

The demo itself is checked by ``test_demo_any_day.py``, today and on the days of the
year that have caught date arithmetic out, with the checks below and those of
``test_demo_notes.py`` and ``referrals/tests/test_demo_referrals.py``.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory, override_settings

from waypoint.accounts.models import Organization, Program, User
from waypoint.assessments.models import Assessment, Need
from waypoint.demo.management.commands.seed_demo import DEMO_PASSWORD, ORGANIZATION_NAME
from waypoint.enrollments.models import Enrollment, EnrollmentEvent, Status
from waypoint.participants.models import Participant
from waypoint.plans.models import Goal, GoalStatus, PlanVersion, Progress


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    org = Organization.objects.get(name=ORGANIZATION_NAME)
    return {
        "organizations": Organization.objects.filter(name=ORGANIZATION_NAME).count(),
        "programs": Program.objects.filter(organization=org).count(),
        "staff": User.objects.filter(organization=org, participant=None).count(),
        "participants": Participant.objects.filter(organization=org).count(),
        "enrollments": Enrollment.objects.filter(organization=org).count(),
        "events": EnrollmentEvent.objects.filter(enrollment__organization=org).count(),
        "assessments": Assessment.objects.filter(enrollment__organization=org).count(),
        "plans": PlanVersion.objects.filter(plan__enrollment__organization=org).count(),
    }


def check_agency(out: str) -> dict[str, int]:
    """The demo organization looks like a working agency; returns its counts."""
    assert "waypoint-demo-2026" in out
    assert "navigator" in out
    counts = _counts()
    assert counts["organizations"] == 1
    assert counts["programs"] == 3
    assert 10 <= counts["staff"] <= 14
    assert 140 <= counts["participants"] <= 160
    statuses = set(Enrollment.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert EnrollmentEvent.objects.filter(kind=EnrollmentEvent.Kind.REOPENED).exists()

    # One participant uses their own Waypoint, with a plan they can read.
    own = User.objects.get(username="participant")
    assert own.participant is not None
    assert (
        PlanVersion.objects.filter(plan__participant=own.participant)
        .exclude(status=PlanVersion.Status.DRAFT)
        .exists()
    )

    # The demo navigator carries a realistic caseload in the youth program.
    navigator = User.objects.get(username="navigator")
    open_here = Enrollment.objects.filter(navigator=navigator).exclude(status=Status.EXITED)
    assert 15 <= open_here.count() <= 25

    # Names in many scripts are kept as given.
    names = set(Participant.objects.values_list("preferred_name", flat=True))
    assert {"مريم", "王芳", "Thura"} <= names

    # Every assessed enrollment has its completed intake and numbered needs; every
    # service plan date has an acknowledged plan whose goals trace to those needs.
    assessed = Enrollment.objects.exclude(assessment_done_on=None)
    assert Assessment.objects.filter(status="complete").count() == assessed.count() > 50
    for a in Assessment.objects.select_related("enrollment")[:20]:
        assert a.completed_on == a.enrollment.assessment_done_on
        assert a.answers["traits"] and a.answers["skills"]
        needs = list(Need.objects.filter(enrollment=a.enrollment))
        assert 2 <= len(needs) <= 4
        assert sorted(n.priority for n in needs) == list(range(1, len(needs) + 1))
    planned = Enrollment.objects.exclude(isp_done_on=None).count()
    assert PlanVersion.objects.filter(status="acknowledged").count() == planned
    assert 1 <= PlanVersion.objects.filter(status="draft").count() <= 5
    assert all(g.need_links.exists() for g in Goal.objects.all()[:30])
    assert Progress.objects.filter(kind="goal", status=GoalStatus.ACHIEVED).exists()
    words = " ".join(str(a.answers) for a in Assessment.objects.all()).lower()
    assert " client" not in words and " case " not in words
    return counts


def check_one_step_sign_in(out: str) -> None:
    """Demo only: one-step sign-in, said so in the output and on the sign-in page."""
    assert "Demo only: these sign-ins take the password alone." in out
    assert Organization.objects.get(name=ORGANIZATION_NAME).second_factor_required is False
    assert (
        Client().post("/sign-in/", {"username": "navigator", "password": DEMO_PASSWORD})["Location"]
        == "/"
    )
    with override_settings(DEBUG=True):
        assert "Demo only" in Client().get("/sign-in/").content.decode()
    assert "Demo only" not in Client().get("/sign-in/").content.decode()


def check_sign_in_and_seeding_again(counts: dict[str, int]) -> None:
    """The demo navigator signs in with the printed password; a second run adds nothing."""
    client = Client()
    # The lock-out backend needs the request that carried the sign-in.
    request = RequestFactory().post("/sign-in/")
    assert client.login(request=request, username="navigator", password=DEMO_PASSWORD)
    assert not Client().login(
        request=RequestFactory().post("/sign-in/"), username="navigator", password="wrong-guess-1"
    )
    again = _seed()
    assert "Demo data already loaded." in again
    assert _counts() == counts


@pytest.mark.django_db
def test_bench_builds_a_small_organization_and_prints_timings() -> None:
    out = StringIO()
    call_command("bench", participants=300, requests=5, skip_hmis=True, stdout=out)
    text = out.getvalue()
    assert "p95" in text
    assert "GET /caseload/" in text
    org = Organization.objects.get(name="Bench Organization")
    assert Participant.objects.filter(organization=org).count() == 300
    assert not Organization.objects.filter(name=ORGANIZATION_NAME).exists()
    # The kept note, contact and due-day counts (triggers are off during the load) were
    # recounted: every note and contact of the build is in them, once.
    from waypoint.notes.models import Note, NoteHour

    everyone = NoteHour.objects.filter(author_id=0)
    assert (
        sum(everyone.values_list("signed", flat=True))
        == Note.objects.filter(status="signed").count()
        > 0
    )
    assert (
        sum(everyone.values_list("drafts", flat=True))
        == Note.objects.filter(status="draft").count()
    )
    from waypoint.notes.models import Contact, ContactQuarter

    for outcome in ("completed", "attempted"):
        kept = sum(ContactQuarter.objects.values_list(outcome, flat=True))
        assert kept == Contact.objects.filter(outcome=outcome).count() > 0
    from waypoint.enrollments.models import CASELOAD_STATUSES, Enrollment, QuietDay

    counted = Enrollment.objects.filter(
        status__in=CASELOAD_STATUSES, contact_due_on__isnull=False
    ).count()
    assert sum(QuietDay.objects.values_list("people", flat=True)) == counted > 0

    header, caseload = _row(text, "page"), _row(text, "GET /caseload/")
    assert header[2:] == [
        "requests",
        "p50 ms",
        "p95 ms",
        "max ms",
        "SQL p50 ms",
        "over SQL",
        "queries",
    ]
    assert caseload[2] == "5"
    sql, ratio = float(caseload[6]), float(caseload[7])
    assert sql > 0
    assert ratio == pytest.approx(float(caseload[3]) / sql, rel=0.3)
    assert ratio > 1  # a request is never quicker than its own SQL

    # A second run reuses what is there; a page budget cuts each page to one request.
    again = StringIO()
    call_command(
        "bench", participants=300, requests=3, page_budget=1e-6, skip_hmis=True, stdout=again
    )
    assert "Reusing Bench Organization" in again.getvalue()
    assert _row(again.getvalue(), "GET /caseload/")[2] == "1"
    assert "Stopped at the page budget (--page-budget) after: GET /caseload/" in again.getvalue()
    assert "GET /programs/<id>/dashboard/" in again.getvalue()
    only = StringIO()
    call_command(
        "bench",
        "--pages=caseload, search",
        participants=300,
        requests=1,
        skip_hmis=True,
        stdout=only,
    )
    timed = [
        line.split("  ")[0] for line in only.getvalue().splitlines() if line[:4] in ("GET ", "POST")
    ]
    assert timed == ["GET /caseload/", "POST /participants/search/", "POST /participants/search/"]
    assert Participant.objects.filter(organization=org).count() == 300
    with pytest.raises(CommandError, match="page-budget"):
        call_command("bench", participants=300, page_budget=0, skip_hmis=True, stdout=again)


def _row(text: str, first: str) -> list[str]:
    """The cells of the bench table's line that starts with ``first``."""
    line = next(line for line in text.splitlines() if line.startswith(first))
    return [cell.strip() for cell in re.split(r"\s{2,}", line.strip())]
