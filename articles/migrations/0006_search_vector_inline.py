"""PostgreSQL: keep the tsvector inside the table row instead of in TOAST.

A news article's tsvector is ~2.5 kB, over the 2 kB TOAST threshold, and barely
compresses, so PostgreSQL stored it out of line: every match check and every ts_rank
fetched it through the TOAST index again (two reads per row, twice per row when ranked).
STORAGE MAIN keeps it in the row unless the row would not fit a page. Rows written
before this migration are rewritten so that they move in too (the generated column is
recomputed on update). Not atomic: the ALTER's exclusive lock is released at once, and
the rewrite then only locks rows, so the site keeps reading during it.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN",
    "UPDATE articles_article SET search_document = search_document",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE EXTENDED",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0005_search_recency_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
