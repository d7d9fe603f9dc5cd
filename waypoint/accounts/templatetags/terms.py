"""``{% term "key" %}`` and ``{% term "key" program %}``: program terminology in templates."""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.accounts.terminology import term as lookup_term

register = template.Library()


@register.simple_tag(takes_context=True)
def term(context: template.Context, key: str, program: Any = None) -> str:
    program = program or context.get("program") or context.get("terms_program")
    overrides = getattr(program, "terminology", None)
    return lookup_term(key, overrides)
