from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone

from waypoint import bounds
from waypoint.consent.models import SENSITIVE, Category, Consent
from waypoint.directory.models import Provider

INPUT = {"class": "usa-input"}
CHECKBOX = {"class": "usa-checkbox__input"}
RADIO = {"class": "usa-radio__input"}


class ConsentForm(forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput)
    recipient_kind = forms.ChoiceField(
        label="Who may receive it",
        choices=[("provider", "An organization in our directory"), ("person", "A person")],
        widget=forms.RadioSelect(attrs=RADIO),
        initial="provider",
    )
    recipient_provider = forms.ModelChoiceField(
        label="Organization",
        queryset=Provider.objects.none(),
        required=False,
        empty_label="Choose an organization",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    recipient_name = forms.CharField(
        label="Person's name", max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    recipient_detail = forms.CharField(
        label="Their role or organization",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text="For example: her aunt; caseworker at the county; Dr. Lee at Harbor Health.",
    )
    categories = forms.MultipleChoiceField(
        label="What may be shared",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )
    purpose = forms.CharField(
        label="What it is for",
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
        help_text="In words the participant used or agreed to, e.g. “to apply for housing”.",
    )
    starts_on = forms.DateField(
        label="Starts",
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        validators=[bounds.WIDE],
    )
    ends_on = forms.DateField(
        label="Ends",
        required=False,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        help_text="Required when substance use information is included.",
        validators=[bounds.WIDE],
    )
    how = forms.ChoiceField(
        label="How they gave it",
        choices=Consent.How.choices,
        widget=forms.RadioSelect(attrs=RADIO),
    )
    witness_name = forms.CharField(
        label="Witness", max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    typed_name = forms.CharField(
        label="Name they typed", max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    form_file = forms.FileField(
        label="Signed form",
        required=False,
        help_text="PDF, PNG or JPEG, up to 10 MB. Kept privately; never emailed.",
        widget=forms.ClearableFileInput(
            attrs={"class": "usa-file-input", "accept": ".pdf,.png,.jpg,.jpeg"}
        ),
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"creation_key": uuid.uuid4(), "starts_on": timezone.localdate()}
        )
        super().__init__(*args, **kwargs)
        field = self.fields["recipient_provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Provider.objects.filter(owner_id=organization_id).order_by("name")

    def sensitive_choices(self) -> list[Any]:
        return [c for c in self["categories"] if c.data["value"] in SENSITIVE]

    def general_choices(self) -> list[Any]:
        return [c for c in self["categories"] if c.data["value"] not in SENSITIVE]

    def terms(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("recipient_kind") == "provider":
            data["recipient_name"] = ""
            data["recipient_detail"] = ""
        else:
            data["recipient_provider"] = None
        return data


class RevokeForm(forms.Form):
    note = forms.CharField(
        label="How they told us (optional)",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text="For example: by phone to Nia on Monday.",
    )
