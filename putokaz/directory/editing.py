"""Pages where an organisation keeps its entries in the guide (signed in)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest, Organisation
from putokaz.core.concurrency import VersionedModelForm, form_with_current_version
from putokaz.directory import actions
from putokaz.directory.access import (
    get_location_for_editor,
    get_organisation_for_editor,
    get_service_for_editor,
    organisations_editable_by,
)
from putokaz.directory.forms import (
    DocumentFormSet,
    LocationForm,
    LocationPhoneFormSet,
    PhoneFormSet,
    ScheduleFormSet,
    ServiceForm,
)
from putokaz.directory.models import Location, Service

NEEDS_VERIFICATION_PAGE_SIZE = 50
# Headings of the service editor's formsets, in the order the view builds them.
FORMSET_TITLES = [
    gettext_lazy("Opening hours"),
    gettext_lazy("What to bring"),
    gettext_lazy("Phones"),
]


@dataclass
class Editor:
    """A record's form and its formsets, bound to the request's data when it is a POST."""

    form_class: type[VersionedModelForm]
    formsets: list[tuple[Any, str]]  # (formset class, prefix)
    form_kwargs: dict[str, Any] = field(default_factory=dict)

    def build(self, data: Any, instance: Any) -> tuple[VersionedModelForm, list[Any]]:
        form = self.form_class(data, instance=instance, **self.form_kwargs)
        return form, [cls(data, instance=instance, prefix=prefix) for cls, prefix in self.formsets]

    def run(
        self,
        request: AuthenticatedRequest,
        existing: models.Model | None,
        new: models.Model,
        save: Callable[[Any, list[Any]], models.Model],
    ) -> tuple[VersionedModelForm, list[Any], models.Model | None]:
        """Validate and save; after a save refused because someone saved meanwhile, the
        form and formsets show their version with the error, so the person can redo
        their change on top of it."""
        data = request.POST if request.method == "POST" else None
        form, formsets = self.build(data, existing or new)
        if data is None or not form.is_valid() or not all(f.is_valid() for f in formsets):
            return form, formsets, None
        try:
            return form, formsets, save(form, formsets)
        except ValidationError as error:
            if existing is None:
                form.add_error(None, error)
                return form, formsets, None
            existing.refresh_from_db()
            form = form_with_current_version(self.form_class, existing, error, **self.form_kwargs)
            _unbound, formsets = self.build(None, existing)
            return form, formsets, None


def _editor_page(
    request: AuthenticatedRequest, organisation: Organisation, service: Service | None
) -> HttpResponse:
    """Show and save the service form with its opening hours, documents and phones."""
    editor = Editor(
        ServiceForm,
        [(ScheduleFormSet, "hours"), (DocumentFormSet, "documents"), (PhoneFormSet, "phones")],
        {"organisation": organisation},
    )
    form, formsets, saved = editor.run(
        request,
        service,
        Service(organisation=organisation),
        lambda form, formsets: actions.service_save(
            organisation=organisation,
            form=form,
            formsets=formsets,
            languages=form.cleaned_data["spoken"],
            acting_user=request.user,
            request=request,
        ),
    )
    if saved is not None:
        messages.success(request, _("The service was saved."))
        return redirect("directory:service_edit", pk=saved.pk)
    return render(
        request,
        "directory/service_edit.html",
        {
            "organisation": organisation,
            "service": service,
            "form": form,
            "formsets": formsets,
            "formset_sections": zip(FORMSET_TITLES, formsets, strict=True),
        },
    )


@login_required
def organisation_services(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_editor(request.user, pk)
    services = Service.objects.filter(organisation=organisation).order_by("name_sr_latn")
    stale = {s.pk for s in services.needing_verification()}
    locations = (
        Location.objects.filter(organisation=organisation)
        .select_related("municipality")
        .order_by("name_sr_latn", "pk")
    )
    return render(
        request,
        "directory/organisation_services.html",
        {
            "organisation": organisation,
            "services": services,
            "stale": stale,
            "locations": locations,
        },
    )


@login_required
def needs_verification(request: AuthenticatedRequest) -> HttpResponse:
    """Entries of the user's organisations not checked for six months."""
    services = (
        Service.objects.filter(organisation__in=organisations_editable_by(request.user))
        .needing_verification()
        .select_related("organisation")
        .order_by("verified_on", "name_sr_latn")
    )
    page = Paginator(services, NEEDS_VERIFICATION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/needs_verification.html", {"page": page})


@login_required
def service_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _editor_page(request, get_organisation_for_editor(request.user, pk), None)


@login_required
def service_edit(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    service = get_service_for_editor(request.user, pk)
    return _editor_page(request, service.organisation, service)


@login_required
@require_POST
def service_publication(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    service = get_service_for_editor(request.user, pk)
    publish = request.POST.get("publish") == "1"
    actions.service_set_publication(
        service=service, publish=publish, acting_user=request.user, request=request
    )
    messages.success(
        request,
        _("The service is now in the public guide.")
        if publish
        else _("The service was withdrawn from the guide."),
    )
    return redirect(reverse("directory:service_edit", args=[service.pk]))


@login_required
@require_POST
def service_verify(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    service = get_service_for_editor(request.user, pk)
    actions.service_verify(service=service, acting_user=request.user, request=request)
    messages.success(request, _("Marked as checked today."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(reverse("directory:service_edit", args=[service.pk]))


def _location_page(
    request: AuthenticatedRequest, organisation: Organisation, location: Location | None
) -> HttpResponse:
    """Show and save a place of the organisation with its phones."""
    editor = Editor(LocationForm, [(LocationPhoneFormSet, "phones")])
    form, (phones,), saved = editor.run(
        request,
        location,
        Location(organisation=organisation),
        lambda form, formsets: actions.location_save(
            organisation=organisation,
            form=form,
            phones=formsets[0],
            acting_user=request.user,
            request=request,
        ),
    )
    if saved is not None:
        messages.success(request, _("The place was saved."))
        return redirect("directory:location_edit", pk=saved.pk)
    return render(
        request,
        "directory/location_edit.html",
        {"organisation": organisation, "location": location, "form": form, "phones": phones},
    )


@login_required
def location_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _location_page(request, get_organisation_for_editor(request.user, pk), None)


@login_required
def location_edit(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    location = get_location_for_editor(request.user, pk)
    return _location_page(request, location.organisation, location)
