"""Who is asking: the client's address (behind PROXY_COUNT trusted proxies) and the sign-in name."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind N trusted proxies it is the N-th address from the right
    of X-Forwarded-For (each proxy appends the address it received the request from)."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.headers.get("X-Forwarded-For", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def sign_in_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail address being signed in with, as the account stores it (case-insensitive),
    so that failed attempts count against the account whatever case was typed."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else None
