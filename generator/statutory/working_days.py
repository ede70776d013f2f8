"""Working days and clear days, as the Local Government Act 1972 counts them.

'Clear days' exclude both the day of publication and the day of the
meeting. A working day is a weekday that is not a bank holiday in England
and Wales.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

HOLIDAYS_FILE = Path(__file__).with_name("bank-holidays-england-and-wales.txt")


@lru_cache(maxsize=1)
def bank_holidays() -> dict[dt.date, str]:
    holidays: dict[dt.date, str] = {}
    for line in HOLIDAYS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        date, name = line.split(maxsplit=1)
        holidays[dt.date.fromisoformat(date)] = name.strip()
    return holidays


def covered_years() -> range:
    years = sorted({day.year for day in bank_holidays()})
    return range(years[0], years[-1] + 1)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def clear_working_days(published: dt.date, meeting: dt.date) -> int:
    """Working days strictly between the day of publication and the day of the meeting."""
    day = published + dt.timedelta(days=1)
    count = 0
    while day < meeting:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def working_days_after(day: dt.date, working_days: int) -> dt.date:
    """The last of `working_days` clear working days after `day` (not counting `day` itself)."""
    counted = 0
    while counted < working_days:
        day += dt.timedelta(days=1)
        counted += is_working_day(day)
    return day


def clear_days(published: dt.date, meeting: dt.date) -> int:
    """Calendar days strictly between publication and the meeting."""
    return max((meeting - published).days - 1, 0)


def latest_publication(meeting: dt.date, working_days: int) -> dt.date:
    """The last day on which a paper can be published with `working_days` clear working days' notice."""
    day = meeting - dt.timedelta(days=1)
    counted = 0
    while counted < working_days:
        counted += is_working_day(day)
        day -= dt.timedelta(days=1)
    return day


def latest_notice(meeting: dt.date, days: int) -> dt.date:
    """The last day on which notice gives `days` clear days."""
    return meeting - dt.timedelta(days=days + 1)
