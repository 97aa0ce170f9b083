"""Organisation administrators manage their own organisation's members, and nobody else's."""

import re

import pytest
from django.core import mail
from django.test import Client

from putokaz.accounts.models import Membership, Organisation, Role, User
from putokaz.audit.models import AccessLog, Action

pytestmark = pytest.mark.django_db


def add_url(organisation: Organisation) -> str:
    return f"/organisations/{organisation.pk}/members/add/"


def test_anonymous_visitor_is_sent_to_sign_in(anonymous: Client, csw: Organisation) -> None:
    for url in (f"/organisations/{csw.pk}/", add_url(csw), "/organisations/"):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in/?next=")


def test_members_see_their_colleagues(
    client_for, case_worker: User, supervisor: User, csw: Organisation
) -> None:
    response = client_for(case_worker).get(f"/organisations/{csw.pk}/")
    assert response.status_code == 200
    assert supervisor.full_name in response.text
    assert "members/add" not in response.text


def test_outsider_cannot_see_another_organisations_members(
    client_for, outsider: User, csw: Organisation, case_worker: User
) -> None:
    response = client_for(outsider).get(f"/organisations/{csw.pk}/")
    assert response.status_code == 404
    assert case_worker.full_name not in response.text


def test_admin_of_one_organisation_cannot_manage_another(
    client_for, outsider: User, csw: Organisation, case_worker: User
) -> None:
    client = client_for(outsider)
    assert client.get(add_url(csw)).status_code == 404
    response = client.post(
        add_url(csw), {"email": "x@putokaz.test", "full_name": "X", "role": Role.ORG_ADMIN}
    )
    assert response.status_code == 404
    membership = case_worker.memberships.get()
    response = client.post(f"/organisations/{csw.pk}/members/{membership.pk}/end/")
    assert response.status_code == 404
    assert not User.objects.filter(email="x@putokaz.test").exists()
    assert case_worker.memberships.active().count() == 1


def test_case_worker_cannot_manage_members(
    client_for, case_worker: User, csw: Organisation
) -> None:
    response = client_for(case_worker).post(
        add_url(csw), {"email": "x@putokaz.test", "full_name": "X", "role": Role.CASE_WORKER}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@putokaz.test").exists()


def test_admin_adds_a_new_person_who_gets_an_invitation(
    client_for, org_admin: User, csw: Organisation, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org_admin).post(
            add_url(csw),
            {
                "email": "Nova.Radnica@putokaz.test",
                "full_name": "Ана Ковачевић",
                "role": Role.CASE_WORKER,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="nova.radnica@putokaz.test")
    assert user.full_name == "Ана Ковачевић"
    assert not user.has_usable_password()
    assert user.memberships.active().get().role == Role.CASE_WORKER
    assert len(mail.outbox) == 1
    assert "/invitation/" in mail.outbox[0].body
    assert AccessLog.objects.filter(
        action=Action.CREATE, organisation=csw, actor=org_admin
    ).exists()


def test_adding_an_existing_person_keeps_their_account(
    client_for,
    org_admin: User,
    ngo_worker: User,
    csw: Organisation,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(org_admin).post(
            add_url(csw), {"email": ngo_worker.email, "full_name": "ignored", "role": Role.TRAINER}
        )
    ngo_worker.refresh_from_db()
    assert ngo_worker.full_name == "Sabina Ramić"
    assert ngo_worker.memberships.active().count() == 2
    # They are told, and sign in as before: no password link for an existing account.
    assert len(mail.outbox) == 1
    assert csw.name in mail.outbox[0].body
    assert "/invitation/" not in mail.outbox[0].body


def test_adding_someone_from_another_organisation_reveals_nothing_about_them(
    client_for, org_admin: User, ngo_worker: User, csw: Organisation
) -> None:
    response = client_for(org_admin).post(
        add_url(csw) + "?lang=en",
        {"email": ngo_worker.email, "full_name": "Typed Name", "role": Role.TRAINER},
        follow=True,
    )
    assert f"{ngo_worker.email} was added as trainer" in response.text
    assert ngo_worker.full_name not in response.text.split("<main", 1)[1].split("<table", 1)[0]


def test_the_same_role_twice_is_refused_with_a_clear_error(
    client_for, org_admin: User, case_worker: User, csw: Organisation
) -> None:
    response = client_for(org_admin).post(
        add_url(csw) + "?lang=en",
        {"email": case_worker.email, "full_name": "x", "role": Role.CASE_WORKER},
    )
    assert response.status_code == 200
    assert "already has that role" in response.text
    assert case_worker.memberships.count() == 1


def test_bad_input_changes_nothing(client_for, org_admin: User, csw: Organisation) -> None:
    response = client_for(org_admin).post(
        add_url(csw) + "?lang=en", {"email": "not-an-address", "full_name": "", "role": "emperor"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert Membership.objects.filter(organisation=csw).count() == 1


def test_organisation_admin_cannot_grant_system_administrator(
    client_for, org_admin: User, csw: Organisation
) -> None:
    response = client_for(org_admin).post(
        add_url(csw), {"email": "boss@putokaz.test", "full_name": "Boss", "role": Role.SYSTEM_ADMIN}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="boss@putokaz.test").exists()


def test_admin_changes_a_role_and_the_old_membership_is_kept(
    client_for, org_admin: User, case_worker: User, csw: Organisation
) -> None:
    membership = case_worker.memberships.get()
    response = client_for(org_admin).post(
        f"/organisations/{csw.pk}/members/{membership.pk}/role/", {"role": Role.SUPERVISOR}
    )
    assert response.status_code == 302
    roles = list(case_worker.memberships.order_by("pk").values_list("role", "ended_at"))
    assert roles[0][0] == Role.CASE_WORKER and roles[0][1] is not None
    assert roles[1] == (Role.SUPERVISOR, None)


def test_admin_ends_a_membership(
    client_for, org_admin: User, case_worker: User, csw: Organisation
) -> None:
    membership = case_worker.memberships.get()
    client = client_for(org_admin)
    assert client.get(f"/organisations/{csw.pk}/members/{membership.pk}/end/").status_code == 200
    client.post(f"/organisations/{csw.pk}/members/{membership.pk}/end/")
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert case_worker.memberships.active().count() == 0
    assert membership.history.count() == 2


def test_the_last_administrator_cannot_be_removed(
    client_for, org_admin: User, csw: Organisation
) -> None:
    membership = org_admin.memberships.get()
    client = client_for(org_admin)
    response = client.post(
        f"/organisations/{csw.pk}/members/{membership.pk}/end/?lang=en", follow=True
    )
    assert "at least one administrator" in response.text
    assert org_admin.memberships.active().count() == 1
    response = client.post(
        f"/organisations/{csw.pk}/members/{membership.pk}/role/?lang=en",
        {"role": Role.CASE_WORKER},
        follow=True,
    )
    assert "at least one administrator" in response.text
    assert org_admin.memberships.active().get().role == Role.ORG_ADMIN


def test_invited_person_chooses_a_password_and_signs_in(
    client_for,
    org_admin: User,
    csw: Organisation,
    anonymous: Client,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(org_admin).post(
            add_url(csw),
            {"email": "ana@putokaz.test", "full_name": "Ana", "role": Role.CASE_WORKER},
        )
    link = re.search(r"http://testserver(/invitation/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = anonymous.get(link.group(1), follow=True)
    password = "a-long-new-password-42"
    anonymous.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    response = anonymous.post("/sign-in/", {"username": "ana@putokaz.test", "password": password})
    assert response.status_code == 302


def test_expired_invitation_is_replaced_by_forgot_password(
    client_for,
    org_admin: User,
    csw: Organisation,
    anonymous: Client,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(org_admin).post(
            add_url(csw),
            {"email": "ana@putokaz.test", "full_name": "Ana", "role": Role.CASE_WORKER},
        )
    anonymous.post("/password-reset/", {"email": "ana@putokaz.test"})
    assert len(mail.outbox) == 2
    assert "/password-reset/" in mail.outbox[1].body


def test_mail_failure_keeps_the_membership(
    client_for, org_admin: User, csw: Organisation, django_capture_on_commit_callbacks, settings
) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org_admin).post(
            add_url(csw),
            {"email": "ana@putokaz.test", "full_name": "Ana", "role": Role.CASE_WORKER},
        )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="ana@putokaz.test", organisation=csw).exists()


def test_system_admin_role_and_admin_site_rights_go_together(
    client_for, system_admin: User, csw: Organisation, ngo_worker: User
) -> None:
    client = client_for(system_admin)
    client.post(
        add_url(csw), {"email": ngo_worker.email, "full_name": "x", "role": Role.SYSTEM_ADMIN}
    )
    ngo_worker.refresh_from_db()
    assert ngo_worker.is_staff and ngo_worker.is_superuser and ngo_worker.is_system_admin
    membership = ngo_worker.memberships.get(role=Role.SYSTEM_ADMIN, ended_at=None)
    client.post(f"/organisations/{csw.pk}/members/{membership.pk}/end/")
    ngo_worker.refresh_from_db()
    assert (
        not ngo_worker.is_staff and not ngo_worker.is_superuser and not ngo_worker.is_system_admin
    )


def test_system_admin_manages_any_organisation(
    client_for, system_admin: User, outsider_org: Organisation
) -> None:
    response = client_for(system_admin).post(
        add_url(outsider_org),
        {"email": "n@putokaz.test", "full_name": "N", "role": Role.SUPERVISOR},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        organisation=outsider_org, user__email="n@putokaz.test"
    ).exists()


def test_member_list_query_count_does_not_grow_with_members(
    client_for, org_admin: User, csw: Organisation, django_assert_max_num_queries
) -> None:
    from putokaz.accounts.tests.factories import MembershipFactory  # noqa: PLC0415

    MembershipFactory.create_batch(30, organisation=csw)
    client = client_for(org_admin)
    with django_assert_max_num_queries(16):
        response = client.get(f"/organisations/{csw.pk}/")
    assert response.text.count("<tr>") == 32


def test_organisation_list_shows_only_own_organisations(
    client_for, case_worker: User, csw: Organisation, outsider_org: Organisation
) -> None:
    response = client_for(case_worker).get("/organisations/")
    assert csw.name in response.text
    assert outsider_org.name not in response.text


def test_admin_edits_the_organisation_and_cyrillic_follows(
    client_for, org_admin: User, csw: Organisation
) -> None:
    from putokaz.geo.models import Municipality  # noqa: PLC0415

    client = client_for(org_admin)
    form = client.get(f"/organisations/{csw.pk}/edit/?lang=en")
    assert "Vranje (city)" in form.text and "Vranje (city municipality, Vranje)" in form.text
    version = form.context["form"]["version"].value()
    zemun = Municipality.objects.get(name_sr_latn="Zemun")
    response = client.post(
        f"/organisations/{csw.pk}/edit/",
        {
            "name_sr_latn": "Centar za socijalni rad Zemun",
            "municipalities": [zemun.pk],
            "phone": "+381 11 123 4567",
            "version": version,
        },
    )
    assert response.status_code == 302
    csw.refresh_from_db()
    assert list(csw.municipalities.all()) == [zemun]
    assert (
        "Центар за социјални рад Земун" in client.get(f"/organisations/{csw.pk}/?lang=sr-Cyrl").text
    )


def test_an_edit_made_meanwhile_is_never_overwritten(
    client_for, org_admin: User, csw: Organisation
) -> None:
    client = client_for(org_admin)
    stale_version = client.get(f"/organisations/{csw.pk}/edit/").context["form"]["version"].value()
    Organisation.objects.filter(pk=csw.pk).update(phone="+381 11 555 0000")
    csw.refresh_from_db()
    csw.save()  # someone else's save moves the version on
    response = client.post(
        f"/organisations/{csw.pk}/edit/?lang=en",
        {"name_sr_latn": "Overwritten?", "phone": "+381 11 999 9999", "version": stale_version},
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    csw.refresh_from_db()
    assert csw.name_sr_latn == "Centar za socijalni rad Zemun"
    assert csw.phone == "+381 11 555 0000"


def test_bad_phone_is_refused_with_a_translated_error(
    client_for, org_admin: User, csw: Organisation
) -> None:
    client = client_for(org_admin)
    version = client.get(f"/organisations/{csw.pk}/edit/").context["form"]["version"].value()
    response = client.post(
        f"/organisations/{csw.pk}/edit/?lang=de",
        {"name_sr_latn": "X", "phone": "call me", "version": version},
    )
    assert response.status_code == 200
    assert "Telefonnummer" in response.text
    csw.refresh_from_db()
    assert csw.name_sr_latn == "Centar za socijalni rad Zemun"


def test_only_the_organisations_admins_edit_it(
    client_for, case_worker: User, outsider: User, csw: Organisation
) -> None:
    assert client_for(case_worker).get(f"/organisations/{csw.pk}/edit/").status_code == 403
    assert (
        client_for(outsider)
        .post(f"/organisations/{csw.pk}/edit/", {"name_sr_latn": "X"})
        .status_code
        == 404
    )
