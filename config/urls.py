from django.contrib import admin
from django.urls import include, path

from putokaz.core.views import healthz

urlpatterns = [
    path("", include("putokaz.accounts.urls")),
    path("", include("putokaz.directory.urls")),
    path("", include("putokaz.people.urls")),
    path("", include("putokaz.cases.urls")),
    path("", include("putokaz.protection.urls")),
    path("", include("putokaz.trafficking.urls")),
    path("", include("putokaz.abuse.urls")),
    path("", include("putokaz.crisis.urls")),
    path("", include("putokaz.referrals.urls")),
    path("", include("putokaz.notifications.urls")),
    path("", include("putokaz.rights.urls")),
    path("", include("putokaz.trainings.urls")),
    path("", include("putokaz.reports.urls")),
    path("api/v1/", include("putokaz.core.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
