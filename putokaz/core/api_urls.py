"""/api/v1/: the REST API of people, households, cases, referrals and training events, and its
OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from putokaz.abuse.api import AbuseReportViewSet
from putokaz.cases.api import CaseViewSet
from putokaz.crisis.api import CrisisInterventionViewSet
from putokaz.people.api import HouseholdViewSet, PersonViewSet
from putokaz.protection import api as protection_api
from putokaz.referrals.api import ReferralViewSet
from putokaz.reports import api as reports_api
from putokaz.trafficking import api as trafficking_api
from putokaz.trainings.api import EventViewSet

app_name = "api"

router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("events", EventViewSet, basename="event")
router.register("abuse-reports", AbuseReportViewSet, basename="abuse-report")
router.register("crisis-interventions", CrisisInterventionViewSet, basename="crisis-intervention")
router.register(
    "child-identifications",
    protection_api.ChildIdentificationViewSet,
    basename="child-identification",
)
router.register(
    "guardian-appointments",
    protection_api.GuardianAppointmentViewSet,
    basename="guardian-appointment",
)
router.register("placements", protection_api.PlacementViewSet, basename="placement")
router.register(
    "best-interests-assessments",
    protection_api.BestInterestsAssessmentViewSet,
    basename="best-interests-assessment",
)
router.register(
    "best-interests-determinations",
    protection_api.BestInterestsDeterminationViewSet,
    basename="best-interests-determination",
)
router.register("family-tracing", protection_api.FamilyTracingViewSet, basename="family-tracing")
router.register(
    "asylum-milestones", protection_api.AsylumMilestoneViewSet, basename="asylum-milestone"
)
router.register(
    "trafficking-screenings", trafficking_api.ScreeningViewSet, basename="trafficking-screening"
)
router.register("trafficking-status", trafficking_api.StatusViewSet, basename="trafficking-status")
router.register(
    "safety-plan-measures", trafficking_api.SafetyPlanViewSet, basename="safety-plan-measure"
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("reports/network/", reports_api.network_report, name="report_network"),
    path(
        "reports/municipalities/<str:code>/",
        reports_api.municipality_report,
        name="report_municipality",
    ),
    path(
        "reports/organisations/<int:pk>/",
        reports_api.organisation_report,
        name="report_organisation",
    ),
    *router.urls,
]
