"""File reviews for the demo (used by seed_demo, after the endings), dated the day the demo
is loaded.

- In each program, the supervisor has signed this month's first review of a file from the
  queue: the checklist answered (one item with a comment to work on) and the computed
  standards frozen as they stood.
- A second review is in progress, with one correction assigned to the file's navigator,
  due in a week, on their home page.

Everything is written through ``waypoint.quality.actions``, so it is audited and checked
like work done on the pages.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, timedelta

from waypoint.accounts.models import Program, User
from waypoint.quality import actions
from waypoint.quality.models import Answer
from waypoint.quality.queries import review_queue

COMMENT = "Two notes call the goal 'compliance'; their own words were 'keeping my place'."
FINDING = "Link the last two notes to the housing goal they worked on, and sign the draft note."


def seed_quality(
    *, programs: dict[str, Program], supervisors: dict[str, User], today: date
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for key, program in programs.items():
        supervisor = supervisors[key]
        rows = [r for r in review_queue(program, today).rows if r.review is None]
        if len(rows) < 2:
            continue
        signed_row, open_row = rows[0], rows[1]
        review = actions.start_review(
            by=supervisor,
            enrollment=signed_row.enrollment,
            why="; ".join(signed_row.reasons),
            creation_key=uuid.uuid4(),
        )
        answers = list(review.answers.order_by("pk"))
        actions.save_answers(
            by=supervisor,
            review=review,
            answers=[
                actions.AnswerData(
                    item_id=a.item_id,
                    verdict=Answer.Verdict.DOES_NOT_MEET if n == len(answers) - 1 else "meets",
                    comment=COMMENT if n == len(answers) - 1 else "",
                )
                for n, a in enumerate(answers)
            ],
            summary="A well-kept file. One thing to work on: their words in the notes.",
        )
        actions.sign_review(by=supervisor, review=review, today=today)
        counts["reviews_signed"] += 1
        review = actions.start_review(
            by=supervisor,
            enrollment=open_row.enrollment,
            why="; ".join(open_row.reasons),
            creation_key=uuid.uuid4(),
        )
        counts["reviews_open"] += 1
        actions.add_correction(
            by=supervisor,
            review=review,
            what=FINDING,
            due_on=today + timedelta(days=7),
            creation_key=uuid.uuid4(),
        )
        counts["corrections_open"] += 1
    return dict(counts)


def summary(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('reviews_signed', 0)} signed this month, "
        f"{counts.get('reviews_open', 0)} in progress, "
        f"{counts.get('corrections_open', 0)} corrections open"
    )
