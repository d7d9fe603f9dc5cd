"""Every word a person reads in Waypoint is marked for translation: each template's
visible text, and the strings Python code shows (refusals, messages, form labels and
choices). The catalogs themselves are checked in ``plans/tests/test_print_language.py``."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR) / "waypoint"

VISIBLE_ATTRIBUTES = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"{]*)"')
COMMENT = re.compile(r"<!--.*?-->", re.S)
WORDS = re.compile(r"[^\W\d_]{2,}")
BLOCK_TRANSLATION = ("blocktranslate", "blocktrans")
# Names, not words to translate.
NAMES = {"Waypoint"}


def unmarked(source: str) -> list[str]:
    """The words a reader would see untranslated: text between HTML tags outside any
    translation tag, and the literal words of visible attributes (alt, title,
    aria-label, placeholder)."""
    found: list[str] = []
    in_tag = False
    in_translation = 0
    tag: list[str] = []
    for token in Lexer(COMMENT.sub("", source)).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name in BLOCK_TRANSLATION:
                in_translation += 1
            elif name.removeprefix("end") in BLOCK_TRANSLATION:
                in_translation -= 1
            continue
        if token.token_type != TokenType.TEXT or in_translation:
            continue
        shown: list[str] = []
        for char in token.contents:
            if in_tag:
                tag.append(char)
                if char == ">":
                    in_tag = False
                    found += VISIBLE_ATTRIBUTES.findall("".join(tag))
                    tag = []
            elif char == "<":
                in_tag, tag = True, ["<"]
                shown.append("\n")
            else:
                shown.append(char)
        found += [line.strip() for line in "".join(shown).split("\n") if WORDS.search(line)]
    return [text for text in found if set(WORDS.findall(text)) - NAMES]


def templates() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*")
        if path.is_file() and path.suffix in {".html", ".txt"}
    )


@pytest.mark.parametrize("name", templates())
def test_every_word_of_each_template_is_marked_for_translation(name):
    assert unmarked((ROOT / name).read_text(encoding="utf-8")) == []


def test_the_template_check_finds_words_left_unmarked():
    source = (
        '{% load i18n %}<p>{% translate "Fine" %}</p><h2>Your goals</h2>'
        '<img alt="A picture"><a href="{% url "x" %}" class="a">Back</a>'
    )
    assert sorted(unmarked(source)) == ["A picture", "Back", "Your goals"]
    # Words inside a block translation, tags' other attributes and comments are fine.
    fine = (
        '{% load i18n %}<!-- A note --><html dir="{% if rtl %}rtl{% else %}ltr{% endif %}">'
        "{% blocktranslate with n=1 %}Goal {{ n }}{% endblocktranslate %} · “{{ g.words }}”"
    )
    assert unmarked(fine) == []


# --- Python ------------------------------------------------------------------------------

# Calls whose words reach a person: a refusal, a form error, a flash message.
SHOWN_FIRST = {"ActionRefused", "CapExceeded", "ValidationError", "refuse"}
MESSAGES = {"success", "info", "warning", "error", "debug"}
SHOWN_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
TRANSLATE = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
}
# Code no person reads in the product's own language: the API speaks English to
# programs, management commands to operators, demo and bench data is data.
SKIPPED = ("tests/", "migrations/", "management/", "api/", "demo")


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _words(node: ast.expr) -> bool:
    """Whether an expression is literal text with words in it (not yet translated)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(set(WORDS.findall(node.value)) - NAMES)
    if isinstance(node, ast.JoinedStr):
        return any(_words(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    return False


def literal_text(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each untranslated literal a person would read."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        shown: list[ast.expr] = []
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in SHOWN_FIRST and node.args:
                shown.append(node.args[0])
            if name in MESSAGES and _name(getattr(node.func, "value", node.func)) == "messages":
                shown += node.args[1:2]
            shown += [kw.value for kw in node.keywords if kw.arg in SHOWN_KEYWORDS]
            shown += [kw.value for kw in node.keywords if kw.arg == "message"]
        elif isinstance(node, ast.ClassDef) and any("Choices" in _name(b) for b in node.bases):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                    shown += statement.value.elts[-1:]
        for expr in shown:
            if _words(expr):
                yield expr.lineno, ast.unparse(expr)[:80]


def modules() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/*.py")
        if not any(part in str(path.relative_to(ROOT)) for part in SKIPPED)
    )


@pytest.mark.parametrize("name", modules())
def test_the_words_python_shows_are_marked_for_translation(name):
    assert list(literal_text((ROOT / name).read_text(encoding="utf-8"))) == []


def test_the_python_check_finds_words_left_unmarked():
    source = (
        "from django.utils.translation import gettext as _\n"
        "raise ActionRefused('Pick a date.', field='on')\n"
        "raise ActionRefused(_('Fine.'))\n"
        "raise ActionRefused(f'{who} saved first.')\n"
        "messages.success(request, 'Saved.')\n"
        "messages.success(request, _('Saved %(n)s.') % {'n': 1})\n"
        "field = forms.CharField(label='Name', help_text=_('Fine'))\n"
        "class Status(models.TextChoices):\n"
        "    OPEN = 'open', 'Open'\n"
        "    DONE = 'done', _('Done')\n"
    )
    assert sorted(line for line, _ in literal_text(source)) == [2, 4, 5, 7, 9]
