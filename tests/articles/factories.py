import factory
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from articles import services
from articles.models import Article, Desk, Status, Tag


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"service-{n}")
    name_fa = factory.Sequence(lambda n: f"سرویس {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_fa = factory.Sequence(lambda n: f"برچسب‌{n}")
    name_en = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """Articles go through services.article_create, like every other write path."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"خبر شماره {n} درباره نمایشگاه")
    body = "به گزارش خبرگزاری مهر، نمایشگاه خواهرخواندگی برگزار شد.\n\nپاراگراف دوم خبر."
    language = "fa"
    desk = factory.SubFactory(DeskFactory)
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @classmethod
    def _create(cls, model_class, *args, tags=(), **kwargs):
        return services.article_create(tags=tags, **kwargs)


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff account with exactly the permissions and groups given, e.g.
    StaffFactory(permissions=["articles.view_article"], groups=["translators"])."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff-{n}")
    is_staff = True

    @factory.post_generation
    def permissions(user, create, extracted, **kwargs):
        for label in extracted or ():
            app_label, codename = label.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        for name in extracted or ():
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def image_bytes(kind="JPEG", size=(40, 20), *, orientation=None, gps=False, color="teal"):
    """A small image made with Pillow; with ``orientation`` (an EXIF value: 6 = turn a
    quarter clockwise to view) and ``gps``, the metadata a phone's photo carries."""
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x010F] = "PhoneMaker"  # camera make
        exif[0x8825] = {1: "N", 2: (35.0, 41.0, 0.0), 3: "E", 4: (51.0, 25.0, 0.0)}
    out = BytesIO()
    options = {"exif": exif.tobytes()} if (orientation or gps) else {}
    image.save(out, kind, **options)
    return out.getvalue()
