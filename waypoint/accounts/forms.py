from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from waypoint.accounts.models import DeliveryMode, Program
from waypoint.accounts.terminology import format_overrides, parse_overrides

NUMBER = {"class": "usa-input usa-input--small", "min": 1}


class ProgramSettingsForm(forms.ModelForm[Program]):
    phases_text = forms.CharField(
        label="Phases of the participant flow",
        help_text="One per line, in order. Participants move through these while enrolled.",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 6}),
    )
    delivery_modes = forms.MultipleChoiceField(
        choices=DeliveryMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        label="Delivery modes",
    )
    terminology_text = forms.CharField(
        required=False,
        label="Words this program uses",
        help_text="One per line as “term = replacement”, for example "
        "“case closure = transition celebration”.",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Program
        fields = [
            "name",
            "description",
            "caseload_cap",
            "assessment_due_days",
            "isp_due_days",
            "note_due_hours",
            "contact_every_days",
            "team_visibility",
        ]
        labels = {
            "caseload_cap": "Caseload cap (participants per navigator)",
            "assessment_due_days": "Assessment due within (days of enrollment)",
            "isp_due_days": "Service plan due within (days of enrollment)",
            "note_due_hours": "Progress note due within (hours of a contact)",
            "contact_every_days": "Contact at least every (days)",
            "team_visibility": "Navigators may see every participant in this program",
        }
        widgets = {
            "name": forms.TextInput(attrs={"class": "usa-input"}),
            "description": forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
            "caseload_cap": forms.NumberInput(attrs={**NUMBER, "max": 500}),
            "assessment_due_days": forms.NumberInput(attrs={**NUMBER, "max": 365}),
            "isp_due_days": forms.NumberInput(attrs={**NUMBER, "max": 365}),
            "note_due_hours": forms.NumberInput(attrs={**NUMBER, "max": 720}),
            "contact_every_days": forms.NumberInput(attrs={**NUMBER, "max": 365}),
            "team_visibility": forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["phases_text"] = "\n".join(self.instance.phases)
            self.initial["delivery_modes"] = list(self.instance.delivery_modes)
            self.initial["terminology_text"] = format_overrides(self.instance.terminology)
            self.initial["version"] = self.instance.version
        limits = {
            "caseload_cap": 500,
            "assessment_due_days": 365,
            "isp_due_days": 365,
            "note_due_hours": 720,
            "contact_every_days": 365,
        }
        for name, top in limits.items():
            field = self.fields[name]
            field.validators = [
                MinValueValidator(1, message="Use a number of 1 or more."),
                MaxValueValidator(top, message=f"Use a number no larger than {top}."),
            ]
            field.widget.attrs.update({"min": 1, "max": top})

    def clean_phases_text(self) -> list[str]:
        phases = [line.strip() for line in self.cleaned_data["phases_text"].splitlines()]
        phases = [p for p in phases if p]
        if not phases:
            raise ValidationError("List at least one phase.")
        if len({p.casefold() for p in phases}) != len(phases):
            raise ValidationError("Each phase needs a different name.")
        too_long = [p for p in phases if len(p) > 100]
        if too_long:
            raise ValidationError(f"Keep phase names under 100 characters: “{too_long[0][:40]}…”.")
        return phases

    def clean_terminology_text(self) -> dict[str, str]:
        overrides, problems = parse_overrides(self.cleaned_data.get("terminology_text") or "")
        if problems:
            raise ValidationError(problems)
        return overrides

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {name: data[name] for name in self.Meta.fields}
        changes["phases"] = data["phases_text"]
        changes["delivery_modes"] = list(data.get("delivery_modes") or [])
        changes["terminology"] = data["terminology_text"]
        return changes


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="What will use this token?",
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
