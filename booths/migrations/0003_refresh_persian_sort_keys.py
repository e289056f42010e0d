"""Stored Persian sort keys follow the pipeline's alphabet, which now puts آ before ا."""

from django.db import migrations


def refresh(apps, schema_editor):
    # The current pipeline, on purpose: the keys must match what save() writes now.
    from booths.models import stored_sort_key

    Exhibitor = apps.get_model("booths", "Exhibitor")
    rows = list(Exhibitor.objects.only("pk", "name_fa", "name_en", "name_sort_fa"))
    for row in rows:
        row.name_sort_fa = stored_sort_key(row.name_fa or row.name_en or "")
    Exhibitor.objects.bulk_update(rows, ["name_sort_fa"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("booths", "0002_mentions")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
