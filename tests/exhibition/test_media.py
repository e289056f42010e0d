"""Uploaded media: images only, with headers that keep a browser from reading them as
anything else; nothing outside MEDIA_ROOT."""

import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from tests.booths.factories import ExhibitorFactory

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class MediaTests(TestCase):
    def setUp(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="exhibition-media-"))
        self.root = self.workdir / "media"
        self.root.mkdir()
        (self.workdir / "secret.png").write_bytes(PNG)  # beside MEDIA_ROOT, not in it
        self.addCleanup(shutil.rmtree, self.workdir)
        settings_override = override_settings(MEDIA_ROOT=self.root)
        settings_override.enable()
        self.addCleanup(settings_override.disable)

    def test_uploaded_logo_is_served_as_an_image_inline_with_a_long_lifetime(self):
        exhibitor = ExhibitorFactory(logo=SimpleUploadedFile("نشان.png", PNG))
        response = self.client.get(exhibitor.logo.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PNG)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Disposition"], "inline")
        self.assertIn("max-age=2592000", response["Cache-Control"])

    def test_type_comes_from_the_suffix_not_the_content(self):
        (self.root / "photo.WEBP").write_bytes(b"<html><script>alert(1)</script>")
        response = self.client.get("/media/photo.WEBP")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/webp")

    def test_html_svg_and_other_files_in_media_are_not_served(self):
        for name in ("page.html", "drawing.svg", "notes.txt", "archive.tar.gz", "noext"):
            with self.subTest(name=name):
                (self.root / name).write_text("<svg onload='alert(1)'/>")
                self.assertEqual(self.client.get(f"/media/{name}").status_code, 404)

    def test_paths_escaping_media_root_are_not_found(self):
        (self.root / "link.png").symlink_to(self.workdir / "secret.png")
        for url in (
            "/media/../secret.png",
            "/media/%2e%2e/secret.png",
            "/media/sub/../../secret.png",
            f"/media/{self.workdir}/secret.png",
            "/media/link.png",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_missing_image_and_directory_are_not_found_in_the_site_design(self):
        (self.root / "logos.png").mkdir()
        for url in ("/media/absent.png", "/media/logos.png", "/media/" + "x" * 300 + ".png"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, 'lang="fa"', status_code=404)

    def test_only_reading_methods(self):
        (self.root / "a.png").write_bytes(PNG)
        self.assertEqual(self.client.head("/media/a.png").status_code, 200)
        self.assertEqual(self.client.post("/media/a.png").status_code, 405)
