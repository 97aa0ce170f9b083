"""The list of a user's notifications; opening one marks it read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.notifications.actions import notification_mark_read
from putokaz.notifications.models import Notification


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(Notification.objects.for_user(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = Notification.objects.for_user(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    notification_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    notification_mark_read(user=request.user)
    return redirect("notifications:list")
