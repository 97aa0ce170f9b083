from django.urls import path

from putokaz.protection import views

app_name = "protection"
urlpatterns = [
    path("children/", views.overview, name="overview"),
    path("children/guardians/", views.guardian_register, name="guardian_register"),
    path("cases/<uuid:public_id>/child/", views.child_detail, name="child_detail"),
    path(
        "cases/<uuid:public_id>/child/identification/",
        views.identification_edit,
        name="identification_edit",
    ),
    path("cases/<uuid:public_id>/child/adults/", views.adult_add, name="adult_add"),
    path("cases/<uuid:public_id>/child/guardian/", views.guardian_appoint, name="guardian_appoint"),
    path(
        "cases/<uuid:public_id>/child/guardian/<int:pk>/end/",
        views.guardian_end,
        name="guardian_end",
    ),
    path("cases/<uuid:public_id>/child/placements/", views.placement_add, name="placement_add"),
    path(
        "cases/<uuid:public_id>/child/placements/<int:pk>/end/",
        views.placement_end,
        name="placement_end",
    ),
    path(
        "cases/<uuid:public_id>/child/best-interests/assessments/new/",
        views.assessment_new,
        name="assessment_new",
    ),
    path(
        "cases/<uuid:public_id>/child/best-interests/assessments/<int:pk>/decide/",
        views.assessment_decide,
        name="assessment_decide",
    ),
    path(
        "cases/<uuid:public_id>/child/best-interests/determinations/new/",
        views.determination_new,
        name="determination_new",
    ),
    path("cases/<uuid:public_id>/child/tracing/", views.tracing_add, name="tracing_add"),
    path(
        "cases/<uuid:public_id>/child/tracing/<int:pk>/",
        views.tracing_update,
        name="tracing_update",
    ),
    path("cases/<uuid:public_id>/child/asylum/", views.milestone_add, name="milestone_add"),
]
