"""Name keys per organisation: each person's name keys once for every organisation that
works with them — the holders of their file, and the organisations with a case about them
or about a household they now live in (``models.refresh_organisation_name_keys``).

Filled from the rows there are, a range of people at a time, by one INSERT … SELECT per
range. On PostgreSQL the key column gets the C collation and detailed statistics, as the
people's own name keys did (0002): the prefix ranges of search hold exactly the keys with
the prefix only in code-point order.
"""

import django.db.models.deletion
from django.db import migrations, models

# People per INSERT.
BATCH = 20_000

POSTGRESQL = [
    'ALTER TABLE people_organisationnamekey ALTER COLUMN "key" TYPE varchar(100) COLLATE "C"',
    'ALTER TABLE people_organisationnamekey ALTER COLUMN "key" SET STATISTICS 1000',
]


def collate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


# The person's keys for each holder of their file, each organisation with a case about
# them, and each with a case about a household they now live in.
FILL = """
INSERT INTO people_organisationnamekey (organisation_id, "key", person_id)
SELECT h.organisation_id, k."key", k.person_id FROM people_personnamekey k
JOIN people_personholder h ON h.person_id = k.person_id
WHERE k.person_id > %(low)s AND k.person_id <= %(high)s
UNION
SELECT c.organisation_id, k."key", k.person_id FROM people_personnamekey k
JOIN cases_case c ON c.person_id = k.person_id
WHERE k.person_id > %(low)s AND k.person_id <= %(high)s
UNION
SELECT c.organisation_id, k."key", k.person_id FROM people_personnamekey k
JOIN people_householdmember m ON m.person_id = k.person_id AND m.left_on IS NULL
JOIN cases_case c ON c.household_id = m.household_id
WHERE k.person_id > %(low)s AND k.person_id <= %(high)s
"""


def fill(apps, schema_editor):
    last = apps.get_model("people", "Person").objects.aggregate(last=models.Max("pk"))["last"]
    with schema_editor.connection.cursor() as cursor:
        for low in range(0, last or 0, BATCH):
            cursor.execute(FILL, {"low": low, "high": low + BATCH})
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("ANALYZE people_organisationnamekey")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_organisation_uuid"),
        ("cases", "0001_initial"),
        ("people", "0006_refill_match_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganisationNameKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=100)),
                (
                    "organisation",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organisation_name_keys",
                        to="people.person",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "key", "person"),
                        name="organisation_name_key_once",
                    )
                ],
            },
        ),
        migrations.RunPython(collate, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
