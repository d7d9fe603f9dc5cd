"""The participant's own Waypoint (under /my/), and the staff pages that let them in.

Every portal page speaks the participant's language (``PortalLanguageMiddleware``),
works without JavaScript and at 360 px. Thin views: funnel, form, action, render.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from waypoint.access import visible_enrollments
from waypoint.accounts import second_factor
from waypoint.accounts.models import User
from waypoint.accounts.queries import access_for
from waypoint.accounts.throttle import within_limit
from waypoint.accounts.views import SignInView
from waypoint.audit.actions import Entry, record
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.notes.calendar import ics
from waypoint.participants.queries import participant_for
from waypoint.plans.actions import acknowledge
from waypoint.plans.models import PlanVersion, StepStatus, Who
from waypoint.plans.queries import plan_view
from waypoint.portal import actions, queries
from waypoint.portal.forms import (
    AnswerForm,
    InviteForm,
    JoinForm,
    LanguageForm,
    LinkForm,
    LinkSignInForm,
    OwnStepForm,
    PortalAcknowledgeForm,
    SignInForm,
    StopSharingForm,
    SuggestForm,
)
from waypoint.portal.middleware import LANGUAGE_KEY

SHARED_DEVICE_SECONDS = 10 * 60
LINK_SALT = "waypoint.portal.link"
LINK_SECONDS = 15 * 60
CODE_KEY = "wp_portal_code"
LINK_KEY = "wp_portal_link"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _back(request: HttpRequest, fallback: str) -> str:
    """The page a form came from (``next``): a path on this site, else ``fallback``."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False)
    return target if safe and target.startswith("/") else fallback


def _client(request: HttpRequest) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def _signed_in(request: HttpRequest, user: User, *, shared: bool, how: str) -> HttpResponse:
    """Sign the participant in (or hold them for their second step, if they set one up)."""
    if shared:
        request.session.set_expiry(SHARED_DEVICE_SECONDS)
    if second_factor.has_second_factor(user):
        user.backend = BACKEND  # type: ignore[attr-defined]
        second_factor.hold(request, user, reverse("portal_home"))
        return redirect("login_code")
    login(request, user, backend=BACKEND)
    if shared:
        request.session.set_expiry(SHARED_DEVICE_SECONDS)
    record(by=user, action="sign_in", entries=[Entry("staff", str(user.pk), None, {"by": how})])
    return redirect("portal_home")


# --- Coming in ------------------------------------------------------------------------------


class PortalSignInView(SignInView):
    """The same sign-in as staff (lock-out, second step), in the participant's words."""

    template_name = "portal/sign_in.html"
    form_class = SignInForm

    def get_default_redirect_url(self) -> str:
        return reverse("home")  # their own Waypoint for a participant; staff go to work

    def form_valid(self, form: Any) -> HttpResponse:
        if form.cleaned_data.get("shared"):
            self.request.session.set_expiry(SHARED_DEVICE_SECONDS)
        response = super().form_valid(form)
        if form.cleaned_data.get("shared") and self.request.user.is_authenticated:
            self.request.session.set_expiry(SHARED_DEVICE_SECONDS)
        return response


portal_sign_in = PortalSignInView.as_view()


@require_http_methods(["GET"])
def portal_join_link(request: HttpRequest, code: str) -> HttpResponse:
    """The emailed link: keep the code in the session, take it out of the address bar."""
    request.session[CODE_KEY] = actions.clean_code(code)[:40]
    return redirect("portal_join")


@require_http_methods(["GET", "POST"])
def portal_join(request: HttpRequest) -> HttpResponse:
    held = request.session.get(CODE_KEY, "")
    data = request.POST if request.method == "POST" else None
    form = JoinForm(data, initial={"code": held})
    if data is not None and form.is_valid():
        if not within_limit(f"portal-join:{_client(request)}", 30):
            form.add_error(None, gettext("Too many tries. Wait an hour, or ask your navigator."))
        else:
            try:
                user = actions.join(
                    code=form.cleaned_data["code"],
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    email=form.cleaned_data["email"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                request.session.pop(CODE_KEY, None)
                messages.success(request, gettext("Welcome. This is your own Waypoint."))
                return _signed_in(request, user, shared=False, how="invitation")
    status = 400 if form.errors else 200
    return render(request, "portal/join.html", {"form": form, "held": bool(held)}, status=status)


@require_http_methods(["GET", "POST"])
def portal_link(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time sign-in link by email. The answer never says whether the
    address is known."""
    data = request.POST if request.method == "POST" else None
    form = LinkForm(data)
    if data is not None and form.is_valid():
        address = form.cleaned_data["email"]
        if within_limit(f"portal-link-address:{_client(request)}", 20):
            user = User.objects.filter(
                email__iexact=address, participant__isnull=False, is_active=True
            ).first()
            if user is not None and within_limit(f"portal-link:{user.pk}", 5):
                _send_link(request, user)
        return render(request, "portal/link_sent.html")
    status = 400 if form.errors else 200
    return render(request, "portal/link.html", {"form": form}, status=status)


def _link_token(user: User) -> str:
    last = user.last_login.isoformat() if user.last_login else ""
    return signing.dumps({"u": user.pk, "l": last}, salt=LINK_SALT)


def _link_user(token: str) -> User | None:
    """The participant a link is for, while it is fresh and unused (signing in changes
    their last sign-in time, which the link carries, so it works once)."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_SECONDS)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), participant__isnull=False, is_active=True).first()
    if user is None:
        return None
    last = user.last_login.isoformat() if user.last_login else ""
    return user if last == data.get("l") else None


def _send_link(request: HttpRequest, user: User) -> None:
    url = request.build_absolute_uri(reverse("portal_link_open", args=[_link_token(user)]))
    actions.send_sign_in_link(user=user, url=url, minutes=LINK_SECONDS // 60)


@require_http_methods(["GET"])
def portal_link_open(request: HttpRequest, token: str) -> HttpResponse:
    request.session[LINK_KEY] = token[:500]
    return redirect("portal_link_use")


@require_http_methods(["GET", "POST"])
def portal_link_use(request: HttpRequest) -> HttpResponse:
    """The link's page: opening it signs no one in (mail scanners open links); the
    button does."""
    user = _link_user(request.session.get(LINK_KEY, ""))
    if user is None:
        return render(request, "portal/link_used.html", status=400)
    data = request.POST if request.method == "POST" else None
    form = LinkSignInForm(data)
    if data is not None and form.is_valid():
        request.session.pop(LINK_KEY, None)
        return _signed_in(request, user, shared=form.cleaned_data["shared"], how="email link")
    return render(request, "portal/link_use.html", {"form": form})


@require_http_methods(["POST"])
def portal_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        request.session[LANGUAGE_KEY] = language
        if request.user.is_authenticated:
            actions.choose_language(by=request.user, language=language)
    return HttpResponseRedirect(_back(request, reverse("portal_home")))


# --- The participant's pages -----------------------------------------------------------------


@require_http_methods(["GET"])
def portal_home(request: AuthedRequest) -> HttpResponse:
    participant = queries.me(request.user)
    coming, _ = queries.my_appointments(request.user, participant)
    context = {
        "participant": participant,
        "plans": queries.my_plans(request.user, participant),
        "post_plans": queries.my_post_plans(participant),
        "actions": queries.my_actions(request.user, participant),
        "forms": queries.my_forms(participant),
        "today": timezone.localdate(),
        "coming": coming[:3],
        "asks": queries.my_asks(participant)[:5],
    }
    return render(request, "portal/home.html", context)


def _goal_choices(view: Any) -> list[tuple[str, str]]:
    return [
        (
            str(g.goal.key),
            f"{gettext('Goal %(number)s') % {'number': g.number}}: {g.goal.text[:80]}",
        )
        for g in view.goals
    ]


@require_http_methods(["GET"])
def portal_plan(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.my_version(request.user, public_id)
    view = plan_view(request.user, version)
    context = {
        "version": version,
        "plan": view,
        "participant": version.plan.participant,
        "program": version.plan.enrollment.program,
        "versions": queries.my_versions(version),
        "done": StepStatus.DONE,
        "theirs": Who.PARTICIPANT,
        "newest": version.status == PlanVersion.Status.SHARED
        or not version.plan.versions.filter(number__gt=version.number)
        .exclude(status=PlanVersion.Status.DRAFT)
        .exists(),
    }
    return render(request, "portal/plan.html", context)


@require_http_methods(["POST"])
def portal_step_done(request: AuthedRequest, public_id: uuid.UUID, key: uuid.UUID) -> HttpResponse:
    version = queries.my_version(request.user, public_id)
    try:
        actions.claim_done(by=request.user, version=version, step_key=key)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, gettext("Well done! Your navigator will confirm it."))
    return redirect(reverse("portal_plan", args=[version.public_id]) + f"#step-{key}")


@require_http_methods(["POST"])
def portal_own_step_done(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    step = queries.my_own_step(request.user, public_id)
    actions.finish_own_step(by=request.user, step=step)
    messages.success(request, gettext("Well done! Marked as done."))
    version = (
        step.plan.versions.exclude(status=PlanVersion.Status.DRAFT).order_by("-number").first()
    )
    if version is None:
        return redirect("portal_home")
    return redirect(reverse("portal_plan", args=[version.public_id]) + f"#own-{step.public_id}")


@require_http_methods(["GET", "POST"])
def portal_step_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.my_version(request.user, public_id)
    view = plan_view(request.user, version)
    data = request.POST if request.method == "POST" else None
    initial = {"creation_key": uuid.uuid4(), "goal": request.GET.get("goal", "")}
    form = OwnStepForm(data, initial=initial, goals=_goal_choices(view))
    if data is not None and form.is_valid():
        try:
            actions.add_own_step(
                by=request.user,
                version=version,
                goal_key=form.cleaned_data["goal"],
                what=form.cleaned_data["what"],
                due_on=form.cleaned_data["due_on"],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, gettext("Your step is in your plan. Your navigator will see it.")
            )
            return redirect("portal_plan", version.public_id)
    context = {"version": version, "form": form}
    return render(request, "portal/step_add.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def portal_suggest(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.my_version(request.user, public_id)
    view = plan_view(request.user, version)
    data = request.POST if request.method == "POST" else None
    initial = {"creation_key": uuid.uuid4(), "goal": request.GET.get("goal", "")}
    form = SuggestForm(data, initial=initial, goals=_goal_choices(view))
    if data is not None and form.is_valid():
        try:
            actions.suggest_change(
                by=request.user,
                version=version,
                words=form.cleaned_data["words"],
                goal_key=form.cleaned_data["goal"],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, gettext("Sent to your navigator. They will talk it through with you.")
            )
            return redirect("portal_plan", version.public_id)
    context = {"version": version, "form": form}
    return render(request, "portal/suggest.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def portal_acknowledge(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.my_version(request.user, public_id)
    if version.status != PlanVersion.Status.SHARED:
        messages.error(request, gettext("There is nothing to acknowledge in this version."))
        return redirect("portal_plan", version.public_id)
    data = request.POST if request.method == "POST" else None
    form = PortalAcknowledgeForm(data)
    if data is not None and form.is_valid():
        try:
            acknowledge(
                by=request.user,
                version=version,
                typed_name=form.cleaned_data["name"],
                on=timezone.localdate(),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            thanks = gettext("Thank you, %(name)s. This is your plan.")
            messages.success(request, thanks % {"name": form.cleaned_data["name"]})
            return redirect("portal_plan", version.public_id)
    context = {
        "version": version,
        "plan": plan_view(request.user, version),
        "participant": version.plan.participant,
        "form": form,
    }
    return render(request, "portal/acknowledge.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def portal_appointments(request: AuthedRequest) -> HttpResponse:
    participant = queries.me(request.user)
    coming, past = queries.my_appointments(request.user, participant)
    context = {"participant": participant, "coming": coming, "past": past}
    return render(request, "portal/appointments.html", context)


@require_http_methods(["GET"])
def portal_appointment_ics(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    appointment = queries.my_appointment(request.user, public_id)
    address = request.user.email or f"{request.user.username}@invalid"
    response = HttpResponse(ics(appointment, address), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@require_http_methods(["GET", "POST"])
def portal_post_plan(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Their plan for what comes next; a new version waits for them to say yes."""
    from waypoint.closure.actions import acknowledge_post_plan
    from waypoint.closure.actions.post_plan import participant_copy
    from waypoint.closure.models import PostProgramPlan

    plan = queries.my_post_plan(request.user, public_id)
    waiting = plan.status == PostProgramPlan.Status.SHARED
    data = request.POST if request.method == "POST" and waiting else None
    form = PortalAcknowledgeForm(data)
    if data is not None and form.is_valid():
        try:
            acknowledge_post_plan(
                by=request.user,
                plan=plan,
                typed_name=form.cleaned_data["name"],
                on=timezone.localdate(),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            thanks = gettext("Thank you, %(name)s. This plan is yours.")
            messages.success(request, thanks % {"name": form.cleaned_data["name"]})
            return redirect("portal_post_plan", plan.public_id)
    context = {
        **participant_copy(plan),
        "participant": plan.enrollment.participant,
        "form": form,
        "waiting": waiting,
    }
    return render(request, "portal/post_plan.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def portal_form(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Questions their navigator sent, on their own device, in plain words. No script
    needed: "Save" keeps what they wrote, "I'm done" sends it back."""
    from waypoint.assessments.forms import assessment_form

    sent = queries.my_form(request.user, public_id)
    assessment = sent.assessment
    assessment.enrollment = sent.enrollment
    if not sent.is_open or not assessment.is_draft:
        return render(request, "portal/form_closed.html", {"sent": sent})
    data = request.POST if request.method == "POST" else None
    form, sections = assessment_form(
        request.user, assessment, data=data, only=sent.sections, plain=True
    )
    if data is not None:
        problem = None
        version = request.POST.get("version", "")
        if not form.is_valid():
            problem = gettext("Check the answers marked below. Nothing you typed was lost.")
        elif not version.isdigit():
            problem = gettext("This page was out of date: reload it to carry on.")
        else:
            try:
                actions.save_my_answers(
                    by=request.user,
                    sent=sent,
                    sections=form.shown,
                    answers=form.answers(),
                    declined=form.declined(),
                    expected_version=int(version),
                )
                if "done" in request.POST:
                    actions.finish_form(by=request.user, sent=sent)
            except ActionRefused as refused:
                problem = refused.message
        if problem is None:
            if "done" in request.POST:
                messages.success(
                    request, gettext("Thank you. Your navigator can read your answers now.")
                )
                return redirect("portal_home")
            messages.success(request, gettext("Saved. You can come back and carry on."))
            return redirect("portal_form", sent.public_id)
        form.add_error(None, problem)
    context = {
        "sent": sent,
        "assessment": assessment,
        "blocks": form.bound_sections(sections),
        "form": form,
    }
    return render(request, "portal/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def portal_sharing(request: AuthedRequest) -> HttpResponse:
    participant = queries.me(request.user)
    sharing = queries.my_sharing(request.user, participant)
    context = {"participant": participant, "sharing": sharing, "today": timezone.localdate()}
    return render(request, "portal/sharing.html", context)


@require_http_methods(["GET", "POST"])
def portal_consent_stop(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    consent = queries.my_consent(request.user, public_id)
    data = request.POST if request.method == "POST" else None
    form = StopSharingForm(data, initial={"creation_key": uuid.uuid4()})
    if data is not None and form.is_valid():
        try:
            actions.ask_to_stop_sharing(
                by=request.user,
                consent=consent,
                words=form.cleaned_data["words"],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, gettext("Sent. Your navigator will stop the sharing and tell you.")
            )
            return redirect("portal_sharing")
    context = {"consent": consent, "form": form}
    return render(request, "portal/stop_sharing.html", context, status=400 if form.errors else 200)


# --- Staff: letting them in, answering ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def portal_invite(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """A participant's own Waypoint, seen by staff: invite, what they sent, end access."""
    from waypoint.notes.calendar import invitation_address

    participant = participant_for(request.user, public_id, write=request.method == "POST")
    address = invitation_address(participant)
    data = request.POST if request.method == "POST" else None
    form = InviteForm(data)
    code = None
    if data is not None and form.is_valid():
        emailed = form.cleaned_data["how"] == "email"
        if emailed and address is None:
            form.add_error("how", gettext("They have no email address marked safe to use."))
        else:
            try:
                _, code = actions.invite(
                    by=request.user,
                    participant=participant,
                    address=address if emailed else None,
                    link=lambda c: request.build_absolute_uri(
                        reverse("portal_join_link", args=[c])
                    ),
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
    enrollment_ids = list(
        visible_enrollments(request.user)
        .filter(participant=participant)
        .values_list("pk", flat=True)
    )
    context = {
        "participant": participant,
        "standing": queries.standing(participant),
        "form": form,
        "code": code,
        "address": address,
        "join_url": request.build_absolute_uri(reverse("portal_join")),
        "asks": list(queries.asks_of(enrollment_ids)[:50]),
        "answer_form": AnswerForm(),
    }
    status = 400 if form.errors else 200
    return render(request, "portal/staff_invite.html", context, status=status)


@require_http_methods(["POST"])
def portal_form_send(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Send the sections chosen on the hand-over page to the participant's own Waypoint."""
    from waypoint.assessments.forms import HandOverForm, sections_for
    from waypoint.assessments.queries import assessment_for

    assessment = assessment_for(request.user, public_id, write=True)
    sees_private = access_for(request.user).sees_sensitive(assessment.enrollment.program)
    choices = [(s.key, s.title) for s, _ in sections_for(assessment, sees_private=sees_private)]
    form = HandOverForm(request.POST, choices=choices)
    if not form.is_valid():
        messages.error(request, gettext("Choose at least one section to send."))
        return redirect("assessment_handover", assessment.public_id)
    try:
        actions.send_form(
            by=request.user, assessment=assessment, sections=form.cleaned_data["sections"]
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("assessment_handover", assessment.public_id)
    messages.success(
        request,
        gettext(
            "Sent to %(name)s's own Waypoint. You will see on your home page when they are done."
        )
        % {"name": assessment.enrollment.participant.preferred_name},
    )
    return redirect("assessment_detail", assessment.public_id)


@require_http_methods(["POST"])
def portal_access_end(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = participant_for(request.user, public_id, write=True)
    try:
        actions.end_access(by=request.user, participant=participant)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            gettext("%(name)s's own Waypoint no longer lets them in.")
            % {"name": participant.preferred_name},
        )
    return redirect("portal_invite", participant.public_id)


@require_http_methods(["POST"])
def portal_ask_answer(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    ask = queries.ask_for(request.user, public_id, write=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer(
                by=request.user,
                ask=ask,
                outcome=form.cleaned_data["outcome"],
                words=form.cleaned_data["answer"],
            )
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, gettext("Answered %(name)s.") % {"name": ask.participant.preferred_name}
            )
    else:
        messages.error(request, gettext("Choose one of the answers offered."))
    return HttpResponseRedirect(
        _back(request, reverse("portal_invite", args=[ask.participant.public_id]))
    )
