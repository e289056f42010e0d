"""Every public page the browser suite visits, in Persian and in English.

Add a page with one line in PAGES. ``path`` is either a template where
``{lang}`` becomes the language prefix, or a dict when the two languages'
paths differ (e.g. an article and its paired translation). Paths may point at
objects the seed fixtures create (fixed primary keys and codes make them
stable). Each page is checked in both languages at phone width (light and
dark schemes) and desktop width (see test_pages.py for what is checked).

    Page("news-list", "/{lang}/news/"),
    Page("article", {"fa": "/fa/news/1001/some-slug/", "en": "/en/news/1002/some-slug/"}),
    Page("search-hit", "/{lang}/search/?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86"),
    Page("persian-only", {"fa": "/fa/news/1/"}),  # checked in Persian only
"""

from dataclasses import dataclass

LANGUAGES = ("fa", "en")


@dataclass(frozen=True)
class Page:
    name: str
    path: str | dict[str, str]
    status: int = 200

    @property
    def languages(self) -> tuple[str, ...]:
        """A dict path lists the languages the page exists in (e.g. a Persian-only article)."""
        if isinstance(self.path, dict):
            return tuple(lang for lang in LANGUAGES if lang in self.path)
        return LANGUAGES

    def path_for(self, lang: str) -> str:
        if isinstance(self.path, dict):
            return self.path[lang]
        return self.path.format(lang=lang)


PAGES = [
    Page("home", "/{lang}/"),
    Page("not-found", "/{lang}/no-such-page/", status=404),
    # news archive (issue 3); the seeded corpus article is Persian, news code 1, and its
    # short link redirects to the canonical slug (in English: the "not yet available" page).
    Page("news-list", "/{lang}/news/"),
    Page("article", "/{lang}/news/1/"),
    Page("search", "/{lang}/search/?q=%D9%86%D9%85%D8%A7%DB%8C%D8%B4%DA%AF%D8%A7%D9%87"),
    Page("search-empty", "/{lang}/search/"),
    Page("service", "/{lang}/news/service/urban-management/"),
    Page("archive", "/{lang}/news/archive/"),
    Page("most-viewed", "/{lang}/news/most-viewed/"),
    Page("corrections", "/{lang}/news/corrections/"),
    # exhibitor guide (issue 4): fixtures/20_booths_facts.json and 30_booths_demo.json
    Page("exhibitors", "/{lang}/exhibitors/"),
    Page("exhibitor", "/{lang}/exhibitors/tehran-municipality/"),
    Page("exhibitor-district", "/{lang}/exhibitors/district-22/"),
    Page("districts", "/{lang}/districts/"),
    Page("district", "/{lang}/districts/22/"),
    Page("floor-plan", "/{lang}/floor-plan/"),
    Page("floor-plan-stand", "/{lang}/floor-plan/?stand=A-12"),
    Page("floor-plan-exhibitor", "/{lang}/floor-plan/?exhibitor=seoul-delegation"),
    Page("sister-cities", "/{lang}/sister-cities/"),
    # programme: fixtures/40_programme_demo.json
    Page("programme", "/{lang}/programme/"),
    Page("session", "/{lang}/programme/sister-cities-and-urban-governance/"),
    Page("visit", "/{lang}/visit/"),
    # my plan (issue 18): empty in a fresh browser, and a shared plan's link (the page
    # then offers to merge it); the printable signs with their QR codes
    Page("my-plan", "/{lang}/my-plan/"),
    Page("my-plan-shared", "/{lang}/my-plan/?session=1&session=2&exhibitor=1&exhibitor=2"),
    Page("stand-sign", "/{lang}/stands/A-1/sign/"),
    Page("session-sign", "/{lang}/programme/opening-ceremony/sign/"),
    # a delegation's briefing pack (programme.views.BriefingPackView)
    Page("briefing-pack", "/{lang}/exhibitors/seoul-delegation/briefing-pack/"),
    # what the service worker shows for a page it has not kept (exhibition/offline.py)
    Page("offline", "/{lang}/offline/"),
]
