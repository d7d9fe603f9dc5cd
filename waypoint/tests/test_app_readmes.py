"""Every app says in three lines what belongs in it, what does not, and what others may
call; every module, function or constant those lines name in backticks exists, so the
README cannot drift from the code unnoticed."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

WAYPOINT = Path(__file__).resolve().parents[1]
HEADINGS = ("**Belongs here:**", "**Not here:**", "**Others may call:**")
NAMED = re.compile(r"`([a-z_]+(?:\.[A-Za-z_]+)+(?:/[A-Za-z_]+)*)`")


def _apps() -> list[Path]:
    return sorted(path.parent for path in WAYPOINT.glob("*/apps.py"))


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        return None


def _exists(app: str, named: str) -> bool:
    path, *more = named.split("/")
    parts = path.split(".")
    for base in (f"waypoint.{app}", "waypoint", ""):
        if _module(".".join(filter(None, [base, path]))) is not None and not more:
            return True
        module = _module(".".join(filter(None, [base, *parts[:-1]])))
        if module is not None and all(hasattr(module, n) for n in [parts[-1], *more]):
            return True
    return False


def test_every_app_has_its_three_line_readme() -> None:
    apps = _apps()
    assert len(apps) >= 20
    missing = [app.name for app in apps if not (app / "README.md").exists()]
    assert missing == []
    for app in apps:
        text = (app / "README.md").read_text(encoding="utf-8")
        assert [h for h in HEADINGS if h not in text] == [], app.name


def test_what_a_readme_names_exists() -> None:
    unknown = []
    for app in _apps():
        text = (app / "README.md").read_text(encoding="utf-8")
        for named in NAMED.findall(text):
            if named.endswith((".py", ".html", ".md")):
                continue
            if not _exists(app.name, named):
                unknown.append(f"{app.name}: {named}")
    assert unknown == []
