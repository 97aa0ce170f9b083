"""Keep the language a person was reading in when they sign in."""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from putokaz.core import languages


@receiver(user_logged_in)
def keep_language_on_sign_in(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """A language chosen on the sign-in page becomes the account's language."""
    if request is None:
        return
    chosen = languages.normalize(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen and chosen != user.language:
        user.language = chosen
        user.save(update_fields=["language"])
