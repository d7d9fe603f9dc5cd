"""Write an organization's resource directory as Open Referral HSDS 3.0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.accounts import command_options
from waypoint.directory import hsds


class Command(BaseCommand):
    help = (
        "Export the resource directory as HSDS 3.0: DIR/csv/ (datapackage.json and one CSV "
        "per table) and DIR/json/ (one JSON file per object type)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, metavar="DIR")
        parser.add_argument("--format", choices=["both", "csv", "json"], default="both")
        command_options.add_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organization = command_options.chosen(options["organization"])
        folder: Path = options["folder"]
        counts: dict[str, int] = {}
        if options["format"] in ("both", "csv"):
            counts = hsds.write_csv(organization.pk, folder / "csv")
        if options["format"] in ("both", "json"):
            counts = hsds.write_json(organization.pk, folder / "json")
        total = sum(counts.values())
        services = counts.get("service", 0)
        self.stdout.write(
            f"Exported {organization}'s directory to {folder}: {services} services, "
            f"{total} rows in {len(counts)} tables."
        )
