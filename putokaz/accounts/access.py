"""Permission-checked fetches of organisations and memberships."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from putokaz.accounts.models import Membership, Organisation


def get_organisation_for_user(user: Any, pk: int, *, manage: bool = False) -> Organisation:
    """The organisation if ``user`` belongs to it (or may manage it, with ``manage``).

    Outsiders get a 404, so they learn nothing; members without the right get a 403.
    """
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not user.has_perm("accounts.view_members", organisation):
        raise Http404(_("No such organisation."))
    if manage and not user.has_perm("accounts.manage_members", organisation):
        raise PermissionDenied(_("Only the organisation's administrators may manage its members."))
    return organisation


def get_membership_for_user(user: Any, organisation: Organisation, pk: int) -> Membership:
    """A membership of ``organisation`` that ``user`` may manage."""
    if not user.has_perm("accounts.manage_members", organisation):
        raise PermissionDenied(_("Only the organisation's administrators may manage its members."))
    membership = (
        Membership.objects.filter(pk=pk, organisation=organisation).select_related("user").first()
    )
    if membership is None:
        raise Http404(_("No such membership."))
    return membership
