from django.core.management.base import BaseCommand

from booths.services import mentions_recompute_all


class Command(BaseCommand):
    help = (
        "Find the exhibitors every article names (in batches); staff-added and hidden "
        "mentions are kept as they are."
    )

    def handle(self, *args, **options):
        created, deleted = mentions_recompute_all()
        self.stdout.write(self.style.SUCCESS(f"Mentions: {created} added, {deleted} removed."))
