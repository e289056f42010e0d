"""Those who write the news also write its gallery: reporters, editors and translators
get the article images' permissions (without them the admin hides the gallery from
them). Site admins get every model's again, now that the gallery and the sister cities'
interests exist whatever order the apps migrate in. Idempotent, and it only adds."""

from importlib import import_module

from django.db import migrations

staff_groups = import_module("exhibition.migrations.0001_staff_groups")
site_admins_every_model = import_module(
    "exhibition.migrations.0002_site_admins_every_model"
).grant_site_admins

GALLERY = [
    f"articles.{action}_articleimage" for action in ("add", "change", "delete", "view")
]
WRITING_GROUPS = (staff_groups.REPORTERS, staff_groups.EDITORS, staff_groups.TRANSLATORS)


def grant(apps, schema_editor):
    site_admins_every_model(apps, schema_editor)  # creates the permissions it needs
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    gallery = Permission.objects.using(using).filter(
        content_type__app_label="articles",
        codename__in=[label.split(".")[1] for label in GALLERY],
    )
    for name in WRITING_GROUPS:
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*gallery)


class Migration(migrations.Migration):
    dependencies = [
        ("exhibition", "0002_site_admins_every_model"),
        ("articles", "0017_image_alt_required"),
        ("booths", "0009_rebuild_text_keys"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
