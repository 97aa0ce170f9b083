from django.urls import path

from putokaz.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("account/", views.profile, name="profile"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/password/done/", views.password_change_done, name="password_change_done"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("invitation/<uidb64>/<token>/", views.invitation, name="invitation"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisations/<int:pk>/access-log/",
        views.organisation_access_log,
        name="organisation_access_log",
    ),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/members/add/", views.member_add, name="member_add"),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/role/",
        views.member_change_role,
        name="member_change_role",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/end/",
        views.member_end,
        name="member_end",
    ),
]
