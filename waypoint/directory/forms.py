from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.assessments.models import Domain
from waypoint.directory.actions import EDITABLE
from waypoint.directory.models import Service

INPUT = {"class": "usa-input"}
SELECT = {"class": "usa-select"}
TEXTAREA = {"class": "usa-textarea", "rows": 3}
CHECKBOX = {"class": "usa-checkbox__input"}


class SearchForm(forms.Form):
    domain = forms.ChoiceField(
        label=gettext_lazy("Need"),
        required=False,
        choices=[("", gettext_lazy("Any need")), *Domain.choices],
        widget=forms.Select(attrs=SELECT),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), required=False, widget=forms.Select(attrs=SELECT)
    )
    keyword = forms.CharField(
        label=gettext_lazy("Words"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
        help_text=gettext_lazy("Any words from the name, the description or who it is for."),
    )
    area = forms.CharField(
        label=gettext_lazy("Area served"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=INPUT),
        help_text=gettext_lazy("A neighbourhood, town or ZIP code."),
    )
    vetted = forms.BooleanField(
        label=gettext_lazy("Vetted by our team only"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    include_closed = forms.BooleanField(
        label=gettext_lazy("Include services that have closed for good"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any language")), *((n, n) for n in languages)]


class ServiceForm(forms.ModelForm[Service]):
    version = forms.IntegerField(widget=forms.HiddenInput)
    url = forms.URLField(
        label=gettext_lazy("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs=INPUT),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"), required=False, widget=forms.EmailInput(attrs=INPUT)
    )
    minimum_age = forms.IntegerField(
        label=gettext_lazy("Youngest age served"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs=INPUT),
    )
    maximum_age = forms.IntegerField(
        label=gettext_lazy("Oldest age served"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs=INPUT),
    )
    domains = forms.MultipleChoiceField(
        label=gettext_lazy("Needs this service helps with"),
        required=False,
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )

    class Meta:
        model = Service
        fields = list(EDITABLE)
        labels = {
            "name": gettext_lazy("Name"),
            "status": gettext_lazy("Status"),
            "description": gettext_lazy("Description"),
            "what_to_expect": gettext_lazy("What to expect"),
            "alternate_name": gettext_lazy("Also known as"),
            "eligibility_description": gettext_lazy("Who it is for"),
            "application_process": gettext_lazy("How to get started"),
            "fees_description": gettext_lazy("Fees"),
            "wait_time": gettext_lazy("Usual wait"),
            "interpretation_services": gettext_lazy("Interpretation"),
            "alert": gettext_lazy("Notice (closures, changes)"),
            "is_public": gettext_lazy("Publish in the open HSDS feed for partners' tools"),
        }
        widgets = {
            "name": forms.TextInput(attrs=INPUT),
            "alternate_name": forms.TextInput(attrs=INPUT),
            "status": forms.Select(attrs=SELECT),
            "description": forms.Textarea(attrs=TEXTAREA),
            "eligibility_description": forms.Textarea(attrs=TEXTAREA),
            "application_process": forms.Textarea(attrs=TEXTAREA),
            "fees_description": forms.Textarea(attrs=TEXTAREA),
            "wait_time": forms.TextInput(attrs=INPUT),
            "interpretation_services": forms.TextInput(attrs=INPUT),
            "alert": forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
            "what_to_expect": forms.Textarea(attrs={**TEXTAREA, "rows": 6}),
            "is_public": forms.CheckboxInput(attrs=CHECKBOX),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("minimum_age", "maximum_age"):
            value = getattr(self.instance, name)
            if value is not None and not self.is_bound:
                self.initial[name] = int(value)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and name not in ("url", "email"):
                field.max_length = field.max_length or 5000
                field.widget.attrs.setdefault("maxlength", str(field.max_length))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            raise ValidationError({"maximum_age": _("The oldest age is below the youngest.")})
        for name in ("minimum_age", "maximum_age"):
            if data.get(name) is not None:
                data[name] = float(data[name])
        return data


class CheckForm(forms.Form):
    vetted = forms.BooleanField(
        label=gettext_lazy("Someone on our team has been there or worked with them first-hand"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HSDS file"),
        help_text=gettext_lazy(
            "A zip of a tabular package (datapackage.json and its CSV files) or of "
            "JSON files, or one JSON file."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".zip,.json"}),
    )

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".zip", ".json")):
            raise ValidationError(_("Choose a .zip or a .json file."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit})
        return upload
