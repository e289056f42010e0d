"""Backups: the database and the media folder in one archive, and back again.

The database is copied with its engine's own tool: ``pg_dump -Fc`` / ``pg_restore
--clean --if-exists`` for PostgreSQL, SQLite's online backup API for SQLite (a
consistent copy while the site keeps serving). The archive is a ``.tar.gz`` holding
``manifest.json``, the database file and ``media/``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA = "media"


class BackupError(Exception):
    """Something the operator can act on; the message says what."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created: str
    migrations: int
    media_files: int


def default_directory() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore from the binaries the throwaway cluster uses (the newest
    installed major version, which can read every older server), else the PATH."""
    from exhibition.throwaway_postgres import find_bindir

    try:
        candidate = find_bindir() / name
        if candidate.exists():
            return str(candidate)
    except SystemExit:  # no server binaries here: a client-only machine
        pass
    if found := shutil.which(name):
        return found
    raise BackupError(f"{name} not found: install Debian's postgresql-client.")


def _pg_arguments(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL tools; the password goes in the
    environment, never on a command line other users can read."""
    args = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()}")


def _dump_database(connection, target: Path) -> None:
    if connection.vendor == "postgresql":
        args, env = _pg_arguments(connection.settings_dict)
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()


def _load_database(connection, source: Path) -> None:
    if connection.vendor == "postgresql":
        # The site's own connection may hold no lock the restore would wait for.
        connection.close()
        args, env = _pg_arguments(connection.settings_dict)
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("cannot restore inside a transaction")
        original = sqlite3.connect(source)
        try:
            original.backup(connection.connection)
        finally:
            original.close()


def backup_create(*, directory: Path | None = None) -> Path:
    """Write a timestamped archive into ``directory`` (default var/backups/); returns
    its path. The archive appears only once complete."""
    connection = connections[DEFAULT_DB_ALIAS]
    directory = Path(directory or default_directory())
    directory.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    media_files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
    manifest = Manifest(
        engine=connection.vendor,
        created=timezone.now().isoformat(timespec="seconds"),
        migrations=MigrationRecorder(connection).migration_qs.count(),
        media_files=len(media_files),
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=directory) as workdir:
        database = Path(workdir) / DATABASE_FILES[connection.vendor]
        _dump_database(connection, database)
        partial = Path(workdir) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps({"format": FORMAT, **asdict(manifest)}, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, fileobj=io.BytesIO(data))
            archive.add(database, arcname=database.name)
            if media_root.is_dir():
                archive.add(media_root, arcname=MEDIA)
        for n in range(100):
            target = directory / f"exhibition-{stamp}{f'-{n}' if n else ''}.tar.gz"
            if not target.exists():
                break
        partial.rename(target)
    return target


def backup_read_manifest(archive_path: Path) -> Manifest:
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            fields = json.load(member)
    except FileNotFoundError as exc:
        raise BackupError(f"no such archive: {archive_path}") from exc
    except (tarfile.TarError, KeyError, ValueError, AttributeError, TypeError) as exc:
        raise BackupError(f"{archive_path} is not a backup made by `manage.py backup`") from exc
    if not isinstance(fields, dict) or fields.pop("format", None) != FORMAT:
        raise BackupError(f"{archive_path}: a backup format this version cannot read")
    try:
        return Manifest(**fields)
    except TypeError as exc:
        raise BackupError(f"{archive_path}: unknown manifest {sorted(fields)}") from exc


def _check_members(archive: tarfile.TarFile, archive_path: Path, manifest: Manifest) -> None:
    """Only what `backup` writes: the manifest, the database file and regular files and
    folders under media/. No links of any kind (a link inside the archive could make
    the database a public "image"), no devices, nothing else: an archive from elsewhere
    that has more is refused before anything is written."""
    allowed = {MANIFEST, DATABASE_FILES[manifest.engine], MEDIA}
    for member in archive.getmembers():
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"{archive_path}: {member.name!r} is not a plain file or folder")
        parts = member.name.split("/")
        if member.name.startswith("/") or ".." in parts:
            raise BackupError(f"{archive_path}: {member.name!r} leads out of the archive")
        if member.name not in allowed and parts[0] != MEDIA:
            raise BackupError(f"{archive_path}: unexpected {member.name!r}")


def backup_restore(*, archive_path: Path) -> Manifest:
    """Replace the database and the media folder with the archive's. Refuses an
    archive of the other engine. The cache is emptied afterwards: it holds pages
    drawn from the data being replaced."""
    archive_path = Path(archive_path)
    connection = connections[DEFAULT_DB_ALIAS]
    manifest = backup_read_manifest(archive_path)
    if manifest.engine != connection.vendor:
        raise BackupError(
            f"{archive_path} holds a {manifest.engine} database; this site runs on "
            f"{connection.vendor}."
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as workdir:
        with tarfile.open(archive_path, "r:*") as archive:
            _check_members(archive, archive_path, manifest)
            # The "data" filter also refuses absolute paths, ".." and links leading out.
            archive.extractall(workdir, filter="data")
        database = Path(workdir) / DATABASE_FILES[manifest.engine]
        if not database.is_file():
            raise BackupError(f"{archive_path} holds no database file")
        _load_database(connection, database)
        # Media: the archive's files replace the folder's contents (the folder itself
        # may be a mounted volume, which cannot be renamed).
        media_root.mkdir(exist_ok=True)
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        if (Path(workdir) / MEDIA).is_dir():
            shutil.copytree(Path(workdir) / MEDIA, media_root, dirs_exist_ok=True)
    cache.clear()
    return manifest
