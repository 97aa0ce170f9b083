"""Permission-checked fetches for editing the guide."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, OrganisationQuerySet, Role
from putokaz.directory.models import Location, Service


def organisations_editable_by(user: Any) -> OrganisationQuerySet:
    """Organisations whose guide entries ``user`` keeps (the same rule as ``keeps_guide_for``)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_system_admin:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role__in=[Role.ORG_ADMIN, Role.EDITOR],
        memberships__ended_at__isnull=True,
    ).distinct()


def get_organisation_for_editor(user: Any, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not user.has_perm("directory.edit_services", organisation):
        raise Http404(_("No such organisation."))
    return organisation


def get_service_for_editor(user: Any, pk: Any) -> Service:
    """A service (draft or published) that ``user`` may edit; anyone else gets a 404."""
    service = Service.objects.select_related("organisation").filter(pk=pk).first()
    if service is None or not user.has_perm("directory.edit_services", service.organisation):
        raise Http404(_("No such service."))
    return service


def get_location_for_editor(user: Any, pk: Any) -> Location:
    """A place of an organisation whose entries ``user`` keeps; anyone else gets a 404."""
    location = Location.objects.select_related("organisation").filter(pk=pk).first()
    if location is None or not user.has_perm("directory.edit_services", location.organisation):
        raise Http404(_("No such place."))
    return location
