"""A private PostgreSQL cluster for one command, removed afterwards.

``make test`` and the benchmarks use it so that nobody has to set up a
database by hand:

    python -m exhibition.throwaway_postgres -- pytest

runs ``pytest`` with ``DATABASE_URL`` pointing at a fresh cluster made with the
machine's PostgreSQL binaries. ``initdb`` refuses to run as root, so as root the
cluster belongs to the ``postgres`` system user.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

DATABASE_NAME = "exhibition"
# Where the cluster listens: it trusts every connection, so only this machine may reach it.
RESERVED_SETTINGS = {"listen_addresses", "port", "unix_socket_directories"}


def find_bindir() -> Path:
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    if pg_config := shutil.which("pg_config"):
        bindir = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout
        if (Path(bindir.strip()) / "initdb").exists():
            return Path(bindir.strip())
    raise SystemExit(
        "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin). "
        "Install Debian's postgresql package or set DATABASE_URL."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(owner: str | None, argv: list[str]) -> list[str]:
    return ["runuser", "-u", owner, "--", *argv] if owner else argv


@contextlib.contextmanager
def throwaway_postgres(settings: dict[str, str] | None = None) -> Iterator[str]:
    """Start a cluster on a free loopback port; yield its DATABASE_URL. ``settings`` are
    server settings (``{"shared_buffers": "1GB"}``) on top of its own."""
    bindir = find_bindir()
    owner = "postgres" if os.geteuid() == 0 else None
    workdir = Path(tempfile.mkdtemp(prefix="exhibition-pg-"))
    data, log = workdir / "data", workdir / "server.log"
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(workdir, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    run = lambda argv: subprocess.run(_as_owner(owner, argv), check=True, capture_output=True)  # noqa: E731
    try:
        # C.UTF-8: under the C locale Persian letters are not word characters.
        run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        ) + "".join(f" -c {name}={value}" for name, value in (settings or {}).items())
        run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"])
        run(
            [
                str(bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                DATABASE_NAME,
            ]
        )
        yield f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}"
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode(errors="replace")
        if log.exists():
            detail += log.read_text(errors="replace")
        raise SystemExit(f"throwaway PostgreSQL failed: {' '.join(exc.cmd)}\n{detail}") from exc
    finally:
        if data.exists():
            subprocess.run(
                _as_owner(
                    owner, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
                ),
                capture_output=True,
            )
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a server setting, e.g. --set shared_buffers=1GB (repeatable)",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="command to run, after --")
    args = parser.parse_args(argv)
    settings = dict(item.partition("=")[::2] for item in args.set)
    if not all(re.fullmatch(r"\w+", n) and re.fullmatch(r"[\w.]+", v) for n, v in settings.items()):
        parser.error("--set takes NAME=VALUE, e.g. shared_buffers=1GB")
    if reserved := sorted(RESERVED_SETTINGS.intersection(settings)):
        parser.error(f"--set cannot change {', '.join(reserved)}: the cluster stays private")
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command to run, after --")
    with throwaway_postgres(settings) as url:
        print(f"throwaway PostgreSQL: {url}", flush=True)
        return subprocess.run(command, env={**os.environ, "DATABASE_URL": url}).returncode


if __name__ == "__main__":
    sys.exit(main())
