"""`putokaz hsds-import`: the official HSDS 3.0 examples import, everything Putokaz cannot
hold is reported, a wrong record stops the whole file, and importing again changes nothing."""

import datetime
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory
from putokaz.audit.models import AccessLog
from putokaz.directory import actions, hsds_import, hsds_reading
from putokaz.directory.models import Location, Phone, Schedule, Service
from putokaz.directory.tests.hsds_data import make_guide

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).parent / "hsds_examples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
ORGANISATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def run(path: Path | str, user: User, **options: Any) -> str:
    out = io.StringIO()
    call_command("hsds_import", str(path), user=user.email, stdout=out, **options)
    return out.getvalue()


def fails(path: Path | str, user: User, **options: Any) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("hsds_import", str(path), user=user.email, stdout=out, **options)
    return out.getvalue(), str(raised.value)


def edited_copy(tmp_path: Path, name: str, change: Any) -> Path:
    document = json.loads((EXAMPLES / name).read_text())
    change(document)
    target = tmp_path / name
    target.write_text(json.dumps(document))
    return target


@pytest.mark.parametrize(
    "example",
    [
        "service_full.json",
        "organization_full.json",
        "service_at_location_full.json",
        "service_list.json",
        "csv",
    ],
)
def test_the_official_examples_import(example: str, system_admin: User) -> None:
    output = run(EXAMPLES / example, system_admin, lang="en")
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name_en == service.name_sr_latn == "Community Counselling"
    assert service.publication == Service.Publication.DRAFT
    assert service.organisation.uuid.hex == ORGANISATION_ID.replace("-", "")
    assert service.organisation.name_en == "Example Organization Inc."
    assert service.updated_at == datetime.datetime(2023, 3, 15, 10, 30, 45, 123000, datetime.UTC)
    assert service.history.get().history_user == system_admin
    assert AccessLog.objects.filter(object_id=SERVICE_ID, purpose__startswith="hsds-import")
    # The example's location is in the United States: Putokaz keeps places in Serbia only.
    assert not Location.objects.exists()
    if example != "service_list.json":  # the list holds the one-to-one fields only
        assert (
            "location 3a19ff88-4620-4d17-9830-ac1d859eb5d5: Putokaz keeps places in Serbia"
            in output
        )
        assert [(s.weekday, s.opens_at, s.closes_at) for s in service.schedules.all()] == [
            (4, datetime.time(10), datetime.time(18)),
            (5, datetime.time(10), datetime.time(18)),
        ]
        assert list(service.languages.values_list("code", flat=True)) == ["ur"]
        assert service.required_documents.get().document_en.startswith("Any official")
        phone = Phone.objects.get()  # the example's quotes around the number are dropped
        assert (phone.number, phone.extension, phone.service) == ("+44 1234 234567", 100, service)
        assert "contact 1e7efce3-639b-4880-940c-b95cd30cdb50" in output


def test_nothing_is_lost_silently(system_admin: User) -> None:
    """Every value of the example is either kept or named in the report."""
    reading = hsds_reading.read(EXAMPLES / "service_full.json")
    plan = hsds_import.prepare(reading, language="en", acting_user=system_admin)
    assert plan.is_valid
    reported = {(n.table, n.id, n.column) for n in plan.notices}
    whole = {(table, id) for table, id, column in reported if column == ""}
    kept = {
        "service": {"id", "name", "alternate_name", "description", "url", "email", "status"}
        | {"interpretation_services", "application_process", "fees_description"}
        | {"eligibility_description", "minimum_age", "maximum_age", "assured_date"}
        | {"assurer_email", "last_modified", "organization_id"},
        "organization": {"id", "name", "alternate_name", "email", "website"},
        "phone": {"id", "service_id", "location_id", "number", "extension", "type"}
        | {"description"},
        "schedule": {"id", "service_id", "wkst", "freq", "byday", "opens_at", "closes_at"}
        | {"notes"},
        "language": {"id", "service_id", "name", "code", "note"},
        "required_document": {"id", "service_id", "document"},
        "service_at_location": {"id", "service_id", "location_id", "description"},
        "attribute": {"id", "link_id", "link_type", "link_entity"},
    }
    for row in reading.dataset:
        if (row.table, row.id) in whole:
            continue
        for column, value in row.values.items():
            if value in ("", None) or column in kept.get(row.table, set()):
                continue
            assert (row.table, row.id, column) in reported, (row.table, column)


def test_a_wrong_record_stops_the_whole_file_and_is_reported(
    tmp_path: Path, system_admin: User
) -> None:
    def break_it(document: dict[str, Any]) -> None:
        document["status"] = "open"
        document["required_documents"][0]["id"] = "not-an-id"
        # One place of a phone the document repeats says another number.
        document["phones"][0]["number"] = "+381 11 000 000"

    broken = edited_copy(tmp_path, "service_full.json", break_it)
    output, error = fails(broken, system_admin, lang="de")
    assert "3 Fehler" in error
    assert f"service {SERVICE_ID}, status:" in output
    assert "required_document not-an-id, id:" in output
    assert "phone 1554f2e2-a373-45db-a3fa-9fc48a61c15e, number: Derselbe Datensatz" in output
    assert not Service.objects.exists()
    assert not Organisation.objects.filter(uuid=ORGANISATION_ID).exists()
    # Read against the schema first: a phone number is checked once the file is valid HSDS.
    broken = edited_copy(
        tmp_path,
        "service_full.json",
        lambda d: everywhere(d, "1554f2e2-a373-45db-a3fa-9fc48a61c15e", number="call us"),
    )
    output, error = fails(broken, system_admin, lang="en")
    assert "phone 1554f2e2-a373-45db-a3fa-9fc48a61c15e, number: Enter a phone number" in output
    assert "1 error: nothing was imported." in error
    assert not Service.objects.exists()


def test_errors_are_reported_in_the_chosen_language(tmp_path: Path, system_admin: User) -> None:
    broken = edited_copy(tmp_path, "service_full.json", lambda d: d.pop("name"))
    output, _error = fails(broken, system_admin, lang="sr-Cyrl")
    assert f"service {SERVICE_ID}, name:" in output
    with translation.override("sr-cyrl"):
        assert str(translation.gettext("This field is required.")) in output


def test_importing_again_changes_nothing(system_admin: User) -> None:
    run(EXAMPLES / "service_full.json", system_admin, lang="en")
    service = Service.objects.get(pk=SERVICE_ID)
    logged = AccessLog.objects.count()
    output = run(EXAMPLES / "service_full.json", system_admin, lang="en")
    assert "unchanged: 1" in output
    again = Service.objects.get(pk=SERVICE_ID)
    assert again.updated_at == service.updated_at
    assert again.history.count() == 1
    assert AccessLog.objects.count() == logged
    assert Schedule.objects.count() == 2
    assert Organisation.objects.filter(uuid=ORGANISATION_ID).count() == 1
    # The same data as CSV files is the same service too.
    assert "unchanged: 1" in run(EXAMPLES / "csv", system_admin, lang="en")


def test_a_dry_run_saves_nothing(system_admin: User) -> None:
    output = run(EXAMPLES / "service_full.json", system_admin, lang="en", dry_run=True)
    assert "nothing was saved" in output
    assert "created: 1" in output
    assert not Service.objects.exists()


def test_a_newer_edit_here_is_not_overwritten_unless_asked(
    tmp_path: Path, system_admin: User
) -> None:
    run(EXAMPLES / "service_full.json", system_admin, lang="en")
    Service.objects.filter(pk=SERVICE_ID).update(
        name_en="Counselling (checked here)", updated_at=timezone.now()
    )
    newer = edited_copy(
        tmp_path, "service_full.json", lambda d: d.update(description="Changed elsewhere.")
    )
    output, _error = fails(newer, system_admin, lang="en")
    assert f"service {SERVICE_ID}, last_modified: Changed in Putokaz" in output
    assert "--skip-newer" in output
    assert Service.objects.get(pk=SERVICE_ID).name_en == "Counselling (checked here)"
    output = run(newer, system_admin, lang="en", skip_newer=True)
    assert "(newer): 1" in output
    assert Service.objects.get(pk=SERVICE_ID).name_en == "Counselling (checked here)"
    run(newer, system_admin, lang="en", overwrite_newer=True)
    replaced = Service.objects.get(pk=SERVICE_ID)
    assert (replaced.name_en, replaced.description_en) == (
        "Community Counselling",
        "Changed elsewhere.",
    )
    # A file that is newer than the edit here replaces it without being asked.
    Service.objects.filter(pk=SERVICE_ID).update(
        updated_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    later = edited_copy(
        tmp_path,
        "service_full.json",
        lambda d: d.update(last_modified="2025-01-01T00:00:00Z", alternate_name="Counselling"),
    )
    assert "updated: 1" in run(later, system_admin, lang="en")
    assert Service.objects.get(pk=SERVICE_ID).alternate_name_en == "Counselling"


def test_only_the_organisations_editors_may_import_its_services(
    tmp_path: Path, system_admin: User, outsider: User
) -> None:
    output, _error = fails(EXAMPLES / "service_full.json", outsider, lang="en")
    assert "only a system administrator may add organisations" in output
    run(EXAMPLES / "service_full.json", system_admin, lang="en")
    organisation = Organisation.objects.get(uuid=ORGANISATION_ID)
    changed = edited_copy(
        tmp_path,
        "service_full.json",
        lambda d: d.update(last_modified="2030-01-01T00:00:00Z", name="Other name"),
    )
    output, _error = fails(changed, outsider, lang="en")
    assert "Only the organisation's administrators and guide editors" in output
    editor = MembershipFactory(organisation=organisation, role=Role.EDITOR).user
    assert "updated: 1" in run(changed, editor, lang="en")


def test_imported_services_are_drafts_unless_published_and_stay_published(
    tmp_path: Path, system_admin: User
) -> None:
    run(EXAMPLES / "service_full.json", system_admin, lang="en", publish=True)
    assert Service.objects.get(pk=SERVICE_ID).is_published
    changed = edited_copy(
        tmp_path,
        "service_full.json",
        lambda d: d.update(last_modified="2030-01-01T00:00:00Z", name="New name"),
    )
    run(changed, system_admin, lang="en")
    assert Service.objects.get(pk=SERVICE_ID).is_published


def everywhere(document: Any, record_id: str, **changes: Any) -> None:
    """Change the record ``record_id`` wherever the nested document repeats it."""
    if isinstance(document, dict):
        if document.get("id") == record_id:
            document.update(changes)
        for value in document.values():
            everywhere(value, record_id, **changes)
    elif isinstance(document, list):
        for item in document:
            everywhere(item, record_id, **changes)


def _serbian_service(document: dict[str, Any]) -> None:
    """The example made a Serbian one: its location in Vranje the city municipality."""
    everywhere(
        document,
        "74706e55-df26-4b84-80fe-ecc30b5befb4",  # the address
        country="RS",
        city="Врање",
        region="Vranje",
        state_province="Pčinjski",
        postal_code="",
    )
    everywhere(document, "3a19ff88-4620-4d17-9830-ac1d859eb5d5", latitude=42.55, longitude=21.9)
    everywhere(
        document, "48102e86-bb50-41c4-8f1e-e269368c41d1", opens_at="09:00Z", closes_at="17:00+02:00"
    )
    document["service_areas"][0]["name"] = "Palilula"
    document["service_areas"].append(
        {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "name": "Врање"}
    )


def test_municipalities_are_found_from_the_address_and_the_service_area(
    tmp_path: Path, system_admin: User
) -> None:
    serbian = edited_copy(tmp_path, "service_full.json", _serbian_service)
    output = run(serbian, system_admin, lang="en")
    location = Location.objects.get()
    assert location.municipality.code == "70432"  # not Vranje the city: the region says
    assert location.address == "1-30 Main Street, MyVillage"
    assert location.phones.get().service_id is not None  # the phone of both
    service = Service.objects.get(pk=SERVICE_ID)
    # "Palilula" is in Belgrade and in Niš: reported, not guessed; "Vranje" is the city.
    assert list(service.service_areas.values_list("code", flat=True)) == ["79057"]
    assert "Palilula names several places" in output
    hours = service.schedules.first()
    assert hours is not None
    assert (hours.opens_at, hours.closes_at) in {
        (datetime.time(10), datetime.time(17)),  # winter: 09:00 UTC is 10:00 here
        (datetime.time(11), datetime.time(17)),
    }


def test_a_cyrillic_import_keeps_the_text_as_latin(tmp_path: Path, system_admin: User) -> None:
    cyrillic = edited_copy(
        tmp_path, "service_full.json", lambda d: d.update(name="Саветовање за породице")
    )
    run(cyrillic, system_admin, lang="sr-Cyrl")
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name_sr_latn == "Savetovanje za porodice"
    assert not service.name_sr_cyrl


def test_an_import_in_another_language_keeps_the_serbian_text(
    tmp_path: Path, system_admin: User
) -> None:
    guide = make_guide()
    Service.objects.filter(pk=guide.legal_aid.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    path = tmp_path / "services.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": str(guide.legal_aid.pk),
                    "name": "Kostenlose Rechtshilfe",
                    "description": "Hilfe bei Dokumenten.",
                    "status": "active",
                    "last_modified": "2030-01-01T00:00:00Z",
                    "organization_id": str(guide.legal_aid.organisation.uuid),
                }
            ]
        )
    )
    assert "Geänderte Dienste: 1" in run(path, system_admin, lang="de")
    service = Service.objects.get(pk=guide.legal_aid.pk)
    assert (service.name_de, service.description_de) == (
        "Kostenlose Rechtshilfe",
        "Hilfe bei Dokumenten.",
    )
    assert service.name_sr_latn == "Besplatna pravna pomoć za dokumenta"
    assert service.name_en == "Free legal aid with documents"


def test_a_file_without_a_type_in_its_name_needs_type(tmp_path: Path, system_admin: User) -> None:
    target = tmp_path / "export.json"
    shutil.copy(EXAMPLES / "service_full.json", target)
    output, _error = fails(target, system_admin, lang="en")
    assert "--type" in output
    assert "created: 1" in run(target, system_admin, lang="en", type="service")


def test_csv_files_outside_the_package_are_not_read(tmp_path: Path, system_admin: User) -> None:
    package = tmp_path / "package"
    shutil.copytree(EXAMPLES / "csv", package)
    (package / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "service", "path": "../services.csv"}]})
    )
    output, _error = fails(package, system_admin, lang="en")
    assert "Only files inside the package's directory are read" in output


def test_a_wrong_csv_row_stops_the_package(tmp_path: Path, system_admin: User) -> None:
    package = tmp_path / "package"
    shutil.copytree(EXAMPLES / "csv", package)
    services = (package / "services.csv").read_text().replace(",active,", ",open,")
    (package / "services.csv").write_text(services)
    output, error = fails(package, system_admin, lang="en")
    assert f"services.csv:2: service {SERVICE_ID}, status: open is not one of" in output
    assert "1 error: nothing was imported." in error
    assert not Service.objects.exists()


def test_a_change_made_while_the_file_was_checked_stops_the_import(system_admin: User) -> None:
    run(EXAMPLES / "service_full.json", system_admin, lang="en")
    Service.objects.filter(pk=SERVICE_ID).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    reading = hsds_reading.read(EXAMPLES / "service_full.json")
    row = reading.dataset.get("service", SERVICE_ID)
    assert row is not None
    row.values["name"] = "Renamed"
    plan = hsds_import.prepare(reading, language="en", acting_user=system_admin)
    assert plan.is_valid and plan.count("updated") == 1
    Service.objects.filter(pk=SERVICE_ID).update(updated_at=timezone.now())  # someone saved
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="Meanwhile someone changed"),
    ):
        actions.services_import(plan=plan, acting_user=system_admin, source="test")
    assert Service.objects.get(pk=SERVICE_ID).name_en == "Community Counselling"


def test_a_file_that_does_not_list_a_services_parts_leaves_them(
    tmp_path: Path, system_admin: User
) -> None:
    """organizations.json carries each service's own fields only: its hours, phones,
    places and areas are not the file's to remove."""
    guide = make_guide()
    call_command("hsds_export", output=str(tmp_path), stdout=io.StringIO())
    document = json.loads((tmp_path / "organizations.json").read_text())
    for organisation in document:
        for service in organisation["services"]:
            service.update(name=service["name"] + " (nov)", last_modified="2030-01-01T00:00:00Z")
    (tmp_path / "organizations.json").write_text(json.dumps(document))
    before = Service.objects.get(pk=guide.legal_aid.pk)
    parts = (
        before.schedules.count(),
        before.phones.count(),
        before.service_at_locations.count(),
        before.service_areas.count(),
        before.domains.count(),
    )
    output = run(tmp_path / "organizations.json", system_admin, lang="sr-Latn")
    assert "Izmenjeno usluga: 2" in output
    after = Service.objects.get(pk=guide.legal_aid.pk)
    assert after.name_sr_latn == "Besplatna pravna pomoć za dokumenta (nov)"
    assert (
        after.schedules.count(),
        after.phones.count(),
        after.service_at_locations.count(),
        after.service_areas.count(),
        after.domains.count(),
    ) == parts
    # A CSV package without phones.csv says nothing about phones either.
    package = tmp_path / "csv"
    (package / "phones.csv").unlink()
    (package / "schedules.csv").write_text("id,service_id\n")  # lists none: they go
    run(package, system_admin, lang="sr-Latn", overwrite_newer=True)
    after = Service.objects.get(pk=guide.legal_aid.pk)
    assert after.phones.count() == parts[1]
    assert after.schedules.count() == 0
