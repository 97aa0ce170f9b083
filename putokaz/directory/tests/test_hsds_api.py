"""The HSDS 3.0 API: public, one language per response, valid against the official schemas."""

import copy
import datetime
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker

from putokaz.directory.models import RequiredDocument, Service
from putokaz.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceLanguageFactory,
    municipality,
    term,
)

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "hsds_schemas"


def _strict(schema: Any) -> Any:
    """The schema with additionalProperties false on every object: no property beyond HSDS."""
    if isinstance(schema, dict):
        result = {key: _strict(value) for key, value in schema.items()}
        if result.get("type") == "object" and "properties" in result:
            result.setdefault("additionalProperties", False)
        return result
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


@functools.cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    if name in {"taxonomy", "taxonomy_term"}:
        # Plain (not compiled) schemas: resolve the one $ref they hold by inlining.
        taxonomy = json.loads((SCHEMAS / "taxonomy.json").read_text())
        schema = copy.deepcopy(schema)
        if "taxonomy_detail" in schema.get("properties", {}):
            schema["properties"]["taxonomy_detail"] = taxonomy
    return Draft202012Validator(_strict(schema), format_checker=FormatChecker())


def assert_valid(name: str, document: Any) -> None:
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def assert_page(body: dict[str, Any], item_schema: str) -> None:
    assert set(body) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    for item in body["contents"]:
        assert_valid(item_schema, item)


@pytest.fixture
def full_service() -> Service:
    service = ServiceFactory(
        name_sr_latn="Pravna pomoć",
        name_en="Legal aid",
        description_sr_latn="Pomoć oko dokumenata.",
        email="pomoc@putokaz.test",
        url="https://putokaz.test/pomoc",
        minimum_age=18,
        verified_on=datetime.date(2026, 11, 2),
    )
    service.domains.set([term("legal-aid")])
    service.target_groups.set([term("returnees")])
    service.service_areas.set([municipality("Zemun")])
    ScheduleFactory(service=service, weekday=1)
    ServiceLanguageFactory(service=service, code="rom")
    RequiredDocument.objects.create(
        service=service, document_sr_latn="Lična karta", document_en="Identity card"
    )
    location = LocationFactory(
        organisation=service.organisation, address="Glavna 7", accessibility_sr_latn="Rampa"
    )
    location.phones.create(number="+381 11 123 4567")
    service.service_at_locations.create(location=location)
    service.phones.create(number="+381 64 000 0000", kind="cell")
    return service


def test_root_names_version_profile_and_openapi(anonymous: Client) -> None:
    body = anonymous.get("/hsds/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/hsds/openapi.json")
    assert anonymous.get("/hsds/openapi.json").json()["openapi"].startswith("3.")
    assert "sr-Cyrl" in anonymous.get("/hsds/profile").json()["languages"]


def test_full_service_validates_strictly_in_every_language(
    anonymous: Client, full_service: Service
) -> None:
    for lang in ["sr-Latn", "sr-Cyrl", "rom", "sq", "de", "en"]:
        response = anonymous.get(f"/hsds/services/{full_service.pk}", {"lang": lang})
        assert response.status_code == 200
        assert_valid("service", response.json())
    english = anonymous.get(f"/hsds/services/{full_service.pk}", {"lang": "en"}).json()
    assert english["name"] == "Legal aid"
    assert english["required_documents"][0]["document"] == "Identity card"
    cyrillic = anonymous.get(f"/hsds/services/{full_service.pk}", {"lang": "SR-cyrl"})
    assert cyrillic.json()["name"] == "Правна помоћ"
    assert cyrillic.headers["Content-Language"] == "sr-Cyrl"
    body = english
    assert body["schedules"][0]["byday"] == "MO" and body["schedules"][0]["opens_at"].startswith(
        "08:00"
    )
    assert body["service_at_locations"][0]["location"]["addresses"][0]["country"] == "RS"
    assert {a["taxonomy_term"]["code"] for a in body["attributes"]} == {"legal-aid", "returnees"}


def test_service_list_pages_filters_and_validates(anonymous: Client, full_service: Service) -> None:
    for _ in range(3):
        ServiceFactory()
    ServiceFactory(publication=Service.Publication.DRAFT, name_sr_latn="Nacrt")
    body = anonymous.get("/hsds/services", {"per_page": 2, "page": 2}).json()
    assert_page(body, "service_list")
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        4,
        2,
        2,
        2,
    )
    assert body["last_page"] and not body["first_page"]
    assert "Nacrt" not in json.dumps(anonymous.get("/hsds/services", {"per_page": 50}).json())
    by_term = anonymous.get(
        "/hsds/services", {"taxonomy_term_id": str(term("legal-aid").pk)}
    ).json()
    assert [s["id"] for s in by_term["contents"]] == [str(full_service.pk)]
    by_org = anonymous.get(
        "/hsds/services", {"organization_id": str(full_service.organisation.uuid)}
    ).json()
    assert [s["id"] for s in by_org["contents"]] == [str(full_service.pk)]
    searched = anonymous.get("/hsds/services", {"search": "правна"}).json()
    assert [s["id"] for s in searched["contents"]] == [str(full_service.pk)]
    later = anonymous.get("/hsds/services", {"modified_after": "2999-01-01T00:00:00Z"}).json()
    assert later["empty"] and later["total_items"] == 0


def test_bad_paging_gets_a_clear_error(anonymous: Client) -> None:
    response = anonymous.get("/hsds/services", {"page": "zero", "lang": "en"})
    assert response.status_code == 400
    assert "page must be a whole number" in response.json()["detail"]
    assert anonymous.get("/hsds/services", {"modified_after": "yesterday"}).status_code == 400


def test_organizations_validate_and_hide_those_with_nothing_public(
    anonymous: Client, full_service: Service, csw
) -> None:
    body = anonymous.get("/hsds/organizations").json()
    assert_page(body, "organization_list")
    assert [o["id"] for o in body["contents"]] == [str(full_service.organisation.uuid)]
    detail = anonymous.get(f"/hsds/organizations/{full_service.organisation.uuid}").json()
    assert_valid("organization", detail)
    assert [s["id"] for s in detail["services"]] == [str(full_service.pk)]
    assert anonymous.get(f"/hsds/organizations/{csw.uuid}").status_code == 404
    assert anonymous.get("/hsds/organizations/not-a-uuid").status_code == 404


def test_taxonomy_terms_have_stable_ids_and_validate(anonymous: Client) -> None:
    taxonomies = anonymous.get("/hsds/taxonomies").json()
    for item in taxonomies["contents"]:
        assert_valid("taxonomy", item)
    terms = anonymous.get("/hsds/taxonomy_terms", {"per_page": 500, "lang": "de"}).json()
    assert terms["total_items"] == 30
    for item in terms["contents"]:
        assert_valid("taxonomy_term", item)
    health = next(t for t in terms["contents"] if t["code"] == "health")
    assert health["id"] == "96e2e54d-8b59-5ef4-8ae5-b8e3c80f0b7d" or health["id"] == str(
        term("health").pk
    )
    assert health["name"] == "Gesundheit"
    top = anonymous.get("/hsds/taxonomy_terms", {"top_only": "true", "per_page": 500}).json()
    assert top["total_items"] == 25


def test_service_at_locations_validate(anonymous: Client, full_service: Service) -> None:
    body = anonymous.get("/hsds/service_at_locations").json()
    assert body["total_items"] == 1
    assert_page(body, "service_at_location")


def test_drafts_are_not_in_the_api(anonymous: Client) -> None:
    draft = ServiceFactory(publication=Service.Publication.DRAFT)
    assert anonymous.get(f"/hsds/services/{draft.pk}").status_code == 404


def test_the_strict_check_rejects_what_hsds_does_not_define(
    anonymous: Client, full_service: Service
) -> None:
    document = anonymous.get(f"/hsds/services/{full_service.pk}").json()
    assert validator("service").is_valid(document)
    assert not validator("service").is_valid({**document, "name_de": "Rechtshilfe"})
    assert not validator("service").is_valid({**document, "status": "open"})
    assert not validator("service").is_valid(
        {**document, "url": "https://пример.срб"}
    )  # formats are checked
    assert not validator("service").is_valid({**document, "last_modified": "yesterday"})
    del document["name"]
    assert not validator("service").is_valid(document)


def test_no_personal_e_mail_of_the_checker_is_published(client_for, anonymous: Client, csw) -> None:
    from putokaz.accounts.tests.factories import UserFactory  # noqa: PLC0415

    checker = UserFactory(email="private.person@putokaz.test")
    service = ServiceFactory(
        organisation=csw, verified_on=datetime.date(2026, 11, 2), verified_by=checker
    )
    for url in (f"/hsds/services/{service.pk}", "/hsds/services"):
        assert "private.person" not in anonymous.get(url).text


def test_impossible_dates_and_huge_pages_are_handled(
    anonymous: Client, full_service: Service
) -> None:
    assert (
        anonymous.get("/hsds/services", {"modified_after": "2024-02-30T00:00:00"}).status_code
        == 400
    )
    naive = anonymous.get("/hsds/services", {"modified_after": "2000-01-01T00:00:00"})
    assert naive.status_code == 200 and naive.json()["total_items"] == 1
    huge = anonymous.get("/hsds/services", {"page": str(10**20)})
    assert huge.status_code == 200 and huge.json()["empty"]


def test_internationalised_web_addresses_are_published_as_uris(anonymous: Client) -> None:
    service = ServiceFactory(url="https://пример.срб/помоћ")
    body = anonymous.get(f"/hsds/services/{service.pk}").json()
    assert body["url"].startswith("https://xn--")
    assert_valid("service", body)


@pytest.mark.parametrize(
    "url",
    ["/hsds/services", "/hsds/organizations", "/hsds/service_at_locations", "/hsds/taxonomy_terms"],
)
def test_api_lists_run_a_fixed_number_of_queries(
    anonymous: Client, url: str, django_assert_max_num_queries
) -> None:
    for _ in range(15):
        service = ServiceFactory()
        service.service_at_locations.create(
            location=LocationFactory(organisation=service.organisation)
        )
    with django_assert_max_num_queries(4):
        body = anonymous.get(url, {"per_page": 100}).json()
    assert body["size"] >= 15


def test_changes_to_a_location_or_the_organisation_move_last_modified(
    anonymous: Client, full_service: Service
) -> None:
    Service.objects.filter(pk=full_service.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    since = {"modified_after": "2021-01-01T00:00:00Z"}
    assert anonymous.get("/hsds/services", since).json()["total_items"] == 0
    location = full_service.locations.get()
    location.transportation_sr_latn = "Autobus 15"
    location.save()
    assert anonymous.get("/hsds/services", since).json()["total_items"] == 1
    Service.objects.filter(pk=full_service.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    full_service.organisation.save()
    assert anonymous.get("/hsds/services", since).json()["total_items"] == 1
