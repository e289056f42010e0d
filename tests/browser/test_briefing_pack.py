"""A delegation's briefing pack as the visiting mayor gets it: printed, or saved as a PDF
from Chromium, in English, on A4 paper with nothing of the site's navigation."""

import re

import pytest

from tests.browser.checks import VARIANTS, check_axe, open_page, screenshot

pytestmark = pytest.mark.browser

PATH = "/{lang}/exhibitors/seoul-delegation/briefing-pack/"
DESKTOP = VARIANTS[1]
# A4's width inside print.css's 2 cm margins, in CSS pixels (96 per inch).
A4_TEXT_WIDTH_PX = round(170 / 25.4 * 96)
A4_POINTS = (595.28, 841.89)

ON_PAPER = """() => {
  const shown = sel => [...document.querySelectorAll(sel)]
    .filter(el => getComputedStyle(el).display !== "none" && el.getClientRects().length);
  const plan = document.querySelector(".briefing__plan svg").getBoundingClientRect();
  return {
    navigation: shown(".site-header, .site-footer, .site-nav, .language-switcher, "
      + ".breadcrumbs, .briefing__howto, .search-form").length,
    printHeader: getComputedStyle(document.querySelector(".print-header")).display,
    scrollWidth: document.scrollingElement.scrollWidth,
    planWidth: plan.width,
    planHeight: plan.height,
    headings: [...document.querySelectorAll(".briefing h2")].map(h => h.textContent.trim()),
    beside: [...document.querySelectorAll(".briefing .beside")]
      .map(el => [el.lang, getComputedStyle(el).direction]),
  };
}"""


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size in points, from the PDF's MediaBoxes (Chromium writes one a page)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


def test_the_english_pack_prints_on_a4_without_navigation(browser, live_server):
    visit = open_page(browser, live_server, PATH.format(lang="en"), "en", DESKTOP)
    try:
        # The page as the print dialogue lays it out: print media, as wide as A4's text
        # column (the @page margins are the paper's, outside the viewport).
        visit.page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1000})
        visit.page.emulate_media(media="print")
        paper = visit.page.evaluate(ON_PAPER)
        screenshot(visit, "briefing-pack_en_print")
        assert paper["navigation"] == 0, paper
        assert paper["printHeader"] == "flex"
        assert paper["scrollWidth"] <= A4_TEXT_WIDTH_PX, paper
        # The hall plan fits the text column and leaves room on its page.
        assert 0 < paper["planWidth"] <= A4_TEXT_WIDTH_PX, paper
        assert 0 < paper["planHeight"] <= round(90 / 25.4 * 96) + 1, paper
        assert paper["headings"] == [
            "Relationship with Tehran",
            "Your stand",
            "Your sessions",
            "Suggested for your city's interests",
            "In the news",
        ]
        # Every Persian name beside an English one reads right to left, as Persian.
        assert paper["beside"] and set(map(tuple, paper["beside"])) == {("fa", "rtl")}

        pdf = visit.page.pdf(prefer_css_page_size=True, print_background=True)
        pages = pdf_pages(pdf)
        assert 1 <= len(pages) <= 6, len(pages)
        for width, height in pages:
            assert (round(width), round(height)) == tuple(map(round, A4_POINTS))
        visit.problems.clear()  # print emulation is not a loading problem
        check_axe(visit)
    finally:
        visit.close()
    visit.assert_no_problems(DESKTOP)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_delegation_page_leads_to_the_pack(browser, live_server, lang):
    visit = open_page(
        browser, live_server, f"/{lang}/exhibitors/seoul-delegation/", lang, VARIANTS[0]
    )
    try:
        label = {"en": "Briefing pack", "fa": "بستهٔ اطلاعاتی"}[lang]
        visit.page.get_by_role("link", name=label).click()
        visit.page.wait_for_url(f"**{PATH.format(lang=lang)}")
        heading = visit.page.locator("h1").inner_text()
        assert {"en": "Seoul", "fa": "سئول"}[lang] in heading
        check_axe(visit)
    finally:
        visit.close()
    visit.assert_no_problems(VARIANTS[0])
