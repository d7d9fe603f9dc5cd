"""Request types for views: a signed-in staff member, with htmx details."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from waypoint.accounts.models import User


class AuthedRequest(HttpRequest):
    """Every view behind the permission matrix gets a signed-in ``User``."""

    user: User
    htmx: HtmxDetails
