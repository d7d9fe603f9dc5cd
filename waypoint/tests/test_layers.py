"""Imports go one way (docs/architecture.md, "Layers").

Within every app, and across apps: ``models`` import no queries, actions, forms or
views; ``queries`` import no actions, forms or views (writing the audit trail is the
one exception: a read funnel records the read); ``actions`` import no forms or views;
``forms`` import no views. Page modules (``page``, ``panels``) sit with the views. An
app uses another app through its ``models``, ``queries``, ``actions``, ``forms`` and
other public modules: never its views, urls, template tags or management commands,
and never a name that starts with an underscore. Nothing but the demo app (and tests)
imports the demo app.

The test reads every module's imports, including those inside functions.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
RANK = {"models": 0, "queries": 1, "actions": 2, "forms": 3, "views": 4, "page": 4, "panels": 4}
PRIVATE_TO_AN_APP = {"views", "urls", "templatetags", "management"}
# Made to be extended: the participant's sign-in is the staff sign-in (same second step,
# same audit) with the portal's template and landing page.
SHARED_VIEWS = {("accounts", "SignInView")}
# Anything may write the audit trail: reads are recorded by the funnels in queries.
BENEATH_EVERYTHING = {("audit", "actions")}


@dataclass(frozen=True)
class Import:
    where: str
    app: str
    kind: str
    target_app: str
    target_kind: str
    names: tuple[str, ...]


def _apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} - {"tests"}


def _imports() -> list[Import]:
    apps = _apps()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        app = parts[0] if parts[0] in apps else ""
        kind = parts[1].removesuffix(".py") if app and len(parts) > 1 else ""
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules: list[tuple[str, tuple[str, ...]]] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [(node.module, tuple(a.name for a in node.names))]
            elif isinstance(node, ast.Import):
                modules = [(a.name, ()) for a in node.names]
            else:
                continue
            for module, names in modules:
                dotted = module.split(".")
                if dotted[0] != "waypoint" or len(dotted) < 2 or dotted[1] not in apps:
                    continue
                target_app = dotted[1]
                # "from waypoint.notes import actions" names the modules it imports.
                kinds = [dotted[2]] if len(dotted) > 2 else list(names)
                for target_kind in kinds:
                    found.append(
                        Import(
                            f"{path.relative_to(PACKAGE.parent)}:{node.lineno}",
                            app,
                            kind,
                            target_app,
                            target_kind,
                            names,
                        )
                    )
    return found


def test_the_scan_sees_the_imports_it_checks() -> None:
    found = _imports()
    assert len(found) > 1000
    assert any(i.kind == "views" and i.target_kind == "actions" for i in found)
    assert any(i.app == "demo" and i.target_app == "notes" for i in found)


def test_layers_import_only_downwards() -> None:
    against = [
        f"{i.where}: {i.app}.{i.kind} imports {i.target_app}.{i.target_kind}"
        for i in _imports()
        if i.kind in RANK
        and i.target_kind in RANK
        and RANK[i.target_kind] > RANK[i.kind]
        and (i.target_app, i.target_kind) not in BENEATH_EVERYTHING
    ]
    assert against == []


def test_apps_use_each_other_only_through_public_modules() -> None:
    against = [
        f"{i.where}: {i.app or 'waypoint'} imports {i.target_app}.{i.target_kind} {i.names}"
        for i in _imports()
        if i.app
        and i.target_app != i.app
        and not (i.names and {(i.target_app, name) for name in i.names} <= SHARED_VIEWS)
        and (
            i.target_kind in PRIVATE_TO_AN_APP
            or i.target_kind.startswith("_")
            or any(name.startswith("_") for name in i.names)
        )
    ]
    assert against == []


def test_only_the_demo_imports_the_demo() -> None:
    against = [i.where for i in _imports() if i.target_app == "demo" and i.app != "demo"]
    assert against == []
