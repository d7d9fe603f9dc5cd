"""Reading assessments and needs: through the participant funnel, with sensitive details
kept to the roles the program allows, on every page that shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils import dateformat
from django.utils.translation import gettext as _

from waypoint.access import enrollment_record
from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Assessment, Need, Question
from waypoint.assessments.sections import SECTIONS, Section
from waypoint.enrollments.models import Enrollment

if TYPE_CHECKING:
    from waypoint.accounts.models import Program, User


@dataclass(frozen=True)
class NeedView:
    need: Need
    shows_details: bool
    first: bool
    last: bool


def live_questions(program: Program, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions a draft asks: the program's active ones, plus any retired one that
    was already answered (so an answer is never hidden by retiring its question). Exit
    interview questions are asked at the exit interview (waypoint.closure), never here."""
    found = (
        Question.objects.filter(program=program)
        .exclude(section=Question.Placement.EXIT)
        .order_by("section", "position", "pk")
    )
    return [q.snapshot() for q in found if q.active or q.key in answers]


def need_views(user: User, needs: list[Need], program: Any) -> list[NeedView]:
    """Needs in the participant's order; sensitive ones without details unless allowed."""
    sees = access_for(user).sees_sensitive(program)
    ordered = sorted(needs, key=lambda n: (n.priority, n.number))
    return [
        NeedView(
            need=n,
            shows_details=sees or not n.sensitive,
            first=i == 0,
            last=i == len(ordered) - 1,
        )
        for i, n in enumerate(ordered)
    ]


def need_for(user: User, public_id: Any, *, write: bool = False) -> Need:
    """A need of an enrollment the user may open (and change, with ``write``); 404
    otherwise."""
    need: Need = enrollment_record(
        user, Need, public_id, kind="need", write=write, audit=False, related=("participant",)
    )
    return need


# --- Assessments -----------------------------------------------------------------


def assessment_for(user: User, public_id: Any, *, write: bool = False) -> Assessment:
    """An assessment of an enrollment the user may open; 404 otherwise. Records the read."""
    found: Assessment = enrollment_record(
        user,
        Assessment,
        public_id,
        kind="assessment",
        write=write,
        related=("participant", "completed_by"),
    )
    return found


def questions_of(assessment: Assessment) -> list[dict[str, Any]]:
    """The program's questions as this assessment asks (draft) or asked them (complete)."""
    if assessment.is_draft:
        return live_questions(assessment.enrollment.program, assessment.answers)
    return list(assessment.questions)


def shown_questions(
    questions: list[dict[str, Any]], section: str, *, sees_private: bool
) -> list[dict[str, Any]]:
    return [
        q for q in questions if q["section"] == section and (sees_private or not q["sensitive"])
    ]


def display(value: Any, kind: str = "text") -> str:
    """An answer as a person reads it."""
    if value in (None, "", []):
        return ""
    if kind == "yes_no":
        return {"yes": _("Yes"), "no": _("No")}.get(str(value), str(value))
    if kind == "date":
        try:
            return dateformat.format(date.fromisoformat(str(value)), "M j, Y")
        except ValueError:
            return str(value)
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "; ".join(
                f"{row.get('who', '')}{' (' + row['how'] + ')' if row.get('how') else ''}"
                for row in value
            )
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class Item:
    key: str
    label: str
    value: str
    sensitive: bool = False


@dataclass
class SectionView:
    section: Section
    private: bool  # hidden from this person: they see only that it exists
    declined: bool
    by_participant: bool
    items: list[Item] = field(default_factory=list)
    supports: list[dict[str, str]] = field(default_factory=list)
    hidden_questions: int = 0

    @property
    def answered(self) -> bool:
        return any(item.value for item in self.items) or bool(self.supports)


def _items(assessment: Assessment, section: Section, questions: list[dict[str, Any]]) -> list[Item]:
    answers = assessment.answers
    items = [Item(f.key, _(f.label), display(answers.get(f.key))) for f in section.fields]
    items += [
        Item(q["key"], q["label"], display(answers.get(q["key"]), q["kind"]), q["sensitive"])
        for q in questions
    ]
    return items


def section_views(user: User, assessment: Assessment) -> list[SectionView]:
    """Every section, with its answers unless it is private to this person."""
    sees_private = access_for(user).sees_sensitive(assessment.enrollment.program)
    questions = questions_of(assessment)
    views = []
    for section in SECTIONS:
        private = section.sensitive and not sees_private
        shown = shown_questions(questions, section.key, sees_private=sees_private)
        if section.kind == "questions" and not any(q["section"] == section.key for q in questions):
            continue  # the program asks nothing here
        views.append(
            SectionView(
                section=section,
                private=private,
                declined=section.key in assessment.declined,
                by_participant=section.key in assessment.self_completed,
                items=[] if private else _items(assessment, section, shown),
                supports=[]
                if private or section.kind != "supports"
                else list(assessment.answers.get("supports", [])),
                hidden_questions=sum(
                    1 for q in questions if q["section"] == section.key and q not in shown
                ),
            )
        )
    return views


@dataclass
class Change:
    section: str
    label: str
    before: str
    after: str


def changes_between(user: User, before: Assessment, after: Assessment) -> list[Change]:
    """What changed from one assessment to the next, in sections this person may read.
    A private section that changed is named without its content."""
    sees_private = access_for(user).sees_sensitive(after.enrollment.program)
    questions_before = {q["key"]: q for q in questions_of(before)}
    questions_after = {q["key"]: q for q in questions_of(after)}
    out: list[Change] = []
    for section in SECTIONS:
        title = _(section.title)
        keys: list[tuple[str, str, str, bool]] = [
            (f.key, _(f.label), "text", False) for f in section.fields
        ]
        if section.kind == "supports":
            keys.append(("supports", _("People and organizations"), "text", False))
        for q in {**questions_before, **questions_after}.values():
            if q["section"] == section.key:
                keys.append((q["key"], q["label"], q["kind"], bool(q["sensitive"])))
        was_declined = section.key in before.declined
        is_declined = section.key in after.declined
        changed = [k for k in keys if before.answers.get(k[0]) != after.answers.get(k[0])]
        if section.sensitive and not sees_private:
            if changed or was_declined != is_declined:
                out.append(Change(title, _("Private section"), "", _("Changed")))
            continue
        for key, label, kind, private_question in changed:
            if private_question and not sees_private:
                out.append(Change(title, _("A private question"), "", _("Changed")))
                continue
            out.append(
                Change(
                    title,
                    label,
                    display(before.answers.get(key), kind),
                    display(after.answers.get(key), kind),
                )
            )
        if was_declined != is_declined:
            out.append(
                Change(
                    title,
                    _("Prefer not to say"),
                    _("Yes") if was_declined else _("No"),
                    _("Yes") if is_declined else _("No"),
                )
            )
    return out


def assessments_of(enrollment: Enrollment) -> list[Assessment]:
    return list(
        Assessment.objects.filter(enrollment=enrollment)
        .select_related("completed_by")
        .order_by("-number")
    )


def previous_complete(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(
            enrollment_id=assessment.enrollment_id,
            status=Assessment.Status.COMPLETE,
            number__lt=assessment.number,
        )
        .select_related("enrollment__program")
        .order_by("-number")
        .first()
    )


def question_for(user: User, public_id: Any) -> Question:
    """One of the program's questions, for its managers; 404 for anyone else."""
    question = Question.objects.filter(public_id=public_id).select_related("program").first()
    if question is None or not access_for(user).can_manage(question.program_id):
        raise Http404("No such question.")
    return question
