"""Public news pages. Thin: reads go through ArticleQuerySet, writes through services,
search through articles.search. Nothing here may import hazm."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, MonthArchiveView, YearArchiveView

from articles import search, services
from articles.forms import SearchForm
from articles.models import Article, Service, Tag

PAGE_SIZE = 20
RELATED_COUNT = 5


def public_articles():
    return Article.objects.published().in_language(get_language()).for_listing()


class ArticleListView(ListView):
    paginate_by = PAGE_SIZE
    heading = _("News")

    def get_queryset(self):
        return public_articles()

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class MostViewedView(ArticleListView):
    heading = _("Most viewed")

    def get_queryset(self):
        return public_articles().order_by("-view_count", "-published_at", "-news_code")


class ServiceArticleListView(ArticleListView):
    def get_queryset(self):
        self.service = get_object_or_404(Service, slug=self.kwargs["slug"])
        return public_articles().filter(service=self.service)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading=self.service.name, service=self.service)
        return context


class TagArticleListView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return public_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading=self.tag.name, tag=self.tag)
        return context


class ArchiveMixin:
    date_field = "published_at"
    paginate_by = PAGE_SIZE
    allow_empty = True
    make_object_list = True
    month_format = "%m"

    def get_queryset(self):
        return public_articles()


class ArticleYearArchiveView(ArchiveMixin, YearArchiveView):
    pass


class ArticleMonthArchiveView(ArchiveMixin, MonthArchiveView):
    pass


class ArticleDetailView(DetailView):
    """The article at its canonical URL; other URLs for it redirect there."""

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("service", "paired")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), news_code=self.kwargs["news_code"])

    def get(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        if article.language != get_language():
            paired = article.paired
            if paired is not None and paired.is_public and paired.language == get_language():
                return redirect(paired.get_absolute_url(), permanent=True)
            return render(
                request, "articles/article_unavailable.html", {"article": article}, status=404
            )
        if self.kwargs.get("slug") != article.slug:
            return redirect(article.get_absolute_url(), permanent=True)
        services.article_record_view(article=article)
        return self.render_to_response(self.get_context_data(object=article))

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
        context["json_ld"] = self.json_ld(article, context["tags"])
        if article.paired is not None and article.paired.is_public:
            context["translations"] = {
                article.language: article.get_absolute_url(),
                article.paired.language: article.paired.get_absolute_url(),
            }
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
            "keywords": [tag.name for tag in tags],
        }
        if article.service is not None:
            data["articleSection"] = article.service.name
        if article.reporter:
            data["author"] = {"@type": "Person", "name": article.reporter}
        if article.source_agency:
            data["publisher"] = {"@type": "Organization", "name": article.source_agency}
        if article.image:
            data["image"] = build(article.image.url)
        return data


def article_short_link(request, news_code):
    """/<lang>/news/<code>/: the short link; redirects to the canonical URL."""
    article = get_object_or_404(Article.objects.published(), news_code=news_code)
    return redirect(article.get_absolute_url(), permanent=True)


@method_decorator(staff_member_required, name="dispatch")
class ArticlePreviewView(DetailView):
    """Staff see any article, draft or scheduled, as the public will."""

    model = Article
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(preview=True, tags=list(self.object.tags.all()), related=[])
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
        self.match_count = 0
        if self.query is None or self.query.is_empty:
            return Article.objects.none()
        data = self.form.cleaned_data
        filters = {
            "language": get_language(),
            "service": data.get("service"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        self.match_count = search.count_matches(self.query, **filters)
        return search.search_articles(self.query, **filters).select_related("service")

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # Pages cover the ranked candidates; their number is known without a second count.
        paginator.count = min(self.match_count, search.SEARCH_CANDIDATES)
        return paginator

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
            result_count=min(self.match_count, search.SEARCH_CANDIDATES),
            results_capped=self.match_count > search.SEARCH_CANDIDATES,
            result_cap=f"{search.SEARCH_CANDIDATES:,}",
        )
        return context


def archive_index(request):
    """Months that have news, newest first."""
    months = public_articles().dates("published_at", "month", order="DESC")
    return render(request, "articles/archive_index.html", {"months": months})
