"""Stored text keys follow the keys' new rules, rebuilt once as 0006 does (articles' and
exhibitors' search documents, sort keys, then the mentions):

- a word ending in silent «ه» and its clitic («رسانه‌ای», «آمده‌اند»), and a known
  compound written apart («زیر زمینی»), are also stored as one token
  (exhibition/persian/keys.py), which a search looks up;
- the lexicon's new readings (spelling.py, lexicon format 3): a word glued to its
  auxiliary verb is the two words («تشکیلشده»), a part that starts with «و» and is a
  word of its own stays one («بهره‌وری»), and words that only looked like «و» compounds
  («سینه», «همزن») stay whole."""

from importlib import import_module

from django.db import migrations

rebuild = import_module("booths.migrations.0006_rebuild_text_keys").rebuild


class Migration(migrations.Migration):
    dependencies = [
        ("booths", "0009_rebuild_text_keys"),
        ("articles", "0018_image_sizes"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
