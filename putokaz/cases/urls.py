from django.urls import path

from putokaz.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.caseload, name="caseload"),
    path("find/", views.find, name="find"),
    path(
        "people/<uuid:public_id>/cases/new/",
        views.case_open_for_person,
        name="case_open_for_person",
    ),
    path(
        "households/<uuid:public_id>/cases/new/",
        views.case_open_for_household,
        name="case_open_for_household",
    ),
    path("cases/<uuid:public_id>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:public_id>/edit/", views.case_edit, name="case_edit"),
    path("cases/<uuid:public_id>/break-glass/", views.case_break_glass, name="case_break_glass"),
    path("cases/<uuid:public_id>/seal/", views.case_seal, name="case_seal"),
    path("cases/<uuid:public_id>/readers/", views.case_reader_add, name="case_reader_add"),
    path(
        "cases/<uuid:public_id>/readers/<int:pk>/remove/",
        views.case_reader_remove,
        name="case_reader_remove",
    ),
    path("cases/<uuid:public_id>/move/", views.case_move, name="case_move"),
    path(
        "cases/<uuid:public_id>/plan-approval/",
        views.case_request_plan_approval,
        name="case_request_plan_approval",
    ),
    path("cases/<uuid:public_id>/close/", views.case_request_closure, name="case_request_closure"),
    path("cases/<uuid:public_id>/decide/", views.case_decide, name="case_decide"),
    path("cases/<uuid:public_id>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<uuid:public_id>/assign/", views.case_assign, name="case_assign"),
    path(
        "cases/<uuid:public_id>/assignments/<int:pk>/end/",
        views.case_unassign,
        name="case_unassign",
    ),
    path("cases/<uuid:public_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("cases/<uuid:public_id>/notes/", views.note_add, name="note_add"),
    path("cases/<uuid:public_id>/tasks/", views.task_add, name="task_add"),
    path("cases/<uuid:public_id>/tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("cases/<uuid:public_id>/goals/", views.goal_add, name="goal_add"),
    path("cases/<uuid:public_id>/goals/<int:pk>/status/", views.goal_status, name="goal_status"),
    path(
        "cases/<uuid:public_id>/actions/<int:pk>/status/",
        views.plan_action_status,
        name="plan_action_status",
    ),
    path("cases/<uuid:public_id>/documents/", views.attachment_add, name="attachment_add"),
    path(
        "cases/<uuid:public_id>/documents/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "cases/<uuid:public_id>/documents/<int:pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "cases/<uuid:public_id>/actions/",
        views.plan_action_add,
        name="plan_action_add",
    ),
]
