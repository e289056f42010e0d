"""The Persian search page's date filter in Chromium: a Jalali date picked from the
calendar (static/js/jalali-datepicker.js, under a script-src 'self' policy) or typed
with the script off; the English page keeps the browser's Gregorian date input."""

from urllib.parse import quote

import pytest
from django.utils import timezone

from tests.articles.factories import ArticleFactory
from tests.browser.checks import VARIANTS, check_axe, open_page, screenshot
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
# 20 November 2026 is 29 Aban 1405; 22 November is 1 Azar.
ABAN_29 = timezone.make_aware(timezone.datetime(2026, 11, 20, 10))
AZAR_2 = timezone.make_aware(timezone.datetime(2026, 11, 23, 10))
GRID = ".date-picker__popup:not([hidden])"


def open_search(browser, live_server, path, *, javascript=True):
    """A page of the search, with the site's script policy enforced and no request to
    another host allowed; problems (script errors, CSP reports) are collected."""
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    problems = []

    def with_policy(route):
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": CSP}
        )

    context.route(lambda url: url.startswith(live_server.url) and "/search/" in url, with_policy)
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: (problems.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + path)
    return context, page, problems


@pytest.fixture
def articles(seeded):
    return (
        ArticleFactory(title="گلخانه آبان", published_at=ABAN_29),
        ArticleFactory(title="گلخانه آذر", published_at=AZAR_2),
    )


def titles(page):
    return page.locator(".news-item__title").all_inner_texts()


def test_a_jalali_day_picked_from_the_calendar_filters_the_search(browser, live_server, articles):
    context, page, problems = open_search(browser, live_server, f"/fa/search/?q={quote('گلخانه')}")
    try:
        page.fill("#id_date_from", "۱۴۰۵/۰۸/۲۹")
        page.locator("#id_date_from ~ .date-picker__open").click()
        grid = page.locator(GRID)
        # The month typed, with its 30 days, and the typed day chosen.
        assert "آبان" in grid.locator(".date-picker__title").inner_text()
        assert "۱۴۰۵" in grid.locator(".date-picker__title").inner_text()
        assert grid.locator("[data-day]").count() == 30
        assert grid.locator("[aria-pressed=true]").inner_text() == "۲۹"
        # Next month: Azar 1405 starts on a Sunday, the grid's second column (week from
        # Saturday).
        grid.locator(".date-picker__next").click()
        assert "آذر" in grid.locator(".date-picker__title").inner_text()
        first_row = grid.locator("tbody tr").first.locator("td")
        assert first_row.nth(0).inner_text() == "" and first_row.nth(1).inner_text() == "۱"
        page.screenshot(path=SCREENSHOTS / "search-datepicker_fa.png")
        grid.locator("[data-day='1']").click()
        assert page.locator(GRID).count() == 0
        assert page.input_value("#id_date_from") == "۱۴۰۵/۰۹/۰۱"
        page.fill("#id_date_to", "")
        page.click(".news-search button[type=submit]")
        page.wait_for_load_state()
        assert "date_from=" in page.url
        assert titles(page) == ["گلخانه آذر"]
        assert page.input_value("#id_date_from") == "۱۴۰۵/۰۹/۰۱"
    finally:
        context.close()
    assert problems == []


def test_leap_years_and_escape(browser, live_server, articles):
    context, page, problems = open_search(browser, live_server, "/fa/search/")
    try:
        for typed, days in [("1403/12/05", 30), ("1404-12-05", 29), ("١٤٠٥/٠١/٠١", 31)]:
            page.fill("#id_date_to", typed)
            page.locator("#id_date_to ~ .date-picker__open").click()
            assert page.locator(f"{GRID} [data-day]").count() == days, typed
            page.keyboard.press("Escape")
            assert page.locator(GRID).count() == 0
            assert page.evaluate("document.activeElement.className") == "date-picker__open"
    finally:
        context.close()
    assert problems == []


def test_without_javascript_a_typed_jalali_date_filters(browser, live_server, articles):
    context, page, problems = open_search(
        browser, live_server, f"/fa/search/?q={quote('گلخانه')}", javascript=False
    )
    try:
        assert page.locator(".date-picker__open").count() == 0
        page.fill("#id_date_to", "۱۴۰۵/۰۸/۲۹")
        page.click(".news-search button[type=submit]")
        page.wait_for_load_state()
        assert titles(page) == ["گلخانه آبان"]
        # The pattern stops a date the server could not read before it is sent.
        page.fill("#id_date_to", "آبان ۱۴۰۵")
        assert page.evaluate("document.querySelector('#id_date_to').validity.patternMismatch")
    finally:
        context.close()
    assert problems == []


def test_the_english_page_keeps_the_gregorian_date_input(browser, live_server, articles):
    context, page, problems = open_search(browser, live_server, "/en/search/")
    try:
        assert page.get_attribute("#id_date_from", "type") == "date"
        assert page.locator(".date-picker__open").count() == 0
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_the_open_calendar_is_accessible_and_fits(browser, live_server, articles, variant):
    visit = open_page(browser, live_server, "/fa/search/", "fa", variant)
    try:
        visit.page.locator("#id_date_to ~ .date-picker__open").click()
        popup = visit.page.locator(GRID)
        box = popup.bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > variant.width:
            visit.problems.append(f"calendar off screen: {box}")
        # Nothing typed: today's month, focus on today (Tehran's day).
        focused = visit.page.evaluate("document.activeElement.getAttribute('aria-current')")
        if focused != "date":
            visit.problems.append(f"focus did not move to today in the calendar: {focused}")
        if visit.page.locator(f"{GRID} [aria-pressed=true]").count():
            visit.problems.append("a day is shown chosen though none was typed")
        screenshot(visit, f"search-datepicker_fa_{variant.name}")
        check_axe(visit)
    finally:
        visit.close()
    visit.assert_no_problems(variant)
