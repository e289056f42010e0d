"""The site with the network cut, in Chromium: after one visit, the service worker
(/sw.js, static/js/offline-worker.js) still serves the programme, the floor plan and
the exhibitor directory in both languages, and the pages visited, each saying it is
the copy saved offline and when; a news page never opened gives the offline page in
its language; the admin, previews and a logged-in editor's pages are never kept."""

import jdatetime
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from booths.models import Exhibitor
from programme.models import Session as ProgrammeSession
from tests.articles.factories import ArticleFactory, image_bytes
from tests.browser.test_security import PASSWORD, Session

pytestmark = pytest.mark.browser

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

WORKER_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  // clients.claim() has made it this page's controller once it is activated.
  while (navigator.serviceWorker.controller?.state !== "activated") {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return registration.scope;
}"""
CACHED_ADDRESSES = """async () => {
  const addresses = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) addresses.push(new URL(request.url).pathname);
  }
  return addresses;
}"""
CACHED_BY_NAME = """async () => {
  const caches_ = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    caches_[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
  }
  return caches_;
}"""


class WithWorkers:
    """The browser whose contexts let the site register its service worker (the
    harness blocks workers elsewhere: tests/browser/conftest.py)."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **options):
        # The notice's date is the saved copy's, in the zone of the site's visitors.
        options.setdefault("timezone_id", "Asia/Tehran")
        return self.browser.new_context(service_workers="allow", **options)


@pytest.fixture
def session(browser, live_server):
    session = Session(WithWorkers(browser), live_server)
    yield session
    session.close()


def cut_network(context):
    """No network for the pages, nor for the worker's own requests (which Playwright's
    offline mode does not reach: microsoft/playwright#2311)."""
    context.set_offline(True)
    context.route(
        "**/*",
        lambda route: (
            route.abort("internetdisconnected")
            if route.request.service_worker
            else route.continue_()
        ),
    )


def install_worker(session, path="/fa/"):
    """Open a page and wait until the worker is active and controls it (its install
    has kept the offline pages by then)."""
    session.go(path)
    scope = session.page.evaluate(WORKER_READY)
    assert scope == f"{session.base}/"


def read_offline(session, path):
    """Open a page with the network cut: it comes from the worker's copy."""
    response = session.page.goto(session.base + path)
    assert response is not None and response.status == 200, path
    assert response.from_service_worker, path
    # The saved copy keeps its Content-Security-Policy.
    assert response.headers.get("content-security-policy"), path
    return session.page


def notice_text(page):
    notice = page.locator("[data-offline-notice]")
    assert notice.get_attribute("role") == "status"
    page.locator("[data-offline-notice]:not(:empty)").wait_for()
    assert notice.is_visible()
    return notice.inner_text()


def test_programme_plan_and_directory_read_offline_in_both_languages(session):
    article = Article.objects.published().filter(language="fa").first()
    install_worker(session)
    session.go(article.get_absolute_url())  # a page visited
    cut_network(session.context)

    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    persian_year = str(today.year).translate(PERSIAN_DIGITS)
    persian_month = jdatetime.date.j_months_fa[today.month - 1]
    session_title = ProgrammeSession.objects.order_by("start").first()

    pages = {
        "/fa/programme/": ("برنامه", session_title.title_fa),
        "/fa/floor-plan/": ("نقشهٔ سالن‌ها", None),
        "/fa/exhibitors/": ("غرفه‌داران", None),
        "/en/programme/": ("Programme", session_title.title_en),
        "/en/floor-plan/": ("Floor plan", None),
        "/en/exhibitors/": ("Exhibitors", None),
        article.get_absolute_url(): (article.title, None),
    }
    for path, (heading, content) in pages.items():
        page = read_offline(session, path)
        assert page.locator("main h1").first.inner_text().strip() == heading, path
        if content:
            assert content in page.locator("main").inner_text(), path
        if "/exhibitors/" in path:  # the directory lists the exhibitors, linked
            links = page.locator(f"main a[href^='{path}']")
            assert links.count() >= min(5, Exhibitor.objects.count()), path
        notice = notice_text(page)
        if path.startswith("/en/"):
            assert notice.startswith("Offline — last updated "), notice
            assert str(timezone.localdate().year) in notice, notice
        else:
            # Jalali, with Persian digits, as the site writes its own dates.
            assert notice.startswith("آفلاین — آخرین به‌روزرسانی: "), notice
            assert persian_year in notice and persian_month in notice, notice
            assert not any(digit in notice for digit in "0123456789"), notice
        # The saved page still has its stylesheet (static files kept on install).
        assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert [p for p in session.problems if "CSP violation" in p or "script error" in p] == []


def test_a_news_page_never_opened_gives_the_offline_page_in_its_language(session):
    persian = Article.objects.published().filter(language="fa").order_by("-pk").first()
    english = ArticleFactory(language="en", title="Mayors meet in Tehran", body="They met.")
    install_worker(session, "/en/")
    cut_network(session.context)

    page = read_offline(session, persian.get_absolute_url())
    assert page.locator("main h1").inner_text() == "اتصال به اینترنت برقرار نیست"
    assert page.locator("html").get_attribute("lang") == "fa"
    links = page.locator("main ul a")
    assert "برنامه" in links.all_inner_texts()
    # Its links lead to pages that are there without the network.
    links.filter(has_text="نقشهٔ سالن‌ها").click()
    page.wait_for_url(f"{session.base}/fa/floor-plan/")
    assert page.locator("main h1").first.inner_text().strip() == "نقشهٔ سالن‌ها"

    page = read_offline(session, english.get_absolute_url())
    assert page.locator("main h1").inner_text() == "You are offline"
    assert page.locator("html").get_attribute("dir") == "ltr"
    # The offline page is not a saved copy of the article: no "last updated" claim.
    assert page.locator("[data-offline-notice]").inner_text() == ""


def test_the_admin_previews_and_logged_in_pages_are_never_kept(session):
    install_worker(session)
    User.objects.create_superuser("editor", password=PASSWORD)
    session.log_in("editor")
    article = Article.objects.published().filter(language="fa").first()
    # A logged-in editor's pages: the news list (not kept on install) and a preview.
    session.go("/fa/news/")
    session.go(reverse("articles:preview", kwargs={"pk": article.pk}))
    session.go("/fa/")
    addresses = session.page.evaluate(CACHED_ADDRESSES)
    assert "/fa/programme/" in addresses and "/en/exhibitors/" in addresses
    assert not [a for a in addresses if a.startswith(("/admin/", "/rosetta/"))], addresses
    assert not [a for a in addresses if "/preview/" in a], addresses
    assert "/fa/news/" not in addresses, addresses


def test_my_plan_offline_lists_the_favourites_without_reloading(session):
    """The saved copy of the bare plan page never sends the visitor to their plan's own
    address (which has no copy: it came back as the bare page, again and again); it
    lists the favourites from the browser, titles and times as the buttons gave them."""
    opening, closing = ProgrammeSession.objects.order_by("start")[:2]
    install_worker(session)
    session.go("/fa/programme/")
    for planned in (closing, opening):
        button = session.page.locator(
            f"main [data-plan-toggle][data-plan-kind='session'][data-plan-id='{planned.pk}']"
        ).first
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
    cut_network(session.context)

    navigations = []
    session.page.on(
        "framenavigated",
        lambda frame: navigations.append(frame.url) if frame == session.page.main_frame else None,
    )
    page = read_offline(session, "/fa/my-plan/")
    local = page.locator("[data-plan-local]")
    local.wait_for()
    page.wait_for_timeout(1500)  # a redirect would have come by now
    assert navigations == [f"{session.base}/fa/my-plan/"], navigations
    assert page.url == f"{session.base}/fa/my-plan/"
    items = local.locator("[data-plan-local-list='session'] li")
    assert items.all_inner_texts()[0].startswith(opening.title_fa)
    assert items.all_inner_texts()[1].startswith(closing.title_fa)
    assert items.first.locator("a").get_attribute("href") == opening.get_absolute_url()
    assert not page.locator("[data-plan-empty]").is_visible()
    assert [p for p in session.problems if "CSP violation" in p or "script error" in p] == []

    # A plan's own address, never kept: the offline page, not the bare plan page.
    page = read_offline(session, f"/fa/my-plan/?session={opening.pk}")
    assert page.locator("main h1").inner_text() == "اتصال به اینترنت برقرار نیست"


def test_uploaded_images_are_kept_apart_from_the_pages(session, settings, tmp_path):
    """An image viewed is kept in a cache of its own, not among the saved pages (whose
    limit a gallery would use up), and comes from that copy with the network cut."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "stands").mkdir()
    (tmp_path / "stands" / "hall.png").write_bytes(image_bytes("PNG", (40, 30)))
    install_worker(session)
    fetch_image = """async () => {
      const response = await fetch("/media/stands/hall.png");
      return [response.status, (await response.blob()).size];
    }"""
    status, size = session.page.evaluate(fetch_image)
    assert status == 200 and size > 0
    by_cache = session.page.evaluate(CACHED_BY_NAME)
    images = [n for n, paths in by_cache.items() if "/media/stands/hall.png" in paths]
    assert len(images) == 1 and images[0].startswith("images-"), by_cache
    pages = [paths for n, paths in by_cache.items() if n.startswith("pages-")]
    assert pages and all("/media/stands/hall.png" not in p for p in pages), by_cache

    cut_network(session.context)
    assert session.page.evaluate(fetch_image) == [200, size]
