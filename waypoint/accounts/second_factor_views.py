"""The second sign-in step: the code page, set-up, one's own settings, the
administrator's reset and the organization's requirement."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from waypoint.accounts import actions
from waypoint.accounts import second_factor as sf
from waypoint.accounts.forms import CodeForm, EnrolForm, OrganizationSecurityForm, SecondStepForm
from waypoint.accounts.language import language_of
from waypoint.accounts.queries import staff_member
from waypoint.audit.actions import Entry, record
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest

WRONG_CODE = gettext_lazy(
    "That code didn't work. Type the 6 digits your authenticator app shows for Waypoint "
    "now, or one of your recovery codes. After several wrong tries sign-in pauses for a "
    "while, to keep the account safe."
)
WAIT = gettext_lazy(
    "Several wrong codes in a row: wait a few seconds, then type the code the app shows "
    "at that moment."
)


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step two: the password was right; a code from the app (or a recovery code)
    signs the person in. Wrong codes count toward the same lock-out as passwords."""
    if request.user.is_authenticated:
        return redirect("home")
    held = sf.pending(request)
    if held is None:
        messages.error(request, _("Sign in again: the code page waits only a few minutes."))
        return redirect("login")
    # The page speaks the language of the person signing in (a participant's own,
    # a staff member's choice), though they are not signed in yet.
    translation.activate(language_of(held.user))
    request.LANGUAGE_CODE = translation.get_language()
    if sf.is_locked(request, held.user):
        return sf.lockout_response(request, held.user)
    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        app = sf.app_of(held.user)
        throttled = app is not None and not app.verify_is_allowed()[0]
        method = actions.check_code(user=held.user, code=form.cleaned_data["code"])
        if method is None:
            sf.count_failure(request, held.user)  # at the limit, axes answers instead
            form.add_error("code", WAIT if throttled else WRONG_CODE)
        else:
            request.session.pop(sf.PENDING, None)
            login(request, held.user, backend=held.backend)
            record(
                by=held.user,
                action="sign_in",
                entries=[Entry("staff", str(held.user.pk), None, {"second_factor": method})],
            )
            if method == "recovery":
                left = sf.recovery_left(held.user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; it no longer works. %(left)s "
                        "left: make new ones from “Sign-in security” when you can.",
                        "You signed in with a recovery code; it no longer works. %(left)s "
                        "left: make new ones from “Sign-in security” when you can.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(held.next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    response = render(request, "registration/second_step.html", {"form": form})
    response["Content-Language"] = request.LANGUAGE_CODE
    return response


def _codes_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    text = "{}\n{}\n\n{}\n".format(
        _("Waypoint recovery codes for %(username)s") % {"username": request.user.get_username()},
        _("Each code works once."),
        "\n".join(codes),
    )
    context = {
        "codes": codes,
        "first": first,
        "download": "data:text/plain;charset=utf-8," + quote(text),
    }
    return render(request, "accounts/recovery_codes.html", context)


@require_http_methods(["GET", "POST"])
def enrol(request: AuthedRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: scan the code or type the key, then
    confirm with the first code the app shows. The key waits in the session until then."""
    user = request.user
    replacing = sf.has_second_factor(user)
    key = request.session.get(sf.NEW_KEY)
    if not isinstance(key, str):
        key = sf.new_key()
        request.session[sf.NEW_KEY] = key
    form = EnrolForm(request.POST or None, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.enrol_app(
                by=user,
                key=key,
                code=form.cleaned_data["code"],
                current_code=form.cleaned_data.get("current_code", ""),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            request.session.pop(sf.NEW_KEY, None)
            request.session.pop(sf.ENROL_ONLY, None)
            messages.success(request, _("Your authenticator app is set up."))
            return _codes_page(request, codes, first=True)
    url = sf.config_url(user, key)
    context = {
        "form": form,
        "replacing": replacing,
        "grace": bool(request.session.get(sf.ENROL_ONLY)),
        "qr": sf.qr_svg(url),
        "secret": sf.grouped_secret(key),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "accounts/second_step_enrol.html", context)


@require_http_methods(["GET"])
def account(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "app": sf.app_of(user),
        "recovery_left": sf.recovery_left(user),
        "required": sf.required_for(user),
        "form": CodeForm(),
    }
    return render(request, "accounts/second_step.html", context)


@require_http_methods(["POST"])
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the 6 digits your app shows now to make new codes."))
        return redirect("mfa_account")
    try:
        codes = actions.renew_recovery_codes(by=request.user, code=form.cleaned_data["code"])
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("mfa_account")
    messages.success(request, _("New recovery codes are ready; the old ones no longer work."))
    return _codes_page(request, codes, first=False)


@require_http_methods(["POST"])
def turn_off(request: AuthedRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the 6 digits your app shows now to turn it off."))
        return redirect("mfa_account")
    try:
        actions.turn_off_second_factor(by=request.user, code=form.cleaned_data["code"])
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The second step is off: you sign in with your password."))
    return redirect("mfa_account")


@require_http_methods(["POST"])
def staff_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    person = staff_member(request.user, pk)
    try:
        actions.reset_second_factor(by=request.user, user=person)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "%(name)s's second step is reset; they set up an app at their next sign-in. "
                "We emailed them to say so."
            )
            % {"name": person},
        )
    return redirect("staff_detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
def organization_security(request: AuthedRequest) -> HttpResponse:
    organization = request.user.organization
    assert organization is not None
    initial = {"second_factor_required": organization.second_factor_required}
    data = request.POST if request.method == "POST" else None  # unticked: an empty form
    form = OrganizationSecurityForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["second_factor_required"]
        actions.set_second_factor_required(by=request.user, required=required)
        messages.success(
            request,
            _("Everyone who can see participant data now signs in with a code from an app.")
            if required
            else _("A second step at sign-in is now up to each person."),
        )
        return redirect("organization_security")
    return render(request, "accounts/organization_security.html", {"form": form})
