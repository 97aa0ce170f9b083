"""Audited writes on events: save and publish one, its sessions and materials; register,
cancel and give places from the waiting list.

Every registration write takes the event's row lock first, so that two people cannot take
the last place at once and a freed place goes to exactly one person who waits. E-mails to
participants are queued as :class:`RegistrationEmail` rows and sent after the commit.
"""

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core import uploads
from putokaz.core.concurrency import ConcurrentEditError, check_version, version_of
from putokaz.core.history import authored
from putokaz.geo.models import Municipality
from putokaz.trainings.models import (
    Attendance,
    Certificate,
    Conclusion,
    Event,
    FeedbackQuestion,
    FeedbackRequest,
    FeedbackResponse,
    KnowledgeScore,
    Material,
    Registration,
    RegistrationEmail,
    Session,
)
from putokaz.trainings.tasks import email_registration

# The public page sends someone's link again at most this often, however often it is asked.
RESEND_AFTER = datetime.timedelta(minutes=10)


def _check_organiser(acting_user: User, event: Event) -> None:
    if not acting_user.has_perm("trainings.manage_event", event):
        raise PermissionDenied(
            _("Only the organiser's trainers and administrators manage this event.")
        )


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _email(registration: Registration, kind: str) -> None:
    message = RegistrationEmail.objects.create(registration=registration, kind=kind)
    transaction.on_commit(partial(email_registration.enqueue, message.pk))


def _fill_places(event: Event) -> list[Registration]:
    """Give the free places of ``event`` (locked) to those who wait, first come first served."""
    free = event.capacity - event.registrations.confirmed().count()
    if free <= 0:
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITING)
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _email(registration, RegistrationEmail.Kind.PROMOTED)
    return waiting


def event_save(*, form: Any, acting_user: User, request: HttpRequest | None = None) -> Event:
    """Save an event from its validated form, unless someone else saved it meanwhile. More
    places than before go to those on the waiting list."""
    with transaction.atomic(durable=True):
        creating = form.instance._state.adding
        if not creating:
            current = _locked(form.instance)
            _check_organiser(acting_user, current)
            check_version(current, form.cleaned_data.get("version", ""))
        event: Event = form.save(commit=False)
        if creating:
            event.created_by = acting_user
            _check_organiser(acting_user, event)
        if event.location_id:
            event.municipality = event.location.municipality  # type: ignore[union-attr]
        event.save()
        form.save_m2m()
        if not creating:
            _fill_places(event)
        log_access(
            actor=acting_user,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=event,
            request=request,
        )
    return event


def event_set_publication(
    *, event: Event, publish: bool, acting_user: User, request: HttpRequest | None = None
) -> Event:
    """Publish an event (its public page appears, and registration opens) or take it back."""
    with transaction.atomic(durable=True):
        current = _locked(event)
        _check_organiser(acting_user, current)
        if publish and not current.sessions.exists():
            raise ValidationError(_("Add the agenda's sessions before publishing the event."))
        current.publication = Event.Publication.PUBLISHED if publish else Event.Publication.DRAFT
        current.save(update_fields=["publication", "updated_at"])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="published" if publish else "withdrawn",
            request=request,
        )
    return current


def session_save(
    *, event: Event, form: Any, acting_user: User, request: HttpRequest | None = None
) -> Session:
    with transaction.atomic(durable=True):
        current = _locked(event)
        _check_organiser(acting_user, current)
        session: Session = form.save(commit=False)
        session.event = current
        session.save()
        current.save(update_fields=["updated_at"])
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="agenda", request=request
        )
    return session


def session_delete(
    *, session: Session, acting_user: User, request: HttpRequest | None = None
) -> None:
    """Remove a session from the agenda with its materials (their files too, after the commit)."""
    with transaction.atomic(durable=True):
        current = _locked(session.event)
        _check_organiser(acting_user, current)
        files = [m.file.name for m in session.materials.all() if m.file.name]
        session.delete()
        current.save(update_fields=["updated_at"])
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="agenda", request=request
        )
        storage = uploads.attachment_storage()
        for name in files:
            transaction.on_commit(partial(storage.delete, name))


def material_add(
    *,
    session: Session,
    title: str,
    upload: UploadedFile,
    kind: uploads.FileKind,
    public: bool,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Material:
    """Attach a checked file (see :func:`putokaz.core.uploads.check_upload`) to a session; if
    the database write fails, the stored file is removed again."""
    stored = ""
    try:
        with transaction.atomic(durable=True):
            event = _locked(session.event)
            _check_organiser(acting_user, event)
            stored, digest = uploads.store(upload, "trainings")
            material = Material.objects.create(
                session=session,
                title=title,
                file=stored,
                original_name=uploads.clean_filename(upload.name or ""),
                content_type=kind.content_type,
                size=upload.size or 0,
                sha256=digest,
                public=public,
                uploaded_by=acting_user,
            )
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=event,
                purpose="material",
                request=request,
            )
    except BaseException:
        if stored:
            uploads.attachment_storage().delete(stored)
        raise
    return material


def material_remove(
    *, material: Material, acting_user: User, request: HttpRequest | None = None
) -> None:
    with transaction.atomic(durable=True):
        event = _locked(material.session.event)
        _check_organiser(acting_user, event)
        name = material.file.name or ""
        material.delete()
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=event, purpose="material", request=request
        )
        if name:
            transaction.on_commit(partial(uploads.attachment_storage().delete, name))


def registration_create(
    *,
    event: Event,
    full_name: str,
    email: str,
    organisation_name: str,
    organisation_kind: str,
    municipality: Municipality,
    profession: str,
    sex: str,
    language: str,
    source: str,
    organisation: Organisation | None = None,
    user: User | None = None,
    acting_user: User | None = None,
    request: HttpRequest | None = None,
) -> Registration:
    """Register someone: a place while there is one, else the waiting list; an e-mail tells
    them which, with the link to their registration.

    On the public page (``source`` public, nobody signed in) the same address registered
    twice is not an error: that would tell a stranger who registered. The person is sent
    their link again instead, and the registration they have is returned.
    """
    email = email.strip().lower()
    with transaction.atomic(durable=True):
        current = _locked(event)
        organiser = acting_user is not None and acting_user.has_perm(
            "trainings.manage_event", current
        )
        if source == Registration.Source.ORGANISER and not organiser:
            raise PermissionDenied(_("Only the organiser's trainers and administrators do this."))
        if not organiser and not current.registration_open():
            raise ValidationError(_("Registration for this event is closed."), code="closed")
        if source == Registration.Source.PUBLIC and not (current.public_registration or organiser):
            raise ValidationError(
                _("This event takes registrations through the organisations."), code="not_public"
            )
        existing = current.registrations.active().filter(email=email).first()
        if existing is not None:
            if source != Registration.Source.PUBLIC:
                raise ValidationError(
                    _("%(email)s is already registered for this event.") % {"email": email},
                    code="registered",
                )
            recently = timezone.now() - RESEND_AFTER
            if not existing.emails.filter(created_at__gte=recently).exists():
                _email(existing, existing.status)
            return existing
        full = current.registrations.confirmed().count() >= current.capacity
        now = timezone.now()
        registration = Registration.objects.create(
            event=current,
            user=user,
            full_name=full_name.strip(),
            email=email,
            organisation=organisation,
            organisation_name=organisation_name.strip(),
            organisation_kind=organisation_kind,
            municipality=municipality,
            profession=profession,
            sex=sex,
            language=language,
            status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
            source=source,
            registered_by=acting_user,
            consent_at=now,
            created_at=now,
        )
        _email(registration, registration.status)
        log_access(
            actor=acting_user,
            action=Action.CREATE,
            obj=registration,
            purpose=f"registration ({source})",
            request=request,
        )
    return registration


def registration_cancel(
    *,
    registration: Registration,
    acting_user: User | None = None,
    request: HttpRequest | None = None,
) -> list[Registration]:
    """Cancel a registration (the participant through their link, or an organiser); a place it
    frees goes to the first who waits. Returns those given a place."""
    with transaction.atomic(durable=True):
        event = _locked(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            return []
        current.status = Registration.Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        _email(current, RegistrationEmail.Kind.CANCELLED)
        promoted = _fill_places(event)
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="registration cancelled",
            request=request,
        )
    return promoted


def attendance_mark(
    *, session: Session, registration: Registration, present: bool, acting_user: User
) -> bool:
    """Record whether a confirmed participant is at the session; whether they are now. The
    row itself says who checked them in and when."""
    if (
        registration.event_id != session.event_id
        or registration.status != Registration.Status.CONFIRMED
    ):
        raise ValidationError(_("Only confirmed participants of this event are checked in."))
    _check_organiser(acting_user, session.event)
    with transaction.atomic(durable=True):
        if present:
            Attendance.objects.get_or_create(
                session=session, registration=registration, defaults={"checked_by": acting_user}
            )
        else:
            Attendance.objects.filter(session=session, registration=registration).delete()
    return present


def certificates_issue(
    *, event: Event, acting_user: User, request: HttpRequest | None = None
) -> list[Certificate]:
    """Issue a certificate to every confirmed participant who attended enough of the agenda
    and has none yet; each is told by e-mail. Returns the new ones."""
    with transaction.atomic(durable=True):
        current = _locked(event)
        _check_organiser(acting_user, current)
        sessions = current.sessions.count()
        eligible = [
            r
            for r in current.registrations.confirmed()
            .filter(certificate__isnull=True)
            .with_attendance()
            .order_by("pk")
            if current.earns_certificate(r.attended, sessions)  # type: ignore[attr-defined]
        ]
        issued = [
            Certificate.objects.create(
                registration=registration,
                code=_unused_code(),
                points=current.cpd_points,
                issued_by=acting_user,
            )
            for registration in eligible
        ]
        for registration in eligible:
            _email(registration, RegistrationEmail.Kind.CERTIFICATE)
        if issued:
            log_access(
                actor=acting_user,
                action=Action.CREATE,
                obj=current,
                purpose=f"certificates issued: {len(issued)}",
                request=request,
            )
    return issued


def _unused_code() -> str:
    while True:
        code = Certificate.new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def certificate_revoke(
    *, certificate: Certificate, reason: str, acting_user: User, request: HttpRequest | None = None
) -> Certificate:
    """Revoke a certificate issued by mistake: its verification page says so from now on."""
    with transaction.atomic(durable=True):
        _check_organiser(acting_user, _locked(certificate.registration.event))
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if current.revoked_at is None:
            current.revoked_at = timezone.now()
            current.revoke_reason = reason
            current.save(update_fields=["revoked_at", "revoke_reason"])
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=current,
                purpose="certificate revoked",
                request=request,
            )
    return current


def knowledge_score_save(
    *,
    registration: Registration,
    pre_score: int | None,
    post_score: int | None,
    version: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> KnowledgeScore | None:
    """Record a confirmed participant's scores before and after, each 0 to the test's maximum
    or empty; refused if another organiser changed them since ``version`` was read."""
    with transaction.atomic(durable=True):
        current = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        event = current.event
        _check_organiser(acting_user, event)
        if event.test_max_score is None:
            raise ValidationError(_("This event has no knowledge test."), code="no_test")
        if current.status != Registration.Status.CONFIRMED:
            raise ValidationError(_("Only confirmed participants have test scores."))
        errors = {
            name: _("A score is a whole number from 0 to %(max)s.") % {"max": event.test_max_score}
            for name, value in (("pre_score", pre_score), ("post_score", post_score))
            if value is not None and not 0 <= value <= event.test_max_score
        }
        if errors:
            raise ValidationError(errors)
        existing = KnowledgeScore.objects.filter(registration=current).first()
        if (version_of(existing) if existing else "") != version:
            raise ConcurrentEditError()
        if existing is None and pre_score is None and post_score is None:
            return None
        scores = existing or KnowledgeScore(registration=current)
        if (scores.pre_score, scores.post_score) == (pre_score, post_score):
            return scores
        scores.pre_score, scores.post_score = pre_score, post_score
        scores.updated_by = acting_user
        authored(scores, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="test scores",
            request=request,
        )
    return scores


def feedback_request_send(
    *,
    event: Event,
    acting_user: User,
    registration: Registration | None = None,
    request: HttpRequest | None = None,
) -> int:
    """E-mail the feedback survey's personal link to every confirmed participant who has not
    answered (or to ``registration`` alone); how many were sent. Nobody gets it twice within
    a few minutes, however often the button is pressed."""
    with transaction.atomic(durable=True):
        current = _locked(event)
        _check_organiser(acting_user, current)
        today = timezone.localdate()
        if today < current.ends_on:
            raise ValidationError(_("The feedback survey opens on the event's last day."))
        if not current.feedback_open(today):
            raise ValidationError(_("The feedback survey of this event is closed."))
        recipients = current.registrations.confirmed().exclude(feedback_request__answered=True)
        if registration is not None:
            recipients = recipients.filter(pk=registration.pk)
        recently = timezone.now() - RESEND_AFTER
        recipients = recipients.exclude(
            pk__in=RegistrationEmail.objects.filter(
                kind=RegistrationEmail.Kind.FEEDBACK, created_at__gte=recently
            ).values("registration_id")
        )
        sent = 0
        for participant in recipients.order_by("pk"):
            FeedbackRequest.objects.get_or_create(registration=participant)
            _email(participant, RegistrationEmail.Kind.FEEDBACK)
            sent += 1
        if sent:
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=current,
                purpose=f"feedback requested: {sent}",
                request=request,
            )
    return sent


def feedback_request_for(registration: Registration) -> FeedbackRequest:
    """The participant's feedback link (made when first needed, e.g. from their own page)."""
    feedback, _created = FeedbackRequest.objects.get_or_create(registration=registration)
    return feedback


def feedback_submit(*, token: Any, answers: dict[str, Any], language: str) -> FeedbackResponse:
    """Record a participant's answers, once per personal link, while the survey is open.

    Nothing links the answers to the participant: the request only becomes ``answered``,
    the response keeps only its event, its language and its day, and nothing is logged
    about who answered what.
    """
    with transaction.atomic(durable=True):
        feedback = (
            FeedbackRequest.objects.select_for_update()
            .select_related("registration__event")
            .filter(token=token)
            .first()
        )
        if feedback is None:
            raise ValidationError(_("This feedback link is not valid."), code="unknown")
        if feedback.answered:
            raise ValidationError(
                _("Feedback was already given through this link. Thank you!"), code="answered"
            )
        registration = feedback.registration
        event = registration.event
        if registration.status != Registration.Status.CONFIRMED or not event.feedback_open():
            raise ValidationError(_("The feedback survey of this event is closed."), code="closed")
        response = FeedbackResponse.objects.create(
            event=event,
            language=language,
            **{name: answers[name] for name in FeedbackQuestion.values},
            most_useful=answers.get("most_useful", "").strip(),
            suggestions=answers.get("suggestions", "").strip(),
        )
        feedback.answered = True
        feedback.save(update_fields=["answered"])
    return response


def conclusion_save(
    *, event: Event, form: Any, acting_user: User, request: HttpRequest | None = None
) -> Conclusion:
    """Save a conclusion or recommendation from its validated form, unless someone else
    changed it meanwhile; the change history records who wrote what."""
    with transaction.atomic(durable=True):
        current_event = _locked(event)
        _check_organiser(acting_user, current_event)
        creating = form.instance._state.adding
        if not creating:
            current = Conclusion.objects.select_for_update().get(pk=form.instance.pk)
            check_version(current, form.cleaned_data.get("version", ""))
        conclusion: Conclusion = form.save(commit=False)
        conclusion.event = current_event
        if creating:
            conclusion.created_by = acting_user
        authored(conclusion, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=current_event,
            purpose="conclusions",
            request=request,
        )
    return conclusion


def conclusion_delete(
    *, conclusion: Conclusion, acting_user: User, request: HttpRequest | None = None
) -> None:
    with transaction.atomic(durable=True):
        event = _locked(conclusion.event)
        _check_organiser(acting_user, event)
        authored(conclusion, acting_user).delete()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=event,
            purpose="conclusion removed",
            request=request,
        )


def conclusions_set_publication(
    *, event: Event, publish: bool, acting_user: User, request: HttpRequest | None = None
) -> Event:
    """Show the conclusions and recommendations on the event's public page, or take them off."""
    with transaction.atomic(durable=True):
        current = _locked(event)
        _check_organiser(acting_user, current)
        if publish and not current.conclusions.exists():
            raise ValidationError(_("Write at least one conclusion or recommendation first."))
        current.conclusions_published_at = timezone.now() if publish else None
        authored(current, acting_user).save(
            update_fields=["conclusions_published_at", "updated_at"]
        )
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="conclusions published" if publish else "conclusions withdrawn",
            request=request,
        )
    return current
