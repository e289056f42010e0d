"""Chromium (Debian's, never a downloaded build) driven by Playwright against
pytest-django's live server: one browser per session, one context per test."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API keeps an event loop on the main thread; Django would
# otherwise refuse the tests' own database calls (seeding, flushing).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A service worker's own requests show in Playwright's routes only with this (read when
# the driver starts): tests/browser/test_offline.py cuts the network for them too.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make assets` installs it from package-lock.json")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The migrated database as Django serialized it when it made the test database, which
    # a serialized rollback restores before each test (seeded()). Playwright's event
    # loop gives this thread new connection objects (asgiref's Local follows the
    # context) that lack it: hand it over, or every test after this one would start
    # from a flushed database, without the staff role groups the migrations made.
    migrated = {
        c.alias: c._test_serialized_contents
        for c in connections.all()
        if hasattr(c, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in migrated.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield WorkersBlocked(browser)
        browser.close()


class WorkersBlocked:
    """The browser, whose contexts register no service worker unless a test asks
    (``service_workers="allow"``, as tests/browser/test_offline.py does): every page
    registers /sw.js, and a worker would answer requests that a test's routes expect
    to see, and fetch a dozen pages in the background of every other test."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_context(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def seeded(transactional_db, django_db_serialized_rollback):
    """The data the apps ship, as `make run` shows it.

    live_server flushes the database after every test, what the migrations wrote (the
    staff role groups) included: a serialized rollback puts that back before each test,
    so every test starts from the migrated database, whatever ran before it. Then each
    test seeds anew.
    """
    call_command("seed", verbosity=0, stdout=StringIO())
