from django.urls import path

from putokaz.people import duplicate_views, views

app_name = "people"
urlpatterns = [
    path("people/new/", views.person_register, name="person_register"),
    path("people/new/matches/", views.person_duplicates, name="person_duplicates"),
    path("people/duplicates/", duplicate_views.duplicate_queue, name="duplicate_queue"),
    path("people/duplicates/<int:pk>/", duplicate_views.duplicate_review, name="duplicate_review"),
    path("people/merges/<int:pk>/", duplicate_views.merge_detail, name="merge_detail"),
    path("people/merges/<int:pk>/undo/", duplicate_views.merge_undo, name="merge_undo"),
    path("people/<uuid:public_id>/", views.person_detail, name="person_detail"),
    path("people/<uuid:public_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<uuid:public_id>/migration/", views.migration_edit, name="migration_edit"),
    path(
        "people/<uuid:public_id>/household/new/",
        views.household_register,
        name="household_register",
    ),
    path("households/<uuid:public_id>/", views.household_detail, name="household_detail"),
    path(
        "households/<uuid:public_id>/members/add/",
        views.household_member_add,
        name="household_member_add",
    ),
    path(
        "households/<uuid:public_id>/members/<int:pk>/leave/",
        views.household_member_leave,
        name="household_member_leave",
    ),
]
