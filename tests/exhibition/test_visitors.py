from django.test import RequestFactory, SimpleTestCase, override_settings

from exhibition.visitors import client_ip, is_bot


class BotTests(SimpleTestCase):
    def test_browsers_are_people(self):
        for agent in [
            "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36",
            # A Persian browser app's UA that merely contains "bot" inside a word.
            "Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36 Robotoid/2.0",
        ]:
            with self.subTest(agent=agent):
                self.assertFalse(is_bot(agent))

    def test_crawlers_previews_and_scripts_are_not(self):
        for agent in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; YandexBot/3.0)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "Mozilla/5.0 (compatible; Baiduspider/2.0)",
            "Mozilla/5.0 (compatible; Yahoo! Slurp)",
            "WhatsApp/2.23 link preview",
            "facebookexternalhit/1.1",
            "python-requests/2.32",
            "curl/8.5.0",
            "",
            "   ",
        ]:
            with self.subTest(agent=agent):
                self.assertTrue(is_bot(agent))


class ClientIpTests(SimpleTestCase):
    def test_the_connecting_address_by_default_a_forwarded_header_is_not_believed(self):
        request = RequestFactory().get(
            "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
        self.assertEqual(client_ip(request), "203.0.113.9")

    @override_settings(
        AXES_IPWARE_PROXY_COUNT=1,
        AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
    )
    def test_behind_the_proxy_axes_is_told_of_the_forwarded_address(self):
        request = RequestFactory().get(
            "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 127.0.0.1"
        )
        self.assertEqual(client_ip(request), "198.51.100.1")
