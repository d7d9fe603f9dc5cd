"""The navigator's home and the supervisor's overview."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for, visible_programs
from waypoint.approvals import queries as approval_queries
from waypoint.caseload import downloads, queries
from waypoint.caseload.forms import CaseloadFilterForm
from waypoint.closure import home as endings_home
from waypoint.conferences import outcomes as conference_outcomes
from waypoint.consent import queries as consent_queries
from waypoint.http import AuthedRequest
from waypoint.notes import queries as note_queries
from waypoint.participants.queries import record_listing
from waypoint.portal import queries as portal_queries
from waypoint.referrals import queries as referral_queries


@require_http_methods(["GET"])
def home(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    if access.partner_provider_id is not None:
        return redirect("partner_home")
    if access.participant_id is not None:
        return redirect("portal_home")
    if access.roles & {"navigator", "staff"}:
        return redirect("caseload")
    if access.roles & {"admin", "manager", "supervisor", "auditor"}:
        return redirect("supervision")
    return redirect("caseload")


@require_http_methods(["GET", "POST"])
def caseload(request: AuthedRequest) -> HttpResponse:
    """My caseload. Filters post (so names typed never land in a URL or a log)."""
    programs = list(visible_programs(request.user))
    form = CaseloadFilterForm(
        request.POST if request.method == "POST" else None,
        programs=programs,
        phases=queries.phase_choices(programs),
    )
    fmt = request.POST.get("download") if request.method == "POST" else None
    if downloads.offered(fmt) and form.is_valid():
        # Every matching row, not the first 200; invalid filters show the page's errors.
        return downloads.caseload_file(request.user, form.filters(), str(fmt))
    found = queries.my_caseload(request.user, form.filters())
    roles = access_for(request.user).roles
    context: dict[str, Any] = {
        "form": form,
        "caseload": found,
        "programs": programs,
        "xlsx": downloads.offered("xlsx"),
        # An empty caseload is told apart for those who oversee others' work.
        "oversees": bool(roles & {"admin", "manager", "supervisor"}),
        "review_open": form.filters().due == "overdue",
    }
    template = "caseload/caseload.html"
    shown = [r.enrollment.participant for r in found.rows]
    if request.htmx:
        template += "#rows"
    else:
        user, today = request.user, timezone.localdate()
        # One question first: which of the home's lists have anything today.
        present = queries.with_rows(
            user.organization_id,
            {
                "ending": consent_queries.ending_soon_filter(user),
                "incoming": referral_queries.sent_to_my_programs_filter(user),
                "approvals": approval_queries.mine_filter(user),
                "from_portal": portal_queries.open_asks_filter(user),
                **conference_outcomes.follow_up_filters(user, today),
                **endings_home.navigator_filters(user, today),
            },
        )
        home = note_queries.my_home(user)
        ending = consent_queries.ending_soon(user) if "ending" in present else []
        incoming = referral_queries.sent_to_my_programs(user) if "incoming" in present else []
        follow_up = conference_outcomes.follow_up(user, today, present=present)
        endings = endings_home.navigator_home(user, today, present=present)
        my_approvals = approval_queries.mine(user) if "approvals" in present else []
        from_portal = portal_queries.open_asks(user) if "from_portal" in present else []
        context.update(
            worklist=queries.worklist(home, follow_up, today),
            from_portal=from_portal,
            endings=endings,
            my_approvals=my_approvals,
            home=home,
            ending=ending,
            incoming=incoming,
            follow_up=follow_up,
            now=timezone.now(),
            today=today,
        )
        shown += [
            *home.participants,
            *(c.participant for c in ending),
            *(r.participant for r in incoming),
            *follow_up.participants,
            *endings_home.shown(endings),
            *(a.enrollment.participant for a in my_approvals),
            *(a.participant for a in from_portal),
        ]
    # Everyone the page names, once each, in one append to the audit trail.
    record_listing(request.user, {p.pk: p for p in shown}.values(), "list")
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def supervision(request: AuthedRequest) -> HttpResponse:
    program_id = None
    raw = request.POST.get("program") or request.GET.get("program") or ""
    if raw.isdigit():
        program_id = int(raw)
    fmt, which = request.GET.get("download"), request.GET.get("list", "")
    if downloads.offered(fmt) and which in downloads.SUPERVISION_LISTS:
        return downloads.supervision_file(request.user, program_id, which, str(fmt))
    overview = queries.supervision(request.user, program_id, request.GET.get("page", 1))
    all_programs = list(queries.supervised_programs(request.user))
    endings = endings_home.supervisor_home(request.user, program_id, timezone.localdate())
    # Closures waiting are in the endings' own table just above (reason, who asked, age).
    waiting, total = approval_queries.pending_for(
        request.user, program_id, limit=5, leave_out=("closure",)
    )
    context = {
        "overview": overview,
        "all_programs": all_programs,
        "program_id": program_id,
        "endings": endings,
        "approvals": {"waiting": waiting, "total": total},
        "xlsx": downloads.offered("xlsx"),
    }
    if shown := [*endings_home.shown(endings), *(w.participant for w in waiting)]:
        record_listing(request.user, {p.pk: p for p in shown}.values(), "list")
    return render(request, "caseload/supervision.html", context)
