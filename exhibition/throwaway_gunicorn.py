"""The production server (gunicorn with deploy/gunicorn.conf.py) on a free loopback port,
stopped afterwards: for the test that proves the configuration serves, and for the load
benchmark.

    with throwaway_gunicorn({"DATABASE_URL": ..., "CACHE_URL": ...}) as server:
        urllib.request.urlopen(server.url + "/healthz")
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
# What the reverse proxy adds: without it production redirects to HTTPS (the server
# must also be started with TRUST_X_FORWARDED_PROTO=1).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Server:
    url: str
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving")
        try:
            request = urllib.request.Request(url + "/healthz", headers=PROXY_HEADERS)
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s")


@contextlib.contextmanager
def throwaway_gunicorn(
    env: dict[str, str], *, stdout=subprocess.DEVNULL, timeout: float = 60
) -> Iterator[Server]:
    """Start ``gunicorn -c deploy/gunicorn.conf.py exhibition.wsgi`` with production
    settings and ``env`` on top of this process's environment; yield once /healthz
    answers 200; stop it afterwards (SIGINT: a throwaway need not wait for idle
    keep-alive connections as a release's SIGTERM does)."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "exhibition.settings.prod",
        # Production refuses a Host port no ALLOWED_HOSTS entry names (ExactHostMiddleware).
        "ALLOWED_HOSTS": f"127.0.0.1:{port},localhost:{port}",
        **env,
        "BIND": f"127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "exhibition.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=stdout,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, timeout)
        yield Server(url=url, process=process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
