"""Write an organization's HMIS CSV export (FY2026) and check it as HUD's Eva would."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from waypoint.accounts import command_options
from waypoint.accounts.models import Program
from waypoint.hmis import checks
from waypoint.hmis.export import Scope, build, write_zip
from waypoint.hmis.forms import fiscal_year_start


class Command(BaseCommand):
    help = (
        "Export the programs that report to HUD as an HMIS CSV zip (FY2026 format), run "
        "HUD's checks that fit and list every problem. Exits with status 1 when the checks "
        "find errors (the zip is written anyway)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path, metavar="ZIP", help="The zip file to write.")
        parser.add_argument(
            "--start",
            type=date.fromisoformat,
            help="First day (YYYY-MM-DD); default: October 1 of the current federal fiscal year.",
        )
        parser.add_argument("--end", type=date.fromisoformat, help="Last day; default: today.")
        parser.add_argument(
            "--hashed", action="store_true", help="Hash names as HUD's SHA-256 form (HashStatus 4)."
        )
        parser.add_argument(
            "--program",
            action="append",
            default=[],
            help="A program's name or number (repeat for more); default: all that report to HUD.",
        )
        command_options.add_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organization = command_options.chosen(options["organization"])
        today = timezone.localdate()
        end = options["end"] or today
        start = options["start"] or fiscal_year_start(end)
        if end < start:
            raise CommandError("The period cannot end before it starts.")
        program_ids = None
        if options["program"]:
            program_ids = []
            for wanted in options["program"]:
                program = Program.objects.filter(organization=organization, name=wanted).first()
                if program is None and wanted.isdigit():
                    program = Program.objects.filter(
                        organization=organization, pk=int(wanted)
                    ).first()
                if program is None:
                    raise CommandError(
                        f"No program of {organization} is called or numbered “{wanted}”."
                    )
                program_ids.append(program.pk)
        made = build(
            Scope(organization, start, end, hashed=options["hashed"], program_ids=program_ids),
            export_id=uuid.uuid4().hex,
        )
        output: Path = options["output"]
        with output.open("wb") as target:
            write_zip(made, target)
        counts = made.counts()
        self.stdout.write(
            f"Wrote {output}: {counts['Project']} projects, {counts['Client']} people, "
            f"{counts['Enrollment']} enrollments, {counts['Exit']} exits, "
            f"{counts['Services']} services ({start} to {end})."
        )
        found = checks.run(checks.Files.of(made.rows), today=today)
        summary = checks.summary(found)
        for problem in found:
            where = f"{problem.file}.csv"
            if problem.row:
                where += f" line {problem.row}"
            if problem.column:
                where += f" {problem.column}"
            who = f" PersonalID {problem.personal_id}" if problem.personal_id else ""
            self.stdout.write(
                f"{problem.severity.upper()} [{problem.check}] {where}{who}: {problem.message} "
                f"To fix: {problem.fix}"
            )
        self.stdout.write(f"Checks: {summary['errors']} errors, {summary['warnings']} warnings.")
        if summary["errors"]:
            raise SystemExit(1)
