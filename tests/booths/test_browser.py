"""The floor plan in a real browser: keyboard focus, highlight and phone width, no JavaScript."""

import os
from unittest import mock

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

FIXTURES = ["fixtures/20_booths_facts.json", "fixtures/30_booths_demo.json"]


@pytest.mark.browser
class FloorPlanBrowserTests(StaticLiveServerTestCase):
    fixtures = FIXTURES

    @classmethod
    def setUpClass(cls):
        # Playwright's sync API keeps an event loop in this thread, which trips Django's
        # async guard on the test thread's own fixture loading; lifted for this class only.
        cls.async_unsafe = mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"})
        cls.async_unsafe.start()
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        cls.async_unsafe.stop()

    def open(self, path, width=1200):
        context = self.browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=False
        )
        page = context.new_page()
        page.goto(f"{self.live_server_url}{path}")
        return page

    def fill_of(self, page, selector):
        return page.eval_on_selector(selector, "el => getComputedStyle(el).fill")

    def test_highlighted_stand_stands_out_without_javascript(self):
        page = self.open("/en/floor-plan/?stand=A-12")
        current = self.fill_of(page, 'a[aria-current="location"] rect')
        other = self.fill_of(page, "a.plan__stand:not([aria-current]) rect")
        self.assertNotEqual(current, other)

    def test_keyboard_focus_reaches_stands_and_highlights_them(self):
        page = self.open("/en/floor-plan/")
        before = self.fill_of(page, "a.plan__stand rect")
        for _ in range(40):
            page.keyboard.press("Tab")
            label = page.evaluate(
                "() => document.activeElement.matches('a.plan__stand')"
                " && document.activeElement.getAttribute('aria-label')"
            )
            if label:
                break
        self.assertTrue(label and label.startswith("Stand A-1"), label)
        self.assertNotEqual(self.fill_of(page, "a.plan__stand:focus rect"), before)

    def test_phone_width_scrolls_the_plan_not_the_page(self):
        page = self.open("/fa/floor-plan/", width=390)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        self.assertLessEqual(overflow, 0)
        self.assertTrue(page.is_visible("ul.stand-list"))

    def test_phone_shows_the_sought_stand_without_scrolling_its_plan(self):
        visible = """() => {
          const stand = document.querySelector('a[aria-current="location"] rect')
            .getBoundingClientRect();
          const scroller = document.querySelector('a[aria-current="location"]')
            .closest('.plan-scroller').getBoundingClientRect();
          return stand.left >= scroller.left && stand.right <= scroller.right;
        }"""
        for lang, code in [("fa", "A-5"), ("fa", "C-1"), ("en", "C-23"), ("en", "B-21")]:
            with self.subTest(lang=lang, stand=code):
                page = self.open(f"/{lang}/floor-plan/?stand={code}", width=390)
                self.assertTrue(page.evaluate(visible))
                page.context.close()
