"""What the crisis app adds to other pages: on a case opened from a crisis intervention, the
intervention it came from; the navigation entry of the crisis intake."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.context_processors import add_navigation
from putokaz.accounts.models import Role
from putokaz.cases.models import CaseType
from putokaz.core.sections import Section, add_section
from putokaz.crisis.models import CrisisIntervention
from putokaz.people.models import CASE_ROLES


def case_crisis(user: Any, case: Any) -> Section | None:
    """The interventions a crisis case was opened from. The case page has already checked
    that ``user`` may see the case: its workers are staff of the case's organisation, whose
    interventions they see (an intervention opens cases of its own organisation only)."""
    if case.case_type != CaseType.CRISIS:
        return None
    interventions = list(
        CrisisIntervention.objects.filter(case=case, organisation_id=case.organisation_id)
        .select_related("municipality")
        .order_by("received_at")
    )
    if not interventions:
        return None
    return Section(
        title=_("Crisis intervention"),
        template="crisis/case_crisis.html",
        context={"interventions": interventions},
    )


def crisis_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    if roles & {*CASE_ROLES, Role.SYSTEM_ADMIN}:
        return [(reverse("crisis:intervention_list"), _("Crisis intake"))]
    return []


add_section("case", case_crisis)
add_navigation(crisis_entry)
