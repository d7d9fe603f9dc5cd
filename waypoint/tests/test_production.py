"""A production start, for real: check --deploy, collectstatic, then gunicorn serving pages.

Each test runs the commands a newcomer runs (docs/operations.md) in subprocesses with
production settings, writing only into the test's temporary folder: the collected
static files, a SQLite database that is migrated first, and the server's log.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "waypoint.example.org"
SECRET_KEY = "a-real-key-is-random-this-one-is-only-for-the-tests-0123456789"
# Settings a test run may carry that a production start must not inherit.
INHERITED = {
    "DATABASE_URL",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "IMPORT_DIR",
    "PRIVATE_FILES_DIR",
    "PROGRESS_CACHE_URL",
    "PROGRESS_DIR",
    "STATIC_ROOT",
    "TASKS_BACKEND",
}


def production(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of docs/operations.md, with every folder inside ``tmp_path``."""
    keep = {
        key: value
        for key, value in os.environ.items()
        if key not in INHERITED and not key.startswith(("SECURE_", "WAYPOINT_", "SECRET_KEY"))
    }
    return {
        **keep,
        "PYTHONDONTWRITEBYTECODE": "1",
        "WAYPOINT_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'waypoint.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "PRIVATE_FILES_DIR": str(tmp_path / "private"),
        "IMPORT_DIR": str(tmp_path / "imports"),
        "PROGRESS_DIR": str(tmp_path / "progress"),
        **extra,
    }


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_check_deploy_finds_nothing_to_warn_about(tmp_path: Path) -> None:
    out = manage(production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues (0 silenced)." in out


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """gunicorn on a free loopback port (it picks one: port 0), after migrate and
    collectstatic; stopped (and killed if it will not stop) whatever the test does."""
    env = production(tmp_path)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "waypoint.wsgi"),
                *("--bind", "127.0.0.1:0", "--workers", "1", "--timeout", "60"),
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline and process.poll() is None:
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
            port = int(found.group(1)) if found else None
            time.sleep(0.1)
        assert port is not None, log.read_text()
        yield port, tmp_path / "static"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def fetch(port: int, path: str, *, https: bool = True) -> tuple[int, dict[str, str], bytes]:
    """One GET as the reverse proxy passes it on (Host, and X-Forwarded-Proto for TLS).

    The first request waits (up to a minute) for the worker to boot."""
    headers = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if https else {})}
    deadline = time.monotonic() + 60
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        finally:
            connection.close()


def test_production_collects_static_files_and_serves_pages(server: tuple[int, Path]) -> None:
    port, static_root = server
    status, headers, body = fetch(port, "/sign-in/")
    page = body.decode()
    assert status == 200, page
    assert '<form method="post"' in page
    assert 'name="username"' in page and 'name="password"' in page
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    # The page names hashed static files; each is collected and served, and so is every
    # file the collected USWDS stylesheet points at (fonts, images).
    found = re.search(r'/static/(vendor/uswds/css/uswds\.min\.[0-9a-f]{12}\.css)"', page)
    assert found, page
    status, headers, css = fetch(port, f"/static/{found.group(1)}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert (static_root / found.group(1)).read_bytes() == css
    referenced = set(re.findall(r"url\(\"?\.\./((?:fonts|img)/[^\")?#]+)", css.decode()))
    assert len(referenced) > 10
    for name in sorted(referenced)[:3]:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), name
        assert fetch(port, f"/static/vendor/uswds/{name}")[0] == 200, name
    for name in referenced:
        assert (static_root / "vendor" / "uswds" / name).is_file(), name

    # Plain HTTP is sent to HTTPS.
    status, headers, _ = fetch(port, "/sign-in/", https=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/sign-in/"


def test_production_password_reset_counts_in_the_shared_cache(server: tuple[int, Path]) -> None:
    """The reset limits count in the database cache, which ``migrate`` made: a POST as
    a browser sends it (the form's CSRF token and cookie, an HTTPS origin) answers."""
    port, _ = server
    status, headers, body = fetch(port, "/password/reset/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    assert token and cookie, headers
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/password/reset/",
            body=f"csrfmiddlewaretoken={token.group(1)}&email=nobody%40example.org",
            headers={
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}/password/reset/",
                "Cookie": f"csrftoken={cookie.group(1)}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        assert response.status == 302, response.read().decode()[:2000]
        assert response.getheader("Location") == "/password/reset/sent/"
    finally:
        connection.close()
