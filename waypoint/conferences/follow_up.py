"""After a conference, for staff: marking an action item done (or no longer needed) from
the home page or a participant's timeline, and the printable record of one participant's
discussion for the file and for auditors."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.conferences import actions, outcomes, queries
from waypoint.conferences.models import ActionItem
from waypoint.errors import ActionRefused
from waypoint.http import AuthedRequest


def _closed(item: ActionItem, status: str) -> str:
    """What the page says once an item is closed (a private item is not quoted)."""
    hidden = getattr(item, "hidden", False)
    if status == ActionItem.Status.DONE:
        if hidden:
            return _("The private action item is marked done.")
        return _("“%(what)s” is marked done.") % {"what": item.what}
    if hidden:
        return _("The private action item is marked no longer needed.")
    return _("“%(what)s” is marked no longer needed.") % {"what": item.what}


@require_http_methods(["POST"])
def conference_action_close(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Mark an action item done, or no longer needed (with a reason)."""
    item = queries.action_item_for(request.user, public_id, write=True)
    status = str(request.POST.get("status", ""))
    try:
        actions.close_action_item(
            by=request.user,
            item=item,
            status=status,
            reason=str(request.POST.get("reason", "")),
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        [item] = outcomes.mark_hidden(request.user, [item])
        messages.success(request, _closed(item, status))
    if request.POST.get("back") == "participant":
        return redirect("participant_detail", public_id=item.enrollment.participant.public_id)
    return redirect("caseload")


@require_http_methods(["GET"])
def discussion_print(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """One participant's part of a conference, to print: who came, what was said and
    agreed, the action items and how they stand, corrections, who signed and when."""
    discussion = queries.discussion_for(request.user, public_id)
    context = {"record": outcomes.discussion_record(request.user, discussion)}
    return render(request, "conferences/follow_up_print.html", context)
