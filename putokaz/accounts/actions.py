"""Audited writes on organisations' members: add, change role, end."""

from functools import partial
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from putokaz.accounts.models import Membership, Organisation, Role, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access


def _check_may_grant(acting_user: User, organisation: Organisation, role: str) -> None:
    if not acting_user.has_perm("accounts.manage_members", organisation):
        raise PermissionDenied(_("Only the organisation's administrators may manage its members."))
    if role == Role.SYSTEM_ADMIN and not acting_user.has_perm("accounts.grant_system_admin"):
        raise PermissionDenied(_("Only a system administrator may grant that role."))


def _check_keeps_an_admin(membership: Membership) -> None:
    if membership.role != Role.ORG_ADMIN:
        return
    others = (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role=Role.ORG_ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("An organisation must keep at least one administrator."))


def send_invitation(user_id: int, site_url: str) -> None:
    """E-mail a new member a link to choose their password, in their language."""
    user = User.objects.get(pk=user_id)
    link = site_url.rstrip("/") + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(user.language):
        context = {"user": user, "link": link}
        send_mail(
            subject=_("Your Putokaz account"),
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def membership_add(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    acting_user: User,
    site_url: str,
    request: Any = None,
) -> Membership:
    """Give a person a role in ``organisation``; a new person gets an invitation e-mail."""
    _check_may_grant(acting_user, organisation, role)
    email = email.strip().lower()
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        invited = user is None
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name.strip())
        elif not user.is_active:
            raise ValidationError(
                _("This account is disabled; a system administrator can enable it.")
            )
        if (
            Membership.objects.active()
            .filter(user=user, organisation=organisation, role=role)
            .exists()
        ):
            raise ValidationError(_("This person already has that role in the organisation."))
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, created_by=acting_user
        )
        log_access(actor=acting_user, action=Action.CREATE, obj=membership, request=request)
        if invited:
            transaction.on_commit(partial(send_invitation, user.pk, site_url))
    return membership


def membership_change_role(
    *, membership: Membership, role: str, acting_user: User, request: Any = None
) -> Membership:
    """Move a member to another role; the old membership ends, a new one starts."""
    _check_may_grant(acting_user, membership.organisation, role)
    if membership.role == Role.SYSTEM_ADMIN:
        _check_may_grant(acting_user, membership.organisation, Role.SYSTEM_ADMIN)
    with transaction.atomic(durable=True):
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if current.ended_at is not None:
            raise ValidationError(_("This membership has already ended."))
        if current.role == role:
            return current
        _check_keeps_an_admin(current)
        if (
            Membership.objects.active()
            .filter(user_id=current.user_id, organisation_id=current.organisation_id, role=role)
            .exists()
        ):
            raise ValidationError(_("This person already has that role in the organisation."))
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at"])
        successor = Membership.objects.create(
            user_id=current.user_id,
            organisation_id=current.organisation_id,
            role=role,
            created_by=acting_user,
        )
        log_access(actor=acting_user, action=Action.UPDATE, obj=successor, request=request)
    return successor


def membership_end(*, membership: Membership, acting_user: User, request: Any = None) -> Membership:
    """End a membership: the person keeps their account but loses the role."""
    _check_may_grant(acting_user, membership.organisation, membership.role)
    with transaction.atomic(durable=True):
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if current.ended_at is not None:
            raise ValidationError(_("This membership has already ended."))
        _check_keeps_an_admin(current)
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at"])
        log_access(actor=acting_user, action=Action.DELETE, obj=current, request=request)
    return current
