"""On PostgreSQL, name keys compare in code-point order and have detailed statistics.

Person search finds the keys starting with a prefix by a range, key >= 'petro' AND
key < 'petrp', which the B-tree index serves. In code-point order (SQLite's default)
that range holds exactly the keys with the prefix; in a language collation (sr_RS,
en_US, ICU) letters such as ø sort inside it, so the column gets the C collation and
needs no LIKE beside the range (a LIKE there makes PostgreSQL count the condition
twice). Django's field has no db_collation, since SQLite has no "C": an AlterField on
this column must keep the collation.

The planner estimates how many people have a key from the column's most common values:
with the default 100 of them, a name as common as "Arben" (a few thousand people in a
million) was estimated at one row, and a two-word search chose a nested loop that took
seconds (benchmarks/casework.py). With 1,000 every key common enough to matter is
counted.
"""

from django.db import migrations

FORWARD = [
    'ALTER TABLE people_personnamekey ALTER COLUMN "key" TYPE varchar(100) COLLATE "C"',
    'ALTER TABLE people_personnamekey ALTER COLUMN "key" SET STATISTICS 1000',
    "ANALYZE people_personnamekey",
]
BACKWARD = [
    'ALTER TABLE people_personnamekey ALTER COLUMN "key" SET STATISTICS -1',
    'ALTER TABLE people_personnamekey ALTER COLUMN "key" TYPE varchar(100) COLLATE "default"',
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
