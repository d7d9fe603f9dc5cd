"""The second sign-in step: codes from an authenticator app (TOTP) and recovery codes.

django-otp keeps the devices and checks the codes (``otp_totp`` for the app,
``otp_static`` for recovery codes); this module only decides who needs them
and holds the sign-in between the two steps.

The password alone never signs anyone in when a second step applies: the
sign-in page keeps the person's id in the (anonymous) session and
``login_code`` signs them in only once a code checks out. So no page needs to
ask "was this session verified?". The one exception is the grace sign-in: the
organization requires the second step and the person has not set one up yet;
they are signed in, but ``EnrolFirstMiddleware`` sends every page to set-up
until they have confirmed an app.
"""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from waypoint.accounts.models import Organization, User
from waypoint.accounts.queries import access_for

PENDING = "wp_second_step"  # the person who gave the right password, waiting for a code
ENROL_ONLY = "wp_enrol_only"  # a grace sign-in: only set-up until an app is confirmed
NEW_KEY = "wp_new_totp_key"  # the key being set up, until it is confirmed
PENDING_SECONDS = 5 * 60
RECOVERY_CODES = 10
# In a grace sign-in these are the only pages that open (besides static files).
ENROL_ROUTES = frozenset({"mfa_enrol", "logout", "health"})


def required_for(user: User) -> bool:
    """Whether the organization asks this person for a second step: everyone with a
    role (every role can see participant data), people at partners included. For a
    participant using their own Waypoint it is their choice, never a requirement."""
    organization = user.organization
    if organization is None or not organization.second_factor_required:
        return False
    access = access_for(user)
    return access.participant_id is None and bool(access.roles)


def app_of(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_of(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_left(user: User) -> int:
    device = recovery_of(user)
    return device.token_set.count() if device is not None else 0


def has_second_factor(user: User) -> bool:
    return app_of(user) is not None


def clean_code(value: str) -> str:
    """What someone typed, without the spaces and dashes people add."""
    return "".join(value.split()).replace("-", "").lower()


def is_app_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def show_recovery_code(token: str) -> str:
    """Recovery codes in two groups of four: easier to copy by hand."""
    return f"{token[:4]}-{token[4:]}"


def new_key() -> str:
    """A new secret (hex, as django-otp stores it)."""
    from django_otp.plugins.otp_totp.models import default_key

    return str(default_key())


def check_new_key(key: str, code: str) -> int | None:
    """The time step the code matches for a key being set up (None if it doesn't):
    django-otp's TOTP, with the same tolerance as a confirmed device."""
    if not is_app_code(code):
        return None
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1):
        return int(totp.t())
    return None


def grouped_secret(key: str) -> str:
    """The key as authenticator apps take it by hand: base32, in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user: User, key: str) -> str:
    return str(TOTPDevice(user=user, key=key, name="Authenticator app").config_url)


def qr_svg(url: str) -> str:
    """The set-up link as an inline SVG QR code (segno), no script needed."""
    import segno

    svg = segno.make(url, error="m").svg_inline(
        scale=4,
        border=4,
        title=_("QR code for your authenticator app"),
        svgclass="wp-qr",
    )
    return str(svg).replace("<svg ", '<svg role="img" ', 1)


# -- between the two steps -----------------------------------------------------


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str


def hold(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember who gave the right password, until they give a code."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "at": int(time.time()),
        "next": next_url,
    }


def pending(request: HttpRequest) -> Pending | None:
    held = request.session.get(PENDING)
    if not isinstance(held, dict):
        return None
    if int(time.time()) - int(held.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=int(held.get("user") or 0), is_active=True).first()
    if user is None:
        return None
    return Pending(user=user, backend=str(held["backend"]), next_url=str(held.get("next", "")))


def credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def is_locked(request: HttpRequest, user: User) -> bool:
    """django-axes' lock-out, for the same username and address as the password step."""
    from axes.handlers.proxy import AxesProxyHandler

    return bool(AxesProxyHandler.is_locked(request, credentials(user)))


def count_failure(request: HttpRequest, user: User) -> None:
    """A wrong code counts toward the lock-out like a wrong password does (axes listens
    to Django's ``user_login_failed``; at the limit it marks the request locked out and
    its middleware answers with the lock-out page)."""
    user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)


def lockout_response(request: HttpRequest, user: User) -> HttpResponse:
    from axes.helpers import get_lockout_response

    response: HttpResponse = get_lockout_response(request, None, credentials(user))
    return response


class EnrolFirstMiddleware:
    """In a grace sign-in, every page but set-up (and signing out) leads to set-up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not request.session.get(ENROL_ONLY) or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        route = match.view_name if match else ""
        if route in ENROL_ROUTES or route.startswith("hsds:"):
            return None
        if route.startswith("api:"):
            return None  # the API signs in with tokens, never with this session
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("mfa_enrol")
            return response
        return redirect("mfa_enrol")


# The demo's organization (``manage.py seed_demo``, in ``waypoint/demo``), named here so
# the sign-in page can tell the demo apart without importing the demo.
DEMO_ORGANIZATION = "Harbor Community Partners"


def demo_one_step() -> bool:
    """Whether this is a development server holding the demo with one-step sign-in."""
    return (
        bool(settings.DEBUG)
        and Organization.objects.filter(
            name=DEMO_ORGANIZATION, second_factor_required=False
        ).exists()
    )
