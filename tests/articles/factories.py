import factory
from django.utils import timezone

from articles import services
from articles.models import Article, Service, Status, Tag


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
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
    service = factory.SubFactory(ServiceFactory)
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @classmethod
    def _create(cls, model_class, *args, tags=(), **kwargs):
        return services.article_create(tags=tags, **kwargs)
