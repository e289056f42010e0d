"""Make the renditions of article images that have none yet (articles/images.py).

Pages never make them; saving an image does, once the save commits. This makes them
for images stored before that, restored from a backup without MEDIA_ROOT/CACHE/, or
whose making failed. Safe to run again: it looks at the storage, writes only what is
missing (all with --force), and skips an image it cannot read, saying which.
"""

from django.core.management.base import BaseCommand

from articles import images
from articles.models import Article, ArticleImage
from exhibition.pagecache import content_changed

BATCH = 200


class Command(BaseCommand):
    help = "Make the missing renditions of article and gallery images (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="make every rendition again (e.g. new quality)"
        )

    def handle(self, *args, force, **options):
        written = seen = 0
        unreadable: list[str] = []
        sources = [
            (Article.objects.exclude(image=""), "image", "image_width", "image_height"),
            (ArticleImage.objects.exclude(image=""), "image", "width", "height"),
        ]
        for queryset, field, width, height in sources:
            rows = queryset.order_by("pk").only("pk", field, width, height)
            for obj in rows.iterator(chunk_size=BATCH):
                seen += 1
                file, w, h = getattr(obj, field), getattr(obj, width), getattr(obj, height)
                if not (w and h):  # its size could not be read: neither can its pixels
                    unreadable.append(file.name)
                    continue
                made = images.make_renditions(file, w, h, force=force, remembered=False)
                if made == 0 and (force or images.missing_renditions(file, w)):
                    unreadable.append(file.name)
                written += made
        if written:
            content_changed()  # pages cached with the originals are not served again
        for name in unreadable:
            self.stderr.write(self.style.WARNING(f"{name}: cannot be read, skipped"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{seen} image(s): {written} rendition(s) made, {len(unreadable)} unreadable."
            )
        )
