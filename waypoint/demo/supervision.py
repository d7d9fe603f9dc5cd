"""Supervision sessions for the demo (used by seed_demo, after the endings), dated from
the day the demo is loaded.

In each program, its supervisor met the first navigator two weeks ago (signed, with
the next session in two weeks, one action for the navigator still open and one of
their own done) and the second navigator today (a draft with one action agreed). Any
other navigator of the program has not been met yet, so the supervision page lists
them. Everything is written through ``waypoint.supervision.actions``, so it is audited
like work done on the pages.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from waypoint.accounts.models import Membership, Program, Role, User
from waypoint.supervision import actions

SUPPORT = (
    "Talked through a heavy month: two people lost housing. Offered to take the next "
    "intake and to join the hardest home visit."
)
CASELOAD = "Went through the people waiting longest for a first plan, and who needs a call."


def _navigators(program: Program) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__program=program,
            memberships__role=Role.NAVIGATOR,
        )
        .exclude(pk__in=Membership.objects.filter(role=Role.ADMIN).values("user_id"))
        .distinct()
        .order_by("pk")
    )


def seed_sessions(
    *, programs: dict[str, Program], supervisors: dict[str, User], today: date
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for key, supervisor in supervisors.items():
        program = programs[key]
        people = [p for p in _navigators(program) if p.pk != supervisor.pk]
        if people:
            session = actions.start_session(
                by=supervisor,
                program=program,
                navigator=people[0],
                held_on=today - timedelta(days=14),
            )
            session = actions.save_session(
                by=supervisor,
                session=session,
                data=actions.SessionData(
                    caseload_discussed=CASELOAD,
                    support_offered=SUPPORT,
                    next_on=today + timedelta(days=14),
                ),
                expected_version=session.edit_version,
            )
            actions.add_agreed_action(
                by=supervisor,
                session=session,
                what="Book a first plan meeting with the two people waiting longest",
                owner=people[0],
                due_on=today + timedelta(days=3),
            )
            mine = actions.add_agreed_action(
                by=supervisor,
                session=session,
                what="Ask the housing partner about the next open units",
                owner=supervisor,
                due_on=today - timedelta(days=7),
            )
            session.refresh_from_db()
            actions.sign_session(
                by=supervisor, session=session, expected_version=session.edit_version
            )
            actions.mark_action_done(by=supervisor, action=mine)
            counts["signed"] += 1
            counts["actions_open"] += 1
        if len(people) > 1:
            draft = actions.start_session(
                by=supervisor, program=program, navigator=people[1], held_on=today
            )
            actions.save_session(
                by=supervisor,
                session=draft,
                data=actions.SessionData(support_offered="Shadowed an intake together."),
                expected_version=draft.edit_version,
            )
            actions.add_agreed_action(
                by=supervisor,
                session=draft,
                what="Try the new intake checklist on the next two intakes",
                owner=people[1],
                due_on=today + timedelta(days=10),
            )
            counts["drafts"] += 1
            counts["actions_open"] += 1
    return dict(counts)


def summary(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('signed', 0)} signed, {counts.get('drafts', 0)} drafts; "
        f"{counts.get('actions_open', 0)} agreed actions open"
    )
