"""Every public page (pages.py) in a real browser, in both languages, on a phone
and on a desktop, and in the dark scheme on a phone: one page load per test
runs every check and reports all problems at once."""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import AXE, SCREENSHOTS
from tests.browser.pages import LANGUAGES, PAGES

pytestmark = pytest.mark.browser

PAGE_WEIGHT_BUDGET = 100 * 1024  # HTML + CSS + JS, fonts and images excepted
WEIGHED_TYPES = {"document", "stylesheet", "script"}


@dataclass(frozen=True)
class Variant:
    name: str
    width: int
    height: int
    scheme: str
    mobile: bool


VARIANTS = [
    Variant("phone", 360, 800, "light", True),
    Variant("desktop", 1280, 900, "light", False),
    # Dark schemes change colours, not layout: one width proves their contrast.
    Variant("phone-dark", 360, 800, "dark", True),
]

CASES = [
    pytest.param(page, lang, variant, id=f"{page.name}-{lang}-{variant.name}")
    for page in PAGES
    for lang in LANGUAGES
    for variant in VARIANTS
]

AXE_SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 4)
      .map(n => n.target.join(" ")).join(" | ")}`);
}"""

PAGE_FACTS = """() => {
  const html = document.documentElement;
  const focusedStyle = el => {
    const s = getComputedStyle(el);
    return {outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
            shadow: s.boxShadow !== "none"};
  };
  return {
    lang: html.getAttribute("lang"),
    dir: html.getAttribute("dir"),
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    mains: document.querySelectorAll("main").length,
    imagesWithoutAlt: [...document.querySelectorAll("img:not([alt])")].map(i => i.src),
    vazirmatn: [...document.fonts].filter(f => f.family.replace(/"/g, "") === "Vazirmatn")
      .map(f => f.status),
    bodyFont: getComputedStyle(document.body).fontFamily,
  };
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || "").trim().slice(0, 40),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
    shadow: s.boxShadow !== "none",
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight
      && r.right > 0 && r.left < window.innerWidth,
  };
}"""

PRINT_FACTS = """() => ({
  header: getComputedStyle(document.querySelector(".site-header")).display,
  printHeader: getComputedStyle(document.querySelector(".print-header")).display,
})"""


@pytest.mark.parametrize(("page_def", "lang", "variant"), CASES)
def test_page(browser, live_server, page_def, lang, variant):
    base = urlsplit(live_server.url)
    url = live_server.url + page_def.path_for(lang)
    problems: list[str] = []
    responses = []

    context = browser.new_context(
        viewport={"width": variant.width, "height": variant.height},
        is_mobile=variant.mobile,
        has_touch=variant.mobile,
        color_scheme=variant.scheme,
        locale="fa-IR" if lang == "fa" else "en-GB",
        # Lets the tests (only) inject axe-core whatever the site's CSP says.
        bypass_csp=True,
    )

    def is_external(request_url: str) -> bool:
        parts = urlsplit(request_url)
        return parts.scheme not in ("data", "blob", "about") and parts.netloc != base.netloc

    def block_external(route):
        problems.append(f"request to another host: {route.request.url}")
        route.abort()

    context.route(is_external, block_external)
    page = context.new_page()

    def on_console(message):
        if message.type != "error":
            return
        # Chromium logs the expected status of an error page's own document.
        expected = page_def.status >= 400 and message.location.get("url") == url
        if not expected:
            problems.append(f"console error: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "requestfailed",
        lambda request: problems.append(f"failed request: {request.url} ({request.failure})"),
    )
    page.on("response", lambda response: responses.append(response))

    try:
        response = page.goto(url, wait_until="load")
        assert response is not None, f"no response for {url}"
        if response.status != page_def.status:
            problems.append(f"status {response.status}, expected {page_def.status}")
        page.evaluate("document.fonts.ready.then(() => true)")

        for other in responses:
            if other.status >= 400 and not (other.url == url and page_def.status >= 400):
                problems.append(f"HTTP {other.status} for {other.url}")

        weight = sum(
            len(r.body())
            for r in responses
            if r.request.resource_type in WEIGHED_TYPES and not is_external(r.url)
        )
        if weight > PAGE_WEIGHT_BUDGET:
            problems.append(f"page weight {weight} bytes > {PAGE_WEIGHT_BUDGET}")

        facts = page.evaluate(PAGE_FACTS)
        expected_dir = "rtl" if lang == "fa" else "ltr"
        if (facts["lang"], facts["dir"]) != (lang, expected_dir):
            problems.append(f"<html lang={facts['lang']} dir={facts['dir']}>, expected "
                            f"lang={lang} dir={expected_dir}")  # fmt: skip
        if facts["innerWidth"] != variant.width:
            problems.append(f"viewport is {facts['innerWidth']} px, not {variant.width}")
        if facts["scrollWidth"] > facts["innerWidth"]:
            problems.append(
                f"horizontal overflow: {facts['scrollWidth']} px wide in {facts['innerWidth']}"
            )
        if facts["mains"] != 1:
            problems.append(f"{facts['mains']} <main> elements")
        if facts["imagesWithoutAlt"]:
            problems.append(f"images without alt: {facts['imagesWithoutAlt']}")
        if "loaded" not in facts["vazirmatn"]:
            problems.append(f"Vazirmatn not loaded ({facts['vazirmatn']}): run `make assets`")

        page.screenshot(
            path=SCREENSHOTS / f"{page_def.name}_{lang}_{variant.name}.png", full_page=True
        )

        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] != "a":
            problems.append(f"first Tab reached <{focused['tag']}>, not a link")
        if not (focused["outline"] or focused["shadow"]):
            problems.append(f"no visible focus indicator on {focused['text']!r}")
        if not focused["onScreen"]:
            problems.append(f"focused link {focused['text']!r} is off screen")

        page.add_script_tag(path=str(AXE))
        problems.extend(f"axe: {v}" for v in page.evaluate(AXE_SERIOUS))

        if not variant.mobile and variant.scheme == "light":
            page.emulate_media(media="print")
            printed = page.evaluate(PRINT_FACTS)
            if printed["header"] != "none" or printed["printHeader"] == "none":
                problems.append(f"print layout wrong: {printed}")
    finally:
        context.close()

    assert not problems, f"{url} ({variant.name}):\n  " + "\n  ".join(problems)
