"""The blocking keys of the people registered before search-before-create stored them.

Computed with the matching code of this release (``matching.stored``); a later change to
the keys comes with a migration of its own that computes them again.
"""

from django.db import migrations

from putokaz.people.matching.stored import Spelling, person_fields, records, stored_keys

BATCH = 2000


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    OtherSpelling = apps.get_model("people", "OtherSpelling")
    PersonMatchKey = apps.get_model("people", "PersonMatchKey")
    last = 0
    while True:
        people = list(Person.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not people:
            return
        spellings: dict[int, list[Spelling]] = {}
        for row in OtherSpelling.objects.filter(person__in=people):
            spellings.setdefault(row.person_id, []).append(
                Spelling(row.given_name, row.family_name)
            )
        PersonMatchKey.objects.bulk_create(
            PersonMatchKey(person_id=person.pk, key=key, birth_year=year)
            for person in people
            for key, year in sorted(
                stored_keys(records(person_fields(person), spellings.get(person.pk, []))), key=str
            )
        )
        last = people[-1].pk


def empty(apps, schema_editor):
    apps.get_model("people", "PersonMatchKey").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0003_match_keys_and_possible_duplicates")]

    operations = [migrations.RunPython(fill, empty, elidable=True)]
