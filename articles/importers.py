"""Parsing of importable news files: pure functions, no database.

Two formats (docs/import-format.md):

* ``.txt`` - a scraped Mehr News page: the title, then the site name in one of its
  variants (possibly glued to the first body line), then paragraphs.
* ``.jsonl`` - one article per line in the JSON Lines schema ``export_articles`` writes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path, PurePosixPath

import jdatetime
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_unicode_slug
from django.utils import timezone

from articles import archive, text
from articles.images import validate_image_file
from articles.models import Status
from exhibition import display, persian

SCHEMA_VERSION = 1
MEHR_AGENCY = {"fa": "خبرگزاری مهر", "en": "Mehr News Agency"}
# The page-title suffixes Mehr has used; the separator may be an en dash or a hyphen and
# the first body line may follow without any space.
_MEHR_SITE_NAME_RE = re.compile(
    r"\s*[-–—]\s*(?:"
    r"خبرگزاری\s*مهر\s*\|\s*اخبار\s*ایران\s*و\s*جهان\s*\|\s*Mehr\s*News\s*Agency"
    r"|خبرگزاری\s*مهر\s*ایران\s*و\s*اخبار\s*جهان"
    r"|خبرگزاری\s*مهر"
    r"|Mehr\s*News\s*Agency"
    r")"
)
OPTIONAL_STRINGS = (
    "kicker",
    "lead",
    "reporter",
    "source_agency",
    "source_url",
    "image_caption",
    "image_alt_fa",
    "image_alt_en",
    "source_text",
)
STATUSES = tuple(Status.values)


class ImportFormatError(ValueError):
    """The input cannot be imported; the message says why (shown to staff)."""


@dataclass
class ParsedArticle:
    title: str
    body: str
    language: str
    kicker: str = ""
    lead: str = ""
    reporter: str = ""
    source_agency: str = ""
    source_url: str = ""
    slug: str = ""
    image: str = ""
    image_caption: str = ""
    image_alt_fa: str = ""
    image_alt_en: str = ""
    source_text: str = ""
    news_code: int | None = None
    status: str | None = None
    published_at: datetime | None = None
    view_count: int | None = None
    desk: dict | None = None
    tags: list[dict] = field(default_factory=list)
    paired_news_code: int | None = None
    content_hash: str = ""
    translation_outdated: bool | None = None
    dropped_paragraphs: list[str] = field(default_factory=list)


def content_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _dedupe_body(body: str) -> tuple[str, list[str]]:
    """Drop repeated paragraphs. Plain text is split into paragraphs; an HTML body (as
    exported) is deduplicated line by line so its markup comes back unchanged."""
    if text.looks_like_html(body):
        lines = [line for line in body.split("\n") if line.strip()]
        kept, dropped = persian.dedupe_paragraphs(lines)
        return "\n".join(kept), [text.body_text(line) for line in dropped]
    kept, dropped = persian.dedupe_paragraphs(persian.split_paragraphs(body))
    return "\n\n".join(kept), dropped


def parse_mehr_text(raw: str) -> ParsedArticle:
    """A scraped Mehr page as plain text. Raises ImportFormatError when it has no title
    or no body."""
    if "\x00" in raw:
        raise ImportFormatError("the file contains NUL characters (binary, not text)")
    text = raw.lstrip("\ufeff").strip()
    if not text:
        raise ImportFormatError("the file is empty")
    first_line, _sep, rest = text.partition("\n")
    found = _MEHR_SITE_NAME_RE.search(first_line)
    if found:
        title = first_line[: found.start()].strip()
        glued = first_line[found.end() :].strip()
        body = f"{glued}\n\n{rest}" if glued else rest
    else:
        title, body = first_line.strip(), rest
    if not title:
        raise ImportFormatError("no title before the site name")
    published_at, body = _date_line(body)
    body, dropped = _dedupe_body(body)
    if not body.strip():
        raise ImportFormatError("the page has a title but no body text")
    language = persian.detect_language(title + "\n" + body)
    return ParsedArticle(
        title=title,
        body=body,
        language=language,
        source_agency=MEHR_AGENCY[language],
        source_text=raw,
        content_hash=content_hash(raw),
        published_at=published_at,
        dropped_paragraphs=dropped,
    )


# A page's date as its own first body line: 1405/08/29 (or 2026-11-20), or «۲۹ آبان ۱۴۰۵»,
# optionally «تاریخ انتشار:» before it and a time («- ۱۰:۳۰») after; digits Latinized first.
_JALALI_MONTHS = {name: number for number, name in enumerate(jdatetime.date.j_months_fa, 1)}
_TIME = r"(?:\s*[-–،,]?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
_DATE_LINE_RES = (
    re.compile(
        r"(?:تاریخ(?:\s*انتشار)?\s*:\s*)?(?P<year>\d{4})\s*[/-]\s*(?P<month>\d{1,2})"
        r"\s*[/-]\s*(?P<day>\d{1,2})" + _TIME
    ),
    re.compile(
        r"(?:تاریخ(?:\s*انتشار)?\s*:\s*)?(?P<day>\d{1,2})\s+(?P<month_name>"
        + "|".join(_JALALI_MONTHS)
        + r")\s+(?P<year>\d{4})"
        + _TIME
    ),
)


def _date_line(body: str) -> tuple[datetime | None, str]:
    """The publish time a scraped page gives on its first body line (Tehran time), and
    the body without that line; (None, body) when the line is no date."""
    first, _sep, rest = body.strip().partition("\n")
    line = persian.to_latin_digits(first.strip())
    for pattern in _DATE_LINE_RES:
        found = pattern.fullmatch(line)
        if found:
            break
    else:
        return None, body
    parts = found.groupdict()
    year, day = int(parts["year"]), int(parts["day"])
    month = _JALALI_MONTHS[parts["month_name"]] if parts.get("month_name") else int(parts["month"])
    try:
        moment = datetime.combine(
            archive.day_as_gregorian(year, month, day),
            time(int(parts["hour"] or 0), int(parts["minute"] or 0)),
        )
    except ValueError as exc:
        line = display.quoted(first.strip(), language="en")  # the importer reports in English
        raise ImportFormatError(f"the date line {line} is no date") from exc
    return timezone.make_aware(moment), rest


def _string(data: dict, key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ImportFormatError(f"'{key}' is required")
        return ""
    if not isinstance(value, str):
        raise ImportFormatError(f"'{key}' must be a string")
    if "\x00" in value:
        raise ImportFormatError(f"'{key}' contains a NUL character")
    return value


# The smallest integer column these land in (PositiveIntegerField on PostgreSQL);
# a larger value would be refused by one database and stored by the other.
MAX_INTEGER = 2**31 - 1


def _integer(data: dict, key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INTEGER:
        raise ImportFormatError(f"'{key}' must be an integer from 0 to {MAX_INTEGER}")
    return value


def _slug(data: dict, key: str = "slug") -> str:
    """An optional slug; one that cannot be a URL segment would break every page
    linking the article."""
    value = _string(data, key)
    try:
        validate_unicode_slug(value) if value else None
    except ValidationError as exc:
        raise ImportFormatError(f"'{key}' must be letters, digits, '-' or '_'") from exc
    return value


def _image(data: dict) -> str:
    """A path inside the media folder, of a file that is there: the record names a
    stored image, it does not bring one. A URL, an absolute path or a «..» would make
    the page link (or the storage open) something outside it."""
    value = _string(data, "image")
    if not value:
        return ""
    path = PurePosixPath(value)
    if "\\" in value or ":" in value or path.is_absolute() or ".." in path.parts:
        raise ImportFormatError(
            f"'image' {value!r} must be a path inside the media folder, like "
            "articles/2026/11/photo.jpg (not a URL or an absolute path)"
        )
    media = Path(settings.MEDIA_ROOT).resolve()
    file = (media / path).resolve()
    if not file.is_relative_to(media) or not file.is_file():
        raise ImportFormatError(f"'image' {value!r}: no such file in the media folder")
    try:
        with File(file.open("rb")) as opened:
            validate_image_file(opened)  # what an upload must be: JPEG, PNG, WebP, whole
    except ValidationError as exc:
        raise ImportFormatError(f"'image' {value!r}: {' '.join(exc.messages)}") from exc
    return str(path)


def _names(value, key: str) -> dict:
    """A service or tag: {"slug", "name_fa", "name_en"} or just a name."""
    if isinstance(value, str) and value.strip():
        return {"slug": "", "name_fa": value, "name_en": ""}
    if not isinstance(value, dict):
        raise ImportFormatError(f"'{key}' must be a name or an object with slug/name_fa")
    names = {"slug": _slug(value), **{k: _string(value, k) for k in ("name_fa", "name_en")}}
    if not (names["slug"] or names["name_fa"]):
        raise ImportFormatError(f"'{key}' needs a slug or a name_fa")
    return names


def parse_json_line(line: str, *, line_number: int = 1) -> ParsedArticle:
    """One JSON Lines record; see docs/import-format.md."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"line {line_number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise ImportFormatError(f"line {line_number}: a record must be a JSON object")
    try:
        return _parse_record(data)
    except ImportFormatError as exc:
        raise ImportFormatError(f"line {line_number}: {exc}") from exc


def _parse_record(data: dict) -> ParsedArticle:
    version = data.get("schema", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ImportFormatError(f"unsupported schema version {version!r}")
    title = _string(data, "title", required=True)
    body, dropped = _dedupe_body(_string(data, "body", required=True))
    language = _string(data, "language") or persian.detect_language(title + "\n" + body)
    if language not in ("fa", "en"):
        raise ImportFormatError("'language' must be 'fa' or 'en'")
    status = _string(data, "status") or None
    if status is not None and status not in STATUSES:
        raise ImportFormatError("'status' must be one of: " + ", ".join(STATUSES))
    published_at = None
    if raw_time := _string(data, "published_at"):
        try:
            published_at = datetime.fromisoformat(raw_time)
        except ValueError as exc:
            raise ImportFormatError("'published_at' must be an ISO 8601 time") from exc
        if published_at.tzinfo is None:
            raise ImportFormatError("'published_at' needs a UTC offset")
    tags = data.get("tags") or []
    if not isinstance(tags, list):
        raise ImportFormatError("'tags' must be a list")
    service = data.get("service")
    translation_outdated = data.get("translation_outdated")
    if translation_outdated is not None and not isinstance(translation_outdated, bool):
        raise ImportFormatError("'translation_outdated' must be true or false")
    return ParsedArticle(
        title=title,
        body=body,
        language=language,
        **{key: _string(data, key) for key in OPTIONAL_STRINGS},
        slug=_slug(data),
        image=_image(data),
        news_code=_integer(data, "news_code"),
        status=status,
        published_at=published_at,
        view_count=_integer(data, "view_count"),
        desk=_names(service, "service") if service else None,
        tags=[_names(tag, "tags") for tag in tags],
        paired_news_code=_integer(data, "paired_news_code"),
        # An export carries the article's own hash (possibly empty): keep it as it is.
        content_hash=_string(data, "content_hash")
        if "content_hash" in data
        else content_hash(json.dumps(data, sort_keys=True, ensure_ascii=False)),
        translation_outdated=translation_outdated,
        dropped_paragraphs=dropped,
    )


def parse_json_lines(raw: str) -> list[ParsedArticle]:
    """Every record of a .jsonl file; the first bad line fails the whole file."""
    if "\x00" in raw:
        raise ImportFormatError("the file contains NUL characters (binary, not text)")
    records = [
        parse_json_line(line, line_number=number)
        for number, line in enumerate(raw.lstrip("\ufeff").splitlines(), start=1)
        if line.strip()
    ]
    if not records:
        raise ImportFormatError("the file has no records")
    return records


MEHR_SUFFIXES = (".txt",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = MEHR_SUFFIXES + JSON_LINES_SUFFIXES


def parse_file(name: str, raw: str) -> list[ParsedArticle]:
    """The records of one file, by its suffix; any other file is refused: a .json or
    .html file read as a Mehr page would become an article titled «{» or «<html>»."""
    lowered = name.lower()
    if lowered.endswith(JSON_LINES_SUFFIXES):
        return parse_json_lines(raw)
    if lowered.endswith(MEHR_SUFFIXES):
        return [parse_mehr_text(raw)]
    raise ImportFormatError(
        "not an importable file: Mehr pages end in .txt, JSON Lines in .jsonl or .ndjson"
    )
