"""A private Redis for one command (or one test run), removed afterwards.

    python -m exhibition.throwaway_redis -- pytest tests/exhibition/test_pagecache.py

runs the command with ``CACHE_URL`` pointing at a fresh ``redis-server`` (Debian's
package, which ``make`` installs) on a free loopback port, keeping nothing on disk. The
test suite starts one itself for the tests that need it (tests/conftest.py).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

STARTUP_SECONDS = 10


def find_server() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class ThrowawayRedis:
    """One redis-server; ``stop()`` and ``start()`` again keep its port (tests of an
    outage use them)."""

    def __init__(self):
        server = find_server()
        if server is None:
            raise FileNotFoundError(
                "redis-server not found: install Debian's redis-server package (make does)"
            )
        self.server = server
        self.port = _free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="exhibition-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"rediscache://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        argv = [
            self.server,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
            "--logfile",
            str(self.workdir / "server.log"),
            # What production should use too (README): pages and marks are evicted
            # before keys without a lifetime.
            "--maxmemory",
            "64mb",
            "--maxmemory-policy",
            "volatile-lru",
        ]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.workdir / "server.log"
                detail = log.read_text(errors="replace") if log.exists() else ""
                self.stop()
                raise RuntimeError(f"throwaway Redis did not start on {self.port}\n{detail}")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextlib.contextmanager
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    redis = ThrowawayRedis()
    try:
        redis.start()
        yield redis
    finally:
        redis.remove()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="command to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command to run, after --")
    with throwaway_redis() as redis:
        print(f"throwaway Redis: {redis.url}", flush=True)
        return subprocess.run(command, env={**os.environ, "CACHE_URL": redis.url}).returncode


if __name__ == "__main__":
    sys.exit(main())
