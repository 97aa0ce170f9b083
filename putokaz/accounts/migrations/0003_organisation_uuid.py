"""Give every organisation its own public UUID (the HSDS organization id)."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    for organisation in Organisation.objects.filter(uuid__isnull=True):
        organisation.uuid = uuid.uuid4()
        organisation.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_alter_historicalmembership_role_and_more")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"),
        ),
    ]
