"""Signing in, programs and their settings, personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_http_methods

from waypoint.accounts import actions, second_factor
from waypoint.accounts.forms import (
    LanguageForm,
    ProgramNewForm,
    ProgramSettingsForm,
    RoleForm,
    StaffForm,
    TokenForm,
)
from waypoint.accounts.models import ApiToken, Membership, User
from waypoint.accounts.queries import (
    access_for,
    program_for,
    set_password_link,
    staff_member,
    visible_programs,
)
from waypoint.audit.actions import Entry, record
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        one_step = second_factor.demo_one_step()
        return {**super().get_context_data(**kwargs), "demo_one_step": one_step}

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if second_factor.has_second_factor(user):
            # Not signed in yet: the code page signs them in (see second_factor).
            second_factor.hold(self.request, user, self.get_success_url())
            return redirect("login_code")
        response = super().form_valid(form)
        if second_factor.required_for(user):
            # A grace sign-in: only set-up opens until an app is confirmed.
            self.request.session[second_factor.ENROL_ONLY] = True
            changes = {"second_factor": "set-up"}
            record(by=user, action="sign_in", entries=[Entry("staff", str(user.pk), None, changes)])
            return redirect("mfa_enrol")
        record(by=user, action="sign_in", entries=[Entry("staff", str(user.pk))])
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            record(
                by=request.user, action="sign_out", entries=[Entry("staff", str(request.user.pk))]
            )
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET"])
def health(request: AuthedRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_http_methods(["GET"])
def program_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    programs = [
        {"program": p, "can_manage": access.can_manage(p.pk)}
        for p in visible_programs(request.user).order_by("name")
    ]
    return render(request, "accounts/programs.html", {"programs": programs})


@require_http_methods(["GET", "POST"])
def program_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, manage=True)
    form = ProgramSettingsForm(request.POST if request.method == "POST" else None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_program_settings(
                by=request.user,
                program=program,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"],
            )
        except ActionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Settings for %(name)s saved.") % {"name": program.name})
            return redirect("program_list")
    # The bound form (on errors) must not carry the refreshed instance's values.
    return render(
        request,
        "accounts/program_settings.html",
        {"program": program, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = actions.create_api_token(by=request.user, name=form.cleaned_data["name"])
        except ActionRefused as refused:
            form.add_error("name", refused.message)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    context = {"form": form, "tokens": tokens, "new_key": new_key}
    return render(request, "accounts/tokens.html", context)


def language(request: AuthedRequest) -> HttpResponse:
    """The language Waypoint's pages speak to the signed-in staff member."""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language or "en"})
    if request.method == "POST" and form.is_valid():
        try:
            actions.choose_language(by=request.user, language=form.cleaned_data["language"])
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            # The next page is the first in the new language; say so in it.
            with override(form.cleaned_data["language"]):
                messages.success(request, _("Waypoint now speaks to you in this language."))
            return redirect("account_language")
    return render(request, "accounts/language.html", {"form": form})


@require_http_methods(["POST"])
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    actions.revoke_api_token(by=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens")


@require_http_methods(["GET"])
def staff_list(request: AuthedRequest) -> HttpResponse:
    staff = (
        User.objects.filter(
            organization_id=request.user.organization_id or -1, partner_of=None, participant=None
        )
        .prefetch_related("memberships__program")
        .order_by("-is_active", "display_name", "username")
    )
    return render(request, "accounts/staff_list.html", {"staff": staff})


@require_http_methods(["GET", "POST"])
def staff_new(request: AuthedRequest) -> HttpResponse:
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.invite_staff(
                by=request.user,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                email=form.cleaned_data["email"],
                pronouns=form.cleaned_data["pronouns"],
                set_password_url=set_password_link(request),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request,
                _("%(name)s is added and has an email to choose a password. Now give them a role.")
                % {"name": user},
            )
            return redirect("staff_detail", pk=user.pk)
    return render(
        request, "accounts/staff_new.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def staff_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = staff_member(request.user, pk)
    programs = visible_programs(request.user).order_by("name")
    form = RoleForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            actions.assign_role(
                by=request.user,
                user=person,
                role=form.cleaned_data["role"],
                program=form.cleaned_data.get("program"),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Role given to %(name)s.") % {"name": person})
            return redirect("staff_detail", pk=person.pk)
    memberships = person.memberships.select_related("program").order_by("program__name", "role")
    context = {
        "person": person,
        "form": form,
        "memberships": memberships,
        "app": second_factor.app_of(person),
        "recovery": second_factor.recovery_of(person),
    }
    return render(
        request, "accounts/staff_detail.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["POST"])
def staff_role_revoke(request: AuthedRequest, pk: int, membership_pk: int) -> HttpResponse:
    person = staff_member(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, user=person)
    try:
        actions.revoke_role(by=request.user, membership=membership)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Role removed from %(name)s.") % {"name": person})
    return redirect("staff_detail", pk=person.pk)


@require_http_methods(["POST"])
def staff_active(request: AuthedRequest, pk: int) -> HttpResponse:
    person = staff_member(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        actions.set_staff_active(by=request.user, user=person, active=active)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            (_("%(name)s can sign in again.") if active else _("%(name)s can no longer sign in."))
            % {"name": person},
        )
    return redirect("staff_detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
def program_new(request: AuthedRequest) -> HttpResponse:
    form = ProgramNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert request.user.organization is not None
        from django.core.exceptions import ValidationError

        try:
            program = actions.create_program(
                by=request.user,
                organization=request.user.organization,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                phases=form.cleaned_data["phases_text"],
                delivery_modes=["in_person"],
            )
        except ValidationError as invalid:
            form.add_error(None, " ".join(invalid.messages))
        else:
            messages.success(
                request, _("%(name)s is ready. Adjust its settings below.") % {"name": program.name}
            )
            return redirect("program_settings", pk=program.pk)
    return render(
        request, "accounts/program_new.html", {"form": form}, status=400 if form.errors else 200
    )
