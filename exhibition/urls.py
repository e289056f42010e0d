from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS as article_sitemaps
from booths.sitemaps import SITEMAPS as booth_sitemaps
from exhibition import views
from exhibition.pagecache import public_page
from exhibition.translation_status import TranslationStatusView

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before admin.site.urls, whose catch-all would otherwise answer it.
    path(
        "admin/translation-status/",
        admin.site.admin_view(TranslationStatusView.as_view(admin_site=admin.site)),
        name="translation_status",
    ),
    path("admin/", admin.site.urls),
    path("rosetta/", include("rosetta.urls")),
    path(
        "sitemap.xml",
        public_page(sitemap),
        {"sitemaps": {**article_sitemaps, **booth_sitemaps}},
        name="sitemap",
    ),
]

urlpatterns += i18n_patterns(
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("", include("articles.urls")),  # news/… and search/
    path("", include("booths.urls")),
    prefix_default_language=True,
)

handler400 = "exhibition.views.bad_request"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
