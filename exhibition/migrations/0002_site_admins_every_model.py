"""Site admins run everything about the news and the exhibitors: grant them the
permissions of the models added since the groups were created (revisions, daily views,
the renamed news desk). Idempotent, and it only adds, like 0001."""

from importlib import import_module

from django.db import migrations

staff_groups = import_module("exhibition.migrations.0001_staff_groups")


def grant_site_admins(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in staff_groups.APPS_WITH_PERMISSIONS:
        staff_groups.create_app_permissions(apps, label, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.using(using).get_or_create(name=staff_groups.SITE_ADMINS)
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label__in=staff_groups.SITE_ADMIN_APPS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exhibition", "0001_staff_groups"),
        ("articles", "0015_rename_service_to_desk"),
        ("booths", "0006_rebuild_text_keys"),
    ]

    operations = [migrations.RunPython(grant_site_admins, migrations.RunPython.noop)]
