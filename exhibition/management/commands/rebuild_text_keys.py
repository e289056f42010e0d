from django.core.management.base import BaseCommand, CommandError

from exhibition.text_keys import BATCH_SIZE, text_keys_rebuild


class Command(BaseCommand):
    help = (
        "Recompute every stored key the Persian text pipeline makes (articles' and "
        "exhibitors' search documents, exhibitors' sort keys, then the automatic news "
        "mentions), in batches, writing only what changed; run it after a change to "
        "exhibition/persian/. A second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Rows read and written at once."
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = text_keys_rebuild(batch_size=batch_size)
        for label, rebuilt in (("Articles", report.articles), ("Exhibitors", report.exhibitors)):
            self.stdout.write(f"{label}: {rebuilt.checked} checked, {rebuilt.changed} rebuilt.")
        self.stdout.write(
            f"Mentions: {report.mentions_created} added, {report.mentions_deleted} removed."
        )
        changed = report.articles.changed + report.exhibitors.changed
        changed += report.mentions_created + report.mentions_deleted
        message = "Every stored text key is up to date." if changed == 0 else "Done."
        self.stdout.write(self.style.SUCCESS(message))
