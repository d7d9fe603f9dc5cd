"""Program terminology: the one mechanism every template uses for its words.

A program may rename any key below (for example "case closure" → "transition
celebration"). Templates write ``{% term "case closure" %}``; a capitalised key
gives a capitalised result.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_TERMS: dict[str, str] = {
    "participant": "participant",
    "participants": "participants",
    "navigator": "navigator",
    "navigators": "navigators",
    "caseload": "caseload",
    "enrollment": "enrollment",
    "enrollments": "enrollments",
    "program": "program",
    "inquiry": "inquiry",
    "eligibility": "eligibility",
    "enrolled": "enrolled",
    "exiting": "exiting",
    "exited": "exited",
    "follow-up": "follow-up",
    "case closure": "case closure",
    "transition": "transition",
    "exit interview": "exit interview",
    "post-program plan": "post-program plan",
    "check-in": "check-in",
    "reopen": "reopen",
    "supervisor": "supervisor",
}

MAX_TERM_LENGTH = 60


def term(key: str, overrides: Mapping[str, str] | None = None) -> str:
    """The word a program uses for ``key``; capitalised when ``key`` is."""
    lookup = key.casefold()
    word = (overrides or {}).get(lookup) or DEFAULT_TERMS.get(lookup) or key
    if key[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def parse_overrides(text: str) -> tuple[dict[str, str], list[str]]:
    """Read "term = replacement" lines. Returns (overrides, problems)."""
    overrides: dict[str, str] = {}
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "=" not in line:
            problems.append(f"Line {number}: write it as “term = replacement”.")
            continue
        key, _, value = (part.strip() for part in line.partition("="))
        key = key.casefold()
        if key not in DEFAULT_TERMS:
            known = ", ".join(sorted(DEFAULT_TERMS))
            problems.append(f"Line {number}: “{key}” is not a term Waypoint uses ({known}).")
        elif not value:
            problems.append(f"Line {number}: give a replacement for “{key}”.")
        elif len(value) > MAX_TERM_LENGTH:
            problems.append(
                f"Line {number}: keep the replacement under {MAX_TERM_LENGTH} characters."
            )
        else:
            overrides[key] = value
    return overrides, problems


def format_overrides(overrides: Mapping[str, str]) -> str:
    return "\n".join(f"{key} = {value}" for key, value in sorted(overrides.items()))
