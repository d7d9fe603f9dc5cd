"""Personas and shared fixtures. Data is made by calling our own actions.

Pia (``partner``) works at Harbor Food Bank, a partner in Riverside's directory: she
signs in to the partner view and sees only referrals sent there.

Two organizations: "Riverside" (where everyone works) and "Elsewhere" (the
outsider's). Riverside runs two programs: Youth Works (cap 3, no team
visibility) and Home Base (team visibility on).
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from waypoint.accounts import actions as accounts
from waypoint.accounts.models import Organization, Program, User
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.participants.actions import ContactData

PASSWORD = "correct-horse-battery-staple"
CHECKOUT = Path(__file__).resolve().parent
SCRATCH = pytest.StashKey[Path]()
CHECKOUT_BEFORE = pytest.StashKey["set[str] | None"]()


def pytest_configure(config: pytest.Config) -> None:
    """Everything a run writes goes to one temporary folder, never into the checkout.

    Django's settings are loaded by now (pytest-django sets them up first), so the
    folders are set here, before any test or fixture of any scope can write: signed
    consent forms, waiting imports, the progress cache, and Hypothesis's example
    database and caches. The folder is removed when the run ends.
    """
    scratch = Path(tempfile.mkdtemp(prefix="waypoint-tests-"))
    config.stash[SCRATCH] = scratch
    config.stash[CHECKOUT_BEFORE] = checkout_state()
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(scratch / "hypothesis")
    settings.PRIVATE_FILES_DIR = scratch / "private"
    settings.IMPORT_DIR = scratch / "imports"
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(scratch / "progress"),
        },
    }


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if it left anything new in the checkout (``git status --ignored``)."""
    before = session.config.stash.get(CHECKOUT_BEFORE, None)
    after = checkout_state()
    if before is not None and after is not None and (left := sorted(after - before)):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_sep(
                "=", "the tests wrote into the checkout (use temporary folders)", red=True
            )
            for line in left:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    scratch = config.stash.get(SCRATCH, None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def checkout_state() -> set[str] | None:
    """Untracked, ignored and changed paths of the checkout; None outside a git checkout.

    Caches of the tools that run beside the tests are left out: Python's bytecode
    (``make test`` runs with PYTHONDONTWRITEBYTECODE, but a test run on its own may
    write it), and mypy's and ruff's.
    """
    try:
        listing = subprocess.run(
            ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],  # noqa: S607
            cwd=CHECKOUT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    tools = ("__pycache__", ".mypy_cache/", ".ruff_cache/")
    return {line for line in listing.splitlines() if not any(t in line for t in tools)}


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
    participant: User  # Amara herself, signed in to her own Waypoint


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_staff(org: Organization, username: str, name: str) -> User:
    return accounts.create_staff(
        organization=org,
        username=username,
        email=f"{username}@example.org",
        display_name=name,
        password=PASSWORD,
    )


def navigator_holding_one(
    world: World, program: Program, username: str, name: str, person: str, status: str = "inquiry"
) -> User:
    """A new navigator of ``program`` holding one enrollment (``person``, in ``status``)."""
    made = make_staff(world.org, username, name)
    accounts.grant_role(user=made, role="navigator", program=program)
    enrollments.enroll_new_participant(
        by=world.admin,
        program=program,
        data={"preferred_name": person},
        navigator=made,
        status=status,
    )
    return made


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
    participant = User.objects.create_user(
        username="amara",
        password=PASSWORD,
        organization=org,
        participant=amara.participant,
        display_name="Amara",
        email="amara@example.org",
    )
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
        participant=participant,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests that check hashing ask for it explicitly."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


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


@pytest.fixture(scope="module")
def module_world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """One world for a whole module, in a transaction rolled back after its last test.
    Each test runs in a savepoint inside it (pytest-django's ``db``), so its changes
    are undone as usual; a module asks for it by overriding ``world`` with
    ``shared_world``. For modules of many small tests that only read the world."""
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            built = build_world()
        yield built
        transaction.set_rollback(True)


def shared_world(module_world: Any, db: Any) -> World:
    """``world`` for a module that uses ``module_world``: a fresh copy of its objects,
    so what one test changes in memory never reaches the next."""
    copied: World = copy.deepcopy(module_world)
    return copied


@pytest.fixture
def as_user(client: Client) -> Any:
    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in
