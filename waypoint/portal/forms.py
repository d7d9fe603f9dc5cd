"""Forms of the participant's own Waypoint: every label and message in their language."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from waypoint import bounds
from waypoint.plans.forms import AcknowledgeForm

INPUT = {"class": "usa-input"}
DATE = {"class": "usa-input", "type": "date"}


class SignInForm(AuthenticationForm):
    """Django's sign-in, in the participant's language, with the shared-device choice."""

    shared = forms.BooleanField(
        required=False,
        label=_("This is a shared computer"),
        help_text=_("You are signed out after 10 minutes without activity."),
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Sign-in name")
        self.fields["username"].widget.attrs.update(INPUT)
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.update(INPUT)
        self.error_messages["invalid_login"] = _(
            "That sign-in name and password do not match. Check them and try again."
        )
        self.error_messages["inactive"] = _("This sign-in is turned off. Ask your navigator.")


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label=_("Your code"),
        help_text=_("The code your navigator gave you, like ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={**INPUT, "autocomplete": "one-time-code"}),
        error_messages={"required": _("Type the code your navigator gave you.")},
    )
    username = forms.CharField(
        max_length=150,
        label=_("Choose a sign-in name"),
        help_text=_("Any name you will remember. It does not need to be your real name."),
        widget=forms.TextInput(attrs={**INPUT, "autocomplete": "username"}),
        error_messages={"required": _("Choose a sign-in name.")},
    )
    password1 = forms.CharField(
        max_length=128,
        label=_("Choose a password"),
        help_text=_("At least 12 letters, numbers or spaces. A short sentence works well."),
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"}),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        max_length=128,
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        label=_("Email (optional)"),
        help_text=_("If you add it, you can ask for a sign-in link instead of a password."),
        widget=forms.EmailInput(attrs={**INPUT, "autocomplete": "email"}),
        error_messages={"invalid": _("Check the email address.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class LinkForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label=_("Your email"),
        widget=forms.EmailInput(attrs={**INPUT, "autocomplete": "email"}),
        error_messages={
            "required": _("Type your email address."),
            "invalid": _("Check the email address."),
        },
    )


class LinkSignInForm(forms.Form):
    shared = SignInForm.base_fields["shared"]


class PortalAcknowledgeForm(AcknowledgeForm):
    """In their own Waypoint the date is today's: only the name and the box."""

    on = None  # type: ignore[assignment]


class OwnStepForm(forms.Form):
    goal = forms.TypedChoiceField(
        coerce=uuid.UUID,
        label=_("For which goal"),
        widget=forms.Select(attrs={"class": "usa-select"}),
        error_messages={"required": _("Choose one of your goals.")},
    )
    what = forms.CharField(
        max_length=300,
        label=_("What you will do"),
        help_text=_("For example: Call the clinic on Monday morning."),
        widget=forms.TextInput(attrs=INPUT),
        error_messages={
            "required": _("Write the step in a few words."),
            "max_length": _("Keep it under 300 characters."),
        },
    )
    due_on = forms.DateField(
        required=False,
        label=_("By when (optional)"),
        widget=forms.DateInput(attrs=DATE),
        validators=[bounds.AHEAD],
        error_messages={"invalid": _("Use a date like 2027-03-31.")},
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, goals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = goals  # type: ignore[attr-defined]


class SuggestForm(forms.Form):
    goal = forms.TypedChoiceField(
        coerce=uuid.UUID,
        required=False,
        empty_value=None,
        label=_("About which goal (optional)"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    words = forms.CharField(
        max_length=1000,
        label=_("What would you like to change?"),
        help_text=_("Your navigator reads this and talks it through with you."),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}),
        error_messages={
            "required": _("Write what you would like to change."),
            "max_length": _("Keep it under 1,000 characters."),
        },
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, goals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("The whole plan")), *goals]  # type: ignore[attr-defined]


class StopSharingForm(forms.Form):
    words = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Anything you want your navigator to know (optional)"),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
        error_messages={"max_length": _("Keep it under 1,000 characters.")},
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)


# --- Staff ---------------------------------------------------------------------------------


class InviteForm(forms.Form):
    how = forms.ChoiceField(
        choices=[
            ("print", _("Give them a printed code")),
            ("email", _("Email them a link and the code")),
        ],
        label=_("How to give them their code"),
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        initial="print",
        error_messages={"required": _("Choose how to give them their code.")},
    )


class AnswerForm(forms.Form):
    outcome = forms.CharField(max_length=10)
    answer = forms.CharField(
        required=False,
        max_length=1000,
        label=_("A word for them (they read it in their own Waypoint)"),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
    )
