from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Program, User
from waypoint.consent.models import Category, Consent
from waypoint.referrals.models import DeclineReason, Status

CHECKBOX = {"class": "usa-checkbox__input"}
RADIO = {"class": "usa-radio__input"}


class ConsentChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Consent) -> str:
        categories = ", ".join(obj.category_labels)
        if obj.ends_on:
            return _("%(categories)s · for %(purpose)s · until %(day)s") % {
                "categories": categories,
                "purpose": obj.purpose[:60],
                "day": date_format(obj.ends_on, "M j, Y"),
            }
        return _("%(categories)s · for %(purpose)s") % {
            "categories": categories,
            "purpose": obj.purpose[:60],
        }


class ReferralForm(forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput)
    consent = ConsentChoice(
        label=gettext_lazy("Consent to share with them"),
        queryset=Consent.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect(attrs=RADIO),
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("What the referral may include"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=gettext_lazy(
            "Their name always goes with it. Only what the consent covers can be "
            "ticked; the partner sees it only while the consent is in force."
        ),
    )
    participant_agreed = forms.BooleanField(
        label=gettext_lazy("They agreed to this referral"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the partner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
        help_text=gettext_lazy(
            "What you are asking for and anything that helps them help. It goes in the "
            "packet, so keep to what the consent allows."
        ),
    )
    email_participant = forms.BooleanField(
        label=gettext_lazy("Email them what to expect"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )

    def __init__(self, *args: Any, consents: list[Consent], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("creation_key", uuid.uuid4())
        if len(consents) == 1:
            kwargs["initial"].setdefault("consent", consents[0].pk)
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Consent.objects.filter(pk__in=[c.pk for c in consents])


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to = forms.ChoiceField(
        label=gettext_lazy("What happened"),
        choices=Status.choices,
        widget=forms.RadioSelect(attrs=RADIO),
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason (when declined or not eligible)"),
        required=False,
        choices=[("", gettext_lazy("Choose a reason")), *DeclineReason.choices],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
        help_text=gettext_lazy("Needed for an outcome (how it went) or a withdrawal (why)."),
    )

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, Status(s).label) for s in allowed]


class InsideForm(forms.Form):
    creation_key = forms.UUIDField(widget=forms.HiddenInput)
    program = forms.ModelChoiceField(
        label=gettext_lazy("Program"),
        queryset=Program.objects.none(),
        empty_label=gettext_lazy("Choose a program"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    staff = forms.ModelChoiceField(
        label=gettext_lazy("To someone there (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Anyone in the program"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    participant_agreed = forms.BooleanField(
        label=gettext_lazy("They agreed to this referral"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the program"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
    )

    def __init__(self, *args: Any, programs: Any, staff: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("creation_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
