from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News")
    # `manage.py seed` runs these: fixtures/<folder>/ through the named import command.
    seed_imports = {"news": "import_articles"}

    def ready(self):
        from articles.models import ArticleDailyViews
        from articles.visits import count_article_view
        from exhibition import pagecache

        # Every model here is shown on public pages (the news code counter only moves
        # when an article is created, which starts a new generation anyway). Not the
        # daily view counts: like view_count they reach the pages within a TTL, and a
        # day's first view of each article must not empty the whole page cache.
        pagecache.watch(*(m for m in self.get_models() if m is not ArticleDailyViews))
        pagecache.register_scheduled_change(_next_scheduled_publication)
        pagecache.register_view_counter(count_article_view)


def _next_scheduled_publication():
    from django.db.models import Min
    from django.utils import timezone

    from articles.models import Article, Status

    return Article.objects.filter(
        status=Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(first=Min("published_at"))["first"]
