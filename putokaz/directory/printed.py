"""The printed guide on the web: a municipality's guide as a PDF, for anyone, without signing in.

A PDF is typeset once per version (see :func:`guide_version`) and kept in the cache, which
app servers share in production; a browser that has that version gets "304 Not Modified".
"""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from putokaz.core import languages
from putokaz.directory.guide_pdf import guide_pdf, guide_version
from putokaz.geo.models import Municipality

LANGUAGE_PARAM = "language"  # not ?lang=, which would also switch the reader's own pages
CACHE_SECONDS = 24 * 60 * 60  # a version lasts a day at most: the date is on the title page


@require_safe
def municipality_guide_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The guide for the people of one municipality, in ``?language=`` (default: the reader's)."""
    municipality: Municipality = get_object_or_404(
        Municipality.objects.select_related("parent"), code=code
    )
    chosen = languages.normalize(request.GET.get(LANGUAGE_PARAM))
    language = chosen or translation.get_language() or languages.DEFAULT
    version = guide_version(municipality, language)
    etag = f'"{version.etag}"'
    response = get_conditional_response(
        request, etag=etag, last_modified=int(version.last_modified.timestamp())
    )
    if response is None:
        key = f"directory:guide-pdf:{version.etag}"
        pdf = cache.get(key)
        if pdf is None:
            pdf = guide_pdf(municipality, language)
            cache.set(key, pdf, CACHE_SECONDS)
        response = HttpResponse(pdf, content_type="application/pdf")
        with translation.override(language):
            name = f"{_('Integration Guide')} - {municipality.name}.pdf"
        response["Content-Disposition"] = content_disposition_header(False, name) or ""
        response["Content-Language"] = languages.public_code(language)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(version.last_modified.timestamp())
    # Public data; ask again each time, which costs one small query when nothing changed.
    response["Cache-Control"] = "public, no-cache"
    if chosen is None:  # the language came from the reader's cookie or browser
        patch_vary_headers(response, ["Cookie"])
    return response
