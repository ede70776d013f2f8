"""Dates and times as GOV.UK style writes them, for pages and messages alike."""

from __future__ import annotations

import datetime as dt
import functools
import os


@functools.lru_cache(maxsize=4096)  # the registers say each meeting's date on many rows
def long_date(value: dt.date) -> str:
    """Thursday 12 October 2017."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def short_date(value: dt.date) -> str:
    """12 October 2017."""
    return f"{value.day} {value:%B %Y}"


def clock(value: str) -> str:
    """24-hour 'HH:MM' as people say it: 10am, 9:15am, 12:10pm, midday."""
    hours, minutes = (int(part) for part in value.split(":"))
    if (hours, minutes) == (12, 0):
        return "midday"
    if (hours, minutes) == (0, 0):
        return "midnight"
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}{suffix}" if minutes == 0 else f"{hours}:{minutes:02d}{suffix}"


def build_date() -> dt.date:
    """The build's date (embargoes, 'upcoming'): SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()
