"""The stand and session signs on paper: one A5 sheet each, in both languages."""

import re

import pytest

pytestmark = pytest.mark.browser

# A5 in PostScript points (148 × 210 mm).
A5 = (419.53, 595.28)


@pytest.mark.parametrize("path", ["/fa/stands/A-1/sign/", "/en/programme/opening-ceremony/sign/"])
def test_a_sign_prints_on_one_a5_sheet(browser, live_server, path):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        page.evaluate("document.fonts.ready.then(() => true)")
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1, f"{len(boxes)} pages"
    width, height = (float(n) for n in boxes[0])
    assert abs(width - A5[0]) < 2 and abs(height - A5[1]) < 2, (width, height)
