"""Template helpers shared by every app."""

import re

from django import template
from django.http import HttpRequest, QueryDict

from putokaz.core import languages
from putokaz.core.content_translation import in_script
from putokaz.core.middleware import LANGUAGE_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context: template.Context, code: str) -> str:
    """The current page with ``?lang=`` set to ``code``, other parameters kept.

    Relative ("?…"), never built from the path: a path like ``//other.site/`` on a
    404 page must not become a link off the site.
    """
    request: HttpRequest | None = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params[LANGUAGE_PARAM] = languages.public_code(code)
    return f"?{params.urlencode()}"


@register.filter
def script(value: str) -> str:
    """Serbian Latin text in the current script (transliterated in Cyrillic)."""
    return in_script(str(value)) if value else value


@register.filter
def one_full_stop(value: str) -> str:
    """A sentence ending in a date that ends in a full stop (Serbian "7. decembar 2026.")
    keeps one full stop, not two."""
    return re.sub(r"\.\.(?=\s|$)", ".", str(value))
