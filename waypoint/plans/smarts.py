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
     "life", …, ``VAGUE_WORDS``), a word of time or frequency ("weekly",
     "Friday", ``TIME_WORDS``) or a generic object that leaves "which one?"
     open ("job", "housing", "help", "benefits", "ID", "documents", "therapy",
     "apartment", …, ``GENERIC_OBJECTS``). A time frame in the text ("by
     Friday", "within 30 days") is left out first. So "Get a job", "Get ID
     documents", "Go to therapy" and "Move into an apartment" fail but "Apply to 3
     warehouse jobs" and "Get a job at Target" pass; "Get help with housing"
     fails, "Apply for SNAP benefits" passes. Numbers count as concrete.

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
    ("I-90", "W-2"), "Section 8" and time frames ("within 30 days", "in 2
    weeks") are masked first so they do not pass for a quantity; or
  * the goal is Specific and is one step with a clear finish: its action is a
    single act that is done once it happens (open, submit, sign, file, enroll,
    register, renew, apply, mail, pay, book, …, ``ONE_STEP_VERBS``) and no second
    action follows ("Open a checking account at the credit union by Friday").
  A named document ("green card", "ID card") is *not* treated as a measure on
  its own: the rule stays "measure field, or a quantity in the text", and the
  fix is one short line in the measure field ("Card in hand").

**A — Achievable** and **R — Realistic.** Never guessed by software. They pass
only when the navigator has ticked that the participant confirmed them.

**T — Time-framed.** The target date field wins; without it, a time frame in the
goal's own words is read against ``today`` (``date_in_text``): "by March 15", "by
3/15", "within 30 days", "in 2 weeks", "by Friday", "tomorrow", "next week" (its
last day), "this month", "before the end of the month". Fails with no date, with a
date before ``today``, or with a date more than 365 days after ``today``
(short-term goals are weeks or months; exactly 365 days still passes). The pass
reason gives the date as "Mar 3, 2027" and a distance worked out from ``today``
only: "today", "tomorrow", "in N days" (under 14 days), "in N weeks" (under 120
days, whole weeks rounded down), else "in N months" (whole calendar months); a date
read from the text also quotes the words it came from.

**S — Strengths-based.**
  1. A goal phrased only as what to stop or avoid fails, even when strengths are
     named: the text (after an optional "Name will" / "Name" before "won't" /
     "to") starts with stop (but not "stop by/in/over"), quit, avoid, don't, do
     not, won't, will not, no, no more, not, never, give up, stay away from or
     cut out. Only the start is checked, so "Open no more than 2 cards" is fine,
     and a later clause that starts with an action says what they will do
     instead ("To avoid late fees, pay rent by the 1st", "Quit smoking and
     walk 20 minutes a day").
  2. Otherwise the ``strengths`` field must name at least one strength, or the
     goal's own text names one: "using her cooking skills", "build on his Dari",
     "with help from aunt Grace", "her experience as a cook" (``strengths_in_text``).
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
from datetime import date, timedelta

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

__all__ = ["GoalDraft", "Verdict", "check_goal", "date_in_text", "strengths_in_text", "summary"]


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
        "id", "ids", "identification", "document", "documents", "paperwork", "papers",
        "therapy", "therapist", "counseling", "counselling", "treatment", "apartment",
        "apartments", "room", "unit", "doctor", "appointment", "appointments", "meeting",
        "meetings", "class", "classes", "program", "programs", "training", "shelter",
        "medication", "medications", "meds", "care",
    )
)

# Words of time or frequency: they say when, not what.
TIME_WORDS = frozenset(
    (
        "today", "tomorrow", "tonight", "week", "weeks", "weekly", "month", "months", "monthly",
        "day", "days", "daily", "year", "years", "yearly", "time", "times", "night", "nights",
        "morning", "mornings", "evening", "evenings", "weekend", "weekends", "next", "soon",
        "end", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
        "every", "each", "regularly", "often", "asap",
    )
)

# One act that is done once it happens: a goal made of one of these has a clear finish.
ONE_STEP_VERBS = frozenset(
    (
        "open", "submit", "sign", "file", "enroll", "enrol", "register", "renew", "apply",
        "mail", "send", "pay", "book", "deposit", "cancel", "replace", "transfer", "upload",
        "print", "buy", "order", "request", "return", "schedule", "obtain", "fill",
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
_ONE_STEP_FORMS = frozenset(form for verb in ONE_STEP_VERBS for form in _verb_forms(verb))


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
    text = _TIME_SPAN_RE.sub(lambda m: " " * len(m.group()), text)
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


# --- Time frames in the goal's own words ---

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
            ("thursday", "thu", "thurs"), ("friday", "fri"), ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}  # fmt: skip
_NUMBER_VALUES = {word: n for n, word in enumerate(NUMBER_WORDS[:20], start=1)} | {
    "a": 1,
    "an": 1,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_BY = r"(?:by|before|on|until|till|no\s+later\s+than|due)"
_COUNT = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_VALUES, key=len, reverse=True)) + ")"
_UNIT = r"(day|week|month)s?"
_TIME_FRAME_RE = re.compile(
    rf"\b{_BY}\s+(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(week|month|year)\b"
    rf"|\b(?:within|in|inside)\s+(?:the\s+next\s+|the\s+)?{_COUNT}\s+{_UNIT}\b"
    rf"|\b(?:{_BY}\s+)?(?:(?:this|next)\s+)?({'|'.join(_WEEKDAYS)})\.?\b"
    rf"|\b(?:{_BY}\s+)?({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
    rf"|\b(?:{_BY}\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAME})\b"
    rf"(?:,?\s+(\d{{4}})\b)?"
    rf"|\b(?:{_BY}\s+)?(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{2}}|\d{{4}}))?\b"
    rf"|\b(?:{_BY}\s+)?(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})\b"
    rf"|\b(?:{_BY}\s+)?(today|tomorrow|tonight)\b"
    rf"|\b(?:{_BY}\s+)?(this|next)\s+(week|month)\b"
    rf"|\b{_BY}\s+the\s+(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+of\s+(?:each|every)\b)",
    re.IGNORECASE,
)


def _end_of_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _end_of_month(year, month).day))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _upcoming(year: int | None, month: int, day: int, today: date) -> date | None:
    """A month and day without a year: this year's, or next year's once it has passed."""
    if year is not None:
        return _safe_date(year, month, day)
    found = _safe_date(today.year, month, day)
    if found is not None and found < today:
        found = _safe_date(today.year + 1, month, day)
    return found


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _MONTHS[name[:3]]


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def date_in_text(text: str, today: date) -> tuple[date, str] | None:
    """The first time frame written in a goal, as a date worked out from ``today``, and
    the words it came from; None when the text names no time frame."""
    for match in _TIME_FRAME_RE.finditer(text):
        found = _time_frame(match, today)
        if found is not None:
            return found, _clean(match.group())
    return None


def _time_frame(match: re.Match[str], today: date) -> date | None:
    g: list[str] = [part.lower() if part else "" for part in match.groups()]
    if g[0]:  # the end of the week / month / year
        if g[0] == "week":
            return today + timedelta(days=6 - today.weekday())
        if g[0] == "month":
            return _end_of_month(today.year, today.month)
        return date(today.year, 12, 31)
    if g[1]:  # within / in N days / weeks / months
        count = int(g[1]) if g[1].isdigit() else _NUMBER_VALUES[g[1]]
        if g[2] == "day":
            return today + timedelta(days=count)
        if g[2] == "week":
            return today + timedelta(weeks=count)
        return _add_months(today, count)
    if g[3]:  # a weekday: the next one after today
        ahead = (_WEEKDAYS[g[3]] - today.weekday()) % 7 or 7
        if "next" in match.group().lower().split() and ahead < 7:
            ahead += 7 if today.weekday() >= _WEEKDAYS[g[3]] else 0
        return today + timedelta(days=ahead)
    if g[4]:  # "March 15", "Mar. 15, 2027"
        return _upcoming(_year(g[6]), _month(g[4]), int(g[5]), today)
    if g[7]:  # "15 March", "the 15th of March"
        return _upcoming(_year(g[9]), _month(g[8]), int(g[7]), today)
    if g[10]:  # "3/15", "3/15/2027"
        return _upcoming(_year(g[12]), int(g[10]), int(g[11]), today)
    if g[13]:  # "2027-03-15"
        return _safe_date(int(g[13]), int(g[14]), int(g[15]))
    if g[16]:  # today / tomorrow / tonight
        return today + timedelta(days=1 if g[16] == "tomorrow" else 0)
    if g[17]:  # this / next week or month: its last day
        if g[18] == "week":
            end = today + timedelta(days=6 - today.weekday())
            return end + timedelta(weeks=1) if g[17] == "next" else end
        months = 1 if g[17] == "next" else 0
        shifted = _add_months(today.replace(day=1), months)
        return _end_of_month(shifted.year, shifted.month)
    if g[19]:  # "by the 15th": the next such day of the month
        day = int(g[19])
        found = _safe_date(today.year, today.month, day)
        if found is None or found < today:
            nxt = _add_months(today.replace(day=1), 1)
            found = _safe_date(nxt.year, nxt.month, day)
        return found
    return None


# Time frames are not quantities (masked before looking for a count).
_TIME_SPAN_RE = re.compile(
    rf"\b(?:within|in|inside)\s+(?:the\s+next\s+|the\s+)?{_COUNT}\s+{_UNIT}\b", re.IGNORECASE
)

# A strength named in the goal's own words.
_STRENGTH_IN_TEXT_RE = re.compile(
    r"\b(?:using|use|uses|build(?:s|ing)?\s+on|draw(?:s|ing)?\s+on|lean(?:s|ing)?\s+on"
    r"|with\s+(?:help|support)\s+from|thanks\s+to)\s+"
    r"((?:(?:her|his|their|my|our|the)\s+)?[^\W\d_][\w'\u2019-]*(?:\s+[^\W\d_][\w'\u2019-]*){0,3})"
    r"|\b(?:her|his|their|my|our)\s+((?:[^\W\d_][\w'\u2019-]*\s+){0,2}"
    r"(?:skills?|strengths?|experience|talents?|knowledge|network|gift))\b",
    re.IGNORECASE,
)


def strengths_in_text(text: str) -> list[str]:
    """Strengths the goal's own words build on ("using her cooking skills" -> "her cooking
    skills"), as written."""
    found = []
    for match in _STRENGTH_IN_TEXT_RE.finditer(text):
        named = match.group(1) or match.group(2)
        named = re.split(r"\s+(?:to|and|by|at|for|in|on|with)\s+", named, maxsplit=1)[0]
        if _content_stems(named):
            found.append(_clean(named))
    return found


# --- The six letters ---


def _without_time_frames(text: str) -> str:
    """The text with its time frames ("by Friday", "within 30 days") blanked out."""
    return _TIME_FRAME_RE.sub(lambda m: " " * len(m.group()), text)


def _one_step(text: str) -> str | None:
    """The words of a one-step goal with a clear finish ("Open a checking account at the
    credit union"), or None: a single act from ``ONE_STEP_VERBS``, no second action."""
    plain = _without_time_frames(text)
    words = _words(plain)
    first = next(
        (
            w
            for i, w in enumerate(words)
            if w in _ACTION_FORMS and not (i > 0 and words[i - 1] in _NEGATORS)
        ),
        None,
    )
    if first is None or first not in _ONE_STEP_FORMS:
        return None
    clauses = re.split(r"[,;]|\band\b|\bthen\b", plain)[1:]
    if any((w := _words(clause)) and w[0] in _ACTION_FORMS for clause in clauses):
        return None  # a second action: more than one step
    if any(w in TIME_WORDS or w in {"keep", "each", "every"} for w in words):
        return None  # a habit, not one step
    return _clean(_without_time_frames(text))


def _specific(text: str) -> Verdict:
    text = _without_time_frames(text)
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
                and w not in TIME_WORDS
                and w not in _NEGATORS
            ]
            if objects:
                last = matches[min(i + 6, len(matches) - 1)]
                phrase = _clean(text[matches[i].start() : last.end()])
                if last is not matches[-1]:
                    phrase += "…"
                return _verdict(
                    "S",
                    "Specific",
                    True,
                    _("Says what will be done: “%(phrase)s”.") % {"phrase": phrase},
                )
    return _verdict("S", "Specific", False, SPECIFIC_FAIL)


def _measurable(text: str, measure: str, specific: bool = False) -> Verdict:
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
    step = _one_step(text) if specific and not measure_vague else None
    if step is not None:
        return _verdict(
            "M",
            "Measurable",
            True,
            _("One step with a clear finish: %(step)s.") % {"step": _quote(step)},
        )
    if measure_vague:
        return _verdict(
            "M", "Measurable", False, MEASURE_VAGUE_REASON % {"measure": _quote(measure)}
        )
    return _verdict("M", "Measurable", False, MEASURE_MISSING)


def _time_framed(target: date | None, today: date, text: str = "") -> Verdict:
    written = None
    if target is None:
        in_text = date_in_text(text, today)
        if in_text is None:
            return _verdict("T", "Time-framed", False, DATE_MISSING)
        target, written = in_text
    days = (target - today).days
    if days < 0:
        return _verdict("T", "Time-framed", False, DATE_PASSED)
    if days > MAX_DAYS_AHEAD:
        return _verdict("T", "Time-framed", False, DATE_TOO_FAR)
    if written is not None:
        return _verdict(
            "T",
            "Time-framed",
            True,
            _("Target date %(day)s (%(distance)s), from the goal's words %(words)s.")
            % {
                "day": format_date(target),
                "distance": distance(target, today),
                "words": _quote(written),
            },
        )
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
        named = strengths_in_text(text)
        if not named:
            return _verdict("S", name, False, STRENGTH_MISSING)
        strengths = ", ".join(named)
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
    specific = _specific(text)
    return [
        specific,
        _measurable(text, goal.measure, specific.passes),
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
        _time_framed(goal.target_date, today, text),
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
