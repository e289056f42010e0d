"""Stored search documents gain the joined forms of ZWNJ compounds (persian.index_key), so
«دانشبنیان» finds articles written «دانش‌بنیان». Rebuilt in batches; the FTS5 trigger and
the generated tsvector column follow the updated column by themselves."""

from django.db import migrations

BATCH_SIZE = 500


def rebuild(apps, schema_editor):
    # The current pipeline, on purpose: documents must match what save() writes now.
    from articles.text import search_document

    Article = apps.get_model("articles", "Article")
    fields = ["pk", "title", "kicker", "lead", "body", "search_document"]
    articles = Article.objects.only(*fields).prefetch_related("tags").order_by("pk")
    changed = []
    for article in articles.iterator(chunk_size=BATCH_SIZE):
        document = search_document(
            title=article.title, kicker=article.kicker, lead=article.lead,
            body_html=article.body,
            tag_names=[n for t in article.tags.all() for n in (t.name_fa, t.name_en) if n],
        )  # fmt: skip
        if document != article.search_document:
            article.search_document = document
            changed.append(article)
        if len(changed) == BATCH_SIZE:
            Article.objects.bulk_update(changed, ["search_document"])
            changed = []
    Article.objects.bulk_update(changed, ["search_document"], batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_search_vector_inline")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
