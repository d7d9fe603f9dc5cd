"""Which language a page speaks.

A participant signed in to their own Waypoint: the language they chose (their language
in writing). Staff and partners: the language they chose for themselves (Your language),
else the site's language (English). Someone not signed in on the portal's pages (/my/):
what they picked there, else what their browser asks for; elsewhere the site's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from waypoint.accounts.queries import access_for

PORTAL_PREFIX = "/my/"
LANGUAGE_KEY = "wp_portal_language"


def _known(code: str | None) -> str | None:
    return code if code in {c for c, _ in settings.LANGUAGES} else None


def language_for(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        participant_id = access_for(user).participant_id
        if participant_id is not None:
            from waypoint.participants.models import Participant

            chosen = (
                Participant.objects.filter(pk=participant_id)
                .values_list("written_language", flat=True)
                .first()
            )
            return _known(chosen) or settings.LANGUAGE_CODE
        return _known(user.language) or settings.LANGUAGE_CODE
    if request.path.startswith(PORTAL_PREFIX):
        picked = _known(request.session.get(LANGUAGE_KEY))
        return picked or translation.get_language_from_request(request)
    return settings.LANGUAGE_CODE


class PortalLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
