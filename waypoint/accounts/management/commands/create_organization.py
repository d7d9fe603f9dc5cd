"""manage.py create_organization: a new organization and its first administrator.

There are no default accounts. This makes the first one, with no password: it
prints a one-time link for the administrator to choose their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from waypoint.accounts.actions import create_organization, create_staff, grant_role
from waypoint.accounts.models import Organization, User


class Command(BaseCommand):
    help = "Create an organization and its first administrator; print their set-password link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The organization's name")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where Waypoint is served"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        username = options["admin_username"].strip()
        if Organization.objects.filter(name=name).exists():
            raise CommandError(f"An organization named “{name}” already exists.")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The username “{username}” is taken.")
        with transaction.atomic():
            organization = create_organization(name=name)
            admin = create_staff(
                organization=organization,
                username=username,
                email=options["admin_email"],
                display_name=options["admin_name"] or username,
                password=None,
            )
            grant_role(user=admin, role="admin")
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(admin.pk)),
                "token": default_token_generator.make_token(admin),
            },
        )
        self.stdout.write(f"Created {organization.name} with administrator {admin.username}.")
        self.stdout.write(
            f"They choose their password here (works once): {options['base_url'].rstrip('/')}{path}"
        )
