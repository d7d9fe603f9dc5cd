"""The daily sweep of endings: tell supervisors how many open enrollments have gone quiet
for their program's long-silence setting (never who), and remind navigators of the
transitions coming up on their program's reminder days. Nothing is closed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from waypoint.closure.actions import daily_sweep


class Command(BaseCommand):
    help = (
        "Email each supervisor of a program with the long-silence list on how many "
        "candidates to close it has today (no names; once a day), and remind navigators "
        "of transitions on the program's reminder days. Closes nothing. "
        "Run it daily (cron or a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = daily_sweep(timezone.localdate())
        quiet = sum(result.quiet.values())
        reminders = result.extra.get("reminders", 0)
        self.stdout.write(
            f"{quiet} candidate{'s' if quiet != 1 else ''} to close in "
            f"{len(result.quiet)} program{'s' if len(result.quiet) != 1 else ''}; "
            f"{result.emails} supervisor{'s' if result.emails != 1 else ''} told; "
            f"{reminders} transition reminder{'s' if reminders != 1 else ''} sent."
        )
