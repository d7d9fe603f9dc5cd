"""The README's demo sign-ins are the demo's: the same usernames, the same password."""

from __future__ import annotations

import re
from pathlib import Path

from waypoint.demo.management.commands.seed_demo import (
    DEMO_PASSWORD,
    PARTNER_USERNAME,
    PROGRAMS,
    STAFF,
)

README = Path(__file__).resolve().parents[3] / "README.md"


def _table_usernames(text: str) -> list[str]:
    return re.findall(r"^\| `([a-z0-9]+)` \|", text, flags=re.MULTILINE)


def test_the_readme_names_every_demo_sign_in_and_the_password() -> None:
    text = README.read_text(encoding="utf-8")
    staff = [spec.username for spec in STAFF]
    assert len(staff) == 13
    assert f"{len(staff)} staff" in text
    assert _table_usernames(text) == [*staff, PARTNER_USERNAME, "participant"]
    assert f"**`{DEMO_PASSWORD}`**" in text
    for settings in PROGRAMS.values():
        assert settings["name"] in text
