"""Forms for deciding on an approval, a program's approval settings and the history's
filters. Each keeps what was typed when an action refuses it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.approvals.models import SETTING_KINDS, ApprovalSettings, Kind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SHORT = {"class": "usa-textarea", "rows": 2}
SELECT = {"class": "usa-select"}
CHECK = {"class": "usa-checkbox__input"}


class DecisionForm(forms.Form):
    """Approve, return or withdraw: a comment and the version the page was read at."""

    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(SHORT),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(
        self, *args: Any, required: bool = False, label: StrOrPromise = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        if label:
            field.label = label
        if required:
            field.required = True
            field.error_messages["required"] = _("Say what needs to change.")


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
        label=gettext_lazy("Program"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(SELECT),
    )
    kind = forms.ChoiceField(
        required=False,
        label=gettext_lazy("What was asked"),
        choices=[("", gettext_lazy("Every kind")), *Kind.choices],
        widget=forms.Select(SELECT),
        error_messages={"invalid_choice": gettext_lazy("Choose from the list.")},
    )

    def __init__(self, *args: Any, programs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("All my programs")), *((p.pk, p.name) for p in programs)]
        field.error_messages["invalid_choice"] = _("Choose a program from the list.")
