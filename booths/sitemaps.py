"""The exhibitor guide in the sitemap: every page in both languages, with hreflang
alternates (the pages are the same objects under /fa/ and /en/)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from booths.models import Exhibitor


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class GuidePagesSitemap(BilingualSitemap):
    """The directory, the districts, the floor plan and the sister cities."""

    changefreq = "daily"

    def items(self):
        return [
            "booths:exhibitor_list",
            "booths:district_list",
            "booths:floor_plan",
            "booths:sister_cities",
        ]

    def location(self, item):
        return reverse(item)


class ExhibitorSitemap(BilingualSitemap):
    """Each exhibitor's page; a district's page is its district address."""

    changefreq = "weekly"

    def items(self):
        return Exhibitor.objects.order_by("pk").only("pk", "slug", "kind", "district")


SITEMAPS = {"guide-pages": GuidePagesSitemap, "exhibitors": ExhibitorSitemap}
