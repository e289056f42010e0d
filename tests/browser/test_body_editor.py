"""The article body's rich-text editor in the admin (articles/widgets.py), with the
Content Security Policy enforced: staff write, format and link in Persian, right to
left, and readers see it; an English body runs left to right."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article
from exhibition import jalali
from tests.articles.factories import ArticleFactory
from tests.browser.admin import BODY_EDITOR
from tests.browser.conftest import AXE, SCREENSHOTS
from tests.browser.test_security import PASSWORD, Session

pytestmark = pytest.mark.browser

EDITOR = BODY_EDITOR
LINK = "https://tehran.ir/fa/expo"


@pytest.fixture
def persian_session(browser, live_server):
    User.objects.create_superuser("editor", password=PASSWORD)
    session = Session(browser, live_server, locale="fa-IR")
    session.log_in("editor")
    yield session
    session.close()


def toolbar_button(page, title):
    return page.locator(f".prose-menubar [title='{title}']")


def test_an_editor_writes_bold_and_a_link_in_persian_and_readers_see_them(persian_session):
    session, page = persian_session, persian_session.page
    session.go("/admin/articles/article/add/")
    editor = page.locator(EDITOR)
    editor.wait_for()
    # A Persian article (the default language): its body right to left.
    assert (editor.get_attribute("dir"), editor.get_attribute("lang")) == ("rtl", "fa")
    # The raw textarea is hidden behind the editor.
    assert not page.locator("#id_body").is_visible()

    page.fill("#id_title", "نمایشگاه شهرهای خواهرخوانده گشوده شد")
    editor.click()
    page.keyboard.type("شهردار تهران ")
    # The toolbar speaks Persian: bold on, a word, bold off.
    toolbar_button(page, "پررنگ").click()
    page.keyboard.type("نمایشگاه")
    toolbar_button(page, "پررنگ").click()
    page.keyboard.type(" را گشود.")
    screenshot = SCREENSHOTS / "admin-body-editor-fa.png"
    page.locator(".field-body").screenshot(path=screenshot)
    editor.locator("strong").dblclick()
    toolbar_button(page, "افزودن پیوند").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input[name=href]").fill(LINK)
    dialog.locator("button[type=submit]").click()
    assert editor.locator(f"a[href='{LINK}'] strong, strong a[href='{LINK}']").count() == 1

    page.select_option("#id_status", "published")
    # The Persian admin's publish time is one Jalali box (exhibition/jalali.py).
    an_hour_ago = timezone.localtime() - timedelta(hours=1)
    page.fill("#id_published_at", jalali.as_jalali_moment(an_hour_ago.replace(second=0)))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get(title="نمایشگاه شهرهای خواهرخوانده گشوده شد")
    assert "<strong>نمایشگاه</strong>" in article.body
    assert f'href="{LINK}"' in article.body
    assert 'target="' not in article.body

    session.go(article.get_absolute_url())
    body = page.locator("main")
    assert "شهردار تهران نمایشگاه را گشود." in body.inner_text()
    assert body.locator("strong", has_text="نمایشگاه").count() == 1
    assert body.locator(f"a[href='{LINK}']", has_text="نمایشگاه").count() == 1
    assert session.problems == []


def test_the_body_turns_left_to_right_for_an_english_article(persian_session):
    session, page = persian_session, persian_session.page
    article = ArticleFactory(
        language="en",
        title="Sister cities meet in Tehran",
        body="<p>The mayor <em>opened</em> the exhibition.</p>",
    )
    session.go(f"/admin/articles/article/{article.pk}/change/")
    editor = page.locator(EDITOR)
    editor.wait_for()
    assert (editor.get_attribute("dir"), editor.get_attribute("lang")) == ("ltr", "en")
    assert editor.locator("em").inner_text() == "opened"
    # Switching the language turns the text around while writing.
    page.select_option("#id_language", "fa")
    assert editor.get_attribute("dir") == "rtl"
    # Only what the sanitizer keeps is offered: no table, image or code buttons.
    titles = page.locator(".prose-menubar [title]").evaluate_all(
        "els => els.map(el => el.getAttribute('title'))"
    )
    assert "پررنگ" in titles and "نقل قول" in titles
    assert not any(word in " ".join(titles).lower() for word in ("table", "image", "code"))
    # A numbered list offers no start number or style, which the sanitizer would drop.
    editor.click()
    toolbar_button(page, "فهرست شماره‌دار").click()
    assert editor.locator("ol").count() == 1
    assert page.locator(".prose-menubar button", has_text="tune").count() == 0
    # The block type menu too.
    assert page.locator(".prose-editor h3:not([contenteditable] *)").first.inner_text() == "تیتر ۳"
    assert session.problems == []


def test_an_imported_figure_survives_an_edit(persian_session):
    session, page = persian_session, persian_session.page
    article = ArticleFactory(
        body="<p>شهردار نمایشگاه را گشود.</p><figure><figcaption>عکس: ایرنا</figcaption></figure>"
    )
    session.go(f"/admin/articles/article/{article.pk}/change/")
    editor = page.locator(EDITOR)
    editor.locator("p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" امروز")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.body == (
        "<p>شهردار نمایشگاه را گشود. امروز</p><figure><figcaption>عکس: ایرنا</figcaption></figure>"
    )
    assert session.problems == []


# axe on the body's row, the editor and its toolbar: the rest of the stock admin form has
# violations of its own (unlabelled split date-time inputs, the tags widget's tooltips,
# breadcrumb links), left to the work on the Persian admin.
AXE_ON_BODY = """async () => {
  const result = await axe.run(".field-body", {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 4)
      .map(n => n.target.join(" ")).join(" | ")}`);
}"""


def test_the_editor_and_its_toolbar_pass_axe(persian_session, browser, live_server):
    # axe is injected as a script, which the policy would refuse: a context that bypasses
    # it, with the editor's login.
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.add_cookies(persian_session.context.cookies())
    page = context.new_page()
    try:
        page.goto(live_server.url + "/admin/articles/article/add/")
        page.locator(EDITOR).wait_for()
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_ON_BODY) == []
    finally:
        context.close()
