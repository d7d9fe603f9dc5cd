"""Forms for enrolling, moving along the flow and assigning navigators."""

from __future__ import annotations

from typing import Any

from django import forms

from waypoint.accounts.models import DeliveryMode, Program, User
from waypoint.enrollments.models import Status

SELECT = {"class": "usa-select"}
TEXTAREA = {"class": "usa-textarea", "rows": 2}
START_STATUSES = [
    (Status.INQUIRY, "Inquiry: first conversation"),
    (Status.ELIGIBILITY, "Eligibility: checking fit"),
    (Status.ENROLLED, "Enrolled: starting services"),
]


class StartForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        widget=forms.Select(attrs=SELECT),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your programs."},
    )
    status = forms.ChoiceField(
        choices=START_STATUSES, label="Start at", widget=forms.Select(attrs=SELECT)
    )
    navigator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
        empty_label="Not assigned yet",
        error_messages={"invalid_choice": "Choose a navigator from the list."},
    )
    delivery_mode = forms.ChoiceField(
        choices=[("", "Not decided yet"), *DeliveryMode.choices],
        required=False,
        label="How services are delivered",
        widget=forms.Select(attrs=SELECT),
    )
    override_reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Reason to assign beyond the caseload cap",
        help_text=(
            "A supervisor can assign beyond the cap; where the program asks, others send "
            "it for a supervisor's approval."
        ),
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args: Any, programs: Any, navigators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program_field = self.fields["program"]
        navigator_field = self.fields["navigator"]
        assert isinstance(program_field, forms.ModelChoiceField)
        assert isinstance(navigator_field, forms.ModelChoiceField)
        program_field.queryset = programs
        navigator_field.queryset = navigators


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Status.choices, label="Move to", widget=forms.Select(attrs=SELECT)
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Why (optional)",
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=[], widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Note (optional)",
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, phases: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p, p) for p in phases]  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        max_length=1000, label="Why reopen", widget=forms.Textarea(attrs=TEXTAREA)
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(forms.Form):
    navigator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose a navigator.",
            "invalid_choice": "Choose a navigator from the list.",
        },
    )
    override_reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Reason to assign beyond the caseload cap",
        help_text="Needed only when the navigator is at or over the cap.",
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, navigators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["navigator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = navigators
