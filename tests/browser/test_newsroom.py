"""Issue 17's newsroom story in Chromium, in the Persian admin, with the roles the
migrations create (exhibition/migrations/0001_staff_groups.py): a reporter writes an
article in the rich editor with a lead image and submits it for review; an editor finds
it in the review queue and publishes it with a Jalali time typed in Persian digits; the
editor changes the title, reads the word diff in the history and restores the previous
revision; then marks an edit as a correction, which readers see on the article and on
the corrections page."""

from datetime import timedelta

import jdatetime
import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import timezone
from PIL import Image

from articles.models import Article, Status
from exhibition import persian
from tests.browser.admin import BODY_EDITOR, admin_log_in

pytestmark = pytest.mark.browser

PASSWORD = "a-long-pass-123"
TITLE = "شورای شهر از غرفه شهرهای خواهرخوانده بازدید کرد"
NEW_TITLE = "شورای شهر از غرفه‌های شهرهای خواهرخوانده دیدن کرد"
BODY = "اعضای شورای شهر امروز از غرفه‌های نمایشگاه بازدید کردند."
ALT_FA = "اعضای شورا در سالن نمایشگاه"
ALT_EN = "Council members in the exhibition hall"
# As the text pipeline stores it (a passive verb joined with a ZWNJ).
NOTE = "نام سالن در نسخه نخست اشتباه نوشته\u200cشده بود."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # imagekit remembers which renditions exist
    return settings.MEDIA_ROOT


def staff(username, group):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(browser, base, username):
    # fa-IR: the admin follows the browser's language.
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_log_in(page, base, username, PASSWORD)
    return context, page


def read_as_a_visitor(browser, url):
    """The public page as a reader sees it (no staff session, so the page cache applies)."""
    context = browser.new_context(locale="fa-IR")
    page = context.new_page()
    page.goto(url)
    return context, page


def test_a_reporter_writes_an_editor_publishes_corrects_and_rolls_back(
    browser, live_server, media, tmp_path
):
    base = live_server.url
    staff("reporter", "reporters")
    staff("editor", "editors")
    photo = tmp_path / "council.jpg"
    Image.new("RGB", (800, 500), (40, 120, 90)).save(photo, "JPEG")
    opened = []

    try:
        # 1. The reporter writes a draft with a lead image and submits it for review.
        context, page = log_in(browser, base, "reporter")
        opened.append(context)
        page.goto(f"{base}/admin/articles/article/add/")
        # Publishing is the editors': no status or time to set.
        assert page.locator("#id_status").count() == 0
        assert page.locator("#id_published_at").count() == 0
        page.fill("#id_title", TITLE)
        page.fill(BODY_EDITOR, BODY)
        page.set_input_files("#id_image", str(photo))
        page.fill("#id_image_alt_fa", ALT_FA)
        page.fill("#id_image_alt_en", ALT_EN)
        page.click("input[name=_save]")
        expect_success(page)
        article = Article.objects.get(title=TITLE)
        assert article.status == Status.DRAFT
        assert article.image and article.image_alt_en == ALT_EN
        assert BODY in article.body

        # On the change list, only the reporter's action is offered.
        page.goto(f"{base}/admin/articles/article/")
        actions = page.locator("select[name=action] option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        assert "submit_for_review" in actions
        assert not {"publish_now", "schedule", "unpublish"} & set(actions), actions
        # Nor the action bar's publish time (for the editors' "schedule").
        assert page.locator("[name=publish_at]").count() == 0
        page.check(f"input.action-select[value='{article.pk}']")
        page.select_option("select[name=action]", "submit_for_review")
        page.click("button[name=index]")
        expect_success(page)
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW
        context.close()

        # 2. The editor finds it in the review queue and publishes it with a Jalali time
        # typed in Persian digits, two minutes ago.
        context, page = log_in(browser, base, "editor")
        opened.append(context)
        queue = page.locator("#review-queue-link a")
        assert "۱" in queue.inner_text()
        queue.click()
        page.wait_for_selector("#result_list")
        assert page.locator("#result_list tbody tr").count() == 1
        page.click(f"#result_list a:has-text('{TITLE}')")
        page.wait_for_selector("#id_published_at")
        moment = jdatetime.datetime.fromgregorian(
            datetime=timezone.localtime() - timedelta(minutes=2)
        )
        page.select_option("#id_status", "published")
        page.fill("#id_published_at", persian.to_persian_digits(moment.strftime("%Y/%m/%d %H:%M")))
        page.click("input[name=_save]")
        expect_success(page)
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED and article.is_public
        public_url = f"{base}{article.get_absolute_url()}"

        reader_context, reader = read_as_a_visitor(browser, public_url)
        assert reader.inner_text("h1") == TITLE
        picture = reader.locator("main picture img").first
        assert picture.get_attribute("alt") == ALT_FA
        picture.scroll_into_view_if_needed()
        reader.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
        )
        reader_context.close()

        # 3. The editor changes the title, reads the change word by word in the history,
        # and restores the revision before it.
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        page.fill("#id_title", NEW_TITLE)
        page.click("input[name=_save]")
        expect_success(page)
        page.goto(f"{base}/admin/articles/article/{article.pk}/history/")
        latest = page.locator("#change-history tbody tr").first
        assert latest.locator("del").all_inner_texts() == ["غرفه", "بازدید"]
        assert latest.locator("ins").all_inner_texts() == ["غرفه‌های", "دیدن"]
        assert "editor" in latest.inner_text()
        # The revision before the edit: the editor's publication.
        page.locator("#change-history tbody tr").nth(1).locator("td a").click()
        page.wait_for_selector("input[name=_save]")
        page.click("input[name=_save]")
        expect_success(page)
        article.refresh_from_db()
        assert article.title == TITLE and article.is_public

        reader_context, reader = read_as_a_visitor(browser, public_url)
        assert reader.inner_text("h1") == TITLE
        reader_context.close()

        # 4. A correction, with a note readers see on the article and on the corrections page.
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        page.fill(BODY_EDITOR, BODY.replace("غرفه‌های نمایشگاه", "سالن اصلی نمایشگاه"))
        page.check("#id_is_correction")
        page.fill("#id_correction_note", NOTE)
        page.click("input[name=_save]")
        expect_success(page)
        article.refresh_from_db()
        assert article.corrected_at is not None and article.correction_note == NOTE
        corrected_on = persian.to_persian_digits(
            str(jdatetime.date.fromgregorian(date=timezone.localdate(article.corrected_at)).day)
        )

        reader_context, reader = read_as_a_visitor(browser, public_url)
        correction = reader.locator("main aside.correction")
        assert correction.locator(".correction__note").inner_text() == NOTE
        assert corrected_on in correction.locator("time").inner_text()
        assert "سالن اصلی نمایشگاه" in reader.inner_text("main")
        reader.goto(f"{base}/fa/news/corrections/")
        listed = reader.locator("main .correction-item")
        assert listed.count() == 1
        assert TITLE in listed.inner_text() and NOTE in listed.inner_text()
        reader_context.close()
    finally:
        for context in opened:
            context.close()


def expect_success(page):
    """Waits for the admin's message (success, or info after an action); on a form error,
    says what it was."""
    page.wait_for_selector(".messagelist li, .errornote")
    problems = page.locator(".errornote, .errorlist, .messagelist .error").all_inner_texts()
    assert not problems, problems
