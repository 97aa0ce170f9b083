"""Documents attached to a case, and changing the status of the plan's goals and actions."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog
from putokaz.cases import actions
from putokaz.cases.models import Case, CaseAttachment, CaseEvent, Goal, PlanAction
from putokaz.cases.tests.factories import docx_upload, pdf_upload
from putokaz.core.uploads import attachment_storage
from putokaz.people.tests.factories import PersonFactory


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    person = PersonFactory(organisation=csw, given_name="Dragan", family_name="Đorđević")
    return actions.case_open(
        subject=person,
        organisation=csw,
        case_type="returnee",
        urgency="regular",
        reason="Povratak po readmisiji.",
        acting_user=case_worker,
    )


def _attach(client: Client, case: Case, upload: SimpleUploadedFile, **fields: Any) -> Any:
    return client.post(
        reverse("cases:attachment_add", args=[case.public_id]) + "?lang=en",
        {"title": "Rešenje o socijalnoj pomoći", "file": upload, **fields},
        follow=True,
    )


def _stored_files() -> list[Path]:
    root = Path(attachment_storage().location)
    return [p for p in root.rglob("*") if p.is_file()]


def test_case_worker_attaches_a_pdf_and_downloads_the_same_bytes(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    upload = pdf_upload("rešenje.pdf")
    content = upload.read()
    upload.seek(0)
    page = _attach(client, case, upload)
    assert "The document was attached." in page.text
    assert "Rešenje o socijalnoj pomoći" in page.text
    attachment = CaseAttachment.objects.get()
    assert attachment.original_name == "rešenje.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(content)

    response = client.get(
        reverse("cases:attachment_download", args=[case.public_id, attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "rešenje.pdf" in response["Content-Disposition"]
        or "re%C5%A1enje.pdf" in response["Content-Disposition"]
    )
    assert response["Cache-Control"] == "private, no-store"
    assert AccessLog.objects.filter(
        actor=case_worker, action="export", object_id=str(attachment.pk)
    ).exists()


def test_files_are_stored_under_a_random_name_outside_the_web_root(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    _attach(client, case, pdf_upload("Đorđević JMBG.pdf"))
    (stored,) = _stored_files()
    assert "Đorđević" not in stored.name and "JMBG" not in stored.name
    assert Path(settings.STATIC_ROOT) not in stored.parents
    name = CaseAttachment.objects.get().file.name
    for address in (f"/{name}", f"/static/{name}", f"/media/{name}"):
        assert client.get(address).status_code == 404, address


def test_a_word_document_is_accepted(case: Case, case_worker: User, client_for: Any) -> None:
    page = _attach(client_for(case_worker), case, docx_upload())
    assert "The document was attached." in page.text
    assert CaseAttachment.objects.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("program.exe", b"MZ\x90\x00" * 100),
            "Files of this kind cannot be attached.",
        ),
        (
            SimpleUploadedFile("rešenje.pdf", b"MZ\x90\x00" * 100),
            "The content of the file is not PDF, whatever its name says.",
        ),
        (
            SimpleUploadedFile("izveštaj.docx", b"PK\x03\x04" + b"\x00" * 100),
            "The content of the file is not DOCX, whatever its name says.",
        ),
        (SimpleUploadedFile("prazno.pdf", b""), "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(
    case: Case, case_worker: User, client_for: Any, upload: SimpleUploadedFile, message: str
) -> None:
    page = _attach(client_for(case_worker), case, upload)
    assert message in page.text
    assert not CaseAttachment.objects.exists()
    assert _stored_files() == []


def test_a_file_over_the_limit_is_refused(
    case: Case, case_worker: User, client_for: Any, settings: Any
) -> None:
    settings.PUTOKAZ_MAX_UPLOAD_MB = 1
    page = _attach(client_for(case_worker), case, pdf_upload(size=1_600_000))
    assert "The file is 1.5 MB; at most 1 MB can be attached." in page.text
    assert not CaseAttachment.objects.exists()


def test_refusal_is_in_the_readers_language(case: Case, case_worker: User, client_for: Any) -> None:
    client = client_for(case_worker)
    response = client.post(
        reverse("cases:attachment_add", args=[case.public_id]) + "?lang=sr-Latn",
        {"title": "Program", "file": SimpleUploadedFile("program.exe", b"MZ")},
        follow=True,
    )
    assert "Ova vrsta datoteke ne može da se priloži." in response.text
    assert not CaseAttachment.objects.exists()


def test_when_the_record_cannot_be_written_the_stored_file_is_removed_again(
    case: Case, case_worker: User, monkeypatch: Any
) -> None:
    def refuse(**kwargs: Any) -> None:
        raise RuntimeError("the access log is unavailable")

    monkeypatch.setattr(actions, "log_access", refuse)
    upload = pdf_upload()
    with pytest.raises(RuntimeError):
        actions.attachment_add(
            case=case,
            title="Rešenje",
            upload=upload,
            kind=actions.uploads.check_upload(upload),
            confidential=False,
            acting_user=case_worker,
        )
    assert not CaseAttachment.objects.exists()
    assert _stored_files() == []


@pytest.mark.parametrize("persona", ["org_admin", "ngo_worker", "outsider"])
def test_nobody_else_gets_or_adds_a_document(
    case: Case, case_worker: User, persona: str, request: Any, client_for: Any
) -> None:
    attachment = actions.attachment_add(
        case=case,
        title="Rešenje",
        upload=(upload := pdf_upload()),
        kind=actions.uploads.check_upload(upload),
        confidential=False,
        acting_user=case_worker,
    )
    client = client_for(request.getfixturevalue(persona))
    url = reverse("cases:attachment_download", args=[case.public_id, attachment.pk])
    assert client.get(url).status_code == 404
    assert _attach(client, case, pdf_upload()).status_code == 404
    assert CaseAttachment.objects.count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(
    case: Case, case_worker: User, anonymous: Client
) -> None:
    url = reverse("cases:attachment_download", args=[case.public_id, 1])
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_confidential_document_stays_in_its_organisation(
    case: Case, case_worker: User, outsider_org: Organisation, client_for: Any
) -> None:
    national_admin = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=national_admin, organisation=outsider_org, role=Role.SYSTEM_ADMIN)
    upload = pdf_upload()
    attachment = actions.attachment_add(
        case=case,
        title="Izveštaj psihologa",
        upload=upload,
        kind=actions.uploads.check_upload(upload),
        confidential=True,
        acting_user=case_worker,
    )
    client = client_for(national_admin)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Izveštaj psihologa" not in page.text
    url = reverse("cases:attachment_download", args=[case.public_id, attachment.pk])
    assert client.get(url).status_code == 404
    assert client_for(case_worker).get(url).status_code == 200


def test_removing_hides_the_document_but_keeps_the_file_and_the_record(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    _attach(client, case, pdf_upload())
    attachment = CaseAttachment.objects.get()
    page = client.post(
        reverse("cases:attachment_remove", args=[case.public_id, attachment.pk]) + "?lang=en",
        follow=True,
    )
    assert "The document was removed from the case." in page.text
    assert "No documents." in page.text
    url = reverse("cases:attachment_download", args=[case.public_id, attachment.pk])
    assert client.get(url).status_code == 404
    attachment.refresh_from_db()
    assert attachment.removed_by == case_worker
    assert attachment.history.count() == 2
    assert len(_stored_files()) == 1
    kinds = list(case.events.values_list("kind", flat=True))
    assert CaseEvent.Kind.DOCUMENT_ADDED in kinds and CaseEvent.Kind.DOCUMENT_REMOVED in kinds


@pytest.fixture
def goal_with_action(case: Case, case_worker: User) -> tuple[Goal, PlanAction]:
    goal = actions.goal_add(
        case=case, domain="documents", description="Lična karta", acting_user=case_worker
    )
    action = actions.plan_action_add(
        goal=goal,
        description="Zahtev za izvod iz matične knjige rođenih",
        organisation=case.organisation,
        service=None,
        due_on=None,
        acting_user=case_worker,
    )
    return goal, action


def test_worker_marks_an_action_done_and_the_goal_achieved(
    case: Case, case_worker: User, client_for: Any, goal_with_action: tuple[Goal, PlanAction]
) -> None:
    goal, action = goal_with_action
    client = client_for(case_worker)
    page = client.post(
        reverse("cases:plan_action_status", args=[case.public_id, action.pk]) + "?lang=en",
        {"status": "done"},
        follow=True,
    )
    assert "The plan was updated." in page.text
    client.post(
        reverse("cases:goal_status", args=[case.public_id, goal.pk]), {"status": "achieved"}
    )
    goal.refresh_from_db()
    action.refresh_from_db()
    assert (goal.status, action.status) == ("achieved", "done")
    changes = list(case.events.filter(kind=CaseEvent.Kind.PLAN_CHANGED).order_by("at", "pk"))
    with translation.override("en"):
        assert [(e.note, e.describe()) for e in changes] == [
            (action.description, "plan changed from planned to done"),
            (goal.description, "plan changed from open to achieved"),
        ]
    assert action.history.count() == 2
    history = client.get(case.get_absolute_url() + "?lang=sr-Latn").text
    assert "Plan izmenjen iz planirano u završeno" in history


def test_an_unknown_status_changes_nothing(
    case: Case, case_worker: User, client_for: Any, goal_with_action: tuple[Goal, PlanAction]
) -> None:
    goal, _action = goal_with_action
    page = client_for(case_worker).post(
        reverse("cases:goal_status", args=[case.public_id, goal.pk]) + "?lang=en",
        {"status": "finished"},
        follow=True,
    )
    assert "Select a valid choice." in page.text
    goal.refresh_from_db()
    assert goal.status == "open"


def test_a_goal_of_another_case_is_not_found(
    case: Case,
    csw: Organisation,
    case_worker: User,
    client_for: Any,
    goal_with_action: tuple[Goal, PlanAction],
) -> None:
    other = actions.case_open(
        subject=PersonFactory(organisation=csw),
        organisation=csw,
        case_type="general",
        urgency="regular",
        reason="",
        acting_user=case_worker,
    )
    goal, _action = goal_with_action
    response = client_for(case_worker).post(
        reverse("cases:goal_status", args=[other.public_id, goal.pk]), {"status": "dropped"}
    )
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.status == "open"
