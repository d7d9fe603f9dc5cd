"""Fixtures the browser tests share. None is autouse: a browser test module asks for
them with ``pytestmark`` (see ``test_browser.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from waypoint.tests import browser as b


@pytest.fixture(scope="module")
def allow_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API keeps an event loop running in this thread; Django then
    refuses synchronous database calls from fixtures and tests unless told otherwise."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = b.launch(playwright)
        yield chromium
        chromium.close()
