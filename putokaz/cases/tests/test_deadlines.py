import datetime
from zoneinfo import ZoneInfo

from putokaz.cases import deadlines

BELGRADE = ZoneInfo("Europe/Belgrade")


def test_working_days_skip_weekends_and_armistice_day() -> None:
    # Friday 6 November 2026; Wednesday 11 November is a public holiday.
    assert deadlines.add_working_days(datetime.date(2026, 11, 6), 5) == datetime.date(2026, 11, 16)


def test_working_days_skip_orthodox_easter() -> None:
    # Thursday 9 April 2026: Good Friday the 10th and Easter Monday the 13th are holidays.
    assert deadlines.add_working_days(datetime.date(2026, 4, 9), 1) == datetime.date(2026, 4, 14)


def test_regular_case_is_due_at_the_end_of_the_fifth_working_day() -> None:
    opened = datetime.datetime(2026, 11, 6, 15, 30, tzinfo=BELGRADE)
    due = deadlines.limit_for("regular").due(opened).astimezone(BELGRADE)
    assert (due.date(), due.hour, due.minute) == (datetime.date(2026, 11, 16), 23, 59)


def test_immediate_and_urgent_cases_count_hours_not_working_days() -> None:
    opened = datetime.datetime(2026, 11, 7, 22, 0, tzinfo=BELGRADE)  # a Saturday night
    assert deadlines.limit_for("immediate").due(opened) - opened == datetime.timedelta(hours=24)
    assert deadlines.limit_for("urgent").due(opened) - opened == datetime.timedelta(hours=72)


def test_every_urgency_level_names_its_source() -> None:
    for level in ("immediate", "urgent", "regular"):
        assert "Pravilnik" in deadlines.limit_for(level).source
