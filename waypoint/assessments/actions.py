"""Assessments (start, save as you go, complete, reassess), the program's own questions,
and needs (add, put in the participant's order, mark met). Every change is audited;
the audit trail names the sections that changed, never what was said."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Assessment, Domain, Need, Question
from waypoint.assessments.queries import live_questions
from waypoint.assessments.sections import BY_KEY, QUESTION_SECTIONS, SECTIONS
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.standards import apply_due_dates
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.toolkit import (
    audit,
    audit_enrollment_record,
    changed_since,
    check_writer,
    earlier,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_DESCRIPTION = 1000


def _audit(by: User, action: str, need: Need, changes: dict[str, Any]) -> None:
    if need.sensitive and "description" in changes:
        changes = {**changes, "description": "(sensitive: not copied into the audit trail)"}
    audit_enrollment_record(by, action, "need", need, need.enrollment, changes)


@transaction.atomic
def add_need(
    *,
    by: User,
    enrollment: Enrollment,
    domain: str,
    description: str,
    assessment: Assessment | None = None,
    creation_key: uuid.UUID | None = None,
) -> Need:
    """Add a need with the next number; it goes last in the participant's order. A
    repeated ``creation_key`` hands back the need the first submit added."""
    check_writer(by, enrollment.program_id)
    if domain not in Domain.values:
        raise ActionRefused(_("Choose the area of life this need is about."), field="domain")
    description = description.strip()
    if not description:
        raise ActionRefused(_("Write the need, in their words if you can."), field="description")
    if len(description) > MAX_DESCRIPTION:
        raise ActionRefused(
            _("Keep it under %(limit)s characters.") % {"limit": MAX_DESCRIPTION},
            field="description",
        )
    # Lock the enrollment so two people adding at once get different numbers.
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    done = earlier(Need, creation_key, enrollment=enrollment)
    if done is not None:
        return done  # type: ignore[no-any-return]
    top = Need.objects.filter(enrollment=locked).aggregate(
        number=Max("number"), priority=Max("priority")
    )
    need = Need.objects.create(
        enrollment=locked,
        participant_id=locked.participant_id,
        number=(top["number"] or 0) + 1,
        priority=(top["priority"] or 0) + 1,
        domain=domain,
        description=description,
        assessment=assessment,
        created_by=by,
        creation_key=creation_key,
    )
    _audit(
        by, "create", need, {"number": need.number, "domain": domain, "description": description}
    )
    return need


@transaction.atomic
def move_need(*, by: User, need: Need, direction: str) -> Need:
    """Move a need one place up or down the participant's order."""
    check_writer(by, need.enrollment.program_id)
    if direction not in ("up", "down"):
        raise ActionRefused(_("Move a need up or down."))
    Enrollment.objects.select_for_update().get(pk=need.enrollment_id)
    order = list(
        Need.objects.filter(enrollment_id=need.enrollment_id).order_by("priority", "number")
    )
    index = next(i for i, n in enumerate(order) if n.pk == need.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        if direction == "up":
            raise ActionRefused(_("Need %(number)s is already first.") % {"number": need.number})
        raise ActionRefused(_("Need %(number)s is already last.") % {"number": need.number})
    order[index], order[other] = order[other], order[index]
    for position, item in enumerate(order, start=1):
        item.priority = position
    Need.objects.bulk_update(order, ["priority"])
    moved = order[other]
    _audit(
        by,
        "update",
        moved,
        {"order": [n.number for n in order], "moved": direction},
    )
    return moved


@transaction.atomic
def set_need_status(*, by: User, need: Need, status: str) -> Need:
    check_writer(by, need.enrollment.program_id)
    if status not in Need.Status.values:
        raise ActionRefused(_("Choose open, met or no longer a need."), field="status")
    if status == need.status:
        return need
    before = need.status
    need.status = status
    need.save(update_fields=["status"])
    _audit(by, "update", need, {"status": [before, status]})
    return need


# --- Assessments -----------------------------------------------------------------


def _audit_assessment(
    by: User, action: str, assessment: Assessment, changes: dict[str, Any]
) -> None:
    audit_enrollment_record(by, action, "assessment", assessment, assessment.enrollment, changes)


@transaction.atomic
def start_assessment(*, by: User, enrollment: Enrollment) -> Assessment:
    """Start the intake or, once one is complete, a reassessment that begins from the
    last one's answers. A draft already open is returned as it is."""
    check_writer(by, enrollment.program_id)
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    draft = Assessment.objects.filter(enrollment=locked, status=Assessment.Status.DRAFT).first()
    if draft is not None:
        return draft
    if locked.status in ("exited",):
        raise ActionRefused(_("Reopen the enrollment before assessing again."))
    last = (
        Assessment.objects.filter(enrollment=locked, status=Assessment.Status.COMPLETE)
        .order_by("-number")
        .first()
    )
    now = timezone.now()
    assessment = Assessment.objects.create(
        enrollment=locked,
        participant_id=locked.participant_id,
        number=(last.number + 1) if last else 1,
        kind=Assessment.Kind.REASSESSMENT if last else Assessment.Kind.INTAKE,
        answers=dict(last.answers) if last else {},
        declined=list(last.declined) if last else [],
        started_by=by,
        started_at=now,
        updated_by=by,
        updated_at=now,
    )
    assessment.enrollment = locked
    _audit_assessment(
        by,
        "create",
        assessment,
        {"kind": assessment.kind, "number": assessment.number},
    )
    return assessment


def _stale_assessment(assessment: Assessment, expected_version: int) -> StaleEdit:
    return changed_since(
        "assessment",
        assessment.public_id,
        expected_version,
        parts=lambda changes: changes.get("sections", []),
        titles=lambda key: _(BY_KEY[key].title) if key in BY_KEY else key,
    ).refusal()


def _section_of(key: str, questions: list[dict[str, Any]]) -> str:
    if key == "supports":
        return "supports"
    for section in SECTIONS:
        if any(f.key == key for f in section.fields):
            return section.key
    for q in questions:
        if q["key"] == key:
            return str(q["section"])
    raise ActionRefused(_("That question is not part of this assessment."))


@transaction.atomic
def save_answers(
    *,
    by: User,
    assessment: Assessment,
    sections: list[str],
    answers: dict[str, Any],
    declined: list[str],
    expected_version: int,
    by_participant: bool = False,
) -> Assessment:
    """Save what was shown of ``sections``: their answers replace the saved ones, and
    each is "prefer not to say" or not. Sections not shown keep what they had, so a
    person who may not read a private section can never blank it."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    locked.enrollment = assessment.enrollment
    # The participant answers in their own Waypoint only what was sent to them
    # (portal.actions.save_my_answers checks the sections before it calls this).
    themselves = (
        by_participant and access_for(by).participant_id == locked.enrollment.participant_id
    )
    if not themselves:
        check_writer(by, locked.enrollment.program_id)
    if not locked.is_draft:
        raise ActionRefused(_("This assessment is complete and can no longer change."))
    if locked.version != expected_version:
        raise _stale_assessment(locked, expected_version)
    sees_private = access_for(by).sees_sensitive(locked.enrollment.program)
    questions = live_questions(locked.enrollment.program, locked.answers)
    shown = set(sections)
    for key in shown:
        if key not in BY_KEY:
            raise ActionRefused(_("That section is not part of this assessment."))
        if BY_KEY[key].sensitive and not sees_private:
            raise ActionRefused(_("Only the roles this program allows can answer that section."))
    private_questions = {q["key"] for q in questions if q["sensitive"]}
    for key in answers:
        if _section_of(key, questions) not in shown:
            raise ActionRefused(_("That answer belongs to a section that was not shown."))
        if key in private_questions and not sees_private:
            raise ActionRefused(_("Only the roles this program allows can answer that question."))
    before = dict(locked.answers)
    merged = {
        key: value
        for key, value in before.items()
        if _section_of_saved(key, questions) not in shown
        or (key in private_questions and not sees_private)
    }
    merged.update({key: value for key, value in answers.items() if value not in ("", [], None)})
    new_declined = sorted(
        (set(locked.declined) - shown) | (set(declined) & shown),
        key=lambda k: list(BY_KEY).index(k),
    )
    changed = sorted(
        {
            _section_of_saved(key, questions)
            for key in set(before) | set(merged)
            if before.get(key) != merged.get(key)
        }
        | (set(locked.declined) ^ set(new_declined)),
        key=lambda k: list(BY_KEY).index(k) if k in BY_KEY else 99,
    )
    if not changed:
        return locked
    locked.answers = merged
    locked.declined = new_declined
    if by_participant:
        locked.self_completed = sorted(
            set(locked.self_completed) | set(changed), key=lambda k: list(BY_KEY).index(k)
        )
    locked.version += 1
    locked.updated_by = by
    locked.updated_at = timezone.now()
    locked.save(
        update_fields=[
            "answers",
            "declined",
            "self_completed",
            "version",
            "updated_by",
            "updated_at",
        ]
    )
    _audit_assessment(
        by,
        "update",
        locked,
        {
            "sections": changed,
            "version": locked.version,
            **({"by_participant": True} if by_participant else {}),
        },
    )
    return locked


def _section_of_saved(key: str, questions: list[dict[str, Any]]) -> str:
    try:
        return _section_of(key, questions)
    except ActionRefused:
        return ""  # an answer to a question no longer asked: kept, in no section


def missing_required(assessment: Assessment, questions: list[dict[str, Any]]) -> list[str]:
    """Labels of required questions with no answer, in sections not declined."""
    return [
        str(q["label"])
        for q in questions
        if q["required"]
        and q["section"] not in assessment.declined
        and assessment.answers.get(q["key"]) in (None, "", [])
    ]


@transaction.atomic
def complete_assessment(*, by: User, assessment: Assessment, expected_version: int) -> Assessment:
    """Complete a draft: from now on it never changes. Sets the enrollment's assessment
    date, so the next due date follows the program's standards."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("program")
        .get(pk=assessment.enrollment_id)
    )
    locked.enrollment = enrollment
    check_writer(by, enrollment.program_id)
    if not locked.is_draft:
        raise ActionRefused(_("This assessment is already complete."))
    if locked.version != expected_version:
        raise _stale_assessment(locked, expected_version)
    questions = [
        q
        for q in live_questions(enrollment.program, locked.answers)
        if q["section"] in QUESTION_SECTIONS
    ]
    missing = missing_required(locked, questions)
    if missing:
        raise ActionRefused(
            _(
                "These questions need an answer, or “prefer not to say” for their section: "
                "%(questions)s."
            )
            % {"questions": "; ".join(missing)}
        )
    now = timezone.now()
    locked.status = Assessment.Status.COMPLETE
    locked.questions = questions
    locked.completed_by = by
    locked.completed_at = now
    locked.completed_on = timezone.localdate(now)
    locked.version += 1
    locked.save(
        update_fields=[
            "status",
            "questions",
            "completed_by",
            "completed_at",
            "completed_on",
            "version",
        ]
    )
    enrollment.assessment_done_on = locked.completed_on
    fields = apply_due_dates(enrollment, enrollment.program)
    enrollment.save(update_fields=["assessment_done_on", *fields])
    _audit_assessment(
        by, "update", locked, {"status": ["draft", "complete"], "version": locked.version}
    )
    return locked


@transaction.atomic
def discard_draft(*, by: User, assessment: Assessment) -> None:
    """Throw away a reassessment draft started by mistake. The intake's draft and any
    completed assessment are kept."""
    check_writer(by, assessment.enrollment.program_id)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_draft:
        raise ActionRefused(_("A completed assessment is kept for good."))
    if locked.number == 1:
        raise ActionRefused(_("The intake is kept as a draft until it is complete."))
    if Need.objects.filter(assessment=locked).exists():
        raise ActionRefused(_("Needs were written down in this draft; complete it instead."))
    _audit_assessment(by, "delete", assessment, {"number": locked.number})
    locked.delete()


def record_handover(*, by: User, assessment: Assessment, sections: list[str], back: bool) -> None:
    """The device went to the participant (or came back to staff): audited."""
    _audit_assessment(
        by,
        "update",
        assessment,
        {"handed_back" if back else "handed_over": sections},
    )


# --- The program's own questions ---------------------------------------------------

MAX_CHOICES = 30


def _check_manager(by: User, program: Program) -> None:
    if not access_for(by).can_manage(program.pk):
        raise ActionRefused(_("Only the program's managers can change its questions."))


def _clean_question(data: dict[str, Any]) -> dict[str, Any]:
    label = str(data.get("label", "")).strip()
    if not label:
        raise ActionRefused(_("Write the question."), field="label")
    kind = data.get("kind", Question.Kind.TEXT)
    if kind not in Question.Kind.values:
        raise ActionRefused(_("Choose the kind of answer."), field="kind")
    choices = [str(c).strip() for c in data.get("choices", []) if str(c).strip()]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if len(choices) < 2:
            raise ActionRefused(_("List at least two choices, one per line."), field="choices")
        if len({c.casefold() for c in choices}) != len(choices):
            raise ActionRefused(_("Each choice needs to be different."), field="choices")
        if len(choices) > MAX_CHOICES:
            raise ActionRefused(
                _("Keep it to %(limit)s choices.") % {"limit": MAX_CHOICES}, field="choices"
            )
    else:
        choices = []
    section = data.get("section", Question.Placement.PROGRAM)
    if section not in Question.Placement.values:
        raise ActionRefused(_("Choose where the question goes."), field="section")
    translations = _clean_translations(data.get("translations") or {}, choices)
    return {
        "label": label[:300],
        "help_text": str(data.get("help_text", "")).strip()[:300],
        "kind": kind,
        "choices": choices,
        "required": bool(data.get("required")),
        "sensitive": bool(data.get("sensitive")),
        "section": section,
        "translations": translations,
    }


def _clean_translations(given: Any, choices: list[str]) -> dict[str, dict[str, Any]]:
    """A question's words in other languages; only what was given is kept. Translated
    choices must match the question's own, one for one."""
    known = {code for code, _name in settings.LANGUAGES}
    kept: dict[str, dict[str, Any]] = {}
    for code, words in dict(given).items():
        if code not in known or not isinstance(words, dict):
            continue
        label = str(words.get("label", "")).strip()[:300]
        hint = str(words.get("help_text", "")).strip()[:300]
        shown = [str(c).strip() for c in words.get("choices", []) if str(c).strip()]
        if shown and len(shown) != len(choices):
            raise ActionRefused(
                _("Give one translated choice for each choice (%(n)s), in the same order.")
                % {"n": len(choices)},
                field=f"choices_{code}",
            )
        entry: dict[str, Any] = {k: v for k, v in (("label", label), ("help_text", hint)) if v}
        if shown:
            entry["choices"] = [c[:200] for c in shown]
        if entry:
            kept[code] = entry
    return kept


def _audit_question(by: User, action: str, question: Question, changes: dict[str, Any]) -> None:
    audit(
        by,
        action,
        "question",
        question.public_id,
        participant_id=None,
        organization_id=question.program.organization_id,
        program_id=question.program_id,
        changes=changes,
    )


@transaction.atomic
def add_question(*, by: User, program: Program, data: dict[str, Any]) -> Question:
    _check_manager(by, program)
    clean = _clean_question(data)
    top = Question.objects.filter(program=program).aggregate(p=Max("position"))["p"] or 0
    question = Question.objects.create(program=program, position=top + 1, created_by=by, **clean)
    _audit_question(by, "create", question, clean)
    return question


@transaction.atomic
def update_question(*, by: User, question: Question, data: dict[str, Any]) -> Question:
    """Change a question's wording or choices. Completed assessments keep the words
    they were asked with; drafts show the new ones."""
    _check_manager(by, question.program)
    clean = _clean_question(data)
    changes = {k: [getattr(question, k), v] for k, v in clean.items() if getattr(question, k) != v}
    if changes:
        for k, v in clean.items():
            setattr(question, k, v)
        question.save()
        _audit_question(by, "update", question, changes)
    return question


@transaction.atomic
def set_question_active(*, by: User, question: Question, active: bool) -> Question:
    """Retire a question (no longer asked) or bring it back."""
    _check_manager(by, question.program)
    if question.active != active:
        question.active = active
        question.save(update_fields=["active"])
        _audit_question(by, "update", question, {"active": active})
    return question


@transaction.atomic
def move_question(*, by: User, question: Question, direction: str) -> Question:
    _check_manager(by, question.program)
    siblings = list(
        Question.objects.select_for_update()
        .filter(program_id=question.program_id, section=question.section)
        .order_by("position", "pk")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        raise ActionRefused(_("That question cannot move that way."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    Question.objects.bulk_update(siblings, ["position"])
    _audit_question(by, "update", question, {"moved": direction})
    return question
