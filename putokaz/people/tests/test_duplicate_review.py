"""The supervisors' review of possible duplicates: the queue, dismissing a pair, merging two
records of one person (everything moves, every value stays in history) and undoing it."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases.models import Case
from putokaz.cases.tests.factories import CaseFactory
from putokaz.people import actions
from putokaz.people.models import (
    IdentityDocument,
    OtherSpelling,
    Person,
    PersonHolder,
    PersonMerge,
    PossibleDuplicate,
)
from putokaz.people.tests.factories import (
    IdentityDocumentFactory,
    OtherSpellingFactory,
    PersonFactory,
    household_of,
)

pytestmark = pytest.mark.django_db

QUEUE = "/people/duplicates/"


@pytest.fixture
def first(csw: Organisation) -> Person:
    return PersonFactory(
        organisation=csw,
        given_name="Ђорђе",
        family_name="Ђорђевић",
        birth_date=datetime.date(1984, 3, 7),
        phone="",
        address="Glavna 1",
    )


@pytest.fixture
def second(csw: Organisation) -> Person:
    return PersonFactory(
        organisation=csw,
        given_name="Djordje",
        family_name="Djordjevic",
        birth_date=datetime.date(1984, 3, 7),
        phone="0641234567",
        address="",
    )


@pytest.fixture
def pair(first: Person, second: Person, case_worker: User) -> PossibleDuplicate:
    return PossibleDuplicate.objects.create(
        person=second,
        other=first,
        score=0.93,
        source=PossibleDuplicate.Source.REGISTRATION,
        found_by=case_worker,
    )


def test_supervisor_sees_the_pair_and_compares_the_two_records(
    client_for: Any, supervisor: User, pair: PossibleDuplicate, first: Person, second: Person
) -> None:
    client = client_for(supervisor)

    queue = client.get(f"{QUEUE}?lang=en")
    review = client.get(f"{QUEUE}{pair.pk}/?lang=en")

    assert list(queue.context["page"]) == [pair]
    assert f"{QUEUE}{pair.pk}/" in queue.text
    assert review.status_code == 200
    phone = next(row for row in review.context["rows"] if row["name"] == "phone")
    assert (phone["kept"], phone["other"], phone["take_other"]) == ("—", "0641234567", True)
    assert (
        AccessLog.objects.filter(
            actor=supervisor, action=Action.VIEW, object_id__in=[str(first.pk), str(second.pk)]
        ).count()
        == 2
    )


def test_the_queue_is_for_supervisors_of_the_organisation_holding_the_file(
    client_for: Any, case_worker: User, outsider_org: Organisation, pair: PossibleDuplicate
) -> None:
    elsewhere = MembershipFactory(organisation=outsider_org, role=Role.SUPERVISOR).user

    assert client_for(case_worker).get(QUEUE).status_code == 403
    assert list(client_for(elsewhere).get(QUEUE).context["page"]) == []
    assert client_for(elsewhere).get(f"{QUEUE}{pair.pk}/").status_code == 404
    anonymous = Client().get(QUEUE)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous.headers["Location"]


def test_two_different_people_closes_the_pair_once(
    client_for: Any, supervisor: User, pair: PossibleDuplicate
) -> None:
    client = client_for(supervisor)
    response = client.post(
        f"{QUEUE}{pair.pk}/", {"decision": "different", "note": "twins, different JMBGs"}
    )

    pair.refresh_from_db()
    assert response.status_code == 302
    assert (pair.status, pair.decided_by, pair.note) == (
        PossibleDuplicate.Status.DIFFERENT,
        supervisor,
        "twins, different JMBGs",
    )
    with pytest.raises(ValidationError):
        actions.possible_duplicate_dismiss(pair=pair, acting_user=supervisor)


def test_merging_moves_everything_to_the_kept_record_and_keeps_the_values_chosen(
    client_for: Any,
    supervisor: User,
    case_worker: User,
    csw: Organisation,
    pair: PossibleDuplicate,
    first: Person,
    second: Person,
) -> None:
    case = CaseFactory(organisation=csw, person=second, workers=[case_worker])
    document = IdentityDocumentFactory(person=second)
    spelling = OtherSpellingFactory(
        person=second, given_name="Dschordsche", family_name="Dschordschewitsch"
    )
    household = household_of(second)

    response = client_for(supervisor).post(
        f"{QUEUE}{pair.pk}/", {"decision": "same", "take_phone": "other", "take_address": "kept"}
    )

    merge = PersonMerge.objects.get()
    assert (
        response.status_code == 302
        and response.headers["Location"] == f"/people/merges/{merge.pk}/"
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.phone, first.address) == ("0641234567", "Glavna 1")
    assert second.merged_into == first
    assert Case.objects.get(pk=case.pk).person == first
    assert IdentityDocument.objects.get(pk=document.pk).person == first
    assert OtherSpelling.objects.get(pk=spelling.pk).person == first
    assert household.members.get().person == first
    assert OtherSpelling.objects.filter(person=first, given_name="Djordje").exists()
    # Held by the same organisation already: the merged record keeps its holder row.
    assert PersonHolder.objects.filter(person=second, organisation=csw).exists()
    assert [
        "people.PersonHolder",
        PersonHolder.objects.get(person=second).pk,
    ] in merge.kept_with_merged
    pair.refresh_from_db()
    assert pair.status == PossibleDuplicate.Status.SAME
    # Search finds the kept record under every spelling, and the merged one no more.
    assert list(Person.objects.visible_to(supervisor).search("Dschordschewitsch")) == [first]
    assert list(Person.objects.visible_to(supervisor).search("djordjevic")) == [first]
    # The merged record's page leads to the kept one; every value stays in the history.
    assert client_for(supervisor).get(second.get_absolute_url()).headers["Location"] == (
        first.get_absolute_url()
    )
    assert (
        first.history.filter(phone="").exists()
        and first.history.filter(phone="0641234567").exists()
    )
    assert AccessLog.objects.filter(action=Action.MERGE, actor=supervisor).count() == 2


def test_undoing_a_merge_puts_everything_back_exactly(
    client_for: Any,
    supervisor: User,
    csw: Organisation,
    pair: PossibleDuplicate,
    first: Person,
    second: Person,
) -> None:
    case = CaseFactory(organisation=csw, person=second)
    spelling = OtherSpellingFactory(
        person=second, given_name="Dschordsche", family_name="Dschordschewitsch"
    )
    merge = actions.person_merge(
        survivor=first, merged=second, take_from_merged=["phone"], acting_user=supervisor, pair=pair
    )

    response = client_for(supervisor).post(f"/people/merges/{merge.pk}/undo/")

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.phone == "" and second.merged_into is None
    assert Case.objects.get(pk=case.pk).person == second
    assert OtherSpelling.objects.get(pk=spelling.pk).person == second
    assert not OtherSpelling.objects.filter(person=first).exists()
    assert list(Person.objects.visible_to(supervisor).search("Dschordschewitsch")) == [second]
    pair.refresh_from_db()
    assert pair.status == PossibleDuplicate.Status.OPEN
    merge.refresh_from_db()
    assert merge.undone_by == supervisor
    with pytest.raises(ValidationError):
        actions.person_unmerge(merge=merge, acting_user=supervisor)


def test_a_value_changed_after_the_merge_is_not_overwritten_by_the_undo(
    supervisor: User, pair: PossibleDuplicate, first: Person, second: Person
) -> None:
    merge = actions.person_merge(
        survivor=first, merged=second, take_from_merged=["phone"], acting_user=supervisor, pair=pair
    )
    first.phone = "0117654321"
    first.save()

    result = actions.person_unmerge(merge=merge, acting_user=supervisor)

    first.refresh_from_db()
    assert first.phone == "0117654321"
    assert result.changed_since == ["phone"]


def test_only_a_supervisor_who_may_open_both_files_merges(
    case_worker: User, outsider_org: Organisation, supervisor: User, first: Person
) -> None:
    hidden = PersonFactory(organisation=outsider_org, given_name="Đorđe", family_name="Đorđević")

    with pytest.raises(PermissionDenied):
        actions.person_merge(
            survivor=first, merged=hidden, take_from_merged=[], acting_user=supervisor
        )
    with pytest.raises(PermissionDenied):
        other = PersonFactory(organisation=first.organisation)
        actions.person_merge(
            survivor=first, merged=other, take_from_merged=[], acting_user=case_worker
        )
    assert not PersonMerge.objects.exists()


def test_a_pair_with_a_record_the_supervisor_cannot_open_shows_whom_to_ask(
    client_for: Any, supervisor: User, csw: Organisation, outsider_org: Organisation
) -> None:
    outsider_org.phone = "018 555 0202"
    outsider_org.save()
    mine = PersonFactory(organisation=csw, given_name="Senad", family_name="Ramić")
    theirs = PersonFactory(
        organisation=outsider_org, given_name="Senad", family_name="Ramic", jmbg=""
    )
    pair = PossibleDuplicate.objects.create(
        person=mine, other=theirs, score=0.8, source=PossibleDuplicate.Source.REGISTRATION
    )

    response = client_for(supervisor).get(f"{QUEUE}{pair.pk}/?lang=en")

    assert response.status_code == 200
    assert not response.context["visible"] and response.context["rows"] == []
    assert "018 555 0202" in response.text
    assert theirs.get_absolute_url() not in response.text
    assert 'value="same"' not in response.text
