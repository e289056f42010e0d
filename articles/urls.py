from django.urls import path

from articles import feeds, views
from exhibition import digits  # noqa: F401  (registers <number:…>)

app_name = "articles"

# Mounted at the root of i18n_patterns (exhibition/urls.py), so the search page can sit at
# /<lang>/search/ inside the same "articles" namespace as the news pages.
urlpatterns = [
    path("search/", views.ArticleSearchView.as_view(), name="search"),
    path("news/", views.NewsView.as_view(), name="list"),
    path("news/most-viewed/", views.MostViewedView.as_view(), name="most_viewed"),
    path("news/archive/", views.archive_index, name="archive"),
    path(
        "news/archive/<number:year>/", views.ArticleYearArchiveView.as_view(), name="archive_year"
    ),
    path(
        "news/archive/<number:year>/<number:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive_month",
    ),
    path("news/service/<str:slug>/", views.ServiceArticleListView.as_view(), name="service"),
    path("news/service/<str:slug>/rss/", feeds.ServiceRssFeed(), name="service_rss"),
    path("news/service/<str:slug>/atom/", feeds.ServiceAtomFeed(), name="service_atom"),
    path("news/tag/<str:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("news/rss/", feeds.LatestRssFeed(), name="rss"),
    path("news/atom/", feeds.LatestAtomFeed(), name="atom"),
    path("news/preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("news/<number:news_code>/", views.article_short_link, name="short"),
    path("news/<number:news_code>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
