"""The demo programme: three days, about a dozen sessions across the halls, all marked
demo, stored as the models would save it (loaddata and seed skip save())."""

import io

from django.core.management import call_command
from django.test import TestCase

from booths.models import Hall
from exhibition import persian
from programme.models import Session, SessionSpeaker, Speaker

FIXTURES = [
    "fixtures/20_booths_facts.json",
    "fixtures/30_booths_demo.json",
    "fixtures/40_programme_demo.json",
]


class ProgrammeFixtureTests(TestCase):
    fixtures = FIXTURES

    def test_three_days_a_dozen_sessions_in_every_hall(self):
        sessions = list(Session.objects.all())
        self.assertGreaterEqual(len(sessions), 12)
        self.assertEqual(len({s.day for s in sessions}), 3)
        self.assertEqual(
            {s.hall_id for s in sessions}, set(Hall.objects.values_list("pk", flat=True))
        )
        for session in sessions:
            session.full_clean()  # ends after it starts, valid choices, fits its columns

    def test_everything_is_demo_content(self):
        self.assertFalse(Session.objects.filter(is_demo=False).exists())
        self.assertFalse(Speaker.objects.filter(is_demo=False).exists())

    def test_rows_are_stored_normalized_with_their_slugs(self):
        for model in (Session, Speaker):
            for obj in model.objects.all():
                for field in obj.normalized_fields:
                    value = getattr(obj, field)
                    if value:
                        self.assertEqual(value, persian.normalize(value), (obj.pk, field))
        for session in Session.objects.all():
            self.assertEqual(session.slug, persian.slugify(session.title_en))
            self.assertTrue(session.title_en and session.title_fa)

    def test_every_session_has_speakers_and_the_links_resolve(self):
        for session in Session.objects.with_details():
            self.assertTrue(session.ordered_speakers(), session.slug)
        self.assertTrue(SessionSpeaker.objects.exists())
        opening = Session.objects.get(slug="opening-ceremony")
        self.assertEqual(opening.kind, Session.Kind.OPENING)
        self.assertTrue(opening.exhibitors.exists())
        self.assertTrue(opening.sister_cities.exists())

    def test_the_pages_of_the_demo_programme_answer(self):
        for slug in Session.objects.values_list("slug", flat=True):
            for lang in ("fa", "en"):
                response = self.client.get(f"/{lang}/programme/{slug}/")
                self.assertEqual(response.status_code, 200, (lang, slug))


class SeedProgrammeTests(TestCase):
    def test_seed_loads_the_demo_programme_once(self):
        call_command("seed", verbosity=0, stdout=io.StringIO())
        counts = (Session.objects.count(), Speaker.objects.count(), SessionSpeaker.objects.count())
        self.assertEqual(counts[0], 12)
        self.assertGreater(counts[2], counts[0] - 1)
        self.assertEqual(Session.objects.filter(exhibitors__isnull=False).distinct().count(), 12)
        call_command("seed", verbosity=0, stdout=io.StringIO())
        again = (Session.objects.count(), Speaker.objects.count(), SessionSpeaker.objects.count())
        self.assertEqual(counts, again)


class DeleteDemoProgrammeTests(TestCase):
    fixtures = FIXTURES

    def test_delete_demo_content_removes_the_demo_programme_and_keeps_real_sessions(self):
        from tests.programme.factories import SessionFactory, SessionSpeakerFactory

        real = SessionFactory(is_demo=False, hall=None)
        kept_speaker = Speaker.objects.get(pk=1)
        SessionSpeakerFactory(session=real, speaker=kept_speaker)
        out = io.StringIO()
        call_command("delete_demo_content", "--yes", stdout=out)
        self.assertIn("12 sessions", out.getvalue())
        self.assertEqual(list(Session.objects.all()), [real])
        # A demo speaker a real session still names stays with it.
        self.assertEqual(list(Speaker.objects.all()), [kept_speaker])
