"""The trafficking cases a user sees as a table in the layout of IOM's Human Trafficking
Case Data Standard (HTCDS): one row per case, its columns named as the standard's fields
are in the Counter Trafficking Data Collaborative's codebook where one fits; the columns the
standard lacks (the status, the screening's result) come last."""

from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from putokaz.cases.models import Case, CaseType
from putokaz.core.exports import Cell, Table
from putokaz.people.models import Sex
from putokaz.trafficking import indicators
from putokaz.trafficking.models import Screening, StatusEvent

# HTCDS / CTDC age bands (ageBroad).
AGE_BANDS = ((0, 8), (9, 17), (18, 20), (21, 23), (24, 26), (27, 29), (30, 38), (39, 47))
GENDER = {Sex.FEMALE: "Female", Sex.MALE: "Male"}
EXPLOITATION = {"labour": "isForcedLabour", "sexual": "isSexualExploit"}
EXPLOITATION_NAMES = {"labour": "Forced labour", "sexual": "Sexual exploitation"}


def age_band(age: int | None) -> str:
    if age is None:
        return "Unknown"
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}--{high}"
    return "48+"


def columns() -> list[str]:
    means = [f for f in indicators.load().htcds_fields if f.startswith("meansOfControl")]
    return [
        "caseId",
        "Datasource",
        "yearOfRegistration",
        "gender",
        "ageBroad",
        "majorityStatus",
        "citizenship",
        "isForcedLabour",
        "isSexualExploit",
        "typeOfExploitConcatenated",
        "isAbduction",
        *means,
        "meansOfControlConcatenated",
        "identificationStatus",
        "identificationStatusDate",
        "screeningDate",
        "screeningResult",
        "positiveDimensions",
    ]


def trafficking_cases(user: Any) -> Any:
    """The trafficking cases, and the cases screened for trafficking, that ``user`` sees."""
    return (
        Case.objects.visible_to(user)
        .filter(Q(case_type=CaseType.TRAFFICKING) | Q(trafficking_screenings__isnull=False))
        .distinct()
        .select_related("person", "organisation")
        .prefetch_related(
            Prefetch(
                "trafficking_screenings", queryset=Screening.objects.order_by("-screened_on", "-pk")
            ),
            Prefetch(
                "victim_statuses", queryset=StatusEvent.objects.order_by("-recorded_at", "-pk")
            ),
        )
        .order_by("opened_at", "pk")
    )


def htcds_table(cases: Any) -> Table:
    data = indicators.load()
    names = columns()
    rows: list[list[Cell]] = []
    for case in cases:
        person = case.person
        screenings = list(case.trafficking_screenings.all())
        statuses = list(case.victim_statuses.all())
        screening = screenings[0] if screenings else None
        status = statuses[0] if statuses else None
        age = person.age_on(case.opened_at.date()) if person else None
        row: dict[str, Cell] = {
            "caseId": case.number,
            "Datasource": "Case Management",
            "yearOfRegistration": timezone.localtime(case.opened_at).year,
            "gender": GENDER.get(person.sex, "Unknown") if person else "Unknown",
            "ageBroad": age_band(age),
            "majorityStatus": "Unknown" if age is None else ("Minor" if age < 18 else "Adult"),
            "citizenship": ";".join(person.citizenships) if person else "",
            "identificationStatus": status.status if status else "",
            "identificationStatusDate": status.decided_on if status else None,
        }
        ticked: set[str] = set()
        if screening is not None and screening.indicator_set in data.sets:
            indicator_set = data.sets[screening.indicator_set]
            ticked = set(screening.indicators)
            fields = {
                i.htcds
                for d in indicator_set.dimensions
                for i in d.indicators
                if i.id in ticked and i.htcds
            }
            exploitation = indicator_set.exploitation
            row.update(
                {
                    "isForcedLabour": int(exploitation == "labour"),
                    "isSexualExploit": int(exploitation == "sexual"),
                    "typeOfExploitConcatenated": EXPLOITATION_NAMES[exploitation],
                    "isAbduction": int("isAbduction" in fields),
                    "meansOfControlConcatenated": ";".join(
                        sorted(
                            f.removeprefix("meansOfControl")
                            for f in fields
                            if f.startswith("meansOfControl")
                        )
                    ),
                    "screeningDate": screening.screened_on,
                    "screeningResult": "possible victim"
                    if screening.possible_victim
                    else "not indicated",
                    "positiveDimensions": ";".join(screening.positive_dimensions),
                }
            )
            for name in names:
                if name.startswith("meansOfControl") and name != "meansOfControlConcatenated":
                    row[name] = int(name in fields)
        rows.append([row.get(name) for name in names])
    return Table(title="HTCDS", columns=names, rows=rows)
