"""Test helpers: what the database holds, so a test can say "nothing changed"."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from waypoint.accounts.models import ApiToken, Membership, Organization, Program, User
from waypoint.assessments.models import Assessment, Need, Question
from waypoint.audit.models import AuditEvent
from waypoint.conferences import models as conferences
from waypoint.consent.models import Consent, Disclosure
from waypoint.directory import models as directory
from waypoint.enrollments.models import Enrollment, EnrollmentEvent
from waypoint.notes.models import (
    Addendum,
    Appointment,
    CoachPhrase,
    Commitment,
    Contact,
    Note,
    NoteLink,
)
from waypoint.participants.models import ContactMethod, Participant
from waypoint.plans.models import (
    Goal,
    GoalNeed,
    LongTermGoal,
    Plan,
    PlanVersion,
    Progress,
    Service,
    Step,
)
from waypoint.referrals.models import Referral, ReferralEvent

VOLATILE = {"last_used_at"}  # bookkeeping, not a change to anyone's record
DOMAIN: list[type[Model]] = [
    Participant,
    ContactMethod,
    Enrollment,
    EnrollmentEvent,
    Program,
    Membership,
    ApiToken,
    Need,
    Assessment,
    Question,
    Plan,
    PlanVersion,
    LongTermGoal,
    Goal,
    GoalNeed,
    Step,
    Service,
    Progress,
    Contact,
    Note,
    NoteLink,
    Addendum,
    Appointment,
    Commitment,
    CoachPhrase,
    Consent,
    Referral,
    ReferralEvent,
    conferences.Series,
    conferences.Conference,
    conferences.Attendee,
    conferences.Discussion,
    conferences.Contribution,
    conferences.Agreement,
    conferences.ActionItem,
    conferences.MinutesAddendum,
    directory.Provider,
    directory.Service,
    directory.Attribute,
    directory.DirectoryImport,
    Organization,
    TOTPDevice,
    StaticDevice,
    StaticToken,
    # Endings: settings, reasons, forecasts, interviews, post-program plans, closures,
    # check-ins and the sweep's notices.
    *apps.get_app_config("closure").get_models(),
    # Approvals: settings, approvals and their steps.
    *apps.get_app_config("approvals").get_models(),
    # Supervision sessions, the people they discussed and their agreed actions.
    *apps.get_app_config("supervision").get_models(),
    # Case file reviews: settings, checklist items, reviews, answers, corrections.
    *apps.get_app_config("quality").get_models(),
    # The participant's own Waypoint: invitations, their own steps, what they send.
    *apps.get_app_config("portal").get_models(),
    # Households, their members and who joined and left.
    *apps.get_app_config("households").get_models(),
]


def snapshot(*, audit: bool = True) -> dict[str, Any]:
    """Every domain row, as values, plus (optionally) the audit events."""
    state: dict[str, Any] = {
        model.__name__: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in VOLATILE))
            for row in model.objects.values()  # type: ignore[attr-defined]
        )
        for model in DOMAIN
    }
    state["User"] = sorted(User.objects.values_list("pk", "username", "password", "is_active"))
    if audit:
        # Disclosures are the accounting of what was read: like audit events, a GET that
        # shows a partner a packet writes one.
        state["AuditEvent"] = AuditEvent.objects.count()
        state["Disclosure"] = Disclosure.objects.count()
    return state


def three_needs(world: Any, enrollment: Any, by: Any = None) -> list[Need]:
    """Needs 1, 2, 3 of an enrollment: housing, work, getting there."""
    from waypoint.assessments.actions import add_need

    return [
        add_need(by=by or world.navigator, enrollment=enrollment, domain=d, description=t)
        for d, t in [
            ("housing", "A safe place to sleep"),
            ("education_employment", "A job with steady hours"),
            ("transportation", "A way to get to work"),
        ]
    ]


class Api:
    """Calls /api/v1/ as ``user``, with a personal token, the way an outside tool does."""

    def __init__(self, user: Any) -> None:
        from waypoint.accounts.actions import create_api_token

        _, self.key = create_api_token(by=user, name="tests")
        self.client = Client()

    def call(self, method: str, path: str, body: Any = None) -> Any:
        return self.client.generic(
            method,
            f"/api/v1{path}",
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.key}",
        )


def csv_rows(response: Any, filename_starts: str = "") -> list[list[Any]]:
    """A CSV download's rows (the header first), after checking it is one."""
    import csv
    import io

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{filename_starts}')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def sheet(response: Any) -> Any:
    """An XLSX download's first sheet, after checking it is one."""
    import io

    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    found = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert isinstance(found, Worksheet)
    return found


def xlsx_rows(response: Any) -> list[list[Any]]:
    return [list(row) for row in sheet(response).iter_rows(values_only=True)]


def this_databases_share(cases: list[Any]) -> list[Any]:
    """``cases`` that do not depend on the database, shared between CI's two runs.

    CI (``.ci/run``) runs the whole suite on SQLite and on PostgreSQL at once and sets
    ``WAYPOINT_SHARE_CASES``: then the PostgreSQL run (slower per test) takes every third
    case and the SQLite run the others, so each case still runs once per CI and the two
    runs end at about the same time. Everywhere else (``make test`` on one database)
    every case runs."""
    import os

    from django.conf import settings

    if not os.environ.get("WAYPOINT_SHARE_CASES"):
        return cases
    on_postgresql = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    return [case for i, case in enumerate(cases) if (i % 3 == 2) == on_postgresql]
