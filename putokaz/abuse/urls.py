from django.urls import path

from putokaz.abuse import views

app_name = "abuse"
urlpatterns = [
    path("abuse/new/", views.report_new, name="report_new"),
    path("cases/<uuid:public_id>/abuse/", views.overview, name="overview"),
    path("cases/<uuid:public_id>/abuse/measures/", views.measure_add, name="measure_add"),
    path(
        "cases/<uuid:public_id>/abuse/notifications/",
        views.notification_add,
        name="notification_add",
    ),
    path(
        "cases/<uuid:public_id>/abuse/notifications/<int:pk>/",
        views.notification_respond,
        name="notification_respond",
    ),
    path("cases/<uuid:public_id>/abuse/follow-ups/", views.follow_up_add, name="follow_up_add"),
]
