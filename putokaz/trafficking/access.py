"""Permission-checked fetches of a case's trafficking records: the case comes from
:func:`putokaz.cases.access.get_case_for_user` (sealed cases only to their named workers)."""

from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from putokaz.cases.models import Case
from putokaz.core.ids import parse_uuid
from putokaz.trafficking.models import SafetyPlanItem, Screening


def get_screening(case: Case, public_id: UUID | str) -> Screening:
    key = parse_uuid(public_id)
    screening = (
        Screening.objects.filter(case=case, public_id=key).select_related("screened_by").first()
        if key is not None
        else None
    )
    if screening is None:
        raise Http404(_("No such screening."))
    return screening


def get_safety_item(case: Case, pk: int) -> SafetyPlanItem:
    item = SafetyPlanItem.objects.filter(case=case, pk=pk).select_related("case").first()
    if item is None:
        raise Http404(_("No such measure."))
    return item
