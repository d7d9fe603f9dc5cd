"""The official Open Referral HSDS 3.0 files, read in place from ../shared/standards (or
``WAYPOINT_STANDARDS_DIR``), never copied into the project. Tests that need them skip
with a clear message where the folder is absent."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

ROOT = Path(__file__).resolve().parents[3]
STANDARDS = Path(os.environ.get("WAYPOINT_STANDARDS_DIR", ROOT.parent / "shared" / "standards"))
HSDS = STANDARDS / "hsds-3.0"
SCHEMAS = HSDS / "schema"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

needs_hsds = pytest.mark.skipif(
    not (HSDS / "datapackage.json").exists(),
    reason=f"the official HSDS 3.0 files are not at {HSDS} "
    "(set WAYPOINT_STANDARDS_DIR to the folder holding hsds-3.0/)",
)


def strict(node: Any) -> Any:
    """The schema with ``additionalProperties: false`` wherever it lists properties: what
    the spec's own ``compiletojsonschema --set-additional-properties-false-everywhere``
    does."""
    if isinstance(node, dict):
        out = {k: strict(v) for k, v in node.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [strict(v) for v in node]
    return node


@cache
def _schema_text(name: str) -> str:
    return (SCHEMAS / name).read_text(encoding="utf-8")


def schema(name: str) -> Any:
    """An official schema by its path under schema/ (``service.json``,
    ``compiled/service.json``), made strict."""
    return strict(json.loads(_schema_text(name)))


def _retrieve(uri: str) -> Any:
    # The schemas' remote $refs, answered from the local copy (offline).
    name = uri.split("/schema/", 1)[1] if "/schema/" in uri else uri.rsplit("/", 1)[-1]
    return schema(name)


def validator(name: str) -> Any:
    """A strict validator for an official schema, checking formats (uuid, email, uri,
    date-time) too."""
    return jsonschema_rs.validator_for(
        schema(name), retriever=_retrieve, base_uri=BASE + name, validate_formats=True
    )


def errors(name: str, instance: Any) -> list[str]:
    return [f"{e.instance_path}: {e.message}" for e in validator(name).iter_errors(instance)]


def openapi() -> Any:
    return json.loads(_schema_text("openapi.json"))


def official_package() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((HSDS / "datapackage.json").read_text(encoding="utf-8"))
    return found


def frictionless_errors(descriptor: dict[str, Any], folder: Path) -> list[tuple[Any, ...]]:
    """What ``frictionless validate`` reports for the CSV files in ``folder`` against
    ``descriptor`` (the official package's, or one we wrote)."""
    from frictionless import Package

    report = Package(descriptor, basepath=str(folder)).validate()  # type: ignore[misc]
    return [
        (task.name, getattr(error, "row_number", None), error.type, error.note)
        for task in report.tasks
        for error in task.errors
    ]
