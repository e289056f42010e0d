from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoothsConfig(AppConfig):
    name = "booths"
    verbose_name = _("Exhibitors")
    # `manage.py seed` runs these after fixtures and imports: loaddata skips save(),
    # so mentions are found once both the exhibitors and the articles exist.
    seed_finally = ("recompute_mentions",)
    # Kept for use offline before a visitor opens them (exhibition/offline.py).
    offline_pages = (
        ("booths:exhibitor_list", _("Exhibitors")),
        ("booths:floor_plan", _("Floor plan")),
    )

    def ready(self):
        # A signal, not a call from articles: articles must not depend on booths
        # (booths already depends on articles through Mention.article).
        from articles.signals import article_text_saved, articles_created

        article_text_saved.connect(_recompute_article_mentions, dispatch_uid="booths_mentions")
        articles_created.connect(_find_new_articles_mentions, dispatch_uid="booths_mentions")
        # Articles' saves match the exhibitors' names through an index each process
        # keeps; a saved or deleted exhibitor renews it everywhere (booths.services).
        from django.db.models.signals import post_delete, post_save

        from booths.models import Exhibitor
        from booths.services import exhibitor_names_changed

        post_save.connect(exhibitor_names_changed, sender=Exhibitor, dispatch_uid="booths_names")
        post_delete.connect(exhibitor_names_changed, sender=Exhibitor, dispatch_uid="booths_names")

        # The article page shows the exhibitors a story names through the news app's
        # extension point: articles' templates name no other app.
        from articles.page_sections import add_article_section

        add_article_section("booths/includes/article_section.html")

        from articles.admin import ArticleAdmin
        from booths.admin import ArticleMentionInline

        ArticleAdmin.add_inline(ArticleMentionInline)

        from exhibition import pagecache

        pagecache.watch(*self.get_models())


def _recompute_article_mentions(sender, article, created=False, **kwargs):
    from booths.services import mentions_recompute

    mentions_recompute(article=article, created=created)


def _find_new_articles_mentions(sender, articles, **kwargs):
    from booths.services import mentions_find_in_new

    mentions_find_in_new(articles=articles)
