# Albanian: Django leaves the date-and-time formats unset (they fell back to the US
# "12/07/2026 11:43 a.m."); the dates Albanian speakers in Serbia read are day first, 24 hours.
from django.conf.locale.sq.formats import *  # noqa: F403

DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
