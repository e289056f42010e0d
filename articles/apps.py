from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News")
    # `manage.py seed` runs these: fixtures/<folder>/ through the named import command.
    seed_imports = {"news": "import_articles"}

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.caching import articles_changed
        from articles.models import Article

        for signal in (post_save, post_delete):
            signal.connect(articles_changed, sender=Article, dispatch_uid=f"articles_{signal}")
