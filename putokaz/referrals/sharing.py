"""What a referral's consent lets the receiving organisation see of the case — and nothing more.

The referral page and the API build the shared record here, so the scope is enforced in one
place: a section not in the consent is never fetched.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from putokaz.cases.models import (
    Assessment,
    CaseAttachment,
    CaseNote,
    DomainRating,
    Goal,
    PlanAction,
)
from putokaz.core import locale_names
from putokaz.people.models import Person
from putokaz.referrals.models import Referral, Section


@dataclass(frozen=True)
class SharedPerson:
    person: Person
    citizenships: list[str]
    languages: list[str]


@dataclass
class SharedRecord:
    identity: bool = False
    contact: bool = False
    people: list[SharedPerson] = field(default_factory=list)
    household_address: str = ""
    household_municipality: Any = None
    assessment: Assessment | None = None
    ratings: list[DomainRating] = field(default_factory=list)
    goals: list[Goal] | None = None
    notes: list[CaseNote] = field(default_factory=list)
    documents: list[CaseAttachment] = field(default_factory=list)


def shared_record(referral: Referral) -> SharedRecord:
    """The case as the consent shares it; empty once consent is withdrawn or the referral
    cancelled."""
    record = SharedRecord()
    if not referral.shares_data:
        return record
    record.identity = referral.shares(Section.IDENTITY)
    record.contact = referral.shares(Section.CONTACT)
    if record.identity or record.contact:
        people: list[Person]
        if referral.household is not None:
            household = referral.household
            consented = set(referral.consented_people.values_list("pk", flat=True))
            people = [
                m.person
                for m in household.current_members().select_related("person__municipality")
                if m.person_id in consented
            ]
            record.household_address = household.address
            record.household_municipality = household.municipality
        else:
            people = [referral.person] if referral.person is not None else []
        record.people = [
            SharedPerson(
                person=person,
                citizenships=[locale_names.country_name(c) for c in person.citizenships],
                languages=[locale_names.language_name(c) for c in person.languages],
            )
            for person in people
        ]
    if referral.shares(Section.ASSESSMENT):
        record.assessment = (
            Assessment.objects.filter(case=referral.case).order_by("-assessed_on", "-pk").first()
        )
        if record.assessment is not None:
            record.ratings = list(record.assessment.ratings.all())
    if referral.shares(Section.PLAN):
        record.goals = list(
            Goal.objects.filter(case=referral.case).prefetch_related(
                Prefetch("actions", queryset=PlanAction.objects.select_related("organisation"))
            )
        )
    record.notes = list(referral.shared_notes.filter(confidential=False).select_related("author"))
    record.documents = list(
        referral.shared_documents.filter(confidential=False, removed_at__isnull=True)
    )
    return record


@dataclass(frozen=True)
class ReferralView:
    """A referral as one viewer may read it. The referring side (who work on the case) reads
    all of it; the receiving side reads what the consent shares, and once the consent is
    withdrawn or the referral cancelled, only its steps — no text anyone wrote."""

    referral: Referral
    sender: bool
    record: SharedRecord

    @property
    def texts(self) -> bool:
        """The reason, needs, answers, outcome and notes of the steps."""
        return self.sender or self.referral.shares_data

    @property
    def consent_identity(self) -> bool:
        """Who consented and the witness: names, so only with identity shared."""
        return self.sender or self.referral.shares(Section.IDENTITY)

    @property
    def consent_form(self) -> bool:
        return bool(self.referral.consent_form) and self.consent_identity


def referral_view(referral: Referral, *, sender: bool) -> ReferralView:
    return ReferralView(referral=referral, sender=sender, record=shared_record(referral))
