"""Mentions on a large archive: an alias edit against recomputing every article.

    DJANGO_SETTINGS_MODULE=exhibition.settings.test \\
        .venv/bin/python -m benchmarks.mentions [articles]

Builds a throwaway SQLite database in memory (or uses DATABASE_URL), loads the booths
facts fixture, bulk-inserts synthetic articles (1 in 50 names district 22), then times
``mentions_recompute_for_exhibitor`` after an alias edit (candidates from the search
index) against the baseline ``mentions_recompute_all`` (every article, in batches).
"""

import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exhibition.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402
from booths.models import Exhibitor, Mention  # noqa: E402
from booths.services import (  # noqa: E402
    exhibitor_update,
    mentions_recompute_all,
    mentions_recompute_for_exhibitor,
)
from exhibition import persian  # noqa: E402

WORDS = [
    "نمایشگاه",
    "شهر",
    "مدیریت",
    "شهری",
    "همکاری",
    "خواهرخواندگی",
    "پروژه",
    "حمل",
    "و",
    "نقل",
    "فضای",
    "سبز",
    "مردم",
]


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/20_booths_facts.json", verbosity=0)
    rng = random.Random(4)
    now = timezone.now()
    rows = []
    for n in range(count):
        words = rng.choices(WORDS, k=300)
        if n % 50 == 0:
            words[rng.randrange(300)] = "شهرداری منطقه ۲۲"
        rows.append(
            Article(
                news_code=n + 1,
                title=f"خبر {n}",
                slug=f"news-{n}",
                body="",
                status="published",
                published_at=now,
                search_document=persian.search_key(" ".join(words)),
            )
        )
    Article.objects.bulk_create(rows, batch_size=1000)

    started = time.perf_counter()
    mentions_recompute_all()
    baseline = time.perf_counter() - started
    district = Exhibitor.objects.get(district=22)
    aliases = district.aliases + "\nمنطقه بیست‌ودوم تهران"
    persian.preload()  # saving normalizes names with hazm; its start-up is not measured
    started = time.perf_counter()
    exhibitor_update(exhibitor=district, aliases=aliases)  # recomputes through the search index
    edit = time.perf_counter() - started
    started = time.perf_counter()
    mentions_recompute_for_exhibitor(exhibitor=district)
    service = time.perf_counter() - started
    print(f"articles: {count}, mentions: {Mention.objects.count()}")
    print(f"recompute every article (baseline): {baseline:.2f} s")
    print(f"alias edit on district 22 (update): {edit:.2f} s")
    print(f"of which the recompute:             {service:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
