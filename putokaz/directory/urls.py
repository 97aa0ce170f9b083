from django.urls import path

from putokaz.directory import editing, views

app_name = "directory"
urlpatterns = [
    # The public guide
    path("guide/", views.guide_home, name="guide_home"),
    path("guide/services/", views.service_list, name="service_list"),
    path("guide/services/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("guide/organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    # Keeping an organisation's entries (signed in)
    path(
        "organisations/<int:pk>/services/",
        editing.organisation_services,
        name="organisation_services",
    ),
    path("organisations/<int:pk>/services/new/", editing.service_create, name="service_create"),
    path("services/<uuid:pk>/edit/", editing.service_edit, name="service_edit"),
    path(
        "services/<uuid:pk>/publication/", editing.service_publication, name="service_publication"
    ),
    path("services/<uuid:pk>/verify/", editing.service_verify, name="service_verify"),
    path("services/needs-verification/", editing.needs_verification, name="needs_verification"),
]
