"""Public news pages. Thin: reads go through ArticleQuerySet, writes through services,
search through articles.search. Nothing here may import hazm."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from articles import archive, caching, images, search, sharing
from articles.forms import search_form_class
from articles.models import Article, Desk, Tag
from articles.search.suggest import did_you_mean
from articles.selectors import article_counterpart, untranslated_news
from exhibition.display import own_language

logger = logging.getLogger(__name__)
PAGE_SIZE = 20
NOTHING_FOUND_NEWS = 5  # the other edition's news shown by a search that found nothing
RELATED_COUNT = 5
MOST_VIEWED_COUNT = 100


def public_articles():
    """The news of the page's language, for lists."""
    return Article.objects.public(get_language()).for_listing()


class ArticleListView(ListView):
    paginate_by = PAGE_SIZE
    heading = _("News")

    def get_queryset(self):
        return public_articles()

    def get_paginator(self, queryset, *args, **kwargs):
        # Counting a large archive reads every entry of the index: the count is
        # remembered (articles.caching), the page itself is always read afresh.
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = caching.cached(
            "count",
            type(self).__name__,
            get_language(),
            *sorted(self.kwargs.items()),
            compute=queryset.count,
        )
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class NewsView(ArticleListView):
    """/news/: when this edition has nothing yet, the other edition's news instead."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["object_list"]:
            context["other_edition_news"] = untranslated_news(
                language=get_language(), count=PAGE_SIZE
            )
        return context


@dataclass(frozen=True)
class Period:
    """A window of the most viewed list: today and the days before it (Tehran time);
    ``days_before`` None is all time."""

    days_before: int | None
    label: str

    def start(self):
        if self.days_before is None:
            return None
        return timezone.localdate() - timedelta(days=self.days_before)


# Rolling windows, not calendar ones: on a Saturday morning "this week" would hold
# a few hours of views.
MOST_VIEWED_PERIODS = {
    "day": Period(0, _("Today")),
    "week": Period(6, _("Last 7 days")),
    "month": Period(29, _("Last 30 days")),
    "all": Period(None, _("All time")),
}
DEFAULT_PERIOD = "week"


class MostViewedView(ArticleListView):
    """The MOST_VIEWED_COUNT most viewed articles of a period (?period=day|week|month|
    all; anything else is the default). Which ones is remembered for a minute (finding
    them reads the whole period); their order is read live."""

    heading = _("Most viewed")

    def get(self, request, *args, **kwargs):
        period = request.GET.get("period")
        self.period = period if period in MOST_VIEWED_PERIODS else DEFAULT_PERIOD
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        start = MOST_VIEWED_PERIODS[self.period].start()
        top = caching.cached(
            "most-viewed",
            get_language(),
            self.period,
            start,
            compute=lambda: list(
                public_articles()
                .most_viewed_in(start)
                .values_list("pk", flat=True)[:MOST_VIEWED_COUNT]
            ),
        )
        return public_articles().filter(pk__in=top).most_viewed_in(start)

    def get_paginator(self, queryset, *args, **kwargs):
        # At most MOST_VIEWED_COUNT rows by primary key: counted live, not cached
        # under a name that would not tell the periods apart.
        return super(ArticleListView, self).get_paginator(queryset, *args, **kwargs)

    def get_context_data(self, **kwargs):
        periods = [
            {"url": f"?period={key}", "label": period.label, "current": key == self.period}
            for key, period in MOST_VIEWED_PERIODS.items()
        ]
        return super().get_context_data(
            periods=periods,
            period_label=MOST_VIEWED_PERIODS[self.period].label,
            show_views=True,
            query_string=f"period={self.period}",
            **kwargs,
        )


class CorrectionsView(ArticleListView):
    """Public articles that carry a correction, the latest correction first."""

    heading = _("Corrections")
    template_name = "articles/corrections.html"

    def get_queryset(self):
        return public_articles().corrected()


class DeskArticleListView(ArticleListView):
    def get_queryset(self):
        self.desk = get_object_or_404(Desk, slug=self.kwargs["slug"])
        return public_articles().matching_with_pair(desk=self.desk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading=self.desk.name, desk=self.desk)
        return context


class TagArticleListView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return public_articles().matching_with_pair(tags=self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading=self.tag.name, tag=self.tag)
        return context


class ArchiveMixin:
    """A Jalali year or month on Persian pages, a Gregorian one on English pages;
    a period that does not exist (month 13, year 0) is a 404."""

    paginate_by = PAGE_SIZE
    other_language = {"fa": "en", "en": "fa"}

    def get_period(self, jalali):
        raise NotImplementedError

    def get_queryset(self):
        language = get_language()
        try:
            self.period = self.get_period(archive.uses_jalali(language))
        except archive.InvalidPeriod as exc:
            raise Http404(_("No such year or month.")) from exc
        if self.period.start > timezone.now():
            # Nothing can be public there; also a Gregorian year typed on a Persian page
            # (2026 read as a Jalali year) lands here rather than on an empty page.
            raise Http404(_("There is no news from that period yet."))
        return archive.in_period(public_articles(), self.period)

    def translations(self):
        language = get_language()
        other = self.other_language.get(language)
        urls = {language: self.request.path}
        if other:
            try:
                counterpart = self.period.in_other_calendar()
            except archive.InvalidPeriod:
                return urls  # e.g. Farvardin 1: March 622 began before the Solar Hijri era
            with translation.override(other):
                urls[other] = self.url_of(counterpart)
        return urls


class ArticleYearArchiveView(ArchiveMixin, ListView):
    template_name = "articles/article_archive_year.html"

    def get_period(self, jalali):
        return archive.Year(self.kwargs["year"], jalali)

    def url_of(self, year):
        return reverse("articles:archive_year", args=[year.year])

    def get_context_data(self, **kwargs):
        months = caching.cached(
            "year-months",
            get_language(),
            self.period.year,
            self.period.jalali,
            compute=lambda: archive.months_with_articles(
                self.object_list, jalali=self.period.jalali
            ),
        )
        return super().get_context_data(
            year=self.period, date_list=months, translations=self.translations(), **kwargs
        )


class ArticleMonthArchiveView(ArchiveMixin, ListView):
    template_name = "articles/article_archive_month.html"

    def get_period(self, jalali):
        return archive.Month(self.kwargs["year"], self.kwargs["month"], jalali)

    def url_of(self, month):
        return reverse("articles:archive_month", args=[month.year, month.month])

    def get_context_data(self, **kwargs):
        month = self.period
        # The nearest months that have news, so the links never lead to empty pages.
        dates = public_articles().values_list("published_at", flat=True)
        before = dates.filter(published_at__lt=month.start).order_by("-published_at").first()
        after = dates.filter(published_at__gte=month.end).order_by("published_at").first()
        return super().get_context_data(
            month=month,
            previous_month=archive.month_containing(before, jalali=month.jalali),
            next_month=archive.month_containing(after, jalali=month.jalali),
            translations=self.translations(),
            **kwargs,
        )


def article_pictures(article) -> dict:
    """The lead image's and the gallery's renditions (articles.images), and each one's
    description in the article's language: the article page's and its preview's."""
    gallery = []
    for image in article.images.all():
        picture = images.picture(image.image, image.width, image.height)
        if picture is not None:
            alt = getattr(image, f"alt_{article.language}") or image.alt_fa
            gallery.append({"image": image, "picture": picture, "alt": alt})
    return {
        "picture": images.picture(article.image, article.image_width, article.image_height),
        "gallery": gallery,
    }


class ArticleDetailView(DetailView):
    """The article at its canonical URL; other URLs for it redirect there."""

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("desk", "paired", "paired_from")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), news_code=self.kwargs["news_code"])

    def get(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        language = get_language()
        if article.language != language:
            counterpart = article_counterpart(article, public=True)
            if counterpart is not None and counterpart.language == language:
                return redirect(counterpart.get_absolute_url(), permanent=True)
            if self.kwargs.get("slug") != article.slug:
                return redirect(article.get_url_in(language), permanent=True)
            # Not a dead end: say so, and link the original and its section.
            return render(
                request,
                "articles/article_unavailable.html",
                {
                    "article": article,
                    "translations": {article.language: article.get_absolute_url()},
                },
            )
        if self.kwargs.get("slug") != article.slug or not self.latin_code_in_path(article):
            return redirect(article.get_absolute_url(), permanent=True)
        response = self.render_to_response(self.get_context_data(object=article))
        # Counted by the page cache's middleware, which also sees the visits it answers.
        response.counts_view_of = article.pk
        return response

    def latin_code_in_path(self, article) -> bool:
        """False for /fa/news/۱۲/…: the news code typed in Persian digits."""
        return f"/{article.news_code}/" in self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        related = Article.objects.related_to(article).for_listing()
        context["related"] = list(related[:RELATED_COUNT])
        context["tags"] = list(article.tags.all())
        context.update(article_pictures(article))
        if context["picture"] is not None:
            context["share_image"] = self.request.build_absolute_uri(context["picture"].share_url)
        context["json_ld"] = self.json_ld(article, context["tags"], context["picture"])
        short_url = self.request.build_absolute_uri(article.get_short_url())
        context["short_url"] = short_url
        context["share_links"] = sharing.share_links(url=short_url, title=article.title)
        # Only languages the story exists in are alternates; the switcher still offers
        # the others (where the visitor reads that it is not translated yet).
        context["translations"] = {article.language: article.get_absolute_url()}
        counterpart = article_counterpart(article, public=True)
        if counterpart is not None:
            context["translations"][counterpart.language] = counterpart.get_absolute_url()
        return context

    def json_ld(self, article, tags, picture=None):
        build = self.request.build_absolute_uri
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.lead or "",
            "inLanguage": article.language,
            "datePublished": article.published_at.isoformat(),
            "dateModified": article.updated_at.isoformat(),
            "mainEntityOfPage": build(article.get_absolute_url()),
            "identifier": str(article.news_code),
            # Names in the page's language only: no Persian fallback in English metadata.
            "keywords": [name for tag in tags if (name := own_language(tag, "name"))],
        }
        if article.desk is not None and (section := own_language(article.desk, "name")):
            data["articleSection"] = section
        if article.reporter:
            data["author"] = {"@type": "Person", "name": article.reporter}
        if article.source_agency:
            data["publisher"] = {"@type": "Organization", "name": article.source_agency}
        if picture is not None:
            data["image"] = {
                "@type": "ImageObject",
                "url": build(picture.share_url),
                "width": picture.share_width,
                "height": picture.share_height,
                "description": article.image_alt,
            }
        return data


def article_short_link(request, news_code):
    """/<lang>/news/<code>/: the short link; redirects to the canonical URL (under the
    visitor's language, where the translation or the not-yet-translated page is)."""
    article = get_object_or_404(Article.objects.published(), news_code=news_code)
    return redirect(article.get_url_in(get_language()), permanent=True)


@method_decorator(staff_member_required, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, DetailView):
    """Staff who may see articles in the admin see any one, draft or scheduled, as the
    public will; everyone else gets the 403 page. Not a redirect to the login: that
    would tell anyone the admin's address, which ADMIN_PATH may keep private."""

    model = Article
    raise_exception = True
    # Either, as in the admin, where the change permission includes viewing.
    permission_required = ("articles.view_article", "articles.change_article")

    def has_permission(self):
        return any(self.request.user.has_perm(perm) for perm in self.permission_required)

    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(preview=True, tags=list(self.object.tags.all()), related=[])
        context.update(article_pictures(self.object))
        return context


TOO_SLOW = _(
    "This search takes too long: its words are in almost every article. "
    "Add a less common word, or search without quotes."
)


class ArticleSearchView(ListView):
    """/<lang>/search/?q=…: bad input gets the form's message with a 400, never a 500.

    Neither edition is a dead end: the page says how many results the other edition has
    (one count) and, when nothing is found, offers a near spelling that finds something
    (articles.search.suggest); found in neither edition, it lists the other edition's
    newest untranslated news."""

    paginate_by = PAGE_SIZE
    template_name_suffix = "_search"

    def get(self, request, *args, **kwargs):
        self.form = search_form_class(get_language())(request.GET or None)
        self.query = None
        if self.form.is_bound and self.form.is_valid():
            self.query = self.form.cleaned_data["query"]
        response = super().get(request, *args, **kwargs)
        if self.form.is_bound and not self.form.is_valid():
            response.status_code = 400
        return response

    def filters(self) -> dict:
        data = self.form.cleaned_data
        return {
            "language": get_language(),
            "desk": data.get("service"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def get_queryset(self):
        if self.query is None or self.query.is_empty:
            return search.SearchResults([], total=0)
        try:
            return search.get_search_backend().search(
                self.query, order=self.form.cleaned_data["sort"], **self.filters()
            )
        except search.SearchTooSlow as stopped:
            if not self.query.lookup_phrases():
                # Not a phrase to check row by row: the database is slow or busy, and
                # the site's 503 page says so (exhibition.middleware).
                raise stopped.__cause__ from None
            logger.warning("search stopped after its time limit: %s", self.form.cleaned_data["q"])
            # The form's message and a 400 (get), as for any search it cannot run.
            self.form.add_error("q", TOO_SLOW)
            self.query = None
            return search.SearchResults([], total=0)

    def other_edition(self) -> dict | None:
        """The other edition's count for the same words (no filters: its link carries
        the words only), or None when it has nothing."""
        language = "en" if archive.uses_jalali(get_language()) else "fa"
        try:
            count = search.get_search_backend().count(self.query, language=language)
        except search.SearchTooSlow:
            return None
        if not count:
            return None
        with translation.override(language):
            url = reverse("articles:search")
        return {
            "language": language,
            "count": count,
            "capped": count > search.base.SEARCH_CANDIDATES,
            "url": f"{url}?{urlencode({'q': self.form.cleaned_data['q']})}",
        }

    def suggestion(self) -> dict | None:
        q = self.form.cleaned_data["q"]
        try:
            corrected = did_you_mean(search.get_search_backend(), q, self.query, **self.filters())
        except search.SearchTooSlow:
            return None
        if corrected is None:
            return None
        params = self.request.GET.copy()
        params.pop("page", None)
        params["q"] = corrected
        return {"q": corrected, "url": f"?{params.urlencode()}"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = context["object_list"]
        searched = self.query is not None and not self.query.is_empty
        if searched:
            for article in results:
                article.snippet = search.snippet(article, self.query)
                article.title_highlighted = search.highlight(article.title, self.query)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            query_string=params.urlencode(),
            form=self.form,
            query=self.query,
            shown_query=search.shown_query(self.form.data.get("q", "")),
            result_count=len(self.object_list),
            results_capped=self.object_list.capped,
            result_cap=f"{self.object_list.window:,}",
            by_date=searched and self.form.cleaned_data["sort"] == search.BY_DATE,
            other_edition=self.other_edition() if searched else None,
            suggestion=self.suggestion() if searched and not self.object_list else None,
        )
        if searched and not (self.object_list or context["other_edition"]):
            # Found in neither edition: the other edition's newest untranslated news, as
            # /news/ shows when this edition has none, so the page is no dead end.
            context["other_edition_news"] = untranslated_news(
                language=get_language(), count=NOTHING_FOUND_NEWS
            )
        return context


def archive_index(request):
    """Years and months that have news in this language, newest first, with counts."""
    language = get_language()
    months = caching.cached(
        "archive-months",
        language,
        compute=lambda: archive.months_with_articles(
            Article.objects.public(language),
            jalali=archive.uses_jalali(language),
        ),
    )
    return render(request, "articles/archive_index.html", {"years": archive.months_by_year(months)})
