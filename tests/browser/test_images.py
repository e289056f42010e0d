"""The article page's pictures in Chromium: each holds its place before its image
arrives (width and height set: nothing moves when it loads), the browser picks the
WebP rendition, and the page passes the axe checks, right-to-left and left-to-right."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from articles import services
from articles.models import Article, ArticleImage
from tests.articles.factories import ArticleFactory, image_bytes
from tests.browser.admin import BODY_EDITOR, admin_log_in
from tests.browser.checks import VARIANTS, Visit, check_axe, check_layout
from tests.browser.conftest import AXE

pytestmark = pytest.mark.browser

BOXES = """() => [...document.querySelectorAll("main picture img")].map(img => {
  const box = img.getBoundingClientRect();
  return {width: box.width, height: box.height, loaded: img.complete && img.naturalWidth > 0,
          ratio: img.getAttribute("height") / img.getAttribute("width"), src: img.currentSrc};
})"""

# The layout shifts so far (Cumulative Layout Shift's entries, not caused by input).
SHIFTS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""

ALL_LOADED = """() => [...document.querySelectorAll("main picture img")]
  .every(img => img.complete && img.naturalWidth > 0)"""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # imagekit remembers which renditions exist
    return tmp_path


def article_with_pictures(lang):
    alts = {"image_alt_fa": "سالن اصلی نمایشگاه", "image_alt_en": "The exhibition's main hall"}
    article = ArticleFactory(
        language=lang,
        title="تصاویر نمایشگاه" if lang == "fa" else "The exhibition in pictures",
        body="متن خبر." if lang == "fa" else "The story.",
        image=SimpleUploadedFile("hall.jpg", image_bytes(size=(1600, 900))),
        image_caption="سالن اصلی" if lang == "fa" else "The main hall",
        **alts,
    )
    for number, color in enumerate(("navy", "olive")):
        services.article_image_save(
            article_image=ArticleImage(article=article, order=number),
            image=SimpleUploadedFile(
                f"stand-{number}.png", image_bytes("PNG", (800, 600), color=color)
            ),
            alt_fa=f"غرفه شماره {number + 1}",
            alt_en=f"Stand number {number + 1}",
            caption="غرفه" if lang == "fa" else "A stand",
            credit="مریم احمدی" if lang == "fa" else "Maryam Ahmadi",
        )
    return article


@pytest.mark.parametrize(
    ("lang", "variant"), [("fa", VARIANTS[0]), ("en", VARIANTS[1])], ids=["fa-phone", "en-desktop"]
)
def test_pictures_hold_their_place_and_pass_axe(browser, live_server, media, lang, variant):
    article = article_with_pictures(lang)
    context = browser.new_context(
        viewport={"width": variant.width, "height": variant.height},
        is_mobile=variant.mobile,
        has_touch=variant.mobile,
        locale="fa-IR" if lang == "fa" else "en-GB",
        bypass_csp=True,  # lets the test inject axe-core
    )
    # Images are held back until the page is laid out without them.
    held, released = [], []

    def hold(route):
        (route.continue_() if released else held.append(route))

    context.route("**/media/**", hold)
    page = context.new_page()
    url = live_server.url + article.get_absolute_url()
    visit = Visit(page=page, context=context, url=url)
    page.on("pageerror", lambda error: visit.problems.append(f"script error: {error}"))
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.evaluate("document.fonts.ready.then(() => true)")
        before = page.evaluate(BOXES)
        assert len(before) == 3  # the lead image and two in the gallery
        for box in before:
            assert not box["loaded"]
            # Its box already has the image's proportions.
            assert box["height"] == pytest.approx(box["width"] * box["ratio"], abs=1.5)
        shifts_before = page.evaluate(SHIFTS)

        released.append(True)
        for route in held:
            route.continue_()
        for index in range(len(before)):  # the gallery's are lazy: bring each into view
            page.locator("main picture img").nth(index).scroll_into_view_if_needed()
        page.wait_for_function(ALL_LOADED, timeout=15_000)
        page.evaluate("window.scrollTo(0, 0)")
        after = page.evaluate(BOXES)
        assert [round(b["height"]) for b in after] == [round(b["height"]) for b in before]
        assert page.evaluate(SHIFTS) - shifts_before == pytest.approx(0, abs=0.001)
        # Chromium takes the WebP source; the JPEG stays the <img>'s fallback.
        assert all(box["src"].endswith(".webp") for box in after)

        assert page.locator("main figure figcaption").count() == 3
        check_layout(visit, lang, variant)
        check_axe(visit)
        assert visit.problems == []
    finally:
        context.close()


# axe-core over one part of the page (the admin's own markup is Django's).
AXE_IN = """async (selector) => {
  const result = await axe.run(selector, {resultTypes: ["violations"]});
  return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


def test_staff_upload_a_lead_image_and_a_gallery_image_in_the_admin(
    browser, live_server, media, tmp_path
):
    User.objects.create_superuser("editor", password="a-long-pass-123")
    photo, stand = tmp_path / "hall.jpg", tmp_path / "stand.png"
    photo.write_bytes(image_bytes(size=(900, 600), orientation=6, gps=True))
    stand.write_bytes(image_bytes("PNG", (600, 400)))
    context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    try:
        admin_log_in(page, live_server.url, "editor", "a-long-pass-123")

        seeded = Article.objects.count()
        page.goto(f"{live_server.url}/admin/articles/article/add/")
        page.fill("#id_title", "گزارش تصویری نمایشگاه")
        page.fill(BODY_EDITOR, "متن خبر.")
        page.set_input_files("#id_image", str(photo))
        page.fill("#id_image_alt_fa", "سالن اصلی نمایشگاه")
        # No English description: the form says so, and nothing is saved.
        page.click("input[name=_save]")
        page.wait_for_selector(".errornote")
        assert page.locator(".field-image_alt_en .errorlist").count() == 1
        assert Article.objects.count() == seeded

        page.set_input_files("#id_image", str(photo))  # a browser never re-sends a file
        page.fill("#id_image_alt_en", "The exhibition's main hall")
        page.click("#images-group .add-row a")
        page.set_input_files("#id_images-0-image", str(stand))
        page.fill("#id_images-0-alt_fa", "غرفه تهران")
        page.fill("#id_images-0-alt_en", "Tehran's stand")
        page.fill("#id_images-0-caption", "غرفه تهران")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_IN, "#images-group") == []
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")

        article = Article.objects.latest("news_code")
        # Upright (the phone's orientation applied), and no EXIF left.
        assert (article.image_width, article.image_height) == (600, 900)
        assert [i.alt_en for i in article.images.all()] == ["Tehran's stand"]
    finally:
        context.close()
