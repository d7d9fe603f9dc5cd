"""manage.py verify_audit: walk every hash chain and name the first tampered event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waypoint.audit.models import AuditEvent
from waypoint.audit.queries import verify_all


class Command(BaseCommand):
    help = "Check that the audit trail is intact; name the first tampered event in each chain."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_all()
        if problems:
            for problem in problems:
                self.stderr.write(f"TAMPERED: {problem}")
            raise CommandError(f"The audit trail was tampered with in {len(problems)} chain(s).")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} events verified."))
