"""Hostile input on every public URL: never a 500, and a refusal is the site's own page.

Every route of the URL configuration (outside the admin and Rosetta) is requested under
both language prefixes with generated path parts, query strings and cookies: any
Unicode, NUL, bidi controls, bytes that are not UTF-8 (lone surrogates as %ED%A0%80),
very long values and more parameters than Django reads.
"""

import re
from urllib.parse import quote_from_bytes

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from exhibition import persian
from tests.articles.factories import ArticleFactory, TagFactory
from tests.booths.factories import DelegationFactory, DistrictFactory, ExhibitorFactory

# A refusal is the site's error page, or the page itself with its form's message (the
# search's form errors; the floor plan's "no stand with that code", a 404).
SITE_REFUSALS = (
    'class="error-page"',
    'class="form-errors" role="alert"',
    'class="form-error" role="alert"',
)
EXAMPLES_PER_ROUTE = 40  # about 15 s of CPU per database for the whole file
SKIPPED_PREFIXES = ("admin/", "rosetta/")  # staff only, behind a login
# The names the site's views and forms read from the query string.
QUERY_KEYS = (
    "q",
    "page",
    "service",
    "tag",
    "date_from",
    "date_to",
    "kind",
    "hall",
    "district",
    "country",
    "sort",
    "stand",
    "exhibitor",
)
CONVERTER_RE = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def public_routes() -> list[tuple[bool, str]]:
    """(under a language prefix, route) for every URL pattern outside the admin."""
    found = []

    def walk(patterns, prefix, localized):
        for entry in patterns:
            pattern = entry.pattern
            if isinstance(pattern, LocalePrefixPattern):
                route, localized = "", True
            elif isinstance(pattern, RoutePattern):
                route = str(pattern)
            else:  # a regex (static files in DEBUG): none among the public pages
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route, localized)
            elif isinstance(entry, URLPattern):
                found.append((localized, prefix + route))

    walk(get_resolver().url_patterns, "", False)
    return [
        (localized, route) for localized, route in found if not route.startswith(SKIPPED_PREFIXES)
    ]


ROUTES = public_routes()

BIDI = st.sampled_from(persian.BIDI_CONTROLS).map(str.encode)
# Pieces of a value, as bytes: they are percent-encoded as they are.
PIECES = st.one_of(
    st.text(max_size=12).map(str.encode),
    st.text(
        alphabet=persian.PERSIAN_ALPHABET + persian.PERSIAN_DIGITS + "\u200c ", max_size=12
    ).map(str.encode),
    BIDI,
    st.just(b"\x00"),
    st.sampled_from([b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xff", b"\xc0\xaf", b"%", b"+"]),
    st.binary(max_size=6),
)
RAW_VALUES = st.one_of(
    st.lists(PIECES, max_size=5).map(b"".join),
    st.integers(min_value=-(10**30), max_value=10**30).map(lambda n: str(n).encode()),
    st.sampled_from([b"\x00" * 3, "\u202e".encode() * 50, b"x" * 10_000, "ی".encode() * 5_000]),
)


def encoded(raw: bytes) -> str:
    return quote_from_bytes(raw, safe="")


def number_part(existing):
    return st.one_of(
        st.sampled_from(existing).map(str),
        st.integers(min_value=0, max_value=10**25).map(str),
        st.integers(min_value=0, max_value=99_999).map(persian.to_persian_digits),
        st.text(alphabet="0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", min_size=1, max_size=30),
    ).map(lambda digits: encoded(digits.encode()))


def text_part(existing):
    hostile = RAW_VALUES.map(lambda raw: raw.replace(b"/", b"")).filter(bool)
    return st.one_of(st.sampled_from(existing).map(str.encode), hostile).map(encoded)


QUERY = st.one_of(
    st.lists(
        st.tuples(st.one_of(st.sampled_from(QUERY_KEYS).map(str.encode), RAW_VALUES), RAW_VALUES),
        max_size=6,
    ).map(lambda pairs: "&".join(f"{encoded(k)}={encoded(v)}" for k, v in pairs)),
    st.integers(min_value=1_001, max_value=2_000).map(
        lambda count: "&".join(f"p{i}=%00{i}" for i in range(count))
    ),
)
COOKIE_VALUES = st.one_of(
    st.text(max_size=20), st.just("abcdefgh\x00ijklmnopqrstuvwxyz012345"), st.just("en\x00")
).map(lambda value: value.replace(";", ""))
COOKIES = st.lists(
    st.tuples(st.sampled_from(["sessionid", "csrftoken", "django_language", "x"]), COOKIE_VALUES),
    max_size=3,
).map(lambda pairs: "; ".join(f"{name}={value}" for name, value in pairs))
# A header reaches Django as its bytes read as Latin-1 (WSGI): UTF-8 arrives that way.
COOKIES = COOKIES.map(lambda header: header.encode().decode("latin-1"))


def assert_site_answer(test, response):
    test.assertLess(response.status_code, 500, response.wsgi_request.path)
    if response.status_code >= 400 and "html" in response.get("Content-Type", ""):
        body = response.content.decode()
        test.assertTrue(any(marker in body for marker in SITE_REFUSALS), body[-3000:])


class HostileUrlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tag = TagFactory(slug="kb")
        fa = ArticleFactory(tags=[tag])
        en = ArticleFactory(language="en", title="Mayors meet", desk=fa.desk)
        ExhibitorFactory(slug="sample")
        DelegationFactory(slug="delegation")
        district = DistrictFactory(district=6, slug="district-6")
        cls.numbers = [fa.news_code, en.news_code, fa.pk, district.district, 1405, 2026, 9]
        cls.texts = [fa.slug, en.slug, fa.desk.slug, "kb", "sample", "district-6"]

    def path_for(self, data, route: str) -> str:
        def fill(match):
            if match["converter"] in ("number", "int"):
                return data.draw(number_part(self.numbers), label=match["name"])
            return data.draw(text_part(self.texts), label=match["name"])

        return "/" + CONVERTER_RE.sub(fill, route)

    def check(self, path, query, cookie):
        response = self.client.get(path, QUERY_STRING=query, HTTP_COOKIE=cookie)
        assert_site_answer(self, response)


def _route_test(localized: bool, route: str):
    @settings(
        max_examples=EXAMPLES_PER_ROUTE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data(), language=st.sampled_from(["fa", "en"]), query=QUERY, cookie=COOKIES)
    def test(self, data, language, query, cookie):
        path = self.path_for(data, route)
        self.check(f"/{language}{path}" if localized else path, query, cookie)

    return test


for _localized, _route in ROUTES:
    _name = re.sub(r"\W+", "_", _route).strip("_") or "home"
    setattr(HostileUrlTests, f"test_{_name}", _route_test(_localized, _route))


class HostilePathTests(TestCase):
    """Paths that match no route at all, or only part of one."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        prefix=st.sampled_from(["/", "/fa/", "/en/", "/fa/news/", "/en/exhibitors/"]),
        parts=st.lists(RAW_VALUES.map(encoded), min_size=1, max_size=3),
        query=QUERY,
    )
    def test_any_path(self, prefix, parts, query):
        assert_site_answer(self, self.client.get(prefix + "/".join(parts), QUERY_STRING=query))


class RouteListTests(TestCase):
    def test_every_public_page_is_covered(self):
        routes = {route for _localized, route in ROUTES}
        for route in (
            "news/<number:news_code>/<str:slug>/",
            "search/",
            "healthz",
            "news/archive/<number:year>/<number:month>/",
            "sitemap.xml",
            "exhibitors/<str:slug>/",
            "news/service/<str:slug>/atom/",
        ):
            self.assertIn(route, routes)
