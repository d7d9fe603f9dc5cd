"""Program terminology: the one mechanism every template uses for its words.

A program may rename any key below (for example "case closure" → "transition
celebration"), in each language Waypoint speaks. Templates write
``{% term "case closure" %}``; a capitalised key gives a capitalised result.

A program's ``terminology`` holds its English words at the top level (``{"case closure":
"moving on"}``) and those of another language under its code (``{"es": {"case closure":
"celebración"}}``). A word the program has not renamed in the language being spoken is
Waypoint's own word in that language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

# The key, and the word in the language being spoken (context "term" keeps these apart
# from the same English words used elsewhere).
DEFAULT_TERMS: dict[str, Promise] = {
    "participant": pgettext_lazy("term", "participant"),
    "participants": pgettext_lazy("term", "participants"),
    "navigator": pgettext_lazy("term", "navigator"),
    "navigators": pgettext_lazy("term", "navigators"),
    "caseload": pgettext_lazy("term", "caseload"),
    "enrollment": pgettext_lazy("term", "enrollment"),
    "enrollments": pgettext_lazy("term", "enrollments"),
    "program": pgettext_lazy("term", "program"),
    "inquiry": pgettext_lazy("term", "inquiry"),
    "eligibility": pgettext_lazy("term", "eligibility"),
    "enrolled": pgettext_lazy("term", "enrolled"),
    "exiting": pgettext_lazy("term", "exiting"),
    "exited": pgettext_lazy("term", "exited"),
    "follow-up": pgettext_lazy("term", "follow-up"),
    "case closure": pgettext_lazy("term", "case closure"),
    "transition": pgettext_lazy("term", "transition"),
    "exit interview": pgettext_lazy("term", "exit interview"),
    "post-program plan": pgettext_lazy("term", "post-program plan"),
    "check-in": pgettext_lazy("term", "check-in"),
    "reopen": pgettext_lazy("term", "reopen"),
    "supervisor": pgettext_lazy("term", "supervisor"),
    "service plan": pgettext_lazy("term", "service plan"),
}
# The site's own language: its words sit at the top level of a program's terminology.
BASE_LANGUAGE = settings.LANGUAGE_CODE.split("-")[0]
# The other languages a program can rename its words in.
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != BASE_LANGUAGE]

MAX_TERM_LENGTH = 60


def words_in(overrides: Mapping[str, Any] | None, language: str) -> dict[str, str]:
    """The words a program renamed in ``language`` (its English ones at the top level)."""
    overrides = overrides or {}
    if language == BASE_LANGUAGE:
        return {k: v for k, v in overrides.items() if isinstance(v, str)}
    chosen = overrides.get(language)
    return dict(chosen) if isinstance(chosen, Mapping) else {}


def term(key: str, overrides: Mapping[str, Any] | None = None) -> str:
    """The word a program uses for ``key`` in the language being spoken; capitalised
    when ``key`` is."""
    lookup = key.casefold()
    language = (get_language() or BASE_LANGUAGE).split("-")[0]
    renamed = words_in(overrides, language).get(lookup)
    word = renamed or str(DEFAULT_TERMS.get(lookup) or key)
    if key[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def parse_overrides(text: str) -> tuple[dict[str, str], list[str]]:
    """Read "term = replacement" lines (the term is always Waypoint's English key).
    Returns (overrides, problems)."""
    overrides: dict[str, str] = {}
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "=" not in line:
            problems.append(_("Line %(n)s: write it as “term = replacement”.") % {"n": number})
            continue
        key, _sep, value = (part.strip() for part in line.partition("="))
        key = key.casefold()
        if key not in DEFAULT_TERMS:
            known = ", ".join(sorted(DEFAULT_TERMS))
            problems.append(
                _("Line %(n)s: “%(key)s” is not a term Waypoint uses (%(known)s).")
                % {"n": number, "key": key, "known": known}
            )
        elif not value:
            problems.append(
                _("Line %(n)s: give a replacement for “%(key)s”.") % {"n": number, "key": key}
            )
        elif len(value) > MAX_TERM_LENGTH:
            problems.append(
                _("Line %(n)s: keep the replacement under %(max)s characters.")
                % {"n": number, "max": MAX_TERM_LENGTH}
            )
        else:
            overrides[key] = value
    return overrides, problems


def format_overrides(overrides: Mapping[str, Any]) -> str:
    """The lines of one language's renamed words (its nested languages left out)."""
    return "\n".join(
        f"{key} = {value}" for key, value in sorted(overrides.items()) if isinstance(value, str)
    )
