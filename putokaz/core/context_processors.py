"""Values every page needs: the demo mark and the language switch."""

from typing import Any

from django.http import HttpRequest

from putokaz.core import languages
from putokaz.core.models import Installation


def site(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "LANGUAGE_CODE", languages.DEFAULT)
    return {
        "is_demo": Installation.is_demo_database(),
        "ui_languages": languages.all_languages(),
        "current_language_public": languages.public_code(current),
    }
