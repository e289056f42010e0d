"""The article page at a desktop width: a readable measure, centred with its aside, no
wide empty column beside the story; on a phone, the story takes the width."""

import pytest

from tests.browser.checks import Variant, open_page, screenshot

pytestmark = pytest.mark.browser

DESKTOP = Variant("desktop", 1280, 900, False)
PHONE = Variant("phone", 390, 844, True)

LAYOUT = """() => {
  const edges = el => { const r = el.getBoundingClientRect(); return [r.left, r.right]; };
  const aside = document.querySelector(".news-sidebar");
  return {
    layout: edges(document.querySelector(".news-layout")),
    article: edges(document.querySelector(".news-article")),
    aside: aside && aside.checkVisibility() ? edges(aside) : null,
    body: edges(document.querySelector(".news-article__body")),
    rem: parseFloat(getComputedStyle(document.documentElement).fontSize),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


@pytest.fixture
def english_article(seeded):
    """An English story alone (its aside has nothing to say): the seed has none."""
    from tests.articles.factories import ArticleFactory

    body = "\n\n".join(["Mayors of sister cities compared how their cities serve citizens."] * 6)
    return ArticleFactory(title="Sister cities meet in Tehran", body=body, language="en")


def measure(browser, live_server, path, lang, variant, name):
    visit = open_page(browser, live_server, path, lang, variant)
    try:
        shown = visit.page.evaluate(LAYOUT)
        screenshot(visit, name)
    finally:
        visit.close()
    visit.assert_no_problems(variant)
    return shown


def assert_centred_without_a_gap(shown):
    rem = shown["rem"]
    parts = [shown["article"]] + ([shown["aside"]] if shown["aside"] else [])
    start, end = min(p[0] for p in parts), max(p[1] for p in parts)
    margins = (start - shown["layout"][0], shown["layout"][1] - end)
    assert abs(margins[0] - margins[1]) <= 2, shown  # centred, whichever the direction
    if shown["aside"]:
        inner = sorted([shown["article"], shown["aside"]])
        assert inner[1][0] - inner[0][1] <= 3 * rem, shown  # the grid's gap, no more
    assert shown["body"][1] - shown["body"][0] <= 42 * rem + 1, shown  # a readable measure


def test_desktop_persian_article_and_its_aside_are_centred_together(browser, live_server):
    shown = measure(browser, live_server, "/fa/news/1/", "fa", DESKTOP, "article-layout-fa-1280")
    assert shown["aside"], "the seeded story names exhibitors: its aside shows them"
    assert shown["article"][0] > shown["aside"][1], "right to left: the story comes first"
    assert_centred_without_a_gap(shown)


def test_desktop_english_article_without_an_aside_is_centred(browser, live_server, english_article):
    path = english_article.get_absolute_url()
    shown = measure(browser, live_server, path, "en", DESKTOP, "article-layout-en-1280")
    assert shown["aside"] is None
    assert_centred_without_a_gap(shown)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_phone_story_takes_the_width(browser, live_server, english_article, lang):
    path = "/fa/news/1/" if lang == "fa" else english_article.get_absolute_url()
    shown = measure(browser, live_server, path, lang, PHONE, f"article-layout-{lang}-390")
    assert shown["overflow"] <= 0, shown
    assert shown["article"][1] - shown["article"][0] >= 0.85 * PHONE.width, shown
