from django.urls import path

from putokaz.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_home, name="home"),
    path("reports/network/", views.network_dashboard, name="network"),
    path(
        "reports/municipalities/<str:code>/",
        views.municipality_dashboard,
        name="municipality",
    ),
    path(
        "reports/organisations/<int:pk>/",
        views.organisation_dashboard,
        name="organisation",
    ),
]
