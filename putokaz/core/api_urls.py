"""/api/v1/: the REST API of people, households, cases, referrals and training events, and its
OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from putokaz.abuse.api import AbuseReportViewSet
from putokaz.cases.api import CaseViewSet
from putokaz.people.api import HouseholdViewSet, PersonViewSet
from putokaz.referrals.api import ReferralViewSet
from putokaz.reports import api as reports_api
from putokaz.trainings.api import EventViewSet

app_name = "api"

router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("events", EventViewSet, basename="event")
router.register("abuse-reports", AbuseReportViewSet, basename="abuse-report")

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
