"""Settings a newcomer can trust: production refuses unsafe starts; headers; SQLite tuning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "WAYPOINT_ENV": "production",
    "DEBUG": "0",
    "SECRET_KEY": "a-real-key-is-random-this-one-is-only-for-the-tests-0123456789",
    "ALLOWED_HOSTS": "waypoint.example.org",
}


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "waypoint.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_starts_with_safe_settings():
    assert start(GOOD).returncode == 0


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DEBUG": "1"}, "DEBUG is on"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is the development default"),
        ({"SECRET_KEY": "short"}, "shorter than 50"),
        ({"SECRET_KEY": "x" * 60}, "fewer than 5 different characters"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
    ],
)
def test_production_refuses_unsafe_settings(override, message):
    env = {**GOOD, **override}
    if override.get("SECRET_KEY") == "":
        env.pop("SECRET_KEY")
    result = start(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_passwords_are_hashed_with_argon2():
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.MD5PasswordHasher"
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert get_hasher().algorithm == "argon2"
    source = (ROOT / "waypoint" / "settings.py").read_text()
    assert '"django.contrib.auth.hashers.Argon2PasswordHasher",\n    "django' in source


def test_idle_timeout_defaults_to_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_security_headers_on_every_response(client, world):
    client.force_login(world.navigator)
    for url in ["/sign-in/", "/caseload/", f"/participants/{world.amara.participant.public_id}/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_no_inline_script_in_pages(client, world):
    client.force_login(world.navigator)
    for url in ["/caseload/", f"/participants/{world.amara.participant.public_id}/"]:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), chunk[:80]


@pytest.mark.django_db
def test_sqlite_is_tuned_for_real_use():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings apply to SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_behind_a_proxy_the_visitors_own_address_counts(settings):
    from django.test import RequestFactory

    from waypoint.http import client_address

    def seen(forwarded: str) -> str | None:
        request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
        if forwarded:
            request.META["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(request)

    assert seen("203.0.113.9") == "127.0.0.1"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert seen("203.0.113.9") == "203.0.113.9"
    # Whatever the visitor wrote into the header themselves is left of what nginx added.
    assert seen("10.0.0.1, 203.0.113.9") == "203.0.113.9"
    assert seen("") == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert seen("198.51.100.7, 192.0.2.1") == "198.51.100.7"
    assert seen("192.0.2.1") == "127.0.0.1"
