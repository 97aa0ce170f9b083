"""Organisations keep their own entries in the guide; nobody else's."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog, Action
from putokaz.directory.models import Service
from putokaz.directory.tests.factories import LocationFactory, ServiceFactory, municipality, term

pytestmark = pytest.mark.django_db


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name_sr_latn": "Pomoć pri upisu u školu",
        "description_sr_latn": "Pomažemo roditeljima da upišu decu u školu.",
        "status": "active",
        "is_free": "on",
        "access": "both",
        "domains": [term("education").pk],
        "target_groups": [term("returnees").pk],
        "service_areas": [municipality("Zemun").pk],
        "spoken": ["sr", "rom"],
        "name_en": "Help with school enrolment",
        "version": "",
        **{f"{prefix}-TOTAL_FORMS": "0" for prefix in ("hours", "documents", "phones")},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("hours", "documents", "phones")},
    }
    data.update(overrides)
    return data


def hours(*rows: tuple[int, str, str]) -> dict[str, object]:
    data: dict[str, object] = {"hours-TOTAL_FORMS": str(len(rows))}
    for index, (day, opens, closes) in enumerate(rows):
        data.update(
            {
                f"hours-{index}-weekday": day,
                f"hours-{index}-opens_at": opens,
                f"hours-{index}-closes_at": closes,
            }
        )
    return data


def test_editor_adds_a_draft_that_the_public_does_not_see(
    client_for, editor: User, csw: Organisation, anonymous: Client
) -> None:
    response = client_for(editor).post(
        f"/organisations/{csw.pk}/services/new/",
        form_data(
            **hours((1, "08:00", "12:00"), (1, "13:00", "15:00")),
            **{
                "documents-TOTAL_FORMS": "1",
                "documents-0-document_sr_latn": "Izvod iz matične knjige rođenih",
            },
        ),
    )
    assert response.status_code == 302
    service = Service.objects.get(organisation=csw)
    assert service.publication == Service.Publication.DRAFT
    assert service.name_en == "Help with school enrolment"
    assert sorted(service.languages.values_list("code", flat=True)) == ["rom", "sr"]
    assert service.schedules.count() == 2
    assert service.required_documents.get().document_sr_latn == "Izvod iz matične knjige rođenih"
    assert AccessLog.objects.filter(
        action=Action.CREATE, object_id=str(service.pk), organisation=csw
    ).exists()
    assert anonymous.get(service.get_absolute_url()).status_code == 404


def test_publishing_puts_the_service_in_the_guide_and_withdrawing_takes_it_out(
    client_for, editor: User, csw: Organisation, anonymous: Client
) -> None:
    service = ServiceFactory(organisation=csw, publication=Service.Publication.DRAFT)
    client = client_for(editor)
    client.post(f"/services/{service.pk}/publication/", {"publish": "1"})
    assert anonymous.get(service.get_absolute_url()).status_code == 200
    client.post(f"/services/{service.pk}/publication/", {"publish": "0"})
    assert anonymous.get(service.get_absolute_url()).status_code == 404


def test_overlapping_hours_missing_name_and_bad_phone_are_refused_in_the_users_language(
    client_for, editor: User, csw: Organisation
) -> None:
    client = client_for(editor)
    response = client.post(
        f"/organisations/{csw.pk}/services/new/?lang=en",
        form_data(
            name_sr_latn="",
            **hours((2, "08:00", "12:00"), (2, "11:00", "15:00")),
            **{"phones-TOTAL_FORMS": "1", "phones-0-number": "call us", "phones-0-kind": "voice"},
        ),
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "These hours overlap other opening hours." in response.text
    assert "Enter a phone number" in response.text
    assert not Service.objects.exists()
    german = client.post(
        f"/organisations/{csw.pk}/services/new/?lang=de", form_data(**hours((3, "09:00", "09:00")))
    )
    assert german.status_code == 200
    assert "Die Schließzeit ist die Öffnungszeit." in german.text
    assert not Service.objects.exists()


def test_hours_past_midnight_and_round_the_clock_are_kept(
    client_for, editor: User, csw: Organisation, anonymous: Client
) -> None:
    response = client_for(editor).post(
        f"/organisations/{csw.pk}/services/new/",
        form_data(**hours((5, "22:00", "06:00"), (7, "00:00", "00:00"), (1, "08:00", "15:00"))),
    )
    assert response.status_code == 302
    service = Service.objects.get()
    assert sorted(str(s.hours) for s in service.schedules.all()) == [
        "00:00–24:00",
        "08:00–15:00",
        "22:00–06:00",
    ]


@pytest.mark.parametrize(
    "rows",
    [
        # Friday night runs into Saturday morning's hours.
        ((5, "22:00", "06:00"), (6, "05:00", "12:00")),
        # Sunday night runs into Monday morning's hours.
        ((7, "20:00", "09:00"), (1, "08:00", "15:00")),
        # A whole day overlaps anything that day.
        ((3, "00:00", "00:00"), (3, "10:00", "11:00")),
    ],
)
def test_hours_overlapping_across_midnight_are_refused(
    client_for, editor: User, csw: Organisation, rows
) -> None:
    response = client_for(editor).post(
        f"/organisations/{csw.pk}/services/new/?lang=en", form_data(**hours(*rows))
    )
    assert response.status_code == 200
    assert "These hours overlap other opening hours." in response.text
    assert not Service.objects.exists()


def test_an_edit_made_meanwhile_is_not_overwritten(
    client_for, editor: User, csw: Organisation
) -> None:
    service = ServiceFactory(organisation=csw, name_sr_latn="Prvobitno")
    client = client_for(editor)
    version = client.get(f"/services/{service.pk}/edit/").context["form"]["version"].value()
    Service.objects.filter(pk=service.pk).update(
        updated_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    response = client.post(
        f"/services/{service.pk}/edit/?lang=en",
        form_data(name_sr_latn="Moja izmena", version=version),
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    service.refresh_from_db()
    assert service.name_sr_latn == "Prvobitno"


def test_others_cannot_edit_an_organisations_entries(
    client_for, case_worker: User, outsider: User, csw: Organisation, anonymous: Client
) -> None:
    service = ServiceFactory(organisation=csw, publication=Service.Publication.DRAFT)
    urls = [
        ("get", f"/organisations/{csw.pk}/services/"),
        ("get", f"/organisations/{csw.pk}/services/new/"),
        ("post", f"/organisations/{csw.pk}/services/new/"),
        ("get", f"/services/{service.pk}/edit/"),
        ("post", f"/services/{service.pk}/edit/"),
        ("post", f"/services/{service.pk}/publication/"),
        ("post", f"/services/{service.pk}/verify/"),
    ]
    for user in (case_worker, outsider):
        client = client_for(user)
        for method, url in urls:
            data = {"publish": "1", **form_data()} if method == "post" else None
            assert getattr(client, method)(url, data).status_code == 404, (user, url)
    for method, url in urls:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in/")
    service.refresh_from_db()
    assert service.publication == Service.Publication.DRAFT and service.verified_on is None
    assert Service.objects.count() == 1


def test_organisation_admin_keeps_the_guide_too(
    client_for, org_admin: User, csw: Organisation
) -> None:
    assert client_for(org_admin).get(f"/organisations/{csw.pk}/services/").status_code == 200


def test_checked_today_and_the_list_of_entries_to_check(
    client_for, editor: User, csw: Organisation
) -> None:
    old = ServiceFactory(
        organisation=csw, name_sr_latn="Stara", verified_on=datetime.date(2025, 1, 10)
    )
    ServiceFactory(organisation=csw, name_sr_latn="Sveža", verified_on=timezone.localdate())
    never = ServiceFactory(organisation=csw, name_sr_latn="Nikad")
    ServiceFactory(name_sr_latn="Tuđa")  # another organisation's
    client = client_for(editor)
    listed = {s.name for s in client.get("/services/needs-verification/").context["page"]}
    assert listed == {"Stara", "Nikad"}
    client.post(f"/services/{old.pk}/verify/", {"next": "https://evil.example/"})
    old.refresh_from_db()
    assert old.verified_on == timezone.localdate() and old.verified_by == editor
    listed = {s.name for s in client.get("/services/needs-verification/").context["page"]}
    assert listed == {never.name}


def test_editing_form_offers_only_the_organisations_own_locations(
    client_for, editor: User, csw: Organisation
) -> None:
    own = LocationFactory(organisation=csw, name_sr_latn="Naša kancelarija")
    LocationFactory(name_sr_latn="Tuđa kancelarija")
    page = client_for(editor).get(f"/organisations/{csw.pk}/services/new/").text
    assert own.name_sr_latn in page and "Tuđa kancelarija" not in page


def test_after_a_refused_save_the_current_version_can_be_saved(
    client_for, editor: User, csw: Organisation
) -> None:
    service = ServiceFactory(organisation=csw, name_sr_latn="Prvobitno")
    client = client_for(editor)
    stale = client.get(f"/services/{service.pk}/edit/").context["form"]["version"].value()
    client.post(
        f"/services/{service.pk}/verify/"
    )  # a colleague's "checked today" moves the version on
    refused = client.post(
        f"/services/{service.pk}/edit/", form_data(name_sr_latn="Moja izmena", version=stale)
    )
    fresh_version = refused.context["form"]["version"].value()
    assert fresh_version != stale
    saved = client.post(
        f"/services/{service.pk}/edit/",
        form_data(name_sr_latn="Moja izmena", version=fresh_version),
    )
    assert saved.status_code == 302
    service.refresh_from_db()
    assert service.name_sr_latn == "Moja izmena"


def test_hours_can_be_rearranged_in_one_save(client_for, editor: User, csw: Organisation) -> None:
    client = client_for(editor)
    client.post(
        f"/organisations/{csw.pk}/services/new/",
        form_data(**hours((1, "08:00", "12:00"), (1, "12:00", "16:00"))),
    )
    service = Service.objects.get(organisation=csw)
    rows = list(service.schedules.order_by("opens_at"))
    version = client.get(f"/services/{service.pk}/edit/").context["form"]["version"].value()
    data = form_data(version=version, **{"hours-TOTAL_FORMS": "2", "hours-INITIAL_FORMS": "2"})
    for index, (row, (opens, closes)) in enumerate(
        zip(rows, [("08:00", "10:00"), ("10:00", "16:00")], strict=True)
    ):
        data.update(
            {
                f"hours-{index}-id": str(row.pk),
                f"hours-{index}-weekday": "1",
                f"hours-{index}-opens_at": opens,
                f"hours-{index}-closes_at": closes,
            }
        )
    response = client.post(f"/services/{service.pk}/edit/", data)
    assert response.status_code == 302, response.context["formsets"][0].errors
    assert [
        f"{s.opens_at:%H:%M}-{s.closes_at:%H:%M}" for s in service.schedules.order_by("opens_at")
    ] == ["08:00-10:00", "10:00-16:00"]


def test_entry_lists_run_a_fixed_number_of_queries(
    client_for, editor: User, csw: Organisation, django_assert_max_num_queries
) -> None:
    for _ in range(25):
        ServiceFactory(organisation=csw)
    client = client_for(editor)
    with django_assert_max_num_queries(14):
        page = client.get(f"/organisations/{csw.pk}/services/?lang=en")
    assert page.text.count("Checked today") >= 25
    with django_assert_max_num_queries(14):
        client.get("/services/needs-verification/?lang=en")
