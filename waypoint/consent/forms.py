from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.consent.models import SENSITIVE, Category, Consent
from waypoint.directory.models import Provider

INPUT = {"class": "usa-input"}
CHECKBOX = {"class": "usa-checkbox__input"}
RADIO = {"class": "usa-radio__input"}


class ConsentForm(forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput)
    recipient_kind = forms.ChoiceField(
        label=_("Who may receive it"),
        choices=[
            ("provider", _("An organization in our directory")),
            ("person", _("A person")),
        ],
        widget=forms.RadioSelect(attrs=RADIO),
        initial="provider",
    )
    recipient_provider = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Provider.objects.none(),
        required=False,
        empty_label=_("Choose an organization"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    recipient_name = forms.CharField(
        label=_("Person's name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
    )
    recipient_detail = forms.CharField(
        label=_("Their role or organization"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("For example: her aunt; caseworker at the county; Dr. Lee at Harbor Health."),
    )
    categories = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )
    purpose = forms.CharField(
        label=_("What it is for"),
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
        help_text=_("In words the participant used or agreed to, e.g. “to apply for housing”."),
    )
    starts_on = forms.DateField(
        label=_("Starts"),
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        validators=[bounds.WIDE],
    )
    ends_on = forms.DateField(
        label=_("Ends"),
        required=False,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        help_text=_("An end date is required when substance use information is included."),
        validators=[bounds.WIDE],
    )
    how = forms.ChoiceField(
        label=_("How they gave it"),
        choices=Consent.How.choices,
        widget=forms.RadioSelect(attrs=RADIO),
    )
    witness_name = forms.CharField(
        label=_("Witness"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    typed_name = forms.CharField(
        label=_("Name they typed"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
    )
    form_file = forms.FileField(
        label=_("Signed form"),
        required=False,
        help_text=_("PDF, PNG or JPEG, up to 10 MB. Kept privately; never emailed."),
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
        label=_("How they told us (optional)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("For example: by phone to Nia on Monday."),
    )
