"""What the trafficking app adds to the case page: the status, the last screening and the
safety plan's next review, with the link to the trafficking page."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from putokaz.cases.models import CaseType
from putokaz.core.sections import Section, add_section
from putokaz.trafficking.models import SafetyPlanItem, Screening
from putokaz.trafficking.records import current_status


def case_trafficking(user: Any, case: Any) -> Section | None:
    """On a trafficking case, or any case screened for trafficking (the case page has already
    checked that ``user`` may see the case)."""
    screening = Screening.objects.filter(case=case).first()
    if case.case_type != CaseType.TRAFFICKING and screening is None:
        return None
    next_review = (
        SafetyPlanItem.objects.filter(case=case, status=SafetyPlanItem.Status.OPEN)
        .order_by("review_on")
        .values_list("review_on", flat=True)
        .first()
    )
    return Section(
        title=_("Trafficking"),
        template="trafficking/case_trafficking.html",
        context={
            "case": case,
            "screening": screening,
            "status": current_status(case),
            "next_review": next_review,
        },
    )


add_section("case", case_trafficking)
