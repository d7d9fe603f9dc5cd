"""Flag referrals a partner has not answered within the program's window."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waypoint.referrals.actions import flag_unanswered


class Command(BaseCommand):
    help = (
        "Mark sent referrals with no answer within their program's window as 'no response' "
        "and give the navigator a follow-up call to make. Run it daily (cron or a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = flag_unanswered()
        self.stdout.write(
            f"{flagged} referral{'s' if flagged != 1 else ''} flagged as no response."
        )
