"""An organisation administrator's view of the access log of their organisation's records."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from putokaz.accounts.access import get_organisation_for_user
from putokaz.accounts.models import AuthenticatedRequest
from putokaz.audit.forms import AccessLogFilterForm
from putokaz.audit.models import AccessLog

PAGE_SIZE = 50


@login_required
def organisation_log(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    if not request.user.has_perm("audit.view_organisation_log", organisation):
        raise PermissionDenied(_("Only the organisation's administrators may read its access log."))
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLog.objects.for_organisation(organisation).select_related("content_type")
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "audit/accesslog_list.html#entries" if request.htmx else "audit/accesslog_list.html"
    return render(request, template, {"organisation": organisation, "form": form, "page": page})
