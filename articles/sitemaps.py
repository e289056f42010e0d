from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article
from articles.selectors import article_counterpart


class NewsPagesSitemap(Sitemap):
    """The list pages, in both languages with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "hourly"

    def items(self):
        return ["articles:list", "articles:most_viewed", "articles:archive"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    """Each article under its own language's prefix (an article exists in one language;
    its translation is a separate, paired article, listed as its alternate)."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .select_related("paired", "paired_from")
            .order_by("news_code")
        )

    def get_urls(self, *args, **kwargs):
        # A paired article and its translation name each other as hreflang alternates.
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            article, location = url["item"], url["location"]
            counterpart = article_counterpart(article, public=True)
            if counterpart is None:
                continue
            base = location.removesuffix(article.get_absolute_url())
            pages = {article.language: location}
            pages[counterpart.language] = base + counterpart.get_absolute_url()
            url["alternates"] = [
                {"lang_code": code, "location": pages[code]} for code in sorted(pages)
            ] + [{"lang_code": "x-default", "location": pages.get(settings.LANGUAGE_CODE)}]
        return urls

    def lastmod(self, article):
        return article.updated_at

    def location(self, article):
        return article.get_absolute_url()


SITEMAPS = {"news-pages": NewsPagesSitemap, "articles": ArticleSitemap}
