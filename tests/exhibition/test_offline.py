"""The installable web app: the manifest in each language, /sw.js and what it tells
the worker to keep, the offline page, and what every page carries for them
(exhibition/offline.py). The worker's behaviour with the network cut is
tests/browser/test_offline.py."""

import json
import re
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import TestCase, override_settings
from PIL import Image

from exhibition import offline

CONFIG_LINE = re.compile(r"^self\.OFFLINE_CONFIG = (\{.*\});$", re.MULTILINE)


def worker_config(response) -> dict:
    return json.loads(CONFIG_LINE.search(response.content.decode()).group(1))


class ManifestTests(TestCase):
    def manifest(self, language):
        response = self.client.get(f"/{language}/manifest.webmanifest")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/manifest+json")
        return json.loads(response.content)

    def test_persian_manifest_is_persian_and_right_to_left(self):
        manifest = self.manifest("fa")
        self.assertEqual(manifest["name"], "نمایشگاه خواهرشهرها و حکمرانی شهری")
        self.assertEqual(manifest["short_name"], "خواهرشهرها")
        self.assertEqual((manifest["lang"], manifest["dir"]), ("fa", "rtl"))
        self.assertEqual(manifest["start_url"], "/fa/")
        self.assertEqual(manifest["id"], "/fa/")

    def test_english_manifest_is_english_and_left_to_right(self):
        manifest = self.manifest("en")
        self.assertEqual(manifest["name"], "Sister Cities and Urban Governance Exhibition")
        self.assertEqual(manifest["short_name"], "Sister Cities")
        self.assertEqual((manifest["lang"], manifest["dir"]), ("en", "ltr"))
        self.assertEqual(manifest["start_url"], "/en/")
        # One scope for both languages: the language switcher stays inside the app.
        self.assertEqual(manifest["scope"], "/")
        self.assertEqual(manifest["display"], "standalone")

    def test_colours_are_the_design_tokens_and_the_pages_theme_colour(self):
        manifest = self.manifest("fa")
        styles = Path(settings.BASE_DIR) / "styles"
        tokens = (styles / "tokens.css").read_text()
        # The header is the brand's teal, which tokens.css takes from brand.css.
        self.assertIn("--color-header-bg: var(--brand-teal);", tokens)
        brand = (styles / "brand.css").read_text()
        self.assertIn(f"--brand-teal: {manifest['theme_color']};", brand)
        self.assertIn(f"--color-bg: {manifest['background_color']};", tokens)
        page = self.client.get("/fa/").content.decode()
        self.assertIn(f'<meta name="theme-color" content="{manifest["theme_color"]}">', page)

    def test_icons_exist_at_their_stated_sizes(self):
        icons = self.manifest("en")["icons"]
        purposes = {icon["purpose"] for icon in icons}
        self.assertEqual(purposes, {"any", "maskable"})
        sizes = set()
        for icon in icons:
            self.assertTrue(icon["src"].startswith("/static/"), icon)
            path = finders.find(icon["src"].removeprefix("/static/"))
            self.assertIsNotNone(path, icon["src"])
            if icon["type"] == "image/png":
                width, height = Image.open(path).size
                self.assertEqual(icon["sizes"], f"{width}x{height}")
                sizes.add(width)
        self.assertLessEqual({192, 512}, sizes)

    def test_maskable_icon_fills_its_square_and_keeps_the_mark_in_the_safe_zone(self):
        image = Image.open(finders.find("img/icon-maskable-512.png")).convert("RGBA")
        theme = self.manifest("fa")["theme_color"]
        brand = tuple(int(theme[i : i + 2], 16) for i in (1, 3, 5))
        # Every edge is the brand colour (a launcher may cut any shape from it) …
        for x, y in ((0, 0), (511, 0), (0, 511), (511, 511), (256, 0), (0, 256)):
            self.assertEqual(image.getpixel((x, y))[:3], brand, (x, y))
        # … and the mark stays within the central circle of 40 % radius.
        for x, y in ((256 - 215, 256), (256, 256 - 215), (256 + 215, 256)):
            self.assertEqual(image.getpixel((x, y))[:3], brand, (x, y))
        self.assertEqual(image.getpixel((256, 256))[:3], (255, 255, 255))

    def test_every_page_names_the_manifest_of_its_language(self):
        for language in ("fa", "en"):
            page = self.client.get(f"/{language}/programme/").content.decode()
            self.assertIn(f'<link rel="manifest" href="/{language}/manifest.webmanifest">', page)


class ServiceWorkerTests(TestCase):
    def test_served_at_the_root_as_javascript_never_cached(self):
        response = self.client.get("/sw.js")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/javascript; charset=utf-8")
        self.assertEqual(response["Service-Worker-Allowed"], "/")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        control = response["Cache-Control"]
        self.assertIn("no-cache", control)
        self.assertNotIn("public", control)
        self.assertIn("importScripts(", response.content.decode())

    def test_loads_the_worker_rules_from_static(self):
        body = self.client.get("/sw.js").content.decode()
        script = re.search(r'importScripts\("([^"]+)"\)', body).group(1)
        self.assertEqual(script, "/static/js/offline-worker.js")
        self.assertIsNotNone(finders.find("js/offline-worker.js"))

    def test_only_get_and_head(self):
        self.assertEqual(self.client.post("/sw.js").status_code, 405)
        self.assertEqual(self.client.head("/sw.js").status_code, 200)

    def test_the_content_security_policy_allows_the_worker_and_the_manifest(self):
        for path in ("/sw.js", "/fa/"):
            policy = self.client.get(path)["Content-Security-Policy"]
            self.assertIn("worker-src 'self'", policy)
            self.assertIn("manifest-src 'self'", policy)
            self.assertIn("script-src 'self'", policy)
            self.assertNotIn("unsafe-inline", policy)

    def test_keeps_programme_plan_directory_and_offline_pages_in_both_languages(self):
        config = worker_config(self.client.get("/sw.js"))
        for language in ("fa", "en"):
            for page in ("", "programme/", "visit/", "floor-plan/", "exhibitors/", "offline/"):
                self.assertIn(f"/{language}/{page}", config["pages"])
        self.assertEqual(config["offline"], {"/fa/": "/fa/offline/", "/en/": "/en/offline/"})
        self.assertEqual(config["defaultOffline"], "/fa/offline/")
        for page in config["pages"]:
            self.assertEqual(self.client.get(page).status_code, 200, page)

    def test_keeps_the_static_files_pages_need(self):
        config = worker_config(self.client.get("/sw.js"))
        self.assertIn("/static/css/site.css", config["static"])
        self.assertIn("/static/js/offline.js", config["static"])
        for address in config["static"]:
            self.assertIsNotNone(finders.find(address.removeprefix("/static/")), address)
        self.assertEqual(config["staticPrefix"], "/static/")

    def test_plan_pages_are_named_and_images_have_their_own_prefix(self):
        config = worker_config(self.client.get("/sw.js"))
        # Asked with a query (a plan's ids), the plan page never gets its bare copy.
        self.assertEqual(config["queryPages"], ["/fa/my-plan/", "/en/my-plan/"])
        self.assertEqual(config["mediaPrefix"], "/media/")

    def test_never_touches_the_admin_rosetta_or_previews(self):
        never = worker_config(self.client.get("/sw.js"))["never"]
        self.assertIn(f"/{settings.ADMIN_PATH}", never)
        self.assertIn("/rosetta/", never)
        self.assertIn("/fa/news/preview/", never)
        self.assertIn("/en/news/preview/", never)

    def test_the_page_cache_does_not_keep_it(self):
        # A deploy must reach visitors at their next visit: each answer is built afresh.
        first = worker_config(self.client.get("/sw.js"))
        changed = {**first, "version": "next-release"}
        with mock.patch.object(offline, "worker_config", return_value=changed):
            self.assertEqual(worker_config(self.client.get("/sw.js"))["version"], "next-release")

    def test_version_names_the_release_and_static_files(self):
        first = worker_config(self.client.get("/sw.js"))["version"]
        self.assertEqual(worker_config(self.client.get("/sw.js"))["version"], first)
        with mock.patch.object(offline, "PRECACHE_STATIC", ("css/site.css",)):
            self.assertNotEqual(worker_config(self.client.get("/sw.js"))["version"], first)


class PagesForTheWorkerTests(TestCase):
    def test_every_page_loads_the_worker_script_and_has_the_offline_status_region(self):
        page = self.client.get("/en/exhibitors/").content.decode()
        self.assertIn(
            '<script src="/static/js/offline.js" data-worker="/sw.js" defer></script>', page
        )
        self.assertRegex(
            page,
            r'<p class="offline-notice" role="status" data-offline-notice '
            r'data-template="Offline — last updated \{date\}"></p>',
        )
        persian = self.client.get("/fa/exhibitors/").content.decode()
        self.assertIn('data-template="آفلاین — آخرین به‌روزرسانی: {date}"', persian)
        # No inline script: every <script> names its file.
        self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page), [])

    def test_a_logged_in_users_pages_say_private_no_store(self):
        # The worker keeps no answer marked so: staff pages never reach its cache.
        user = User.objects.create_user("editor", password="x-long-pass-1", is_staff=True)
        self.client.force_login(user)
        control = self.client.get("/fa/programme/")["Cache-Control"]
        self.assertIn("private", control)
        self.assertIn("no-store", control)

    def test_anonymous_pages_are_public(self):
        control = self.client.get("/fa/programme/")["Cache-Control"]
        self.assertIn("public", control)
        self.assertNotIn("private", control)


class OfflinePageTests(TestCase):
    def test_persian_offline_page_lists_the_kept_pages(self):
        response = self.client.get("/fa/offline/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="fa" dir="rtl">')
        self.assertContains(response, "اتصال به اینترنت برقرار نیست")
        self.assertContains(response, '<meta name="robots" content="noindex">')
        for address, label in (
            ("/fa/programme/", "برنامه"),
            ("/fa/floor-plan/", "نقشهٔ سالن‌ها"),
            ("/fa/exhibitors/", "غرفه‌داران"),
        ):
            self.assertContains(response, f'<a href="{address}">{label}</a>', html=True)

    def test_english_offline_page(self):
        response = self.client.get("/en/offline/")
        self.assertContains(response, '<html lang="en" dir="ltr">')
        self.assertContains(response, "<h1", count=1)
        self.assertContains(response, "You are offline")
        self.assertContains(response, '<a href="/en/programme/">Programme</a>', html=True)
        # The site's own design: header, footer, skip link.
        self.assertContains(response, 'class="skip-link"')
        self.assertContains(response, 'class="site-footer"')


class HashedStaticFilesTests(TestCase):
    """In production whitenoise's manifest names each static file by its content: the
    worker keeps and loads those names, so a changed file is a new address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root = Path(tempfile.mkdtemp())
        cls.enterClassContext(
            override_settings(
                STATIC_ROOT=cls.root,
                STORAGES={
                    **settings.STORAGES,
                    "staticfiles": {
                        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    },
                },
            )
        )
        call_command("collectstatic", interactive=False, verbosity=0)
        cls.addClassCleanup(shutil.rmtree, cls.root)

    def test_worker_and_kept_files_are_named_by_their_hash(self):
        manifest = json.loads((self.root / "staticfiles.json").read_text())["paths"]
        body = self.client.get("/sw.js").content.decode()
        config = worker_config(self.client.get("/sw.js"))
        self.assertIn(f'importScripts("/static/{manifest[offline.WORKER_SCRIPT]}")', body)
        for path in offline.PRECACHE_STATIC:
            self.assertIn(f"/static/{manifest[path]}", config["static"])
            self.assertNotEqual(manifest[path], path)
        self.assertEqual(config["staticPrefix"], "/static/")
        icons = [
            icon["src"]
            for icon in json.loads(self.client.get("/en/manifest.webmanifest").content)["icons"]
        ]
        self.assertIn(f"/static/{manifest['img/icon-maskable-512.png']}", icons)
