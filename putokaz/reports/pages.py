"""What the reports app adds to other pages: its entry in the navigation, and a returnee
family's reintegration scores on its case page (for those who may open the case)."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.context_processors import add_navigation
from putokaz.core.sections import Section, add_section
from putokaz.reports.reintegration import case_has_scores, family_scores


def reports_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    # Every member of an organisation sees its reports (aggregates only).
    if roles or user.is_superuser:
        return [(reverse("reports:home"), _("Reports"))]
    return []


def case_reintegration(user: Any, case: Any) -> Section | None:
    if not case_has_scores(case):
        return None
    return Section(
        title=_("Reintegration progress"),
        template="reports/case_reintegration.html",
        context={"scores": family_scores(case)},
    )


add_navigation(reports_entry)
add_section("case", case_reintegration)
