from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.accounts.queries import access_for
from waypoint.accounts.terminology import OTHER_LANGUAGES
from waypoint.assessments import queries
from waypoint.assessments.models import Assessment, Domain, Need, Question
from waypoint.assessments.sections import SECTIONS, SUPPORT_KINDS, SUPPORT_ROWS_BLANK, Section

if TYPE_CHECKING:
    from waypoint.accounts.models import User


class NeedForm(forms.Form):
    domain = forms.ChoiceField(
        choices=[("", _("Choose an area of life")), *Domain.choices],
        label=_("Area of life"),
        widget=forms.Select(attrs={"class": "usa-select"}),
        error_messages={"required": _("Choose the area of life this need is about.")},
    )
    description = forms.CharField(
        max_length=1000,
        label=_("The need, in their words"),
        help_text=_("For example “I need a safe place to sleep”."),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
        error_messages={"required": _("Write the need, in their words if you can.")},
    )


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Need.Status.choices, widget=forms.Select(attrs={"class": "usa-select"})
    )


# --- The assessment ----------------------------------------------------------------

MAX_ANSWER = 5000
TEXTAREA = {"class": "usa-textarea", "rows": 3, "maxlength": MAX_ANSWER}


def field_name(key: str) -> str:
    """Form field names: "a-<field key>" for the built-in fields, "q-<uuid>" for questions."""
    return key.replace("q:", "q-", 1) if key.startswith("q:") else f"a-{key}"


def worded(q: dict[str, Any]) -> tuple[str, str, list[tuple[str, str]]]:
    """A question's label, hint and (value, shown) choices in the language being spoken:
    the program's own translation where it gave one, else its own words."""
    language = (get_language() or "en").split("-")[0]
    own = (q.get("translations") or {}).get(language) or {}
    shown = list(own.get("choices") or [])
    choices = [
        (c, shown[i] if i < len(shown) and shown[i] else c) for i, c in enumerate(q["choices"])
    ]
    return own.get("label") or str(q["label"]), own.get("help_text") or q["help_text"], choices


def question_field(q: dict[str, Any], *, plain: bool) -> forms.Field:
    label, hint, choices = worded(q)
    common: dict[str, Any] = {"label": label, "required": False, "help_text": hint}
    kind = q["kind"]
    size = " wp-input--large" if plain else ""
    if kind == "number":
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"class": "usa-input usa-input--small" + size}),
            error_messages={
                "invalid": _("“%(label)s”: use a number, like 3 or 2.5.") % {"label": label}
            },
            **common,
        )
    if kind == "date":
        return forms.DateField(
            widget=forms.DateInput(attrs={"class": "usa-input" + size, "type": "date"}),
            error_messages={
                "invalid": _("“%(label)s”: use a date like 2026-03-31.") % {"label": label}
            },
            validators=[bounds.WIDE],
            **common,
        )
    if kind == "yes_no":
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
            **common,
        )
    if kind == "single":
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
            **common,
        )
    if kind == "multiple":
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
            **common,
        )
    return forms.CharField(
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={**TEXTAREA, "class": "usa-textarea" + size}),
        **common,
    )


class AssessmentForm(forms.Form):
    """The sections a person may answer, built from the structure and the program's
    questions. ``sections`` is the list of (section, questions) to show."""

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[Any, list[dict[str, Any]]]],
        support_rows: int,
        plain: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shown = [section.key for section, _ in sections]
        self.support_rows = support_rows
        self.question_keys: list[str] = []
        size = " wp-input--large" if plain else ""
        for section, questions in sections:
            self.fields[f"declined-{section.key}"] = forms.BooleanField(
                required=False,
                label=gettext("Prefer not to say") if not plain else _("I'd rather not say"),
                widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
            )
            for f in section.fields:
                self.fields[field_name(f.key)] = forms.CharField(
                    required=False,
                    max_length=MAX_ANSWER,
                    label=f.plain if plain else gettext(f.label),
                    widget=forms.Textarea(attrs={**TEXTAREA, "class": "usa-textarea" + size}),
                )
            if section.kind == "supports":
                for i in range(support_rows):
                    self.fields[f"supports-{i}-who"] = forms.CharField(
                        required=False,
                        max_length=200,
                        label=gettext("Who") if not plain else _("Who is it?"),
                        widget=forms.TextInput(attrs={"class": "usa-input" + size}),
                    )
                    self.fields[f"supports-{i}-kind"] = forms.ChoiceField(
                        required=False,
                        choices=[("", _("Person or organization?")), *SUPPORT_KINDS],
                        label=_("A person or an organization"),
                        widget=forms.Select(attrs={"class": "usa-select" + size}),
                    )
                    self.fields[f"supports-{i}-how"] = forms.CharField(
                        required=False,
                        max_length=500,
                        label=gettext("How they help") if not plain else _("How do they help you?"),
                        widget=forms.TextInput(attrs={"class": "usa-input" + size}),
                    )
            for q in questions:
                self.fields[field_name(q["key"])] = question_field(q, plain=plain)
                self.question_keys.append(q["key"])

    def bound_sections(self, sections: list[tuple[Any, list[dict[str, Any]]]]) -> list[Any]:
        """(section, declined field, text fields, support rows, question fields) to render."""
        out = []
        for section, questions in sections:
            rows = []
            if section.kind == "supports":
                rows = [
                    (
                        self[f"supports-{i}-who"],
                        self[f"supports-{i}-kind"],
                        self[f"supports-{i}-how"],
                    )
                    for i in range(self.support_rows)
                ]
            out.append(
                {
                    "section": section,
                    "declined": self[f"declined-{section.key}"],
                    "fields": [self[field_name(f.key)] for f in section.fields],
                    "supports": rows,
                    "questions": [self[field_name(q["key"])] for q in questions],
                }
            )
        return out

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, keyed as stored (JSON-friendly)."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for name, value in data.items():
            if name.startswith("a-"):
                out[name[2:]] = value.strip()
            elif name.startswith("q-"):
                key = "q:" + name[2:]
                if isinstance(value, Decimal):
                    value = format(value.normalize(), "f")
                elif isinstance(value, date):
                    value = value.isoformat()
                elif isinstance(value, str):
                    value = value.strip()
                out[key] = value
        if "supports" in self.shown:
            rows = []
            for i in range(self.support_rows):
                who = data.get(f"supports-{i}-who", "").strip()
                how = data.get(f"supports-{i}-how", "").strip()
                kind = data.get(f"supports-{i}-kind", "")
                if who or how:
                    rows.append({"who": who, "kind": kind, "how": how})
            out["supports"] = rows
        return out

    def declined(self) -> list[str]:
        return [key for key in self.shown if self.cleaned_data.get(f"declined-{key}")]


def initial_for(answers: dict[str, Any], declined: list[str]) -> dict[str, Any]:
    initial: dict[str, Any] = {f"declined-{key}": True for key in declined}
    for key, value in answers.items():
        if key == "supports":
            for i, row in enumerate(value):
                for part in ("who", "kind", "how"):
                    initial[f"supports-{i}-{part}"] = row.get(part, "")
        else:
            initial[field_name(key)] = value
    return initial


class HandOverForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Sections they will fill in"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        error_messages={"required": _("Choose at least one section to hand over.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = choices  # type: ignore[attr-defined]


class HandBackForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        help_text=_("So that only staff can leave this screen."),
        widget=forms.PasswordInput(
            attrs={"class": "usa-input", "autocomplete": "current-password"}
        ),
        error_messages={"required": _("Enter your password to take the device back.")},
    )


class QuestionForm(forms.Form):
    label = forms.CharField(
        max_length=300,
        label=_("Question"),
        widget=forms.TextInput(attrs={"class": "usa-input"}),
        error_messages={"required": _("Write the question.")},
    )
    help_text = forms.CharField(
        max_length=300,
        required=False,
        label=_("Hint (optional)"),
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    section = forms.ChoiceField(
        label=_("Where it goes"),
        choices=Question.Placement.choices,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=Question.Kind.choices,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    choices = forms.CharField(
        required=False,
        label=_("Choices, one per line"),
        help_text=_("Only for “Choose one” and “Choose any”."),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}),
    )
    required = forms.BooleanField(
        required=False,
        label=_("Needs an answer (or “prefer not to say”) before the assessment is complete"),
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )
    sensitive = forms.BooleanField(
        required=False,
        label=_("Private: only the roles allowed to see health and legal details see the answer"),
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same question in each other language Waypoint speaks (optional).
        names = dict(settings.LANGUAGES)
        for code in OTHER_LANGUAGES:
            words = {"language": names[code]}
            self.fields[f"label_{code}"] = forms.CharField(
                max_length=300,
                required=False,
                label=gettext("The question in %(language)s") % words,
                widget=forms.TextInput(attrs={"class": "usa-input", "lang": code}),
            )
            self.fields[f"help_text_{code}"] = forms.CharField(
                max_length=300,
                required=False,
                label=gettext("The hint in %(language)s") % words,
                widget=forms.TextInput(attrs={"class": "usa-input", "lang": code}),
            )
            self.fields[f"choices_{code}"] = forms.CharField(
                required=False,
                label=gettext("The choices in %(language)s, in the same order") % words,
                widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4, "lang": code}),
            )

    def other_languages(self) -> list[tuple[str, list[Any]]]:
        """(language name, its bound fields) for each other language."""
        names = dict(settings.LANGUAGES)
        return [
            (
                names[code],
                [self[f"{name}_{code}"] for name in ("label", "help_text", "choices")],
            )
            for code in OTHER_LANGUAGES
        ]

    def data_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["choices"] = data.get("choices", "").splitlines()
        data["translations"] = {
            code: {
                "label": data.pop(f"label_{code}", ""),
                "help_text": data.pop(f"help_text_{code}", ""),
                "choices": data.pop(f"choices_{code}", "").splitlines(),
            }
            for code in OTHER_LANGUAGES
        }
        return data


# --- The assessment form, for staff and for the participant --------------------------


def sections_for(
    assessment: Assessment, *, sees_private: bool, only: list[str] | None = None
) -> list[tuple[Section, list[dict[str, Any]]]]:
    """The sections a form shows: not private ones the person may not read, not empty
    question sections, and (when handing over) only the chosen ones."""
    questions = queries.questions_of(assessment)
    out = []
    for section in SECTIONS:
        if only is not None and section.key not in only:
            continue
        if section.sensitive and not sees_private:
            continue
        shown = queries.shown_questions(questions, section.key, sees_private=sees_private)
        if section.kind == "questions" and not shown:
            continue
        out.append((section, shown))
    return out


def support_rows(assessment: Assessment) -> int:
    return len(assessment.answers.get("supports", [])) + SUPPORT_ROWS_BLANK


def assessment_form(
    user: User,
    assessment: Assessment,
    *,
    data: Any = None,
    only: list[str] | None = None,
    plain: bool = False,
) -> tuple[AssessmentForm, list[tuple[Section, list[dict[str, Any]]]]]:
    sees_private = access_for(user).sees_sensitive(assessment.enrollment.program)
    sections = sections_for(assessment, sees_private=sees_private, only=only)
    rows = support_rows(assessment)
    if data is not None:
        # Rows added in the browser come back too; keep every one that was sent.
        while f"supports-{rows}-who" in data:
            rows += 1
    form = AssessmentForm(
        data,
        sections=sections,
        support_rows=rows,
        plain=plain,
        initial=initial_for(assessment.answers, assessment.declined),
    )
    return form, sections
