"""The class vocabulary of site.css (samples/components.html) in both directions
and at both widths, before the apps' own pages use it: no overflow with long
Persian words, axe-clean colours in both schemes, and an article on paper.

The sample is rendered here and dropped into the live home page's <main>, so
it is styled by exactly what the site serves.
"""

from pathlib import Path

import pytest
from django.template import engines

from tests.browser.checks import (
    VARIANTS,
    check_axe,
    check_dark,
    check_keyboard_focus,
    check_layout,
    open_page,
    screenshot,
)

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).parent / "samples" / "components.html"

DISTRICTS_FA = "۱ ۲ ۳ ۴ ۵ ۶ ۷ ۸ ۹ ۱۰ ۱۱ ۱۲ ۱۳ ۱۴ ۱۵ ۱۶ ۱۷ ۱۸ ۱۹ ۲۰ ۲۱ ۲۲".split()  # noqa: SIM905
CITIES_FA = [
    ("سئول", "کره جنوبی", "۱۹۶۳ یا ۱۹۷۷", "منابع اختلاف دارند"),
    ("پکن", "چین", "۲۰۱۴", ""),
    ("هاوانا", "کوبا", "۲۰۰۱", ""),
    ("استانبول", "ترکیه", "۲۰۰۶", ""),
]
CITIES_EN = [
    ("Seoul", "South Korea", "1963 or 1977", "sources disagree"),
    ("Beijing", "China", "2014", ""),
    ("Havana", "Cuba", "2001", ""),
    ("Istanbul", "Türkiye", "2006", ""),
]

TEXTS = {
    "fa": {
        "breadcrumb_label": "مسیر صفحه",
        "home": "خانه",
        "news": "اخبار",
        "service": "مدیریت شهری",
        "kicker": "در آیین گشایش نمایشگاه مطرح شد؛",
        "title": "خواهرشهرها تجربه‌های حکمرانی شهری را در تهران به اشتراک می‌گذارند",
        "lead": "نمایشگاه خواهرشهرها و حکمرانی شهری با حضور شهرداری تهران، مناطق ۲۲گانه و "
        "هیئت‌هایی از خواهرشهرهای پایتخت گشایش یافت.",
        "date": "۲۲ اردیبهشت ۱۴۰۴، ۱۰:۳۰",
        "code": "کد خبر: ۱۰۰۱",
        "views": "۱٬۲۳۴ بازدید",
        "image_alt": "نشان نمایشگاه بر زمینهٔ فیروزه‌ای",
        "caption": "نمونهٔ زیرنویس تصویر خبر",
        "paragraphs": [
            "به گزارش خبرگزاری مهر، این نمایشگاه فرصتی است تا شهروندان ببینند مناطق "
            "شهرشان در حمل‌ونقل عمومی، فضای سبز، مدیریت پسماند و خدمات اجتماعی چه کرده‌اند.",
            "واژه‌های بلند و بی‌فاصله مانند «شهرداری‌هایشان‌ـــــــــــــــــــــــــــ» یا "
            "نشانی‌هایی مثل https://example.invalid/a/very/long/path/that/never/breaks "
            "نباید صفحه را در گوشی از عرض بیرون بزنند.",
        ],
        "quote": "شهر خوب شهری است که شهروندانش آن را از آنِ خود بدانند.",
        "source": "منبع: خبرگزاری مهر",
        "tags_label": "برچسب‌ها",
        "tags": ["خواهرخواندگی", "شهر‌هوشمند", "منطقه ۲۲", "دانش‌بنیان"],
        "short_link": "لینک کوتاه:",
        "notice": "این متن هنوز به انگلیسی ترجمه نشده است.",
        "warning": "این غرفه و دستاوردهایش نمونهٔ نمایشی‌اند.",
        "most_viewed": "پربازدیدترین‌ها",
        "stat": "۱۲٫۵",
        "stat_unit": "هکتار فضای سبز تازه",
        "related": "اخبار مرتبط",
        "more": "همهٔ اخبار",
        "cards": [
            {
                "kicker": "منطقه ۲۲",
                "title": "دریاچهٔ چیتگر میزبان گردشگران نمایشگاه",
                "text": "بازدید هیئت‌های خارجی از دریاچه و بوستان جنگلی چیتگر.",
            },
            {
                "kicker": "بین‌الملل",
                "title": "هیئت سئول در غرفهٔ خواهرشهرها",
                "text": "خیابان تهران در سئول و خیابان سئول در تهران یادگار این پیوند است.",
            },
            {
                "kicker": "فناوری",
                "title": "شرکت‌های دانش‌بنیان و راه‌حل‌های شهر هوشمند",
                "text": "از سامانه‌های حمل‌ونقل تا پایش هوشمند پسماند.",
            },
        ],
        "directory": "راهنمای غرفه‌داران",
        "search": "جست‌وجو",
        "kind": "نوع غرفه‌دار",
        "all": "همه",
        "district_kind": "شهرداری منطقه",
        "district": "منطقه",
        "district_1": "منطقه ۱",
        "apply": "اعمال",
        "reset": "پاک کردن",
        "exhibitors": [
            {"name": "شهرداری تهران", "stand": "غرفهٔ A-1", "kind": "شهرداری", "demo": False},
            {"name": "شهرداری منطقه ۱۲", "stand": "غرفهٔ B-12", "kind": "منطقه", "demo": True},
            {"name": "مجمع شهرداران کلانشهرها", "stand": "غرفهٔ C-3", "kind": "مجمع", "demo": True},
        ],
        "demo": "نمونهٔ نمایشی",
        "empty": "غرفه‌داری با این ویژگی‌ها پیدا نشد.",
        "pages": "صفحه‌ها",
        "previous": "قبلی",
        "next": "بعدی",
        "n1": "۱",
        "n2": "۲",
        "n3": "۳",
        "districts": "مناطق ۲۲گانه (نمای طرح‌وار)",
        "district_numbers": DISTRICTS_FA,
        "sister_cities": "خواهرشهرهای تهران",
        "city": "شهر",
        "country": "کشور",
        "since": "از سال",
        "note": "یادداشت",
        "cities": CITIES_FA,
        "print_meta": ["کد خبر: ۱۰۰۱", "۲۲ اردیبهشت ۱۴۰۴، ۱۰:۳۰", "http://localhost/n/1001"],
    },
    "en": {
        "breadcrumb_label": "Breadcrumb",
        "home": "Home",
        "news": "News",
        "service": "Urban management",
        "kicker": "At the opening ceremony:",
        "title": "Sister cities share their experience of urban governance in Tehran",
        "lead": "The Sister Cities and Urban Governance Exhibition opened with Tehran "
        "Municipality, its 22 districts and delegations of the capital's sister cities.",
        "date": "12 May 2025, 10:30",
        "code": "News code: 1001",
        "views": "1,234 views",
        "image_alt": "The exhibition's emblem on a turquoise ground",
        "caption": "A sample news photo caption",
        "paragraphs": [
            "According to Mehr News Agency, the exhibition lets citizens see what their "
            "districts have done for public transport, green space, waste and social services.",
            "Long unbroken words such as Supercalifragilisticexpialidociouslylongword and "
            "addresses like https://example.invalid/a/very/long/path/that/never/breaks "
            "must not push a phone page wider than the screen.",
        ],
        "quote": "A good city is one its citizens feel is their own.",
        "source": "Source: Mehr News Agency",
        "tags_label": "Tags",
        "tags": ["sister cities", "smart city", "District 22", "knowledge-based"],
        "short_link": "Short link:",
        "notice": "This text has not been translated into English yet.",
        "warning": "This stand and its achievements are demo content.",
        "most_viewed": "Most viewed",
        "stat": "12.5",
        "stat_unit": "hectares of new green space",
        "related": "Related news",
        "more": "All news",
        "cards": [
            {
                "kicker": "District 22",
                "title": "Chitgar Lake welcomes the exhibition's visitors",
                "text": "Foreign delegations visit the lake and Chitgar Forest Park.",
            },
            {
                "kicker": "International",
                "title": "Seoul's delegation at the sister-cities stand",
                "text": "Teheran-ro in Seoul and Seoul Street in Tehran recall the bond.",
            },
            {
                "kicker": "Technology",
                "title": "Knowledge-based companies and smart-city solutions",
                "text": "From transport systems to smart waste monitoring.",
            },
        ],
        "directory": "Exhibitor directory",
        "search": "Search",
        "kind": "Kind of exhibitor",
        "all": "All",
        "district_kind": "District municipality",
        "district": "District",
        "district_1": "District 1",
        "apply": "Apply",
        "reset": "Reset",
        "exhibitors": [
            {
                "name": "Tehran Municipality",
                "stand": "Stand A-1",
                "kind": "Municipality",
                "demo": False,
            },
            {
                "name": "District 12 Municipality",
                "stand": "Stand B-12",
                "kind": "District",
                "demo": True,
            },
            {
                "name": "Assembly of Metropolises' Mayors",
                "stand": "Stand C-3",
                "kind": "Assembly",
                "demo": True,
            },
        ],
        "demo": "Demo content",
        "empty": "No exhibitor matches these filters.",
        "pages": "Pages",
        "previous": "Previous",
        "next": "Next",
        "n1": "1",
        "n2": "2",
        "n3": "3",
        "districts": "The 22 districts (schematic)",
        "district_numbers": [str(n) for n in range(1, 23)],
        "sister_cities": "Tehran's sister cities",
        "city": "City",
        "country": "Country",
        "since": "Since",
        "note": "Note",
        "cities": CITIES_EN,
        "print_meta": ["News code: 1001", "12 May 2025, 10:30", "http://localhost/n/1001"],
    },
}

INJECT = """([html, printMeta]) => {
  document.querySelector("main").innerHTML = html;
  const header = document.querySelector(".print-header");
  for (const text of printMeta) {
    const p = document.createElement("p");
    p.textContent = text;
    header.appendChild(p);
  }
  return Promise.all([...document.images].map(img => img.decode().catch(() => null)));
}"""


def render_sample(lang: str, static_url: str) -> str:
    template = engines["django"].from_string(SAMPLE.read_text())
    return template.render({"t": TEXTS[lang], "placeholder": f"{static_url}img/placeholder.svg"})


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_components(browser, live_server, settings, lang, variant):
    visit = open_page(browser, live_server, f"/{lang}/", lang, variant)
    try:
        html = render_sample(lang, "/" + settings.STATIC_URL.lstrip("/"))
        visit.page.evaluate(INJECT, [html, TEXTS[lang]["print_meta"]])
        check_layout(visit, lang, variant)
        screenshot(visit, f"components_{lang}_{variant.name}")
        check_axe(visit)
        check_keyboard_focus(visit, stops=40)
        if variant.mobile:
            check_dark(visit, f"components_{lang}_{variant.name}-dark")
        else:
            visit.page.emulate_media(media="print")
            screenshot(visit, f"components_{lang}_print")
            hidden = visit.page.evaluate(
                "() => ['.site-header', 'aside', '.filters', '.breadcrumb']"
                ".map(s => getComputedStyle(document.querySelector(s)).display)"
            )
            if set(hidden) != {"none"}:
                visit.problems.append(f"screen-only parts printed: {hidden}")
    finally:
        visit.close()
    visit.assert_no_problems(variant)
