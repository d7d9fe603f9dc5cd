"""Every page Waypoint serves as a whole document carries the favicon, print pages included.

Reads every template that opens its own <head>, so a new print page is covered
without anyone listing it. (Emails are not pages: their templates are left out.)
"""

from __future__ import annotations

from pathlib import Path

WAYPOINT = Path(__file__).resolve().parents[1]
ICON = """<link rel="icon" href="{% static 'favicon.svg' %}" type="image/svg+xml">"""


def test_every_page_with_its_own_head_has_the_favicon() -> None:
    pages = [
        path
        for path in sorted(WAYPOINT.glob("**/templates/**/*.html"))
        if "<head>" in path.read_text(encoding="utf-8") and "email" not in path.name
    ]
    assert len(pages) >= 8
    missing = [
        str(path.relative_to(WAYPOINT))
        for path in pages
        if ICON not in path.read_text(encoding="utf-8")
    ]
    assert missing == []
