"""What the protection app adds to other pages: the child's summary on the case page and the
navigation entry of the children's overview."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.context_processors import add_navigation
from putokaz.cases.models import Case
from putokaz.core.sections import Section, add_section
from putokaz.people.models import CASE_ROLES
from putokaz.protection import records
from putokaz.protection.models import is_child_case


def case_child(user: Any, case: Any) -> Section | None:
    """On a child's case: identification, guardian, placement and the alerts, with the link."""
    if not is_child_case(case):
        return None
    loaded = records.with_protection(Case.objects.filter(pk=case.pk)).get()
    return Section(
        title=_("Protection of the child"),
        template="protection/case_child.html",
        context={"summary": records.summary(loaded), "case": case},
    )


def children_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    if roles & set(CASE_ROLES):
        return [(reverse("protection:overview"), _("Children"))]
    return []


add_section("case", case_child)
add_navigation(children_entry)
