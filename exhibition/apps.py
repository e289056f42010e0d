from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionConfig(AppConfig):
    name = "exhibition"
    verbose_name = _("Exhibition site")
    # Kept for use offline before a visitor opens them (exhibition/offline.py).
    offline_pages = (("home", _("Home")),)
