"""Replace the database and the media folder with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exhibition.backup import BackupError, backup_read_manifest, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup`: the database (pg_restore --clean "
        "--if-exists, or SQLite's backup API) and the media folder are replaced, the cache "
        "emptied. Asks for confirmation unless --yes is given. Run `migrate` afterwards "
        "if the archive is older than the code."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Restore without asking for confirmation."
        )

    def handle(self, *args, archive, yes=False, **options):
        try:
            manifest = backup_read_manifest(archive)
            self.stdout.write(
                f"{archive}: {manifest.engine} database and {manifest.media_files} media "
                f"file(s), made {manifest.created}."
            )
            if not yes:
                try:
                    answer = input("Type 'yes' to replace this site's data with it: ")
                except EOFError:
                    answer = ""
                if answer.strip().lower() != "yes":
                    self.stdout.write("Cancelled; nothing was changed.")
                    return
            backup_restore(archive_path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {archive}."))
