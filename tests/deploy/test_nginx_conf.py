"""deploy/nginx.conf: valid for nginx, and in front of a stand-in app server it ends TLS,
tells the app the scheme, redirects plain HTTP, slows down password guessing, takes a
gallery's upload in the admin and answers too large a request with the site's page."""

import http.client
import http.server
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from unittest import skipIf

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

from exhibition.throwaway_gunicorn import free_port

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
OPENSSL = shutil.which("openssl")
CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"


class _Backend(http.server.ThreadingHTTPServer):
    """Answers every request with 200 and keeps the headers it was sent."""

    def __init__(self):
        self.seen: list[dict[str, str]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                seen = {**self.headers, ":method": self.command, ":path": self.path}
                seen[":body"] = len(self.rfile.read(length)) if length else 0
                outer.seen.append(seen)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(f"nginx exited: {process.stderr.read()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("nginx did not listen")


@skipIf(connection.vendor != "sqlite", "no database involved: run once, with the SQLite half")
@skipIf(not (NGINX and OPENSSL), "needs nginx and openssl: `make test-deps` installs them")
class NginxConfigTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workdir = Path(tempfile.mkdtemp(prefix="exhibition-nginx-"))
        subprocess.run(
            [
                OPENSSL,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=expo.example.ir",
                "-keyout",
                str(cls.workdir / "privkey.pem"),
                "-out",
                str(cls.workdir / "fullchain.pem"),
            ],
            check=True,
            capture_output=True,
        )
        cls.backend = _Backend()
        threading.Thread(target=cls.backend.serve_forever, daemon=True).start()
        cls.http_port, cls.https_port = free_port(), free_port()
        text = CONFIG.read_text()
        text = text.replace("/etc/ssl/exhibition/", f"{cls.workdir}/")
        text = text.replace("/var/log/nginx/", f"{cls.workdir}/")
        text = re.sub(r"listen \[::\]:\d+[^;]*;", "", text)
        text = text.replace("listen 80;", f"listen 127.0.0.1:{cls.http_port};")
        text = text.replace("listen 443 ", f"listen 127.0.0.1:{cls.https_port} ")
        backend = f"server 127.0.0.1:{cls.backend.server_address[1]};"
        text = re.sub(r"(\s*server 10\.0\.0\.\d+:8000[^;]*;)+", "\n" + backend, text)
        cls.config = cls.workdir / "nginx.conf"
        cls.config.write_text(text)
        cls.options = [
            "-c",
            str(cls.config),
            "-p",
            str(cls.workdir),
            "-e",
            str(cls.workdir / "error.log"),
        ]
        cls.nginx = subprocess.Popen(
            [NGINX, *cls.options, "-g", f"daemon off; pid {cls.workdir}/nginx.pid;"],
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_for_port(cls.https_port, cls.nginx)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.send_signal(signal.SIGQUIT)
        try:
            cls.nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cls.nginx.kill()
            cls.nginx.wait()
        cls.backend.shutdown()
        cls.backend.server_close()
        shutil.rmtree(cls.workdir, ignore_errors=True)
        super().tearDownClass()

    def https(self, method: str, path: str) -> int:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", self.https_port, context=context)
        try:
            conn.request(method, path, headers={"Host": "expo.example.ir"})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def send(self, path: str, *, length: int, body: bool) -> tuple[int, bytes]:
        """POST ``length`` bytes to ``path`` (only the header saying so, without
        ``body``: nginx refuses too large a request before reading it)."""
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", self.https_port, context=context)
        try:
            conn.putrequest("POST", path, skip_host=True)
            conn.putheader("Host", "expo.example.ir")
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(length))
            conn.endheaders()
            if body:
                chunk = b"x" * (1 << 20)
                for start in range(0, length, len(chunk)):
                    conn.send(chunk[: length - start])
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def test_too_large_a_request_gets_the_sites_own_page(self):
        status, body = self.send("/fa/contact/", length=21 * 1024 * 1024, body=False)
        self.assertEqual(status, 413)
        self.assertEqual(body, b"ok")  # what the app sent for the page, not nginx's own
        asked = self.backend.seen[-1]
        self.assertEqual(
            (asked[":method"], asked[":path"], asked[":body"]),
            ("GET", "/static/errors/413.html", 0),
        )
        page = Path(settings.BASE_DIR) / "static" / "errors" / "413.html"
        self.assertIn('<link rel="stylesheet" href="/static/css/site.css">', page.read_text())

    def test_the_admin_takes_a_gallerys_upload_and_the_public_site_does_not(self):
        gallery = 30 * 1024 * 1024  # three 10 MB images
        status, _body = self.send("/admin/articles/article/add/", length=gallery, body=True)
        self.assertEqual(status, 200)
        self.assertEqual(self.backend.seen[-1][":body"], gallery)
        self.assertEqual(self.send("/fa/search/", length=gallery, body=False)[0], 413)
        self.assertEqual(
            self.send("/admin/articles/article/add/", length=101 * 1024 * 1024, body=False)[0],
            413,
        )

    def test_the_shipped_file_passes_nginx_t(self):
        result = subprocess.run(
            [NGINX, "-t", *self.options, "-g", f"pid {self.workdir}/t.pid;"],
            capture_output=True,
            text=True,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("test is successful", result.stderr)

    def test_https_reaches_the_app_with_the_scheme_and_the_host(self):
        self.assertEqual(self.https("GET", "/fa/"), 200)
        headers = self.backend.seen[-1]
        self.assertEqual(headers["X-Forwarded-Proto"], "https")
        self.assertEqual(headers["Host"], "expo.example.ir")
        self.assertEqual(headers["X-Forwarded-For"], "127.0.0.1")

    def test_plain_http_is_redirected_to_https(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.http_port)
        conn.request("GET", "/fa/news/?page=2", headers={"Host": "expo.example.ir"})
        response = conn.getresponse()
        conn.close()
        self.assertEqual(response.status, 301)
        self.assertEqual(response.getheader("Location"), "https://expo.example.ir/fa/news/?page=2")

    def test_admin_login_is_rate_limited_and_other_pages_are_not(self):
        statuses = [self.https("POST", "/admin/login/") for _ in range(10)]
        self.assertEqual(statuses[0], 200)
        self.assertIn(429, statuses)
        self.assertEqual({self.https("GET", "/fa/") for _ in range(10)}, {200})

    def test_plan_addresses_are_logged_without_their_query_string(self):
        self.assertEqual(self.https("GET", "/fa/my-plan/?session=31&exhibitor=47"), 200)
        self.assertEqual(self.https("GET", "/en/my-plan.ics?session=58"), 200)
        self.assertEqual(self.https("GET", "/fa/news/?page=2"), 200)
        log = self.workdir / "exhibition-access.log"
        for _ in range(50):  # nginx writes its log line after the answer
            text = log.read_text() if log.exists() else ""
            if "/fa/news/?page=2" in text:
                break
            time.sleep(0.05)
        self.assertIn('"GET /fa/my-plan/ HTTP/1.1" 200', text)
        self.assertIn('"GET /en/my-plan.ics HTTP/1.1" 200', text)
        self.assertNotIn("session=", text)
        self.assertNotIn("exhibitor=", text)
        # Other pages keep their query string in the log.
        self.assertIn('"GET /fa/news/?page=2 HTTP/1.1" 200', text)
