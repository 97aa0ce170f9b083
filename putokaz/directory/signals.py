"""Keep the services' search text in step with their organisation's names."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from putokaz.accounts.models import Organisation
from putokaz.directory.models import Service


@receiver(post_save, sender=Organisation)
def refresh_search_text(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    services = list(Service.objects.filter(organisation=instance).select_related("organisation"))
    for service in services:
        service.search_text = service.build_search_text()
    Service.objects.bulk_update(services, ["search_text"], batch_size=500)
