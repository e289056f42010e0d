"""PostgreSQL: keep the GIN index's pending list short.

With ``fastupdate`` (the default) new entries go to an unsorted pending list that every
search reads in full until VACUUM or an insert past ``gin_pending_list_limit`` (4 MB by
default) merges it into the index. After an import that is up to 500 pages, 1–2 ms of
every search; 256 kB bounds it to 32 pages, and the merges become smaller and more
frequent instead of rarer and larger.
"""

from django.db import migrations

INDEX = "articles_article_search_gin"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_rebuild_search_documents")]

    operations = [
        migrations.RunPython(
            _run(f"ALTER INDEX {INDEX} SET (gin_pending_list_limit = 256)"),
            _run(f"ALTER INDEX {INDEX} RESET (gin_pending_list_limit)"),
        )
    ]
