"""Forms for file reviews. Field errors show beside the field and keep what was typed."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.quality.actions.corrections import MAX_WORDS
from waypoint.quality.actions.settings import LIMITS, MAX_HELP, MAX_LABEL, NUMBER_WORDS
from waypoint.quality.models import Answer, Pick

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = {"class": "usa-input", "type": "date"}
TEXTAREA = {"class": "usa-textarea", "rows": 3, "maxlength": MAX_WORDS}


class KeyedForm(forms.Form):
    """A form whose double submit makes one row."""

    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("creation_key", uuid.uuid4())


class StartForm(KeyedForm):
    why = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)


def _filled(text: StrOrPromise, values: dict[str, Any]) -> str:
    return str(text) % values


# Words with their figures filled in when shown, in the page's language.
filled = lazy(_filled, str)


def _number(name: str, label: StrOrPromise, help_text: StrOrPromise = "") -> forms.IntegerField:
    low, high = LIMITS[name]
    words = NUMBER_WORDS[name]
    bounds_words = filled(words.out_of_bounds, {"low": low, "high": high})
    return forms.IntegerField(
        label=label,
        help_text=help_text
        or filled(gettext_lazy("From %(low)s to %(high)s."), {"low": low, "high": high}),
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(
            attrs={"class": "usa-input usa-input--small", "min": low, "max": high}
        ),
        error_messages={
            "required": words.missing,
            "invalid": words.not_whole,
            "min_value": bounds_words,
            "max_value": bounds_words,
        },
    )


class SettingsForm(forms.Form):
    reviews_per_navigator = _number(
        "reviews_per_navigator",
        gettext_lazy("Files picked at random each month, per navigator"),
        gettext_lazy("From 0 to 20. The rules below pick more."),
    )
    plan_review_days = _number(
        "plan_review_days",
        gettext_lazy("Days between reviews of a service plan"),
        gettext_lazy(
            "From 7 to 730. A plan not acknowledged again within this many days is not met."
        ),
    )
    picks = forms.MultipleChoiceField(
        label=gettext_lazy("Also pick files when"),
        required=False,
        choices=Pick.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    attempts_in_row = _number(
        "attempts_in_row", gettext_lazy("Tries in a row that count as several")
    )
    high_need_count = _number("high_need_count", gettext_lazy("Open needs that count as many"))
    completeness_goal = _number(
        "completeness_goal",
        gettext_lazy("Completeness goal (percent)"),
        gettext_lazy("From 50 to 100. Each required field below it shows as below goal."),
    )
    late_from_days = _number(
        "late_from_days",
        gettext_lazy("Days after which a record is late"),
        gettext_lazy(
            "From 1 to 30. Records made this many days or more after the fact are listed to fix."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ItemForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("What the supervisor checks"),
        max_length=MAX_LABEL,
        widget=forms.TextInput(attrs={"class": "usa-input", "maxlength": MAX_LABEL}),
        error_messages={"required": gettext_lazy("Write the item in a few words.")},
    )
    help_text = forms.CharField(
        label=gettext_lazy("Guidance (optional)"),
        required=False,
        max_length=MAX_HELP,
        widget=forms.TextInput(attrs={"class": "usa-input", "maxlength": MAX_HELP}),
    )


class AnswersForm(forms.Form):
    """One verdict and comment per checklist item of a review, and a summary."""

    summary = forms.CharField(
        label=gettext_lazy("Summary for the navigator (optional)"),
        required=False,
        max_length=MAX_WORDS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, answers: list[Answer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers = answers
        for answer in answers:
            self.fields[f"verdict_{answer.pk}"] = forms.ChoiceField(
                label=answer.label,
                required=False,
                choices=Answer.Verdict.choices,
                widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
                initial=answer.verdict or None,
            )
            self.fields[f"comment_{answer.pk}"] = forms.CharField(
                label=_("Comment on “%(item)s” (optional)") % {"item": answer.label},
                required=False,
                max_length=MAX_WORDS,
                widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
                initial=answer.comment,
            )

    def rows(self) -> list[tuple[Answer, Any, Any]]:
        return [(a, self[f"verdict_{a.pk}"], self[f"comment_{a.pk}"]) for a in self.answers]


class CorrectionForm(KeyedForm):
    what = forms.CharField(
        label=gettext_lazy("What to correct"),
        max_length=MAX_WORDS,
        help_text=gettext_lazy("Say what to add or change, so the navigator can act on it."),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": gettext_lazy("Say what to correct.")},
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due by"),
        widget=forms.DateInput(attrs=DATE),
        validators=[bounds.AHEAD],
        error_messages={
            "required": gettext_lazy("Give the date it should be done by."),
            "invalid": gettext_lazy("Use a date like 2026-03-31."),
        },
    )


class DoneForm(forms.Form):
    words = forms.CharField(
        label=gettext_lazy("What you did"),
        max_length=MAX_WORDS,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": gettext_lazy("Say what you did.")},
    )


class RecheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Re-check"),
        choices=[
            ("confirmed", gettext_lazy("It is corrected")),
            ("reopened", gettext_lazy("Still to do")),
        ],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        error_messages={"required": gettext_lazy("Choose whether it is corrected or still to do.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (needed when still to do)"),
        required=False,
        max_length=MAX_WORDS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
