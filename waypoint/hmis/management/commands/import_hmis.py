"""Import an HMIS CSV export (FY2026; a zip or a folder) into an organization."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from waypoint.accounts import command_options
from waypoint.hmis import importer, reader


class Command(BaseCommand):
    help = (
        "Import an HMIS CSV export (a zip, or a folder of HUD's files) into an organization: "
        "each project becomes a new program (or the one an earlier import made), with its "
        "people, enrollments, household stays and exits. Lists every problem; errors stop "
        "the import and nothing is written (exit status 1). --dry-run only checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH", help="The zip or folder.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and list problems; write nothing."
        )
        command_options.add_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organization = command_options.chosen(options["organization"])
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            files, found = reader.read(path)
        except reader.Unreadable as unreadable:
            raise CommandError(str(unreadable)) from unreadable
        if options["dry_run"]:
            problems = importer.problems(files, found, today=timezone.localdate())
            self._list(problems)
            for project in importer.projects_of(files):
                self.stdout.write(
                    f"Project {project.project_id}: {project.name} "
                    f"({project.enrollments} enrollments)"
                )
            self._files(files.counts)
            if importer.blocking(problems):
                raise CommandError("The checks found errors: nothing would be imported.")
            self.stdout.write("Dry run: nothing was written.")
            return
        report = importer.import_hmis(
            by=None, organization=organization, files=files, read_problems=found
        )
        self._list(report.problems)
        self._files(files.counts)
        if not report.imported:
            raise CommandError("The checks found errors: nothing was imported.")
        created, already = report.created, report.already
        self.stdout.write(
            f"Imported into {organization.name}: "
            f"{created['programs']} new programs, {created['participants']} people, "
            f"{created['enrollments']} enrollments, {created['exits']} exits; already here: "
            f"{already['programs']} programs, {already['participants']} people, "
            f"{already['enrollments']} enrollments; left out: {report.left_out}."
        )

    def _list(self, problems: list[Any]) -> None:
        errors = sum(1 for p in problems if p.severity == "error")
        for p in problems:
            where = ", ".join(
                part
                for part in (
                    f"{p.file}.csv" if p.file and not p.file.endswith(".csv") else p.file,
                    f"line {p.row}" if p.row else "",
                    p.column,
                )
                if part
            )
            self.stdout.write(f"{p.severity.upper()} [{where}] {p.message}")
        self.stdout.write(f"Checks: {errors} errors, {len(problems) - errors} warnings.")

    def _files(self, counts: dict[str, int]) -> None:
        skipped = [f"{n}.csv {counts[n]}" for n in importer.NOT_IMPORTED if counts.get(n)]
        if skipped:
            self.stdout.write("Not read (rows): " + ", ".join(skipped) + ".")
