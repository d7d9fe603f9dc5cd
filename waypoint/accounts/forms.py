from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import STAFF_LANGUAGES, DeliveryMode, Program, Role
from waypoint.accounts.terminology import (
    OTHER_LANGUAGES,
    format_overrides,
    parse_overrides,
    words_in,
)

NUMBER = {"class": "usa-input usa-input--small", "min": 1}


def parse_phases(text: str) -> list[str]:
    """One phase per line, in order; blank lines ignored."""
    phases = [line.strip() for line in text.splitlines() if line.strip()]
    if not phases:
        raise ValidationError(_("List at least one phase."))
    if len({p.casefold() for p in phases}) != len(phases):
        raise ValidationError(_("Each phase needs a different name."))
    too_long = [p for p in phases if len(p) > 100]
    if too_long:
        raise ValidationError(
            _("Keep phase names under 100 characters: “%(name)s…”.") % {"name": too_long[0][:40]}
        )
    return phases


class ProgramSettingsForm(forms.ModelForm[Program]):
    phases_text = forms.CharField(
        label=gettext_lazy("Phases of the participant flow"),
        help_text=gettext_lazy(
            "One per line, in order. Participants move through these while enrolled."
        ),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 6}),
    )
    delivery_modes = forms.MultipleChoiceField(
        choices=DeliveryMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        label=gettext_lazy("Delivery modes"),
    )
    terminology_text = forms.CharField(
        required=False,
        label=gettext_lazy("Words this program uses"),
        help_text=gettext_lazy(
            "One per line as “term = replacement”, for example "
            "“case closure = transition celebration”."
        ),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 5}),
    )
    sensitive_roles = forms.MultipleChoiceField(
        choices=[(r, label) for r, label in Role.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        label=gettext_lazy("Who sees sensitive details"),
        help_text=gettext_lazy(
            "Health, mental health, substance use, legal and immigration, and justice "
            "details. Everyone else sees that they exist, not what they say."
        ),
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
            "reassess_every_days",
            "note_due_hours",
            "contact_every_days",
            "referral_response_days",
            "team_visibility",
        ]
        labels = {
            "name": gettext_lazy("Name"),
            "description": gettext_lazy("Description"),
            "caseload_cap": gettext_lazy("Caseload cap (participants per navigator)"),
            "assessment_due_days": gettext_lazy("Assessment due within (days of enrollment)"),
            "isp_due_days": gettext_lazy("Service plan due within (days of enrollment)"),
            "reassess_every_days": gettext_lazy(
                "Reassess every (days; 0 for no regular reassessment)"
            ),
            "note_due_hours": gettext_lazy("Progress note due within (hours of a contact)"),
            "contact_every_days": gettext_lazy("Contact at least every (days)"),
            "referral_response_days": gettext_lazy("A partner answers a referral within (days)"),
            "team_visibility": gettext_lazy("Navigators may see every participant in this program"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"class": "usa-input"}),
            "description": forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
            "caseload_cap": forms.NumberInput(attrs={**NUMBER, "max": 500}),
            "assessment_due_days": forms.NumberInput(attrs={**NUMBER, "max": 365}),
            "isp_due_days": forms.NumberInput(attrs={**NUMBER, "max": 365}),
            "reassess_every_days": forms.NumberInput(attrs={**NUMBER, "min": 0, "max": 730}),
            "note_due_hours": forms.NumberInput(attrs={**NUMBER, "max": 720}),
            "contact_every_days": forms.NumberInput(attrs={**NUMBER, "max": 365}),
            "referral_response_days": forms.NumberInput(attrs={**NUMBER, "max": 90}),
            "team_visibility": forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same words in each other language Waypoint speaks (the keys stay English).
        names = dict(settings.LANGUAGES)
        for code in OTHER_LANGUAGES:
            self.fields[f"terminology_{code}"] = forms.CharField(
                required=False,
                label=_("Words this program uses in %(language)s") % {"language": names[code]},
                help_text=_(
                    "The same “term = replacement” lines, with the replacement in that "
                    "language. A term left out uses Waypoint's own word in that language."
                ),
                widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
            )
        if not self.is_bound:
            self.initial["phases_text"] = "\n".join(self.instance.phases)
            self.initial["delivery_modes"] = list(self.instance.delivery_modes)
            self.initial["terminology_text"] = format_overrides(self.instance.terminology)
            for code in OTHER_LANGUAGES:
                self.initial[f"terminology_{code}"] = format_overrides(
                    words_in(self.instance.terminology, code)
                )
            self.initial["sensitive_roles"] = list(self.instance.sensitive_roles or [])
            self.initial["version"] = self.instance.version
        limits = {
            "caseload_cap": 500,
            "assessment_due_days": 365,
            "isp_due_days": 365,
            "note_due_hours": 720,
            "contact_every_days": 365,
            "referral_response_days": 90,
        }
        for name, top in limits.items():
            field = self.fields[name]
            field.validators = [
                MinValueValidator(1, message=_("Use a number of 1 or more.")),
                MaxValueValidator(
                    top, message=_("Use a number no larger than %(top)s.") % {"top": top}
                ),
            ]
            field.widget.attrs.update({"min": 1, "max": top})
        self.fields["reassess_every_days"].validators = [
            MinValueValidator(0, message=_("Use 0 (no regular reassessment) or more.")),
            MaxValueValidator(
                730, message=_("Use a number no larger than %(top)s.") % {"top": 730}
            ),
        ]

    def other_languages(self) -> list[Any]:
        """The bound fields of the program's words in each other language."""
        return [self[f"terminology_{code}"] for code in OTHER_LANGUAGES]

    def clean_phases_text(self) -> list[str]:
        return parse_phases(self.cleaned_data["phases_text"])

    def clean_terminology_text(self) -> dict[str, str]:
        return self._words("terminology_text")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code in OTHER_LANGUAGES:
            name = f"terminology_{code}"
            try:
                cleaned[name] = self._words(name)
            except ValidationError as problems:
                self.add_error(name, problems)
        return cleaned

    def _words(self, name: str) -> dict[str, str]:
        overrides, problems = parse_overrides(self.cleaned_data.get(name) or "")
        if problems:
            raise ValidationError(problems)
        return overrides

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {name: data[name] for name in self.Meta.fields}
        changes["phases"] = data["phases_text"]
        changes["delivery_modes"] = list(data.get("delivery_modes") or [])
        changes["terminology"] = {
            **data["terminology_text"],
            **{
                code: data[f"terminology_{code}"]
                for code in OTHER_LANGUAGES
                if data.get(f"terminology_{code}")
            },
        }
        changes["sensitive_roles"] = list(data.get("sensitive_roles") or [])
        return changes


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        choices=STAFF_LANGUAGES,
        label=gettext_lazy("The language Waypoint's pages speak to you in"),
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("What will use this token?"),
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )


class StaffForm(forms.Form):
    display_name = forms.CharField(
        max_length=150,
        label=gettext_lazy("Name"),
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    username = forms.CharField(
        max_length=150,
        label=gettext_lazy("Username"),
        help_text=gettext_lazy("What they type to sign in: letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"class": "usa-input", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        help_text=gettext_lazy("We send a link here for them to choose their own password."),
        widget=forms.EmailInput(attrs={"class": "usa-input"}),
    )
    pronouns = forms.CharField(
        max_length=50,
        required=False,
        label=gettext_lazy("Pronouns"),
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )

    def clean_username(self) -> str:
        from django.contrib.auth.validators import UnicodeUsernameValidator

        value: str = self.cleaned_data["username"].strip()
        UnicodeUsernameValidator(
            message=_("Use only letters, digits and @ . + - _ in a username.")
        )(value)
        return value


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=Role.choices,
        label=gettext_lazy("Role"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        label=gettext_lazy("Program"),
        empty_label=gettext_lazy("Whole organization (administrators only)"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programs


class ProgramNewForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label=gettext_lazy("Name"),
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    description = forms.CharField(
        required=False,
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
    )
    phases_text = forms.CharField(
        label=gettext_lazy("Phases of the participant flow"),
        help_text=gettext_lazy(
            "One per line, in order. You can change them, and every other setting, later."
        ),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 5}),
    )

    def clean_phases_text(self) -> list[str]:
        return parse_phases(self.cleaned_data["phases_text"])


CODE_ATTRS = {
    "class": "usa-input usa-input--medium",
    "autocomplete": "one-time-code",
    "autocapitalize": "off",
    "spellcheck": "false",
}


class CodeForm(forms.Form):
    """A code from the authenticator app (or, where it says so, a recovery code)."""

    code = forms.CharField(
        max_length=20,
        label=gettext_lazy("Code from your authenticator app"),
        help_text=gettext_lazy("The 6 digits the app shows for Waypoint now."),
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
    )


class SecondStepForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label=gettext_lazy("Code"),
        help_text=gettext_lazy(
            "The 6 digits your authenticator app shows for Waypoint now, or one of "
            "your recovery codes (each works once)."
        ),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label=gettext_lazy("Code from the app"),
        help_text=gettext_lazy(
            "After you add Waypoint, the app shows 6 digits that change every 30 "
            "seconds. Type the ones it shows now."
        ),
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
    )
    current_code = forms.CharField(
        max_length=20,
        required=False,
        label=gettext_lazy("Code from the app you use now"),
        help_text=gettext_lazy(
            "To replace your app: 6 digits from the old app, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )

    def __init__(self, *args: Any, replacing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if replacing:
            self.fields["current_code"].required = True
        else:
            del self.fields["current_code"]


class OrganizationSecurityForm(forms.Form):
    second_factor_required = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "Ask everyone who can see participant data for a code from an authenticator "
            "app when they sign in"
        ),
        help_text=gettext_lazy(
            "Staff and people at partners who have not set up an app yet are taken "
            "straight to set-up at their next sign-in. API tokens are not affected."
        ),
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )
