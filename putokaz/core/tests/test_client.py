from django.test import RequestFactory

from putokaz.core.client import client_ip, sign_in_name


def test_client_ip_without_proxies_is_the_peer(settings) -> None:
    settings.PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"


def test_client_ip_behind_one_proxy_ignores_what_the_client_forged(settings) -> None:
    settings.PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"


def test_sign_in_name_is_case_insensitive() -> None:
    request = RequestFactory().post("/", {"username": "  Jelena@CSR.rs "})
    assert sign_in_name(request, None) == "jelena@csr.rs"
