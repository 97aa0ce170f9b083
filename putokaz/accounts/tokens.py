"""Invitation links: their own tokens, valid longer than a password-reset link."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "putokaz.accounts.tokens.InvitationTokenGenerator"

    def __init__(self) -> None:
        super().__init__()
        self.timeout = settings.INVITATION_TIMEOUT


invitation_token_generator = InvitationTokenGenerator()
