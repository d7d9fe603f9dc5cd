"""The bench's load run: a real gunicorn server, several clients at once, requests/s.

``manage.py bench --load`` starts gunicorn (``--workers`` processes) on a free local
port against the same database, signs the bench people in (a session row each, as a
sign-in makes), and lets ``--clients`` threads request one page as fast as the server
answers for ``--seconds``, page after page. Every answer must be 200; anything else is
counted as an error and shown. The timings are what a client sees: network on the
loopback, the server's queueing and the whole request.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from waypoint.accounts.models import User

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Page:
    """One page the clients ask for, as one person."""

    name: str
    user: User
    label: str
    paths: Sequence[str]


@dataclass
class LoadResult:
    page: Page
    clients: int
    seconds: float
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.times:
            return 0.0
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", reverse("login"))
        status = connection.getresponse().status
        connection.close()
    except OSError:
        return False
    return status == 200


@contextmanager
def server(workers: int) -> Iterator[int]:
    """gunicorn serving Waypoint with DEBUG off on a free port; yields the port."""
    port = _free_port()
    environment = {
        **os.environ,
        "DEBUG": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "PYTHONUNBUFFERED": "1",
    }
    if not environment["DATABASE_URL"]:
        environment.pop("DATABASE_URL")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "waypoint.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "120",
    ]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=Path(settings.BASE_DIR), env=environment
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start (exit code {process.poll()}).")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def session_cookie(user: User) -> str:
    """A signed-in session for ``user`` (the same row a sign-in writes)."""
    client = Client()
    client.force_login(user, backend=LOGIN_BACKEND)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def warm(port: int, page: Page, count: int) -> None:
    """A few requests first, so every worker has loaded its code and templates."""
    cookie = session_cookie(page.user)
    for i in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", page.paths[i % len(page.paths)], headers={"Cookie": cookie})
        connection.getresponse().read()
        connection.close()


def run_page(port: int, page: Page, *, clients: int, seconds: float) -> LoadResult:
    """``clients`` threads asking for ``page`` (its paths in turn) for ``seconds``."""
    cookie = session_cookie(page.user)
    result = LoadResult(page, clients, seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(n: int) -> None:
        times: list[float] = []
        errors: dict[str, int] = {}
        i = n
        start.wait()
        while time.monotonic() < stop_at[0]:
            path = page.paths[i % len(page.paths)]
            i += clients
            began = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                connection.close()
                status = str(response.status)
            except OSError as error:
                status = type(error).__name__
            if status == "200":
                times.append(time.perf_counter() - began)
            else:
                errors[status] = errors.get(status, 0) + 1
        with lock:
            result.times.extend(times)
            for status, count in errors.items():
                result.errors[status] = result.errors.get(status, 0) + count

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


def run(
    pages: Sequence[Page],
    *,
    workers: int,
    clients: int,
    seconds: float,
    write: Callable[[str], None],
) -> list[LoadResult]:
    results = []
    with server(workers) as port:
        write(
            f"gunicorn with {workers} workers on 127.0.0.1:{port}; {clients} clients, "
            f"{seconds:.0f} s a page…"
        )
        for page in pages:
            warm(port, page, workers * 3)
            results.append(run_page(port, page, clients=clients, seconds=seconds))
    return results
