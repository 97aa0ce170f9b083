from django.urls import path

from putokaz.directory import api, editing, printed, views

app_name = "directory"
urlpatterns = [
    # The public guide
    path("guide/", views.guide_home, name="guide_home"),
    path("guide/services/", views.service_list, name="service_list"),
    path("guide/map/", views.service_map, name="service_map"),
    path("guide/services/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("guide/organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path(
        "guide/municipalities/<str:code>/guide.pdf",
        printed.municipality_guide_pdf,
        name="municipality_guide_pdf",
    ),
    # Keeping an organisation's entries (signed in)
    path(
        "organisations/<int:pk>/services/",
        editing.organisation_services,
        name="organisation_services",
    ),
    path("organisations/<int:pk>/services/new/", editing.service_create, name="service_create"),
    path("services/<uuid:pk>/edit/", editing.service_edit, name="service_edit"),
    path("organisations/<int:pk>/locations/new/", editing.location_create, name="location_create"),
    path("locations/<uuid:pk>/edit/", editing.location_edit, name="location_edit"),
    path(
        "services/<uuid:pk>/publication/", editing.service_publication, name="service_publication"
    ),
    path("services/<uuid:pk>/verify/", editing.service_verify, name="service_verify"),
    path("services/needs-verification/", editing.needs_verification, name="needs_verification"),
    # The HSDS 3.0 API (read-only, public)
    path("hsds/", api.Root.as_view(), name="hsds_root"),
    path("hsds/openapi.json", api.OpenApi.as_view(), name="hsds_openapi"),
    path("hsds/profile", api.Profile.as_view(), name="hsds_profile"),
    path("hsds/services", api.ServiceList.as_view(), name="hsds_services"),
    path("hsds/services/<uuid:pk>", api.ServiceDetail.as_view(), name="hsds_service"),
    path("hsds/organizations", api.OrganizationList.as_view(), name="hsds_organizations"),
    path("hsds/organizations/<str:pk>", api.OrganizationDetail.as_view(), name="hsds_organization"),
    path("hsds/taxonomies", api.TaxonomyList.as_view(), name="hsds_taxonomies"),
    path("hsds/taxonomy_terms", api.TaxonomyTermList.as_view(), name="hsds_taxonomy_terms"),
    path(
        "hsds/service_at_locations",
        api.ServiceAtLocationList.as_view(),
        name="hsds_service_at_locations",
    ),
]
