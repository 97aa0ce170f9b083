"""Load Serbia's districts, cities, municipalities and city municipalities (data/municipalities.csv)."""

from django.db import migrations

from putokaz.geo import reference


def load(apps, schema_editor):
    reference.load(apps.get_model("geo", "District"), apps.get_model("geo", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
