"""The Content Security Policy, enforced (no bypass, unlike the page checks): the admin
and Rosetta work under it, and a translator cannot put a script on the public pages."""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-pass-123"
PAYLOAD = "یافتن غرفه‌دار<img src=x onerror=alert(1)>"
# Reports every violation to the console, where the test collects it: Chromium's own
# "Refused to …" messages come too, the event also names the blocked address.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Session:
    """A browser context with the site's CSP in force, recording what went wrong."""

    def __init__(self, browser, live_server, locale="en-GB"):
        self.base = live_server.url
        self.context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page = self.watch(self.context.new_page())
        self.context.on("page", self.watch)

    def watch(self, page):
        def on_console(message):
            # The admin's pages name no icon, so Chromium asks for /favicon.ico (404).
            if message.type == "error" and not message.location.get("url", "").endswith(
                "/favicon.ico"
            ):
                self.problems.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda e: self.problems.append(f"{page.url}: script error {e}"))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    def go(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        assert response.headers.get("content-security-policy"), path
        return response

    def log_in(self, username):
        self.go("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(f"{self.base}/admin/")

    def close(self):
        self.context.close()


@pytest.fixture
def session(browser, live_server):
    session = Session(browser, live_server)
    yield session
    session.close()


@pytest.fixture
def scratch_locale():
    """The catalogs copied and compiled in a scratch folder the tests may change."""
    scratch = Path(tempfile.mkdtemp())
    shutil.copytree(Path(settings.BASE_DIR) / "locale", scratch / "locale")
    with override_settings(LOCALE_PATHS=[scratch / "locale"]):
        call_command("compilemessages", locale=["fa"], verbosity=0)
        yield scratch / "locale"
    shutil.rmtree(scratch)


@pytest.fixture
def translator():
    user = User.objects.create_user("translator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="translators")[0])
    return user


def test_public_pages_break_no_rule_of_the_policy(session):
    article = Article.objects.published().first()
    for path in (
        "/fa/",
        "/en/",
        "/fa/news/",
        article.get_absolute_url(),
        "/fa/news/archive/",
        "/fa/search/?q=نمایشگاه",
        "/fa/exhibitors/",
        "/en/districts/",
        "/fa/floor-plan/",
        "/en/sister-cities/",
    ):
        session.go(path)
    assert session.problems == []


def test_admin_works_under_the_policy(session):
    User.objects.create_superuser("editor", password=PASSWORD)
    article = ArticleFactory(title="خبری برای حذف از فهرست")
    page = session.page
    session.log_in("editor")

    # Change list with its filters and search.
    session.go("/admin/articles/article/")
    page.fill("#searchbar", "حذف")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")

    # Add form: the date and time widgets' shortcuts and pop-up calendar and clock.
    session.go("/admin/articles/article/add/")
    page.click("#id_published_at_0 ~ .datetimeshortcuts a:has-text('Today')")
    assert page.input_value("#id_published_at_0")
    page.click("#calendarlink0")
    page.wait_for_selector("#calendarbox0", state="visible")
    page.click("#calendarbox0 .calendar-shortcuts a:has-text('Yesterday')")
    page.click("#clocklink0")
    page.wait_for_selector("#clockbox0", state="visible")
    page.click("#clockbox0 a:has-text('Noon')")
    assert page.input_value("#id_published_at_1").startswith("12:00")

    # An action: select the article, delete it, confirm.
    session.go("/admin/articles/article/")
    page.locator("#result_list tr", has_text=article.title).locator(".action-select").check()
    page.select_option("select[name=action]", "delete_selected")
    page.click("button[name=index]")
    page.click("input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert not Article.objects.filter(pk=article.pk).exists()

    # A related object added in a pop-up window, whose answer is a data attribute read
    # by the admin's static script.
    session.go("/admin/booths/exhibitor/add/")
    with page.expect_popup() as popup:
        page.click("#add_id_sister_city")
    popup = popup.value
    popup.wait_for_load_state()
    popup.fill("#id_city_fa", "سئول")
    popup.fill("#id_country_fa", "کره جنوبی")
    popup.fill("#id_country_code", "KR")
    popup.fill("#id_year", "2006")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    assert page.locator("#id_sister_city option:checked").inner_text().startswith("سئول")

    assert session.problems == []


def test_rosetta_works_under_the_policy(session, scratch_locale, translator):
    page = session.page
    session.log_in("translator")
    open_scratch_catalog(session, scratch_locale, "Skip to main content")
    page.fill("textarea[name^=m_]", "رفتن به محتوای اصلی")
    page.click(".submit-row input[type=submit]")
    page.wait_for_load_state()
    session.go("/fa/")
    assert page.inner_text(".skip-link") == "رفتن به محتوای اصلی"
    assert session.problems == []


def test_a_translator_cannot_put_markup_on_the_public_pages(session, scratch_locale, translator):
    page = session.page
    session.log_in("translator")
    open_scratch_catalog(session, scratch_locale, "Skip to main content")
    page.fill("textarea[name^=m_]", PAYLOAD)
    page.click(".submit-row input[type=submit]")
    page.wait_for_selector(".messages.errornote")
    refusal = page.inner_text(".messages.errornote")
    assert "Not saved" in refusal and "<img src=x onerror=alert(1)>" in refusal, refusal
    # The refused text is shown as text in the message, not as an image.
    assert page.locator("img[src=x]").count() == 0

    for path in ("/fa/", "/fa/exhibitors/", "/en/"):
        session.go(path)
        assert page.locator("img[src=x]").count() == 0, path
    assert page.inner_text(".skip-link") == "Skip to main content"
    session.go("/fa/")
    assert page.inner_text(".skip-link") == "پرش به محتوای اصلی"
    assert session.dialogs == []
    assert session.problems == []


def open_scratch_catalog(session, scratch_locale, msgid):
    """Rosetta lists the checkout's catalogs too: open the scratch copy's Persian one,
    at the message searched for."""
    page = session.page
    session.go("/rosetta/files/project/")
    page.locator("tr", has_text=f"{scratch_locale}/fa/").locator("a").first.click()
    page.fill("#searchbar", msgid)
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list textarea")
    assert page.locator("#result_list textarea").count() == 1


def test_revisions_and_corrections_work_under_the_policy(session):
    User.objects.create_superuser("editor", password=PASSWORD)
    article = ArticleFactory(title="شهردار از غرفه‌های نمایشگاه بازدید کرد")
    services.article_update(article=article, title="شهردار از غرفه‌های همایش بازدید کرد")
    Article.objects.filter(pk=article.pk).update(
        correction_note="نام رویداد اصلاح شد.", corrected_at=timezone.now()
    )
    page = session.page
    session.log_in("editor")

    # The history, word by word, then the first revision restored.
    session.go(f"/admin/articles/article/{article.pk}/history/")
    assert page.locator(".revisions del").first.inner_text() == "نمایشگاه"
    assert page.locator(".revisions ins").first.inner_text() == "همایش"
    page.locator("#change-history tbody tr").last.locator("a").first.click()
    page.wait_for_selector("input[name=_save]")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.title == "شهردار از غرفه‌های نمایشگاه بازدید کرد"

    # The correction on the article and on the corrections page.
    session.go(article.get_absolute_url())
    assert "نام رویداد اصلاح شد." in page.locator("aside.correction").inner_text()
    session.go("/fa/news/corrections/")
    assert page.locator(".correction-item").count() == 1
    assert session.problems == []
