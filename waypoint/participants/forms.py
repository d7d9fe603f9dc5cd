"""Forms for a person's record. Every field but the name may be left blank or declined."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.participants.models import DECLINABLE_FIELDS, ContactMethod, Participant
from waypoint.participants.normalize import DEFAULT_REGION

PRONOUN_SUGGESTIONS = ["she/her", "he/him", "they/them", "she/they", "he/they", "ze/zir"]
DECLINE_LABELS = {
    "legal_name": gettext_lazy("Legal name"),
    "pronunciation": gettext_lazy("Pronunciation"),
    "pronouns": gettext_lazy("Pronouns"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "languages": gettext_lazy("Languages"),
    "emergency_contact": gettext_lazy("Emergency contact"),
    "contacts": gettext_lazy("Ways to reach them (they will get in touch)"),
}
FORBIDDEN_IN_NAMES = set("<>{}[]\\|^`")


def check_text(value: str, label: str) -> str:
    """Accept any script; refuse markup characters and invisible control characters.
    ``label`` names the field, as the subject of the refusal ("The name")."""
    if any(ch in FORBIDDEN_IN_NAMES for ch in value):
        raise ValidationError(
            _(
                "%(label)s can't include the characters < > { } [ ] \\ | ^ `. "
                "Letters in any language, spaces, apostrophes, hyphens and periods are all fine."
            )
            % {"label": label}
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf"} and ch not in "\u200c\u200d" for ch in value):
        raise ValidationError(
            _("%(label)s contains an invisible control character; retype it.") % {"label": label}
        )
    return value.strip()


def check_birth_date(value: date | None) -> date | None:
    if value is None:
        return None
    if value > timezone.localdate():
        raise ValidationError(_("Date of birth can't be in the future."))
    if value < bounds.EARLIEST:
        raise ValidationError(_("Enter a date of birth after 1900."))
    bounds.BIRTH.check(value)
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "usa-input", **(attrs or {})}, format="%Y-%m-%d")


def text_input(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "usa-input", **attrs})


class ParticipantForm(forms.ModelForm[Participant]):
    declined = forms.MultipleChoiceField(
        choices=[(k, DECLINE_LABELS[k]) for k in DECLINABLE_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        label=gettext_lazy("Prefer not to say"),
    )

    class Meta:
        model = Participant
        fields = [
            "preferred_name",
            "legal_name",
            "pronunciation",
            "pronouns",
            "date_of_birth",
            "languages",
            "written_language",
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
        ]
        labels = {
            "preferred_name": gettext_lazy("Name they go by"),
            "legal_name": gettext_lazy("Legal name, if different"),
            "pronunciation": gettext_lazy("How to say their name"),
            # Named here so they translate (the model fields have no names of their own).
            "pronouns": gettext_lazy("Pronouns"),
            "date_of_birth": gettext_lazy("Date of birth"),
            "languages": gettext_lazy("Languages"),
            "emergency_contact_name": gettext_lazy("Emergency contact: name"),
            "emergency_contact_relationship": gettext_lazy("Emergency contact: relationship"),
            "emergency_contact_phone": gettext_lazy("Emergency contact: phone"),
        }
        help_texts = {
            "preferred_name": gettext_lazy("Required. Any language and form: one name or several."),
            "pronunciation": gettext_lazy("For example “ah-MAH-rah”."),
            "languages": gettext_lazy("Separate several with commas, preferred first."),
            "written_language": gettext_lazy(
                "Their printed plan comes in this language (English, Spanish "
                "or Arabic for now); they can ask for another copy in any of them."
            ),
        }
        widgets = {
            "preferred_name": text_input(autocomplete="off"),
            "legal_name": text_input(autocomplete="off"),
            "pronunciation": text_input(),
            "pronouns": text_input(list="pronoun-suggestions"),
            "date_of_birth": DateInput(),
            "languages": text_input(),
            "written_language": forms.Select(attrs={"class": "usa-select"}),
            "emergency_contact_name": text_input(),
            "emergency_contact_relationship": text_input(),
            "emergency_contact_phone": text_input(type="tel"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_name"].error_messages["required"] = _(
            "Enter the name this person goes by."
        )
        self.fields["date_of_birth"].error_messages["invalid"] = _(
            "Enter the date of birth as a real date, such as 2004-03-27."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["declined"] = list(self.instance.declined or [])
        # Each language named in itself; left out of a form, English.
        self.fields["written_language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]
        self.fields["written_language"].required = False

    def clean_preferred_name(self) -> str:
        value = check_text(self.cleaned_data["preferred_name"], _("The name"))
        if not value:
            raise ValidationError(_("Enter the name this person goes by."))
        return value

    def clean_legal_name(self) -> str:
        return check_text(self.cleaned_data["legal_name"], _("The legal name"))

    def clean_pronunciation(self) -> str:
        return check_text(self.cleaned_data["pronunciation"], _("Pronunciation"))

    def clean_pronouns(self) -> str:
        return check_text(self.cleaned_data["pronouns"], _("Pronouns"))

    def clean_languages(self) -> str:
        return check_text(self.cleaned_data["languages"], _("Languages"))

    def clean_emergency_contact_name(self) -> str:
        return check_text(self.cleaned_data["emergency_contact_name"], _("The emergency contact"))

    def clean_date_of_birth(self) -> date | None:
        return check_birth_date(self.cleaned_data.get("date_of_birth"))

    def person_data(self) -> dict[str, Any]:
        return {**self.cleaned_data, "declined": self.cleaned_data.get("declined", [])}


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ContactMethod.Kind.choices,
        label=gettext_lazy("How"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    value = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Number or address"),
        widget=text_input(),
    )
    safe_to_contact = forms.ChoiceField(
        choices=ContactMethod.Safe.choices,
        initial=ContactMethod.Safe.ASK,
        label=gettext_lazy("Safe to contact?"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    preferred_time = forms.CharField(
        max_length=100, required=False, label=gettext_lazy("Best time"), widget=text_input()
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("kind"), (data.get("value") or "").strip()
        if not value:
            return data
        if kind == "email":
            try:
                validate_email(value)
            except ValidationError:
                self.add_error("value", _("Enter an email address such as name@example.org."))
        elif kind in {"phone", "text"}:
            try:
                number = phonenumbers.parse(value, DEFAULT_REGION)
                ok = phonenumbers.is_possible_number(number)
            except phonenumbers.NumberParseException:
                ok = False
            if not ok:
                self.add_error(
                    "value", _("Enter a phone number we can dial, such as 555-201-3344 or +44 20…")
                )
        return data


ContactFormSet = forms.formset_factory(ContactForm, extra=2, max_num=8, validate_max=True)


class MatchForm(forms.Form):
    """What we ask before adding someone, to find them if they are already here."""

    name = forms.CharField(
        max_length=200, label=gettext_lazy("Name they go by"), widget=text_input(autocomplete="off")
    )
    date_of_birth = forms.DateField(
        required=False, label=gettext_lazy("Date of birth"), widget=DateInput()
    )
    phone = forms.CharField(
        max_length=40, required=False, label=gettext_lazy("Phone"), widget=text_input(type="tel")
    )
    email = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Email"),
        widget=text_input(type="email"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the name this person goes by.")
        self.fields["date_of_birth"].error_messages["invalid"] = _(
            "Enter the date of birth as a real date, such as 2004-03-27."
        )

    def clean_name(self) -> str:
        return check_text(self.cleaned_data["name"], _("The name"))

    def clean_date_of_birth(self) -> date | None:
        return check_birth_date(self.cleaned_data.get("date_of_birth"))


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Name"),
        widget=forms.TextInput(
            attrs={"class": "usa-input", "type": "search", "autocomplete": "off"}
        ),
    )
