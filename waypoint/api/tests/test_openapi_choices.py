"""The OpenAPI document names each set of choices once: a field documents exactly the
values the API accepts (several models call their choices ``Status`` or ``Kind``)."""

from __future__ import annotations

import enum
import sys
import typing
from typing import Any

from ninja import Schema

from waypoint.api.api import api


def _enum_of(annotation: Any) -> type[enum.Enum] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return candidate
    return None


def _documented(prop: dict[str, Any], components: dict[str, Any]) -> list[Any]:
    if "$ref" in prop:
        return _documented(components[prop["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "allOf", "oneOf"):
        for option in prop.get(key, []):
            if found := _documented(option, components):
                return found
    return list(prop.get("enum", []))


def test_every_choice_field_documents_the_values_it_accepts():
    components = api.get_openapi_schema()["components"]["schemas"]
    checked = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("waypoint.api"):
            continue
        for schema in list(vars(module).values()):
            if not (isinstance(schema, type) and issubclass(schema, Schema)):
                continue
            if schema.__module__ != name or schema.__name__ not in components:
                continue
            for field_name, field in schema.model_fields.items():
                choices = _enum_of(field.annotation)
                if choices is None:
                    continue
                prop = components[schema.__name__]["properties"][field_name]
                documented = _documented(prop, components)
                assert documented == [c.value for c in choices], (schema.__name__, field_name)
                checked.append((schema.__name__, field_name))
    assert ("StatusIn", "status") in checked
    assert ("NeedStatusIn", "status") in checked
    assert ("ProgressIn", "kind") in checked
    assert ("ContactIn", "kind") in checked
