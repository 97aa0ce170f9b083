"""The access log is written on every read and can never be changed or deleted."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client, RequestFactory

from putokaz.accounts.models import Organisation, User
from putokaz.audit.admin import AccessLogAdmin
from putokaz.audit.models import AccessLog, Action, AppendOnlyError, PurgePermit
from putokaz.audit.records import log_access

pytestmark = pytest.mark.django_db


def log_url(organisation: Organisation) -> str:
    return f"/organisations/{organisation.pk}/access-log/"


def test_viewing_an_organisation_is_logged_with_who_when_and_where(
    client_for, case_worker: User, csw: Organisation
) -> None:
    client_for(case_worker).get(f"/organisations/{csw.pk}/", REMOTE_ADDR="10.1.2.3")
    entry = AccessLog.objects.get()
    assert entry.actor == case_worker
    assert entry.actor_label == case_worker.email
    assert entry.action == Action.VIEW
    assert entry.organisation == csw
    assert entry.object_id == str(csw.pk)
    assert entry.ip_address == "10.1.2.3"
    assert entry.path == f"/organisations/{csw.pk}/"


def test_helper_records_a_purpose(case_worker: User, csw: Organisation) -> None:
    request = RequestFactory().get("/export/")
    entry = log_access(
        actor=case_worker,
        action=Action.EXPORT,
        obj=csw,
        purpose="Quarterly report",
        request=request,
    )
    assert entry.purpose == "Quarterly report"
    assert entry.organisation_id == csw.pk


def test_organisation_admin_reads_the_log_of_own_records_only(
    client_for,
    org_admin: User,
    case_worker: User,
    csw: Organisation,
    outsider: User,
    outsider_org: Organisation,
) -> None:
    log_access(actor=case_worker, action=Action.VIEW, obj=csw)
    log_access(actor=outsider, action=Action.VIEW, obj=outsider_org)
    response = client_for(org_admin).get(log_url(csw))
    assert response.status_code == 200
    assert case_worker.email in response.text
    assert outsider.email not in response.text


def test_case_worker_cannot_read_the_log(client_for, case_worker: User, csw: Organisation) -> None:
    assert client_for(case_worker).get(log_url(csw)).status_code == 403


def test_outsider_cannot_read_another_organisations_log(
    client_for, outsider: User, csw: Organisation
) -> None:
    assert client_for(outsider).get(log_url(csw)).status_code == 404


def test_anonymous_visitor_cannot_read_the_log(anonymous: Client, csw: Organisation) -> None:
    response = anonymous.get(log_url(csw))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in/")


def test_log_filters_by_action_and_person(
    client_for, org_admin: User, case_worker: User, csw: Organisation
) -> None:
    log_access(actor=case_worker, action=Action.EXPORT, obj=csw, purpose="export-marker")
    log_access(actor=org_admin, action=Action.VIEW, obj=csw, purpose="view-marker")
    client = client_for(org_admin)
    exports = client.get(log_url(csw), {"action": "export"}).text
    assert "export-marker" in exports and "view-marker" not in exports
    by_person = client.get(log_url(csw), {"actor": org_admin.email}).text
    assert "view-marker" in by_person and "export-marker" not in by_person


def test_bad_filter_dates_get_a_translated_error(
    client_for, org_admin: User, csw: Organisation
) -> None:
    response = client_for(org_admin).get(
        log_url(csw), {"date_from": "2026-05-02", "date_to": "2026-05-01", "lang": "de"}
    )
    assert response.status_code == 200
    assert "Es gibt ein Problem" in response.text or "Problem" in response.text


def test_htmx_request_gets_only_the_entries_fragment(
    client_for, org_admin: User, csw: Organisation
) -> None:
    response = client_for(org_admin).get(log_url(csw), headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="entries">')
    assert "<html" not in response.text


def test_log_page_query_count_is_fixed(
    client_for, org_admin: User, case_worker: User, csw: Organisation, django_assert_max_num_queries
) -> None:
    for _ in range(40):
        log_access(actor=case_worker, action=Action.VIEW, obj=csw)
    client = client_for(org_admin)
    with django_assert_max_num_queries(14):
        response = client.get(log_url(csw))
    assert response.text.count("<tr>") == 41


def test_entries_cannot_be_changed_or_deleted_through_the_orm(
    case_worker: User, csw: Organisation
) -> None:
    entry = log_access(actor=case_worker, action=Action.VIEW, obj=csw)
    entry.purpose = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(purpose="tampered")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    entry = AccessLog.objects.get(pk=entry.pk)
    assert entry.purpose == ""


def test_the_database_refuses_to_change_or_delete_entries(
    case_worker: User, csw: Organisation
) -> None:
    entry = log_access(actor=case_worker, action=Action.VIEW, obj=csw)
    for statement in (
        "UPDATE audit_accesslog SET purpose = 'tampered' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ):
        with (
            pytest.raises((DatabaseError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    assert AccessLog.objects.filter(pk=entry.pk, purpose="").exists()


def test_only_a_purge_permit_lets_the_database_delete_entries(
    case_worker: User, csw: Organisation
) -> None:
    entry = log_access(actor=case_worker, action=Action.VIEW, obj=csw)
    with transaction.atomic():
        PurgePermit.objects.create(reason="retention period over")
        with connection.cursor() as cursor:
            with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
                cursor.execute("UPDATE audit_accesslog SET purpose = 'x' WHERE id = %s", [entry.pk])
            cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [entry.pk])
        PurgePermit.objects.all().delete()
    assert not AccessLog.objects.filter(pk=entry.pk).exists()


def test_admin_site_offers_no_way_to_edit_the_log(system_admin: User) -> None:
    model_admin = AccessLogAdmin(AccessLog, admin.site)
    request = RequestFactory().get("/")
    request.user = system_admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_opening_a_person_in_the_admin_site_is_logged(
    client_for, system_admin: User, case_worker: User
) -> None:
    client = client_for(system_admin)
    assert client.get(f"/admin/accounts/user/{case_worker.pk}/change/").status_code == 200
    assert client.get(f"/admin/accounts/user/{case_worker.pk}/history/").status_code == 200
    entries = AccessLog.objects.filter(
        actor=system_admin, object_id=str(case_worker.pk), action=Action.VIEW
    )
    assert entries.count() == 2


def test_memberships_cannot_be_edited_in_the_admin_site(
    client_for, system_admin: User, case_worker: User
) -> None:
    membership = case_worker.memberships.get()
    client = client_for(system_admin)
    response = client.post(
        f"/admin/accounts/membership/{membership.pk}/change/", {"role": "org_admin"}
    )
    assert response.status_code in {302, 403} or "org_admin" not in response.text
    membership.refresh_from_db()
    assert membership.role == "case_worker"
    assert client.get("/admin/accounts/membership/add/").status_code == 403
