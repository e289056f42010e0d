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
def seeded(transactional_db):
    """The database as the migrations leave it, with the data the apps ship, as `make
    run` shows it.

    live_server flushes the database after every test, the staff role groups the
    migrations made included (a later test would find none; post_migrate brings back
    only content types and permissions), so each test puts them back and seeds anew.
    """
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        create_role_groups()
    call_command("seed", verbosity=0, stdout=StringIO())


def create_role_groups() -> None:
    """Run the migrations' own steps that make the role groups again (exhibition 0001 to
    0003), with the news desk's permissions under their current name (the model was
    called Service when 0001 was written; articles 0015 renamed them in place)."""
    from importlib import import_module
    from types import SimpleNamespace
    from unittest import mock

    from django.apps import apps
    from django.db import connection

    def renamed(labels):
        return [label.replace("_service", "_desk") for label in labels]

    groups = import_module("exhibition.migrations.0001_staff_groups")
    site_admins = import_module("exhibition.migrations.0002_site_admins_every_model")
    gallery = import_module("exhibition.migrations.0003_gallery_permissions")
    schema = SimpleNamespace(connection=connection)
    with (
        mock.patch.object(groups, "REPORTER", renamed(groups.REPORTER)),
        mock.patch.object(groups, "EDITOR", renamed(groups.EDITOR)),
        mock.patch.object(groups, "TRANSLATOR", renamed(groups.TRANSLATOR)),
    ):
        groups.create_groups(apps, schema)
    site_admins.grant_site_admins(apps, schema)
    gallery.grant(apps, schema)
