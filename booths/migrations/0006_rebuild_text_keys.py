"""Stored text keys follow the spelling rules of exhibition/persian/spelling.py (hamza
classes, glued words and clitics, «و» compounds, digits glued to words) and English
words' Snowball stems (exhibition/persian/english.py): articles' and exhibitors' search
documents and the mentions found from them are rebuilt by ``manage.py
rebuild_text_keys``'s own function. It lives in booths because mentions do (booths may
use articles, never the reverse)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    # Nothing stored, nothing to rebuild: a new database (and every test database) skips
    # the current models, which may already have columns later migrations add.
    Article = apps.get_model("articles", "Article")
    Exhibitor = apps.get_model("booths", "Exhibitor")
    if not Article.objects.exists() and not Exhibitor.objects.exists():
        return
    # The current pipeline, on purpose: keys must match what save() writes now.
    from exhibition.text_keys import text_keys_rebuild

    text_keys_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("booths", "0005_exhibitor_history"),
        ("articles", "0014_article_history"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
