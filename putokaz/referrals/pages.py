"""What the referrals app adds to other pages: the case page's referrals, the header's inbox,
and the texts of its notifications."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.context_processors import add_navigation
from putokaz.core.sections import Section, add_section
from putokaz.notifications import kinds
from putokaz.people.models import CASE_ROLES
from putokaz.referrals.models import CaseConference, Referral


def case_referrals(user: Any, case: Any) -> Section:
    referrals = Referral.objects.filter(case=case).select_related(
        "to_organisation", "to_service", "referred_by"
    )
    return Section(
        title=_("Referrals"),
        template="referrals/case_referrals.html",
        context={"referrals": list(referrals), "case": case},
    )


def case_conferences(user: Any, case: Any) -> Section:
    return Section(
        title=_("Case conferences"),
        template="referrals/case_conferences.html",
        context={"conferences": list(CaseConference.objects.filter(case=case)), "case": case},
    )


def referrals_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    if roles & set(CASE_ROLES):
        return [(reverse("referrals:inbox"), _("Referrals"))]
    return []


add_section("case", case_referrals)
add_section("case", case_conferences)
add_navigation(referrals_entry)

kinds.register("referral_received", _("New referral from %(from)s"))
kinds.register("conference_recorded", _("%(from)s recorded a case conference you took part in"))
kinds.register("referral_acknowledged", _("%(to)s acknowledged your referral"))
kinds.register("referral_accepted", _("%(to)s accepted your referral"))
kinds.register("referral_declined", _("%(to)s declined your referral"))
kinds.register("referral_in_progress", _("%(to)s started work on your referral"))
kinds.register("referral_completed", _("%(to)s completed your referral: see the outcome"))
kinds.register("referral_cancelled", _("%(from)s cancelled a referral"))
kinds.register("referral_withdrawn", _("Consent was withdrawn for a referral from %(from)s"))
kinds.register(
    "referral_acknowledgement_overdue",
    _("A referral from %(from)s to %(to)s awaits acknowledgement past its time"),
)
kinds.register(
    "referral_completion_overdue",
    _("A referral from %(from)s to %(to)s is past its completion time"),
)
