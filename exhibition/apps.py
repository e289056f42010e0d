from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionConfig(AppConfig):
    # The app's own config: this module also holds LoginProtectionConfig (and imports
    # axes' config), and Django picks none of several without it.
    default = True
    name = "exhibition"
    verbose_name = _("Exhibition site")
    # Kept for use offline before a visitor opens them (exhibition/offline.py).
    offline_pages = (("home", _("Home")),)

    def ready(self):
        from django.contrib import admin

        # The admin says whose it is, in the admin's language (not «Django administration»).
        admin.site.site_header = _("Sister Cities Exhibition: administration")
        admin.site.site_title = _("Sister Cities Exhibition admin")
        admin.site.index_title = _("News, exhibitors and programme")


class LoginProtectionConfig(AxesAppConfig):
    """django-axes, named in the admin's language (its own name, «Axes», is in no
    catalog)."""

    verbose_name = _("Login protection")
