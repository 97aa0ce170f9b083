"""Permission-checked fetches of referrals and of what their consent shares; views are logged."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.models import CaseAttachment
from putokaz.core.ids import parse_uuid
from putokaz.referrals.models import CaseConference, Referral
from putokaz.referrals.permissions import is_sender
from putokaz.referrals.sharing import referral_view


def get_referral_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Referral:
    """The referral if ``user`` may open it (works on its case, or does casework at the
    receiving organisation), else a 404. With ``request`` the view is logged, naming what the
    consent let the viewer see."""
    key = parse_uuid(public_id)
    referral = (
        Referral.objects.visible_to(user)
        .filter(public_id=key)
        .select_related(
            "case",
            "person",
            "household",
            "from_organisation",
            "to_organisation",
            "to_service",
            "referred_by",
            "handled_by",
        )
        .first()
        if key
        else None
    )
    if referral is None:
        raise Http404(_("No such referral."))
    if request is not None:
        shared = ", ".join(referral.shared_sections) if referral.shares_data else "nothing"
        log_access(
            actor=user,
            action=Action.VIEW,
            obj=referral,
            purpose=f"referral; shared: {shared}",
            request=request,
        )
    return referral


def get_shared_document(
    user: Any, referral: Referral, pk: int, *, request: HttpRequest | None = None
) -> CaseAttachment:
    """A document the referral's consent shares, while it shares anything; else a 404.
    With ``request`` the download is logged."""
    document = (
        referral.shared_documents.filter(pk=pk, removed_at__isnull=True, confidential=False)
        .select_related("case")
        .first()
        if referral.shares_data
        else None
    )
    if document is None:
        raise Http404(_("No such document."))
    if request is not None:
        log_access(
            actor=user,
            action=Action.EXPORT,
            obj=document,
            organisation=referral.from_organisation,
            purpose=f"referral {referral.public_id}",
            request=request,
        )
    return document


def get_conference_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> CaseConference:
    """A case conference ``user`` may read (works on its case, or took part), else a 404;
    with ``request`` the view is logged."""
    key = parse_uuid(public_id)
    conference = (
        CaseConference.objects.visible_to(user)
        .filter(public_id=key)
        .select_related("case__organisation", "convened_by")
        .first()
        if key
        else None
    )
    if conference is None:
        raise Http404(_("No such case conference."))
    if request is not None:
        log_access(actor=user, action=Action.VIEW, obj=conference, request=request)
    return conference


def get_consent_form_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Referral:
    """The referral whose signed consent form ``user`` may read: the referring side, or the
    receiving side while the consent shares identity (the form names the person)."""
    referral = get_referral_for_user(user, public_id)
    if not referral_view(referral, sender=is_sender(user, referral)).consent_form:
        raise Http404(_("No such document."))
    if request is not None:
        log_access(
            actor=user,
            action=Action.EXPORT,
            obj=referral,
            purpose="consent form downloaded",
            request=request,
        )
    return referral


def get_referral_for_letter(
    user: Any, public_id: UUID | str, *, language: str, request: HttpRequest | None = None
) -> Referral:
    """The referral whose letter ``user`` may print: the referring side, while the consent
    stands. With ``request`` the printing is logged."""
    referral = get_referral_for_user(user, public_id)
    if not is_sender(user, referral) or not referral.shares_data:
        raise Http404(_("No such referral."))
    if request is not None:
        log_access(
            actor=user,
            action=Action.EXPORT,
            obj=referral,
            purpose=f"referral letter ({language})",
            request=request,
        )
    return referral
