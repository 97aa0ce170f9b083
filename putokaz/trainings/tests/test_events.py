"""Organising an event: its page in every language, the agenda and materials, publishing it,
and who may do so."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog
from putokaz.core.concurrency import version_of
from putokaz.directory.tests.factories import LocationFactory, municipality, term
from putokaz.trainings.models import Event, Material, Session
from putokaz.trainings.tests.factories import EventFactory, in_days, register

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _event_post(organiser: Organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "title_sr_latn": "Okrugli sto: deca bez pratnje u Beogradu",
        "title_en": "Round table: unaccompanied children in Belgrade",
        "title_de": "Runder Tisch: unbegleitete Kinder in Belgrad",
        "description_sr_latn": "Centri za socijalni rad i udruženja razmenjuju iskustva.",
        "kind": "round_table",
        "organiser": str(organiser.pk),
        "starts_on": in_days(20).isoformat(),
        "ends_on": in_days(20).isoformat(),
        "venue": "Dom omladine, Makedonska 22",
        "municipality": str(municipality("Stari grad").pk),
        "capacity": "50",
        "public_registration": "on",
        "audiences": ["csw", "civil"],
        "domains": [str(term("child-protection").pk)],
        "protection_topics": ["unaccompanied_children", "guardianship"],
        "funding_project": "Jačanje lokalne mreže zaštite",
        "donor": "Evropska unija",
        "cpd_points": "4",
        "certificate_attendance": "80",
    }
    data.update(overrides)
    return data


def test_a_trainer_creates_a_round_table_shown_in_every_language(
    trainer: User, training_centre: Organisation, client_for: Any
) -> None:
    client = client_for(trainer)
    page = client.post(
        reverse("trainings:event_create") + "?lang=en", _event_post(training_centre), follow=True
    )
    assert "The event was saved." in page.text
    event = Event.objects.get()
    assert event.organiser == training_centre
    assert event.created_by == trainer
    assert event.protection_topics == ["unaccompanied_children", "guardianship"]
    assert event.audiences == ["csw", "civil"]
    assert list(event.domains.all()) == [term("child-protection")]
    assert event.publication == Event.Publication.DRAFT
    assert AccessLog.objects.filter(
        actor=trainer, action="create", object_id=str(event.pk)
    ).exists()
    with translation.override("en"):
        assert event.title == "Round table: unaccompanied children in Belgrade"
    with translation.override("sr-cyrl"):
        assert event.title == "Округли сто: деца без пратње у Београду"
    with translation.override("sq"):  # no Albanian title: the Serbian one
        assert event.title == "Okrugli sto: deca bez pratnje u Beogradu"
    overview = client.get(event.get_absolute_url() + "?lang=de").text
    assert "Runder Tisch: unbegleitete Kinder in Belgrad" in overview


def test_an_event_needs_a_place_and_days_in_order(
    trainer: User, training_centre: Organisation, client_for: Any
) -> None:
    page = client_for(trainer).post(
        reverse("trainings:event_create") + "?lang=en",
        _event_post(
            training_centre,
            venue="",
            starts_on=in_days(5).isoformat(),
            ends_on=in_days(4).isoformat(),
        ),
    )
    assert "The event cannot end before it starts." in page.text
    assert "Choose a place from the guide, write the venue, or give an online link." in page.text
    online = client_for(trainer).post(
        reverse("trainings:event_create") + "?lang=en",
        _event_post(training_centre, kind="online_conference", venue=""),
    )
    assert "Give the link of the online meeting." in online.text
    assert not Event.objects.exists()


def test_a_place_from_the_guide_gives_the_municipality(
    trainer: User, training_centre: Organisation, client_for: Any
) -> None:
    hall = LocationFactory(organisation=training_centre, municipality=municipality("Voždovac"))
    client_for(trainer).post(
        reverse("trainings:event_create"),
        _event_post(training_centre, venue="", municipality="", location=str(hall.pk)),
    )
    assert Event.objects.get().municipality == municipality("Voždovac")


@pytest.mark.parametrize("persona", ["case_worker", "supervisor", "ngo_worker"])
def test_only_trainers_and_administrators_create_events(
    persona: str, request: Any, client_for: Any, training_centre: Organisation
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("trainings:event_create")).status_code == 403
    # Nor for an organisation they do not belong to, whatever they post.
    client.post(reverse("trainings:event_create"), _event_post(training_centre))
    assert not Event.objects.exists()


def test_an_administrator_cannot_create_an_event_for_another_organisation(
    org_admin: User, training_centre: Organisation, client_for: Any
) -> None:
    page = client_for(org_admin).post(
        reverse("trainings:event_create") + "?lang=en", _event_post(training_centre)
    )
    assert "Select a valid choice." in page.text
    assert not Event.objects.exists()


@pytest.mark.parametrize("persona", ["case_worker", "outsider", "org_admin"])
def test_nobody_else_opens_the_organisers_pages(
    persona: str, request: Any, client_for: Any, event: Event
) -> None:
    client = client_for(request.getfixturevalue(persona))
    session = event.sessions.get()
    for url in (
        event.get_absolute_url(),
        reverse("trainings:event_edit", args=[event.public_id]),
        reverse("trainings:participant_list", args=[event.public_id]),
        reverse("trainings:participant_add", args=[event.public_id]),
        reverse("trainings:session_edit", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_anonymous_visitor_is_sent_to_sign_in(anonymous: Client, event: Event) -> None:
    response = anonymous.get(event.get_absolute_url())
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_a_save_over_someone_elses_newer_edit_is_refused(
    trainer: User, event: Event, client_for: Any
) -> None:
    client = client_for(trainer)
    stale = version_of(event)
    Event.objects.filter(pk=event.pk).update(title_sr_latn="Promenjeno u međuvremenu")
    event.refresh_from_db()
    Event.objects.filter(pk=event.pk).update(updated_at=event.updated_at.replace(year=2030))
    page = client.post(
        reverse("trainings:event_edit", args=[event.public_id]) + "?lang=en",
        _event_post(event.organiser, version=stale),
    )
    assert "Someone else changed this record" in page.text
    event.refresh_from_db()
    assert event.title_sr_latn == "Promenjeno u međuvremenu"


def test_more_places_go_to_those_who_wait(trainer: User, event: Event, client_for: Any) -> None:
    Event.objects.filter(pk=event.pk).update(capacity=1)
    event.refresh_from_db()
    register(event, 1)
    waiting = register(event, 2)
    assert waiting.status == "waiting"
    client_for(trainer).post(
        reverse("trainings:event_edit", args=[event.public_id]),
        _event_post(event.organiser, capacity="2", version=version_of(event)),
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert waiting.promoted_at is not None


def test_publishing_needs_an_agenda_and_opens_the_public_page(
    trainer: User, training_centre: Organisation, client_for: Any, anonymous: Client
) -> None:
    event = EventFactory(
        organiser=training_centre, created_by=trainer, publication=Event.Publication.DRAFT
    )
    client = client_for(trainer)
    publication = reverse("trainings:event_publication", args=[event.public_id])
    page = client.post(publication + "?lang=en", {"publish": "1"}, follow=True)
    assert "sessions before publishing the event." in page.text
    assert anonymous.get(event.get_public_url()).status_code == 404
    client.post(
        reverse("trainings:session_create", args=[event.public_id]),
        {
            "title_sr_latn": "Pravni okvir",
            "title_en": "The legal framework",
            "starts_at": f"{event.starts_on.isoformat()}T10:00",
            "ends_at": f"{event.starts_on.isoformat()}T11:30",
            "trainers": "Marija Ilić",
        },
    )
    page = client.post(publication + "?lang=en", {"publish": "1"}, follow=True)
    assert "The event is published" in page.text
    public = anonymous.get(event.get_public_url() + "?lang=en").text
    assert "The legal framework" in public
    assert "Marija Ilić" in public
    assert str(event.title_sr_latn) in anonymous.get(reverse("trainings:public_event_list")).text
    client.post(publication, {"publish": "0"})
    assert anonymous.get(event.get_public_url()).status_code == 404
    assert (
        str(event.title_sr_latn) not in anonymous.get(reverse("trainings:public_event_list")).text
    )


def test_a_session_is_on_a_day_of_the_event_and_ends_after_it_starts(
    trainer: User, event: Event, client_for: Any
) -> None:
    day = event.starts_on
    page = client_for(trainer).post(
        reverse("trainings:session_create", args=[event.public_id]) + "?lang=en",
        {
            "title_sr_latn": "Kasno",
            "starts_at": f"{in_days(60).isoformat()}T10:00",
            "ends_at": f"{day.isoformat()}T09:00",
        },
    )
    assert "The session must be on a day of the event." in page.text
    assert "The session must end after it starts." in page.text
    assert event.sessions.count() == 1


def _upload(
    client: Client, session: Session, *, public: bool, name: str = "prezentacija.pdf"
) -> Any:
    data: dict[str, Any] = {
        "title": "Prezentacija: starateljstvo",
        "file": SimpleUploadedFile(name, PDF, content_type="application/pdf"),
    }
    if public:
        data["public"] = "on"
    return client.post(
        reverse("trainings:material_add", args=[session.pk]) + "?lang=en", data, follow=True
    )


def test_materials_reach_the_public_only_when_marked_public(
    trainer: User, event: Event, client_for: Any, anonymous: Client, outsider: User
) -> None:
    session = event.sessions.get()
    client = client_for(trainer)
    assert "The file was added to the session." in _upload(client, session, public=False).text
    assert "The file was added" in _upload(client, session, public=True, name="citanje.pdf").text
    private, public = Material.objects.order_by("pk")
    download = client.get(reverse("trainings:material_download", args=[private.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert (
        anonymous.get(reverse("trainings:material_download", args=[private.pk])).status_code == 404
    )
    assert (
        client_for(outsider)
        .get(reverse("trainings:material_download", args=[private.pk]))
        .status_code
        == 404
    )
    response = anonymous.get(reverse("trainings:material_download", args=[public.pk]))
    assert response.status_code == 200
    assert str(response["Content-Disposition"]).startswith("attachment")
    page = anonymous.get(event.get_public_url()).text
    assert reverse("trainings:material_download", args=[public.pk]) in page
    assert reverse("trainings:material_download", args=[private.pk]) not in page


def test_a_renamed_program_is_not_accepted_as_material(
    trainer: User, event: Event, client_for: Any
) -> None:
    session = event.sessions.get()
    page = client_for(trainer).post(
        reverse("trainings:material_add", args=[session.pk]) + "?lang=en",
        {"title": "x", "file": SimpleUploadedFile("slides.pdf", b"MZ\x90\x00binary")},
    )
    assert page.status_code == 400
    assert "The content of the file is not PDF" in page.text
    assert not Material.objects.exists()


def test_removing_a_session_removes_its_materials(
    trainer: User, event: Event, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = event.sessions.get()
    client = client_for(trainer)
    _upload(client, session, public=True)
    stored = Material.objects.get().file
    storage = stored.storage
    name = stored.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("trainings:session_delete", args=[session.pk]))
    assert not Session.objects.exists()
    assert not Material.objects.exists()
    assert not storage.exists(name)


def test_the_public_page_of_a_draft_is_not_found(anonymous: Client, event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(publication=Event.Publication.DRAFT)
    assert anonymous.get(event.get_public_url()).status_code == 404
    assert (
        anonymous.get(reverse("trainings:public_register", args=[event.public_id])).status_code
        == 404
    )


def test_everyone_signed_in_finds_their_trainings_and_only_organisers_create_events(
    trainer: User, case_worker: User, client_for: Any
) -> None:
    assert reverse("trainings:event_list") in client_for(case_worker).get("/").text
    mine = client_for(case_worker).get(reverse("trainings:event_list") + "?lang=en").text
    assert "Your trainings" in mine
    assert reverse("trainings:event_create") not in mine
    assert (
        reverse("trainings:event_create")
        in client_for(trainer).get(reverse("trainings:event_list")).text
    )
