"""Template helpers shared by every app."""

from django import template
from django.http import HttpRequest

from putokaz.core import languages
from putokaz.core.content_translation import in_script
from putokaz.core.middleware import LANGUAGE_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context: template.Context, code: str) -> str:
    """The current page's address with ``?lang=`` set to ``code`` (other parameters kept)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return f"?{LANGUAGE_PARAM}={languages.public_code(code)}"
    params = request.GET.copy()
    params[LANGUAGE_PARAM] = languages.public_code(code)
    return f"{request.path}?{params.urlencode()}"


@register.filter
def script(value: str) -> str:
    """Serbian Latin text in the current script (transliterated in Cyrillic)."""
    return in_script(str(value)) if value else value
