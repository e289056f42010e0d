"""Create the site's shipped content where it is missing; never overwrite a stored row.

``loaddata`` would write every fixture object over the row with its primary key, undoing
what staff changed since. Here each object is deserialized and saved only when its row
does not exist (a deleted one comes back); a row that exists and differs from the fixture
is kept as it is and reported.
"""

from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import translation

from exhibition import display

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# What makes a database "in use" for --if-empty.
CONTENT_MODELS = ("booths.Exhibitor", "articles.Article")
NAMES_SHOWN = 5  # per model in the "kept" line; the rest are counted


def _stored_row(model, pk, fields, using):
    """The row's own column values, or None when there is no such row. Read from the
    base manager: modeltranslation rewrites ``name`` to the active language's column on
    the default one."""
    manager = model._base_manager.db_manager(using)
    attnames = [field.attname for field in fields]
    row = manager.filter(pk=pk).values_list(*attnames).first()
    return None if row is None else dict(zip(attnames, row, strict=True))


def _record_first_revision(obj) -> None:
    """django-simple-history records no revision for a raw save: a seeded row of a model
    with history gets its first one here (in the default database, as the seed's are)."""
    manager_name = getattr(obj._meta, "simple_history_manager_attribute", None)
    if manager_name:
        getattr(type(obj), manager_name).bulk_history_create([obj])


def _differs(deserialized, stored: dict, using) -> bool:
    """Whether the stored row (and its many-to-many links) differ from the fixture."""
    obj = deserialized.object
    fields = {field.attname: field for field in obj._meta.concrete_fields}
    for attname, value in stored.items():
        field = fields[attname]
        if field.to_python(value) != field.to_python(obj.__dict__.get(attname)):
            return True
    if deserialized.m2m_data:
        row = type(obj)._base_manager.db_manager(using).get(pk=obj.pk)
        for name, pks in deserialized.m2m_data.items():
            linked = getattr(row, name).values_list("pk", flat=True)
            if {str(pk) for pk in linked} != {str(pk) for pk in pks}:
                return True
    return False


def _missing_target(obj, using) -> str:
    """What the object's foreign keys point at that is not stored, if anything."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.is_relation and value is not None:
            target = field.related_model._base_manager.db_manager(using)
            if not target.filter(**{field.target_field.attname: value}).exists():
                with translation.override("en"):
                    return f"its {field.verbose_name} #{value} is missing"
    return ""


def _model_name(model, count: int) -> str:
    with translation.override("en"):  # the rest of the command's output is English
        return str(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural)


def _label(model, pk, using) -> str:
    obj = model._base_manager.db_manager(using).filter(pk=pk).first()
    # The command's output is English: English quotation marks (display.quoted).
    return display.quoted(obj, language="en") if obj is not None else f"#{pk}"


class Command(BaseCommand):
    help = (
        "Create the site's fixture content that is missing (a deleted row comes back) "
        "without overwriting any stored row: rows staff edited are kept and listed. Then "
        "run the import commands apps declare for fixture folders (AppConfig.seed_imports; "
        "they keep staff edits too), then their final steps (AppConfig.seed_finally)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="seed only a database with no exhibitors and no articles (what `make run` "
            "does, so a restart never touches a site in use)",
        )

    def handle(self, *args, if_empty=False, **options):
        verbosity = options["verbosity"]
        using = options.get("database") or DEFAULT_DB_ALIAS
        if if_empty and any(
            apps.get_model(label)._base_manager.using(using).exists() for label in CONTENT_MODELS
        ):
            self.stdout.write(
                "The database already has content (exhibitors or articles): not seeded. "
                "Run `manage.py seed` to add what is missing without overwriting edits."
            )
            return
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        created: dict[type, int] = defaultdict(int)
        kept: dict[type, list] = defaultdict(list)
        refused: list[str] = []
        touched_models = set()
        with transaction.atomic(using=using):
            for fixture in fixtures:
                with fixture.open(encoding="utf-8") as stream:
                    for deserialized in serializers.deserialize(
                        "json", stream, using=using, ignorenonexistent=True
                    ):
                        self.seed_object(deserialized, using, created, kept, refused)
                        touched_models.add(type(deserialized.object))
            self.reset_sequences(touched_models, using)
        self.say_what_happened(len(fixtures), created, kept, refused, using, verbosity)
        # Content that must pass through an app's own write path (e.g. text normalization,
        # which a raw save skips) is imported; the importers keep staff edits.
        for app_config in apps.get_app_configs():
            for folder, command in sorted(getattr(app_config, "seed_imports", {}).items()):
                if (FIXTURES_DIR / folder).is_dir():
                    call_command(
                        command,
                        str(FIXTURES_DIR / folder),
                        "--no-progress",
                        verbosity=verbosity,
                        stdout=self.stdout,
                        stderr=self.stderr,
                    )
        # Steps that need every fixture and import in place (AppConfig.seed_finally).
        for app_config in apps.get_app_configs():
            for command in getattr(app_config, "seed_finally", ()):
                call_command(command, verbosity=verbosity, stdout=self.stdout)

    def seed_object(self, deserialized, using, created, kept, refused):
        obj = deserialized.object
        model = type(obj)
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        stored = _stored_row(model, obj.pk, fields, using)
        if stored is None:
            missing = _missing_target(obj, using)
            if missing:
                # Its parent was not created (see below) or was deleted meanwhile: a raw
                # save would store a dangling key.
                refused.append(f"{_model_name(model, 1)} #{obj.pk} ({obj}): {missing}")
                return
            try:
                with transaction.atomic(using=using):  # a savepoint: one refusal, not all
                    deserialized.save(using=using)
                    _record_first_revision(obj)
            except IntegrityError as exc:
                # E.g. staff made a row with the seeded slug under another key.
                refused.append(
                    f"{_model_name(model, 1)} #{obj.pk} ({obj}): the database refused it "
                    f"({str(exc).strip().splitlines()[0]})"
                )
                return
            created[model] += 1
        elif _differs(deserialized, stored, using):
            kept[model].append(obj.pk)

    def reset_sequences(self, models, using):
        """Rows were written with their own keys: move PostgreSQL's sequences past them
        (as loaddata does), or the next row staff add would collide."""
        connection = connections[using]
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    def say_what_happened(self, fixture_count, created, kept, refused, using, verbosity):
        made = ", ".join(
            f"{count} {_model_name(model, count)}"
            for model, count in sorted(created.items(), key=lambda item: _model_name(item[0], 2))
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {fixture_count} fixture file(s): "
                + (f"created {made}." if made else "nothing missing.")
            )
        )
        for model, pks in kept.items():
            labels = [_label(model, pk, using) for pk in pks[:NAMES_SHOWN]]
            if len(pks) > NAMES_SHOWN:
                labels.append(f"and {len(pks) - NAMES_SHOWN} more")
            name = _model_name(model, len(pks))
            self.stdout.write(
                self.style.WARNING(f"kept {len(pks)} {name} edited by staff: {', '.join(labels)}")
            )
        for label in refused:
            self.stderr.write(self.style.WARNING(f"not created: {label}"))
