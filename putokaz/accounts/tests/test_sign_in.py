import re

import pytest
from django.core import mail
from django.test import Client

from putokaz.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_sign_in_with_email_and_password(anonymous: Client, case_worker: User) -> None:
    response = anonymous.post(
        "/sign-in/", {"username": case_worker.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert anonymous.get("/").status_code == 200


def test_wrong_password_shows_a_translated_error_and_signs_nobody_in(
    anonymous: Client, case_worker: User
) -> None:
    response = anonymous.post(
        "/sign-in/?lang=en", {"username": case_worker.email, "password": "nope"}
    )
    assert response.status_code == 200
    assert "The e-mail address or password is not correct." in response.text
    assert anonymous.get("/").status_code == 302


def test_repeated_failures_lock_the_account_even_with_the_right_password(
    anonymous: Client, case_worker: User
) -> None:
    for _attempt in range(5):
        anonymous.post("/sign-in/", {"username": case_worker.email, "password": "wrong-guess"})
    response = anonymous.post(
        "/sign-in/?lang=en", {"username": case_worker.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert anonymous.get("/").status_code == 302


def test_other_accounts_are_not_locked_by_someone_elses_failures(
    anonymous: Client, case_worker: User, supervisor: User
) -> None:
    for _attempt in range(5):
        anonymous.post("/sign-in/", {"username": case_worker.email, "password": "wrong-guess"})
    response = anonymous.post("/sign-in/", {"username": supervisor.email, "password": PASSWORD})
    assert response.status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(client_for, case_worker: User) -> None:
    client = client_for(case_worker)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.headers["Location"] == "/sign-in/"
    assert client.get("/").status_code == 302


def test_password_reset_sends_a_working_link(anonymous: Client, case_worker: User) -> None:
    response = anonymous.post("/password-reset/", {"email": case_worker.email})
    assert response.headers["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_page = anonymous.get(link.group(1), follow=True)
    new_password = "a-new-long-password-2026"
    done = anonymous.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.headers["Location"] == "/password-reset/done/"
    case_worker.refresh_from_db()
    assert case_worker.check_password(new_password)


def test_password_reset_e_mails_are_limited_per_address(
    anonymous: Client, case_worker: User
) -> None:
    for _attempt in range(5):
        response = anonymous.post("/password-reset/", {"email": case_worker.email.upper()})
        assert response.headers["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 3


def test_password_reset_for_an_unknown_address_reveals_nothing(anonymous: Client) -> None:
    response = anonymous.post("/password-reset/", {"email": "nobody@putokaz.test"})
    assert response.headers["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_user_edits_own_details_and_language(client_for, case_worker: User) -> None:
    client = client_for(case_worker)
    response = client.post(
        "/account/", {"full_name": "Јелена Петровић", "phone": "", "language": "de"}
    )
    assert response.status_code == 302
    case_worker.refresh_from_db()
    assert case_worker.full_name == "Јелена Петровић"
    assert case_worker.language == "de"
    assert '<html lang="de">' in client.get("/").text


def test_changes_to_a_user_are_kept_in_history(case_worker: User) -> None:
    case_worker.full_name = "Jelena Petrović Marković"
    case_worker.save()
    names = list(case_worker.history.values_list("full_name", flat=True))
    assert names[:2] == ["Jelena Petrović Marković", "Jelena Petrović"]


def test_language_chosen_on_the_sign_in_page_is_kept_after_signing_in(
    anonymous: Client, case_worker: User
) -> None:
    anonymous.get("/sign-in/?lang=rom")
    anonymous.post("/sign-in/", {"username": case_worker.email, "password": PASSWORD})
    case_worker.refresh_from_db()
    assert case_worker.language == "rom"
    assert '<html lang="rom">' in anonymous.get("/").text


def test_changing_the_case_of_the_address_does_not_reset_the_lockout(
    anonymous: Client, case_worker: User
) -> None:
    for attempt in range(5):
        email = case_worker.email.upper() if attempt % 2 else case_worker.email
        anonymous.post("/sign-in/", {"username": email, "password": "wrong-guess"})
    response = anonymous.post(
        "/sign-in/", {"username": case_worker.email.title(), "password": PASSWORD}
    )
    assert response.status_code == 429


def test_behind_a_proxy_the_lockout_counts_the_client_not_the_proxy(
    anonymous: Client, case_worker: User, settings
) -> None:
    settings.PROXY_COUNT = 1
    for _attempt in range(5):
        anonymous.post(
            "/sign-in/",
            {"username": case_worker.email, "password": "wrong-guess"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    # The same account from another client address still signs in.
    other = anonymous.post(
        "/sign-in/",
        {"username": case_worker.email, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert other.status_code == 302
