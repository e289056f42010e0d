import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import translation

from programme.models import Session, Speaker
from tests.booths.factories import HallFactory
from tests.programme.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory, tehran


class SessionModelTests(TestCase):
    def test_a_session_must_end_after_it_starts(self):
        session = SessionFactory.build(start=tehran(2027, 1, 16, 10), end=tehran(2027, 1, 16, 10))
        with self.assertRaises(ValidationError) as caught:
            session.full_clean(exclude=["hall"])
        self.assertIn("end", caught.exception.message_dict)
        with transaction.atomic(), self.assertRaises(IntegrityError):
            SessionFactory(start=tehran(2027, 1, 16, 10), end=tehran(2027, 1, 16, 9))

    def test_languages_outside_the_choices_are_refused_by_the_database(self):
        with transaction.atomic(), self.assertRaises(IntegrityError):
            SessionFactory(languages="de")

    def test_slug_is_made_from_the_english_title_once_and_never_calendar(self):
        session = SessionFactory(title_en="Opening Ceremony")
        self.assertEqual(session.slug, "opening-ceremony")
        session.title_en = "Opening ceremony, renamed"
        session.save()
        self.assertEqual(session.slug, "opening-ceremony")
        self.assertEqual(SessionFactory(title_en="Opening ceremony").slug, "opening-ceremony-2")
        self.assertEqual(SessionFactory(title_en="Calendar").slug, "calendar-2")
        with translation.override("en"):
            self.assertEqual(session.get_absolute_url(), "/en/programme/opening-ceremony/")
            self.assertEqual(session.get_calendar_url(), "/en/programme/opening-ceremony.ics")

    def test_persian_text_is_stored_normalized(self):
        session = SessionFactory(title_fa="نشست شهرداري منطقه 22", room_fa="سالن 1")
        session.refresh_from_db()
        self.assertEqual(session.title_fa, "نشست شهرداری منطقه ۲۲")
        self.assertEqual(session.room_fa, "سالن ۱")
        speaker = SpeakerFactory(name_fa="علي", organisation_fa="شركت")
        speaker.refresh_from_db()
        self.assertEqual((speaker.name_fa, speaker.organisation_fa), ("علی", "شرکت"))

    def test_each_session_has_its_own_calendar_uid(self):
        self.assertNotEqual(SessionFactory().uid, SessionFactory().uid)

    def test_day_is_the_day_in_tehran(self):
        # 00:30 in Tehran is still the evening before in UTC.
        session = SessionFactory(start=tehran(2027, 1, 17, 0, 30))
        self.assertEqual(session.start.astimezone(datetime.UTC).day, 16)
        self.assertEqual(session.day, datetime.date(2027, 1, 17))
        self.assertEqual(list(Session.objects.on_day(datetime.date(2027, 1, 17))), [session])

    def test_speakers_come_in_their_order(self):
        session = SessionFactory()
        second, first = SpeakerFactory(), SpeakerFactory()
        SessionSpeakerFactory(session=session, speaker=second, order=2)
        SessionSpeakerFactory(session=session, speaker=first, order=1)
        session = Session.objects.with_details().get(pk=session.pk)
        self.assertEqual(session.ordered_speakers(), [first, second])

    def test_a_speaker_once_per_session(self):
        link = SessionSpeakerFactory()
        with transaction.atomic(), self.assertRaises(IntegrityError):
            SessionSpeakerFactory(session=link.session, speaker=link.speaker)

    def test_sessions_order_by_start_then_hall(self):
        hall_b = HallFactory(code="B", position=2)
        hall_a = HallFactory(code="A", position=1)
        late = SessionFactory(start=tehran(2027, 1, 16, 12), hall=hall_a)
        in_b = SessionFactory(start=tehran(2027, 1, 16, 10), hall=hall_b)
        in_a = SessionFactory(start=tehran(2027, 1, 16, 10), hall=hall_a)
        self.assertEqual(list(Session.objects.all()), [in_a, in_b, late])

    def test_strings_and_addresses(self):
        session = SessionFactory(title_fa="افتتاحیه")
        speaker = SpeakerFactory(name_fa="سخنران")
        SessionSpeakerFactory(session=session, speaker=speaker)
        with translation.override("fa"):
            self.assertEqual(str(session), "افتتاحیه")
            self.assertEqual(str(speaker), "سخنران")
            self.assertEqual(speaker.get_absolute_url(), session.get_absolute_url())
        self.assertEqual(Speaker._meta.ordering, ["name", "pk"])

    def test_deleting_a_hall_keeps_its_sessions(self):
        session = SessionFactory()
        session.hall.delete()
        session.refresh_from_db()
        self.assertIsNone(session.hall)
