"""Public news pages. Thin: reads go through ArticleQuerySet, writes through services,
search through articles.search. Nothing here may import hazm."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from articles import archive, caching, search
from articles.forms import SearchForm
from articles.models import Article, Service, Tag
from exhibition.templatetags.site import own_language

PAGE_SIZE = 20
RELATED_COUNT = 5
MOST_VIEWED_COUNT = 100


def public_articles():
    return Article.objects.published().in_language(get_language()).for_listing()


def untranslated_news(count: int) -> list[Article]:
    """The newest published articles of the other edition that have no version in the
    active language yet (a visitor reading English still learns what happened)."""
    return list(
        Article.objects.published()
        .without_public_translation(get_language())
        .select_related("service")[:count]
    )


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
            "count", type(self).__name__, get_language(), *sorted(self.kwargs.items()),
            compute=queryset.count,
        )  # fmt: skip
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class NewsView(ArticleListView):
    """/news/: when this edition has nothing yet, the other edition's news instead."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["object_list"]:
            context["other_edition_news"] = untranslated_news(PAGE_SIZE)
        return context


class MostViewedView(ArticleListView):
    """The MOST_VIEWED_COUNT most viewed articles. Which ones is remembered for a minute
    (finding them sorts the whole archive); their order is read live."""

    heading = _("Most viewed")

    def get_queryset(self):
        top = caching.cached(
            "most-viewed", get_language(),
            compute=lambda: list(
                public_articles().most_viewed().values_list("pk", flat=True)[:MOST_VIEWED_COUNT]
            ),
        )  # fmt: skip
        return public_articles().filter(pk__in=top).most_viewed()


class CorrectionsView(ArticleListView):
    """Public articles that carry a correction, the latest correction first."""

    heading = _("Corrections")
    template_name = "articles/corrections.html"

    def get_queryset(self):
        return public_articles().corrected()


class ServiceArticleListView(ArticleListView):
    def get_queryset(self):
        self.service = get_object_or_404(Service, slug=self.kwargs["slug"])
        return public_articles().matching_with_pair(service=self.service)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading=self.service.name, service=self.service)
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
            "year-months", get_language(), self.period.year, self.period.jalali,
            compute=lambda: archive.months_with_articles(
                self.object_list, jalali=self.period.jalali
            ),
        )  # fmt: skip
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


class ArticleDetailView(DetailView):
    """The article at its canonical URL; other URLs for it redirect there."""

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("service", "paired", "paired_from")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), news_code=self.kwargs["news_code"])

    def get(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        language = get_language()
        if article.language != language:
            counterpart = article.counterpart
            if (
                counterpart is not None
                and counterpart.is_public
                and counterpart.language == language
            ):
                return redirect(counterpart.get_absolute_url(), permanent=True)
            if self.kwargs.get("slug") != article.slug:
                return redirect(article.get_url_in(language), permanent=True)
            # Not a dead end: say so, and link the original and its section.
            return render(
                request,
                "articles/article_unavailable.html",
                {
                    "article": article,
                    "mentioned_exhibitors": mentioned_exhibitors(article),
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
        related = (
            Article.objects.published()
            .in_language(article.language)
            .exclude(pk=article.pk)
            .select_related("service")
        )
        if article.service_id:
            related = related.filter(service_id=article.service_id)
        context["related"] = list(related[:RELATED_COUNT])
        context["tags"] = list(article.tags.all())
        context["mentioned_exhibitors"] = mentioned_exhibitors(article)
        context["json_ld"] = self.json_ld(article, context["tags"])
        # Only languages the story exists in are alternates; the switcher still offers
        # the others (where the visitor reads that it is not translated yet).
        context["translations"] = {article.language: article.get_absolute_url()}
        counterpart = article.counterpart
        if counterpart is not None and counterpart.is_public:
            context["translations"][counterpart.language] = counterpart.get_absolute_url()
        return context

    def json_ld(self, article, tags):
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
        if article.service is not None and (section := own_language(article.service, "name")):
            data["articleSection"] = section
        if article.reporter:
            data["author"] = {"@type": "Person", "name": article.reporter}
        if article.source_agency:
            data["publisher"] = {"@type": "Organization", "name": article.source_agency}
        if article.image:
            data["image"] = build(article.image.url)
        return data


def mentioned_exhibitors(article):
    """The exhibitors the article names (not hidden ones), alphabetical, in one query.

    Through the reverse relation the booths app adds (``Mention.article``), so this
    module imports nothing from booths.
    """
    name_sort = "name_sort_en" if article.language == "en" else "name_sort_fa"
    mentions = (
        article.exhibitor_mentions.filter(is_hidden=False)
        .select_related("exhibitor")
        .order_by(f"exhibitor__{name_sort}", "exhibitor__pk")
    )
    return [mention.exhibitor for mention in mentions]


def article_short_link(request, news_code):
    """/<lang>/news/<code>/: the short link; redirects to the canonical URL (under the
    visitor's language, where the translation or the not-yet-translated page is)."""
    article = get_object_or_404(Article.objects.published(), news_code=news_code)
    return redirect(article.get_url_in(get_language()), permanent=True)


@method_decorator(staff_member_required, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, DetailView):
    """Staff who may see articles in the admin see any one, draft or scheduled, as the
    public will; other staff get the 403 page (anonymous visitors the login)."""

    model = Article
    # Either, as in the admin, where the change permission includes viewing.
    permission_required = ("articles.view_article", "articles.change_article")

    def has_permission(self):
        return any(self.request.user.has_perm(perm) for perm in self.permission_required)

    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            preview=True,
            tags=list(self.object.tags.all()),
            related=[],
            mentioned_exhibitors=mentioned_exhibitors(self.object),
        )
        return context


class ArticleSearchView(ListView):
    """/<lang>/search/?q=…: bad input gets the form's message with a 400, never a 500."""

    paginate_by = PAGE_SIZE
    template_name_suffix = "_search"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None)
        self.query = None
        if self.form.is_bound and self.form.is_valid():
            self.query = self.form.cleaned_data["query"]
        response = super().get(request, *args, **kwargs)
        if self.form.is_bound and not self.form.is_valid():
            response.status_code = 400
        return response

    def get_queryset(self):
        if self.query is None or self.query.is_empty:
            return search.SearchResults([], total=0)
        data = self.form.cleaned_data
        return search.get_search_backend().search(
            self.query,
            language=get_language(),
            service=data.get("service"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = context["object_list"]
        if self.query is not None:
            for article in results:
                article.snippet = search.snippet(article, self.query)
                article.title_highlighted = search.highlight(article.title, self.query)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            query_string=params.urlencode(),
            form=self.form,
            query=self.query,
            result_count=len(self.object_list),
            results_capped=self.object_list.capped,
            result_cap=f"{self.object_list.window:,}",
        )
        return context


def archive_index(request):
    """Years and months that have news in this language, newest first, with counts."""
    language = get_language()
    months = caching.cached(
        "archive-months", language,
        compute=lambda: archive.months_with_articles(
            Article.objects.published().in_language(language),
            jalali=archive.uses_jalali(language),
        ),
    )  # fmt: skip
    return render(request, "articles/archive_index.html", {"years": archive.months_by_year(months)})
