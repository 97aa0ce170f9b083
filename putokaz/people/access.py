"""Permission-checked fetches of people and households; every fetch for a page is logged."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.ids import parse_uuid
from putokaz.people.models import (
    Household,
    Person,
    PersonMerge,
    PossibleDuplicate,
    case_organisation_ids,
)


def case_organisations_of(user: Any) -> list[Organisation]:
    """The organisations where ``user`` may register people (as case worker or supervisor)."""
    return list(Organisation.objects.filter(pk__in=case_organisation_ids(user)).order_by("pk"))


def get_casework_organisation(user: Any, chosen: str = "") -> Organisation:
    """The organisation ``user`` registers people and opens cases for: the one ``chosen``
    (its pk, from the form) if they do casework there, else their first."""
    organisations = case_organisations_of(user)
    if not organisations:
        raise PermissionDenied(
            _("Only the case workers and supervisors of an organisation may register people.")
        )
    return next((o for o in organisations if str(o.pk) == chosen), organisations[0])


def get_person_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Person:
    """The person if ``user`` may open their file, else a 404 (outsiders learn nothing).

    With ``request``, the view is recorded in the access log.
    """
    key = parse_uuid(public_id)
    if key is None:
        raise Http404(_("No such record."))
    person = (
        Person.objects.visible_to(user)
        .filter(public_id=key)
        .select_related("organisation", "municipality")
        .first()
    )
    if person is None:
        raise Http404(_("No such person."))
    if request is not None:
        log_access(actor=user, action=Action.VIEW, obj=person, request=request)
    return person


def get_household_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Household:
    key = parse_uuid(public_id)
    if key is None:
        raise Http404(_("No such record."))
    household = (
        Household.objects.visible_to(user)
        .filter(public_id=key)
        .select_related("organisation", "municipality")
        .first()
    )
    if household is None:
        raise Http404(_("No such household."))
    if request is not None:
        log_access(actor=user, action=Action.VIEW, obj=household, request=request)
    return household


def get_possible_duplicate_for_user(user: Any, pk: int) -> PossibleDuplicate:
    """A possible duplicate ``user`` reviews, else a 404."""
    pair = (
        PossibleDuplicate.objects.for_reviewer(user)
        .select_related("person__organisation", "other__organisation", "found_by")
        .filter(pk=pk)
        .first()
    )
    if pair is None:
        raise Http404(_("No such record."))
    return pair


def get_merge_for_user(user: Any, pk: int) -> PersonMerge:
    """A merge whose kept record ``user`` may open, else a 404."""
    merge = (
        PersonMerge.objects.filter(pk=pk, survivor__in=Person.objects.visible_to(user).values("pk"))
        .select_related("survivor", "merged", "merged_by", "undone_by")
        .first()
    )
    if merge is None:
        raise Http404(_("No such record."))
    return merge
