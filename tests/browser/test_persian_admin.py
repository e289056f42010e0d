"""A Persian-admin editor in Chromium: types a Jalali publish time, picks another day from
the calendar (the time typed stays), adds a tag through the "+" popup with no slug typed,
and the admin's pages pass the accessibility checks (a session's add page too, with its
inline rows and autocomplete boxes)."""

import datetime

import jdatetime
import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article, Tag
from programme.models import Session
from tests.browser.admin import BODY_EDITOR, admin_log_in
from tests.browser.checks import check_axe
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PASSWORD = "a-long-pass-123"
TITLE = "گشایش نمایشگاه شهرهای خواهرخوانده"
ON_TOP = """(el) => { const r = el.getBoundingClientRect();
  return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el; }"""
VAZIRMATN_LOADED = """document.fonts.ready.then(() => [...document.fonts].some(
  f => f.family.replace(/"/g, "") === "Vazirmatn" && f.status === "loaded"))"""


@pytest.fixture
def editor_page(browser, live_server):
    User.objects.create_superuser("editor", password=PASSWORD)
    # fa-IR: the admin follows the browser's language. The policy is bypassed only so that
    # the test can inject axe (test_security.py checks the admin under it).
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico")
            and problems.append(m.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    admin_log_in(page, live_server.url, "editor", PASSWORD)
    yield page, problems
    context.close()


class Visit:
    """What checks.check_axe reads: a page and the problems found on it."""

    def __init__(self, page):
        self.page = page
        self.problems = []


def accessibility_problems(page, rules=None):
    visit = Visit(page)
    check_axe(visit, rules)
    return visit.problems


def test_a_persian_editor_types_and_picks_a_jalali_publish_time(editor_page, live_server):
    page, problems = editor_page
    base = live_server.url
    found = {"index": accessibility_problems(page)}
    # The site's name and font, not «مدیریت Django» in the system's.
    assert page.inner_text("#site-name") == "مدیریت نمایشگاه خواهرشهرها"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Vazirmatn")
    assert page.evaluate(VAZIRMATN_LOADED)

    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_title", TITLE)
    assert page.get_attribute("#id_title", "dir") == "rtl"
    # The body is typed into its rich-text editor (articles/widgets.py).
    page.fill(BODY_EDITOR, "نمایشگاه امروز گشایش یافت.")
    page.select_option("#id_status", "published")

    # Typed in Persian digits, then another day picked: the time typed stays.
    page.fill("#id_published_at", "۱۴۰۵/۰۹/۰۱ ۱۴:۳۰")
    page.click("#id_published_at ~ .date-picker__open")
    popup = page.locator(".date-picker__popup").first
    assert popup.is_visible()
    assert "آذر" in popup.inner_text() and "۱۴۰۵" in popup.inner_text()
    assert popup.locator("[aria-pressed=true]").inner_text() == "۱"
    found["add form, calendar open"] = accessibility_problems(page)
    page.evaluate("document.querySelector('.field-published_at').scrollIntoView()")
    box = page.locator(".form-row.field-published_at").bounding_box()
    page.screenshot(
        path=SCREENSHOTS / "admin-fa-calendar.png",
        clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": 420},
    )
    # The whole month shows, over the rows below (not cut off by the form row).
    assert popup.locator("[data-day='29']").evaluate(ON_TOP), "the calendar is cut off"
    popup.locator("[data-day='10']").click()
    assert page.input_value("#id_published_at") == "۱۴۰۵/۰۹/۱۰ ۱۴:۳۰"

    # A new tag through the "+" popup: no slug typed, none needed.
    with page.expect_popup() as opened:
        page.click("#add_id_tags")
    tag_popup = opened.value
    tag_popup.wait_for_load_state()
    assert tag_popup.get_attribute("#id_name_fa", "dir") == "rtl"
    tag_popup.fill("#id_name_fa", "خواهرخواندگي")  # an Arabic yeh, as pasted text brings
    tag_popup.click("input[name=_save]")
    tag_popup.wait_for_event("close")
    tag = Tag.objects.get()
    assert tag.slug == "خواهرخواندگی"
    assert page.locator("#id_tags_to option").all_inner_texts() == ["خواهرخواندگی"]

    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title=TITLE)
    expected = jdatetime.datetime(1405, 9, 10, 14, 30).togregorian()
    assert article.published_at == timezone.make_aware(expected)
    assert expected.date() == datetime.date(2026, 12, 1)
    assert list(article.tags.all()) == [tag]

    # The list reads Jalali and Persian digits; its filter is Jalali.
    page.goto(f"{base}/admin/articles/article/")
    row = page.locator("#result_list tr", has_text=TITLE)
    assert row.locator(".field-publish_time").inner_text() == "۱۴۰۵/۰۹/۱۰ ۱۴:۳۰"
    assert page.locator("#changelist-filter", has_text="آذر ۱۴۰۵").count() == 1
    found["change list"] = accessibility_problems(page)
    page.screenshot(path=SCREENSHOTS / "admin-fa-change-list.png")
    # Django's script counts the rows ticked: in Persian digits too.
    row.locator(".action-select").check()
    counter = page.inner_text(".action-counter")
    assert "۱" in counter and not any(d in counter for d in "0123456789"), counter

    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    assert page.input_value("#id_published_at") == "۱۴۰۵/۰۹/۱۰ ۱۴:۳۰"
    found["change form"] = accessibility_problems(page)
    page.emulate_media(color_scheme="dark")  # the site's colours hold in the dark theme
    page.click("#id_published_at ~ .date-picker__open")
    found["change form, dark"] = accessibility_problems(page, ["color-contrast"])
    page.emulate_media(color_scheme="light")

    # A session's add page: its inline rows and autocomplete boxes (Select2) named.
    page.goto(f"{base}/admin/programme/session/add/")
    page.wait_for_selector("#session_speakers-0 .select2-selection[aria-label]")
    assert page.get_attribute("#id_themes-0-theme", "aria-label") == "موضوع"
    found["session add form"] = accessibility_problems(page)

    found = {name: issues for name, issues in found.items() if issues}
    assert found == {}, "\n".join(f"{k}: {v}" for k, vs in found.items() for v in vs)
    assert problems == []


def test_the_english_admin_keeps_gregorian_widgets_and_the_admin_pages_pass_axe(
    browser, live_server
):
    User.objects.create_superuser("editor", password=PASSWORD)
    context = browser.new_context(
        locale="en-GB", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    try:
        admin_log_in(page, live_server.url, "editor", PASSWORD)
        assert page.inner_text("#site-name") == "Sister Cities Exhibition: administration"
        found = {}
        # A seeded session with speakers, exhibitors and sister cities chosen.
        session = Session.objects.filter(
            session_speakers__isnull=False, exhibitors__isnull=False, sister_cities__isnull=False
        ).first()
        for path in (
            "/admin/articles/article/add/",
            "/admin/articles/article/",
            "/admin/programme/session/",
            "/admin/programme/session/add/",
            f"/admin/programme/session/{session.pk}/change/",
            "/admin/booths/exhibitor/add/",
        ):
            page.goto(f"{live_server.url}{path}")
            if path == "/admin/programme/session/add/":
                # Select2 draws the autocomplete boxes once the page has loaded; a row
                # "Add another" brings gets its box named too.
                page.click("#session_speakers-group .add-row a")
                speaker = "#session_speakers-1 .select2-selection"
                page.wait_for_selector(f"{speaker}[aria-label]")
                assert page.get_attribute(speaker, "aria-label") == "Speaker"
                exhibitors = "#id_exhibitors + .select2 .select2-search__field"
                assert page.get_attribute(exhibitors, "aria-label") == "Exhibitors taking part"
            if path.endswith("/change/"):
                # Select2's "remove all" button, in the list of chosen exhibitors.
                page.wait_for_selector(".select2-selection__clear[role=listitem]")
            found[path] = accessibility_problems(page)
            if path == "/admin/articles/article/add/":
                # Django's own date and clock, and a Persian article's title right to left.
                assert page.locator("#id_published_at_0").count() == 1
                assert page.locator("[data-jalali-picker]").count() == 0
                assert page.get_attribute("#id_title", "dir") == "rtl"
            if path == "/admin/booths/exhibitor/add/":
                assert page.get_attribute("#id_name_fa", "dir") == "rtl"
                assert page.get_attribute("#id_name_en", "dir") == "ltr"
        found = {name: issues for name, issues in found.items() if issues}
        assert found == {}, "\n".join(f"{k}: {v}" for k, vs in found.items() for v in vs)
    finally:
        context.close()
