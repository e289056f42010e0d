import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from articles.sitemaps import SITEMAPS as article_sitemaps
from booths.sitemaps import SITEMAPS as booth_sitemaps
from exhibition import media, translators, views
from exhibition.pagecache import public_page
from exhibition.translation_status import TranslationStatusView
from programme.sitemaps import SITEMAPS as programme_sitemaps

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # At the root, so that the service worker's scope is the whole site (both languages).
    path("sw.js", views.service_worker, name="service_worker"),
    # Before admin.site.urls, whose catch-all would otherwise answer it.
    path(
        f"{settings.ADMIN_PATH}translation-status/",
        admin.site.admin_view(TranslationStatusView.as_view(admin_site=admin.site)),
        name="translation_status",
    ),
    # ADMIN_PATH (environment): an address of its own keeps the login out of scanners' way.
    path(settings.ADMIN_PATH, admin.site.urls),
    # Before rosetta.urls: the same addresses, with the project's checks.
    re_path(r"^rosetta/files/(?!project/)[\w-]+/", translators.packages_catalogs),
    re_path(
        r"^rosetta/files/(?P<po_filter>[\w-]+)/(?P<lang_id>[\w\-_\.@]+)/(?P<idx>\d+)/$",
        translators.CheckedTranslationFormView.as_view(),
        name="rosetta-form",
    ),
    path("rosetta/", include("rosetta.urls")),
    path(
        "sitemap.xml",
        public_page(sitemap),
        {"sitemaps": {**article_sitemaps, **booth_sitemaps, **programme_sitemaps}},
        name="sitemap",
    ),
]

urlpatterns += i18n_patterns(
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("manifest.webmanifest", public_page(views.web_manifest), name="web_manifest"),
    path("offline/", public_page(views.OfflineView.as_view()), name="offline"),
    path("", include("articles.urls")),  # news/… and search/
    path("", include("booths.urls")),
    path("", include("programme.urls")),
    prefix_default_language=True,
)

handler400 = "exhibition.views.bad_request"
handler500 = "exhibition.views.server_error"
handler403 = "exhibition.views.permission_denied"

if not settings.MEDIA_URL.startswith(("http://", "https://", "//")):
    # Media on this machine's disk (an object store's absolute MEDIA_URL serves itself).
    prefix = re.escape(settings.MEDIA_URL.strip("/"))
    urlpatterns.append(re_path(rf"^{prefix}/(?P<path>.+)$", media.serve_media, name="media"))
