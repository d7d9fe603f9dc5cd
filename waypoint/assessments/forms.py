from __future__ import annotations

from django import forms

from waypoint.assessments.models import Domain, Need


class NeedForm(forms.Form):
    domain = forms.ChoiceField(
        choices=[("", "Choose an area of life"), *Domain.choices],
        label="Area of life",
        widget=forms.Select(attrs={"class": "usa-select"}),
        error_messages={"required": "Choose the area of life this need is about."},
    )
    description = forms.CharField(
        max_length=1000,
        label="The need, in their words",
        help_text="For example “I need a safe place to sleep”.",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
        error_messages={"required": "Write the need, in their words if you can."},
    )


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Need.Status.choices, widget=forms.Select(attrs={"class": "usa-select"})
    )
