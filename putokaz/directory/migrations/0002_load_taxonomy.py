"""Load the service domains and target groups (data/taxonomy.csv)."""

from django.db import migrations

from putokaz.directory import reference


def load(apps, schema_editor):
    reference.load(apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
