"""Pick the language of each request and remember the user's choice."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from putokaz.core import languages

LANGUAGE_PARAM = "lang"


class LanguageMiddleware:
    """Language from ``?lang=``, then the user's saved choice, the cookie, Accept-Language.

    ``?lang=`` (any case, ``sr-Latn`` or ``sr-latn``) switches language and is
    remembered in a cookie and, for a signed-in user, on their account.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = languages.normalize(request.GET.get(LANGUAGE_PARAM))
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # Only a choice made on our own pages is saved on the account, not a link from elsewhere.
        same_site = request.headers.get("Sec-Fetch-Site", "same-origin") in {"same-origin", "none"}
        if chosen and signed_in and same_site and getattr(user, "language", None) != chosen:
            user.language = chosen  # type: ignore[union-attr]
            user.save(update_fields=["language"])  # type: ignore[union-attr]
        code = (
            chosen
            or (signed_in and languages.normalize(getattr(user, "language", "")))
            or languages.normalize(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or languages.from_accept_language(request.headers.get("Accept-Language", ""))
            or settings.LANGUAGE_CODE
        )
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", languages.public_code(code))
        vary = response.headers.get("Vary", "")
        if "Accept-Language" not in vary:
            response.headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
        translation.deactivate()
        return response
