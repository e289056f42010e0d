"""Every public page the browser suite visits, in Persian and in English.

Add a page with one line in PAGES. ``path`` is either a template where
``{lang}`` becomes the language prefix, or a dict when the two languages'
paths differ (e.g. an article and its paired translation). Paths may point at
objects the seed fixtures create (fixed primary keys and codes make them
stable). Each page is checked in both languages at phone and desktop widths,
in light and dark colour schemes (see test_pages.py for what is checked).

    Page("news-list", "/{lang}/news/"),
    Page("article", {"fa": "/fa/news/1001/some-slug/", "en": "/en/news/1002/some-slug/"}),
    Page("search-hit", "/{lang}/search/?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86"),
"""

from dataclasses import dataclass

LANGUAGES = ("fa", "en")


@dataclass(frozen=True)
class Page:
    name: str
    path: str | dict[str, str]
    status: int = 200

    def path_for(self, lang: str) -> str:
        if isinstance(self.path, dict):
            return self.path[lang]
        return self.path.format(lang=lang)


PAGES = [
    Page("home", "/{lang}/"),
    Page("not-found", "/{lang}/no-such-page/", status=404),
]
