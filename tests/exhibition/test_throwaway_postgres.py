from django.test import SimpleTestCase

from exhibition import throwaway_postgres


class ThrowawayPostgresCommandTests(SimpleTestCase):
    def test_a_malformed_setting_is_refused_before_anything_starts(self):
        # The settings go on the server's command line: nothing may smuggle more in.
        for bad in (
            "shared_buffers",
            "shared_buffers=",
            "a b=1",
            "work_mem=4MB -c fsync=on",
            "listen_addresses=0.0.0.0",
            "port=5432",
        ):
            with self.subTest(bad=bad), self.assertRaises(SystemExit) as raised:
                throwaway_postgres.main(["--set", bad, "--", "true"])
            self.assertEqual(raised.exception.code, 2)

    def test_a_command_is_required(self):
        with self.assertRaises(SystemExit) as raised:
            throwaway_postgres.main(["--set", "shared_buffers=1GB"])
        self.assertEqual(raised.exception.code, 2)
