"""Forms for deciding on an approval, a program's approval settings and the history's
filters. Each keeps what was typed when an action refuses it."""

from __future__ import annotations

from typing import Any

from django import forms

from waypoint.approvals.models import SETTING_KINDS, ApprovalSettings, Kind

SHORT = {"class": "usa-textarea", "rows": 2}
SELECT = {"class": "usa-select"}
CHECK = {"class": "usa-checkbox__input"}


class DecisionForm(forms.Form):
    """Approve, return or withdraw: a comment and the version the page was read at."""

    comment = forms.CharField(
        label="Comment (optional)", required=False, max_length=2000, widget=forms.Textarea(SHORT)
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args: Any, required: bool = False, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        if label:
            field.label = label
        if required:
            field.required = True
            field.error_messages["required"] = "Say what needs to change."


class SettingsForm(forms.Form):
    plan = forms.BooleanField(
        required=False, label=Kind.PLAN.label, widget=forms.CheckboxInput(CHECK)
    )
    caseload = forms.BooleanField(
        required=False, label=Kind.CASELOAD.label, widget=forms.CheckboxInput(CHECK)
    )
    referral = forms.BooleanField(
        required=False, label=Kind.REFERRAL.label, widget=forms.CheckboxInput(CHECK)
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args: Any, rules: ApprovalSettings, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "plan": rules.plan,
                "caseload": rules.caseload,
                "referral": rules.referral,
                "version": rules.version,
            },
        )
        super().__init__(*args, **kwargs)

    def changes(self) -> dict[str, bool]:
        return {str(k): bool(self.cleaned_data.get(str(k))) for k in SETTING_KINDS}


class HistoryForm(forms.Form):
    program = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, widget=forms.Select(SELECT)
    )
    kind = forms.ChoiceField(
        required=False,
        label="What was asked",
        choices=[("", "Every kind"), *Kind.choices],
        widget=forms.Select(SELECT),
        error_messages={"invalid_choice": "Choose from the list."},
    )

    def __init__(self, *args: Any, programs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "All my programs"), *((p.pk, p.name) for p in programs)]
        field.error_messages["invalid_choice"] = "Choose a program from the list."
