"""A time shown with "a.m."/"p.m." never ends a sentence that adds its own full stop.

Django writes the "a" format as "a.m." or "p.m."; "Saved at {{ time }}." would print
"Saved at 4:51 p.m.." So a sentence puts such a time before its last word, or has no
full stop after it. This reads every template, so a new page is covered without
anyone listing it.
"""

from __future__ import annotations

import re
from pathlib import Path

WAYPOINT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"\{% blocktranslate([^%]*)%\}(.*?)\{% endblocktranslate %\}", re.S)
DATED = re.compile(r"(\w+)=[\w.]+\|date:\"[^\"]*a\"")
NOW = re.compile(r"\{% now \"[^\"]*a\" as (\w+) %\}")


def _offenders(text: str) -> list[str]:
    found = []
    now_names = set(NOW.findall(text))
    for match in BLOCK.finditer(text):
        head, body = match.group(1), match.group(2)
        names = set(DATED.findall(head))
        # "with day=printed_at" where printed_at came from {% now "... a" %}
        names |= {n for n, source in re.findall(r"(\w+)=(\w+)", head) if source in now_names}
        names |= {n for n in now_names if "with" not in head}
        for name in names:
            if re.search(r"\{\{ ?" + name + r" ?\}\}\.", body):
                found.append(body.strip()[:80])
    return found


def test_no_sentence_adds_a_full_stop_after_a_m_or_p_m() -> None:
    templates = sorted(WAYPOINT.glob("**/templates/**/*.html"))
    assert len(templates) > 100
    offenders = {
        str(path.relative_to(WAYPOINT)): found
        for path in templates
        if (found := _offenders(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_finds_the_mistake() -> None:
    end = "{% endblocktranslate %}"
    bad = '{% blocktranslate with day=note.updated_at|date:"M j, g:i a" %}Saved {{ day }}.' + end
    printed = '{% now "g:i a" as at %}{% blocktranslate with day=at %}Printed {{ day }}.' + end
    fine = '{% blocktranslate with day=note.updated_at|date:"M j, Y" %}Saved {{ day }}.' + end
    assert _offenders(bad) == ["Saved {{ day }}."]
    assert _offenders(printed) == ["Printed {{ day }}."]
    assert _offenders(fine) == []
