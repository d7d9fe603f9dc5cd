"""Request types for views (a signed-in staff member, with htmx details), and the
client's own address behind a reverse proxy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from waypoint.accounts.models import User


class AuthedRequest(HttpRequest):
    """Every view behind the permission matrix gets a signed-in ``User``."""

    user: User
    htmx: HtmxDetails


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, for the lock-out and the reset limits.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending the address it saw to
    X-Forwarded-For, that is the entry the outermost proxy added (the n-th from the
    right); whatever the client wrote there itself is to its left and never trusted.
    With no proxy, or a header too short to hold it, the connection's own address."""
    count = int(settings.TRUSTED_PROXY_COUNT)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count and forwarded[-count]:
        return str(forwarded[-count])
    remote: str | None = request.META.get("REMOTE_ADDR")
    return remote
