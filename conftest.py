"""Personas and shared fixtures. Data is made by calling our own actions.

Pia (``partner``) works at Harbor Food Bank, a partner in Riverside's directory: she
signs in to the partner view and sees only referrals sent there.

Two organizations: "Riverside" (where everyone works) and "Elsewhere" (the
outsider's). Riverside runs two programs: Youth Works (cap 3, no team
visibility) and Home Base (team visibility on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from waypoint.accounts import actions as accounts
from waypoint.accounts.models import Organization, Program, User
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.participants.actions import ContactData

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    org: Organization
    other_org: Organization
    youth: Program
    home: Program
    other_program: Program
    admin: User
    manager: User
    supervisor: User
    navigator: User
    navigator2: User
    staff: User
    auditor: User
    outsider: User
    amara: Enrollment  # on navigator's caseload in Youth Works
    bo: Enrollment  # on navigator2's caseload in Youth Works
    chen: Enrollment  # Home Base, navigator2's, visible to the team
    partner_org: Any  # a directory organization that receives referrals
    partner: User  # Pia, who works there and signs in to the partner view


def make_staff(org: Organization, username: str, name: str) -> User:
    return accounts.create_staff(
        organization=org,
        username=username,
        email=f"{username}@example.org",
        display_name=name,
        password=PASSWORD,
    )


def build_world() -> World:
    org = accounts.create_organization(name="Riverside Community Services")
    other_org = accounts.create_organization(name="Elsewhere Agency")
    # The personas sign in with their password alone, as in the demo; the tests of the
    # second step (accounts/tests/test_second_factor.py) turn the requirement on.
    Organization.objects.filter(pk__in=[org.pk, other_org.pk]).update(second_factor_required=False)
    org.second_factor_required = other_org.second_factor_required = False
    admin = make_staff(org, "ada", "Ada Admin")
    accounts.grant_role(user=admin, role="admin")
    youth = accounts.create_program(
        by=admin,
        organization=org,
        name="Youth Works",
        phases=["Recruitment", "Training", "Placement", "Follow-up"],
        delivery_modes=["in_person", "hybrid"],
        caseload_cap=3,
    )
    home = accounts.create_program(
        by=admin,
        organization=org,
        name="Home Base",
        phases=["Outreach", "Housing search", "Stabilization"],
        delivery_modes=["in_person"],
        team_visibility=True,
        terminology={"case closure": "moving-on celebration"},
    )
    outsider = make_staff(other_org, "olga", "Olga Outsider")
    other_program = accounts.create_program(
        by=outsider, organization=other_org, name="Other Program", phases=["Only"]
    )
    accounts.grant_role(user=outsider, role="navigator", program=other_program)
    accounts.grant_role(user=outsider, role="supervisor", program=other_program)
    manager = make_staff(org, "mo", "Mo Manager")
    supervisor = make_staff(org, "sam", "Sam Supervisor")
    navigator = make_staff(org, "nia", "Nia Navigator")
    navigator2 = make_staff(org, "noor", "Noor Navigator")
    staff = make_staff(org, "pat", "Pat Staff")
    auditor = make_staff(org, "aud", "Audrey Auditor")
    for program in (youth, home):
        accounts.grant_role(user=manager, role="manager", program=program)
        accounts.grant_role(user=supervisor, role="supervisor", program=program)
        accounts.grant_role(user=navigator2, role="navigator", program=program)
        accounts.grant_role(user=auditor, role="auditor", program=program)
    accounts.grant_role(user=navigator, role="navigator", program=youth)
    accounts.grant_role(user=staff, role="staff", program=home)
    amara = enrollments.enroll_new_participant(
        by=navigator,
        program=youth,
        data={"preferred_name": "Amara", "pronouns": "she/her", "languages": "Igbo, English"},
        contacts=[ContactData("phone", "555-201-3344", "yes", "evenings")],
        navigator=navigator,
        status="enrolled",
    )
    bo = enrollments.enroll_new_participant(
        by=navigator2,
        program=youth,
        data={"preferred_name": "Bo Nguyễn", "pronouns": "they/them"},
        navigator=navigator2,
        status="eligibility",
    )
    chen = enrollments.enroll_new_participant(
        by=navigator2,
        program=home,
        data={"preferred_name": "王芳", "legal_name": "Wang Fang"},
        navigator=navigator2,
        status="enrolled",
    )
    from waypoint.directory.models import Provider

    partner_org = Provider.objects.create(
        owner=org, name="Harbor Food Bank", description="Groceries and hot meals."
    )
    partner = accounts.invite_staff(
        by=admin,
        username="pia",
        display_name="Pia Partner",
        email="pia@example.org",
        partner_of=partner_org,
    )
    partner.set_password(PASSWORD)
    partner.save()
    return World(
        org=org,
        other_org=other_org,
        youth=youth,
        home=home,
        other_program=other_program,
        admin=admin,
        manager=manager,
        supervisor=supervisor,
        navigator=navigator,
        navigator2=navigator2,
        staff=staff,
        auditor=auditor,
        outsider=outsider,
        amara=amara,
        bo=bo,
        chen=chen,
        partner_org=partner_org,
        partner=partner,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests that check hashing ask for it explicitly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    """Uploads (signed consent forms, directory imports) go to the test's own folder."""
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    settings.IMPORT_DIR = tmp_path / "imports"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Counters in the default cache (password reset limits) start at zero in each test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def as_user(client: Client) -> Any:
    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in
