"""Every public page (pages.py) in a real browser, in both languages, on a phone
(light and dark scheme) and on a desktop (screen and print): one page load per
test runs every check and reports all problems at once."""

import dataclasses

import pytest

from tests.browser.checks import (
    VARIANTS,
    check_axe,
    check_dark,
    check_keyboard_focus,
    check_layout,
    check_weight,
    open_page,
    screenshot,
)
from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser

CASES = [
    pytest.param(page, lang, variant, id=f"{page.name}-{lang}-{variant.name}")
    for page in PAGES
    for lang in page.languages
    for variant in VARIANTS
]

MENU = """() => {
  const summary = document.querySelector(".site-nav summary");
  const link = document.querySelector(".site-nav li a");
  const visible = el => !!el && el.checkVisibility({visibilityProperty: true});
  return {toggle: visible(summary), link: visible(link),
          overflow: document.scrollingElement.scrollWidth > window.innerWidth};
}"""

PRINTED = """() => ({
  header: getComputedStyle(document.querySelector(".site-header")).display,
  footer: getComputedStyle(document.querySelector(".site-footer")).display,
  printHeader: getComputedStyle(document.querySelector(".print-header")).display,
})"""


@pytest.mark.parametrize(("page_def", "lang", "variant"), CASES)
def test_page(browser, live_server, page_def, lang, variant):
    visit = open_page(browser, live_server, page_def.path_for(lang), lang, variant, page_def.status)
    try:
        name = f"{page_def.name}_{lang}_{variant.name}"
        check_weight(visit)
        check_layout(visit, lang, variant)
        screenshot(visit, name)
        check_axe(visit)
        check_keyboard_focus(visit)
        if variant.mobile:
            check_phone_menu(visit)
            check_dark(visit, f"{name}-dark")
        else:
            check_print(visit)
    finally:
        visit.close()
    visit.assert_no_problems(variant)


def check_phone_menu(visit):
    """On a phone the main menu folds behind a toggle that opens it in place."""
    before = visit.page.evaluate(MENU)
    if not before["toggle"] or before["link"]:
        visit.problems.append(f"phone menu should start folded behind its toggle: {before}")
        return
    visit.page.click(".site-nav summary", timeout=5000)
    after = visit.page.evaluate(MENU)
    if not after["link"] or after["overflow"]:
        visit.problems.append(f"opened phone menu: {after}")


def check_print(visit):
    """On paper: the print header instead of the site's header and footer."""
    visit.page.emulate_media(media="print")
    printed = visit.page.evaluate(PRINTED)
    if printed != {"header": "none", "footer": "none", "printHeader": "flex"}:
        visit.problems.append(f"print layout: {printed}")


LABELS_APART = """() => [...document.querySelectorAll(".news-article__meta dt")]
  .filter(dt => Math.abs(dt.getBoundingClientRect().top
                         - dt.nextElementSibling.getBoundingClientRect().top) > 4)
  .map(dt => dt.textContent)"""


@pytest.mark.parametrize("width", [320, 360, 390, 414])
def test_article_facts_keep_each_label_beside_its_value_on_phones(browser, live_server, width):
    phone = dataclasses.replace(VARIANTS[0], width=width)
    visit = open_page(browser, live_server, "/fa/news/1/", "fa", phone)
    try:
        assert visit.page.evaluate(LABELS_APART) == []
    finally:
        visit.close()
