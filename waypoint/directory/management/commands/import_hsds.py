"""Read Open Referral HSDS 3.0 data into an organization's resource directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.accounts import command_options
from waypoint.directory import actions, hsds


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 data: a tabular package (its folder or datapackage.json), a folder "
        "of JSON files, one JSON file, or a zip of these. Rows with the same id are "
        "updated; every problem is listed by file, row and column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH")
        command_options.add_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organization = command_options.chosen(options["organization"])
        path: Path = options["path"]
        try:
            rows, notices = hsds.read_path(path)
        except hsds.Unreadable as error:
            raise CommandError(str(error)) from None
        report = actions.import_directory(
            by=None, owner_id=organization.pk, rows=rows, notices=notices, source=path.name
        )
        summary = report.summary()
        self.stdout.write(
            f"Imported into {organization}'s directory: {summary['created']} new, "
            f"{summary['updated']} updated, {summary['skipped']} rows skipped."
        )
        if report.problems:
            self.stdout.write(f"{len(report.problems)} problems:")
            for problem in report.problems:
                self.stdout.write(f"  {problem}")
