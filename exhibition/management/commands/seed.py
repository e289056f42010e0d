"""Load every fixture the site ships; running it again changes nothing."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the site's fixtures (idempotent: fixed primary keys, updated in place), then "
        "run the import commands apps declare for fixture folders (AppConfig.seed_imports), "
        "then their final steps (AppConfig.seed_finally)."
    )

    def handle(self, *args, **options):
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        for fixture in fixtures:
            call_command("loaddata", str(fixture), verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Seeded {len(fixtures)} fixture file(s)."))
        # Content that must pass through an app's own write path (e.g. text normalization,
        # which loaddata's raw save skips) is imported; the importers are idempotent.
        for app_config in apps.get_app_configs():
            for folder, command in sorted(getattr(app_config, "seed_imports", {}).items()):
                if (FIXTURES_DIR / folder).is_dir():
                    call_command(
                        command, str(FIXTURES_DIR / folder), "--no-progress",
                        verbosity=options["verbosity"],
                    )  # fmt: skip
        # Steps that need every fixture and import in place (AppConfig.seed_finally).
        for app_config in apps.get_app_configs():
            for command in getattr(app_config, "seed_finally", ()):
                call_command(command, verbosity=options["verbosity"])
