"""Personas shared by every app's tests, and compiled translations before the run."""

from typing import Any

import pytest
from django.test import Client
from hypothesis import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PASSWORD = "correct-horse-battery"

# Property tests check what comes out, not how fast: on a shared, loaded machine an example
# may take longer than Hypothesis's default 200 ms without anything being wrong.
settings.register_profile("putokaz", deadline=None)
settings.load_profile("putokaz")


def pytest_sessionstart(session: Any) -> None:
    from putokaz.core import catalogs  # noqa: PLC0415 - needs Django set up by pytest-django

    if not catalogs.compiled_up_to_date():
        catalogs.compile_all()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Production hashes passwords slowly on purpose; tests need them hashed, not guarded."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _attachments_in_a_temporary_folder(settings: Any, tmp_path_factory: Any) -> None:
    """Uploaded files go to a folder of the test's own, never to var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("attachments"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """The demo mark and rate-limit state live in the cache; start every test clean."""
    from django.core.cache import cache  # noqa: PLC0415

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_access_log_after_transactional_tests(request: pytest.FixtureRequest) -> Any:
    """Transactional tests end with a flush, which the append-only log refuses.

    Before the flush, remove the test's entries the only way the database allows:
    under a purge permit, in one transaction.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection, transaction  # noqa: PLC0415

    from putokaz.audit.models import PurgePermit  # noqa: PLC0415

    with transaction.atomic():
        PurgePermit.objects.create(reason="end of a transactional test")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslog")
        PurgePermit.objects.all().delete()


@pytest.fixture
def csw(db: Any) -> Organisation:
    return OrganisationFactory(
        name_sr_latn="Centar za socijalni rad Zemun", kind=Organisation.Kind.CSW
    )


@pytest.fixture
def partner_ngo(db: Any) -> Organisation:
    return OrganisationFactory(name_sr_latn="Udruženje Novi početak", kind=Organisation.Kind.CIVIL)


@pytest.fixture
def outsider_org(db: Any) -> Organisation:
    return OrganisationFactory(
        name_sr_latn="Centar za socijalni rad Niš", kind=Organisation.Kind.CSW
    )


def _member(organisation: Organisation, role: str, **user_fields: Any) -> User:
    user = UserFactory(password=PASSWORD, **user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def case_worker(csw: Organisation) -> User:
    return _member(csw, Role.CASE_WORKER, full_name="Jelena Petrović")


@pytest.fixture
def supervisor(csw: Organisation) -> User:
    return _member(csw, Role.SUPERVISOR, full_name="Марко Јовановић")


@pytest.fixture
def org_admin(csw: Organisation) -> User:
    return _member(csw, Role.ORG_ADMIN, full_name="Ljiljana Đorđević")


@pytest.fixture
def ngo_worker(partner_ngo: Organisation) -> User:
    return _member(partner_ngo, Role.CASE_WORKER, full_name="Sabina Ramić")


@pytest.fixture
def outsider(outsider_org: Organisation) -> User:
    return _member(outsider_org, Role.ORG_ADMIN, full_name="Petar Outsider")


@pytest.fixture
def system_admin(csw: Organisation) -> User:
    return _member(
        csw, Role.SYSTEM_ADMIN, full_name="Nikola Stanković", is_staff=True, is_superuser=True
    )


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def client_for() -> Any:
    """A signed-in test client for a persona: ``client_for(case_worker)``."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def api_for() -> Any:
    """An API client for a persona, signed in with a personal token, as scripts are:
    ``api_for(case_worker).get("/api/v1/cases/")``."""

    def make(user: User) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
