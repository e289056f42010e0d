"""Images stored before their sizes were kept have no width and height: Django's
ImageField then opened each one's file whenever an article was loaded (lists, feeds,
the sitemap). Fill them in, as new uploads are stored: upright, i.e. after the EXIF
orientation (an old file may still carry one; its renditions are turned the same way).
In batches, each in its own transaction; a file that is missing or cannot be read is
skipped and keeps no size (its page shows no picture, as before)."""

from django.db import migrations, transaction
from PIL import Image

BATCH = 200
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # a quarter turn: width and height swap


def upright_size(storage, name):
    """The size of the stored image ``name`` as shown, or None when it cannot be read."""
    try:
        with storage.open(name, "rb") as file, Image.open(file) as image:
            width, height = image.size  # the header only: no pixel is decoded
            if image.getexif().get(ORIENTATION) in TURNED:
                width, height = height, width
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return width, height


def fill_sizes(apps, schema_editor, batch=BATCH):
    using = schema_editor.connection.alias
    for label, width_field, height_field in [
        ("articles.Article", "image_width", "image_height"),
        ("articles.ArticleImage", "width", "height"),
    ]:
        model = apps.get_model(label)
        storage = model._meta.get_field("image").storage
        # values_list, not models: loading one would make its ImageField open the file.
        missing = (
            model.objects.using(using)
            .exclude(image="")
            .filter(**{f"{width_field}__isnull": True})
            .order_by("pk")
        )
        last = 0
        while rows := list(missing.filter(pk__gt=last).values_list("pk", "image")[:batch]):
            with transaction.atomic(using=using):
                for pk, name in rows:
                    size = upright_size(storage, name)
                    if size is not None:
                        model.objects.using(using).filter(pk=pk).update(
                            **{width_field: size[0], height_field: size[1]}
                        )
            last = rows[-1][0]


class Migration(migrations.Migration):
    # Each batch commits on its own: an interrupted run keeps what it filled in.
    atomic = False

    dependencies = [
        ("articles", "0017_image_alt_required"),
    ]

    operations = [
        migrations.RunPython(fill_sizes, migrations.RunPython.noop),
    ]
