import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"


class CatalogCompletenessTests(SimpleTestCase):
    def test_persian_catalog_has_no_untranslated_or_fuzzy_entry(self):
        catalog = polib.pofile(str(LOCALE / "fa" / "LC_MESSAGES" / "django.po"))
        missing = [entry.msgid for entry in catalog.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
        self.assertEqual(missing, [], "untranslated Persian entries")
        self.assertEqual(fuzzy, [], "fuzzy Persian entries")

    def test_catalogs_hold_every_string_in_the_code(self):
        # makemessages in a scratch copy of the project, compared with what is committed:
        # a new string someone forgot to extract would otherwise show up in English.
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "project"
            shutil.copytree(
                settings.BASE_DIR,
                copy,
                ignore=shutil.ignore_patterns(
                    ".venv", "node_modules", "var", ".git", "test-artifacts", "*.mo"
                ),
            )
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "fa", "--no-location",
                 "--ignore=.venv", "--ignore=node_modules", "-v", "0"],
                cwd=copy, check=True, capture_output=True,
            )  # fmt: skip
            fresh = polib.pofile(str(copy / "locale" / "fa" / "LC_MESSAGES" / "django.po"))
        committed = polib.pofile(str(LOCALE / "fa" / "LC_MESSAGES" / "django.po"))
        wanted = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
        present = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
        self.assertEqual(wanted - present, set(), "run makemessages and translate these")


class RosettaEditTakesEffectTests(TestCase):
    """A translator saves a string in Rosetta; the next visitor reads it."""

    @classmethod
    def setUpTestData(cls):
        cls.translator = User.objects.create_user("translator", password="x", is_staff=True)
        cls.translator.groups.add(Group.objects.create(name="translators"))

    def setUp(self):
        scratch = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, scratch)
        shutil.copytree(LOCALE, scratch / "locale")
        self.locale = scratch / "locale"
        override = override_settings(LOCALE_PATHS=[self.locale])
        override.enable()
        self.addCleanup(override.disable)
        call_command("compilemessages", locale=["fa"], verbosity=0)

    def test_saved_translation_is_shown_without_restart(self):
        msgid = "Skip to main content"
        before = self.client.get("/fa/").content.decode()
        self.assertIn("پرش به محتوای اصلی", before)

        po_path = self.locale / "fa" / "LC_MESSAGES" / "django.po"
        entry = polib.pofile(str(po_path)).find(msgid)
        md5 = hashlib.md5((entry.msgid + entry.msgstr + (entry.msgctxt or "")).encode()).hexdigest()
        self.client.force_login(self.translator)
        files = self.client.get("/rosetta/files/project/")
        self.assertEqual(files.status_code, 200)
        # Rosetta lists the checkout's locale/ too; edit the scratch copy only.
        (_code, _name, catalogs), *_ = files.context["languages"]
        index = next(i for i, entry in enumerate(catalogs) if str(self.locale) in entry[1])
        response = self.client.post(
            f"/rosetta/files/project/fa/{index}/", {f"m_{md5}": "رفتن به محتوا"}
        )
        self.assertIn(response.status_code, (200, 302))
        self.assertEqual(polib.pofile(str(po_path)).find(msgid).msgstr, "رفتن به محتوا")
        self.client.logout()

        after = self.client.get("/fa/").content.decode()
        self.assertIn("رفتن به محتوا", after)
        self.assertNotIn("پرش به محتوای اصلی", after)


class RosettaWithRedisTests(RosettaEditTakesEffectTests):
    """The same with Redis as the cache, as in production: Rosetta keeps the translator's
    work there (ROSETTA_STORAGE_CLASS), and the cached home page must not outlive the save."""

    @pytest.fixture(autouse=True)
    def _redis(self, redis_cache, monkeypatch):
        # Rosetta took its cache object at import, before this test chose Redis.
        monkeypatch.setattr("rosetta.storage.cache", redis_cache)
        monkeypatch.setattr("rosetta.poutil.cache", redis_cache)
