"""A staff member publishes news through the admin and a citizen finds it, in Chromium."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article
from tests.browser.admin import BODY_EDITOR, admin_log_in

pytestmark = pytest.mark.browser

# Arabic yeh and kaf, Latin digits: how text often arrives from other systems.
TITLE = "شهرداري منطقه 22 نمايشگاه كتابخانه‌ها را گشود"
BODY = "شهرداري منطقه 22 از نمايشگاه كتابخانه‌هاي محله‌اي رونمايي كرد."


def test_staff_publish_then_citizen_finds_it_in_another_spelling(browser, live_server):
    User.objects.create_superuser("editor", password="a-long-pass-123")
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        admin_log_in(page, live_server.url, "editor", "a-long-pass-123")

        page.goto(f"{live_server.url}/admin/articles/article/add/")
        page.select_option("#id_language", "fa")
        page.fill("#id_title", TITLE)
        page.fill("#id_slug", "")
        # The body is typed into its rich-text editor (articles/widgets.py).
        page.fill(BODY_EDITOR, BODY)
        page.select_option("#id_status", "published")
        an_hour_ago = timezone.localtime() - timedelta(hours=1)
        page.fill("#id_published_at_0", an_hour_ago.strftime("%Y-%m-%d"))
        page.fill("#id_published_at_1", an_hour_ago.strftime("%H:%M:%S"))
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        notes = page.inner_text(".messagelist")
        # The admin says what normalization changed.
        assert "normaliz" in notes.lower(), notes

        article = Article.objects.get(news_code=Article.objects.latest("news_code").news_code)
        assert article.title == "شهرداری منطقه ۲۲ نمایشگاه کتابخانه‌ها را گشود"

        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        assert page.inner_text("h1") == "شهرداری منطقه ۲۲ نمایشگاه کتابخانه‌ها را گشود"
        body = page.inner_text("main")
        assert "ي" not in body and "ك" not in body

        # Another spelling: no ZWNJ, Arabic-Indic digits, the plural's suffix detached.
        query = "كتابخانه ها منطقه ٢٢"
        page.goto(f"{live_server.url}/fa/search/?q={quote(query)}")
        results = page.locator("main a", has_text="کتابخانه")
        assert results.count() >= 1
        assert article.get_absolute_url() in [
            results.nth(i).get_attribute("href") for i in range(results.count())
        ]
    finally:
        context.close()
