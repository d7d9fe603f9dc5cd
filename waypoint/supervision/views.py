"""The pages of supervision sessions: my sessions, start one, the session (a draft's
edit form for the supervisor who holds it), its printable copy, signing, and agreed
actions (add and remove in a draft, mark done at any time)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.models import Program, User
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants.queries import record_listing
from waypoint.supervision import actions, queries
from waypoint.supervision.forms import AgreedActionForm, SessionForm, StartForm
from waypoint.supervision.models import Session


def _to(session: Session) -> HttpResponse:
    return redirect("supervision_session_detail", public_id=session.public_id)


def _version(request: AuthedRequest) -> int:
    try:
        return int(request.POST.get("edit_version", ""))
    except ValueError:
        return -1


@require_http_methods(["GET"])
def session_list(request: AuthedRequest) -> HttpResponse:
    """The sessions I held, the ones about me, and (managers) those of my programs."""
    sessions = queries.sessions_list(request.user)
    context = {
        "sessions": sessions,
        "can_start": bool(queries.supervised_program_ids(request.user)),
        "user_id": request.user.pk,
    }
    return render(request, "supervision/list.html", context)


@require_http_methods(["GET", "POST"])
def session_new(request: AuthedRequest) -> HttpResponse:
    program_ids = queries.supervised_program_ids(request.user)
    if not program_ids:
        raise Http404("Not available.")
    programs = list(Program.objects.filter(pk__in=program_ids).order_by("name"))
    people = list(queries.supervisable(request.user, program_ids))
    data = request.POST if request.method == "POST" else None
    form = StartForm(data, programs=programs, people=people)
    if data is not None and form.is_valid():
        c = form.cleaned_data
        program = next(p for p in programs if p.pk == c["program"])
        navigator = next((u for u in people if u.pk == c["navigator"]), None)
        try:
            session = actions.start_session(
                by=request.user,
                program=program,
                navigator=navigator,
                held_on=c["held_on"],
                creation_key=c["creation_key"],
            )
        except ActionRefused as refused:
            if refused.field == "creation_key":  # a hidden field: say it atop the form
                refused.field = None
            show_on_form(form, refused)
        else:
            messages.success(request, _("Session started. Write what you discussed."))
            return _to(session)
    context = {"form": form, "creation_key": uuid.uuid4()}
    return render(request, "supervision/new.html", context)


def _context(request: AuthedRequest, session: Session) -> dict[str, Any]:
    shown = queries.discussed_shown(request.user, session)
    hidden = session.discussed.count() - len(shown)
    return {
        "session": session,
        "discussed": shown,
        "discussed_hidden": hidden,
        "agreed": list(session.actions.select_related("owner", "done_by")),
        "is_supervisor": session.supervisor_id == request.user.pk,
        "may_mark_done": request.user.pk in (session.supervisor_id, session.navigator_id),
    }


@require_http_methods(["GET", "POST"])
def session_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The session as it stands; a draft's form for the supervisor who holds it."""
    session = queries.session_for(request.user, public_id)
    context = _context(request, session)
    editing = session.is_draft and context["is_supervisor"]
    write = request.method == "POST"
    if write and not editing:
        messages.error(request, str(actions.FROZEN if not session.is_draft else actions.NOT_YOURS))
        return _to(session)
    status = 200
    form = action_form = None
    listed = list(context["discussed"])
    if editing:
        choices = list(queries.discussable(request.user, session))
        listed += choices
        form = SessionForm(request.POST if write else None, session=session, choices=choices)
        action_form = AgreedActionForm(None, session=session)
        if write:
            if form.is_valid():
                try:
                    actions.save_session(
                        by=request.user,
                        session=session,
                        data=form.to_data(),
                        expected_version=form.cleaned_data["edit_version"],
                    )
                except ActionRefused as refused:
                    show_on_form(form, refused)
                else:
                    messages.success(request, _("Saved."))
                    return _to(session)
            status = 400
    if listed:
        record_listing(
            request.user, {e.participant.pk: e.participant for e in listed}.values(), "list"
        )
    context.update(form=form, action_form=action_form)
    return render(request, "supervision/detail.html", context, status=status)


@require_http_methods(["GET"])
def session_print(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.session_for(request.user, public_id)
    context = _context(request, session)
    if context["discussed"]:
        record_listing(request.user, [e.participant for e in context["discussed"]], "list")
    return render(request, "supervision/print.html", context)


@require_http_methods(["POST"])
def session_sign(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.session_for(request.user, public_id)
    try:
        actions.sign_session(by=request.user, session=session, expected_version=_version(request))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Signed. The agreed actions stay open until they are done."))
    return _to(session)


@require_http_methods(["POST"])
def action_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.session_for(request.user, public_id)
    context = _context(request, session)
    if not (session.is_draft and context["is_supervisor"]):
        messages.error(request, str(actions.FROZEN if not session.is_draft else actions.NOT_YOURS))
        return _to(session)
    action_form = AgreedActionForm(request.POST, session=session)
    if action_form.is_valid():
        c = action_form.cleaned_data
        owner = User.objects.filter(pk=c["owner"]).first()
        try:
            actions.add_agreed_action(
                by=request.user, session=session, what=c["what"], owner=owner, due_on=c["due_on"]
            )
        except ActionRefused as refused:
            show_on_form(action_form, refused)
        else:
            messages.success(request, _("Action added."))
            return _to(session)
    choices = list(queries.discussable(request.user, session))
    form = SessionForm(None, session=session, choices=choices)
    listed = [*context["discussed"], *choices]
    if listed:
        record_listing(
            request.user, {e.participant.pk: e.participant for e in listed}.values(), "list"
        )
    context.update(form=form, action_form=action_form)
    return render(request, "supervision/detail.html", context, status=400)


@require_http_methods(["POST"])
def action_remove(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    agreed = queries.agreed_action_for(request.user, public_id)
    try:
        actions.remove_agreed_action(by=request.user, action=agreed)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Action removed."))
    return _to(agreed.session)


@require_http_methods(["POST"])
def action_done(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    agreed = queries.agreed_action_for(request.user, public_id)
    try:
        actions.mark_action_done(by=request.user, action=agreed)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Marked done."))
    if request.POST.get("back") == "home":
        return redirect("caseload")
    return _to(agreed.session)
