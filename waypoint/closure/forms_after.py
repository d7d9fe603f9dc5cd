"""Forms for the check-ins after the exit. Each keeps what was typed when the action
refuses it."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from waypoint import bounds
from waypoint.closure.models import CheckIn
from waypoint.notes.forms import LocalDateTimeField
from waypoint.notes.models import Contact, Method

SELECT = {"class": "usa-select"}
RADIO = {"class": "usa-radio__input"}
CHECKBOX = {"class": "usa-checkbox__input"}
TEXTAREA = {"class": "usa-textarea", "rows": 3}

# The outcomes in plain words, as a navigator asks them.
OUTCOME_LABELS = {
    CheckIn.Outcome.EMPLOYED: "Still working",
    CheckIn.Outcome.HOUSED: "Still housed",
    CheckIn.Outcome.SCHOOL: "In school or training",
    CheckIn.Outcome.NEEDS_HELP: "Would like help again",
}


class CheckInForm(forms.Form):
    reached = forms.TypedChoiceField(
        label="Did you reach them?",
        choices=[("yes", "Yes: we talked"), ("no", "Not this time: I tried to reach them")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs=RADIO),
    )
    method = forms.ChoiceField(
        label="How you reached out",
        choices=[("", "Choose one"), *[(str(v), str(label)) for v, label in Method.choices]],
        widget=forms.Select(attrs=SELECT),
    )
    happened_at = LocalDateTimeField(label="When", validators=[bounds.PAST])
    attempt_result = forms.ChoiceField(
        label="What happened (for a try only)",
        required=False,
        choices=[
            ("", "Choose one"),
            *[(str(v), str(lb)) for v, lb in Contact.AttemptResult.choices],
        ],
        widget=forms.Select(attrs=SELECT),
    )
    outcomes = forms.MultipleChoiceField(
        label="How things are for them now",
        required=False,
        choices=[(str(k), v) for k, v in OUTCOME_LABELS.items()],
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text="Tick all that they tell you. Leave empty for a try.",
    )
    words = forms.CharField(
        label="In their words",
        required=False,
        max_length=500,
        help_text="A line or two, as they said it (up to 500 characters).",
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())


class CloseCheckInForm(forms.Form):
    status = forms.ChoiceField(
        label="Close this check-in",
        choices=[
            (CheckIn.Status.NOT_REACHED, "We could not reach them, after trying"),
            (CheckIn.Status.SKIPPED, "It is not needed"),
        ],
        widget=forms.RadioSelect(attrs=RADIO),
    )
    reason = forms.CharField(
        label="Why, in a few words",
        required=False,  # the action asks for it, in its own words
        max_length=500,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
