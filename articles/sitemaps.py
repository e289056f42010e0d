from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article


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
    its translation is a separate, paired article)."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().order_by("news_code")

    def lastmod(self, article):
        return article.updated_at

    def location(self, article):
        return article.get_absolute_url()


SITEMAPS = {"news-pages": NewsPagesSitemap, "articles": ArticleSitemap}
