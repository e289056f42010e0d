"""Full-text index over Article.search_document, one per database engine.

The document already holds canonical search tokens (exhibition.persian.search_key), so
both engines only split on spaces: PostgreSQL with the 'simple' configuration behind a
GIN expression index, SQLite with an FTS5 table kept in sync by triggers.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX articles_article_search_gin ON articles_article "
    "USING gin (to_tsvector('simple'::regconfig, search_document))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS articles_article_search_gin"]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE articles_article_fts USING fts5("
    "search_document, content='articles_article', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER articles_article_fts_ai AFTER INSERT ON articles_article BEGIN "
    "INSERT INTO articles_article_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER articles_article_fts_ad AFTER DELETE ON articles_article BEGIN "
    "INSERT INTO articles_article_fts(articles_article_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER articles_article_fts_au AFTER UPDATE OF search_document "
    "ON articles_article BEGIN "
    "INSERT INTO articles_article_fts(articles_article_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO articles_article_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_fts_ai",
    "DROP TRIGGER IF EXISTS articles_article_fts_ad",
    "DROP TRIGGER IF EXISTS articles_article_fts_au",
    "DROP TABLE IF EXISTS articles_article_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
