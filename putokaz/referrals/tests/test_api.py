"""The referrals API: the same consent scope and lifecycle as the pages."""

from typing import Any

import pytest
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog
from putokaz.cases.tests.factories import pdf_upload
from putokaz.directory.models import Service
from putokaz.referrals.models import Referral, Section, Status
from putokaz.referrals.tests.factories import FamilyCase, family_case, legal_aid_service, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(csw: Organisation, case_worker: User) -> FamilyCase:
    return family_case(csw, case_worker)


@pytest.fixture
def service(partner_ngo: Organisation, ngo_worker: User) -> Service:
    return legal_aid_service(partner_ngo)


def _payload(family: FamilyCase, service: Service, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case": str(family.case.public_id),
        "subject": "family",
        "to_service": str(service.pk),
        "reason": "Pravna pomoć.",
        "needs": ["documents"],
        "urgency": "urgent",
        "consent_by": "self",
        "consent_name": "Dragan Đorđević",
        "consent_on": timezone.localdate().isoformat(),
        "consent_method": "verbal",
        "consent_witness": "Ana Marković",
        "shared_sections": ["identity"],
        "shared_notes": [family.shared_note.pk],
        "shared_documents": [family.shared_document.pk],
    }
    data.update(overrides)
    return data


def test_a_referral_is_sent_through_the_api_and_the_receiver_reads_only_its_scope(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, api_for: Any
) -> None:
    sent = api_for(case_worker).post("/api/v1/referrals/", _payload(family, service), format="json")
    assert sent.status_code == 201, sent.json()
    body = sent.json()
    assert body["status"] == "sent"
    assert body["consent"]["sections"] == ["identity"]

    inbox = api_for(ngo_worker).get("/api/v1/referrals/?box=received").json()["results"]
    assert [r["id"] for r in inbox] == [body["id"]]
    detail = api_for(ngo_worker).get(f"/api/v1/referrals/{body['id']}/").json()
    people = detail["shared"]["people"]
    assert {p["given_name"] for p in people} == {"Dragan", "Milica"}
    assert all(p["phone"] is None and p["address"] is None for p in people)
    assert detail["shared"]["assessment"] is None and detail["shared"]["plan"] is None
    assert [n["text"] for n in detail["shared"]["notes"]] == [family.shared_note.text]
    (document,) = detail["shared"]["documents"]
    download = api_for(ngo_worker).get(document["download"])
    assert download.status_code == 200
    assert AccessLog.objects.filter(actor=ngo_worker, action="export").exists()


def test_a_signed_consent_form_comes_as_multipart(
    family: FamilyCase, service: Service, case_worker: User, api_for: Any
) -> None:
    payload = _payload(family, service, consent_method="signed", consent_form=pdf_upload())
    payload.pop("consent_witness")
    response = api_for(case_worker).post("/api/v1/referrals/", payload, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["consent"]["signed_form"] is True


def test_a_bad_referral_is_a_400_naming_the_field_in_the_language_asked_for(
    family: FamilyCase, service: Service, case_worker: User, api_for: Any
) -> None:
    response = api_for(case_worker).post(
        "/api/v1/referrals/?lang=en",
        _payload(family, service, consent_witness=""),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["consent_witness"] == ["Name the witness of a verbal consent."]
    assert not Referral.objects.exists()


def test_the_lifecycle_and_withdrawal_through_the_api(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, api_for: Any
) -> None:
    referral = send(family, service, case_worker, sections=tuple(Section))
    url = f"/api/v1/referrals/{referral.public_id}/"
    ngo = api_for(ngo_worker)
    assert ngo.post(url + "move/", {"target": "accepted"}, format="json").json()["status"] == (
        "accepted"
    )
    refused = ngo.post(url + "move/", {"target": "completed"}, format="json")
    assert refused.status_code == 400  # the outcome is missing
    done = ngo.post(
        url + "move/",
        {"target": "completed", "outcome": "partly", "note": "Delimično."},
        format="json",
    )
    assert done.json()["outcome"] == "partly"
    stale = ngo.post(
        url + "move/", {"target": "declined", "expected_status": "sent"}, format="json"
    )
    assert stale.status_code == 400
    withdrawn = api_for(case_worker).post(
        url + "withdraw-consent/", {"note": "Povučena usmeno."}, format="json"
    )
    assert withdrawn.json()["status"] == Status.WITHDRAWN
    after = ngo.get(url).json()["shared"]
    assert after == {"people": [], "assessment": None, "plan": None, "notes": [], "documents": []}


@pytest.mark.parametrize("persona", ["outsider", "org_admin"])
def test_nobody_else_sees_a_referral_through_the_api(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    persona: str,
    request: Any,
    api_for: Any,
) -> None:
    referral = send(family, service, case_worker)
    client = api_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/referrals/{referral.public_id}/").status_code == 404
    assert client.get("/api/v1/referrals/").json()["results"] == []
    move = client.post(
        f"/api/v1/referrals/{referral.public_id}/move/", {"target": "accepted"}, format="json"
    )
    assert move.status_code == 404


@pytest.mark.parametrize("shared", list(Section))
def test_the_api_shares_exactly_the_consented_section(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    ngo_worker: User,
    api_for: Any,
    shared: Section,
) -> None:
    referral = send(family, service, case_worker, sections=(shared,))
    body = api_for(ngo_worker).get(f"/api/v1/referrals/{referral.public_id}/").json()["shared"]
    people = body["people"]
    names = {p["given_name"] for p in people}
    phones = {p["phone"] for p in people}
    assert (names == {"Dragan", "Milica"}) == (shared == Section.IDENTITY)
    assert ("+381 64 123 4567" in phones) == (shared == Section.CONTACT)
    assert (body["assessment"] is not None) == (shared == Section.ASSESSMENT)
    assert (body["plan"] is not None) == (shared == Section.PLAN)
    assert [n["text"] for n in body["notes"]] == [family.shared_note.text]
    assert [d["title"] for d in body["documents"]] == [family.shared_document.title]
