"""Test records for imports of people, and the URL kwargs of this app's routes for the
generated permission tests."""

from __future__ import annotations

from typing import Any

from waypoint.imports.checking import guess_mapping
from waypoint.imports.models import PeopleImport

HEADERS = ["Name", "Date of birth", "Phone", "Email", "Status", "Navigator"]


def an_import(
    program: Any, by: Any, rows: list[list[Any]] | None = None, headers: list[str] | None = None
) -> PeopleImport:
    """An uploaded import into ``program`` (its columns guessed, not checked yet)."""
    headers = headers or HEADERS
    rows = rows if rows is not None else [[2, ["Dara Quinn", "2001-04-05", "", "", "", ""]]]
    return PeopleImport.objects.create(
        organization_id=program.organization_id,
        program=program,
        started_by=by,
        file_name="people.csv",
        headers=headers,
        rows=rows,
        mapping=guess_mapping(headers),
    )


ROUTES = {"imports_columns", "imports_detail", "imports_run"}


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for one of this app's routes, or None when ``route`` is not one.
    The import goes into Youth Works, which Mo manages."""
    if route == "imports_new":
        return {}
    if route not in ROUTES:
        return None
    return {"public_id": an_import(world.youth, world.admin).public_id}
