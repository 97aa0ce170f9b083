import pytest
from django.test import Client

from putokaz.accounts.models import User
from putokaz.core.models import Installation


@pytest.mark.django_db
def test_healthz_checks_the_database(anonymous: Client) -> None:
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(anonymous: Client) -> None:
    response = anonymous.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in/?next=/"


@pytest.mark.django_db
def test_start_page_shows_the_users_organisations_and_roles(client_for, case_worker: User) -> None:
    response = client_for(case_worker).get("/?lang=en")
    assert response.status_code == 200
    assert "Welcome, Jelena" in response.text
    assert "Centar za socijalni rad Zemun" in response.text
    assert "Case worker" in response.text


@pytest.mark.django_db
def test_start_page_in_cyrillic_transliterates_latin_content(client_for, case_worker: User) -> None:
    response = client_for(case_worker).get("/?lang=sr-Cyrl")
    assert "Центар за социјални рад Земун" in response.text
    assert "Добро дошли" in response.text


@pytest.mark.django_db
def test_navigation_follows_the_role(
    client_for, case_worker: User, org_admin: User, system_admin: User
) -> None:
    def nav(user: User) -> str:
        return client_for(user).get("/?lang=en").text

    assert "Access log" not in nav(case_worker)
    assert "Access log" in nav(org_admin)
    assert "Administration" not in nav(org_admin)
    assert "Administration" in nav(system_admin)


@pytest.mark.django_db
def test_demo_databases_say_so_on_every_page(anonymous: Client) -> None:
    assert "Demo" not in anonymous.get("/sign-in/?lang=en").text
    Installation(is_demo=True).save()
    assert (
        "All people and organisations here are invented" in anonymous.get("/sign-in/?lang=en").text
    )
