"""The article page's share box in a browser, under the site's Content Security Policy:
the copy button puts the short link on the clipboard, and without script the link is
still there to select."""

import pytest

from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.browser.test_security import Session

pytestmark = pytest.mark.browser


@pytest.fixture
def session(browser, live_server):
    session = Session(browser, live_server)
    session.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    yield session
    session.close()


def test_copy_puts_the_short_link_on_the_clipboard(session):
    article = Article.objects.published().filter(language="fa").first()
    short = f"{session.base}{article.get_short_url()}"
    page = session.page
    session.go(article.get_absolute_url())
    assert page.input_value("#short-link") == short
    page.click("[data-share-copy]")
    page.wait_for_selector("[data-share-status]:has-text('پیوند کپی شد')")
    assert page.evaluate("navigator.clipboard.readText()") == short
    # Each messenger's link opens its own page in a new tab, sharing the short link.
    telegram = page.locator(".share__link--telegram")
    assert telegram.get_attribute("target") == "_blank"
    assert short.replace(":", "%3A").replace("/", "%2F") in telegram.get_attribute("href")
    assert session.problems == []


def test_without_script_the_link_is_there_and_no_dead_button(browser, live_server):
    article = ArticleFactory(language="en", title="Sister cities meet", body="Mayors met.")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url())
        assert page.input_value("#short-link").endswith(article.get_short_url())
        assert page.locator("[data-share-copy]").is_hidden()
        assert page.locator("[data-share-native]").is_hidden()
        assert page.locator(".share__link--whatsapp").is_visible()
    finally:
        context.close()
