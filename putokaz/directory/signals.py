"""Keep services' derived data in step with what they are linked to.

A service's search text includes its organisation's names; its ``updated_at`` (HSDS
``last_modified``) moves when its organisation, a location or a location's phone
changes, so that consumers asking for ``modified_after`` see the change.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from putokaz.accounts.models import Organisation
from putokaz.directory.models import Location, Phone, Service


@receiver(post_save, sender=Organisation)
def refresh_search_text(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    services = list(Service.objects.filter(organisation=instance).select_related("organisation"))
    for service in services:
        service.search_text = service.build_search_text()
        service.updated_at = timezone.now()
    Service.objects.bulk_update(services, ["search_text", "updated_at"], batch_size=500)


@receiver(post_save, sender=Location)
@receiver(post_delete, sender=Location)
def touch_services_at_location(sender: Any, instance: Location, **kwargs: Any) -> None:
    Service.objects.filter(service_at_locations__location_id=instance.pk).update(
        updated_at=timezone.now()
    )


@receiver(post_save, sender=Phone)
@receiver(post_delete, sender=Phone)
def touch_services_of_phone(sender: Any, instance: Phone, **kwargs: Any) -> None:
    if instance.location_id:
        Service.objects.filter(service_at_locations__location_id=instance.location_id).update(
            updated_at=timezone.now()
        )
