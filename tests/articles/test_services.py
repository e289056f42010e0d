from datetime import date
from unittest import mock

from django.db.models import QuerySet
from django.test import TestCase

from articles import services
from articles.models import Article, ArticleDailyViews
from tests.articles.factories import ArticleFactory

DAY = date(2026, 12, 5)


def on(day):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


class RecordViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory()

    def daily(self):
        return dict(self.article.daily_views.values_list("date", "views"))

    def test_a_view_counts_in_the_total_and_in_its_day(self):
        with on(DAY):
            services.article_record_view(article=self.article)
            services.article_record_view(article=self.article)
        with on(date(2026, 12, 6)):
            services.article_record_view(article_pk=self.article.pk)
        self.article.refresh_from_db()
        self.assertEqual(self.article.view_count, 3)
        self.assertEqual(self.daily(), {DAY: 2, date(2026, 12, 6): 1})

    def test_the_loser_of_a_race_for_the_days_first_row_adds_to_it(self):
        # Our UPDATE found no row for the day; another reader's INSERT committed before
        # ours, which then conflicts: the view is still counted.
        ArticleDailyViews.objects.create(article=self.article, date=DAY, views=1)
        real_update = QuerySet.update
        missed = []

        def update(queryset, **fields):
            if queryset.model is ArticleDailyViews and not missed:
                missed.append(True)
                return 0
            return real_update(queryset, **fields)

        with on(DAY), mock.patch.object(QuerySet, "update", update):
            services.article_record_view(article=self.article)
        self.assertEqual(missed, [True])
        self.assertEqual(self.daily(), {DAY: 2})

    def test_a_deleted_article_gets_no_count(self):
        pk = self.article.pk
        Article.objects.filter(pk=pk).delete()
        services.article_record_view(article_pk=pk)
        self.assertFalse(ArticleDailyViews.objects.filter(article_id=pk).exists())

    def test_str_names_article_day_and_count(self):
        with on(DAY):
            services.article_record_view(article=self.article)
        self.assertEqual(
            str(self.article.daily_views.get()), f"{self.article.title} — 2026-12-05: 1"
        )
