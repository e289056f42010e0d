"""Remove every halls/stands/exhibitors/achievements/interests row marked as demo content, and
other apps' demo content (an AppConfig's ``demo_content``: dotted paths of its counts and
delete functions, so booths need not import those apps)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from booths.services import demo_content_counts, demo_content_delete


def _other_apps():
    """(counts, delete) of each app that declares demo content of its own."""
    for config in apps.get_app_configs():
        if getattr(config, "demo_content", None):
            yield tuple(import_string(path) for path in config.demo_content)


def all_demo_counts() -> dict[str, int]:
    counts = {}
    for app_counts, _delete in _other_apps():
        counts.update(app_counts())
    return {**counts, **demo_content_counts()}


@transaction.atomic
def all_demo_delete() -> dict[str, int]:
    deleted = {}
    for _counts, app_delete in _other_apps():  # first: they may point at booths' rows
        deleted.update(app_delete())
    return {**deleted, **demo_content_delete()}


class Command(BaseCommand):
    help = (
        "Delete all demo content of the exhibitor guide (halls, stands, exhibitors, "
        "achievements and sister cities' interests marked as demo) and of other apps (the "
        "programme's sessions and speakers). Asks for confirmation unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes", action="store_true", help="Delete without asking for confirmation."
        )

    def handle(self, *args, yes=False, **options):
        counts = all_demo_counts()
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
        deleted = all_demo_delete()
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))
