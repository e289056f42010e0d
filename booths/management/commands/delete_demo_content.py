"""Remove every halls/stands/exhibitors/achievements row marked as demo content."""

from django.core.management.base import BaseCommand

from booths.services import demo_content_counts, demo_content_delete


class Command(BaseCommand):
    help = (
        "Delete all demo content of the exhibitor guide (halls, stands, exhibitors and "
        "achievements marked as demo). Asks for confirmation unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes", action="store_true", help="Delete without asking for confirmation."
        )

    def handle(self, *args, yes=False, **options):
        counts = demo_content_counts()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        if not any(counts.values()):
            self.stdout.write("There is no demo content; nothing was changed.")
            return
        self.stdout.write(f"Demo content: {summary}.")
        if not yes:
            try:
                answer = input("Type 'yes' to delete all of it: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                self.stdout.write("Cancelled; nothing was changed.")
                return
        deleted = demo_content_delete()
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))
