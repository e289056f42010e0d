"""Back up the database and the media folder into one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exhibition.backup import BackupError, backup_create, default_directory


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump, or SQLite's online backup) and the media folder into "
        "one timestamped .tar.gz under var/backups/ (or --directory). Safe while serving."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help=f"where to write the archive (default {default_directory()})",
        )

    def handle(self, *args, directory=None, **options):
        try:
            archive = backup_create(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size_mb = archive.stat().st_size / 1e6
        self.stdout.write(self.style.SUCCESS(f"Backed up to {archive} ({size_mb:.1f} MB)."))
