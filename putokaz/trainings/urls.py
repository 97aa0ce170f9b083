from django.urls import path

from putokaz.trainings import attendance_views, outcome_views, public, report_views, views

app_name = "trainings"
urlpatterns = [
    # The organisers' and administrators' pages (signed in).
    path("trainings/", views.event_list, name="event_list"),
    path("trainings/new/", views.event_create, name="event_create"),
    path("trainings/reports/", report_views.training_report, name="report"),
    path("trainings/<uuid:public_id>/", views.event_detail, name="event_detail"),
    path("trainings/<uuid:public_id>/edit/", views.event_edit, name="event_edit"),
    path(
        "trainings/<uuid:public_id>/publication/",
        views.event_publication,
        name="event_publication",
    ),
    path("trainings/<uuid:public_id>/sessions/new/", views.session_create, name="session_create"),
    path("trainings/sessions/<int:pk>/", views.session_edit, name="session_edit"),
    path("trainings/sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("trainings/sessions/<int:pk>/materials/", views.material_add, name="material_add"),
    path("trainings/materials/<int:pk>/", views.material_download, name="material_download"),
    path("trainings/materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
    path(
        "trainings/<uuid:public_id>/participants/",
        views.participant_list,
        name="participant_list",
    ),
    path(
        "trainings/<uuid:public_id>/participants/new/",
        views.participant_add,
        name="participant_add",
    ),
    path(
        "trainings/registrations/<uuid:public_id>/cancel/",
        views.participant_cancel,
        name="participant_cancel",
    ),
    path(
        "trainings/<uuid:public_id>/colleagues/",
        views.colleagues_register,
        name="colleagues_register",
    ),
    path("trainings/sessions/<int:pk>/check-in/", attendance_views.check_in, name="check_in"),
    path(
        "trainings/sessions/<int:pk>/check-in/<uuid:public_id>/",
        attendance_views.check_in_mark,
        name="check_in_mark",
    ),
    path(
        "trainings/<uuid:public_id>/certificates/",
        attendance_views.event_certificates,
        name="event_certificates",
    ),
    path(
        "trainings/<uuid:public_id>/certificates/issue/",
        attendance_views.certificates_issue,
        name="certificates_issue",
    ),
    path(
        "trainings/<uuid:public_id>/certificates.pdf",
        attendance_views.certificates_download,
        name="certificates_download",
    ),
    path(
        "trainings/registrations/<uuid:public_id>/certificate.pdf",
        attendance_views.certificate_download,
        name="certificate_download",
    ),
    path(
        "trainings/registrations/<uuid:public_id>/certificate/revoke/",
        attendance_views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("trainings/<uuid:public_id>/scores/", outcome_views.scores, name="scores"),
    path(
        "trainings/registrations/<uuid:public_id>/scores/",
        outcome_views.score_save,
        name="score_save",
    ),
    path("trainings/<uuid:public_id>/feedback/", outcome_views.feedback, name="feedback"),
    path(
        "trainings/<uuid:public_id>/feedback/send/",
        outcome_views.feedback_send,
        name="feedback_send",
    ),
    path(
        "trainings/<uuid:public_id>/conclusions/",
        outcome_views.conclusions,
        name="conclusions",
    ),
    path(
        "trainings/<uuid:public_id>/conclusions/publication/",
        outcome_views.conclusions_publication,
        name="conclusions_publication",
    ),
    path("trainings/conclusions/<int:pk>/", outcome_views.conclusion_edit, name="conclusion_edit"),
    path(
        "trainings/conclusions/<int:pk>/delete/",
        outcome_views.conclusion_delete,
        name="conclusion_delete",
    ),
    # Public pages.
    path("events/", public.public_event_list, name="public_event_list"),
    path("events/<uuid:public_id>/", public.public_event, name="public_event"),
    path("events/<uuid:public_id>/register/", public.public_register, name="public_register"),
    path(
        "events/<uuid:public_id>/registered/",
        public.registration_thanks,
        name="registration_thanks",
    ),
    path("registration/<uuid:public_id>/", public.registration_page, name="registration_page"),
    path(
        "registration/<uuid:public_id>/cancel/",
        public.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "registration/<uuid:public_id>/certificate.pdf",
        public.registration_certificate,
        name="registration_certificate",
    ),
    path(
        "registration/<uuid:public_id>/feedback/",
        public.registration_feedback,
        name="registration_feedback",
    ),
    path("feedback/<uuid:token>/", public.feedback_form, name="feedback_form"),
    path("certificates/", public.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", public.certificate_verify, name="certificate_verify"),
]
