"""A trafficking case of a foreign woman, opened by a case worker (sealed, as every
trafficking case), and screenings of it."""

from typing import Any

from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases import actions as case_actions
from putokaz.cases.models import Case, CaseType
from putokaz.people.tests.factories import PersonFactory
from putokaz.trafficking import actions
from putokaz.trafficking.models import Screening

# Deceived about the job and the wage; excessive hours and no pay; documents taken and
# debt bondage at destination: positive in three dimensions (an adult possible victim).
ADULT_LABOUR_VICTIM = [
    "d_job",
    "d_wages",
    "e_hours",
    "e_salary",
    "documents_confiscated",
    "debt_bondage",
]


def trafficking_case(organisation: Organisation, worker: User, **person: Any) -> Case:
    subject = PersonFactory(
        organisation=organisation,
        given_name=person.pop("given_name", "Olena"),
        family_name=person.pop("family_name", "Kovalenko"),
        citizenships=person.pop("citizenships", ["UA"]),
        **person,
    )
    return case_actions.case_open(
        subject=subject,
        organisation=organisation,
        case_type=CaseType.TRAFFICKING,
        urgency="immediate",
        reason="Upućena iz policije posle racije u magacinu.",
        acting_user=worker,
    )


def screening(
    case: Case, worker: User, ticked: list[str] | None = None, **kwargs: Any
) -> Screening:
    return actions.screening_record(
        case=case,
        indicator_set=kwargs.pop("indicator_set", "adult_labour"),
        ticked=ADULT_LABOUR_VICTIM if ticked is None else ticked,
        act=kwargs.pop("act", True),
        screened_on=kwargs.pop("screened_on", timezone.localdate()),
        acting_user=worker,
        **kwargs,
    )
