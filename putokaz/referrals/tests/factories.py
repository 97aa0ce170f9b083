"""A returnee family's case with something of everything a consent may share, and referrals."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases import actions as case_actions
from putokaz.cases.models import Case, CaseAttachment, CaseNote
from putokaz.cases.tests.factories import pdf_upload
from putokaz.directory.models import Service
from putokaz.directory.tests.factories import ServiceFactory
from putokaz.people.models import Relationship
from putokaz.people.tests.factories import PersonFactory, household_of
from putokaz.referrals import actions
from putokaz.referrals.models import Referral, Section


@dataclass
class FamilyCase:
    case: Case
    shared_note: CaseNote
    private_note: CaseNote
    confidential_note: CaseNote
    shared_document: CaseAttachment
    private_document: CaseAttachment


def family_case(organisation: Organisation, worker: User) -> FamilyCase:
    """The Đorđević family, returned from Germany: assessed, with a plan, notes and documents."""
    father = PersonFactory(
        organisation=organisation,
        given_name="Dragan",
        family_name="Đorđević",
        phone="+381 64 123 4567",
        address="Ugrinovačka 15",
    )
    daughter = PersonFactory(organisation=organisation, given_name="Milica", family_name="Đorđević")
    household = household_of(father, (daughter, Relationship.CHILD), address="Ugrinovačka 15")
    case = case_actions.case_open(
        subject=household,
        organisation=organisation,
        case_type="returnee",
        urgency="urgent",
        reason="Vraćeni iz Nemačke po readmisiji.",
        acting_user=worker,
    )
    case_actions.assessment_record(
        case=case,
        kind="initial",
        assessed_on=timezone.localdate(),
        ratings={"documents": ("urgent", "Nema ličnu kartu."), "housing": ("met", "")},
        summary="",
        acting_user=worker,
    )
    case_actions.goal_add(
        case=case, domain="documents", description="Lična karta za Dragana", acting_user=worker
    )

    def note(text: str, confidential: bool = False) -> CaseNote:
        return case_actions.note_add(
            case=case, text=text, confidential=confidential, acting_user=worker
        )

    def document(title: str) -> CaseAttachment:
        upload = pdf_upload(f"{title}.pdf")
        return case_actions.attachment_add(
            case=case,
            title=title,
            upload=upload,
            kind=case_actions.uploads.check_upload(upload),
            confidential=False,
            acting_user=worker,
        )

    return FamilyCase(
        case=case,
        shared_note=note("Porodica traži pravnu pomoć oko prijave prebivališta."),
        private_note=note("Otac je pominjao dugove prema rodbini."),
        confidential_note=note("Sumnja na nasilje u porodici.", confidential=True),
        shared_document=document("Rešenje o odbijanju prijave"),
        private_document=document("Izveštaj lekara"),
    )


def legal_aid_service(organisation: Organisation) -> Service:
    return ServiceFactory(organisation=organisation, name_sr_latn="Besplatna pravna pomoć")


def send(
    family: FamilyCase,
    service: Service,
    worker: User,
    *,
    sections: tuple[str, ...] = (Section.IDENTITY, Section.CONTACT),
    **overrides: Any,
) -> Referral:
    values: dict[str, Any] = {
        "case": family.case,
        "subject": family.case.household,
        "to_organisation": service.organisation,
        "to_service": service,
        "reason": "Pravna pomoć oko prijave prebivališta.",
        "needs": ["documents"],
        "urgency": "regular",
        "consent_by": "self",
        "consent_name": "Dragan Đorđević",
        "consent_on": timezone.localdate(),
        "consent_method": "verbal",
        "consent_witness": "Ana Marković",
        "shared_sections": sections,
        "shared_notes": [family.shared_note],
        "shared_documents": [family.shared_document],
        "acting_user": worker,
    }
    values.update(overrides)
    return actions.referral_send(**values)
