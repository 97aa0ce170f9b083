"""What the cases app's notifications say."""

from django.utils.translation import gettext_lazy as _

from putokaz.notifications import kinds

kinds.register(
    "case_break_glass",
    _("%(name)s opened the sealed case %(number)s by break-glass: %(reason)s"),
)
