"""An article's image needs a description in both languages (articles.models); images
stored before the rule get their caption, or else the article's title, which is what a
reader saw beside them, so the constraint can be added. Staff can improve them later."""

from importlib import import_module

from django.db import migrations, models
from django.db.models import Q

search_index = import_module("articles.migrations.0002_search_index")


def describe_existing_images(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    undescribed = Article.objects.exclude(image="").filter(Q(image_alt_fa="") | Q(image_alt_en=""))
    for article in undescribed.only("pk", "title", "image_caption", "image_alt_fa", "image_alt_en"):
        fallback = (article.image_caption or article.title)[:300]
        Article.objects.filter(pk=article.pk).update(
            image_alt_fa=article.image_alt_fa or fallback,
            image_alt_en=article.image_alt_en or fallback,
        )


def restore_sqlite_search_triggers(apps, schema_editor):
    # SQLite changes the image column (0016) and adds this constraint by rebuilding the
    # table, which drops the triggers that keep the full-text index in sync (0002).
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in search_index.SQLITE_BACKWARD + search_index.SQLITE_FORWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_images"),
    ]

    operations = [
        # Undone last when migrating back: removing the constraint rebuilds the table.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_search_triggers),
        migrations.RunPython(describe_existing_images, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=Q(image="") | (~Q(image_alt_fa="") & ~Q(image_alt_en="")),
                name="article_image_has_alt",
            ),
        ),
        migrations.RunPython(restore_sqlite_search_triggers, migrations.RunPython.noop),
    ]
