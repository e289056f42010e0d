"""What the browser suite checks on a loaded page; shared by its test modules.

Each check appends readable problems to a list, so one page load reports
everything that is wrong with it at once.
"""

import gzip
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import AXE, SCREENSHOTS

# HTML + CSS + JS as a phone on a poor network receives them: gzip-compressed, as the
# production stack sends them (whitenoise's compressed static files, PublicGZipMiddleware
# for pages). Fonts and images excepted.
# The heaviest page, the Persian floor plan (three halls with every stand labelled, the
# list of stands beside them, its script), is ~24 KB, ~15 KB of it the shared stylesheet
# that the service worker then keeps on the device.
PAGE_WEIGHT_BUDGET = 26 * 1024
WEIGHED_TYPES = {"document", "stylesheet", "script"}


@dataclass(frozen=True)
class Variant:
    name: str
    width: int
    height: int
    mobile: bool


# The dark scheme changes colours, not layout: the phone test also re-checks
# contrast in it on the same page load (check_dark).
VARIANTS = [
    Variant("phone", 360, 800, True),
    Variant("desktop", 1280, 900, False),
]

AXE_SERIOUS = """async (rules) => {
  const options = {resultTypes: ["violations"]};
  if (rules) options.runOnly = {type: "rule", values: rules};
  const result = await axe.run(document, options);
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 4)
      .map(n => n.target.join(" ")).join(" | ")}`);
}"""

LAYOUT_FACTS = """(width) => {
  const html = document.documentElement;
  // The innermost elements wider than the screen: what makes the page overflow.
  const tooWide = el => el.getBoundingClientRect().width > width + 1;
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => tooWide(el) && ![...el.children].some(tooWide)
      && !el.closest(".scroll-x, .plan-scroller, .table-scroller, .visually-hidden, .skip-link"))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase()
      + (el.getAttribute("class") ? "." + el.getAttribute("class").split(" ").join(".") : ""));
  return {
    lang: html.getAttribute("lang"),
    dir: html.getAttribute("dir"),
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: wide,
    mains: document.querySelectorAll("main").length,
    imagesWithoutAlt: [...document.querySelectorAll("img:not([alt])")].map(i => i.src),
    vazirmatn: [...document.fonts].filter(f => f.family.replace(/"/g, "") === "Vazirmatn")
      .map(f => f.status),
    // A search field's placeholder is what says what it searches: cut, it says less.
    placeholdersCut: [...document.querySelectorAll("input[placeholder]")]
      .filter(input => input.placeholder && input.checkVisibility())
      .map(input => {
        const s = getComputedStyle(input);
        const canvas = document.createElement("canvas").getContext("2d");
        canvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const text = canvas.measureText(input.placeholder).width;
        const room = input.clientWidth - parseFloat(s.paddingInlineStart)
          - parseFloat(s.paddingInlineEnd);
        return text > room + 1
          ? `#${input.id || input.name}: ${Math.round(text)} px in ${Math.round(room)}` : null;
      })
      .filter(Boolean),
  };
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  const outlined = node => {
    const s = getComputedStyle(node);
    return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  };
  // A stretched card link shows its focus on the card (:focus-within).
  let shown = outlined(el) || getComputedStyle(el).boxShadow !== "none";
  for (let up = el.parentElement; up && !shown; up = up.parentElement) {
    shown = up.matches(":focus-within") && outlined(up);
  }
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40),
    shown: shown,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight
      && r.right > 0 && r.left < window.innerWidth,
  };
}"""


@dataclass
class Visit:
    """A page opened in a fresh browser context, with what happened while loading."""

    page: object
    context: object
    url: str
    problems: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)
    status: int | None = None

    def close(self):
        self.context.close()

    def assert_no_problems(self, variant: Variant):
        if self.problems:
            pytest.fail(f"{self.url} ({variant.name}):\n  " + "\n  ".join(self.problems))


def open_page(browser, live_server, path, lang, variant, expected_status=200) -> Visit:
    """Load ``path`` watching the console, failed and foreign requests."""
    base = urlsplit(live_server.url)
    url = live_server.url + path
    context = browser.new_context(
        viewport={"width": variant.width, "height": variant.height},
        is_mobile=variant.mobile,
        has_touch=variant.mobile,
        color_scheme="light",
        locale="fa-IR" if lang == "fa" else "en-GB",
        # Lets the tests (only) inject axe-core whatever the site's CSP says.
        bypass_csp=True,
    )
    page = context.new_page()
    visit = Visit(page=page, context=context, url=url)

    def is_external(request_url: str) -> bool:
        parts = urlsplit(request_url)
        return parts.scheme not in ("data", "blob", "about") and parts.netloc != base.netloc

    def block_external(route):
        visit.problems.append(f"request to another host: {route.request.url}")
        route.abort()

    def on_console(message):
        if message.type != "error":
            return
        # Chromium logs the expected status of an error page's own document.
        if expected_status >= 400 and message.location.get("url") == url:
            return
        visit.problems.append(f"console error: {message.text}")

    context.route(is_external, block_external)
    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.problems.append(f"script error: {error}"))
    page.on(
        "requestfailed",
        lambda request: visit.problems.append(f"failed request: {request.url} ({request.failure})"),
    )
    page.on("response", lambda response: visit.responses.append(response))

    response = page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    visit.status = response.status if response else None
    if visit.status != expected_status:
        visit.problems.append(f"status {visit.status}, expected {expected_status}")
    for other in visit.responses:
        if other.status >= 400 and not (other.url == url and expected_status >= 400):
            visit.problems.append(f"HTTP {other.status} for {other.url}")
    return visit


def check_weight(visit: Visit):
    weight = sum(
        len(gzip.compress(r.body(), compresslevel=6))
        for r in visit.responses
        if r.request.resource_type in WEIGHED_TYPES and not 300 <= r.status < 400
    )
    if weight > PAGE_WEIGHT_BUDGET:
        visit.problems.append(f"page weight {weight} bytes gzipped > {PAGE_WEIGHT_BUDGET}")


def check_layout(visit: Visit, lang: str, variant: Variant):
    facts = visit.page.evaluate(LAYOUT_FACTS, variant.width)
    expected_dir = "rtl" if lang == "fa" else "ltr"
    if (facts["lang"], facts["dir"]) != (lang, expected_dir):
        visit.problems.append(
            f"<html lang={facts['lang']} dir={facts['dir']}>, expected lang={lang} "
            f"dir={expected_dir}"
        )
    if facts["innerWidth"] != variant.width:
        visit.problems.append(
            f"viewport is {facts['innerWidth']} px, not {variant.width}: on a phone the"
            f" browser widens it when the content is wider (sticking out: {facts['wide']})"
        )
    if facts["scrollWidth"] > facts["innerWidth"]:
        visit.problems.append(
            f"horizontal overflow: {facts['scrollWidth']} px wide in {facts['innerWidth']}"
            f" (sticking out: {facts['wide']})"
        )
    if facts["mains"] != 1:
        visit.problems.append(f"{facts['mains']} <main> elements")
    if facts["imagesWithoutAlt"]:
        visit.problems.append(f"images without alt: {facts['imagesWithoutAlt']}")
    if facts["placeholdersCut"]:
        visit.problems.append(f"placeholders cut: {facts['placeholdersCut']}")
    if "loaded" not in facts["vazirmatn"]:
        visit.problems.append(f"Vazirmatn not loaded ({facts['vazirmatn']}): run `make assets`")


def check_keyboard_focus(visit: Visit, stops: int = 12):
    """The first Tab reaches a link (the skip link); every stop shows where it is."""
    for stop in range(stops):
        visit.page.keyboard.press("Tab")
        focused = visit.page.evaluate(FOCUSED)
        if stop == 0 and focused["tag"] != "a":
            visit.problems.append(f"first Tab reached <{focused['tag']}>, not a link")
        if focused["tag"] == "body":
            break
        if not focused["shown"]:
            visit.problems.append(
                f"Tab stop {stop + 1} <{focused['tag']}> {focused['text']!r}: focus not visible"
            )
        if not focused["onScreen"]:
            visit.problems.append(
                f"Tab stop {stop + 1} <{focused['tag']}> {focused['text']!r} is off screen"
            )


def check_axe(visit: Visit, rules: list[str] | None = None):
    """No serious or critical axe-core violation (of ``rules``, or of all rules)."""
    if not visit.page.evaluate("typeof axe !== 'undefined'"):
        visit.page.add_script_tag(path=str(AXE))
    found = visit.page.evaluate(AXE_SERIOUS, rules)
    visit.problems.extend(f"axe{' ' + ','.join(rules) if rules else ''}: {v}" for v in found)


def check_dark(visit: Visit, name: str):
    """The dark scheme: screenshot of the first screen, and contrast."""
    visit.page.emulate_media(color_scheme="dark")
    visit.page.evaluate("window.scrollTo(0, 0)")
    visit.page.screenshot(path=SCREENSHOTS / f"{name}.png")
    check_axe(visit, ["color-contrast"])
    visit.page.emulate_media(color_scheme="light")


def screenshot(visit: Visit, name: str):
    visit.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
