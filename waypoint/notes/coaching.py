"""The writing coach for one organization: its own phrase list, compiled once and kept
until an administrator changes the list. Runs in the server process; no text leaves it."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext_noop

from waypoint.notes.coach import SECTIONS, Advice, Coach, Rule, default_coach, is_blank
from waypoint.notes.models import SECTION_TITLES, CoachPhrase

# The sections the coach reads. "In their words" is the participant's own view, so the
# coach leaves its wording alone and only notices when it is empty.
COACHED = frozenset(SECTIONS)
# Waypoint's own words: marked here, translated when the advice is read (``Advice.message``).
THEIR_VIEW = (
    gettext_noop("Ask how they see their progress and what they want next."),
    gettext_noop("Their own view belongs in the note beside yours."),
)
_lock = threading.Lock()
_compiled: dict[int, tuple[tuple[Any, ...], Coach]] = {}


def _rule(phrase: CoachPhrase) -> Rule:
    return Rule(
        kind=phrase.kind,
        phrase=phrase.phrase,
        suggestion=phrase.suggestion,
        why=phrase.why,
        sections=tuple(phrase.sections),
        not_after=tuple(phrase.not_after),
        not_before=tuple(phrase.not_before),
        language=phrase.language,
    )


def coach_for(organization_id: int) -> Coach:
    """The organization's coach (the default list until it has one of its own). The
    word patterns beyond the list always apply; a phrase switched off keeps its other
    forms quiet too."""
    phrases = CoachPhrase.objects.filter(organization_id=organization_id)
    stamp = tuple(phrases.aggregate(n=Count("pk"), at=Max("updated_at"), top=Max("pk")).values())
    if not stamp[0]:
        return default_coach()
    with _lock:
        cached = _compiled.get(organization_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    from waypoint.notes.coach_defaults import DEFAULT_PATTERNS

    listed = list(phrases.order_by("kind", "phrase"))
    coach = Coach(
        (_rule(p) for p in listed if p.active),
        patterns=DEFAULT_PATTERNS,
        quiet=[p.phrase for p in listed if not p.active],
    )
    with _lock:
        _compiled[organization_id] = (stamp, coach)
    return coach


@dataclass(frozen=True)
class AdviceView:
    """One piece of advice as the page shows it, with the words it can put in."""

    section: str
    section_title: str
    kind: str
    found: str
    start: int
    end: int
    message: str
    options: tuple[tuple[str, str], ...]  # (the words shown, what goes in the text)
    language: str = ""  # the language a phrase's advice is worded in ("" the reader's)


def _options(advice: Advice, text: str) -> tuple[tuple[str, str], ...]:
    """Replacements a button can type in: plain alternatives, not instructions. When
    the text already goes on with the option's last word ("refused to" and "chose not
    to"), that word is not typed twice."""
    if advice.kind not in ("label", "shorthand") or not advice.found:
        return ()
    wanted = advice.suggestion.strip()
    if not wanted or wanted.endswith((".", "!", "?")) or "…" in wanted or "..." in wanted:
        return ()
    following = text[advice.end :].split(maxsplit=1)
    after = following[0].casefold().strip(".,;:!?") if following else ""
    options = []
    for option in (o.strip() for o in wanted.split(" / ")):
        if not option:
            continue
        words = option.rsplit(" ", 1)
        typed = words[0] if len(words) == 2 and words[1].casefold() == after else option
        options.append((option, typed))
    return tuple(options[:2])


def advice_for(
    texts: Mapping[str, str],
    *,
    organization_id: int,
    attempt: bool,
    goals_linked: bool,
    next_meeting: bool,
) -> list[AdviceView]:
    """Everything the coach has to say about a note's sections, in section order."""
    coached = {key: text for key, text in texts.items() if key in COACHED}
    found = coach_for(organization_id).check(
        coached, attempt=attempt, goals_linked=goals_linked, next_meeting=next_meeting
    )
    if not attempt and "participant_view" in texts and is_blank(texts["participant_view"]):
        found.append(Advice("participant_view", "empty", "", -1, -1, *THEIR_VIEW))
    return [
        AdviceView(
            section=a.section,
            section_title=str(SECTION_TITLES.get(a.section, "")),
            kind=a.kind,
            found=a.found,
            start=a.start,
            end=a.end,
            message=a.message,
            options=_options(a, texts.get(a.section, "")),
            language=a.language,
        )
        for a in found
    ]
