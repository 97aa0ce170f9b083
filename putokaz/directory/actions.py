"""Audited writes on the guide: save, publish, withdraw and verify services; save locations."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.concurrency import check_version
from putokaz.directory.models import Location, Service, ServiceLanguage


def _check_may_edit(acting_user: User, organisation: Organisation) -> None:
    if not acting_user.has_perm("directory.edit_services", organisation):
        raise PermissionDenied(
            _("Only the organisation's administrators and guide editors may change its entries.")
        )


def service_save(
    *,
    organisation: Organisation,
    form: Any,
    formsets: list[Any],
    languages: list[str],
    acting_user: User,
    request: Any = None,
) -> Service:
    """Save a service from its validated form and formsets, unless someone else saved it meanwhile.

    New services start as drafts; the public sees them once published.
    """
    _check_may_edit(acting_user, organisation)
    with transaction.atomic(durable=True):
        creating = form.instance._state.adding
        if not creating:
            current = Service.objects.select_for_update().get(pk=form.instance.pk)
            check_version(current, form.cleaned_data.get("version", ""))
        service: Service = form.save(commit=False)
        service.organisation = organisation
        service.save()
        form.save_m2m()
        for formset in formsets:
            formset.instance = service
            formset.save()
        service.languages.exclude(code__in=languages).delete()
        for code in languages:
            ServiceLanguage.objects.get_or_create(service=service, code=code)
        log_access(
            actor=acting_user,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=service,
            request=request,
        )
    return service


def service_set_publication(
    *, service: Service, publish: bool, acting_user: User, request: Any = None
) -> Service:
    """Publish a draft in the guide, or withdraw a published entry back to draft."""
    _check_may_edit(acting_user, service.organisation)
    with transaction.atomic(durable=True):
        current = Service.objects.select_for_update().get(pk=service.pk)
        current.publication = (
            Service.Publication.PUBLISHED if publish else Service.Publication.DRAFT
        )
        current.save(update_fields=["publication", "updated_at"])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose=current.publication,
            request=request,
        )
    return current


def service_verify(*, service: Service, acting_user: User, request: Any = None) -> Service:
    """Record that someone checked today that the entry is still right."""
    _check_may_edit(acting_user, service.organisation)
    with transaction.atomic(durable=True):
        current = Service.objects.select_for_update().get(pk=service.pk)
        current.verified_on = timezone.localdate()
        current.verified_by = acting_user
        current.save(update_fields=["verified_on", "verified_by", "updated_at"])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="verified",
            request=request,
        )
    return current


def location_save(
    *,
    organisation: Organisation,
    form: Any,
    phones: Any,
    acting_user: User,
    request: Any = None,
) -> Location:
    """Save one of the organisation's places with its phones, unless someone else saved it
    meanwhile. The services delivered there show the change at once (their HSDS
    ``last_modified`` moves too, see signals)."""
    _check_may_edit(acting_user, organisation)
    with transaction.atomic(durable=True):
        creating = form.instance._state.adding
        if not creating:
            current = Location.objects.select_for_update().get(pk=form.instance.pk)
            if current.organisation_id != organisation.pk:
                raise PermissionDenied(_("This place belongs to another organisation."))
            check_version(current, form.cleaned_data.get("version", ""))
        location: Location = form.save(commit=False)
        location.organisation = organisation
        location.save()
        phones.instance = location
        phones.save()
        log_access(
            actor=acting_user,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=location,
            request=request,
        )
    return location
