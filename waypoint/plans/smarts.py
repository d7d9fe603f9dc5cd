"""The SMARTS check: plain-language advice on a short-term goal in a service plan.

A participant and their navigator write short-term goals together. This check
reads one goal and says, letter by letter, whether it is Specific, Measurable,
Achievable, Realistic, Time-framed and Strengths-based, and why. It only
advises: a goal that "fails" a letter can still be saved. Everything here is a
heuristic over free text, pure Python with the standard library's ``re``, so it
is cheap to run on every keystroke and easy to reason about.

How each letter is judged
-------------------------

**S — Specific.** The goal must name a concrete action and what it acts on.
  1. At least three words (``"Get ID"``, ``"Housing"`` are too short to say
     which, where or how).
  2. An action verb from ``ACTION_VERBS`` (apply, enroll, submit, attend, call,
     open, get, complete, visit, sign, save, schedule, find, fill out, register,
     renew, pay, meet, …, in any regular form: "applies", "submitting"). Vague
     verbs such as "work on", "try", "focus on", "improve", "be" are
     deliberately not in the list; "stop by" / "stop in" count as a visit. A
     verb right after a negation ("not get evicted", "stop calling") does not
     count: an action to avoid is not an action to take.
  3. After that verb, at least one word that is not a filler word
     (``STOP_WORDS``), a vague word ("things", "stuff", "better", "stable",
     "life", …, ``VAGUE_WORDS``) or a generic object that leaves "which one?"
     open ("job", "housing", "help", "benefits", …, ``GENERIC_OBJECTS``).
     So "Get a job" fails but "Apply to 3 warehouse jobs" and "Get a job at
     Target" pass; "Get help with housing" fails, "Apply for SNAP benefits"
     passes. Numbers count as concrete.

**M — Measurable.** Passes when either
  * the ``measure`` field says how you will both know it is done, and it is not
    itself vague. A measure with no number is vague when it is made only of
    vague words ("be happier", "progress", ``MEASURE_VAGUE``) or contains a
    feeling/improvement phrase ("feel better about money", "do well",
    "improvement in attendance", ``_MEASURE_VAGUE_RE``); or
  * the goal text itself has a count, amount or frequency: a numeral ("3
    jobs"), money ("$500", "dollars"), a number word ("two", "dozen"), or a
    frequency / totality word ("twice", "weekly", "every Tuesday", "all",
    "both"). Dates, clock times, ordinals ("the 15th"), years, form codes
    ("I-90", "W-2") and "Section 8" are masked first so they do not pass for
    a quantity.
  A named document ("green card", "ID card") is *not* treated as a measure on
  its own: the rule stays "measure field, or a quantity in the text", and the
  fix is one short line in the measure field ("Card in hand").

**A — Achievable** and **R — Realistic.** Never guessed by software. They pass
only when the navigator has ticked that the participant confirmed them.

**T — Time-framed.** Fails with no date, with a date before ``today``, or with a
date more than 365 days after ``today`` (short-term goals are weeks or months;
exactly 365 days still passes). The pass reason gives the date as "Mar 3, 2027"
and a distance worked out from ``today`` only: "today", "tomorrow", "in N days"
(under 14 days), "in N weeks" (under 120 days, whole weeks rounded down), else
"in N months" (whole calendar months).

**S — Strengths-based.**
  1. A goal phrased only as what to stop or avoid fails, even when strengths are
     named: the text (after an optional "Name will" / "Name" before "won't" /
     "to") starts with stop (but not "stop by/in/over"), quit, avoid, don't, do
     not, won't, will not, no, no more, not, never, give up, stay away from or
     cut out. Only the start is checked, so "Open no more than 2 cards" is fine,
     and a later clause that starts with an action says what they will do
     instead ("To avoid late fees, pay rent by the 1st", "Quit smoking and
     walk 20 minutes a day").
  2. Otherwise the ``strengths`` field must name at least one strength.
  3. When the intake assessment recorded strengths, the goal's strengths must
     share a meaningful word with at least one of them: case-insensitive, words
     of four letters or more, ignoring filler words and generic praise ("good",
     "great", "strong", "skills", "loves", "likes", …), after light stemming
     (-s, -es, -ed, -ing, a final -e and a doubled last consonant are
     stripped, so "cooks", "cooking" and "cook" match). With no assessment
     strengths recorded yet, any named strength passes.

Reasons are one short sentence each, person-first and warm; quotes use curly
quotes and dates are formatted without the operating system's locale. The names,
reasons and summary are marked for translation and come in the reader's language
(the word lists, and so the heuristics, are English).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

__all__ = ["GoalDraft", "Verdict", "check_goal", "summary"]


@dataclass(frozen=True)
class GoalDraft:
    text: str  # the short-term goal as written, e.g. "Apply to 3 warehouse jobs"
    measure: str = ""  # how we'll know it's done, e.g. "3 applications submitted"
    target_date: date | None = None
    strengths: str = ""  # strengths it builds on, free text, e.g. "reliable, good with people"
    achievable_confirmed: bool = False  # the participant said it is achievable
    realistic_confirmed: bool = False  # the participant said it is realistic for their life now


@dataclass(frozen=True)
class Verdict:
    letter: str  # "S", "M", "A", "R", "T", "S"
    name: (
        str  # "Specific", "Measurable", "Achievable", "Realistic", "Time-framed", "Strengths-based"
    )
    passes: bool
    reason: str  # one short sentence: why it passes, or what is missing and how to fix it


LETTERS = ("S", "M", "A", "R", "T", "S")
NAMES = ("Specific", "Measurable", "Achievable", "Realistic", "Time-framed", "Strengths-based")
# Each name as the reader sees it.
_SHOWN_NAMES: dict[str, StrOrPromise] = {
    "Specific": gettext_lazy("Specific"),
    "Measurable": gettext_lazy("Measurable"),
    "Achievable": gettext_lazy("Achievable"),
    "Realistic": gettext_lazy("Realistic"),
    "Time-framed": gettext_lazy("Time-framed"),
    "Strengths-based": gettext_lazy("Strengths-based"),
}

MAX_DAYS_AHEAD = 365
MIN_WORDS = 3

# --- Reasons (fixed ones are constants so `summary` can map them to a short fix) ---

SPECIFIC_FAIL = gettext_lazy(
    "Say what exactly will be done: which job, which form, which appointment."
)
MEASURE_MISSING = gettext_lazy("No measure of done: how will you both know it is finished?")
MEASURE_VAGUE_REASON = gettext_lazy(
    "%(measure)s is hard to see, so there is no measure of done yet: say what you will both "
    "see when it is finished."
)
CONFIRMED = gettext_lazy("Confirmed by the participant.")
ACHIEVABLE_FAIL = gettext_lazy(
    "Ask the participant: do they feel they can do this? Only they can confirm it."
)
REALISTIC_FAIL = gettext_lazy(
    "Ask the participant: does this fit their life right now (time, money, childcare, "
    "transport)? Only they can confirm it."
)
DATE_MISSING = gettext_lazy("No date: agree a target date together.")
DATE_PASSED = gettext_lazy("The target date has passed: agree a new one.")
DATE_TOO_FAR = gettext_lazy(
    "More than a year away: short-term goals are usually weeks or months; split it into "
    "smaller steps."
)
STRENGTH_DEFICIT = gettext_lazy("Phrased as what to stop: say what they will do instead.")
STRENGTH_MISSING = gettext_lazy("No strength named: which of their strengths does this build on?")
STRENGTH_NOT_FROM_ASSESSMENT = gettext_lazy(
    "No strength from the assessment is used: name one they told you about, such as %(strength)s."
)

# Reason (up to its first placeholder) -> short fix for `summary`, checked in order;
# first match wins.
_FIXES: tuple[tuple[StrOrPromise, StrOrPromise], ...] = (
    (DATE_MISSING, gettext_lazy("add a date")),
    (DATE_PASSED, gettext_lazy("new date")),
    (DATE_TOO_FAR, gettext_lazy("shorter time frame")),
    (STRENGTH_DEFICIT, gettext_lazy("say what they will do")),
    (STRENGTH_MISSING, gettext_lazy("name a strength")),
    (STRENGTH_NOT_FROM_ASSESSMENT, gettext_lazy("use an assessment strength")),
)
_DEFAULT_FIX: dict[str, StrOrPromise] = {
    "Specific": gettext_lazy("say exactly what"),
    "Measurable": gettext_lazy("add a measure"),
    "Achievable": gettext_lazy("ask if achievable"),
    "Realistic": gettext_lazy("ask if realistic"),
    "Time-framed": gettext_lazy("add a date"),
    "Strengths-based": gettext_lazy("name a strength"),
}

# --- Word lists ---

# fmt: off

ACTION_VERBS = frozenset(
    (
        "apply", "enroll", "enrol", "submit", "attend", "call", "phone", "open", "get",
        "obtain", "complete", "finish", "visit", "sign", "save", "schedule", "book", "find",
        "fill", "register", "renew", "pay", "meet", "start", "take", "bring", "return",
        "request", "practice", "practise", "read", "write", "update", "create", "make", "buy",
        "move", "contact", "email", "text", "join", "tour", "pick", "set", "go", "sit", "pass",
        "earn", "budget", "cook", "walk", "volunteer", "interview", "print", "send", "file",
        "ask", "talk", "mail", "review", "upload", "collect", "gather", "prepare", "learn",
        "study", "use", "check", "confirm", "arrange", "replace", "transfer", "deposit",
        "cancel", "list", "keep", "search", "secure", "sort", "clean", "build", "draft", "drop",
        "show", "work", "do", "teach", "train", "exercise", "run", "swim", "drive", "plan",
        "order", "shop", "pack", "unpack", "furnish", "deliver", "translate",
    )
)

STOP_WORDS = frozenset(
    (
        "a", "an", "the", "to", "for", "at", "in", "on", "of", "with", "and", "or", "by",
        "from", "into", "onto", "about", "up", "out", "back", "off", "over", "under", "near",
        "this", "that", "these", "those", "my", "his", "her", "their", "our", "your", "its",
        "them", "him", "me", "us", "they", "he", "she", "i", "we", "you", "it", "will", "would",
        "should", "could", "can", "must", "may", "might", "shall", "be", "is", "are", "am",
        "was", "were", "been", "being", "some", "any", "all", "each", "every", "more", "most",
        "less", "so", "as", "than", "then", "also", "just", "own", "do", "does", "did", "has",
        "have", "had", "not", "no", "very", "really", "too", "able", "try", "need", "needs",
        "want", "wants", "wanted", "s", "there", "here", "when", "while", "if", "until",
        "before", "after", "per", "again", "once", "still",
    )
)

VAGUE_WORDS = frozenset(
    (
        "better", "best", "stable", "stability", "improve", "improved", "improving",
        "improvement", "things", "thing", "stuff", "something", "anything", "everything",
        "someone", "somewhere", "somehow", "issues", "issue", "goals", "goal", "progress",
        "track", "together", "life", "situation", "well", "good", "okay", "ok", "fine",
        "harder", "hard", "happier", "happy", "self", "myself", "himself", "herself",
        "themselves", "going", "general", "generally", "overall", "various",
    )
)

GENERIC_OBJECTS = frozenset(
    (
        "job", "jobs", "work", "employment", "housing", "home", "house", "place", "help",
        "support", "services", "service", "resources", "resource", "assistance", "health",
        "money", "income", "school", "education", "career", "benefits", "benefit", "stuff",
    )
)

MEASURE_VAGUE = frozenset(
    (
        "feel", "feels", "felt", "feeling", "better", "happier", "happy", "well", "good",
        "improvement", "improve", "improved", "improving", "progress", "stable", "stability",
        "okay", "ok", "fine", "doing", "done", "goes", "going", "see", "seeing", "hopefully",
        "maybe", "ready", "motivated", "motivation", "confidence", "confident", "attitude",
        "effort", "success", "successful", "positive", "overall", "tbd", "na", "things",
        "stuff", "stress", "mood", "show", "shows", "showing", "more", "less", "whatever",
        "someday", "eventually", "how",
    )
)

STRENGTH_GENERIC = frozenset(
    (
        "good", "great", "very", "really", "strong", "strength", "strengths", "skill", "skills",
        "skilled", "ability", "abilities", "able", "well", "like", "likes", "liked", "love",
        "loves", "loved", "loving", "enjoy", "enjoys", "enjoyed", "enjoying", "lots", "much",
        "always", "person", "when", "with", "have", "being", "would", "about", "from", "that",
        "this", "their", "they", "them", "into", "nice", "kind", "of",
    )
)

NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand", "dozen", "half",
)

# fmt: on

# --- Regular expressions ---

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_SPACE_RE = re.compile(r"\s+")

_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Digits that are not quantities: dates, times, ordinals, years, form codes, "Section 8".
_NOT_QUANTITY_RE = re.compile(
    r"\b" + _MONTH_NAME + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r"\b"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b\d+(?:st|nd|rd|th)\b"
    r"|(?<!\$)\b(?:19|20)\d{2}\b(?![,.]\d)"
    r"|\b[^\W\d_]{1,3}-\d+\b"
    r"|\bsection\s+\d+\b",
    re.IGNORECASE,
)
_QUANTITY_RE = re.compile(
    r"\$\s?\d[\d,.]*"
    r"|\b\d[\d,.]*\s*(?:%|percent\b|(?:times|x)\s+(?:a|per|each)\s+\w+)?"
    r"|\b(?:" + "|".join(NUMBER_WORDS) + r")\b(?:\s+times\s+(?:a|per|each)\s+\w+)?"
    r"|\b(?:once|twice)\b(?:\s+(?:a|per|each)\s+\w+)?"
    r"|\b(?:daily|weekly|biweekly|fortnightly|monthly|nightly)\b"
    r"|\b(?:every|each|per)\s+[^\W\d_]+"
    r"|\b(?:all|both)\b"
    r"|\bdollars?\b",
    re.IGNORECASE,
)
# Phrases that make a measure vague even next to other words ("feel better about money").
_MEASURE_VAGUE_RE = re.compile(
    r"\b(?:feel|feels|feeling|felt)\b|\b(?:better|happier|improv\w*)\b"
    r"|\b(?:do|does|doing|going|goes|went)\s+(?:well|ok(?:ay)?|fine|good|great)\b"
    r"|\bless\s+stress\w*|\bmore\s+(?:stable|confident|motivated|positive)\b"
    r"|\b(?:stability|motivat\w*|confiden\w*|tbd|ongoing)\b|\bsee\s+how\b",
    re.IGNORECASE,
)
_APOS = "['\u2019]"
_NEGATION = (
    r"(?:stop(?!\s+(?:by|in|over)\b)|stops|stopped|quit|quits|avoid|avoids"
    rf"|don{_APOS}?t|do\s+not|doesn{_APOS}?t|does\s+not|won{_APOS}?t|will\s+not"
    r"|no(?:\s+more)?|not|never|give\s+up|stay\s+away\s+from|cut\s+out)"
)
_NAME = r"[^\W\d_][\w'\u2019.-]*"
# Deficit phrasing: an optional "Name will" / "Name won't" / "to" / "will", then a negation.
_DEFICIT_RE = re.compile(
    rf"^(?:{_NAME}\s+(?:will|should|must|wants?\s+to|needs?\s+to|is\s+going\s+to)\s+"
    rf"|(?:will|to)\s+"
    rf"|{_NAME}\s+(?=won{_APOS}?t\b|will\s+not\b|does\s+not\b|doesn{_APOS}?t\b))?"
    rf"{_NEGATION}\b",
    re.IGNORECASE,
)
# fmt: off
_NEGATORS = frozenset(
    (
        "not", "never", "stop", "stops", "stopped", "quit", "quits", "avoid", "avoids", "don't",
        "dont", "won't", "wont", "no", "doesn't", "doesnt",
    )
)
# fmt: on


# --- Small helpers ---


def _clean(text: str) -> str:
    """Collapse runs of whitespace and trim."""
    return _SPACE_RE.sub(" ", text).strip()


def _words(text: str) -> list[str]:
    return [w.casefold().replace("\u2019", "'") for w in _WORD_RE.findall(text)]


def _verb_forms(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "ed", verb + "ing"}
    if verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    if verb.endswith(("s", "sh", "ch", "x", "o")):
        forms.add(verb + "es")
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if (
        len(verb) >= 3
        and verb[-1] not in "aeiouwxy"
        and verb[-2] in "aeiou"
        and verb[-3] not in "aeiou"
    ):
        forms |= {verb + verb[-1] + "ing", verb + verb[-1] + "ed"}
    return forms


_ACTION_FORMS = frozenset(form for verb in ACTION_VERBS for form in _verb_forms(verb))


def _stem(word: str) -> str:
    """Light stemming, enough to match "cooks", "cooking" and "cook"."""
    w = word.casefold().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


def _quote(text: str, limit: int = 60) -> str:
    text = _clean(text)
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut.rstrip(" ,;:.-") + "…"
    return f"“{text}”"


def _verdict(letter: str, name: str, passes: bool, reason: StrOrPromise) -> Verdict:
    """A verdict in the reader's language (``name`` is one of ``NAMES``)."""
    return Verdict(letter, str(_SHOWN_NAMES[name]), passes, str(reason))


def format_date(d: date) -> str:
    """A date without the operating system's locale, e.g. "Mar 3, 2027" (the month in
    the reader's language)."""
    return dateformat.format(d, "M j, Y")


def distance(target: date, today: date) -> str:
    """How far ahead `target` is, worked out from `today` only."""
    days = (target - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days < 14:
        return ngettext("in %(n)s day", "in %(n)s days", days) % {"n": days}
    if days < 120:
        weeks = days // 7
        return ngettext("in %(n)s week", "in %(n)s weeks", weeks) % {"n": weeks}
    months = (target.year - today.year) * 12 + target.month - today.month
    if target.day < today.day:
        months -= 1
    return ngettext("in %(n)s month", "in %(n)s months", months) % {"n": months}


def _mask_not_quantities(text: str) -> str:
    return _NOT_QUANTITY_RE.sub(lambda m: " " * len(m.group()), text)


def _find_quantity(text: str) -> str | None:
    """The first count, amount or frequency in `text`, as written, or None."""
    match = _QUANTITY_RE.search(_mask_not_quantities(text))
    if match is None:
        return None
    start = match.start()
    found = match.group().rstrip()
    end = start + len(found)
    # Quote a bare count with the word that follows, e.g. "3 warehouse", "all appointments".
    follow = re.match(r"\s+[^\W\d_][\w'\u2019-]*", text[end:])
    if follow is not None and " " not in found and not found.startswith("$"):
        end += follow.end()
    return _clean(text[start:end])


def _content_stems(text: str) -> set[str]:
    return {
        _stem(w)
        for w in _words(text)
        if len(w) >= 4 and w not in STOP_WORDS and w not in STRENGTH_GENERIC
    }


# --- The six letters ---


def _specific(text: str) -> Verdict:
    matches = list(_WORD_RE.finditer(text))
    words = [m.group().casefold().replace("\u2019", "'") for m in matches]
    if len(words) >= MIN_WORDS:
        for i, word in enumerate(words):
            # "Stop by the food pantry" is a visit, not something to stop doing.
            drop_in = word in {"stop", "stops"} and words[i + 1 : i + 2] in (["by"], ["in"])
            if not drop_in and (word not in _ACTION_FORMS or (i > 0 and words[i - 1] in _NEGATORS)):
                continue
            objects = [
                w
                for w in words[i + 1 :]
                if w not in STOP_WORDS
                and w not in VAGUE_WORDS
                and w not in GENERIC_OBJECTS
                and w not in _NEGATORS
            ]
            if objects:
                last = matches[min(i + 6, len(matches) - 1)]
                phrase = text[matches[i].start() : last.end()]
                if last is not matches[-1]:
                    phrase += "…"
                return _verdict(
                    "S",
                    "Specific",
                    True,
                    _("Says what will be done: “%(phrase)s”.") % {"phrase": phrase},
                )
    return _verdict("S", "Specific", False, SPECIFIC_FAIL)


def _measurable(text: str, measure: str) -> Verdict:
    measure_words = _words(measure)
    measure_content = [w for w in measure_words if w not in STOP_WORDS]
    measure_vague = (
        bool(measure_words)
        and _find_quantity(measure) is None
        and (
            _MEASURE_VAGUE_RE.search(measure) is not None
            or all(w in MEASURE_VAGUE for w in measure_content)
        )
    )
    if measure_words and not measure_vague:
        return _verdict(
            "M", "Measurable", True, _("Done when: %(measure)s.") % {"measure": _quote(measure)}
        )
    quantity = _find_quantity(text)
    if quantity is not None:
        return _verdict(
            "M",
            "Measurable",
            True,
            _("The goal has a count, amount or frequency: “%(quantity)s”.")
            % {"quantity": quantity},
        )
    if measure_vague:
        return _verdict(
            "M", "Measurable", False, MEASURE_VAGUE_REASON % {"measure": _quote(measure)}
        )
    return _verdict("M", "Measurable", False, MEASURE_MISSING)


def _time_framed(target: date | None, today: date) -> Verdict:
    if target is None:
        return _verdict("T", "Time-framed", False, DATE_MISSING)
    days = (target - today).days
    if days < 0:
        return _verdict("T", "Time-framed", False, DATE_PASSED)
    if days > MAX_DAYS_AHEAD:
        return _verdict("T", "Time-framed", False, DATE_TOO_FAR)
    return _verdict(
        "T",
        "Time-framed",
        True,
        _("Target date %(day)s (%(distance)s).")
        % {"day": format_date(target), "distance": distance(target, today)},
    )


def _says_what_instead(text: str) -> bool:
    """A later clause starts with an action: "To avoid late fees, pay rent by the 1st"."""
    for clause in re.split(r"[,;:]|\band\b|\bthen\b", text)[1:]:
        words = _words(clause)
        if words and words[0] in _ACTION_FORMS:
            return True
    return False


def _strengths_based(text: str, strengths: str, assessment: Sequence[str]) -> Verdict:
    name = "Strengths-based"
    if _DEFICIT_RE.match(text) and not _says_what_instead(text):
        return _verdict("S", name, False, STRENGTH_DEFICIT)
    if not _words(strengths):
        return _verdict("S", name, False, STRENGTH_MISSING)
    recorded = [_clean(s) for s in assessment if _words(s)]
    if not recorded:
        return _verdict(
            "S",
            name,
            True,
            _("Builds on: %(strengths)s. (No assessment strengths recorded yet to compare.)")
            % {"strengths": _quote(strengths)[1:-1]},
        )
    ours = _content_stems(strengths)
    for strength in recorded:
        if ours & _content_stems(strength):
            return _verdict(
                "S",
                name,
                True,
                _("Builds on a strength from the assessment: %(strength)s.")
                % {"strength": _quote(strength)},
            )
    return _verdict(
        "S", name, False, STRENGTH_NOT_FROM_ASSESSMENT % {"strength": _quote(recorded[0])}
    )


def check_goal(
    goal: GoalDraft, *, today: date, assessment_strengths: Sequence[str] = ()
) -> list[Verdict]:
    """Exactly six verdicts in the order S, M, A, R, T, S."""
    text = _clean(goal.text)
    return [
        _specific(text),
        _measurable(text, goal.measure),
        _verdict(
            "A",
            "Achievable",
            goal.achievable_confirmed,
            CONFIRMED if goal.achievable_confirmed else ACHIEVABLE_FAIL,
        ),
        _verdict(
            "R",
            "Realistic",
            goal.realistic_confirmed,
            CONFIRMED if goal.realistic_confirmed else REALISTIC_FAIL,
        ),
        _time_framed(goal.target_date, today),
        _strengths_based(text, goal.strengths, assessment_strengths),
    ]


def _fix(verdict: Verdict) -> str:
    """The short fix for a verdict (reasons and names compared in the language they
    were written in, the reader's)."""
    for reason, fix in _FIXES:
        prefix = str(reason).split("%(", 1)[0]
        if prefix and verdict.reason.startswith(prefix):
            return str(fix)
    for name, shown in _SHOWN_NAMES.items():
        if verdict.name in (name, str(shown)):
            return str(_DEFAULT_FIX[name])
    return _("check %(name)s") % {"name": verdict.name.lower()}


def summary(verdicts: Sequence[Verdict]) -> str:
    """E.g. "Meets 6 of 6" / "Meets 4 of 6: add a measure, add a date"."""
    met = sum(1 for v in verdicts if v.passes)
    fixes = [_fix(v) for v in verdicts if not v.passes]
    if fixes:
        return _("Meets %(met)s of %(total)s: %(fixes)s") % {
            "met": met,
            "total": len(verdicts),
            "fixes": ", ".join(fixes),
        }
    return _("Meets %(met)s of %(total)s") % {"met": met, "total": len(verdicts)}
