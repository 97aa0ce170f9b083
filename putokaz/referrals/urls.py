from django.urls import path

from putokaz.referrals import views

app_name = "referrals"
urlpatterns = [
    path("cases/<uuid:public_id>/referrals/new/", views.referral_new, name="referral_new"),
    path("cases/<uuid:public_id>/conferences/new/", views.conference_new, name="conference_new"),
    path("conferences/<uuid:public_id>/", views.conference_detail, name="conference_detail"),
    path("referrals/", views.inbox, name="inbox"),
    path("referrals/statistics/", views.referral_statistics, name="statistics"),
    path("referrals/<uuid:public_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:public_id>/move/", views.referral_move, name="referral_move"),
    path("referrals/<uuid:public_id>/cancel/", views.referral_cancel, name="referral_cancel"),
    path("referrals/<uuid:public_id>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path(
        "referrals/<uuid:public_id>/documents/<int:pk>/",
        views.shared_document,
        name="shared_document",
    ),
    path("referrals/<uuid:public_id>/consent-form/", views.consent_form, name="consent_form"),
    path("referrals/<uuid:public_id>/letter.pdf", views.referral_letter, name="referral_letter"),
]
