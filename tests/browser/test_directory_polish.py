"""Issue 18's polish, as a phone shows it: the directory's filters fold away, the
archive's month pills keep the space before their count."""

import re

import pytest

from tests.browser.checks import VARIANTS, check_axe, open_page

pytestmark = pytest.mark.browser

PHONE, DESKTOP = VARIANTS

FOLD = """() => {
  const visible = el => !!el && el.checkVisibility({visibilityProperty: true});
  const card = document.querySelector(".exhibitor-card");
  return {
    toggle: visible(document.querySelector(".filters-fold > summary")),
    search: visible(document.querySelector(".filters input[name=q]")),
    firstCardTop: card ? card.getBoundingClientRect().top : null,
  };
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_filters_fold_so_exhibitors_show_on_the_first_screen(
    browser, live_server, javascript
):
    visit = open_page(browser, live_server, "/fa/exhibitors/", "fa", PHONE)
    if not javascript:
        visit.close()
        context = browser.new_context(
            viewport={"width": PHONE.width, "height": PHONE.height},
            is_mobile=True,
            java_script_enabled=False,
        )
        page = context.new_page()
        page.goto(live_server.url + "/fa/exhibitors/")
    else:
        context, page = visit.context, visit.page
    try:
        folded = page.evaluate(FOLD)
        assert folded["toggle"] and not folded["search"], folded
        assert folded["firstCardTop"] < PHONE.height, folded
        page.click(".filters-fold > summary")
        opened = page.evaluate(FOLD)
        assert opened["search"], opened
        page.fill(".filters input[name=q]", "سئول")
        page.click(".filters button[type=submit]")
        page.wait_for_url("**q=*")
        assert "هیئت شهر سئول" in page.locator(".exhibitor-grid").inner_text()
        # The header's news search box does not take the directory's query.
        assert page.input_value("#site-search") == ""
        if javascript:
            check_axe(visit)
            visit.assert_no_problems(PHONE)
    finally:
        context.close()


def test_desktop_shows_the_filters_open_without_a_toggle(browser, live_server):
    visit = open_page(browser, live_server, "/en/exhibitors/", "en", DESKTOP)
    try:
        shown = visit.page.evaluate(FOLD)
        assert shown["search"] and not shown["toggle"], shown
    finally:
        visit.close()
    visit.assert_no_problems(DESKTOP)


def test_archive_month_pills_keep_the_space_before_the_count(browser, live_server):
    visit = open_page(browser, live_server, "/fa/news/archive/", "fa", PHONE)
    try:
        pills = visit.page.locator(".archive-months a").all_inner_texts()
        counted = [text for text in pills if "(" in text]
        assert counted, pills
        assert all(re.search(r"\S \(", text) for text in counted), counted
    finally:
        visit.close()
    visit.assert_no_problems(PHONE)
