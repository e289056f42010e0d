"""My plan in a real browser, under the site's Content Security Policy: a visitor taps
"My plan" on three sessions and two exhibitors, sees them in time order with a clash
marked, exports the .ics, and opens the share link on another device (a fresh context)
where the plan shows and can be merged; without JavaScript the buttons stay hidden and a
shared link still opens."""

import datetime
import zoneinfo

import icalendar
import pytest

from booths.models import Exhibitor
from programme.models import Session
from tests.browser.checks import VARIANTS, check_axe, open_page
from tests.browser.test_security import Session as BrowserSession
from tests.programme.factories import SessionFactory, tehran

pytestmark = pytest.mark.browser

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
STORED = "() => JSON.parse(localStorage.getItem('exhibition-plan-v1') || 'null')"
TITLES = (
    "() => [...document.querySelectorAll('.my-plan__sessions .session-item__title')]"
    ".map(h => h.textContent.trim())"
)


def tap(page, kind, pk):
    button = page.locator(f"main [data-plan-toggle][data-plan-kind='{kind}'][data-plan-id='{pk}']")
    button.first.scroll_into_view_if_needed()
    assert button.first.get_attribute("aria-pressed") == "false"
    button.first.click()
    assert button.first.get_attribute("aria-pressed") == "true", (page.url, kind, pk)


@pytest.mark.parametrize(
    ("lang", "variant"),
    [
        pytest.param("fa", VARIANTS[0], id="fa-phone"),
        pytest.param("en", VARIANTS[1], id="en-desktop"),
    ],
)
def test_a_visitor_builds_exports_and_shares_a_plan(browser, live_server, lang, variant):
    # A session that overlaps the opening ceremony (10:00–11:30 in Tehran).
    briefing = SessionFactory(
        title_en="Press briefing",
        title_fa="نشست خبری",
        start=tehran(2027, 1, 16, 11),
        end=tehran(2027, 1, 16, 12),
        hall=None,
        room_en="Press room",
        room_fa="اتاق خبرنگاران",
    )
    opening = Session.objects.get(slug="opening-ceremony")
    closing = Session.objects.get(slug="closing-ceremony")
    municipality = Exhibitor.objects.get(slug="tehran-municipality")
    district = Exhibitor.objects.get(slug="district-22")
    title = f"title_{lang}"

    visitor = BrowserSession(browser, live_server)
    context, page = visitor.context, visitor.page
    page.set_viewport_size({"width": variant.width, "height": variant.height})
    try:
        # Three sessions: two from their pages, one from the programme's list.
        visitor.go(f"/{lang}/programme/{closing.slug}/")
        tap(page, "session", closing.pk)
        visitor.go(f"/{lang}/programme/{briefing.slug}/")
        tap(page, "session", briefing.pk)
        visitor.go(f"/{lang}/programme/")
        tap(page, "session", opening.pk)
        # Two exhibitors, from their pages; the state is kept across pages.
        visitor.go(f"/{lang}/exhibitors/{municipality.slug}/")
        tap(page, "exhibitor", municipality.pk)
        # The size of its words, not a bar across the exhibitor's page.
        toggle = page.locator("main .exhibitor__header [data-plan-toggle]").bounding_box()
        assert toggle["width"] < 400, toggle
        visitor.go(f"/{lang}/districts/22/")
        tap(page, "exhibitor", district.pk)
        visitor.go(f"/{lang}/programme/{closing.slug}/")
        button = page.locator(f"main [data-plan-toggle][data-plan-id='{closing.pk}']")
        assert button.get_attribute("aria-pressed") == "true"
        stored = page.evaluate(STORED)
        assert sorted(map(int, stored["session"])) == sorted(
            s.pk for s in (opening, briefing, closing)
        )
        assert sorted(map(int, stored["exhibitor"])) == sorted([municipality.pk, district.pk])
        assert context.cookies() == []  # kept in the browser, not in a cookie

        # My plan: the bare page opens the visitor's own plan, in time order.
        page.goto(f"{visitor.base}/{lang}/my-plan/")
        page.wait_for_url("**/my-plan/?session=*")
        assert page.evaluate(TITLES) == [
            getattr(opening, title),
            getattr(briefing, title),
            getattr(closing, title),
        ]
        clashes = page.locator(".session-item--clash")
        assert clashes.count() == 2
        assert page.locator(f"#plan-session-{closing.pk}.session-item--clash").count() == 0
        assert clashes.first.locator(".plan-clash").is_visible()
        exhibitors = page.locator(".plan-exhibitors__item")
        assert exhibitors.count() == 2
        assert page.locator("[data-plan-merge]").is_hidden()  # it is the visitor's own

        # Export: the .ics holds the three sessions, Tehran time, stable UIDs.
        href = page.get_attribute(".my-plan__export a[download]", "href")
        response = context.request.get(visitor.base + href)
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(response.body())
        events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
        assert set(events) == {str(s.uid) for s in (opening, briefing, closing)}
        event = events[str(briefing.uid)]
        assert str(event["SUMMARY"]) == getattr(briefing, title)
        assert event["DTSTART"].params["TZID"] == "Asia/Tehran"
        assert event.decoded("DTSTART") == datetime.datetime(2027, 1, 16, 11, tzinfo=TEHRAN)
        assert str(event["LOCATION"]) == getattr(briefing, f"room_{lang}")

        share = page.input_value("#plan-link")
        assert share.startswith(f"{visitor.base}/{lang}/my-plan/?")

        # Removing an item on one's own plan takes it off the page.
        page.locator(
            f"[data-plan-toggle][data-plan-kind='exhibitor'][data-plan-id='{district.pk}']"
        ).click()
        page.wait_for_function(
            "() => document.querySelectorAll('.plan-exhibitors__item').length === 1"
        )
        assert visitor.problems == []
    finally:
        visitor.close()

    # Another device: a fresh context opens the link and sees the same plan, clashes
    # marked (checked with axe there: this context lets the test inject it).
    other = open_page(browser, live_server, share.removeprefix(live_server.url), lang, variant)
    try:
        check_axe(other)
        assert other.page.evaluate(TITLES) == [
            getattr(opening, title),
            getattr(briefing, title),
            getattr(closing, title),
        ]
        assert other.page.locator(".plan-exhibitors__item").count() == 2
        assert other.page.locator(".session-item--clash").count() == 2
        merge = other.page.locator("[data-plan-merge]")
        assert merge.is_visible()
        merge.locator("button").click()
        other.page.wait_for_function(STORED)
        stored = other.page.evaluate(STORED)
        assert sorted(stored["session"], key=int) == sorted(
            (str(s.pk) for s in (opening, briefing, closing)), key=int
        )
        assert len(stored["exhibitor"]) == 2
        # Merged: the page is now the visitor's own plan, with nothing left to merge.
        other.page.wait_for_selector("[data-plan-merge][hidden]", state="attached")
    finally:
        other.close()
    other.assert_no_problems(variant)


def test_a_session_deleted_since_is_dropped_from_the_visitors_own_plan(browser, live_server):
    opening = Session.objects.get(slug="opening-ceremony")
    gone = SessionFactory(title_en="Cancelled talk", start=tehran(2027, 1, 17, 15))
    visitor = BrowserSession(browser, live_server)
    try:
        page = visitor.page
        for session in (opening, gone):
            visitor.go(f"/en/programme/{session.slug}/")
            tap(page, "session", session.pk)
        gone.delete()
        page.goto(f"{visitor.base}/en/my-plan/")
        page.wait_for_url(f"**/my-plan/?session={opening.pk}")
        assert page.evaluate(STORED)["session"] == [str(opening.pk)]
        # Nothing to merge: it is the visitor's own plan, and nothing is said missing.
        assert page.locator("[data-plan-merge]").is_hidden()
        assert page.get_by_text("no longer exist").count() == 0
        assert visitor.problems == []
    finally:
        visitor.close()


def test_a_plan_longer_than_the_page_shows_is_kept_whole(browser, live_server):
    """The server shows at most MAX_PER_KIND of a kind: what it left out for that is
    still the visitor's (only ids reported deleted are ever forgotten)."""
    opening = Session.objects.get(slug="opening-ceremony")
    ids = [str(opening.pk)] + [str(pk) for pk in range(900000, 900100)]
    visitor = BrowserSession(browser, live_server)
    try:
        page = visitor.page
        visitor.go("/en/")
        page.evaluate(
            "(ids) => localStorage.setItem('exhibition-plan-v1', JSON.stringify({session: ids}))",
            ids,
        )
        page.goto(f"{visitor.base}/en/my-plan/")
        page.wait_for_url("**/my-plan/?session=*")
        page.wait_for_load_state()
        page.wait_for_timeout(1000)  # a write-back and its redirect would have come by now
        assert page.evaluate(STORED)["session"] == ids
        assert page.url.endswith("&session=900099")
        assert page.get_by_text("only the first ones are shown").is_visible()
    finally:
        visitor.close()


def test_without_script_buttons_stay_hidden_and_a_shared_plan_opens(browser, live_server):
    opening = Session.objects.get(slug="opening-ceremony")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/programme/opening-ceremony/")
        assert page.locator("[data-plan-toggle]").first.is_hidden()
        page.goto(f"{live_server.url}/en/my-plan/?session={opening.pk}&exhibitor=1")
        sessions = page.locator(".my-plan__sessions")
        assert sessions.get_by_role("link", name="Opening ceremony").is_visible()
        assert page.locator(".plan-exhibitors__item").count() == 1
        assert page.locator("[data-plan-merge]").is_hidden()
    finally:
        context.close()
