"""The served stylesheet is exactly its partials concatenated (manage.py build_css)."""

import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from exhibition.management.commands import build_css


class CommittedBundleTests(SimpleTestCase):
    def test_committed_site_css_is_the_bundle_of_the_partials(self):
        # Fails when site.css was edited by hand, or a partial changed without `make css`.
        self.assertEqual(
            build_css.BUNDLE.read_text(encoding="utf-8"),
            build_css.bundle(),
            "static/css/site.css differs from styles/*.css: edit the partials, run `make css`.",
        )

    def test_every_partial_is_in_the_bundle_and_nothing_else(self):
        on_disk = {path.name for path in build_css.SOURCE_DIR.glob("*.css")}
        self.assertEqual(on_disk, set(build_css.PARTIALS))


class BuildCommandTests(SimpleTestCase):
    def setUp(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.source = folder / "styles"
        self.source.mkdir()
        for number, name in enumerate(build_css.PARTIALS):
            (self.source / name).write_text(f".part-{number} {{ order: {number}; }}\n")
        self.bundle = folder / "site.css"
        self.enterContext(mock.patch.object(build_css, "SOURCE_DIR", self.source))
        self.enterContext(mock.patch.object(build_css, "BUNDLE", self.bundle))
        self.enterContext(mock.patch.object(build_css.settings, "BASE_DIR", folder))

    def test_writes_the_partials_in_cascade_order_under_their_names(self):
        call_command("build_css", stdout=StringIO())
        text = self.bundle.read_text()
        self.assertTrue(text.startswith("/* static/css/site.css: GENERATED"))
        positions = [text.index(f".part-{n} ") for n in range(len(build_css.PARTIALS))]
        self.assertEqual(positions, sorted(positions))
        self.assertIn("/* ---- styles/print.css ---- */", text)

    def test_check_fails_on_a_hand_edited_bundle_and_changes_nothing(self):
        call_command("build_css", stdout=StringIO())
        edited = self.bundle.read_text() + ".hand-made { color: red; }\n"
        self.bundle.write_text(edited)
        with self.assertRaisesMessage(CommandError, "run `make css`"):
            call_command("build_css", "--check")
        self.assertEqual(self.bundle.read_text(), edited)

    def test_check_passes_on_a_current_bundle(self):
        call_command("build_css", stdout=StringIO())
        call_command("build_css", "--check")  # no CommandError
