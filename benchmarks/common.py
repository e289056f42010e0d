"""What both benchmarks share: a corpus of Mehr-style articles made from the real
sentences of the fixture with injected spelling variants, and running one measurement
per database engine.

Django can be configured only once per process, so the parent process runs each engine
in a child process (``--child``) with its own DATABASE_URL and collects the child's
final JSON line.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "news" / "mehr-sister-cities-exhibition.txt"
SETTINGS = "exhibition.settings.test"
ENGINES = ("postgres", "sqlite")
# The throwaway cluster's cache, sized as a production server's would be: PostgreSQL's
# default 128 MB holds less than half of a 100,000-article table, and a search for a
# rare word then copies thousands of pages in from the operating system's cache.
POSTGRES_SETTINGS = {"shared_buffers": "1GB"}
MEHR_SUFFIX = " – خبرگزاری مهر ایران و اخبار جهان"
# Sister cities, so that some queries match a small share of the archive.
CITIES = (
    "ایروان",
    "استانبول",
    "مسکو",
    "پکن",
    "کابل",
    "دوشنبه",
    "باکو",
    "تفلیس",
    "بغداد",
    "دمشق",
    "بیروت",
    "کراچی",
    "دهلی",
    "سئول",
    "هاوانا",
    "کاراکاس",
    "مینسک",
    "آنکارا",
    "تاشکند",
    "بیشکک",
    "آستانه",
    "دوحه",
    "مسقط",
    "کازان",
    "ورشو",
)
# The spelling variants search has to see through (issue 3). Persian letters and their
# Arabic look-alikes are spelled out here only to *produce* variants; folding them is
# exhibition.persian's job.
_ARABIC_LOOKALIKES = {"ی": "ي", "ک": "ك"}
_SENTENCE_END_RE = re.compile(r"(?<=[.!؟])\s+")


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def corpus_sentences() -> tuple[str, list[str]]:
    """The fixture's title and its body split into sentences."""
    from articles import importers
    from exhibition import persian

    parsed = importers.parse_mehr_text(CORPUS.read_text(encoding="utf-8"))
    sentences = [
        s.strip()
        for paragraph in persian.split_paragraphs(parsed.body)
        for s in _SENTENCE_END_RE.split(paragraph)
        if len(s.split()) >= 4
    ]
    return parsed.title, sentences


def inject_variant(sentence: str, rng: random.Random) -> str:
    """One to three spelling variants a typist or a scraper would produce."""
    from exhibition import persian

    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(
            ("arabic", "zwnj-drop", "zwnj-space", "zwnj-extra", "digits", "diacritic", "tatweel")
        )
        if kind == "arabic":
            sentence = sentence.translate(str.maketrans(_ARABIC_LOOKALIKES))
        elif kind == "zwnj-drop":
            sentence = sentence.replace(persian.ZWNJ, "")
        elif kind == "zwnj-space":
            sentence = sentence.replace(persian.ZWNJ, " ")
        elif kind == "zwnj-extra":
            sentence = re.sub(r" (ها|های)\b", persian.ZWNJ + r"\1", sentence)
        elif kind == "digits":
            table = rng.choice((persian.LATIN_DIGITS, persian.ARABIC_INDIC_DIGITS))
            sentence += f" سال {'1403'.translate(str.maketrans('0123456789', table))}"
        else:
            words = sentence.split(" ")
            i = rng.randrange(len(words))
            if len(words[i]) > 2:
                mark = (
                    persian.TATWEEL if kind == "tatweel" else rng.choice(persian.ARABIC_DIACRITICS)
                )
                words[i] = words[i][:2] + mark + words[i][2:]
            sentence = " ".join(words)
    return sentence


class Corpus:
    """Random articles recombined from a pool of (variant) corpus sentences."""

    def __init__(self, seed: int = 3, variants_per_sentence: int = 12):
        self.rng = random.Random(seed)
        self.title, sentences = corpus_sentences()
        self.pool = list(sentences)
        for sentence in sentences:
            self.pool += [inject_variant(sentence, self.rng) for _ in range(variants_per_sentence)]

    def raw_article(self, number: int, rng: random.Random | None = None) -> dict:
        """Title, lead and paragraphs (raw, un-normalized) of article ``number``; the
        title ends with the number so every article is distinct."""
        rng = rng or self.rng
        paragraphs = [
            " ".join(rng.choice(self.pool) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(3, 7))
        ]
        city = rng.choice(CITIES)
        paragraphs.insert(
            rng.randrange(len(paragraphs) + 1), f"هیئتی از شهر {city} از نمایشگاه بازدید کرد."
        )
        title_words = rng.choice(self.pool).split()
        title = " ".join(title_words[: rng.randint(6, 12)])
        return {
            "title": title,
            "number": number,
            "lead": rng.choice(self.pool),
            "paragraphs": paragraphs,
        }

    def mehr_page(self, number: int) -> str:
        """A scraped Mehr page as the importer reads it: title, site name glued to the
        first body line, paragraphs separated by blank lines."""
        article = self.raw_article(number)
        first, *rest = [article["lead"], *article["paragraphs"]]
        title = f"{article['title']} ({article['number']})"
        return title + MEHR_SUFFIX + first + "\n\n" + "\n\n".join(rest) + "\n"


def summarize(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95_index = max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[p95_index], 3),
        "mean_ms": round(statistics.fmean(ordered), 3),
    }


@contextmanager
def database_url(engine: str) -> Iterator[str]:
    """DATABASE_URL for one engine: PostgreSQL from the environment or a throwaway
    cluster; SQLite in a temporary file."""
    if engine == "postgres":
        given = os.environ.get("DATABASE_URL", "")
        if given.startswith(("postgres", "pgsql")):
            yield given
            return
        from exhibition.throwaway_postgres import throwaway_postgres

        with throwaway_postgres(POSTGRES_SETTINGS) as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="exhibition-bench-") as workdir:
        yield f"sqlite:///{workdir}/bench.sqlite3"


def run_engines(module: str, argv: list[str], engines: list[str]) -> dict:
    """Run ``python -m module argv --child ENGINE`` per engine; echo its output and
    return {engine: the child's final JSON}."""
    results = {}
    for engine in engines:
        with database_url(engine) as url:
            print(f"=== {engine} ===", flush=True)
            proc = subprocess.run(
                [sys.executable, "-m", module, *argv, "--child", engine],
                env={**os.environ, "DATABASE_URL": url},
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
        lines = proc.stdout.rstrip("\n").split("\n")
        print("\n".join(lines[:-1]), flush=True)
        if proc.returncode != 0:
            raise SystemExit(f"{module} on {engine} failed (exit {proc.returncode})")
        results[engine] = json.loads(lines[-1])
    return results


def child_main(run: Callable[[str], dict], engine: str) -> None:
    """In the child: Django on DATABASE_URL, a fresh schema, then the measurement."""
    setup_django(os.environ["DATABASE_URL"])
    migrate()
    figures = run(engine)
    print(json.dumps(figures, ensure_ascii=False), flush=True)


def machine() -> dict:
    import platform
    import sqlite3

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
