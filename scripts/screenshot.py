"""Take the README screenshot: the demo navigator's caseload at 1280x800.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshot-caseload.png]

Works on a throwaway SQLite database in a temporary folder (your own database is
not touched): migrates it, loads the demo agency with ``seed_demo`` (or, if that
command is missing, the test personas plus a few more people), runs the
development server on a free port, signs in through the real form with Debian's
Chromium (/usr/bin/chromium) and saves the picture.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from waypoint.tests import browser as b  # noqa: E402 - needs ROOT on the path first

SEED_DEMO = ROOT / "waypoint" / "demo" / "management" / "commands" / "seed_demo.py"
DEMO_USER, DEMO_PASSWORD = "navigator", "waypoint-demo-2026"  # published: demo data only

# Used only when seed_demo is not there: conftest's world, with a fuller caseload.
FALLBACK_SEED = """
from conftest import build_world
from waypoint.enrollments.actions import enroll_new_participant
world = build_world()
people = [
    ("Joaquín Ríos", "he/him", "Spanish, English"),
    ("Hodan Warsame", "she/her", "Somali, English"),
    ("Quinn Begay", "they/them", "English, Navajo (Diné bizaad)"),
]
for name, pronouns, languages in people[: world.youth.caseload_cap - 1]:
    enroll_new_participant(
        by=world.navigator,
        program=world.youth,
        data={"preferred_name": name, "pronouns": pronouns, "languages": languages},
        navigator=world.navigator,
        status="enrolled",
    )
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The development server stopped (exit code {server.returncode}).")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The development server did not answer at {url} within {seconds} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-caseload.png")
    out: Path = parser.parse_args().out
    if not b.CHROMIUM.exists():
        raise SystemExit(b.MISSING_CHROMIUM)

    from playwright.sync_api import expect, sync_playwright

    with tempfile.TemporaryDirectory(prefix="waypoint-screenshot-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'demo.sqlite3'}",
            "WAYPOINT_ENV": "development",
            "DEBUG": "true",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        manage(env, "migrate", "--noinput")
        if SEED_DEMO.exists():
            manage(env, "seed_demo")
            username, password = DEMO_USER, DEMO_PASSWORD
        else:
            manage(env, "shell", "--no-imports", "-c", FALLBACK_SEED)
            from conftest import PASSWORD

            username, password = "nia", PASSWORD
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(url, server)
            with sync_playwright() as playwright:
                chromium = b.launch(playwright)
                context = chromium.new_context(viewport=b.VIEWPORT, base_url=url)
                page = context.new_page()
                problems = b.PageProblems().watch(page)
                b.sign_in(page, url, username, password)
                page.goto("/caseload/")
                expect(page.get_by_role("heading", level=1)).to_be_visible()
                page.wait_for_load_state("networkidle")
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                chromium.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    for problem in problems.all():
        print(f"warning: {problem}", file=sys.stderr)
    print(f"Saved {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
