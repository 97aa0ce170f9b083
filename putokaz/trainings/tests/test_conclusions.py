"""A round table's conclusions and recommendations: recorded in the six languages, with their
history, and shown on the public page once published."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from putokaz.accounts.models import User
from putokaz.core.concurrency import version_of
from putokaz.trainings.models import Conclusion, Event

pytestmark = pytest.mark.django_db


def _add(client: Client, event: Event, **data: Any) -> Any:
    return client.post(
        reverse("trainings:conclusions", args=[event.public_id]) + "?lang=en",
        {"kind": "conclusion", "position": "0", **data},
        follow=True,
    )


def _publish(client: Client, event: Event, publish: bool = True) -> Any:
    return client.post(
        reverse("trainings:conclusions_publication", args=[event.public_id]) + "?lang=en",
        {"publish": "1" if publish else "0"},
        follow=True,
    )


def test_the_organiser_records_and_publishes_conclusions_in_every_language(
    event: Event, trainer: User, client_for: Any, anonymous: Client
) -> None:
    client = client_for(trainer)
    _add(
        client,
        event,
        text_sr_latn="Deci bez pratnje staratelj se postavlja u roku od 24 sata.",
        text_en="A guardian is appointed for unaccompanied children within 24 hours.",
        text_de="Unbegleiteten Kindern wird binnen 24 Stunden ein Vormund bestellt.",
    )
    _add(
        client,
        event,
        kind="recommendation",
        text_sr_latn="Obezbediti prevodioce za romski i arapski jezik.",
        addressed_to_sr_latn="Ministarstvo za brigu o porodici",
    )
    assert Conclusion.objects.count() == 2
    public = event.get_public_url()
    assert "Conclusions and recommendations" not in anonymous.get(public + "?lang=en").text
    page = _publish(client, event)
    assert "The conclusions are on the event&#x27;s public page." in page.text
    english = anonymous.get(public + "?lang=en").text
    assert "Conclusions and recommendations" in english
    assert "A guardian is appointed for unaccompanied children within 24 hours." in english
    assert "Obezbediti prevodioce" in english  # no English text: the Serbian one
    assert "Ministarstvo za brigu o porodici" in english
    assert "binnen 24 Stunden" in anonymous.get(public + "?lang=de").text
    cyrillic = anonymous.get(public + "?lang=sr-cyrl").text
    assert "Обезбедити преводиоце за ромски и арапски језик." in cyrillic
    _publish(client, event, publish=False)
    assert "within 24 hours" not in anonymous.get(public + "?lang=en").text


def test_publishing_needs_a_conclusion(event: Event, trainer: User, client_for: Any) -> None:
    page = _publish(client_for(trainer), event)
    assert "Write at least one conclusion or recommendation first." in page.text
    event.refresh_from_db()
    assert not event.conclusions_published


def test_the_text_is_required(event: Event, trainer: User, client_for: Any) -> None:
    page = _add(client_for(trainer), event, text_sr_latn="  ")
    assert "This field is required." in page.text
    assert not Conclusion.objects.exists()


def test_an_edit_keeps_the_history_and_refuses_to_overwrite_a_newer_one(
    event: Event, trainer: User, client_for: Any
) -> None:
    client = client_for(trainer)
    _add(client, event, text_sr_latn="Prva verzija zaključka.")
    conclusion = Conclusion.objects.get()
    stale = version_of(conclusion)
    edit = reverse("trainings:conclusion_edit", args=[conclusion.pk]) + "?lang=en"
    client.post(
        edit,
        {"kind": "conclusion", "position": "0", "text_sr_latn": "Druga verzija.", "version": stale},
    )
    conclusion.refresh_from_db()
    assert conclusion.text_sr_latn == "Druga verzija."
    page = client.post(
        edit,
        {"kind": "conclusion", "position": "0", "text_sr_latn": "Treća, stara.", "version": stale},
    )
    assert "Someone else changed this record" in page.text
    conclusion.refresh_from_db()
    assert conclusion.text_sr_latn == "Druga verzija."
    texts = [h.text_sr_latn for h in conclusion.history.order_by("history_date")]
    assert texts == ["Prva verzija zaključka.", "Druga verzija."]
    assert {h.history_user for h in conclusion.history.all()} == {trainer}
    history = client.get(edit).text
    assert "Prva verzija zaključka." in history and "Bekim Berisha" in history


def test_a_removed_conclusion_leaves_the_public_page(
    event: Event, trainer: User, client_for: Any, anonymous: Client
) -> None:
    client = client_for(trainer)
    _add(client, event, text_sr_latn="Zaključak za brisanje.")
    _add(client, event, text_sr_latn="Zaključak koji ostaje.")
    _publish(client, event)
    doomed = Conclusion.objects.get(text_sr_latn="Zaključak za brisanje.")
    client.post(reverse("trainings:conclusion_delete", args=[doomed.pk]))
    page = anonymous.get(event.get_public_url()).text
    assert "Zaključak koji ostaje." in page and "za brisanje" not in page
    assert doomed.history.filter(history_type="-").get().history_user == trainer


def test_the_public_page_costs_the_same_with_many_conclusions(
    event: Event, trainer: User, anonymous: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        Conclusion.objects.create(
            event=event, kind="recommendation", text_sr_latn=f"Preporuka {n}", created_by=trainer
        )
    Event.objects.filter(pk=event.pk).update(conclusions_published_at="2026-01-01T10:00Z")
    anonymous.get(event.get_public_url())
    with django_assert_max_num_queries(10):
        assert "Preporuka 19" in anonymous.get(event.get_public_url()).text


@pytest.mark.parametrize("persona", ["case_worker", "org_admin", "outsider"])
def test_nobody_else_records_or_publishes_conclusions(
    persona: str, request: Any, event: Event, trainer: User, client_for: Any
) -> None:
    conclusion = Conclusion.objects.create(
        event=event, kind="conclusion", text_sr_latn="Zaključak.", created_by=trainer
    )
    client = client_for(request.getfixturevalue(persona))
    for response in (
        client.get(reverse("trainings:conclusions", args=[event.public_id])),
        _add(client, event, text_sr_latn="Tuđi zaključak."),
        client.get(reverse("trainings:conclusion_edit", args=[conclusion.pk])),
        client.post(reverse("trainings:conclusion_delete", args=[conclusion.pk])),
        _publish(client, event),
    ):
        assert response.status_code == 404
    assert list(Conclusion.objects.values_list("text_sr_latn", flat=True)) == ["Zaključak."]
    event.refresh_from_db()
    assert not event.conclusions_published


def test_the_anonymous_visitor_is_sent_to_sign_in(
    anonymous: Client, event: Event, trainer: User
) -> None:
    conclusion = Conclusion.objects.create(
        event=event, kind="conclusion", text_sr_latn="Zaključak.", created_by=trainer
    )
    for response in (
        anonymous.get(reverse("trainings:conclusions", args=[event.public_id])),
        anonymous.post(reverse("trainings:conclusion_delete", args=[conclusion.pk])),
        anonymous.post(reverse("trainings:conclusions_publication", args=[event.public_id])),
    ):
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert Conclusion.objects.count() == 1
