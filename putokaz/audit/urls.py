from django.urls import path

from putokaz.audit import views

app_name = "audit"
urlpatterns = [
    path("organisations/<int:pk>/access-log/", views.organisation_log, name="organisation_log"),
]
