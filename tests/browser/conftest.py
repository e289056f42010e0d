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

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make assets` installs it from package-lock.json")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def seeded(transactional_db):
    """The data the apps ship, as `make run` shows it.

    live_server flushes the database after every test, so each test seeds anew.
    """
    call_command("seed", verbosity=0, stdout=StringIO())
