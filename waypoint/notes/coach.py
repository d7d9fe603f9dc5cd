"""The writing coach: quiet, private advice beside a SOAP-D progress note as it is typed.

A navigator writes a progress note in five sections (``SECTIONS``): strengths
observed, the objective account, the assessment, the plan and new data. The coach
reads each section and points out words that label or judge a person, opinions in
the objective account, and shorthand or slang, each with a kinder or plainer way
to say it and one short sentence on why. It also notices a section left empty, a
note with no goal linked and a plan with no next meeting. It only advises: nothing
here ever blocks saving or signing a note.

Everything is pure Python with the standard library's ``re`` (and Django's
``gettext`` for Waypoint's own wording of the advice); no network, nothing
leaves the page's server process, and a whole note is checked in a few
milliseconds, so it can run on every pause in typing.

How a phrase is matched
-----------------------

Each ``Rule`` has a ``phrase``. Matching is case-insensitive and only ever
matches whole words:

* A phrase is found only where it starts and ends at a word edge: "addict" is not
  found in "addiction", "claims" not in "reclaims", "difficult" not in
  "difficulty". Words glued on with a full stop, hyphen or slash do not count as
  an edge either, so "u" is not found in "U.S." or "U-Haul", "client" not in
  "client-centred" and "pt" not in "pt/family". A possessive is fine: "client's"
  is found as "client".
* A hyphen in a phrase matches a hyphen, spaces or nothing: "non-compliant" finds
  "non-compliant", "non compliant" and "noncompliant". A space in a phrase matches
  any run of spaces, line breaks or hyphens ("in denial", "in  denial").
* Straight and curly apostrophes are the same: "I'm sure" also finds it typed
  with a curly apostrophe.
* A phrase that ends with ``*`` straight after a letter means "this stem and any
  further letters": "manipulat*" finds "manipulative" and "manipulating" (the
  default list does not use this, because stems catch too much: "refus*" would
  also find "refuse collection"). A ``*`` anywhere else is an ordinary character.
* Any other character in a phrase (a full stop, a slash, a bracket) matches
  itself. A phrase made only of hyphens and apostrophes is skipped.

When matches would overlap, the one that starts first wins, and at the same
starting point the longer phrase wins ("I think" over "think", "w/o" over "w/").

When a match is not advice
--------------------------

* **Quotations.** Text inside double quotes, straight ``"…"`` or curly ``“…”``, is
  the participant's own words and is never flagged. A quote that is not closed
  runs to the end of its paragraph (the next line break).
* **Sections.** A rule with ``sections`` only applies there. Opinion rules with no
  sections given apply only to ``objective``: "seems" in the assessment is fine,
  because the assessment is where interpretation belongs.
* **Context.** ``not_after`` lists words that, when they come right before the
  match, mean it is fine ("spoke clearly"); ``not_before`` lists words that, when
  they come right after it, mean it is fine ("crisis line", "appears in court").
  "Right before/after" means separated only by spaces or a hyphen: in "She spoke.
  Clearly, she was upset" the full stop breaks the link and "Clearly" is flagged.
  When the longest match at a place is ruled out by context, a shorter phrase at
  the same place can still be advice.

Other forms of a word, and patterns
-----------------------------------

English label phrases made only of words (no ``*``) also find the other forms of
their words, by dictionary forms (lemmas, from ``lemminflect``): "refused" finds
"refusing", "claims" finds "claiming", "felon" finds "felons", "lazy" finds
"lazier". Only an inflected word in the text is looked up, never a bare dictionary
form: "refused" does not find "refuse" (as in "refuse collection") and "claims"
does not find "claim" (as in "claim form"). Where the text has exactly a phrase of
the list (on, or switched off), that phrase alone decides, context and all; another
form must fit the context words of every rule it could belong to.

A ``Patterns`` (the default coach has ``coach_defaults.DEFAULT_PATTERNS``) adds
three word patterns on top of the list, each flagged as a label:

* a person word, a linking verb and a judging word: "she is hostile", "he was
  very dysfunctional", "Maria seems entitled"; a judging word right before a person
  word counts too ("a hostile participant");
* a label used as a noun for people: a determiner, the word, and then no noun
  ("a schizophrenic", "the disabled", but not "a schizophrenic episode");
* a person word and a doubt-casting verb about what they said: "she insisted",
  "Marcus alleges", "the tenant is claiming".

A name is a capitalised word the dictionary does not know ("Maria", "Amani").

Placeholders
------------

A section holding only a placeholder ("None.", "N/A", "-", "TBD", "...") counts as
empty, so it gets the same advice as an empty one (``is_blank``).

Speed
-----

A ``Coach`` compiles its rules once, per section, into one regular expression
shaped like a letter tree (phrases sharing a beginning share a branch), with an
empty named group at the end of each phrase that says which rules it belongs to.
One scan of a section finds every candidate; quotations are worked out once per
section. The word-form and pattern layers split the section into words once and look
each distinct word up once per process (``lru_cache``); the dictionary is loaded on
first use, not at import. A 2,000-word note takes a few milliseconds.

Writing the advice
------------------

``Rule.suggestion`` is either the better words (``"person who uses drugs"``;
alternatives separated by `` / ``) or, when it ends with a full stop, an
instruction ("Describe what the person did and said."). It may be empty for
opinion rules, where the ``why`` says it all. ``Advice.message`` turns one piece
of advice into one readable sentence.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

KINDS = ("label", "opinion", "shorthand")
SECTIONS = ("strengths", "objective", "assessment", "plan", "data")
# The only sections a short note for an attempted (missed) contact asks for.
ATTEMPT_SECTIONS = ("objective", "plan")
STRUCTURAL_KINDS = ("empty", "goal", "next_meeting")

# Structural advice: what to add when a section is empty, per section. Waypoint's own
# words, marked for translation here and translated when read (``Advice.message``).
EMPTY_ADVICE: dict[str, tuple[str, str]] = {
    "strengths": (
        gettext_noop(
            "Add one strength you noticed, such as being on time or asking for what they need."
        ),
        gettext_noop("Starting from strengths keeps the whole note fair."),
    ),
    "objective": (
        gettext_noop("Add what happened: what you saw and heard, and what was said."),
        gettext_noop("Facts help the next person pick up where you left off."),
    ),
    "assessment": (
        gettext_noop("Add how things are going, including how the participant sees it."),
        gettext_noop("Their own view belongs next to yours."),
    ),
    "plan": (
        gettext_noop("Add the next steps, who will do each one, and when you will meet next."),
        gettext_noop("A clear plan lets everyone know what happens next."),
    ),
    "data": (
        gettext_noop("Add anything new in their life, or write “nothing new”."),
        gettext_noop("Writing “nothing new” shows you asked."),
    ),
}
EMPTY_ATTEMPT_ADVICE: dict[str, tuple[str, str]] = {
    "objective": (
        gettext_noop("Add how you tried to reach the participant, and when."),
        gettext_noop("A record of each try shows the effort made to stay in touch."),
    ),
    "plan": (
        gettext_noop("Add when and how you will try again."),
        gettext_noop("Planning the next try keeps the door open."),
    ),
}
GOAL_ADVICE = (
    gettext_noop("Link this note to one of the participant's goals."),
    gettext_noop("It shows how today's work moves their plan forward."),
)
NEXT_MEETING_ADVICE = (
    gettext_noop("Add when you will meet next."),
    gettext_noop("A set time makes the next step real for both of you."),
)


@dataclass(frozen=True)
class Rule:
    """One word or phrase to point out, and what to write instead."""

    kind: str  # one of KINDS
    phrase: str  # words to find; see the module docstring for how they match
    suggestion: str  # better words ("a / b" for alternatives) or an instruction ending in "."
    why: str  # one short plain sentence
    sections: tuple[str, ...] = ()  # () = every section (opinion rules: objective only)
    not_after: tuple[str, ...] = ()  # fine when the word right before is one of these
    not_before: tuple[str, ...] = ()  # fine when the word right after is one of these
    language: str = "en"  # the language its phrase, suggestion and why are written in

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown kind {self.kind!r}; use one of {', '.join(KINDS)}.")
        if not self.phrase.strip():
            raise ValueError("A rule needs a phrase to look for.")
        unknown = [key for key in self.sections if key not in SECTIONS]
        if unknown:
            raise ValueError(f"Unknown section(s) {unknown!r}; use keys from {SECTIONS}.")
        if self.kind == "opinion" and not self.sections:
            object.__setattr__(self, "sections", ("objective",))


@dataclass(frozen=True)
class Advice:
    """One piece of advice on a note: a word in a section, or something missing."""

    section: str  # section key, or "" for advice on the whole note
    kind: str  # a rule kind, or "empty" | "goal" | "next_meeting"
    found: str  # the text matched, exactly as typed ("" for structural advice)
    start: int  # offset in that section's text (-1 for structural advice)
    end: int
    suggestion: str
    why: str
    language: str = ""  # a phrase's advice is worded in the phrase's own language

    @property
    def message(self) -> str:
        """One readable sentence, e.g. '“addict” → try “person who uses drugs”. Why…'.

        Structural advice is Waypoint's own wording and is read in the reader's language;
        a phrase's suggestion and why are the organization's list, as written, and the
        sentence around them is in the phrase's language (the language of the note)."""
        if not self.found:
            parts: tuple[str, ...] = (self.suggestion, self.why)
            if self.kind in STRUCTURAL_KINDS:
                parts = tuple(gettext(part) if part else part for part in parts)
            return " ".join(part for part in parts if part)
        if self.language:
            with translation.override(self.language):
                return self._worded()
        return self._worded()

    def _worded(self) -> str:
        quoted = f"“{self.found}”"
        if not self.suggestion:
            return f"{quoted}: {self.why}" if self.why else quoted
        if self.suggestion.endswith((".", "!", "?")):
            return " ".join(part for part in (f"{quoted}: {self.suggestion}", self.why) if part)
        options = [option.strip() for option in self.suggestion.split(" / ") if option.strip()]
        tried = f"“{options[0]}”" if options else ""
        for option in options[1:]:
            tried = gettext("%(earlier)s or %(option)s") % {
                "earlier": tried,
                "option": f"“{option}”",
            }
        sentence = gettext("%(found)s → try %(options)s.") % {"found": quoted, "options": tried}
        return " ".join(part for part in (sentence, self.why) if part)


# --- Compiling phrases ----------------------------------------------------------------

# Special atoms of a phrase (everything else is one literal character).
_HYPHEN = "\x00-"  # hyphen, spaces or nothing
_SPACE = "\x00 "  # spaces, line breaks or hyphens (at least one)
_APOSTROPHE = "\x00'"  # straight or curly apostrophe
_STAR = "\x00*"  # any further letters
_ATOM_PATTERNS = {
    _HYPHEN: r"[\s\-]*",
    _SPACE: r"[\s\-]+",
    _APOSTROPHE: "['\u2019\u2018]",
    _STAR: r"[^\W\d_]*",
}
# A match must not be glued to a word before it, nor (when the phrase ends in a
# letter or digit) to one after it, directly or through a full stop, hyphen or slash.
_START_EDGE = r"(?<!\w)(?<!\w[.\-/])"
_END_EDGE = r"(?![.\-/]?\w)"
_FLAGS = re.IGNORECASE


def _atoms(phrase: str) -> tuple[str, ...]:
    text = re.sub(r"\s*-\s*", "-", " ".join(phrase.lower().split()))
    atoms: list[str] = []
    for i, char in enumerate(text):
        if char == " ":
            atoms.append(_SPACE)
        elif char == "-":
            atoms.append(_HYPHEN)
        elif char in "'\u2019\u2018":
            atoms.append(_APOSTROPHE)
        elif char == "*" and i == len(text) - 1 and i > 0 and text[i - 1].isalpha():
            atoms.append(_STAR)
        else:
            atoms.append(char)
    return tuple(atoms)


def _atom_pattern(atom: str) -> str:
    return _ATOM_PATTERNS.get(atom) or re.escape(atom)


def _needs_end_edge(atoms: tuple[str, ...]) -> bool:
    last = atoms[-1]
    return last == _STAR or (len(last) == 1 and (last.isalnum() or last == "_"))


@dataclass(frozen=True, eq=False)
class _Compiled:
    rule: Rule
    order: int  # position in the coach's list, to break ties
    atoms: tuple[str, ...]
    alone: re.Pattern[str]  # this phrase on its own (used only when context rules one out)
    not_after: frozenset[str]
    not_before: frozenset[str]


class _Node:
    __slots__ = ("children", "leaf")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.leaf: list[_Compiled] = []


@dataclass(frozen=True)
class _Program:
    """Everything needed to check one section."""

    pattern: re.Pattern[str]
    leaves: dict[str, tuple[_Compiled, ...]]  # group name -> rules ending there, in order
    longest_first: tuple[_Compiled, ...]


def _child_order(atom: str) -> tuple[bool, str]:
    return (atom.startswith("\x00"), atom)


def _emit(node: _Node, last: str | None, leaves: dict[str, tuple[_Compiled, ...]]) -> str:
    branches = [
        _atom_pattern(atom) + _emit(child, atom, leaves)
        for atom, child in sorted(node.children.items(), key=lambda item: _child_order(item[0]))
    ]
    if node.leaf:
        name = f"r{len(leaves)}"
        leaves[name] = tuple(sorted(node.leaf, key=lambda compiled: compiled.order))
        edge = _END_EDGE if last is not None and _needs_end_edge((last,)) else ""
        branches.append(f"{edge}(?P<{name}>)")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _program(rules: list[_Compiled]) -> _Program | None:
    if not rules:
        return None
    root = _Node()
    for compiled in rules:
        node = root
        for atom in compiled.atoms:
            node = node.children.setdefault(atom, _Node())
        node.leaf.append(compiled)
    leaves: dict[str, tuple[_Compiled, ...]] = {}
    pattern = re.compile(_START_EDGE + _emit(root, None, leaves), _FLAGS)
    longest_first = tuple(sorted(rules, key=lambda c: (-len(c.atoms), c.order)))
    return _Program(pattern, leaves, longest_first)


# --- Quotations and neighbouring words ---------------------------------------------------

_QUOTE_OR_BREAK = re.compile('["“”\n]')
_JOINERS = frozenset(" \t\r\n\f\v\u00a0-")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Where the quotations are: (start, end) pairs, in order, quote marks included."""
    spans: list[tuple[int, int]] = []
    opened = -1
    for mark in _QUOTE_OR_BREAK.finditer(text):
        char, at = mark.group(), mark.start()
        if char == "\n":
            if opened >= 0:
                spans.append((opened, at))
                opened = -1
        elif opened < 0:
            opened = at
        elif char != "“":
            spans.append((opened, at + 1))
            opened = -1
    if opened >= 0:
        spans.append((opened, len(text)))
    return spans


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "'\u2019_"


def _word_before(text: str, start: int) -> str:
    i = start
    while i > 0 and (text[i - 1] in _JOINERS or text[i - 1].isspace()):
        i -= 1
    j = i
    while j > 0 and _is_word_char(text[j - 1]):
        j -= 1
    return "" if i == start else text[j:i].lower().replace("\u2019", "'")


def _word_after(text: str, end: int) -> str:
    i = end
    while i < len(text) and (text[i] in _JOINERS or text[i].isspace()):
        i += 1
    j = i
    while j < len(text) and _is_word_char(text[j]):
        j += 1
    return "" if i == end else text[i:j].lower().replace("\u2019", "'")


def _fits(compiled: _Compiled, text: str, start: int, end: int) -> bool:
    if compiled.not_after and _word_before(text, start) in compiled.not_after:
        return False
    return not (compiled.not_before and _word_after(text, end) in compiled.not_before)


def _context_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.strip().lower().replace("\u2019", "'") for w in words if w.strip())


# --- Other forms of a word (lemmas) and patterns ----------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+")
# Two words of one phrase: spaces or a hyphen between, or the apostrophe of "he's".
_GAP_JOINED = re.compile(r"[\s\-]*|['\u2019]")
_PLACEHOLDERS = frozenset(
    ("none", "n/a", "na", "n.a", "-", "--", "---", "tbd", "tba", "...", "…", "nil", "null")
)


def is_blank(text: str) -> bool:
    """Empty, whitespace, or only a placeholder ("None.", "N/A", "-", "TBD", "...")."""
    stripped = " ".join(text.split()).casefold()
    if not stripped:
        return True
    return stripped in _PLACEHOLDERS or stripped.rstrip(".") in _PLACEHOLDERS


@functools.lru_cache(maxsize=1)
def _lemma_table() -> Callable[[str], dict[str, tuple[str, ...]]]:
    """lemminflect's look-up, imported (and its data loaded) on first use only."""
    from lemminflect import getAllLemmas  # type: ignore[import-untyped]

    return getAllLemmas  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=100_000)
def _word_info(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """For a lowercased word: (its dictionary forms when it is an inflected form, else
    nothing; its parts of speech). Only forms sharing the word's beginning count, so
    "worse" is not "bad" and "was" is not "be"."""
    found = _lemma_table()(word)
    lemmas = {lemma.lower() for forms in found.values() for lemma in forms}
    forms = frozenset() if word in lemmas else frozenset(x for x in lemmas if x[:3] == word[:3])
    return forms, frozenset(found)


def _base_forms(word: str) -> frozenset[str]:
    """A phrase word and its dictionary forms (for the rules' side)."""
    found = _lemma_table()(word)
    lemmas = {lemma.lower() for forms in found.values() for lemma in forms}
    return frozenset({word} | {x for x in lemmas if x[:3] == word[:3]})


@dataclass(frozen=True)
class Patterns:
    """Word patterns the coach finds beyond its list (see the module docstring)."""

    persons: frozenset[str]  # words that name a person ("she", "participant", "tenant")
    linking: frozenset[str]  # linking verbs as written ("is", "was", "seems", "acted")
    softeners: frozenset[str]  # words that may sit between ("very", "always", "being")
    determiners: frozenset[str]  # "a", "an", "the", "this", ...
    not_nouns: frozenset[str]  # words after a label that show it is used as a noun ("who")
    judging: Mapping[str, tuple[str, str]]  # word -> (suggestion, why)
    nouns: Mapping[str, tuple[str, str]]  # label used as a noun -> (suggestion, why)
    doubting: Mapping[str, str]  # verb (dictionary form) -> why
    doubt_suggestions: Mapping[str, str] = field(default_factory=dict)  # ending -> suggestion
    # judging word -> words right after it that make it fine ("entitled to a hearing")
    fine_before: Mapping[str, frozenset[str]] = field(default_factory=dict)
    joiners: frozenset[str] = frozenset(("and", "or", "but"))  # "lazy and stubborn"


@dataclass(frozen=True, eq=False)
class _Form:
    compiled: _Compiled
    words: tuple[str, ...]
    keys: tuple[frozenset[str], ...]  # per phrase word: the word and its dictionary forms


_FORM_PHRASE = re.compile(r"[a-z]+(?:[ \-][a-z]+)*")


def _normal(phrase: str) -> str:
    return " ".join(re.split(r"[\s\-]+", phrase.lower().replace("\u2019", "'")))


class _Token:
    """One word of a section; its dictionary forms are looked up once per word."""

    __slots__ = ("end", "start", "word")

    def __init__(self, match: re.Match[str]) -> None:
        self.start, self.end = match.span()
        self.word = match.group().lower()

    @property
    def forms(self) -> frozenset[str]:
        return _word_info(self.word)[0]

    @property
    def pos(self) -> frozenset[str]:
        return _word_info(self.word)[1]


def _window(text: str, at: int, reach: int = 48) -> tuple[list[_Token], int]:
    """The words around the word starting at ``at`` (``reach`` characters either side),
    and the index of that word among them. A word cut by the window's edge is left out."""
    start = max(0, at - reach)
    while start > 0 and _TOKEN.match(text, start - 1):
        start += 1  # inside a word: skip to its end
        if start >= at:
            start = at
            break
    tokens = [_Token(match) for match in _TOKEN.finditer(text, start, at + reach)]
    if tokens and tokens[-1].end == at + reach and _TOKEN.match(text, at + reach):
        tokens.pop()  # cut by the right edge
    index = next(i for i, token in enumerate(tokens) if token.start == at)
    return tokens, index


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Only spaces or a hyphen between two words."""
    return _GAP_JOINED.fullmatch(text, left.end, right.start) is not None


def _glued(text: str, start: int, end: int) -> bool:
    """The span is part of a longer word, e.g. "U.S." or "client-centred"."""
    if start >= 2 and text[start - 1] in ".-/" and text[start - 2].isalnum():
        return True
    return end + 1 < len(text) and text[end] in ".-/" and text[end + 1].isalnum()


def _is_person(patterns: Patterns, text: str, token: _Token) -> bool:
    if token.word in patterns.persons or token.forms & patterns.persons:
        return True
    return text[token.start].isupper() and not token.pos and len(token.word) > 1


def _back(text: str, tokens: list[_Token], i: int, skip: frozenset[str]) -> int:
    """The index of the first word before ``i`` (joined to it) that is not in ``skip``."""
    j = i - 1
    while j >= 0 and _joined(text, tokens[j], tokens[j + 1]) and tokens[j].word in skip:
        j -= 1
    if j < 0 or not _joined(text, tokens[j], tokens[j + 1]):
        return -1
    return j


def _pattern(
    patterns: Patterns, text: str, tokens: list[_Token], i: int, listed: frozenset[str]
) -> tuple[str, str] | None:
    """(suggestion, why) when word ``i`` is a judging word about a person, a label used as
    a noun, or a doubt-casting verb about what a person said."""
    token = tokens[i]
    word = token.word
    judged = patterns.judging.get(word)
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if (
        judged is not None
        and after is not None
        and _joined(text, token, after)
        and after.word in patterns.fine_before.get(word, ())
    ):
        judged = None
    if judged is not None:
        if (
            after is not None
            and _joined(text, token, after)
            and _is_person(patterns, text, after)
            and f"{word} {after.word}" not in listed  # the list decides "homeless youth"
        ):
            return judged  # "a hostile participant"
        chained = patterns.softeners | patterns.joiners | patterns.judging.keys()
        j = _back(text, tokens, i, chained)
        if j >= 0 and tokens[j].word in patterns.linking:
            k = _back(text, tokens, j, patterns.softeners)
            if k >= 0 and _is_person(patterns, text, tokens[k]):
                return judged  # "she is hostile"
    named = patterns.nouns.get(word)
    if (
        named is not None
        and i > 0
        and tokens[i - 1].word in patterns.determiners
        and _joined(text, tokens[i - 1], token)
    ):
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            after is None
            or not _joined(text, token, after)
            or after.word in patterns.not_nouns
            or "AUX" in after.pos
            or (
                "VERB" in after.pos
                and not after.pos & {"NOUN", "ADJ"}
                and not after.word.endswith("ing")
            )
        ):
            return named  # "a schizophrenic", "the disabled are"
    doubted = [lemma for lemma in (word, *token.forms) if lemma in patterns.doubting]
    if doubted:
        skip = patterns.softeners
        if word.endswith("ing"):
            skip = skip | patterns.linking
        j = _back(text, tokens, i, skip)
        if j >= 0 and _is_person(patterns, text, tokens[j]):
            ending = next((end for end in ("ed", "ing", "s") if word.endswith(end)), "")
            suggestion = patterns.doubt_suggestions.get(ending, "")
            return suggestion, patterns.doubting[doubted[0]]
    return None


# --- The coach -------------------------------------------------------------------------


class Coach:
    """Advice for progress notes from one list of rules, compiled once."""

    def __init__(
        self,
        rules: Iterable[Rule],
        *,
        patterns: Patterns | None = None,
        quiet: Iterable[str] = (),
    ) -> None:
        """``patterns``: word patterns beyond the list (none unless given). ``quiet``:
        phrases switched off, so their other forms stay quiet too."""
        compiled = []
        for order, rule in enumerate(rules):
            atoms = _atoms(rule.phrase)
            if all(atom.startswith("\x00") for atom in atoms):
                continue  # only hyphens or apostrophes: nothing to find
            body = "".join(_atom_pattern(atom) for atom in atoms)
            edge = _END_EDGE if _needs_end_edge(atoms) else ""
            compiled.append(
                _Compiled(
                    rule=rule,
                    order=order,
                    atoms=atoms,
                    alone=re.compile(body + edge, _FLAGS),
                    not_after=_context_words(rule.not_after),
                    not_before=_context_words(rule.not_before),
                )
            )
        self.rules: tuple[Rule, ...] = tuple(c.rule for c in compiled)
        self._programs: dict[str, _Program | None] = {
            section: _program(
                [c for c in compiled if not c.rule.sections or section in c.rule.sections]
            )
            for section in SECTIONS
        }
        self.patterns = patterns
        self._exact = frozenset(
            {_normal(c.rule.phrase) for c in compiled} | {_normal(phrase) for phrase in quiet}
        )
        # Section -> dictionary form -> (position in the phrase, phrase) for every phrase
        # word that could be written in another form.
        self._forms: dict[str, dict[str, list[tuple[int, _Form]]]] = {s: {} for s in SECTIONS}
        self._triggers: dict[str, dict[str, bool]] = {section: {} for section in SECTIONS}
        for c in compiled:
            rule = c.rule
            phrase = _normal(rule.phrase)
            if rule.kind != "label" or rule.language != "en" or not _FORM_PHRASE.fullmatch(phrase):
                continue
            words = tuple(phrase.split())
            form = _Form(c, words, tuple(_base_forms(word) for word in words))
            for section in rule.sections or SECTIONS:
                index = self._forms[section]
                for j, keys in enumerate(form.keys):
                    for key in keys:
                        index.setdefault(key, []).append((j, form))

    def check_text(self, section: str, text: str) -> list[Advice]:
        """Word and phrase advice for one section's text, in order of position."""
        if section not in SECTIONS:
            raise ValueError(f"Unknown section {section!r}; use one of {', '.join(SECTIONS)}.")
        program = self._programs[section]
        if program is None or not text:
            return []
        quotes = _quote_spans(text)
        quote_starts = [start for start, _ in quotes]
        advice: list[Advice] = []
        search = program.pattern.search
        pos = 0
        while (match := search(text, pos)) is not None:
            start, end = match.span()
            k = bisect.bisect_right(quote_starts, start) - 1
            if k >= 0 and start < quotes[k][1]:
                pos = quotes[k][1]
                continue
            candidates = program.leaves[match.lastgroup or ""]
            chosen = next((c for c in candidates if _fits(c, text, start, end)), None)
            if chosen is None:
                chosen, end = self._shorter(program, candidates, text, start)
            if chosen is None:
                pos = start + 1
                continue
            rule = chosen.rule
            advice.append(
                Advice(
                    section,
                    rule.kind,
                    text[start:end],
                    start,
                    end,
                    rule.suggestion,
                    rule.why,
                    rule.language,
                )
            )
            pos = max(end, start + 1)
        if self.patterns is not None or self._forms[section]:
            extra = self._other_forms_and_patterns(section, text, quotes, advice)
            if extra:
                advice = sorted([*advice, *extra], key=lambda a: a.start)
        return advice

    def _other_forms_and_patterns(
        self, section: str, text: str, quotes: list[tuple[int, int]], taken: list[Advice]
    ) -> list[Advice]:
        """Advice from other forms of the list's words and from ``patterns``: never inside
        a quotation, never overlapping advice already found."""
        index = self._forms[section]
        patterns = self.patterns
        quote_starts = [start for start, _ in quotes]
        spans = [(a.start, a.end) for a in taken]
        starts = [a.start for a in taken]
        found: list[Advice] = []

        def free(start: int, end: int) -> bool:
            k = bisect.bisect_right(quote_starts, start) - 1
            if k >= 0 and start < quotes[k][1]:
                return False
            k = bisect.bisect_left(starts, end) - 1
            if k >= 0 and spans[k][1] > start:
                return False
            return not _glued(text, start, end)

        def add(start: int, end: int, suggestion: str, why: str, rule: Rule | None = None) -> None:
            k = bisect.bisect_left(starts, start)
            starts.insert(k, start)
            spans.insert(k, (start, end))
            kind, language = (rule.kind, rule.language) if rule else ("label", "en")
            found.append(
                Advice(section, kind, text[start:end], start, end, suggestion, why, language)
            )

        # Only words that can start something are looked at, each with the words around it:
        # the distinct words of the section are checked once (remembered per coach), then
        # one scan finds where those words are.
        triggers = self._triggers[section]
        hits = set()
        for written in set(_TOKEN.findall(text)):
            word = written.lower()
            starts_something = triggers.get(word)
            if starts_something is None:
                starts_something = self._starts_something(section, word)
            if starts_something:
                hits.add(written)
        if not hits:
            return found
        where = re.compile(
            r"(?<![^\W\d_])(?:"
            + "|".join(re.escape(w) for w in sorted(hits, key=len, reverse=True))
            + r")(?![^\W\d_])"
        )
        for hit in where.finditer(text):
            tokens, i = _window(text, hit.start())
            token = tokens[i]
            if index and token.forms:
                other = self._other_form(index, text, tokens, i)
                if other is not None:
                    start, end, rule = other
                    if free(start, end):
                        add(start, end, rule.suggestion, rule.why, rule)
                    continue
            if patterns is not None and token.word not in self._exact:
                said = _pattern(patterns, text, tokens, i, self._exact)
                if said is not None and free(token.start, token.end):
                    add(token.start, token.end, *said)
        return found

    def _starts_something(self, section: str, word: str) -> bool:
        """Whether a word can be part of another form of a phrase or of a pattern
        (remembered per section)."""
        keys = {word, *_word_info(word)[0]}
        patterns = self.patterns
        found = any(key in self._forms[section] for key in _word_info(word)[0]) or (
            patterns is not None
            and (
                word in patterns.judging
                or word in patterns.nouns
                or any(key in patterns.doubting for key in keys)
            )
        )
        triggers = self._triggers[section]
        if len(triggers) > 50_000:
            triggers.clear()
        triggers[word] = found
        return found

    def _other_form(
        self,
        index: dict[str, list[tuple[int, _Form]]],
        text: str,
        tokens: list[_Token],
        i: int,
    ) -> tuple[int, int, Rule] | None:
        """A list phrase written in another form, with the inflected word ``i`` in it:
        (start, end, rule). The earliest, then longest, phrase wins."""
        matched: list[tuple[int, int, _Form]] = []
        for key in tokens[i].forms:
            for j, form in index.get(key, ()):
                first, n = i - j, len(form.words)
                if first < 0 or first + n > len(tokens):
                    continue
                changed = False
                for k in range(n):
                    word = tokens[first + k]
                    if k and not _joined(text, tokens[first + k - 1], word):
                        break
                    if word.word != form.words[k]:
                        if not word.forms & form.keys[k]:
                            break
                        changed = True
                else:
                    if changed:
                        matched.append((first, -n, form))
        if not matched:
            return None
        first, minus_n, _ = min(matched, key=lambda m: (m[0], m[1]))
        group = sorted(
            (f.compiled for s, m, f in matched if (s, m) == (first, minus_n)),
            key=lambda c: c.order,
        )
        start, end = tokens[first].start, tokens[first - minus_n - 1].end
        if _normal(text[start:end]) in self._exact:
            return None  # the list has exactly these words: it decided already
        if not all(_fits(c, text, start, end) for c in group):
            return None
        return start, end, group[0].rule

    @staticmethod
    def _shorter(
        program: _Program, ruled_out: tuple[_Compiled, ...], text: str, start: int
    ) -> tuple[_Compiled | None, int]:
        """The longest other phrase at ``start`` that context does not rule out."""
        for compiled in program.longest_first:
            if compiled in ruled_out:
                continue
            found = compiled.alone.match(text, start)
            if found is not None and _fits(compiled, text, start, found.end()):
                return compiled, found.end()
        return None, start

    def check(
        self,
        sections: Mapping[str, str],
        *,
        attempt: bool = False,
        goals_linked: bool = True,
        next_meeting: bool = True,
    ) -> list[Advice]:
        """All advice for a note: words per section (in ``SECTIONS`` order), then what is missing.

        Missing sections count as empty. After the word advice come, in this order:
        one "empty" per empty, whitespace-only or placeholder ("N/A", "None.") section
        (for an attempted contact only ``objective`` and ``plan`` are expected, so only
        those can be empty); "goal"
        (section "") when no goal is linked; "next_meeting" (section "plan") when the
        plan has no next meeting. Attempt notes get neither "goal" nor "next_meeting".
        """
        unknown = [key for key in sections if key not in SECTIONS]
        if unknown:
            raise ValueError(f"Unknown section(s) {unknown!r}; use keys from {SECTIONS}.")
        texts = {key: sections.get(key) or "" for key in SECTIONS}
        advice: list[Advice] = []
        for key in SECTIONS:
            advice.extend(self.check_text(key, texts[key]))
        expected = ATTEMPT_SECTIONS if attempt else SECTIONS
        wording = EMPTY_ATTEMPT_ADVICE if attempt else EMPTY_ADVICE
        for key in expected:
            if is_blank(texts[key]):
                advice.append(Advice(key, "empty", "", -1, -1, *wording[key]))
        if not attempt and not goals_linked:
            advice.append(Advice("", "goal", "", -1, -1, *GOAL_ADVICE))
        if not attempt and not next_meeting:
            advice.append(Advice("plan", "next_meeting", "", -1, -1, *NEXT_MEETING_ADVICE))
        return advice


def default_rules() -> list[Rule]:
    """A fresh copy of the default list, in every language it has
    (``coach_defaults.DEFAULT_RULES`` and ``DEFAULT_RULES_ES``). A note is checked
    against all of them: it may be written in any language."""
    from waypoint.notes.coach_defaults import DEFAULT_RULES, DEFAULT_RULES_ES

    return [*DEFAULT_RULES, *DEFAULT_RULES_ES]


@functools.lru_cache(maxsize=1)
def default_coach() -> Coach:
    """The coach for the default list, compiled once per process."""
    from waypoint.notes.coach_defaults import DEFAULT_PATTERNS

    return Coach(default_rules(), patterns=DEFAULT_PATTERNS)
