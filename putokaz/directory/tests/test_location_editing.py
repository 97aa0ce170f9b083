"""Organisations keep their own places (addresses, phones, map positions) in the guide."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog, Action
from putokaz.directory.models import Location, ServiceAtLocation
from putokaz.directory.tests.factories import LocationFactory, ServiceFactory, municipality

pytestmark = pytest.mark.django_db


def place(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name_sr_latn": "Kancelarija za povratnike",
        "address": "Glavna 12",
        "postal_code": "11080",
        "municipality": municipality("Zemun").pk,
        "latitude": "44,8430",
        "longitude": "20.4010",
        "accessibility_sr_latn": "Ulaz bez stepenica",
        "name_de": "Büro für Rückkehrer",
        "version": "",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-0-number": "+381 11 123 4567",
        "phones-0-kind": "voice",
    }
    data.update(overrides)
    return data


def test_editor_adds_a_place_that_services_then_offer_and_the_map_shows(
    client_for, editor: User, csw: Organisation, anonymous: Client
) -> None:
    client = client_for(editor)
    assert client.get(f"/organisations/{csw.pk}/locations/new/").status_code == 200

    # In Serbian the decimal comma reads, and so does a point pasted from a map.
    response = client.post(f"/organisations/{csw.pk}/locations/new/?lang=sr-latn", place())

    assert response.status_code == 302
    location = Location.objects.get(organisation=csw)
    assert (location.latitude, location.longitude) == (Decimal("44.843"), Decimal("20.401"))
    assert location.name_de == "Büro für Rückkehrer"
    assert location.phones.get().number == "+381 11 123 4567"
    assert AccessLog.objects.filter(action=Action.CREATE, object_id=str(location.pk)).exists()
    assert location.history.count() == 1
    # It is offered in the organisation's service form, and once chosen it is on the map.
    service_form = client.get(f"/organisations/{csw.pk}/services/new/").context["form"]
    assert list(service_form.fields["locations"].queryset) == [location]
    service = ServiceFactory(organisation=csw, name_sr_latn="Savetovanje povratnika")
    ServiceAtLocation.objects.create(service=service, location=location)
    assert "Kancelarija za povratnike" in anonymous.get("/guide/map/").text
    assert "Kancelarija za povratnike" in client.get(f"/organisations/{csw.pk}/services/").text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name_sr_latn": ""}, "name_sr_latn", "Ovo polje se mora popuniti."),
        ({"longitude": ""}, "longitude", "Unesite i geografsku širinu i dužinu, ili nijednu."),
        (
            {"latitude": "20.4010", "longitude": "44.8430"},
            "latitude",
            "Ova tačka je izvan Srbije. Proverite brojeve i da geografska širina i dužina nisu zamenjene.",
        ),
        ({"phones-0-number": "pozovite"}, None, None),
    ],
)
def test_bad_input_is_refused_in_the_users_language_and_nothing_is_saved(
    client_for, editor: User, csw: Organisation, overrides, field, message
) -> None:
    response = client_for(editor).post(
        f"/organisations/{csw.pk}/locations/new/?lang=sr-latn", place(**overrides)
    )

    assert response.status_code == 200
    if field:
        assert message in response.context["form"].errors[field]
    else:
        assert response.context["phones"].forms[0].errors["number"]
    assert not Location.objects.exists()


def test_a_place_without_a_position_is_listed_but_not_drawn(
    client_for, editor: User, csw: Organisation
) -> None:
    response = client_for(editor).post(
        f"/organisations/{csw.pk}/locations/new/", place(latitude="", longitude="")
    )
    assert response.status_code == 302
    location = Location.objects.get()
    assert not location.on_map
    page = client_for(editor).get(f"/organisations/{csw.pk}/services/?lang=en").text
    assert "no position yet" in page


def test_an_edit_made_meanwhile_is_not_overwritten(
    client_for, editor: User, csw: Organisation
) -> None:
    location = LocationFactory(organisation=csw, address="Stara 1")
    client = client_for(editor)
    version = client.get(f"/locations/{location.pk}/edit/").context["form"]["version"].value()
    Location.objects.filter(pk=location.pk).update(
        address="Nova 2", updated_at=timezone.now() + datetime.timedelta(seconds=1)
    )

    response = client.post(
        f"/locations/{location.pk}/edit/?lang=en",
        place(address="Moja 3", latitude="44.843", version=version, **{"phones-TOTAL_FORMS": "0"}),
    )

    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    assert response.context["form"]["address"].value() == "Nova 2"
    location.refresh_from_db()
    assert location.address == "Nova 2"


def test_editing_a_place_keeps_its_history(client_for, editor: User, csw: Organisation) -> None:
    location = LocationFactory(organisation=csw, address="Stara 1")
    client = client_for(editor)
    version = client.get(f"/locations/{location.pk}/edit/").context["form"]["version"].value()

    response = client.post(
        f"/locations/{location.pk}/edit/",
        place(address="Nova 2", version=version, **{"phones-TOTAL_FORMS": "0"}),
    )

    assert response.status_code == 302
    assert [h.address for h in location.history.order_by("history_date")] == ["Stara 1", "Nova 2"]
    assert AccessLog.objects.filter(action=Action.UPDATE, object_id=str(location.pk)).exists()


def test_others_cannot_see_or_change_an_organisations_places(
    client_for, case_worker: User, outsider: User, csw: Organisation, anonymous: Client
) -> None:
    location = LocationFactory(organisation=csw, address="Stara 1")
    urls = [f"/organisations/{csw.pk}/locations/new/", f"/locations/{location.pk}/edit/"]
    for user in (case_worker, outsider):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, place(address="Tuđa 9")).status_code == 404, (user, url)
    for url in urls:
        response = anonymous.post(url, place(address="Tuđa 9"))
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in/")
    location.refresh_from_db()
    assert location.address == "Stara 1" and Location.objects.count() == 1
