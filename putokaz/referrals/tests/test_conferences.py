"""Case conferences: the record, its follow-up actions in the plan, and who reads it."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog
from putokaz.cases.models import Goal, PlanAction
from putokaz.notifications.models import Notification
from putokaz.referrals.models import CaseConference, Section
from putokaz.referrals.tests.factories import FamilyCase, family_case, legal_aid_service, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(csw: Organisation, case_worker: User) -> FamilyCase:
    return family_case(csw, case_worker)


def _post(
    family: FamilyCase, partner_ngo: Organisation, ngo_worker: User, **overrides: Any
) -> dict[str, Any]:
    goal = Goal.objects.get(case=family.case)
    data = {
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "CSR Zemun, sala 2",
        "decisions": "Udruženje preuzima pravnu pomoć; CSR prati upis dece u školu.",
        "discussed-documents": "Otac nema ličnu kartu; potreban izvod iz matične knjige.",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "participants-0-organisation": str(family.case.organisation_id),
        "participants-0-name": "Jelena Petrović",
        "participants-0-role": "voditeljka slučaja",
        "participants-1-organisation": str(partner_ngo.pk),
        "participants-1-email": ngo_worker.email.upper(),
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-goal": str(goal.pk),
        "actions-0-description": "Podneti zahtev za upis u matičnu knjigu rođenih",
        "actions-0-organisation": str(partner_ngo.pk),
    }
    data.update(overrides)
    return data


def test_a_conference_is_recorded_and_its_follow_ups_go_into_the_plan(
    family: FamilyCase,
    partner_ngo: Organisation,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
) -> None:
    client = client_for(case_worker)
    page = client.post(
        reverse("referrals:conference_new", args=[family.case.public_id]) + "?lang=en",
        _post(family, partner_ngo, ngo_worker),
        follow=True,
    )
    assert "The case conference was recorded." in page.text
    conference = CaseConference.objects.get()
    assert conference.discussion == {
        "documents": "Otac nema ličnu kartu; potreban izvod iz matične knjige."
    }
    assert [p.user for p in conference.participants.all()] == [None, ngo_worker]
    action = PlanAction.objects.get(description__startswith="Podneti zahtev")
    assert action.organisation == partner_ngo
    assert list(conference.follow_up_actions.all()) == [action]
    assert Notification.objects.filter(user=ngo_worker, kind="conference_recorded").exists()
    case_page = client.get(family.case.get_absolute_url()).text
    assert "Podneti zahtev za upis" in case_page  # in the plan
    assert conference.get_absolute_url() in case_page


def test_a_participant_of_another_organisation_reads_the_record_but_not_the_case(
    family: FamilyCase,
    partner_ngo: Organisation,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
) -> None:
    client_for(case_worker).post(
        reverse("referrals:conference_new", args=[family.case.public_id]),
        _post(family, partner_ngo, ngo_worker),
    )
    conference = CaseConference.objects.get()
    ngo = client_for(ngo_worker)
    page = ngo.get(conference.get_absolute_url() + "?lang=en").text
    assert "Udruženje preuzima pravnu pomoć" in page
    assert "No referral shares the case's data with your organisation." in page
    assert family.case.number not in page
    assert "Milica" not in page
    assert ngo.get(family.case.get_absolute_url()).status_code == 404
    assert AccessLog.objects.filter(
        actor=ngo_worker, action="view", object_id=str(conference.pk)
    ).exists()
    # With a referral, the participant is pointed to the consented data.
    referral = send(
        family, legal_aid_service(partner_ngo), case_worker, sections=(Section.IDENTITY,)
    )
    assert referral.get_absolute_url() in ngo.get(conference.get_absolute_url()).text


@pytest.mark.parametrize("persona", ["outsider", "org_admin"])
def test_nobody_else_reads_the_conference(
    family: FamilyCase,
    partner_ngo: Organisation,
    case_worker: User,
    ngo_worker: User,
    persona: str,
    request: Any,
    client_for: Any,
) -> None:
    client_for(case_worker).post(
        reverse("referrals:conference_new", args=[family.case.public_id]),
        _post(family, partner_ngo, ngo_worker),
    )
    conference = CaseConference.objects.get()
    client = client_for(request.getfixturevalue(persona))
    assert client.get(conference.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("referrals:conference_new", args=[family.case.public_id])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"participants-1-email": "nobody@putokaz.test"},
            "Nobody with this e-mail address works at this organisation.",
        ),
        (
            {"participants-0-name": "", "participants-1-organisation": ""},
            "Give the participant's name or Putokaz e-mail.",
        ),
        ({"decisions": ""}, "This field is required."),
        ({"held_at": "2099-01-01T10:00"}, "Record a conference once it has been held."),
    ],
)
def test_a_bad_record_is_refused_and_nothing_is_saved(
    family: FamilyCase,
    partner_ngo: Organisation,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
    overrides: dict[str, str],
    message: str,
) -> None:
    before = PlanAction.objects.count()
    response = client_for(case_worker).post(
        reverse("referrals:conference_new", args=[family.case.public_id]) + "?lang=en",
        _post(family, partner_ngo, ngo_worker, **overrides),
    )
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.text
    assert not CaseConference.objects.exists()
    assert PlanAction.objects.count() == before
