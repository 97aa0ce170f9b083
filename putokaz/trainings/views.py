"""The organiser's pages (signed in): events, their agenda and materials, participants; and
an organisation administrator's page to register colleagues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.core import uploads
from putokaz.core.concurrency import ConcurrentEditError, form_with_current_version
from putokaz.trainings import actions
from putokaz.trainings.access import (
    colleagues_registered_by,
    events_managed_by,
    get_event_for_colleagues,
    get_event_for_organiser,
    get_material,
    get_registration_for_organiser,
    get_session_for_organiser,
)
from putokaz.trainings.forms import (
    ColleagueRegistrationForm,
    EventForm,
    MaterialForm,
    OrganiserRegistrationForm,
    SessionForm,
)
from putokaz.trainings.models import Event, Registration, Session
from putokaz.trainings.outcome_views import outcomes_context
from putokaz.trainings.permissions import administered_organisations, organising_organisations
from putokaz.trainings.points import points_per_year
from putokaz.trainings.reports import may_read_reports


def _errors_as_messages(request: AuthenticatedRequest, error: Exception) -> None:
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


@login_required
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    managed = (
        events_managed_by(request.user)
        .select_related("organiser", "municipality")
        .order_by("-starts_on", "-pk")
    )
    open_for_colleagues = (
        Event.objects.published()
        .upcoming()
        .select_related("organiser", "municipality")
        .order_by("starts_on", "pk")
        if administered_organisations(request.user).exists()
        else Event.objects.none()
    )
    mine = list(
        Registration.objects.for_person(request.user)
        .select_related("event__organiser", "certificate")
        .order_by("-event__starts_on", "-pk")
    )
    certificates = [r.certificate for r in mine if hasattr(r, "certificate")]
    return render(
        request,
        "trainings/event_list.html",
        {
            "mine": mine,
            "my_points": points_per_year(certificates),
            "managed": managed,
            "open_for_colleagues": [e for e in open_for_colleagues if e.registration_open()],
            "may_create": organising_organisations(request.user).exists(),
            "may_read_reports": may_read_reports(request.user),
        },
    )


def _event_page(request: AuthenticatedRequest, event: Event | None) -> HttpResponse:
    organisers = organising_organisations(request.user).order_by("name_sr_latn")
    if event is None and not organisers.exists():
        raise PermissionDenied(_("Only trainers and organisation administrators create events."))
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, instance=event or Event(), organisers=organisers)
    if data is not None and form.is_valid():
        try:
            saved = actions.event_save(form=form, acting_user=request.user, request=request)
        except ConcurrentEditError as error:
            if event is None:  # only an existing event can be saved meanwhile
                raise
            event.refresh_from_db()
            form = form_with_current_version(EventForm, event, error, organisers=organisers)  # type: ignore[assignment]
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, _("The event was saved."))
            return redirect(saved)
    return render(request, "trainings/event_form.html", {"form": form, "event": event})


@login_required
def event_create(request: AuthenticatedRequest) -> HttpResponse:
    return _event_page(request, None)


@login_required
def event_edit(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    return _event_page(request, get_event_for_organiser(request.user, public_id))


@login_required
def event_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """The organiser's overview: the event, its agenda and materials, and how many registered
    (the names are on the participants' page)."""
    event = get_event_for_organiser(request.user, public_id)
    registrations = event.registrations.all()
    return render(
        request,
        "trainings/event_detail.html",
        {
            "event": event,
            "sessions": event.sessions.prefetch_related("materials"),
            "confirmed": registrations.confirmed().count(),
            "waiting": registrations.waiting().count(),
            "partners": event.partners.all(),
            "domains": event.domains.all(),
            **outcomes_context(event),
        },
    )


@login_required
@require_POST
def event_publication(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    event = get_event_for_organiser(request.user, public_id)
    publish = request.POST.get("publish") == "1"
    try:
        actions.event_set_publication(
            event=event, publish=publish, acting_user=request.user, request=request
        )
    except ValidationError as error:
        _errors_as_messages(request, error)
    else:
        messages.success(
            request,
            _("The event is published: its public page is open.")
            if publish
            else _("The event was taken back to a draft; its public page is closed."),
        )
    return redirect(event)


def _session_page(
    request: AuthenticatedRequest, event: Event, session: Session | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, instance=session or Session(event=event), event=event)
    if data is not None and form.is_valid():
        saved = actions.session_save(
            event=event, form=form, acting_user=request.user, request=request
        )
        messages.success(request, _("The session was saved."))
        return redirect("trainings:session_edit", pk=saved.pk)
    return render(
        request,
        "trainings/session_form.html",
        {
            "event": event,
            "session": session,
            "form": form,
            "material_form": MaterialForm(),
            "materials": session.materials.all() if session else [],
        },
    )


@login_required
def session_create(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    return _session_page(request, get_event_for_organiser(request.user, public_id), None)


@login_required
def session_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_session_for_organiser(request.user, pk)
    return _session_page(request, session.event, session)


@login_required
@require_POST
def session_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_session_for_organiser(request.user, pk)
    actions.session_delete(session=session, acting_user=request.user, request=request)
    messages.success(request, _("The session was removed from the agenda."))
    return redirect(session.event)


@login_required
@require_POST
def material_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_session_for_organiser(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        actions.material_add(
            session=session,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            kind=form.kind,
            public=form.cleaned_data["public"],
            acting_user=request.user,
            request=request,
        )
        messages.success(request, _("The file was added to the session."))
        return redirect("trainings:session_edit", pk=session.pk)
    return render(
        request,
        "trainings/session_form.html",
        {
            "event": session.event,
            "session": session,
            "form": SessionForm(instance=session, event=session.event),
            "material_form": form,
            "materials": session.materials.all(),
        },
        status=400,
    )


def material_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """A public material for anyone (the event's public page links it); the others for the
    event's organisers."""
    material = get_material(request.user, pk)
    return uploads.download(
        material.file, filename=material.original_name, content_type=material.content_type
    )


@login_required
@require_POST
def material_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    material = get_material(request.user, pk)
    session = get_session_for_organiser(request.user, material.session_id)
    actions.material_remove(material=material, acting_user=request.user, request=request)
    messages.success(request, _("The file was removed."))
    return redirect("trainings:session_edit", pk=session.pk)


PARTICIPANT_VIEWS = ("confirmed", "waiting", "cancelled")


@login_required
def participant_list(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """The participants with their data, for the organisers only; every opening is logged."""
    event = get_event_for_organiser(
        request.user, public_id, request=request, purpose="participant list"
    )
    current = request.GET.get("status", "confirmed")
    if current not in PARTICIPANT_VIEWS:
        current = "confirmed"
    registrations = event.registrations.filter(status=current).select_related("municipality")
    if current == Registration.Status.WAITING:
        registrations = registrations.in_waiting_order()
    counts = {
        status: event.registrations.filter(status=status).count() for status in PARTICIPANT_VIEWS
    }
    return render(
        request,
        "trainings/participant_list.html",
        {
            "event": event,
            "registrations": registrations,
            "current": current,
            "tabs": [(s, Registration.Status(s).label, counts[s]) for s in PARTICIPANT_VIEWS],
        },
    )


@login_required
def participant_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    event = get_event_for_organiser(request.user, public_id)
    form = OrganiserRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = actions.registration_create(
                event=event,
                full_name=data["full_name"],
                email=data["email"],
                organisation_name=data["organisation_name"],
                organisation_kind=data["organisation_kind"],
                municipality=data["municipality"],
                profession=data["profession"],
                sex=data["sex"],
                language=translation.get_language() or "sr-latn",
                source=Registration.Source.ORGANISER,
                acting_user=request.user,
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, _registered_message(registration))
            return redirect("trainings:participant_add", public_id=event.public_id)
    return render(request, "trainings/participant_form.html", {"event": event, "form": form})


def _registered_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITING:
        return _("%(name)s is on the waiting list: the event is full.") % {
            "name": registration.full_name
        }
    return _("%(name)s is registered.") % {"name": registration.full_name}


@login_required
@require_POST
def participant_cancel(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    registration = get_registration_for_organiser(request.user, public_id)
    promoted = actions.registration_cancel(
        registration=registration, acting_user=request.user, request=request
    )
    messages.success(
        request, _("The registration of %(name)s was cancelled.") % {"name": registration.full_name}
    )
    for person in promoted:
        messages.success(
            request,
            _("%(name)s got the free place from the waiting list.") % {"name": person.full_name},
        )
    return redirect(
        reverse("trainings:participant_list", args=[registration.event.public_id])
        + "?status=cancelled"
    )


@login_required
def colleagues_register(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """An organisation's administrator registers members of the organisation, and sees whom
    they registered (nobody else's registrations)."""
    event = get_event_for_colleagues(request.user, public_id)
    if not event.registration_open():
        raise Http404(_("No such event."))
    organisations = administered_organisations(request.user)
    form = ColleagueRegistrationForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        user, organisation = form.participant()
        data = form.cleaned_data
        try:
            registration = actions.registration_create(
                event=event,
                full_name=user.full_name,
                email=user.email,
                organisation=organisation,
                organisation_name=str(organisation),
                organisation_kind=organisation.kind,
                municipality=data["municipality"],
                profession=data["profession"],
                sex=data["sex"],
                language=user.language,
                user=user,
                source=Registration.Source.ORGANISATION,
                acting_user=request.user,
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, _registered_message(registration))
            return redirect("trainings:colleagues_register", public_id=event.public_id)
    return render(
        request,
        "trainings/colleagues.html",
        {
            "event": event,
            "form": form,
            "registered": colleagues_registered_by(request.user, event),
        },
    )
