"""The trafficking pages of a case: screening and its explained result, the identification
status with the residence dates, the safety plan, the HTCDS export; who may see them."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases.models import Case, CaseEvent
from putokaz.trafficking import indicators
from putokaz.trafficking.models import SafetyPlanItem, Screening, StatusEvent, VictimStatus
from putokaz.trafficking.tests.factories import ADULT_LABOUR_VICTIM, screening, trafficking_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    return trafficking_case(csw, case_worker)


@pytest.fixture
def colleague(csw: Organisation) -> User:
    user = UserFactory(full_name="Dragana Nikolić")
    MembershipFactory(user=user, organisation=csw, role=Role.CASE_WORKER)
    return user


def _english(client: Client) -> Client:
    """The pages in English from now on (remembered as the language chosen)."""
    client.get("/?lang=en")
    return client


def _url(name: str, case: Case, *args: Any) -> str:
    return reverse(f"trafficking:{name}", args=[case.public_id, *args])


def _screen(client: Client, case: Case, ticked: list[str], **extra: Any) -> Any:
    """Post the screening form with the given indicators ticked, each under its dimension."""
    data: dict[str, Any] = {
        "list": "adult_labour",
        "screened_on": timezone.localdate().isoformat(),
        "act": "on",
        **extra,
    }
    for dimension in indicators.load().sets[data["list"]].dimensions:
        ids = {indicator.id for indicator in dimension.indicators}
        data[f"dimension_{dimension.id}"] = [i for i in ticked if i in ids]
    return client.post(_url("screening_new", case), data)


def test_the_case_page_links_to_the_trafficking_page(
    case: Case, case_worker: User, client_for: Any
) -> None:
    page = client_for(case_worker).get(case.get_absolute_url())
    assert _url("overview", case) in page.text


def test_a_screening_shows_which_dimensions_are_positive_why_and_the_result(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    form = client.get(_url("screening_new", case))
    assert form.status_code == 200
    assert "Deceived about the nature of the job, location or employer" in form.text
    assert "two strong indicators" in form.text  # the rule, explained

    response = _screen(client, case, ADULT_LABOUR_VICTIM)

    saved = Screening.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == _url("screening_detail", case, saved.public_id)
    assert saved.possible_victim
    assert saved.positive_dimensions == [
        "deceptive_recruitment",
        "exploitation",
        "coercion_destination",
    ]
    page = client.get(response["Location"])
    assert "Possible victim of trafficking" in page.text
    assert "Debt bondage" in page.text
    assert "Meets the rule:" in page.text
    assert page.text.count("not positive") == 3
    # The first possible-victim result starts the status; the case history has it.
    assert StatusEvent.objects.get(case=case).status == VictimStatus.POSSIBLE
    assert case.events.filter(kind=CaseEvent.Kind.SCREENED).exists()
    assert AccessLog.objects.filter(action=Action.CREATE, object_id=str(saved.pk)).exists()
    assert AccessLog.objects.filter(action=Action.VIEW, object_id=str(saved.pk)).exists()


def test_a_screening_that_does_not_meet_the_rule_says_not_indicated(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    response = _screen(client, case, ["d_job", "e_salary"])
    page = client.get(response["Location"])
    assert "Trafficking not indicated" in page.text
    assert not StatusEvent.objects.exists()


def test_the_screening_in_serbian_cyrillic(case: Case, case_worker: User, client_for: Any) -> None:
    page = client_for(case_worker).get(_url("screening_new", case) + "?lang=sr-cyrl")
    assert "Дужничко ропство" in page.text
    assert "Обманут/а о врсти посла, месту или послодавцу" in page.text


def test_a_screening_dated_in_the_future_is_refused_and_nothing_is_saved(
    case: Case, case_worker: User, client_for: Any
) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _screen(
        _english(client_for(case_worker)), case, ADULT_LABOUR_VICTIM, screened_on=tomorrow
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.text
    assert not Screening.objects.exists()


def test_the_status_moves_on_with_the_residence_dates_of_a_foreigner(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    day = datetime.date(2026, 3, 2)
    screening(case, case_worker, screened_on=day)
    for status in ("referred", "presumed", "identified"):
        response = client.post(
            _url("status_add", case),
            {
                "status": status,
                "decided_on": day.isoformat(),
                "reference": "CZŽTLJ-17/26",
                "expected": StatusEvent.objects.filter(case=case).first().status,
            },
        )
        assert response.status_code == 302, response.text
    statuses = list(StatusEvent.objects.filter(case=case).values_list("status", flat=True))
    assert statuses == ["identified", "presumed", "referred", "possible"]
    page = client.get(_url("overview", case))
    # Presumed: 90 days from the decision (the 2nd of March to the 30th of May); identified:
    # a year (to the 1st of March 2027).
    with translation.override("en"):
        assert f"until {date_format(datetime.date(2026, 5, 30), 'SHORT_DATE_FORMAT')}" in page.text
        assert f"until {date_format(datetime.date(2027, 3, 1), 'SHORT_DATE_FORMAT')}" in page.text
    assert "Zakon o strancima" in page.text
    assert "recorded by Jelena Petrović" in page.text


def test_no_residence_dates_for_a_serbian_citizen(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    case = trafficking_case(csw, case_worker, citizenships=["RS"])
    screening(case, case_worker)
    client = client_for(case_worker)
    for status in ("referred", "presumed"):
        client.post(
            _url("status_add", case),
            {"status": status, "decided_on": timezone.localdate().isoformat()},
        )
    assert StatusEvent.objects.filter(case=case).first().status == "presumed"
    assert "Zakon o strancima" not in client.get(_url("overview", case)).text


def test_a_status_out_of_order_or_on_a_stale_page_is_refused(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    screening(case, case_worker)  # possible
    out_of_order = client.post(
        _url("status_add", case),
        {"status": "identified", "decided_on": timezone.localdate().isoformat()},
    )
    assert out_of_order.status_code == 400
    stale = client.post(
        _url("status_add", case),
        {
            "status": "referred",
            "decided_on": timezone.localdate().isoformat(),
            "expected": "presumed",
        },
    )
    assert stale.status_code == 400
    assert "meanwhile" in stale.text
    assert list(StatusEvent.objects.values_list("status", flat=True)) == ["possible"]


def test_the_safety_plan_gets_measures_and_marks_them_done(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    review = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        _url("safety_add", case),
        {
            "risk": "Posrednik zna adresu sigurne kuće.",
            "measure": "Premeštaj u drugu sigurnu kuću; policija obaveštena.",
            "responsible": "Jelena Petrović, CSR Zemun",
            "review_on": review.isoformat(),
        },
    )
    assert response.status_code == 302
    item = SafetyPlanItem.objects.get(case=case)
    assert item.review_on == review
    page = client.get(_url("overview", case))
    assert "Posrednik zna adresu" in page.text
    client.post(_url("safety_update", case, item.pk), {"status": "done"})
    item.refresh_from_db()
    assert item.status == SafetyPlanItem.Status.DONE
    assert case.events.filter(kind=CaseEvent.Kind.SAFETY_PLAN).count() == 2
    assert item.history.count() == 2


def test_a_measure_without_a_risk_is_refused(
    case: Case, case_worker: User, client_for: Any
) -> None:
    response = client_for(case_worker).post(
        _url("safety_add", case),
        {"measure": "Pratnja", "responsible": "CSR", "review_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert not SafetyPlanItem.objects.exists()


def _rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_htcds_export_has_the_standards_fields_and_is_logged(
    case: Case, case_worker: User, client_for: Any
) -> None:
    screening(case, case_worker)
    response = client_for(case_worker).get(reverse("trafficking:export_htcds"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    [row] = _rows(response)
    assert row["caseId"] == case.number
    assert row["gender"] == "Unknown"
    assert row["majorityStatus"] == "Adult"
    assert row["citizenship"] == "UA"
    assert row["isForcedLabour"] == "1" and row["isSexualExploit"] == "0"
    assert row["meansOfControlDebtBondage"] == "1"
    assert row["meansOfControlWithholdsDocuments"] == "1"
    assert row["meansOfControlThreats"] == "0"
    assert row["identificationStatus"] == "possible"
    assert row["screeningResult"] == "possible victim"
    assert AccessLog.objects.filter(
        action=Action.EXPORT, object_id=str(case.pk), purpose="HTCDS export"
    ).exists()


def test_the_export_runs_a_fixed_number_of_queries(
    csw: Organisation, case_worker: User, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(case_worker)
    first = trafficking_case(csw, case_worker)
    screening(first, case_worker)
    with django_assert_num_queries(9) as few:
        client.get(reverse("trafficking:export_htcds"))
    for _ in range(3):
        screening(trafficking_case(csw, case_worker), case_worker)
    # Each case exported writes its access-log entry: one insert a case, nothing else more.
    with django_assert_num_queries(len(few.captured_queries) + 3):
        response = client.get(reverse("trafficking:export_htcds"))
    assert len(_rows(response)) == 4


def test_a_colleague_is_sent_to_break_glass_and_sees_nothing_in_the_export(
    case: Case, case_worker: User, colleague: User, client_for: Any
) -> None:
    screening(case, case_worker)
    client = client_for(colleague)
    response = client.get(_url("overview", case))
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert client.get(_url("screening_new", case)).status_code == 302
    assert client.post(_url("status_add", case), {"status": "referred"}).status_code == 404
    assert _rows(client.get(reverse("trafficking:export_htcds"))) == []


def test_outsiders_and_anonymous_visitors_get_nothing(
    case: Case, case_worker: User, outsider: User, client_for: Any, anonymous: Client
) -> None:
    saved = screening(case, case_worker)
    pages = [
        _url("overview", case),
        _url("screening_new", case),
        _url("screening_detail", case, saved.public_id),
    ]
    outsider_client = client_for(outsider)
    for url in pages:
        assert outsider_client.get(url).status_code == 404
        response = anonymous.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    for url in (_url("status_add", case), _url("safety_add", case)):
        assert outsider_client.post(url, {}).status_code == 404
        assert anonymous.post(url, {}).status_code == 302
    assert _rows(outsider_client.get(reverse("trafficking:export_htcds"))) == []
    assert anonymous.get(reverse("trafficking:export_htcds")).status_code == 302
    assert StatusEvent.objects.count() == 1
