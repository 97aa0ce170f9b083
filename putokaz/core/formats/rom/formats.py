# Romani in Serbia: the same date and number conventions as Serbian.
from django.conf.locale.sr_Latn.formats import *  # noqa: F403
