from django.urls import path

from putokaz.trafficking import views

app_name = "trafficking"
urlpatterns = [
    path("cases/<uuid:public_id>/trafficking/", views.overview, name="overview"),
    path(
        "cases/<uuid:public_id>/trafficking/screenings/new/",
        views.screening_new,
        name="screening_new",
    ),
    path(
        "cases/<uuid:public_id>/trafficking/screenings/<uuid:screening_id>/",
        views.screening_detail,
        name="screening_detail",
    ),
    path("cases/<uuid:public_id>/trafficking/status/", views.status_add, name="status_add"),
    path("cases/<uuid:public_id>/trafficking/safety/", views.safety_add, name="safety_add"),
    path(
        "cases/<uuid:public_id>/trafficking/safety/<int:pk>/",
        views.safety_update,
        name="safety_update",
    ),
    path("trafficking/htcds.csv", views.export_htcds, name="export_htcds"),
]
