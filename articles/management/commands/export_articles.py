"""Write articles as JSON Lines (docs/import-format.md); import_articles reads it back."""

import json

from django.core.management.base import BaseCommand

from articles.exporters import article_record
from articles.models import Article


class Command(BaseCommand):
    help = "Export articles as JSON Lines, one article per line, ordered by news code."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--language", choices=["fa", "en"], help="only this language")

    def handle(self, *args, output, language, **options):
        articles = (
            Article.objects.select_related("desk", "paired")
            .prefetch_related("tags")
            .order_by("news_code")
        )
        if language:
            articles = articles.filter(language=language)
        lines = (json.dumps(article_record(a), ensure_ascii=False) + "\n" for a in articles)
        count = 0
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(line)
                    count += 1
            self.stderr.write(f"Exported {count} article(s) to {output}.")
        else:
            for line in lines:
                self.stdout.write(line, ending="")
