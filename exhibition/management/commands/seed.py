"""Load every fixture the site ships; running it again changes nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the site's fixtures (idempotent: fixed primary keys, updated in place)."

    def handle(self, *args, **options):
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        for fixture in fixtures:
            call_command("loaddata", str(fixture), verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Seeded {len(fixtures)} fixture file(s)."))
