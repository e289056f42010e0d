"""The floor plan in a real browser: keyboard focus, highlight, labels and phone width,
without JavaScript and with it (floor-plan.js: scroll to the stand, zoom)."""

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

    def open(self, path, width=1200, js=False, height=900):
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=js,
            is_mobile=width < 600,
            has_touch=width < 600,
        )
        page = context.new_page()
        page.goto(f"{self.live_server_url}{path}")
        page.evaluate("document.fonts.ready")
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
            .closest('.plan-excerpt, .plan-scroller').getBoundingClientRect();
          return stand.left >= scroller.left && stand.right <= scroller.right;
        }"""
        for lang, code in [("fa", "A-5"), ("fa", "C-1"), ("en", "C-23"), ("en", "B-21")]:
            with self.subTest(lang=lang, stand=code):
                page = self.open(f"/{lang}/floor-plan/?stand={code}", width=390)
                self.assertTrue(page.evaluate(visible))
                page.context.close()

    IN_VIEW = """(selector) => {
      const el = document.querySelector(selector);
      if (!el) return "missing";
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight
        && box.right <= innerWidth;
    }"""

    def test_phone_with_javascript_scrolls_to_the_stand_and_focuses_it(self):
        for lang in ("fa", "en"):
            with self.subTest(lang=lang):
                page = self.open(f"/{lang}/floor-plan/?exhibitor=seoul-delegation", 360, js=True)
                page.wait_for_function("document.activeElement.id === 'stand-B-7'", timeout=5000)
                self.assertIs(page.evaluate(self.IN_VIEW, "#stand-B-7 rect"), True)
                page.context.close()

    def test_phone_without_javascript_lands_near_the_stand(self):
        for lang in ("fa", "en"):
            with self.subTest(lang=lang):
                # Typed by hand: the mini-map at the top shows it on the first screen.
                page = self.open(f"/{lang}/floor-plan/?exhibitor=seoul-delegation", 360)
                found = '.plan-found a[aria-current="location"] rect'
                self.assertIs(page.evaluate(self.IN_VIEW, found), True)
                page.context.close()
                # Followed from a stand link (#stand-B-7): the stand in its hall's plan.
                page = self.open(f"/{lang}/floor-plan/?stand=B-7#stand-B-7", 360)
                self.assertIs(page.evaluate(self.IN_VIEW, "#stand-B-7 rect"), True)
                page.context.close()

    LABELS = """() => [...document.querySelectorAll('.hall a.plan__stand')].map(a => {
      const rect = a.querySelector('rect').getBBox();
      const label = a.querySelector('.plan__label');
      const code = a.querySelector('.plan__code').getBBox();
      const box = label && label.getBBox();
      const inside = b => b.x >= rect.x - 0.01 && b.y >= rect.y - 0.01
        && b.x + b.width <= rect.x + rect.width + 0.01
        && b.y + b.height <= rect.y + rect.height + 0.01;
      const px = label && parseFloat(label.getAttribute('font-size'))
        * a.ownerSVGElement.getBoundingClientRect().width / a.ownerSVGElement.viewBox.baseVal.width;
      return {id: a.id, assigned: !a.classList.contains('plan__stand--free'),
              label: label && label.textContent, inside: !box || (inside(box) && inside(code)),
              px: px, apart: !box || code.y + code.height <= box.y + 0.01};
    })"""

    def test_every_assigned_stand_has_a_label_inside_it_at_a_readable_size(self):
        for lang in ("fa", "en"):
            with self.subTest(lang=lang):
                page = self.open(f"/{lang}/floor-plan/", 360)
                stands = page.evaluate(self.LABELS)
                self.assertEqual(len(stands), 62)
                for stand in stands:
                    if stand["assigned"]:
                        self.assertTrue(stand["label"], stand)
                        self.assertGreaterEqual(stand["px"], 10.9, stand)
                    self.assertTrue(stand["inside"], stand)
                    self.assertTrue(stand["apart"], stand)
                page.context.close()

    def test_mini_map_on_a_phone_shows_whole_stands_at_the_plan_scale(self):
        for lang in ("fa", "en"):
            with self.subTest(lang=lang):
                page = self.open(f"/{lang}/exhibitors/seoul-delegation/", 360)
                facts = page.evaluate("""() => {
                  const svg = document.querySelector('.plan-excerpt svg');
                  const box = svg.getBoundingClientRect();
                  const stands = [...svg.querySelectorAll('a.plan__stand rect')].map(r => {
                    const b = r.getBoundingClientRect();
                    return b.left >= box.left - 1 && b.right <= box.right + 1
                      && b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
                  });
                  return {width: box.width, screen: innerWidth, whole: stands.every(Boolean),
                          count: stands.length,
                          scale: box.width / svg.viewBox.baseVal.width};
                }""")
                self.assertLessEqual(facts["width"], facts["screen"])
                self.assertTrue(facts["whole"], facts)
                self.assertGreater(facts["count"], 3)
                # 20 px a metre, or shrunk whole to fit the phone
                self.assertGreater(facts["scale"], 15)
                page.context.close()

    def test_zoom_buttons_scale_the_plan(self):
        page = self.open("/en/floor-plan/", 360, js=True)
        svg = "#hall-B svg.plan"
        before = page.eval_on_selector(svg, "el => el.getBoundingClientRect().width")
        page.click("#hall-B [data-zoom='in']")
        after = page.eval_on_selector(svg, "el => el.getBoundingClientRect().width")
        self.assertAlmostEqual(after / before, 1.5, places=2)
        page.click("#hall-B [data-zoom='reset']")
        reset = page.eval_on_selector(svg, "el => el.getBoundingClientRect().width")
        self.assertAlmostEqual(reset, before, places=0)
        page.context.close()
