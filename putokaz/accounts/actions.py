"""Audited writes on organisations' members: add, change role, end."""

import logging
from functools import partial
from typing import Any

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
from putokaz.accounts.tokens import invitation_token_generator
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.concurrency import check_version

logger = logging.getLogger(__name__)


def _check_may_grant(acting_user: User, organisation: Organisation, role: str) -> None:
    if not acting_user.has_perm("accounts.manage_members", organisation):
        raise PermissionDenied(_("Only the organisation's administrators may manage its members."))
    if role == Role.SYSTEM_ADMIN and not acting_user.has_perm("accounts.grant_system_admin"):
        raise PermissionDenied(_("Only a system administrator may grant that role."))


def _check_keeps_an_admin(membership: Membership) -> None:
    """Refuse to end the organisation's last administrator. The caller holds the
    organisation's row lock, so two administrators cannot remove each other at once."""
    if membership.role != Role.ORG_ADMIN:
        return
    others = (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role=Role.ORG_ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("An organisation must keep at least one administrator."))


def _sync_admin_flags(user_id: int, *roles: str) -> None:
    """When a system-administrator role starts or ends, Django's admin flags follow it.

    Other role changes leave the flags alone (a superuser made with ``createsuperuser``
    has no membership and stays one).
    """
    if Role.SYSTEM_ADMIN not in roles:
        return
    is_admin = Membership.objects.active().filter(user_id=user_id, role=Role.SYSTEM_ADMIN).exists()
    User.objects.filter(pk=user_id).exclude(is_staff=is_admin, is_superuser=is_admin).update(
        is_staff=is_admin, is_superuser=is_admin
    )


def _lock_organisation(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def send_membership_email(membership_id: int, site_url: str, *, invite: bool) -> None:
    """Tell a person they were added: a new account gets a link to choose a password.

    A failure to send is logged, not raised: the membership is saved, and the person
    can always ask for a link with "Forgot your password?".
    """
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership_id)
    user = membership.user
    with translation.override(user.language):
        context = {
            "user": user,
            "organisation": membership.organisation,
            "role": membership.get_role_display(),
            "sign_in": site_url.rstrip("/") + reverse("accounts:login"),
            "link": site_url.rstrip("/")
            + reverse(
                "accounts:invitation",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": invitation_token_generator.make_token(user),
                },
            )
            if invite
            else "",
        }
        try:
            send_mail(
                subject=str(_("Your Putokaz account")),
                message=render_to_string("accounts/email/membership.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
        except OSError:
            logger.exception("Could not send the membership e-mail to user %s", user.pk)


def organisation_update(
    *,
    organisation: Organisation,
    data: dict[str, Any],
    version: str,
    acting_user: User,
    request: Any = None,
) -> Organisation:
    """Save an organisation's profile unless someone else saved it since ``version``."""
    if not acting_user.has_perm("accounts.manage_members", organisation):
        raise PermissionDenied(_("Only the organisation's administrators may change it."))
    with transaction.atomic(durable=True):
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        check_version(current, version)
        municipalities = data.pop("municipalities", None)
        for field, value in data.items():
            setattr(current, field, value)
        current.save()
        if municipalities is not None:
            current.municipalities.set(municipalities)
        log_access(actor=acting_user, action=Action.UPDATE, obj=current, request=request)
    return current


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
    """Give a person a role in ``organisation`` and tell them by e-mail.

    Someone without a password yet (new, or invited before) gets a link to choose one.
    """
    _check_may_grant(acting_user, organisation, role)
    email = email.strip().lower()
    with transaction.atomic(durable=True):
        _lock_organisation(organisation)
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name.strip())
        elif not user.is_active:
            raise ValidationError(
                _("This address cannot be added. A system administrator can help.")
            )
        invite = not user.has_usable_password()
        if (
            Membership.objects.active()
            .filter(user=user, organisation=organisation, role=role)
            .exists()
        ):
            raise ValidationError(_("This person already has that role in the organisation."))
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, created_by=acting_user
        )
        _sync_admin_flags(user.pk, role)
        log_access(actor=acting_user, action=Action.CREATE, obj=membership, request=request)
        transaction.on_commit(
            partial(send_membership_email, membership.pk, site_url, invite=invite)
        )
    return membership


def membership_change_role(
    *, membership: Membership, role: str, acting_user: User, request: Any = None
) -> Membership:
    """Move a member to another role; the old membership ends, a new one starts."""
    _check_may_grant(acting_user, membership.organisation, role)
    if membership.role == Role.SYSTEM_ADMIN:
        _check_may_grant(acting_user, membership.organisation, Role.SYSTEM_ADMIN)
    with transaction.atomic(durable=True):
        _lock_organisation(membership.organisation)
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
        _sync_admin_flags(current.user_id, current.role, role)
        log_access(actor=acting_user, action=Action.UPDATE, obj=successor, request=request)
    return successor


def membership_end(*, membership: Membership, acting_user: User, request: Any = None) -> Membership:
    """End a membership: the person keeps their account but loses the role."""
    _check_may_grant(acting_user, membership.organisation, membership.role)
    with transaction.atomic(durable=True):
        _lock_organisation(membership.organisation)
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if current.ended_at is not None:
            raise ValidationError(_("This membership has already ended."))
        _check_keeps_an_admin(current)
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at"])
        _sync_admin_flags(current.user_id, current.role)
        log_access(actor=acting_user, action=Action.DELETE, obj=current, request=request)
    return current
