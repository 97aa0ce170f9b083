"""What the abuse app adds to other pages: the report's summary on its case's page, and the
navigation entry for taking a new report."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.abuse.models import AbuseReport, AgencyNotification, FollowUp, ProtectiveMeasure
from putokaz.accounts.context_processors import add_navigation
from putokaz.cases.models import CaseType
from putokaz.core.sections import Section, add_section
from putokaz.people.models import CASE_ROLES


def case_abuse(user: Any, case: Any) -> Section | None:
    """On a case opened from a report of abuse or neglect (the case page has already checked
    that ``user`` may see the case). Other types cost the case page no query."""
    if case.case_type != CaseType.CHILD_PROTECTION:
        return None
    report = AbuseReport.objects.filter(case=case).first()
    if report is None:
        return None
    return Section(
        title=_("Report of abuse or neglect"),
        template="abuse/case_abuse.html",
        context={
            "case": case,
            "report": report,
            "measures": ProtectiveMeasure.objects.filter(case=case).count(),
            "notifications": AgencyNotification.objects.filter(case=case).count(),
            "last_follow_up": FollowUp.objects.filter(case=case).first(),
        },
    )


def report_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    if roles & set(CASE_ROLES):
        return [(reverse("abuse:report_new"), _("Report of abuse"))]
    return []


add_section("case", case_abuse)
add_navigation(report_entry)
