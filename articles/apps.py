from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News")
    # `manage.py seed` runs these: fixtures/<folder>/ through the named import command.
    seed_imports = {"news": "import_articles"}
