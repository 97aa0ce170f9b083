"""The people app's own entries on the family timeline: who joined and left the household."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.core.content_translation import in_script
from putokaz.core.sections import TimelineEntry, add_timeline_source
from putokaz.people.models import Household, HouseholdMember


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def household_changes(user: Any, people: list[Any]) -> Iterable[TimelineEntry]:
    """Joining and leaving the households of ``people`` that ``user`` may see: a member's
    other households, kept by other organisations, stay hidden."""
    members = HouseholdMember.objects.filter(
        person__in=people, household__in=Household.objects.visible_to(user)
    ).select_related("household__organisation", "person")
    for member in members:
        name = in_script(member.person.full_name)
        url = member.household.get_absolute_url()
        yield TimelineEntry(
            when=_start_of(member.joined_on),
            what=_("%(name)s joined the household (%(relationship)s)")
            % {"name": name, "relationship": member.get_relationship_display()},
            who="",
            organisation=str(member.household.organisation),
            url=url,
        )
        if member.left_on:
            yield TimelineEntry(
                when=_start_of(member.left_on),
                what=_("%(name)s left the household") % {"name": name},
                who="",
                organisation=str(member.household.organisation),
                url=url,
            )


add_timeline_source(household_changes)
