"""Article images (articles/images.py, the services, the article page): what an upload
must be, what is stored, the renditions and where a page shows them."""

import json
import re
import shutil
import tempfile
from io import BytesIO
from pathlib import Path
from unittest import mock

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageFile

from articles import images, services
from articles.importers import parse_json_line
from articles.models import Article, ArticleImage
from exhibition import pagecache
from tests.articles.factories import ArticleFactory, StaffFactory, image_bytes

ALT = {"image_alt_fa": "نمای نمایشگاه از بالا", "image_alt_en": "The exhibition from above"}


def upload(name="photo.jpg", data=None, **kwargs):
    return SimpleUploadedFile(name, data if data is not None else image_bytes(**kwargs))


class MediaFolderMixin:
    """Each test writes its uploads and renditions to a folder of its own."""

    def setUp(self):
        super().setUp()
        media = Path(tempfile.mkdtemp(prefix="exhibition-images-"))
        self.addCleanup(shutil.rmtree, media)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.media = media
        cache.clear()  # imagekit remembers which renditions exist


class UploadValidationTests(MediaFolderMixin, TestCase):
    def create(self, file, **fields):
        return services.article_create(
            title="نمایشگاه", body="متن", image=file, **{**ALT, **fields}
        )

    def assert_refused(self, file, code, message):
        with self.assertRaises(ValidationError) as caught, transaction.atomic():
            self.create(file)
        self.assertEqual([e.code for e in caught.exception.error_dict["image"]], [code])
        with translation.override("en"):
            self.assertIn(message, " ".join(caught.exception.message_dict["image"]))
        self.assertFalse(Article.objects.exists())

    def test_jpeg_png_and_webp_are_accepted_and_stored_under_their_real_type(self):
        # The suffix staff's file had says nothing: a PNG named .jpg is stored as .png
        # (the media view sends the Content-Type of the suffix).
        for kind, name, suffix in [
            ("JPEG", "a.jpg", ".jpg"),
            ("PNG", "b.jpg", ".png"),
            ("WEBP", "c.png", ".webp"),
        ]:
            with self.subTest(kind=kind):
                article = self.create(upload(name, kind=kind))
                self.assertEqual(Path(article.image.name).suffix, suffix)
                with Image.open(article.image.path) as stored:
                    self.assertEqual(stored.format, kind)

    def test_a_gif_or_a_text_file_is_refused(self):
        gif = BytesIO()
        Image.new("RGB", (4, 4)).save(gif, "GIF")
        self.assert_refused(
            upload("anim.jpg", gif.getvalue()), "invalid_image", "JPEG, PNG or WebP"
        )
        self.assert_refused(
            upload("notes.jpg", b"<svg onload=alert(1)>"), "invalid_image", "JPEG, PNG or WebP"
        )

    def test_a_truncated_image_is_refused(self):
        whole = image_bytes(size=(300, 200))
        self.assert_refused(
            upload(data=whole[: len(whole) // 2]), "damaged_image", "damaged or incomplete"
        )

    @override_settings(IMAGE_MAX_PIXELS=100 * 100)
    def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(self):
        self.assert_refused(upload(size=(101, 100)), "too_many_pixels", "too many pixels")
        self.assertEqual(self.create(upload(size=(100, 100))).image_width, 100)

    def test_a_decompression_bomb_is_refused(self):
        # 20,000 × 20,000 pixels of one colour: a few kilobytes as a PNG.
        bomb = BytesIO()
        Image.new("1", (20_000, 20_000)).save(bomb, "PNG")
        self.assert_refused(
            upload("bomb.png", bomb.getvalue()), "too_many_pixels", "too many pixels"
        )

    @override_settings(IMAGE_MAX_UPLOAD_BYTES=1024)
    def test_a_file_over_the_size_limit_is_refused(self):
        noisy = BytesIO()
        Image.effect_noise((100, 100), 64).save(noisy, "PNG")
        self.assert_refused(
            upload("big.png", noisy.getvalue()), "file_too_large", "the largest allowed is 1.0"
        )


class StoredImageTests(MediaFolderMixin, TestCase):
    def test_exif_and_gps_are_removed_and_the_orientation_is_applied(self):
        # A phone's portrait photo: stored landscape with "turn a quarter" in its EXIF.
        article = services.article_create(
            title="نمایشگاه",
            body="متن",
            image=upload(size=(40, 20), orientation=6, gps=True),
            **ALT,
        )
        with Image.open(article.image.path) as stored:
            self.assertEqual(stored.size, (20, 40))
            self.assertEqual(dict(stored.getexif()), {})
            self.assertNotIn("exif", stored.info)
        self.assertEqual((article.image_width, article.image_height), (20, 40))

    def test_a_jpeg_comment_is_not_kept(self):
        commented = BytesIO()
        Image.new("RGB", (30, 20), "teal").save(commented, "JPEG", comment=b"Shot at 35.7N 51.4E")
        article = services.article_create(
            title="نمایشگاه", body="متن", image=upload(data=commented.getvalue()), **ALT
        )
        self.assertNotIn(b"35.7N", Path(article.image.path).read_bytes())

    def test_an_image_needs_a_description_in_both_languages(self):
        with self.assertRaises(ValidationError) as caught, transaction.atomic():
            services.article_create(
                title="نمایشگاه", body="متن", image=upload(), image_alt_fa="عکس", image_alt_en=" "
            )
        self.assertEqual(list(caught.exception.message_dict), ["image_alt_en"])
        self.assertFalse(Article.objects.exists())
        # No image, no description needed.
        services.article_create(title="بی‌عکس", body="متن")

    def test_the_database_refuses_an_image_without_description(self):
        article = services.article_create(title="نمایشگاه", body="متن", image=upload(), **ALT)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(image_alt_fa="")

    def test_a_kept_image_is_not_decoded_again_on_every_save(self):
        article = services.article_create(title="نمایشگاه", body="متن", image=upload(), **ALT)
        Path(article.image.path).write_bytes(b"damaged on disk later")
        services.article_update(article=article, title="نمایشگاه تازه")  # no error
        self.assertEqual(Article.objects.get().title, "نمایشگاه تازه")


class GalleryTests(MediaFolderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory(title="گزارش تصویری")

    def test_a_gallery_image_is_stripped_and_needs_both_descriptions(self):
        image = services.article_image_save(
            article_image=ArticleImage(article=self.article),
            image=upload(orientation=6, gps=True),
            alt_fa="غرفه تهران",
            alt_en="Tehran's stand",
            caption="غرفه تهران",
        )
        with Image.open(image.image.path) as stored:
            self.assertEqual((stored.size, dict(stored.getexif())), ((20, 40), {}))
        self.assertEqual((image.width, image.height), (20, 40))
        with self.assertRaises(ValidationError) as caught:
            services.article_image_save(
                article_image=ArticleImage(article=self.article), image=upload(), alt_fa="غرفه"
            )
        self.assertIn("alt_en", caught.exception.message_dict)
        self.assertEqual(self.article.images.count(), 1)

    def test_descriptions_and_credits_lose_bidi_controls(self):
        image = services.article_image_save(
            article_image=ArticleImage(article=self.article),
            image=upload(),
            alt_fa="غرفه\u202e تهران",
            alt_en="Tehran\u200e's stand",
            credit="\u202bمریم",
        )
        self.assertEqual(
            (image.alt_fa, image.alt_en, image.credit), ("غرفه تهران", "Tehran's stand", "مریم")
        )
        article = services.article_update(
            article=self.article,
            image=upload(),
            image_alt_fa="\u202eسالن",
            image_alt_en="Hall\u2066",
        )
        self.assertEqual((article.image_alt_fa, article.image_alt_en), ("سالن", "Hall"))

    def test_saving_or_deleting_a_gallery_image_empties_the_page_cache(self):
        cache.set(pagecache._GENERATION_KEY, 1, None)
        image = services.article_image_save(
            article_image=ArticleImage(article=self.article),
            image=upload(),
            alt_fa="الف",
            alt_en="A",
        )
        self.assertNotEqual(cache.get(pagecache._GENERATION_KEY), 1)
        cache.set(pagecache._GENERATION_KEY, 1, None)
        services.article_image_delete(article_image=image)
        self.assertNotEqual(cache.get(pagecache._GENERATION_KEY), 1)


class RenditionWidthTests(TestCase):
    def test_standard_widths_below_the_image_then_its_own(self):
        self.assertEqual(images.rendition_widths(300), [300])
        self.assertEqual(images.rendition_widths(1000), [480, 800, 1000])
        self.assertEqual(images.rendition_widths(1600), [480, 800, 1200, 1600])
        self.assertEqual(images.rendition_widths(4000), [480, 800, 1200, 1600])


class ArticlePageImageTests(MediaFolderMixin, TestCase):
    def setUp(self):
        super().setUp()
        with self.captureOnCommitCallbacks(execute=True):  # the renditions are made
            self.make_article()

    def make_article(self):
        self.article = ArticleFactory(
            title="نمایشگاه خواهرخواندگی",
            image=upload(size=(1000, 500)),
            image_caption="نمای کلی",
            **ALT,
        )
        self.photo = services.article_image_save(
            article_image=ArticleImage(article=self.article),
            image=upload("stand.png", kind="PNG", size=(600, 400)),
            alt_fa="غرفه شهر تهران",
            alt_en="Tehran's stand",
            caption="غرفه تهران",
            credit="مریم احمدی",
        )

    def page(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_lead_image_is_a_picture_with_webp_renditions_and_a_jpeg_fallback(self):
        html = self.page()
        lead = re.search(r'<figure class="news-article__image">(.*?)</figure>', html, re.S)[1]
        webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', lead)[1]
        self.assertEqual(re.findall(r"\.webp (\d+)w", webp), ["480", "800", "1000"])
        img = re.search(r"<img [^>]+>", lead)[0]
        self.assertEqual(re.findall(r"\.jpg (\d+)w", img), ["480", "800", "1000"])
        self.assertIn('width="1000" height="500"', img)
        self.assertIn('alt="نمای نمایشگاه از بالا"', img)  # the article's language
        self.assertIn('decoding="async"', img)
        self.assertIn("sizes=", img)
        self.assertIn("<figcaption>نمای کلی</figcaption>", lead)

    def test_renditions_are_served_by_the_media_view_at_their_size(self):
        html = self.page()
        for url, kind, width in [
            (re.search(r'srcset="(\S+\.webp) 480w', html)[1], "image/webp", 480),
            (re.search(r'<img src="(\S+\.jpg)"', html)[1], "image/jpeg", 1000),
        ]:
            with self.subTest(url=url):
                self.assertTrue(url.startswith("/media/"))
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], kind)
                with Image.open(BytesIO(b"".join(response.streaming_content))) as served:
                    self.assertEqual(served.width, width)

    def test_the_gallery_shows_each_image_as_a_described_figure(self):
        html = self.page()
        gallery = re.search(r'<section class="news-gallery"(.*?)</section>', html, re.S)[1]
        self.assertIn('aria-labelledby="news-gallery-title"', html)
        self.assertEqual(gallery.count("<figure"), 1)
        self.assertIn('alt="غرفه شهر تهران"', gallery)
        self.assertIn('loading="lazy"', gallery)
        self.assertIn('width="600" height="400"', gallery)
        self.assertRegex(gallery, r"<figcaption>غرفه تهران <span[^>]*>[^<]*مریم احمدی</span>")

    def test_a_gallery_image_links_to_its_figure_on_the_article_page(self):
        url, _hash, anchor = self.photo.get_absolute_url().partition("#")
        self.assertEqual(url, self.article.get_absolute_url())
        self.assertEqual(anchor, f"photo-{self.photo.pk}")
        self.assertRegex(self.page(), rf'<figure class="news-gallery__item" id="{anchor}">')

    def test_an_english_article_describes_its_images_in_english(self):
        english = ArticleFactory(
            title="The exhibition", language="en", image=upload(size=(500, 250)), **ALT
        )
        response = self.client.get(english.get_absolute_url())
        self.assertContains(response, 'alt="The exhibition from above"')
        self.assertContains(response, '<meta property="og:image:alt" content="The exhibition')

    def test_open_graph_and_json_ld_name_the_lead_image_with_its_size(self):
        html = self.page()
        og = dict(re.findall(r'<meta property="og:image(?::(\w+))?" content="([^"]*)"', html))
        self.assertRegex(og[""], r"^http://testserver/media/CACHE/images/.+\.jpg$")
        self.assertEqual((og["type"], og["width"], og["height"]), ("image/jpeg", "1000", "500"))
        self.assertEqual(og["alt"], "نمای نمایشگاه از بالا")
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(
            data["image"],
            {
                "@type": "ImageObject",
                "url": og[""],
                "width": 1000,
                "height": 500,
                "description": "نمای نمایشگاه از بالا",
            },
        )

    def test_an_image_lost_from_the_media_folder_leaves_the_page_without_a_picture(self):
        year = str(self.article.image.name).split("/")[1]
        shutil.rmtree(self.media / "articles" / year)  # the lead image, not the gallery's
        shutil.rmtree(self.media / "CACHE" / "images" / "articles" / year)
        cache.clear()  # what imagekit remembers of its renditions
        html = self.page()
        self.assertNotIn("news-article__image", html)
        self.assertNotIn("og:image", html)
        self.assertIn("news-gallery", html)  # the gallery's are still there


class RenditionTests(MediaFolderMixin, TestCase):
    """Renditions are made when an image is saved, never by a page: a gallery's first
    view made them all and could outlast the worker's timeout."""

    def renditions(self):
        return sorted(p.name for p in (self.media / "CACHE").rglob("*") if p.is_file())

    def lead(self, article):
        response = self.client.get(article.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        return re.search(r'<figure class="news-article__image">(.*?)</figure>', html, re.S)[1]

    def test_saving_makes_them_once_the_save_commits(self):
        with self.captureOnCommitCallbacks(execute=True):
            article = services.article_create(
                title="نمایشگاه", body="متن", image=upload(size=(1000, 500)), **ALT
            )
            photo = services.article_image_save(
                article_image=ArticleImage(article=article),
                image=upload("g.png", kind="PNG", size=(300, 200)),
                alt_fa="غرفه",
                alt_en="A stand",
            )
            self.assertEqual(self.renditions(), [])  # not before the commit
        # 480, 800 and its own 1000; the gallery's 300: each as WebP and JPEG.
        self.assertEqual(len(self.renditions()), 8)
        for path in (self.media / "CACHE").rglob("*.webp"):
            with Image.open(path) as made:
                self.assertIn(made.size, [(480, 240), (800, 400), (1000, 500), (300, 200)])
        self.assertIn(
            f"/{photo.image.name.rsplit('.', 1)[0]}/",
            " ".join(str(p) for p in (self.media / "CACHE").rglob("*")),
        )

    def test_a_page_makes_none_and_shows_the_original_while_they_are_missing(self):
        # Saved without its commit callbacks run: as if the making failed.
        article = ArticleFactory(image=upload(size=(1000, 500)), **ALT)
        lead = self.lead(article)
        self.assertEqual(self.renditions(), [])
        img = re.search(r"<img [^>]+>", lead)[0]
        self.assertIn(f'src="/media/{article.image.name}"', img)
        self.assertIn('width="1000" height="500"', img)
        self.assertNotIn("srcset", lead)
        self.assertNotIn("<source", lead)

    def test_one_rendition_lost_brings_back_the_original(self):
        with self.captureOnCommitCallbacks(execute=True):
            article = ArticleFactory(image=upload("p.png", kind="PNG", size=(900, 300)), **ALT)
        self.assertIn("srcset=", self.lead(article))
        next((self.media / "CACHE").rglob("*.webp")).unlink()
        cache.clear()
        html = self.client.get(article.get_absolute_url()).content.decode()
        self.assertIn(f'<img src="/media/{article.image.name}"', html)
        self.assertIn('width="900" height="300"', html)
        self.assertIn('<meta property="og:image:type" content="image/png">', html)
        self.assertEqual(len(self.renditions()), 5)  # 480, 800, 900 less one: none made


class AdminImageTests(MediaFolderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = StaffFactory(
            permissions=[
                "articles.add_article",
                "articles.change_article",
                "articles.view_article",
                "articles.publish_article",
                "articles.add_articleimage",
                "articles.change_articleimage",
                "articles.delete_articleimage",
                "articles.view_articleimage",
            ]
        )

    def post(self, image, **extra):
        self.client.force_login(self.editor)
        data = {
            "language": "fa",
            "title": "خبر با عکس",
            "slug": "",
            "body": "متن خبر",
            "status": "draft",
            "image": image,
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            **extra,
        }
        return self.client.post(reverse("admin:articles_article_add"), data)

    def errors(self, response):
        self.assertEqual(response.status_code, 200)  # the form again, with its errors
        form = response.context["adminform"].form
        return {name: " ".join(errors) for name, errors in form.errors.items()}

    def test_a_damaged_upload_is_a_form_error_not_a_server_error(self):
        whole = image_bytes(size=(300, 200))
        errors = self.errors(self.post(upload(data=whole[:200]), **ALT))
        self.assertIn("image", errors)
        self.assertFalse(Article.objects.exists())

    def test_a_missing_description_is_a_form_error(self):
        errors = self.errors(self.post(upload(), image_alt_fa="عکس"))
        self.assertEqual(list(errors), ["image_alt_en"])
        self.assertFalse(Article.objects.exists())

    def test_a_description_of_invisible_characters_only_is_a_form_error(self):
        # Bidi marks and zero-width spaces are cleaned away on save: no description left.
        errors = self.errors(self.post(upload(), image_alt_fa="عکس", image_alt_en="\u200f\u200b"))
        self.assertEqual(list(errors), ["image_alt_en"])
        self.assertFalse(Article.objects.exists())

    def test_an_upload_is_decoded_in_full_once(self):
        # The form, the service's full_clean and the stripping each decoded all of it:
        # a 50-megapixel photo took several times 150 MB. Now the check reads a JPEG at
        # an eighth of its size, once, and only the stripping decodes every pixel.
        decoded = []
        load = ImageFile.ImageFile.load

        def counting_load(image):
            if image.tile:  # not decoded yet
                decoded.append(image.size[0] * image.size[1])
            return load(image)

        with mock.patch.object(ImageFile.ImageFile, "load", counting_load):
            response = self.post(upload(size=(2000, 1000)), **ALT)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get().image_width, 2000)
        self.assertEqual(sorted(decoded), [250 * 125, 2000 * 1000])

    def test_the_gallery_inline_saves_through_the_services(self):
        response = self.post(
            upload(),
            **ALT,
            **{
                "images-TOTAL_FORMS": "1",
                "images-0-image": upload("g.jpg", orientation=6, gps=True),
                "images-0-alt_fa": "عکس گالری",
                "images-0-alt_en": "Gallery photo",
                "images-0-caption": "زیرنویس",
                "images-0-order": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        image = Article.objects.get().images.get()
        with Image.open(image.image.path) as stored:
            self.assertEqual((stored.size, dict(stored.getexif())), ((20, 40), {}))


class ImportedImageTests(MediaFolderMixin, TestCase):
    """An imported record names a file in the media folder: it is stripped and turned
    upright as an upload is (a copy: the named file may be another article's)."""

    def import_record(self, image, **extra):
        record = {"title": "خبر وارد شده", "body": "متن", "image": image, **ALT, **extra}
        return services.article_import(parsed=parse_json_line(json.dumps(record)))

    def put(self, name, data):
        path = self.media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def test_a_phone_photo_is_stored_upright_without_its_gps(self):
        named = self.put("incoming/phone.jpg", image_bytes(size=(40, 20), orientation=6, gps=True))
        before = named.read_bytes()
        outcome = self.import_record("incoming/phone.jpg")
        article = Article.objects.get(pk=outcome.article.pk)
        self.assertNotEqual(article.image.name, "incoming/phone.jpg")
        with Image.open(article.image.path) as stored:
            self.assertEqual((stored.size, dict(stored.getexif())), ((20, 40), {}))
        self.assertEqual((article.image_width, article.image_height), (20, 40))
        self.assertEqual(named.read_bytes(), before)  # the named file is left alone
        # Imported again: the same copy, nothing changed, no second file.
        self.assertEqual(self.import_record("incoming/phone.jpg").action, "unchanged")
        self.assertEqual(Article.objects.get(pk=article.pk).image.name, article.image.name)
        self.assertEqual(len(list((self.media / "articles").rglob("*.jpg"))), 1)

    def test_an_image_without_metadata_is_kept_as_named(self):
        self.put("incoming/clean.png", image_bytes("PNG", (30, 10)))
        article = self.import_record("incoming/clean.png").article
        self.assertEqual(article.image.name, "incoming/clean.png")
        self.assertEqual(self.import_record("incoming/clean.png").action, "unchanged")
