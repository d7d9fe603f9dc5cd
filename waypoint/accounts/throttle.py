"""Counting requests per hour in Django's default cache: password reset limits (and the
reset email in the account holder's language)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect

from waypoint.accounts.actions import send_password_reset

HOUR = 3600


def within_limit(key: str, limit: int, *, window: int = HOUR) -> bool:
    """Count one more use of ``key``; False (and not counted) once ``limit`` uses fall
    within the last ``window`` seconds. The count is kept in the default cache: with
    several processes, a cache they share (Redis, the database) keeps one count."""
    now = time.time()
    cache_key = f"waypoint:limit:{key}"
    recent = [t for t in cache.get(cache_key, []) if t > now - window]
    if len(recent) >= limit:
        return False
    cache.set(cache_key, [*recent, now], timeout=window)
    return True


class ThrottledPasswordResetForm(PasswordResetForm):
    def get_users(self, email: str) -> Any:
        """Only accounts that have had fewer than the limit of reset emails this hour."""
        limit = settings.PASSWORD_RESET_PER_ACCOUNT_HOUR
        for user in super().get_users(email):
            if within_limit(f"reset-account:{user.pk}", limit):
                yield user

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        """Sent by ``accounts.actions.send_password_reset``: after commit, written in the
        account holder's language, not the one the page was asked in."""
        context = args[2] if len(args) > 2 else kwargs["context"]
        send_password_reset(
            user=context["user"], send=lambda: PasswordResetForm.send_mail(self, *args, **kwargs)
        )


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, limited per account and per client address. Over either
    limit it answers exactly as it always does ("if that address is on an account…"),
    so it never tells whether an account exists, and sends nothing more."""

    form_class = ThrottledPasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        from axes.helpers import get_client_ip_address

        address = get_client_ip_address(self.request) or "unknown"
        if not within_limit(f"reset-address:{address}", settings.PASSWORD_RESET_PER_ADDRESS_HOUR):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
