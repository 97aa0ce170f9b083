"""Permission-checked fetches of events, sessions, materials and registrations.

Organisers (the trainers and administrators of the organising organisation) get their
events with the participants' data, and every such read is logged. The public gets only
published events; a participant reaches their own registration through its secret link.
"""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.ids import parse_uuid
from putokaz.trainings.models import (
    Certificate,
    Conclusion,
    Event,
    EventQuerySet,
    FeedbackRequest,
    Material,
    Registration,
    Session,
    normalise_code,
)
from putokaz.trainings.permissions import administered_organisations, organising_organisations


def events_managed_by(user: Any) -> EventQuerySet:
    """Events ``user`` manages: those of the organisations where they train or administer."""
    if not user.is_authenticated or not user.is_active:
        return Event.objects.none()
    if user.is_system_admin:
        return Event.objects.all()
    return Event.objects.organised_by(organising_organisations(user))


def _no_event() -> Http404:
    return Http404(_("No such event."))


def get_event_for_organiser(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None, purpose: str = ""
) -> Event:
    """An event ``user`` manages, else a 404. With ``request`` the view is logged: the
    organiser's pages show the participants."""
    key = parse_uuid(public_id)
    event = (
        events_managed_by(user)
        .filter(public_id=key)
        .select_related("organiser", "location__municipality", "municipality")
        .first()
        if key
        else None
    )
    if event is None:
        raise _no_event()
    if request is not None:
        log_access(
            actor=user, action=Action.VIEW, obj=event, purpose=purpose or "event", request=request
        )
    return event


def get_published_event(public_id: UUID | str) -> Event:
    """A published event, for its public page; a draft or an unknown one is a 404."""
    key = parse_uuid(public_id)
    event = (
        Event.objects.published()
        .filter(public_id=key)
        .select_related("organiser", "location__municipality", "municipality")
        .first()
        if key
        else None
    )
    if event is None:
        raise _no_event()
    return event


def get_event_for_colleagues(user: Any, public_id: UUID | str) -> Event:
    """A published event to which ``user``, an organisation's administrator, registers
    colleagues; anyone else gets a 404."""
    event = get_published_event(public_id)
    if not administered_organisations(user).exists():
        raise _no_event()
    return event


def get_session_for_organiser(user: Any, pk: int) -> Session:
    session = (
        Session.objects.filter(pk=pk, event__in=events_managed_by(user))
        .select_related("event__organiser")
        .first()
    )
    if session is None:
        raise Http404(_("No such session."))
    return session


def get_material(user: Any, pk: int) -> Material:
    """A material its event's organisers may download, or, once the event is published, anyone
    if it is public. Nobody else learns it exists."""
    material = Material.objects.filter(pk=pk).select_related("session__event").first()
    if material is None:
        raise Http404(_("No such file."))
    event = material.session.event
    if material.public and event.is_published:
        return material
    if events_managed_by(user).filter(pk=event.pk).exists():
        return material
    raise Http404(_("No such file."))


def get_registration_for_organiser(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Registration:
    """A registration of an event ``user`` manages, else a 404; with ``request``, logged."""
    key = parse_uuid(public_id)
    registration = (
        Registration.objects.filter(public_id=key, event__in=events_managed_by(user))
        .select_related("event__organiser", "municipality")
        .first()
        if key
        else None
    )
    if registration is None:
        raise Http404(_("No such registration."))
    if request is not None:
        log_access(actor=user, action=Action.VIEW, obj=registration, request=request)
    return registration


def get_registration_by_link(public_id: UUID | str) -> Registration:
    """The registration whose secret link this is (the participant's own page)."""
    key = parse_uuid(public_id)
    registration = (
        Registration.objects.filter(public_id=key)
        .select_related("event__organiser", "event__location", "municipality")
        .first()
        if key
        else None
    )
    if registration is None:
        raise Http404(_("No such registration."))
    return registration


def colleagues_registered_by(user: Any, event: Event) -> list[Registration]:
    """The registrations of ``event`` that ``user`` sees as an organisation's administrator:
    of the members of the organisations they administer, nobody else's."""
    return list(
        Registration.objects.active()
        .filter(event=event, organisation__in=administered_organisations(user))
        .select_related("municipality")
        .order_by("full_name", "pk")
    )


def get_certificate_by_code(code: str) -> Certificate:
    """The certificate with this verification code (as typed: any case, dashes or none)."""
    certificate = (
        Certificate.objects.filter(code=normalise_code(code))
        .select_related("registration__event__organiser", "registration__municipality")
        .first()
    )
    if certificate is None:
        raise Http404(_("No certificate has this code."))
    return certificate


def get_certificate_for_participant(public_id: UUID | str) -> Certificate:
    """The valid certificate of the registration whose secret link this is."""
    registration = get_registration_by_link(public_id)
    certificate = Certificate.objects.filter(registration=registration, revoked_at=None).first()
    if certificate is None:
        raise Http404(_("No certificate has been issued for this registration."))
    certificate.registration = registration
    return certificate


def get_feedback_request(token: UUID | str) -> FeedbackRequest:
    """The feedback request whose personal link this is."""
    key = parse_uuid(token)
    feedback = (
        FeedbackRequest.objects.filter(token=key)
        .select_related("registration__event__organiser")
        .first()
        if key
        else None
    )
    if feedback is None:
        raise Http404(_("No such feedback link."))
    return feedback


def get_conclusion_for_organiser(user: Any, pk: int) -> Conclusion:
    """A conclusion of an event ``user`` manages, else a 404."""
    conclusion = (
        Conclusion.objects.filter(pk=pk, event__in=events_managed_by(user))
        .select_related("event__organiser")
        .first()
    )
    if conclusion is None:
        raise Http404(_("No such conclusion."))
    return conclusion
