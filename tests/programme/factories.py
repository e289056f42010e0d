import datetime
import zoneinfo

import factory

from programme.models import Session, SessionSpeaker, Speaker
from tests.booths.factories import HallFactory

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def tehran(year, month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TEHRAN)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name_fa = factory.Sequence(lambda n: f"سخنران {n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")
    organisation_fa = "شهرداری تهران"
    organisation_en = "Tehran Municipality"
    is_demo = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    title_fa = factory.Sequence(lambda n: f"نشست {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    kind = Session.Kind.PANEL
    start = tehran(2027, 1, 16, 10)
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=1))
    hall = factory.SubFactory(HallFactory)
    languages = Session.Languages.BOTH
    is_demo = True


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
