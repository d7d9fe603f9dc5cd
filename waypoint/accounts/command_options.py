"""Which organization a management command works on (--organization): the directory's
and HMIS imports and exports use it."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from waypoint.accounts.models import Organization


def add_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--organization",
        help="The organization's name or number; needed when there is more than one.",
    )


def chosen(value: str | None) -> Organization:
    organizations = Organization.objects.order_by("pk")
    if value:
        found = organizations.filter(name=value).first()
        if found is None and value.isdigit():
            found = organizations.filter(pk=int(value)).first()
        if found is None:
            raise CommandError(f"No organization is called or numbered “{value}”.")
        return found
    if organizations.count() != 1:
        names = ", ".join(f"{o.pk}: {o.name}" for o in organizations) or "none yet"
        raise CommandError(f"Say which organization with --organization ({names}).")
    return organizations.get()
