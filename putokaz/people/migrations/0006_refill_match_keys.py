"""The blocking keys of every person computed again: duplicate detection gained keys for
a typo early in a name, a married name with a date a few days off or estimated, and typos
in both names (``matching.keys``); people stored before had only the earlier keys."""

import importlib

from django.db import migrations

_fill = importlib.import_module("putokaz.people.migrations.0004_fill_match_keys")


def refill(apps, schema_editor):
    apps.get_model("people", "PersonMatchKey").objects.all().delete()
    _fill.fill(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_duplicate_review_and_merge")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop, elidable=True)]
