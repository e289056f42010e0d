"""Stored exhibitor search documents gain the joined forms of ZWNJ compounds, so
«کلانشهر» finds «کلان‌شهر» in a name or alias."""

from django.db import migrations


def rebuild(apps, schema_editor):
    # The current pipeline, on purpose: documents must match what save() writes now.
    from booths.models import Exhibitor as CurrentExhibitor

    Exhibitor = apps.get_model("booths", "Exhibitor")
    names = ["name_fa", "name_en", "short_name_fa", "short_name_en", "aliases"]
    rows = list(Exhibitor.objects.only("pk", "search_document", *names))
    for row in rows:
        current = CurrentExhibitor(**{name: getattr(row, name) for name in names})
        row.search_document = current.build_search_document()
    Exhibitor.objects.bulk_update(rows, ["search_document"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("booths", "0003_refresh_persian_sort_keys")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
