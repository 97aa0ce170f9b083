from django.urls import path

from putokaz.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.guide_home, name="guide_home"),
    path("services/", views.service_list, name="service_list"),
    path("services/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
