from django.conf import settings
from django.urls import path

from articles import feeds, views
from exhibition import digits  # noqa: F401  (registers <number:…>)
from exhibition.pagecache import public_page

app_name = "articles"

# public_page: the anonymous answer may be cached (exhibition/pagecache.py). Not the most
# viewed list (its order is read live), the preview (staff) or the short link (a redirect).
# Mounted at the root of i18n_patterns (exhibition/urls.py), so the search page can sit at
# /<lang>/search/ inside the same "articles" namespace as the news pages.
urlpatterns = [
    path(
        "search/",
        public_page(views.ArticleSearchView.as_view(), ttl=settings.PAGE_CACHE_SEARCH_TTL),
        name="search",
    ),
    path("news/", public_page(views.NewsView.as_view()), name="list"),
    path("news/most-viewed/", views.MostViewedView.as_view(), name="most_viewed"),
    path("news/corrections/", public_page(views.CorrectionsView.as_view()), name="corrections"),
    path("news/archive/", public_page(views.archive_index), name="archive"),
    path(
        "news/archive/<number:year>/",
        public_page(views.ArticleYearArchiveView.as_view()),
        name="archive_year",
    ),
    path(
        "news/archive/<number:year>/<number:month>/",
        public_page(views.ArticleMonthArchiveView.as_view()),
        name="archive_month",
    ),
    path(
        "news/service/<str:slug>/",
        public_page(views.DeskArticleListView.as_view()),
        name="desk",
    ),
    path("news/service/<str:slug>/rss/", public_page(feeds.DeskRssFeed()), name="desk_rss"),
    path("news/service/<str:slug>/atom/", public_page(feeds.DeskAtomFeed()), name="desk_atom"),
    path("news/tag/<str:slug>/", public_page(views.TagArticleListView.as_view()), name="tag"),
    path("news/rss/", public_page(feeds.LatestRssFeed()), name="rss"),
    path("news/atom/", public_page(feeds.LatestAtomFeed()), name="atom"),
    path("news/preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("news/<number:news_code>/", views.article_short_link, name="short"),
    path(
        "news/<number:news_code>/<str:slug>/",
        public_page(views.ArticleDetailView.as_view()),
        name="detail",
    ),
]
