"""The programme in the sitemap, in both languages (booths' BilingualSitemap)."""

from django.urls import reverse

from booths.sitemaps import BilingualSitemap
from programme.models import Session


class ProgrammePagesSitemap(BilingualSitemap):
    changefreq = "daily"

    def items(self):
        return ["programme:programme", "programme:visit"]

    def location(self, item):
        return reverse(item)


class SessionSitemap(BilingualSitemap):
    changefreq = "daily"

    def items(self):
        return Session.objects.order_by("pk").only("pk", "slug")


SITEMAPS = {"programme-pages": ProgrammePagesSitemap, "sessions": SessionSitemap}
