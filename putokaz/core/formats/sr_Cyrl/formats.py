# Serbian Cyrillic: Django's Serbian formats.
from django.conf.locale.sr.formats import *  # noqa: F403
