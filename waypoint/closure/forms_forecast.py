"""Forms for the transition date and the exit interview. The exit interview's own
program questions are drawn with the assessment's question fields."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.assessments.forms import field_name, question_field
from waypoint.closure.actions.forecast import MAX_DISCUSSED_HOW, MAX_WORDS, SATISFACTION, Record

DATE = {"class": "usa-input", "type": "date"}
TEXTAREA = {"class": "usa-textarea", "rows": 3, "maxlength": MAX_WORDS}


class ForecastForm(forms.Form):
    transition_on = forms.DateField(
        label=_("Planned transition date"),
        widget=forms.DateInput(attrs=DATE),
        validators=[bounds.WIDE],
        error_messages={
            "required": _("Give the planned transition date."),
            "invalid": _("Use a date like 2026-03-31."),
        },
    )
    discussed_on = forms.DateField(
        label=_("Discussed with them on (optional)"),
        required=False,
        help_text=_("The day you talked the date through together. Leave it empty until then."),
        widget=forms.DateInput(attrs=DATE),
        validators=[bounds.WIDE],
        error_messages={"invalid": _("Use a date like 2026-03-31.")},
    )
    discussed_how = forms.CharField(
        label=_("How it was discussed (optional)"),
        required=False,
        max_length=MAX_DISCUSSED_HOW,
        help_text=_("For example: at our weekly meeting, with her mother there."),
        widget=forms.TextInput(attrs={"class": "usa-input", "maxlength": MAX_DISCUSSED_HOW}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class InterviewForm(forms.Form):
    """Held or declined; everything said is optional."""

    outcome = forms.ChoiceField(
        label=_("Did the exit interview happen?"),
        choices=[
            ("held", _("Yes, we held it")),
            ("declined", _("They chose not to have one")),
        ],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        error_messages={"required": _("Choose whether it was held or they chose not to.")},
    )
    held_on = forms.DateField(
        label=_("Held on"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        validators=[bounds.WIDE],
        error_messages={"invalid": _("Use a date like 2026-03-31.")},
    )
    helped = forms.CharField(
        label=_("What helped, in their words (optional)"),
        required=False,
        max_length=MAX_WORDS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    better = forms.CharField(
        label=_("What could be better, in their words (optional)"),
        required=False,
        max_length=MAX_WORDS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    next_feelings = forms.CharField(
        label=_("How they feel about what's next, in their words (optional)"),
        required=False,
        max_length=MAX_WORDS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are they with the program? (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(n), words) for n, words in SATISFACTION],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
    )
    declined_words = forms.CharField(
        label=_("Anything they said about it (optional)"),
        required=False,
        max_length=MAX_WORDS,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[field_name(q["key"])] = question_field(q, plain=False)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())

    def question_fields(self) -> list[Any]:
        return [self[field_name(q["key"])] for q in self.questions]

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for q in self.questions:
            value = self.cleaned_data.get(field_name(q["key"]))
            if isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, str):
                value = value.strip()
            if value not in (None, "", []):
                out[q["key"]] = value
        return out

    def record(self) -> Record:
        data = self.cleaned_data
        return Record(
            held=data["outcome"] == "held",
            held_on=data.get("held_on"),
            helped=data.get("helped", ""),
            better=data.get("better", ""),
            next_feelings=data.get("next_feelings", ""),
            satisfaction=data.get("satisfaction"),
            answers=self.answers(),
            declined_words=data.get("declined_words", ""),
        )


def initial_for_interview(interview: Any) -> dict[str, Any]:
    """The form as the interview stands (for changing what was recorded)."""
    if interview is None or interview.status == "scheduled":
        return {}
    initial: dict[str, Any] = {
        "outcome": "held" if interview.status == "held" else "declined",
        "held_on": interview.held_on,
        "helped": interview.helped,
        "better": interview.better,
        "next_feelings": interview.next_feelings,
        "satisfaction": str(interview.satisfaction) if interview.satisfaction else None,
        "declined_words": interview.declined_words,
    }
    for key, value in (interview.answers or {}).items():
        initial[field_name(key)] = value
    return initial
