"""The language Waypoint speaks to a person: on their pages and in what it sends them.

Staff and partners choose theirs (Your language); a participant's is their language in
writing. Email is written in the recipient's language, never the sender's: build it
inside ``speaking_to(recipient)``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

KNOWN = frozenset(code for code, _name in settings.LANGUAGES)


def language_of(person: Any) -> str:
    """A user's or a participant's language (the site's when they have none Waypoint has)."""
    if person is None:
        return settings.LANGUAGE_CODE
    chosen = getattr(person, "written_language", None)
    if chosen is None:
        participant = getattr(person, "participant", None) if person.pk else None
        chosen = (
            participant.written_language
            if participant is not None
            else getattr(person, "language", "")
        )
    return chosen if chosen in KNOWN else settings.LANGUAGE_CODE


def speaking_to(person: Any) -> translation.override:
    """``with speaking_to(user):`` builds text in that person's language."""
    return translation.override(language_of(person))
