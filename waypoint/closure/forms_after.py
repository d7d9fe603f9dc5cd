"""Forms for the check-ins after the exit. Each keeps what was typed when the action
refuses it."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
    CheckIn.Outcome.EMPLOYED: _("Still working"),
    CheckIn.Outcome.HOUSED: _("Still housed"),
    CheckIn.Outcome.SCHOOL: _("In school or training"),
    CheckIn.Outcome.NEEDS_HELP: _("Would like help again"),
}


class CheckInForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Did you reach them?"),
        choices=[("yes", _("Yes: we talked")), ("no", _("Not this time: I tried to reach them"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs=RADIO),
    )
    method = forms.ChoiceField(
        label=_("How you reached out"),
        choices=[("", _("Choose one")), *[(str(v), label) for v, label in Method.choices]],
        widget=forms.Select(attrs=SELECT),
    )
    happened_at = LocalDateTimeField(label=_("When"), validators=[bounds.PAST])
    attempt_result = forms.ChoiceField(
        label=_("What happened (for a try only)"),
        required=False,
        choices=[
            ("", _("Choose one")),
            *[(str(v), lb) for v, lb in Contact.AttemptResult.choices],
        ],
        widget=forms.Select(attrs=SELECT),
    )
    outcomes = forms.MultipleChoiceField(
        label=_("How things are for them now"),
        required=False,
        choices=[(str(k), v) for k, v in OUTCOME_LABELS.items()],
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=_("Tick all that they tell you. Leave empty for a try."),
    )
    words = forms.CharField(
        label=_("In their words"),
        required=False,
        max_length=500,
        help_text=_("A line or two, as they said it (up to 500 characters)."),
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
        label=_("Close this check-in"),
        choices=[
            (CheckIn.Status.NOT_REACHED, _("We could not reach them, after trying")),
            (CheckIn.Status.SKIPPED, _("It is not needed")),
        ],
        widget=forms.RadioSelect(attrs=RADIO),
    )
    reason = forms.CharField(
        label=_("Why, in a few words"),
        required=False,  # the action asks for it, in its own words
        max_length=500,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
