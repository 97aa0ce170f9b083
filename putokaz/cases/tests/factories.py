import datetime
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from putokaz.accounts.tests.factories import OrganisationFactory, UserFactory
from putokaz.cases.models import Case, CaseAssignment, CaseTask, CaseType, Urgency
from putokaz.people.models import refresh_organisation_name_keys
from putokaz.people.tests.factories import PersonFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A case in intake, due in five days, about a person of the same organisation.

    ``CaseFactory(workers=[user])`` assigns workers (the first as case manager).
    """

    class Meta:
        model = Case
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    number = factory.Sequence(lambda n: f"2026-T-{n:05d}")
    case_type = CaseType.RETURNEE
    urgency = Urgency.REGULAR
    first_step_due = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=5))

    @factory.post_generation
    def workers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:  # as opening leaves it: the organisation finds its subjects by name
            subjects = [self.person_id] if self.person_id else []
            if self.household_id:
                subjects = list(
                    self.household.members.current().values_list("person_id", flat=True)
                )
            refresh_organisation_name_keys(subjects)
        for index, user in enumerate(extracted or []):
            CaseAssignment.objects.create(
                case=self,
                user=user,
                role=CaseAssignment.Role.LEAD if index == 0 else CaseAssignment.Role.SUPPORT,
            )


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTask

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Zadatak {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    created_by = factory.SubFactory(UserFactory)


def pdf_upload(name: str = "rešenje.pdf", size: int = 2_000) -> SimpleUploadedFile:
    """A small file that is a PDF by its content, as a scanner writes one."""
    body = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"
    return SimpleUploadedFile(name, body + b"%" * max(0, size - len(body)), "application/pdf")


def docx_upload(name: str = "izveštaj.docx") -> SimpleUploadedFile:
    """A word-processor document: a ZIP with the parts Word writes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())
