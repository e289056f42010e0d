"""An article's image needs a description in both languages (articles.models); images
stored before the rule get their caption, or else the article's title, which is what a
reader saw beside them, so the constraint can be added. Staff can improve them later."""

from django.db import migrations, models
from django.db.models import Q


def describe_existing_images(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    undescribed = Article.objects.exclude(image="").filter(Q(image_alt_fa="") | Q(image_alt_en=""))
    for article in undescribed.only("pk", "title", "image_caption", "image_alt_fa", "image_alt_en"):
        fallback = (article.image_caption or article.title)[:300]
        Article.objects.filter(pk=article.pk).update(
            image_alt_fa=article.image_alt_fa or fallback,
            image_alt_en=article.image_alt_en or fallback,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_images"),
    ]

    operations = [
        migrations.RunPython(describe_existing_images, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=Q(image="") | (~Q(image_alt_fa="") & ~Q(image_alt_en="")),
                name="article_image_has_alt",
            ),
        ),
    ]
