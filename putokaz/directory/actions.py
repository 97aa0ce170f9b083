"""Audited writes on the guide: save, publish, withdraw and verify services; save locations;
import services from HSDS files."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.concurrency import check_version
from putokaz.core.history import authored
from putokaz.directory.hsds_plan import ImportPlan, ServicePlan
from putokaz.directory.models import Location, Phone, Service, ServiceLanguage


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


def services_import(*, plan: ImportPlan, acting_user: User, source: str = "") -> None:
    """Save a checked HSDS import ``plan`` in one transaction: all of it or, if anything
    fails, nothing. Services and locations are written as their editors write them, with
    the importing user in the history and the access log (purpose ``hsds-import FILE``); a
    service's ``updated_at`` becomes the file's ``last_modified``, so that importing the same
    file again changes nothing and a later edit here is recognised as newer."""
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing was imported."))
    purpose = f"hsds-import {source}".strip()
    services = plan.to_save()
    skipped = {p.service.pk for p in plan.services if p.skipped}
    locations = [p for p in plan.locations if p.from_file and not p.skipped]
    with transaction.atomic(durable=True):
        for service_plan in services:
            _check_import_allowed(service_plan, acting_user)
        for location_plan in locations:
            if location_plan.location.organisation.pk is not None:
                _check_may_edit(acting_user, location_plan.location.organisation)
        needed = {p.service.organisation.uuid for p in services} | {
            p.location.organisation.uuid for p in locations if p.changed
        }
        for organisation in plan.organisations:
            if organisation.uuid in needed:
                organisation.save()
                log_access(
                    actor=acting_user, action=Action.CREATE, obj=organisation, purpose=purpose
                )
        for location_plan in locations:
            if location_plan.changed:
                location = location_plan.location
                authored(location, acting_user, purpose).save()
                log_access(
                    actor=acting_user,
                    action=Action.CREATE if location_plan.creating else Action.UPDATE,
                    obj=location,
                    purpose=purpose,
                )
        for service_plan in services:
            _save_imported_service(service_plan, acting_user, purpose)
        _save_imported_phones(
            plan,
            services={p.service.pk for p in services},
            locations={p.location.pk for p in locations},
            listed={p.service.pk for p in services if p.phones_given}
            | {p.location.pk for p in locations if p.phones_given},
            skipped=skipped,
        )
        # Last: saving locations and phones moved their services' updated_at to now.
        for service_plan in services:
            Service.objects.filter(pk=service_plan.service.pk).update(
                updated_at=service_plan.modified or timezone.now()
            )


def _check_import_allowed(service_plan: ServicePlan, acting_user: User) -> None:
    """Checked again in the transaction: rights, and that nobody changed the service since."""
    organisation = service_plan.service.organisation
    if organisation.pk is None:
        if not acting_user.is_system_admin:
            raise PermissionDenied(_("Only a system administrator may add organisations."))
    else:
        _check_may_edit(acting_user, organisation)
    if not service_plan.creating:
        current = Service.objects.select_for_update().get(pk=service_plan.service.pk)
        if current.updated_at != service_plan.seen_at:
            raise ValidationError(
                _(
                    "Meanwhile someone changed %(service)s: nothing was imported. Import the "
                    "file again to check it against the change."
                ),
                params={"service": current},
            )
    elif Service.objects.filter(pk=service_plan.service.pk).exists():
        raise ValidationError(
            _(
                "Meanwhile someone added %(service)s: nothing was imported. Import the file "
                "again to check it against the change."
            ),
            params={"service": service_plan.service},
        )


def _save_imported_service(service_plan: ServicePlan, acting_user: User, purpose: str) -> None:
    service = service_plan.service
    authored(service, acting_user, purpose).save()
    service.service_areas.set(service_plan.areas)
    service.domains.set(service_plan.domains)
    service.target_groups.set(service_plan.target_groups)
    # Rows the file no longer has go first: their codes and places may be reused.
    for manager, wanted in (
        (service.schedules, service_plan.schedules),
        (service.languages, service_plan.languages),
        (service.required_documents, service_plan.documents),
        (service.service_at_locations, service_plan.links),
    ):
        manager.exclude(pk__in=[row.pk for row in wanted]).delete()
        for row in wanted:
            row.service = service
            row.save()
    log_access(
        actor=acting_user,
        action=Action.CREATE if service_plan.creating else Action.UPDATE,
        obj=service,
        purpose=purpose,
    )


def _save_imported_phones(
    plan: ImportPlan,
    *,
    services: set[Any],
    locations: set[Any],
    listed: set[Any],
    skipped: set[Any],
) -> None:
    """The file's phones of the saved services and locations; those it no longer lists for
    a service or location whose phones it lists leave it (and go, belonging to nothing)."""
    for phone in plan.phones:
        if phone.service_id in skipped:
            continue
        if phone.service_id in services or phone.location_id in locations:
            phone.save()
    wanted = [phone.pk for phone in plan.phones]
    for gone in Phone.objects.filter(
        Q(service_id__in=services & listed) | Q(location_id__in=locations & listed)
    ).exclude(pk__in=wanted):
        if gone.service_id in listed:
            gone.service = None
        if gone.location_id in listed:
            gone.location = None
        if gone.service_id is None and gone.location_id is None:
            gone.delete()
        else:
            gone.save()
