"""Searching cases by name, JMBG or number: the find page collects them from the name index,
a caseload's filter tests its cases one by one; both follow the rule of Case.objects.about."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from putokaz.accounts.models import Organisation
from putokaz.cases import caseloads
from putokaz.cases.models import Case
from putokaz.cases.tests.factories import CaseFactory
from putokaz.people.tests.factories import PersonFactory, household_of, jmbg_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(csw: Organisation) -> dict[str, Any]:
    moved_out = PersonFactory(organisation=csw, given_name="Sead", family_name="Jašarević")
    family = household_of(
        PersonFactory(organisation=csw, given_name="Elvira", family_name="Bajramović"),
        (PersonFactory(organisation=csw, given_name="Sead", family_name="Bajramović"), "child"),
        (moved_out, "child"),
    )
    member = family.members.get(person=moved_out)
    member.left_on = timezone.localdate() - datetime.timedelta(days=1)
    member.save()
    birth = datetime.date(1990, 1, 1)
    return {
        "person": CaseFactory(
            organisation=csw,
            person=PersonFactory(
                organisation=csw,
                given_name="Marko",
                family_name="Ђорђевић",
                birth_date=birth,
                jmbg=jmbg_for(birth),
            ),
        ),
        "household": CaseFactory(organisation=csw, person=None, household=family),
        "other": CaseFactory(organisation=csw, number="2026-X-00042"),
    }


def both_ways(query: str) -> set[str]:
    """The numbers of the cases found, the same both ways (else the test fails)."""
    everything = Case.objects.all()
    collected = {c.number for c in caseloads.search_cases(everything, query)}
    tested = {c.number for c in everything.filter(caseloads.matching(query))}
    assert collected == tested, query
    return collected


def test_a_case_is_found_by_its_persons_name_in_any_script(cases: dict[str, Any]) -> None:
    assert both_ways("Đorđević") == {cases["person"].number}
    assert both_ways("djordjevic mar") == {cases["person"].number}
    assert both_ways("Marko Bajramović") == set()


def test_a_household_case_is_found_by_any_current_members_name(cases: dict[str, Any]) -> None:
    assert both_ways("Sead Bajramović") == {cases["household"].number}
    assert both_ways("Elvira") == {cases["household"].number}
    # Every word of the query matches one and the same person.
    assert both_ways("Elvira Sead") == set()
    # Someone who left the household no longer brings up its case.
    assert both_ways("Jašarević") == set()


def test_a_case_is_found_by_jmbg_and_by_number(cases: dict[str, Any]) -> None:
    person = cases["person"].person
    assert person is not None
    assert both_ways(person.jmbg) == {cases["person"].number}
    assert both_ways(" 2026-X-00042 ") == {cases["other"].number}
    assert both_ways("!!") == set()
