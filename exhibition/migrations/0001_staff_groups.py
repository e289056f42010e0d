"""The newsroom's roles as groups (README, "Staff access"): give a user a group in the
admin instead of picking permissions one by one. Idempotent: an existing group keeps
what staff added to it and gets what it lacks; nothing is removed or deleted."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# exhibition.access.TRANSLATORS_GROUP (a migration keeps its own copy of a name: it must
# not change when the code does).
REPORTERS, EDITORS, TRANSLATORS, SITE_ADMINS = "reporters", "editors", "translators", "site admins"

REPORTER = [
    "articles.add_article", "articles.change_article", "articles.view_article",
    "articles.submit_article", "articles.view_tag", "articles.add_tag", "articles.view_service",
]  # fmt: skip
EDITOR = [
    *REPORTER, "articles.publish_article", "articles.delete_article", "articles.change_tag",
    "articles.change_service",
]  # fmt: skip
# Translators write the English versions: a new (paired) article or an edit of one,
# which goes to the editors' queue like a reporter's; publishing is the editors'.
TRANSLATOR = REPORTER
# Everything about the news and the exhibitors; users and groups only to look at.
SITE_ADMIN_APPS = ("articles", "booths")
SITE_ADMIN = ["auth.view_user", "auth.view_group"]

APPS_WITH_PERMISSIONS = ("auth", "contenttypes", "articles", "booths")


def create_app_permissions(apps, label, using):
    """Permissions are normally created after all migrations (post_migrate); the groups
    need them now, on a new database too."""
    config = apps.get_app_config(label)
    # create_permissions skips an app without models, which a migration's stub is.
    previous, config.models_module = getattr(config, "models_module", None), True
    try:
        create_permissions(config, verbosity=0, apps=apps, using=using)
    finally:
        config.models_module = previous


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in APPS_WITH_PERMISSIONS:
        create_app_permissions(apps, label, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(labels):
        found = []
        for label in labels:
            app_label, codename = label.split(".")
            found.append(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        return found

    site_admin = permissions(SITE_ADMIN) + list(
        Permission.objects.using(using).filter(content_type__app_label__in=SITE_ADMIN_APPS)
    )
    for name, granted in (
        (REPORTERS, permissions(REPORTER)),
        (EDITORS, permissions(EDITOR)),
        (TRANSLATORS, permissions(TRANSLATOR)),
        (SITE_ADMINS, site_admin),
    ):
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0012_review_workflow"),
        ("booths", "0004_rebuild_search_documents"),
    ]

    # Backwards: the groups stay (users may be in them; staff may have changed them).
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
