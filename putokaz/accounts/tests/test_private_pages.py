"""Every signed-in page, for the anonymous visitor and for the outsider."""

import pytest
from django.test import Client

from putokaz.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


def private_urls(organisation: Organisation, membership_pk: int) -> list[tuple[str, str]]:
    org = f"/organisations/{organisation.pk}"
    return [
        ("get", "/"),
        ("get", "/account/"),
        ("get", "/account/password/"),
        ("get", "/organisations/"),
        ("get", f"{org}/"),
        ("get", f"{org}/edit/"),
        ("post", f"{org}/edit/"),
        ("get", f"{org}/members/add/"),
        ("post", f"{org}/members/add/"),
        ("post", f"{org}/members/{membership_pk}/role/"),
        ("get", f"{org}/members/{membership_pk}/end/"),
        ("post", f"{org}/members/{membership_pk}/end/"),
        ("get", f"{org}/access-log/"),
    ]


def test_anonymous_visitor_is_sent_to_sign_in_from_every_private_page(
    anonymous: Client, csw: Organisation, case_worker: User
) -> None:
    for method, url in private_urls(csw, case_worker.memberships.get().pk):
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/sign-in/?next="), url


def test_outsider_finds_nothing_of_another_organisation(
    client_for, outsider: User, csw: Organisation, case_worker: User
) -> None:
    client = client_for(outsider)
    organisation_pages = [
        (m, u)
        for m, u in private_urls(csw, case_worker.memberships.get().pk)
        if u.startswith("/organisations/")
    ][1:]
    for method, url in organisation_pages:
        response = getattr(client, method)(url, {"role": "org_admin"} if method == "post" else None)
        assert response.status_code == 404, url
        assert csw.name not in response.text, url
    case_worker.refresh_from_db()
    assert case_worker.memberships.active().get().role == "case_worker"


def test_unknown_organisation_is_not_found(client_for, system_admin: User) -> None:
    assert client_for(system_admin).get("/organisations/999999/").status_code == 404
