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

from waypoint import bounds
from waypoint.participants.models import DECLINABLE_FIELDS, ContactMethod, Participant
from waypoint.participants.normalize import DEFAULT_REGION

PRONOUN_SUGGESTIONS = ["she/her", "he/him", "they/them", "she/they", "he/they", "ze/zir"]
DECLINE_LABELS = {
    "legal_name": "Legal name",
    "pronunciation": "Pronunciation",
    "pronouns": "Pronouns",
    "date_of_birth": "Date of birth",
    "languages": "Languages",
    "emergency_contact": "Emergency contact",
    "contacts": "Ways to reach them (they will get in touch)",
}
FORBIDDEN_IN_NAMES = set("<>{}[]\\|^`")


def check_text(value: str, label: str) -> str:
    """Accept any script; refuse markup characters and invisible control characters."""
    if any(ch in FORBIDDEN_IN_NAMES for ch in value):
        raise ValidationError(
            f"{label} can't include the characters < > {{ }} [ ] \\ | ^ `. "
            "Letters in any language, spaces, apostrophes, hyphens and periods are all fine."
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf"} and ch not in "\u200c\u200d" for ch in value):
        raise ValidationError(f"{label} contains an invisible control character; retype it.")
    return value.strip()


def check_birth_date(value: date | None) -> date | None:
    if value is None:
        return None
    if value > timezone.localdate():
        raise ValidationError("Date of birth can't be in the future.")
    if value < bounds.EARLIEST:
        raise ValidationError("Enter a date of birth after 1900.")
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
        label="Prefer not to say",
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
            "preferred_name": "Name they go by",
            "legal_name": "Legal name, if different",
            "pronunciation": "How to say their name",
            "emergency_contact_name": "Emergency contact: name",
            "emergency_contact_relationship": "Emergency contact: relationship",
            "emergency_contact_phone": "Emergency contact: phone",
        }
        help_texts = {
            "preferred_name": "Required. Any language and form: one name or several.",
            "pronunciation": "For example “ah-MAH-rah”.",
            "languages": "Separate several with commas, preferred first.",
            "written_language": "Their printed plan comes in this language (English, Spanish "
            "or Arabic for now); they can ask for another copy in any of them.",
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
        self.fields["preferred_name"].error_messages["required"] = (
            "Enter the name this person goes by."
        )
        self.fields["date_of_birth"].error_messages["invalid"] = (
            "Enter the date of birth as a real date, such as 2004-03-27."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["declined"] = list(self.instance.declined or [])
        # Each language named in itself; left out of a form, English.
        self.fields["written_language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]
        self.fields["written_language"].required = False

    def clean_preferred_name(self) -> str:
        value = check_text(self.cleaned_data["preferred_name"], "The name")
        if not value:
            raise ValidationError("Enter the name this person goes by.")
        return value

    def clean_legal_name(self) -> str:
        return check_text(self.cleaned_data["legal_name"], "The legal name")

    def clean_pronunciation(self) -> str:
        return check_text(self.cleaned_data["pronunciation"], "Pronunciation")

    def clean_pronouns(self) -> str:
        return check_text(self.cleaned_data["pronouns"], "Pronouns")

    def clean_languages(self) -> str:
        return check_text(self.cleaned_data["languages"], "Languages")

    def clean_emergency_contact_name(self) -> str:
        return check_text(self.cleaned_data["emergency_contact_name"], "The emergency contact")

    def clean_date_of_birth(self) -> date | None:
        return check_birth_date(self.cleaned_data.get("date_of_birth"))

    def person_data(self) -> dict[str, Any]:
        return {**self.cleaned_data, "declined": self.cleaned_data.get("declined", [])}


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ContactMethod.Kind.choices,
        label="How",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    value = forms.CharField(
        max_length=200, required=False, label="Number or address", widget=text_input()
    )
    safe_to_contact = forms.ChoiceField(
        choices=ContactMethod.Safe.choices,
        initial=ContactMethod.Safe.ASK,
        label="Safe to contact?",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    preferred_time = forms.CharField(
        max_length=100, required=False, label="Best time", widget=text_input()
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
                self.add_error("value", "Enter an email address such as name@example.org.")
        elif kind in {"phone", "text"}:
            try:
                number = phonenumbers.parse(value, DEFAULT_REGION)
                ok = phonenumbers.is_possible_number(number)
            except phonenumbers.NumberParseException:
                ok = False
            if not ok:
                self.add_error(
                    "value", "Enter a phone number we can dial, such as 555-201-3344 or +44 20…"
                )
        return data


ContactFormSet = forms.formset_factory(ContactForm, extra=2, max_num=8, validate_max=True)


class MatchForm(forms.Form):
    """What we ask before adding someone, to find them if they are already here."""

    name = forms.CharField(
        max_length=200, label="Name they go by", widget=text_input(autocomplete="off")
    )
    date_of_birth = forms.DateField(required=False, widget=DateInput())
    phone = forms.CharField(max_length=40, required=False, widget=text_input(type="tel"))
    email = forms.CharField(max_length=200, required=False, widget=text_input(type="email"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the name this person goes by."
        self.fields["date_of_birth"].error_messages["invalid"] = (
            "Enter the date of birth as a real date, such as 2004-03-27."
        )

    def clean_name(self) -> str:
        return check_text(self.cleaned_data["name"], "The name")

    def clean_date_of_birth(self) -> date | None:
        return check_birth_date(self.cleaned_data.get("date_of_birth"))


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=200,
        required=False,
        label="Name",
        widget=forms.TextInput(
            attrs={"class": "usa-input", "type": "search", "autocomplete": "off"}
        ),
    )
