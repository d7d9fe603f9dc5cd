"""Signing in, programs and their settings, personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from waypoint.accounts import actions
from waypoint.accounts.forms import ProgramSettingsForm, TokenForm
from waypoint.accounts.models import ApiToken
from waypoint.accounts.queries import access_for, program_for, visible_programs
from waypoint.audit.actions import Entry, record
from waypoint.errors import ActionRefused
from waypoint.http import AuthedRequest


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
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
            messages.success(request, f"Settings for {program.name} saved.")
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


@require_http_methods(["POST"])
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    actions.revoke_api_token(by=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("api_tokens")
