"""Import news: scraped Mehr pages (.txt) and JSON Lines (.jsonl); see docs/import-format.md."""

import argparse
import contextlib
import glob
import multiprocessing
import os
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from tqdm import tqdm

from articles import archive, importers, services, text
from exhibition import display, persian

PROGRESS_MIN_FILES = 20
PREVIEW_CHARS = 70
PARALLEL_MIN_FILES = 20  # below this, starting workers costs more than it saves
PARALLEL_CHUNK = 4
# Files committed together (then redone one by one if any fails): a commit, and on
# PostgreSQL its round trips, per file cost the saving process more than the files'
# own statements.
BATCH_FILES = 16


def expand(paths: list[str]) -> list[Path]:
    """Files, folders (their importable files, recursively) and glob patterns."""
    found: list[Path] = []
    for pattern in paths:
        matches = [Path(m) for m in sorted(glob.glob(pattern, recursive=True))] or [Path(pattern)]
        for path in matches:
            if path.is_dir():
                found += sorted(
                    p for p in path.rglob("*") if p.suffix.lower() in importers.SUFFIXES
                )
            else:
                found.append(path)
    return list(dict.fromkeys(found))


def prepare_file(path: Path) -> tuple[list | Exception, tuple | None]:
    """Parse one file and do its text work as the saving process will (normalize every
    field, build the search document): that is the bulk of an import's time. Runs in a
    worker process, which never touches the database. Returns the records (or the error
    that rejects the file) and the results for the saving process to reuse."""
    persian.take_results()  # drop what the fork inherited
    try:
        records = importers.parse_file(path.name, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, importers.ImportFormatError) as exc:
        return exc, None
    for record in records:
        text.prepare_text(record)
    # The search keys are the raw paragraphs' (parsing drops repeated ones): the saving
    # process never asks for them, so they are not pickled and remembered there.
    return records, persian.take_results(search_keys=False)


def read_file(path: Path) -> tuple[list | Exception, None]:
    try:
        return importers.parse_file(path.name, path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError, importers.ImportFormatError) as exc:
        return exc, None


@contextlib.contextmanager
def commits_not_waiting_for_the_disk():
    """On PostgreSQL, the import's commits needn't wait for the disk: a server crash may
    lose the last files' commits (never half of one), and importing them again restores
    them. An archive of 10,000 files commits hundreds of times. Set for the session
    while the import runs, not per transaction (a round trip per commit), and put back
    as it was."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        (before,) = cursor.fetchone()
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        # A connection lost meanwhile took the setting with it.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [before])


def parse_date(value: str) -> datetime:
    """--date: a Gregorian or (a year before 1700) Jalali day, optionally with a time."""
    day_part, _sep, time_part = value.strip().replace("T", " ").partition(" ")
    try:
        year, month, day = (int(part) for part in day_part.split("-"))
        gregorian = archive.day_as_gregorian(year, month, day)
        moment = datetime.fromisoformat(f"{gregorian.isoformat()}T{time_part or '00:00'}")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: give 2026-11-20 or 1405-08-29, optionally T10:30"
        ) from exc
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def quoted(text) -> str:
    """A title or a paragraph in the output's quotation marks: the output is English."""
    return display.quoted(text, language="en")


class Command(BaseCommand):
    help = "Import news articles from Mehr text pages and JSON Lines files (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders or glob patterns")
        parser.add_argument("--draft", action="store_true", help="import as drafts")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen, write nothing"
        )
        parser.add_argument(
            "--date",
            type=parse_date,
            metavar="DATE",
            help="publish time of new articles whose file has none: 2026-11-20 or a Jalali "
            "1405-08-29, optionally with a time (T10:30, +03:30); Tehran time when no offset "
            "is given, midnight when no time; a future time schedules them. Without it they "
            "are published at the import time, and the report lists them",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="take the source's text even over articles staff edited since their import "
            "(without it they are kept and reported)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="processes that parse and normalize (default: one per CPU); the database "
            "writes stay in this process, one transaction per file",
        )

    def handle(self, *args, paths, draft, dry_run, force, date, no_progress, jobs, **options):
        files = expand(paths)
        if not files:
            raise CommandError("No files to import.")
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        totals = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0, "dropped": 0, "undated": 0}
        failed: list[tuple[Path, str]] = []
        now = date or timezone.now()
        self.dated_by_option = date is not None
        verb = "would be " if dry_run else ""
        pool = None
        if jobs > 1 and len(files) >= PARALLEL_MIN_FILES:
            # Once, before forking: the workers share it. They never use the inherited
            # database connection and end without closing it (os._exit).
            persian.preload()
            pool = multiprocessing.get_context("fork").Pool(min(jobs, len(files)))
            # A few files per message: fewer wake-ups of this process's pool threads.
            prepared = pool.imap(prepare_file, files, chunksize=PARALLEL_CHUNK)
        else:
            prepared = map(read_file, files)
        bar = tqdm(
            zip(files, prepared, strict=True),
            total=len(files),
            unit="file",
            file=self.stderr,
            disable=no_progress or len(files) < PROGRESS_MIN_FILES,
        )
        # A dry run imports every file in one transaction and rolls it back at the end:
        # rolled back file by file, each new file would be given the same news code.
        run_transaction = transaction.atomic() if dry_run else contextlib.nullcontext()
        self.new_files: list[str] = []
        try:
            with commits_not_waiting_for_the_disk(), run_transaction:
                self.import_files(bar, draft, force, now, verb, options, totals, failed)
                if dry_run:
                    transaction.set_rollback(True)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
            if dry_run:  # the rollback took the rows back, not the images' stripped copies
                for name in self.new_files:
                    default_storage.delete(name)
        for path, reason in failed:
            self.stderr.write(self.style.ERROR(f"{path}: skipped: {reason}"))
        summary = (
            f"{'Dry run: ' if dry_run else ''}{len(files)} file(s): "
            f"{totals['created']} {verb}created, {totals['updated']} {verb}updated, "
            f"{totals['unchanged']} unchanged, {totals['kept']} kept with staff edits, "
            f"{totals['dropped']} repeated paragraph(s) {verb}dropped, "
            f"{len(failed)} file(s) failed."
        )
        if totals["undated"]:
            summary += (
                f" {totals['undated']} new article(s) had no date: {verb}published at the "
                "import time (--date sets one)."
            )
        if failed:
            self.stderr.write(self.style.ERROR(summary))
            raise CommandError(f"{len(failed)} file(s) could not be imported.", returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))

    def import_files(self, bar, draft, force, now, verb, options, totals, failed):
        batch: list[tuple[Path, list, tuple | None]] = []
        for path, (records, results) in bar:
            if isinstance(records, Exception):
                self.import_alone(path, records, results, draft, force, now, failed)
                continue
            batch.append((path, records, results))
            if len(batch) == BATCH_FILES:
                self.import_batch(batch, draft, force, now, verb, options, totals, failed)
                batch = []
        if batch:
            self.import_batch(batch, draft, force, now, verb, options, totals, failed)

    def import_batch(self, batch, draft, force, now, verb, options, totals, failed):
        """A few files in one transaction (one commit, one statement for their
        revisions); if any of them fails, none of the batch is kept and each file is
        imported again in a transaction of its own, so a broken file takes no other
        with it and its error is reported as it would be alone."""
        if len(batch) > 1:
            try:
                with self.file_transaction([records for _path, records, _results in batch]):
                    imported = []
                    for _path, records, results in batch:
                        persian.remember_results(results)
                        imported.append(self.import_records(records, draft, force, now))
            except Exception:  # noqa: BLE001 - each file again alone says which and why
                pass
            else:
                for (path, _records, _results), outcomes in zip(batch, imported, strict=True):
                    self.report(path, outcomes, verb, options["verbosity"], totals)
                return
        for path, records, results in batch:
            outcomes = self.import_alone(path, records, results, draft, force, now, failed)
            if outcomes is not None:
                self.report(path, outcomes, verb, options["verbosity"], totals)

    def import_alone(self, path, records, results, draft, force, now, failed):
        """One file in its own transaction; its outcomes, or None when it failed (then
        it is in ``failed``, with the reason)."""
        persian.remember_results(results)
        try:
            if isinstance(records, Exception):
                raise records
            with self.file_transaction([records]):
                return self.import_records(records, draft, force, now)
        except FileNotFoundError as exc:
            pattern = glob.has_magic(str(path))
            reason = "no file matches this pattern" if pattern else f"cannot read the file: {exc}"
        except (OSError, UnicodeDecodeError) as exc:
            reason = f"cannot read the file: {exc}"
        except importers.ImportFormatError as exc:
            reason = str(exc)
        except ValidationError as exc:
            reason = "; ".join(exc.messages)
        except DatabaseError as exc:
            reason = f"database refused it: {exc}"
        failed.append((path, reason))
        return None

    def report(self, path, outcomes, verb, verbosity, totals):
        for outcome in outcomes:
            totals[outcome.action] += 1
            if outcome.action == "kept":
                edited = f"edited {outcome.edited_at:%Y-%m-%d %H:%M} UTC"
                if outcome.untracked:  # no fingerprint to tell staff's text from an old import
                    edited = f"differs from the source, stored before edits were tracked, {edited}"
                self.stdout.write(
                    self.style.WARNING(
                        f"{path}: kept staff edits: news code {outcome.article.news_code} "
                        f"{quoted(outcome.article.title)} ({edited}); --force takes the source's"
                    )
                )
                continue
            if outcome.action == "unchanged":
                # Nothing was written: what the parser dropped is no news.
                if verbosity >= 1:
                    self.stdout.write(
                        f"{path}: unchanged {quoted(outcome.article.title)} "
                        f"(news code {outcome.article.news_code})"
                    )
                continue
            totals["dropped"] += len(outcome.dropped_paragraphs)
            if verbosity >= 1:
                self.stdout.write(
                    f"{path}: {verb}{outcome.action} {quoted(outcome.article.title)} "
                    f"(news code {outcome.article.news_code})"
                )
            if outcome.dated_by_default and not self.dated_by_option:
                totals["undated"] += 1
                self.stdout.write(
                    self.style.WARNING(
                        f"{path}: no date: news code {outcome.article.news_code} {verb}published "
                        "at the import time; --date sets one"
                    )
                )
            for paragraph in outcome.dropped_paragraphs:
                self.stdout.write(
                    f"{path}: repeated paragraph {verb}dropped: "
                    + quoted(f"{paragraph[:PREVIEW_CHARS]}…")
                )

    @contextlib.contextmanager
    def file_transaction(self, files_records):
        """One transaction (a savepoint inside a dry run's) for one file or a batch:
        all of it is written, or none (nor the images' copies it made). What each
        record would ask the database once (its news code's counter and row, its
        revision, its article's INSERT) is asked once for them all."""
        new_files: list[str] = []
        try:
            with transaction.atomic():
                records = [record for records in files_records for record in records]
                with services.article_import_batch(records=records) as new_files:
                    yield
            self.new_files.extend(new_files)  # a dry run's rollback leaves them too
        except BaseException:
            # Rolled back: the images' copies it wrote belong to no row (a batch redone
            # file by file copies them again).
            for name in new_files:
                default_storage.delete(name)
            raise

    def import_records(self, records, draft: bool, force: bool, now):
        return [
            services.article_import(parsed=record, draft=draft, now=now, force=force)
            for record in records
        ]
