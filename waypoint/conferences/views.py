"""Conference pages for staff: the list, setting one up (who comes, whom to discuss and
why, the privacy check, roles, invitations), the meeting one participant at a time
(timer, contributions, summary, agreements, action items), and signing the minutes.

Each view is thin: the funnel, the form, the action, the page. A refused action puts
its message beside the field and keeps what was typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from waypoint.accounts.models import Program, User
from waypoint.accounts.queries import access_for, visible_programs
from waypoint.conferences import actions, forms, queries
from waypoint.conferences.models import ActionItem, Attendee, Conference, Discussion
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest

SECTIONS = ("details", "people", "agenda", "privacy", "meeting", "minutes")


def _uuid(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _key(raw: Any) -> uuid.UUID:
    """A submitted id, or one that matches nothing."""
    return _uuid(raw) or uuid.UUID(int=0)


def _refused(request: AuthedRequest, refused: ActionRefused) -> None:
    messages.error(request, refused.message)


# --- The list and a new conference -------------------------------------------------------


@require_http_methods(["GET"])
def conference_list(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    found = queries.conferences_for(request.user)
    upcoming = list(
        found.filter(starts_at__gte=now - timedelta(hours=12)).order_by("starts_at", "pk")[:100]
    )
    past = list(
        found.filter(starts_at__lt=now - timedelta(hours=12)).order_by("-starts_at", "-pk")[:100]
    )
    access = access_for(request.user)
    can_plan = any(access.can_write(p.pk) for p in visible_programs(request.user))
    return render(
        request,
        "conferences/list.html",
        {"upcoming": upcoming, "past": past, "can_plan": can_plan},
    )


def _writable_programs(user: User) -> list[Program]:
    access = access_for(user)
    return [p for p in visible_programs(user) if access.can_write(p.pk)]


@require_http_methods(["GET", "POST"])
def conference_new(request: AuthedRequest) -> HttpResponse:
    programs = _writable_programs(request.user)
    initial = {"kind": request.GET.get("kind") or "team", "minutes": 60, "meetings": 6}
    form = forms.ConferenceForm(request.POST or None, programs=programs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        program = next(p for p in programs if p.pk == data["program"])
        try:
            conference = actions.create_conference(
                by=request.user,
                program=program,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                place=data["place"],
                video_link=data["video_link"],
                every=data["every"],
                meetings=data["meetings"] or 1,
                creation_key=data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request,
                _("Planned: %(title)s. Next, who comes and whom to discuss.")
                % {"title": conference.title},
            )
            return redirect("conference_detail", public_id=conference.public_id)
    return render(request, "conferences/new.html", {"form": form, "programs": programs})


# --- One conference -------------------------------------------------------------------------


def _staff_choices(conference: Conference, attendees: list[Attendee]) -> list[User]:
    taken = {a.user_id for a in attendees}
    return list(
        User.objects.filter(
            organization_id=conference.organization_id,
            partner_of__isnull=True,
            participant__isnull=True,
            is_active=True,
        )
        .exclude(pk__in=taken)
        .order_by("display_name", "username")[:300]
    )


def _partner_choices(
    conference: Conference, attendees: list[Attendee]
) -> tuple[list[Any], list[Any]]:
    from waypoint.directory.models import DirectoryContact

    taken = {a.user_id for a in attendees}
    taken_contacts = {a.directory_contact_id for a in attendees}
    accounts = list(
        User.objects.filter(partner_of__owner_id=conference.organization_id, is_active=True)
        .exclude(pk__in=taken)
        .select_related("partner_of")
        .order_by("display_name", "username")[:200]
    )
    contacts = [
        c
        for c in DirectoryContact.objects.filter(
            owner_id=conference.organization_id, organization__isnull=False
        )
        .exclude(name="")
        .select_related("organization")
        .order_by("name")[:300]
        if c.pk not in taken_contacts
    ]
    return accounts, contacts


def _owner_choices(check: queries.Check, discussion: Discussion) -> list[tuple[str, str]]:
    """Staff who attend (and may open the enrollment), and outside attendees cleared to
    hear about this participant; the participant themselves."""
    found = []
    for attendee in check.attendees:
        cell = check.cell(attendee, discussion)
        if not cell.cleared or cell.steps_out:
            continue
        if attendee.kind == Attendee.Kind.STAFF:
            found.append(
                (f"user:{attendee.user_id}", _("%(name)s (staff)") % {"name": attendee.name})
            )
        elif attendee.participant_id == discussion.participant_id:
            found.append(
                (
                    f"attendee:{attendee.public_id}",
                    _("%(name)s (themselves)") % {"name": attendee.name},
                )
            )
        else:
            label = str(attendee.get_kind_display()).lower()
            found.append((f"attendee:{attendee.public_id}", f"{attendee.name} ({label})"))
    navigator = discussion.enrollment.navigator
    if navigator is not None and f"user:{navigator.pk}" not in {k for k, _label in found}:
        found.append(
            (f"user:{navigator.pk}", _("%(name)s (their navigator)") % {"name": navigator})
        )
    return found


def _links(discussion: Discussion) -> list[tuple[str, str]]:
    from waypoint.assessments.models import Need
    from waypoint.plans.models import Goal, PlanVersion

    links = [
        (
            f"need:{n.public_id}",
            _("Need: %(domain)s — %(description)s")
            % {"domain": n.get_domain_display(), "description": n.description[:60]},
        )
        for n in Need.objects.filter(enrollment_id=discussion.enrollment_id)
        .exclude(status="met")
        .order_by("priority", "pk")
    ]
    version = (
        PlanVersion.objects.filter(plan__enrollment_id=discussion.enrollment_id)
        .order_by("-number")
        .first()
    )
    if version is not None:
        links += [
            (f"goal:{g.key}", _("Goal: %(text)s") % {"text": g.text[:80]})
            for g in Goal.objects.filter(version=version).order_by("position", "pk")
        ]
    return links


def _services(conference: Conference) -> list[tuple[str, str]]:
    from waypoint.directory.models import Service

    rows = (
        Service.objects.filter(owner_id=conference.organization_id)
        .exclude(status__in=(Service.Status.DEFUNCT, Service.Status.INACTIVE))
        .select_related("organization")
        .order_by("name")[:300]
    )
    return [(str(s.hsds_id), f"{s.name} ({s.organization.name})") for s in rows]


def _detail(request: AuthedRequest, conference: Conference, **bound: Any) -> HttpResponse:
    """The conference page: set-up, privacy check, the agenda, attendance and minutes."""
    user = request.user
    access = access_for(user)
    can_run = queries.may_run(access, conference, user)
    open_ = not conference.signed and not conference.cancelled
    check = queries.privacy_check(conference)
    shown, hidden = queries.visible_discussions(user, conference)
    queries.record_discussions_read(user, conference, shown)
    visible_ids = {d.pk for d in shown}
    rows = []
    for d, cells in check.rows():
        if d.pk in visible_ids:
            blockers = check.blockers(d)
            rows.append((d, cells, blockers, _names(a for a, _cell in blockers)))
    attendees = check.attendees
    context: dict[str, Any] = {
        "conference": conference,
        "attendees": attendees,
        "discussions": shown,
        "hidden": hidden,
        "rows": rows,
        "can_run": can_run,
        "open": open_,
        "me": next((a for a in attendees if a.user_id == user.pk), None),
        "budget": sum(d.budget_minutes for d in check.discussions),
        "used": sum(d.elapsed_seconds for d in check.discussions) // 60,
        "missing": actions.missing_for_signing(conference, check, visible_ids) if open_ else [],
        "addenda": list(conference.addenda.select_related("written_by", "discussion__participant")),
        "follow_ups": list(conference.follow_ups.all()),
        "plan_version": _plan_version(conference),
        "series": list(conference.series.meetings.order_by("starts_at"))
        if conference.series is not None
        else [],
    }
    if can_run and open_:
        staff = _staff_choices(conference, attendees)
        accounts, contacts = _partner_choices(conference, attendees)
        people = [
            d.participant
            for d in shown
            if not any(a.participant_id == d.participant_id for a in attendees)
        ]
        context.update(
            edit_form=bound.get("edit_form")
            or forms.EditForm(
                initial={
                    "title": conference.title,
                    "starts_at": timezone.localtime(conference.starts_at),
                    "minutes": conference.minutes,
                    "place": conference.place,
                    "video_link": conference.video_link,
                    "version": conference.version,
                }
            ),
            staff_form=bound.get("staff_form") or forms.StaffAttendeeForm(staff=staff),
            partner_form=bound.get("partner_form")
            or forms.PartnerAttendeeForm(accounts=accounts, contacts=contacts),
            person_form=bound.get("person_form")
            or forms.PersonAttendeeForm(initial={"kind": "family"}),
            participant_form=bound.get("participant_form")
            or (forms.ParticipantAttendeeForm(people=people) if people else None),
            roles_form=bound.get("roles_form") or forms.RolesForm(attendees=attendees),
            discussion_form=bound.get("discussion_form")
            or forms.DiscussionForm(enrollments=queries.discussable(user, conference)),
            suggestions=queries.suggestions(user, conference),
            attendance_form=bound.get("attendance_form")
            or forms.AttendanceForm(attendees=attendees),
            cancel_form=forms.CancelForm(),
            rules_form=bound.get("rules_form")
            or (
                forms.GroundRulesForm(
                    initial={
                        "rules": "\n".join(conference.ground_rules),
                        "version": conference.version,
                    }
                )
                if conference.is_family
                else None
            ),
        )
    if can_run and conference.signed:
        context["addendum_form"] = bound.get("addendum_form") or forms.AddendumForm(
            discussions=shown
        )
    if can_run and not conference.cancelled:
        context["follow_up_form"] = bound.get("follow_up_form") or forms.FollowUpForm()
    return render(request, "conferences/detail.html", context, status=400 if bound else 200)


def _names(attendees: Iterable[Attendee]) -> str:
    """Attendees' names in a list, for a sentence."""
    return ", ".join(a.name for a in attendees)


def _plan_version(conference: Conference) -> int:
    """Which version of the plan this meeting records: one more than the meeting it
    follows up (a family conference's monitoring meetings adjust the plan)."""
    number, earlier = 1, conference.follows_id
    while earlier is not None and number < 100:
        number += 1
        earlier = Conference.objects.filter(pk=earlier).values_list("follows_id", flat=True).first()
    return number


@require_http_methods(["GET"])
def conference_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id)
    return _detail(request, conference)


def _attempt(
    request: AuthedRequest,
    conference: Conference,
    form: Any,
    key: str,
    run: Any,
    done: str,
    anchor: str,
) -> HttpResponse:
    """Validate ``form``, run the action; on refusal show the page with the form kept."""
    return _submit(
        request,
        form,
        run,
        done,
        f"{conference_url(conference)}#{anchor}",
        lambda: _detail(request, conference, **{key: form}),
    )


def _submit(
    request: AuthedRequest, form: Any, run: Any, done: str, where: str, again: Any
) -> HttpResponse:
    """The one shape of every form post here: valid and accepted, go to ``where``;
    otherwise ``again()`` shows the page with the form as typed and the reason."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            if done:
                messages.success(request, done)
            return redirect(where)
    return again()  # type: ignore[no-any-return]


def conference_url(conference: Conference) -> str:
    from django.urls import reverse

    return reverse("conference_detail", kwargs={"public_id": conference.public_id})


@require_http_methods(["POST"])
def conference_edit(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    form = forms.EditForm(request.POST)

    def run(data: dict[str, Any]) -> None:
        actions.update_conference(
            by=request.user, conference=conference, expected_version=data["version"], data=data
        )

    return _attempt(request, conference, form, "edit_form", run, _("Saved."), "details")


@require_http_methods(["POST"])
def conference_ground_rules(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    form = forms.GroundRulesForm(request.POST)

    def run(data: dict[str, Any]) -> None:
        rules = [line for line in data["rules"].splitlines() if line.strip()]
        values = {
            "title": conference.title,
            "starts_at": conference.starts_at,
            "minutes": conference.minutes,
            "place": conference.place,
            "video_link": conference.video_link,
            "ground_rules": rules,
        }
        updated = actions.update_conference(
            by=request.user, conference=conference, expected_version=data["version"], data=values
        )
        if data["agreed"]:
            actions.agree_ground_rules(by=request.user, conference=updated)

    return _attempt(request, conference, form, "rules_form", run, _("Ground rules saved."), "rules")


ADDED = gettext_lazy("Added to the list.")


@require_http_methods(["POST"])
def conference_staff_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    staff = _staff_choices(conference, list(conference.attendees.all()))
    form = forms.StaffAttendeeForm(request.POST, staff=staff)

    def run(data: dict[str, Any]) -> None:
        user = next(u for u in staff if u.pk == data["user"])
        actions.add_attendee(
            by=request.user,
            conference=conference,
            kind="staff",
            user=user,
            creation_key=data["creation_key"],
        )

    return _attempt(request, conference, form, "staff_form", run, str(ADDED), "people")


@require_http_methods(["POST"])
def conference_partner_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    accounts, contacts = _partner_choices(conference, list(conference.attendees.all()))
    form = forms.PartnerAttendeeForm(request.POST, accounts=accounts, contacts=contacts)

    def run(data: dict[str, Any]) -> None:
        what, _colon, pk = data["person"].partition(":")
        if what == "user":
            found = next(u for u in accounts if str(u.pk) == pk)
            actions.add_attendee(
                by=request.user,
                conference=conference,
                kind="partner",
                user=found,
                creation_key=data["creation_key"],
            )
        else:
            contact = next(c for c in contacts if str(c.pk) == pk)
            actions.add_attendee(
                by=request.user,
                conference=conference,
                kind="partner",
                directory_contact=contact,
                creation_key=data["creation_key"],
            )

    return _attempt(request, conference, form, "partner_form", run, str(ADDED), "people")


@require_http_methods(["POST"])
def conference_person_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """A family member, a supporter or a resource person, named on the form."""
    conference = queries.conference_for(request.user, public_id, write=True)
    form = forms.PersonAttendeeForm(request.POST)

    def run(data: dict[str, Any]) -> None:
        actions.add_attendee(
            by=request.user,
            conference=conference,
            kind=data["kind"],
            name=data["name"],
            email=data["email"],
            relationship=data["relationship"],
            creation_key=data["creation_key"],
        )

    return _attempt(request, conference, form, "person_form", run, str(ADDED), "people")


@require_http_methods(["POST"])
def conference_participant_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """A participant on the agenda comes to the meeting."""
    conference = queries.conference_for(request.user, public_id, write=True)
    shown, _hidden = queries.visible_discussions(request.user, conference)
    people = [d.participant for d in shown]
    form = forms.ParticipantAttendeeForm(request.POST, people=people)

    def run(data: dict[str, Any]) -> None:
        person = next(p for p in people if str(p.public_id) == data["participant"])
        actions.add_attendee(
            by=request.user,
            conference=conference,
            kind="participant",
            participant=person,
            email=data["email"],
            creation_key=data["creation_key"],
        )

    return _attempt(request, conference, form, "participant_form", run, str(ADDED), "people")


@require_http_methods(["POST"])
def conference_attendee_remove(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    attendee = conference.attendees.filter(public_id=_key(request.POST.get("attendee"))).first()
    if attendee is None:
        messages.error(request, _("That person is not on this conference's list."))
    else:
        try:
            actions.remove_attendee(by=request.user, attendee=attendee)
        except ActionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("%(name)s is off the list.") % {"name": attendee.name})
    return redirect(f"{conference_url(conference)}#people")


@require_http_methods(["POST"])
def conference_roles(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    attendees = list(conference.attendees.all())
    form = forms.RolesForm(request.POST, attendees=attendees)
    by_id = {str(a.public_id): a for a in attendees}

    def run(data: dict[str, Any]) -> None:
        actions.assign_roles(
            by=request.user,
            conference=conference,
            facilitator=by_id.get(data["facilitator"]),
            timekeeper=by_id.get(data["timekeeper"]),
            notetaker=by_id.get(data["notetaker"]),
        )

    return _attempt(request, conference, form, "roles_form", run, _("Roles saved."), "people")


@require_http_methods(["POST"])
def conference_discussion_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    enrollments = queries.discussable(request.user, conference)
    form = forms.DiscussionForm(request.POST, enrollments=enrollments)

    def run(data: dict[str, Any]) -> None:
        enrollment = next(e for e in enrollments if str(e.public_id) == data["enrollment"])
        actions.add_discussion(
            by=request.user,
            conference=conference,
            enrollment=enrollment,
            reason=data["reason"],
            budget_minutes=data["budget_minutes"],
            staff_only=data["staff_only"],
            creation_key=data["creation_key"],
        )

    return _attempt(
        request, conference, form, "discussion_form", run, _("On the agenda."), "agenda"
    )


@require_http_methods(["POST"])
def conference_invite(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    try:
        sent = actions.send_invitations(by=request.user, conference=conference)
    except ActionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(
            request,
            ngettext(
                "Invitations sent to %(n)s person, each with a calendar file and their agenda.",
                "Invitations sent to %(n)s people, each with a calendar file and their agenda.",
                sent,
            )
            % {"n": sent},
        )
    return redirect(f"{conference_url(conference)}#people")


@require_http_methods(["POST"])
def conference_cancel(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel_conference(
                by=request.user, conference=conference, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Cancelled. Everyone invited is sent the cancellation."))
    else:
        messages.error(request, _("Keep the reason under 500 characters."))
    return redirect(conference_url(conference))


@require_http_methods(["POST"])
def conference_attendance(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    form = forms.AttendanceForm(request.POST, attendees=list(conference.attendees.all()))

    def run(data: dict[str, Any]) -> None:
        actions.record_attendance(by=request.user, conference=conference, attendance=form.values())

    return _attempt(
        request, conference, form, "attendance_form", run, _("Attendance saved."), "attendance"
    )


@require_http_methods(["POST"])
def conference_sign(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    try:
        actions.sign_minutes(by=request.user, conference=conference)
    except ActionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Minutes signed. Action items went to their owners."))
    return redirect(f"{conference_url(conference)}#minutes")


@require_http_methods(["POST"])
def conference_addendum(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    shown, _hidden = queries.visible_discussions(request.user, conference)
    form = forms.AddendumForm(request.POST, discussions=shown)

    def run(data: dict[str, Any]) -> None:
        about = next((d for d in shown if str(d.public_id) == data["discussion"]), None)
        actions.add_minutes_addendum(
            by=request.user,
            conference=conference,
            discussion=about,
            text=data["text"],
            creation_key=data["creation_key"],
        )

    return _attempt(
        request, conference, form, "addendum_form", run, _("Addendum added."), "minutes"
    )


@require_http_methods(["POST"])
def conference_follow_up(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    conference = queries.conference_for(request.user, public_id, write=True)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow = actions.schedule_follow_up(
                by=request.user,
                conference=conference,
                starts_at=form.cleaned_data["starts_at"],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, _("Follow-up meeting planned with the same people and participants.")
            )
            return redirect("conference_detail", public_id=follow.public_id)
    return _detail(request, conference, follow_up_form=form)


# --- One participant in the meeting --------------------------------------------------------


def _meeting(request: AuthedRequest, discussion: Discussion, **bound: Any) -> HttpResponse:
    user = request.user
    conference = discussion.conference
    access = access_for(user)
    can_run = queries.may_run(access, conference, user)
    open_ = not conference.signed and not conference.cancelled
    check = queries.privacy_check(conference)
    here = next(d for d in check.discussions if d.pk == discussion.pk)
    sensitive_ok = access.sees_sensitive(discussion.enrollment.program)
    contributions = list(discussion.contributions.select_related("attendee", "written_by"))
    items = list(
        discussion.action_items.select_related("owner_user", "owner_attendee", "need", "service")
    )
    shown_contributions = [c for c in contributions if sensitive_ok or not c.sensitive_categories]
    shown_items = [i for i in items if sensitive_ok or not i.sensitive_categories]
    present = [a for a in check.attendees if a.present and not check.cell(a, here).steps_out]
    counts, waiting, round_ = queries.spoken(conference, discussion, present)
    me = next((a for a in check.attendees if a.user_id == user.pk), None)
    carried = queries.open_items_before(discussion)
    names = _goal_names(discussion)
    for item in items:
        item.goal_name = names.get(str(item.goal_key), "")  # type: ignore[attr-defined]
    elapsed = discussion.elapsed_seconds
    if discussion.timer_started_at is not None:
        elapsed += max(0, int((timezone.now() - discussion.timer_started_at).total_seconds()))
    total = sum(d.elapsed_seconds for d in check.discussions) + elapsed - discussion.elapsed_seconds
    context: dict[str, Any] = {
        "conference": conference,
        "discussion": discussion,
        "participant": discussion.participant,
        "enrollment": discussion.enrollment,
        "cells": [(a, check.cell(a, here)) for a in check.attendees],
        "blockers": check.blockers(here),
        "blocker_names": _names(a for a, _cell in check.blockers(here)),
        "can_run": can_run,
        "open": open_,
        "sensitive_ok": sensitive_ok,
        "summary_hidden": bool(discussion.sensitive_categories) and not sensitive_ok,
        "contributions": shown_contributions,
        "held_back": len(contributions) - len(shown_contributions) + len(items) - len(shown_items),
        "items": shown_items,
        "carried": [i for i in carried if sensitive_ok or not i.sensitive_categories],
        "spoken": [(a, counts.get(a.pk, 0)) for a in present],
        "waiting": waiting,
        "waiting_names": _names(waiting),
        "round": round_,
        "agreements": list(discussion.agreements.select_related("attendee")),
        "is_timekeeper": bool(me and (me.timekeeper or me.facilitator)),
        "running": discussion.timer_started_at is not None,
        "elapsed": elapsed,
        "elapsed_label": _("%(minutes)d min %(seconds)02d s")
        % {"minutes": elapsed // 60, "seconds": elapsed % 60},
        "over": elapsed > discussion.budget_minutes * 60,
        "used_minutes": total // 60,
        "others": [d for d in queries.visible_discussions(user, conference)[0]],
        "budget_seconds": discussion.budget_minutes * 60,
        "addenda": [
            a
            for a in conference.addenda.select_related("written_by")
            if a.discussion_id == discussion.pk
        ],
    }
    if can_run and open_:
        speakers = (
            waiting + [a for a in present if a not in waiting] if conference.is_family else present
        )
        context.update(
            edit_form=bound.get("edit_form")
            or forms.DiscussionEditForm(
                initial={
                    "reason": discussion.reason,
                    "budget_minutes": discussion.budget_minutes,
                    "staff_only": discussion.staff_only,
                    "version": discussion.version,
                }
            ),
            contribution_form=bound.get("contribution_form")
            or forms.ContributionForm(speakers=speakers),
            summary_form=bound.get("summary_form")
            or (
                forms.SummaryForm(
                    initial={
                        "strengths": discussion.strengths,
                        "barriers": discussion.barriers,
                        "service_needs": discussion.service_needs,
                        "confirmed": discussion.summary_confirmed,
                        "sensitive": discussion.sensitive_categories,
                        "version": discussion.version,
                    }
                )
                if not context["summary_hidden"]
                else None
            ),
            item_form=bound.get("item_form")
            or forms.ActionItemForm(
                owners=_owner_choices(check, here),
                links=_links(discussion),
                services=_services(conference),
            ),
            agreement_form=bound.get("agreement_form")
            or (forms.AgreementForm(attendees=present) if conference.is_family else None),
        )
    return render(request, "conferences/discussion.html", context, status=400 if bound else 200)


def _goal_names(discussion: Discussion) -> dict[str, str]:
    from waypoint.plans.models import Goal

    keys = [i.goal_key for i in discussion.action_items.all() if i.goal_key]
    if not keys:
        return {}
    goals = Goal.objects.filter(
        version__plan__enrollment_id=discussion.enrollment_id, key__in=keys
    ).order_by("version__number")
    return {str(g.key): g.text for g in goals}


def discussion_url(discussion: Discussion) -> str:
    from django.urls import reverse

    return reverse("discussion_detail", kwargs={"public_id": discussion.public_id})


@require_http_methods(["GET"])
def discussion_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id)
    return _meeting(request, discussion)


def _attempt_here(
    request: AuthedRequest,
    discussion: Discussion,
    form: Any,
    key: str,
    run: Any,
    done: str,
    anchor: str,
) -> HttpResponse:
    return _submit(
        request,
        form,
        run,
        done,
        f"{discussion_url(discussion)}#{anchor}",
        lambda: _meeting(request, discussion, **{key: form}),
    )


@require_http_methods(["POST"])
def discussion_edit(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id, write=True)
    form = forms.DiscussionEditForm(request.POST)

    def run(data: dict[str, Any]) -> None:
        actions.update_discussion(
            by=request.user,
            discussion=discussion,
            expected_version=data["version"],
            reason=data["reason"],
            budget_minutes=data["budget_minutes"],
            staff_only=data["staff_only"],
        )

    if request.POST.get("back") == "conference" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ActionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{conference_url(discussion.conference)}#privacy")
    return _attempt_here(request, discussion, form, "edit_form", run, _("Saved."), "about")


@require_http_methods(["POST"])
def discussion_remove(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id, write=True)
    conference = discussion.conference
    try:
        actions.remove_discussion(by=request.user, discussion=discussion)
    except ActionRefused as refused:
        _refused(request, refused)
        return redirect(discussion_url(discussion))
    messages.success(
        request,
        _("%(name)s is off the agenda.") % {"name": discussion.participant.preferred_name},
    )
    return redirect(f"{conference_url(conference)}#agenda")


@require_http_methods(["POST"])
def discussion_timer(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id, write=True)
    try:
        if request.POST.get("timer") == "start":
            actions.start_timer(by=request.user, discussion=discussion)
        else:
            actions.stop_timer(by=request.user, discussion=discussion)
    except ActionRefused as refused:
        _refused(request, refused)
    return redirect(f"{discussion_url(discussion)}#timer")


def _attendee(discussion: Discussion, raw: Any) -> Attendee | None:
    return discussion.conference.attendees.filter(public_id=_key(raw)).first()


@require_http_methods(["POST"])
def discussion_contribution(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id, write=True)
    speakers = list(discussion.conference.attendees.all())
    form = forms.ContributionForm(request.POST, speakers=speakers)

    def run(data: dict[str, Any]) -> None:
        attendee = next(a for a in speakers if str(a.public_id) == data["attendee"])
        actions.add_contribution(
            by=request.user,
            discussion=discussion,
            attendee=attendee,
            strengths=data["strengths"],
            barriers=data["barriers"],
            ideas=data["ideas"],
            sensitive=data["sensitive"],
            creation_key=data["creation_key"],
        )

    return _attempt_here(
        request, discussion, form, "contribution_form", run, _("Recorded."), "contributions"
    )


@require_http_methods(["POST"])
def discussion_summary(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id, write=True)
    form = forms.SummaryForm(request.POST)

    def run(data: dict[str, Any]) -> None:
        actions.save_summary(
            by=request.user,
            discussion=discussion,
            expected_version=data["version"],
            strengths=data["strengths"],
            barriers=data["barriers"],
            service_needs=data["service_needs"],
            confirmed=data["confirmed"],
            sensitive=data["sensitive"],
        )

    return _attempt_here(
        request, discussion, form, "summary_form", run, _("Summary saved."), "summary"
    )


@require_http_methods(["POST"])
def discussion_agreement(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id, write=True)
    attendees = list(discussion.conference.attendees.all())
    form = forms.AgreementForm(request.POST, attendees=attendees)

    def run(data: dict[str, Any]) -> None:
        attendee = next(a for a in attendees if str(a.public_id) == data["attendee"])
        actions.record_agreement(
            by=request.user,
            discussion=discussion,
            attendee=attendee,
            answer=data["answer"],
            words=data["words"],
        )

    return _attempt_here(
        request, discussion, form, "agreement_form", run, _("Recorded."), "agreement"
    )


@require_http_methods(["POST"])
def discussion_action_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    discussion = queries.discussion_for(request.user, public_id, write=True)
    conference = discussion.conference
    check = queries.privacy_check(conference)
    here = next(d for d in check.discussions if d.pk == discussion.pk)
    owners = _owner_choices(check, here)
    form = forms.ActionItemForm(
        request.POST, owners=owners, links=_links(discussion), services=_services(conference)
    )

    def run(data: dict[str, Any]) -> None:
        from waypoint.assessments.models import Need
        from waypoint.directory.models import Service

        what, _colon, ref = data["owner"].partition(":")
        owner_user = User.objects.filter(pk=int(ref)).first() if what == "user" else None
        owner_attendee = _attendee(discussion, ref) if what == "attendee" else None
        kind, _colon, link = data["link"].partition(":")
        need = (
            Need.objects.filter(
                enrollment_id=discussion.enrollment_id, public_id=_key(link)
            ).first()
            if kind == "need"
            else None
        )
        service = (
            Service.objects.filter(
                owner_id=conference.organization_id, hsds_id=_key(data["service"])
            ).first()
            if data["service"]
            else None
        )
        actions.add_action_item(
            by=request.user,
            discussion=discussion,
            what=data["what"],
            due_on=data["due_on"],
            owner_user=owner_user,
            owner_attendee=owner_attendee,
            need=need,
            goal_key=_uuid(link) if kind == "goal" else None,
            service=service,
            sensitive=data["sensitive"],
            creation_key=data["creation_key"],
        )

    return _attempt_here(
        request, discussion, form, "item_form", run, _("Action item added."), "actions"
    )


@require_http_methods(["POST"])
def action_item_remove(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    item: ActionItem = queries.action_item_for(request.user, public_id, write=True)
    try:
        actions.remove_action_item(by=request.user, item=item)
    except ActionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Action item removed."))
    return redirect(f"{discussion_url(item.discussion)}#actions")
