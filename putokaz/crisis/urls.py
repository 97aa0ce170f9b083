from django.urls import path

from putokaz.crisis import views

app_name = "crisis"
urlpatterns = [
    path("crisis/", views.intervention_list, name="intervention_list"),
    path("crisis/new/", views.intervention_new, name="intervention_new"),
    path("crisis/<uuid:public_id>/", views.intervention_detail, name="intervention_detail"),
    path("crisis/<uuid:public_id>/edit/", views.intervention_edit, name="intervention_edit"),
    path("crisis/<uuid:public_id>/responses/", views.response_add, name="response_add"),
    path("crisis/<uuid:public_id>/close/", views.intervention_close, name="intervention_close"),
    path("crisis/<uuid:public_id>/person/", views.intervention_person, name="intervention_person"),
    path(
        "crisis/<uuid:public_id>/person/choose/",
        views.intervention_person_choose,
        name="intervention_person_choose",
    ),
    path(
        "crisis/<uuid:public_id>/case/", views.intervention_open_case, name="intervention_open_case"
    ),
]
