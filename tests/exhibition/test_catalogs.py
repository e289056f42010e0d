import hashlib
import re
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

from exhibition.catalogs import entry_markup, unexpected_markup

LOCALE = Path(settings.BASE_DIR) / "locale"
PAYLOAD = "یافتن غرفه‌دار<img src=x onerror=alert(1)>"


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
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "-l",
                    "fa",
                    "--no-location",
                    "--ignore=.venv",
                    "--ignore=node_modules",
                    "-v",
                    "0",
                ],
                cwd=copy,
                check=True,
                capture_output=True,
            )
            fresh = polib.pofile(str(copy / "locale" / "fa" / "LC_MESSAGES" / "django.po"))
        committed = polib.pofile(str(LOCALE / "fa" / "LC_MESSAGES" / "django.po"))
        wanted = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
        present = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
        self.assertEqual(wanted - present, set(), "run makemessages and translate these")


class PersianSpellingTests(SimpleTestCase):
    def test_the_ezafe_after_hame_is_always_the_hamza_above(self):
        # One spelling for «همهٔ» across the site, not «همه‌ی» on one page and «همهٔ» on
        # the next (nor the bare «همه سرویس‌ها»).
        catalog = polib.pofile(str(LOCALE / "fa" / "LC_MESSAGES" / "django.po"))
        templates = Path(settings.BASE_DIR) / "templates"
        texts = [entry.msgstr for entry in catalog] + [
            path.read_text(encoding="utf-8") for path in templates.rglob("*.html")
        ]
        mixed = [t for t in texts if "همه\u200cی" in t or "همه ی" in t or "همه سرویس" in t]
        self.assertEqual(mixed, [])


class CatalogMarkupTests(SimpleTestCase):
    """A translation is text: it may hold only the markup its source text holds."""

    def test_committed_catalogs_hold_no_markup_of_their_own(self):
        for language in ("fa", "en"):
            catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
            self.assertEqual(markup_problems(catalog), [], f"{language} catalog")

    def test_a_translation_with_markup_its_source_lacks_is_reported(self):
        catalog = polib.POFile()
        catalog.append(polib.POEntry(msgid="Find an exhibitor", msgstr=PAYLOAD))
        catalog.append(polib.POEntry(msgid="Skip to main content", msgstr="پرش به محتوا"))
        problems = markup_problems(catalog)
        self.assertEqual(len(problems), 1)
        self.assertIn("Find an exhibitor", problems[0])
        self.assertIn("<img src=x onerror=alert(1)>", problems[0])

    def test_the_rule(self):
        cases = [
            # (source, translation, refused markup)
            ("<bdi>%(name)s</bdi> has no stand.", "<bdi>%(name)s</bdi> غرفه ندارد.", []),
            ("<bdi>%(name)s</bdi>", "<bdi onclick=x>%(name)s</bdi>", ["<bdi onclick=x>"]),
            ("<bdi>%(q)s</bdi>", "<bdi>%(q)s</bdi> <bdi>", ["<bdi>"]),
            ("Search", "جست&zwnj;وجو", ["&zwnj;"]),
            ("Tea and cake", "چای & کیک", ["&"]),
            ("Fewer than five", "کمتر از < ۵", ["<"]),
            ("Tehran's sister cities", 'x" onmouseover="y', ['"']),
            ('Use "quotes"', 'Use "quotes"', []),
            ("Link", "JavaScript:alert(1)", ["JavaScript:"]),
            ("Link", "java\tscript:alert(1)", ["java\tscript:"]),
            ("Tehran's sister cities", "خواهرشهرهای «تهران»", []),
        ]
        for source, translation, refused in cases:
            with self.subTest(translation=translation):
                self.assertEqual(unexpected_markup([source], [translation]), refused)

    def test_plural_forms_may_use_the_markup_of_either_source(self):
        entry = polib.POEntry(
            msgid="%(n)s result for <bdi>%(q)s</bdi>",
            msgid_plural="%(n)s results for <bdi>%(q)s</bdi>",
            msgstr_plural={0: "<bdi>%(q)s</bdi>", 1: "<b>%(q)s</b>"},
        )
        self.assertEqual(entry_markup(entry), ["</b>", "<b>"])


def markup_problems(catalog: polib.POFile) -> list[str]:
    return [f"{e.msgid!r}: {' '.join(entry_markup(e))}" for e in catalog if entry_markup(e)]


class ScratchCatalogMixin:
    """The catalogs copied to a scratch folder the test may change, compiled."""

    @classmethod
    def setUpTestData(cls):
        cls.translator = User.objects.create_user("translator", password="x", is_staff=True)
        cls.translator.groups.add(Group.objects.get_or_create(name="translators")[0])

    def setUp(self):
        scratch = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, scratch)
        shutil.copytree(LOCALE, scratch / "locale")
        self.locale = scratch / "locale"
        self.po_path = self.locale / "fa" / "LC_MESSAGES" / "django.po"
        override = override_settings(LOCALE_PATHS=[self.locale])
        override.enable()
        self.addCleanup(override.disable)
        call_command("compilemessages", locale=["fa"], verbosity=0)

    def rosetta_form_url(self) -> str:
        """Rosetta lists the checkout's locale/ too; edit the scratch copy only."""
        files = self.client.get("/rosetta/files/project/")
        self.assertEqual(files.status_code, 200)
        (_code, _name, catalogs), *_ = files.context["languages"]
        index = next(i for i, entry in enumerate(catalogs) if str(self.locale) in entry[1])
        return f"/rosetta/files/project/fa/{index}/"

    def field(self, msgid: str) -> str:
        entry = polib.pofile(str(self.po_path)).find(msgid)
        text = entry.msgid + entry.msgstr + (entry.msgctxt or "")
        return f"m_{hashlib.md5(text.encode()).hexdigest()}"


class TranslatorMarkupTests(ScratchCatalogMixin, TestCase):
    """The attack: a translator writes HTML into a translation shown on every page."""

    def test_rosetta_refuses_markup_and_saves_the_rest(self):
        self.client.force_login(self.translator)
        url = self.rosetta_form_url()
        response = self.client.post(
            url + "?page=1",
            {
                self.field("Skip to main content"): PAYLOAD,
                self.field("Next"): "پسین",
            },
            follow=True,
        )
        self.assertEqual(response.redirect_chain[-1][0], url + "?page=1")
        catalog = polib.pofile(str(self.po_path))
        self.assertEqual(catalog.find("Skip to main content").msgstr, "پرش به محتوای اصلی")
        self.assertEqual(catalog.find("Next").msgstr, "پسین")
        shown = [str(message) for message in response.context["messages"]]
        self.assertEqual(len(shown), 1, shown)
        self.assertIn("Skip to main content", shown[0])
        self.assertIn("<img src=x onerror=alert(1)>", shown[0])
        # Rosetta shows the message escaped.
        self.assertContains(response, "&lt;img src=x onerror=alert(1)&gt;")
        self.assertNotContains(response, "<img src=x")

        self.client.logout()
        page = self.client.get("/fa/").content.decode()
        self.assertIn("پرش به محتوای اصلی", page)
        self.assertNotIn("<img src=x", page)

    def test_a_catalog_edited_on_the_server_loses_its_markup_entries(self):
        # Past Rosetta (an editor on the server, a bad merge): the entry is dropped when
        # the catalog loads, and the page shows the source text.
        self.client.get("/fa/")
        catalog = polib.pofile(str(self.po_path))
        catalog.find("Skip to main content").msgstr = PAYLOAD
        catalog.find("Sister Cities Exhibition").msgstr = "نمایشگاه شهرهای خواهرخوانده"
        catalog.save()
        catalog.save_as_mofile(str(self.po_path.with_suffix(".mo")))

        with self.assertLogs("exhibition.catalogs", "WARNING") as logs:
            page = self.client.get("/fa/").content.decode()
        self.assertNotIn("<img", page)
        self.assertIn("Skip to main content", page)
        self.assertIn("<img src=x onerror=alert(1)>", logs.output[0])
        self.assertEqual(len(logs.output), 1)
        # Other new translations in the same catalog are shown.
        self.assertIn("نمایشگاه شهرهای خواهرخوانده", page)

    def test_catalogs_of_packages_are_not_offered(self):
        self.client.force_login(self.translator)
        self.assertEqual(self.client.get("/rosetta/files/django/").status_code, 404)
        self.assertEqual(self.client.get("/rosetta/files/third-party/fa/0/").status_code, 404)
        self.assertEqual(self.client.get("/rosetta/files/all/").status_code, 404)


class RosettaEditTakesEffectTests(ScratchCatalogMixin, TestCase):
    """A translator saves a string in Rosetta; the next visitor reads it."""

    def test_saved_translation_is_shown_without_restart(self):
        msgid = "Skip to main content"
        before = self.client.get("/fa/").content.decode()
        self.assertIn("پرش به محتوای اصلی", before)

        self.client.force_login(self.translator)
        response = self.client.post(self.rosetta_form_url(), {self.field(msgid): "رفتن به محتوا"})
        self.assertIn(response.status_code, (200, 302))
        self.assertEqual(polib.pofile(str(self.po_path)).find(msgid).msgstr, "رفتن به محتوا")
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


class QuotationMarkTests(SimpleTestCase):
    """Quotation marks follow the language: «…» in Persian, “…” in English. A value is
    quoted by ``display.quoted`` (the `quoted` filter), never by the message around it,
    so the one rule picks the marks; a word quoted inside a message is written in its
    language's marks (the English source in “…”, its Persian translation in «…»)."""

    QUOTED_VALUE = re.compile(r"[«“](?:<bdi>)?(?:%\(\w+\)s|\{\{)")

    def setUp(self):
        self.catalog = polib.pofile(str(LOCALE / "fa" / "LC_MESSAGES" / "django.po"))

    def test_the_english_text_never_quotes_in_guillemets(self):
        sources = [t for e in self.catalog for t in (e.msgid, e.msgid_plural) if t]
        # («« »» named as characters, e.g. to tell translators which marks to use, is no quote.)
        self.assertEqual([t for t in sources if re.search(r"«[^»\s]", t)], [])

    def test_the_persian_text_never_quotes_in_english_marks(self):
        translations = [e.msgstr for e in self.catalog] + [
            t for e in self.catalog for t in e.msgstr_plural.values()
        ]
        self.assertEqual([t for t in translations if re.search("[“”]", t)], [])

    def test_no_message_or_template_puts_marks_around_a_value(self):
        texts = [t for e in self.catalog for t in (e.msgid, e.msgid_plural) if t] + [
            path.read_text(encoding="utf-8")
            for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        ]
        self.assertEqual([t[:80] for t in texts if self.QUOTED_VALUE.search(t)], [])
