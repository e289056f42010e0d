import factory

from booths import services
from booths.models import Achievement, Exhibitor, Hall, SisterCity, Stand


class SisterCityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SisterCity

    city_fa = factory.Sequence(lambda n: f"شهر {n}")
    city_en = factory.Sequence(lambda n: f"City {n}")
    country_fa = "کشور"
    country_en = "Country"
    country_code = "ZZ"
    year = 2000


class ExhibitorFactory(factory.django.DjangoModelFactory):
    """Exhibitors go through services.exhibitor_create, like every other write path."""

    class Meta:
        model = Exhibitor

    kind = Exhibitor.Kind.KNOWLEDGE_BASED_COMPANY
    name_fa = factory.Sequence(lambda n: f"شرکت نمونه {n}")
    name_en = factory.Sequence(lambda n: f"Sample Company {n}")
    short_name_fa = factory.Sequence(lambda n: f"نمونه {n}")
    short_name_en = factory.Sequence(lambda n: f"Sample {n}")
    is_demo = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.exhibitor_create(**kwargs)


class DistrictFactory(ExhibitorFactory):
    kind = Exhibitor.Kind.DISTRICT_MUNICIPALITY
    district = factory.Sequence(lambda n: n % 22 + 1)
    name_fa = factory.LazyAttribute(lambda o: f"شهرداری منطقه {o.district}")
    name_en = factory.LazyAttribute(lambda o: f"District {o.district} Municipality")
    short_name_fa = factory.LazyAttribute(lambda o: f"منطقه {o.district}")
    short_name_en = factory.LazyAttribute(lambda o: f"District {o.district}")
    is_demo = False


class DelegationFactory(ExhibitorFactory):
    kind = Exhibitor.Kind.SISTER_CITY_DELEGATION
    sister_city = factory.SubFactory(SisterCityFactory)


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall
        django_get_or_create = ("code",)

    code = "A"
    name_fa = factory.LazyAttribute(lambda o: f"سالن {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Hall {o.code}")
    width = 40
    depth = 20
    is_demo = True


class StandFactory(factory.django.DjangoModelFactory):
    """Stands laid out left to right, 4 m wide, wrapping every 10 stands."""

    class Meta:
        model = Stand

    hall = factory.SubFactory(HallFactory)
    code = factory.LazyAttribute(lambda o: f"{o.hall.code}-{o.number}")
    x = factory.LazyAttribute(lambda o: ((o.number - 1) % 10) * 4)
    y = factory.LazyAttribute(lambda o: ((o.number - 1) // 10 % 5) * 4)
    width = 4
    depth = 3
    is_demo = True

    class Params:
        number = factory.Sequence(lambda n: n + 1)


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    exhibitor = factory.SubFactory(DistrictFactory)
    title_fa = factory.Sequence(lambda n: f"دستاورد {n}")
    title_en = factory.Sequence(lambda n: f"Achievement {n}")
    year = 1402
    category = Achievement.Category.TRANSPORT
    is_demo = True
