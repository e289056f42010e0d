"""The news desk model was called Service, beside services.py (the workflow layer):
renamed to Desk in the code. Its table and column follow; its name on the site stays
"service" («سرویس»). The permissions keep working for the groups that hold them: their
codenames are renamed in place, so no group loses the right to view or change desks."""

from importlib import import_module

from django.db import migrations

# SQLite rebuilds the article table to repoint its foreign key, which drops the search
# index's triggers; put them back (as the other migrations that rebuild it do).
restore_sqlite_search_triggers = import_module(
    "articles.migrations.0004_translation_outdated"
).restore_sqlite_search_triggers

ACTIONS = ("add", "change", "delete", "view")


def rename_permissions(apps, schema_editor, old="service", new="desk"):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    using = schema_editor.connection.alias
    # The content type itself is renamed by Django (RenameContentType after RenameModel).
    content_type = ContentType.objects.using(using).filter(app_label="articles", model=new)
    for action in ACTIONS:
        old_perm = Permission.objects.using(using).filter(
            content_type__in=content_type, codename=f"{action}_{old}"
        )
        if not Permission.objects.using(using).filter(
            content_type__in=content_type, codename=f"{action}_{new}"
        ).exists():
            old_perm.update(codename=f"{action}_{new}")


def rename_permissions_back(apps, schema_editor):
    rename_permissions(apps, schema_editor, old="desk", new="service")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_article_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The staff groups are granted the old codenames; rename after they exist.
        ("exhibition", "0001_staff_groups"),
    ]

    operations = [
        # Undone last when migrating back: the renames below are undone by rebuilding the
        # table again (the restore after them runs before that, going back).
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_search_triggers),
        migrations.RenameModel("Service", "Desk"),
        migrations.RenameField("article", "service", "desk"),
        migrations.RenameField("historicalarticle", "service", "desk"),
        migrations.RunPython(restore_sqlite_search_triggers, migrations.RunPython.noop),
        migrations.RunPython(rename_permissions, rename_permissions_back),
    ]
