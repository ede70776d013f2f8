"""The decisions register: every RESOLVED block of published minutes, with its meeting, minute,
agenda item and report, and for an executive committee its call-in deadline.

How a minute maps to an agenda item: minutes follow the agenda, so minute N is agenda item N of the
same meeting, but only where that item's title agrees with the minute's heading (the same words,
ignoring case and punctuation, or one beginning with the other). Where the meeting has no such item,
the register shows no item rather than guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.content.site import AgendaItem, Meeting, Minutes, Paper, Site
from generator.markdown.rendered import Resolution
from generator.statutory.working_days import working_days_after

_WORDS = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class CallIn:
    """An executive decision's call-in period."""

    deadline: dt.date
    """The last day on which it may be called in."""
    counted_from: dt.date
    from_meeting_date: bool
    """True when the minutes record no publication date and the period is counted from the meeting:
    the deadline is then the earliest it can be."""
    open: bool
    """Still subject to call-in on the build date."""


@dataclass(eq=False)
class Decision:
    minutes: Minutes
    resolution: Resolution
    item: AgendaItem | None
    """The agenda item the minute records, where it can be told (see the module's note)."""
    call_in: CallIn | None
    """None unless the committee is executive."""

    @property
    def meeting(self) -> Meeting:
        return self.minutes.meeting

    @property
    def minute(self) -> int | None:
        return self.resolution.section

    @property
    def title(self) -> str | None:
        return self.resolution.section_title

    @property
    def url(self) -> str:
        return f"{self.minutes.url}#{self.resolution.anchor}"

    @property
    def papers(self) -> tuple[Paper, ...]:
        return self.item.public_papers if self.item is not None else ()


@dataclass(frozen=True)
class DecisionYear:
    """One page of a decisions register: the decisions of a year, newest first."""

    year: int
    decisions: tuple[Decision, ...]
    url: str

    @property
    def has_call_in(self) -> bool:
        """Some decision on the page is an executive one, so the page has a call-in column."""
        return any(decision.call_in is not None for decision in self.decisions)


def decisions_of(site: Site) -> list[Decision]:
    """Every decision of the site's minutes: the latest meeting first, each meeting's in the order
    of its minutes. Worked out once per build (render/pages.py): a large council has thousands."""
    days = site.config.decisions.call_in_working_days
    return [
        Decision(minutes, resolution, agenda_item_for(minutes.meeting, resolution), _call_in(minutes, days, site.today))
        for minutes in site.minutes_newest_first()
        for resolution in minutes.body.resolutions
    ]


def register_years(decisions: list[Decision], base_url: str) -> list[DecisionYear]:
    """The register paged by year: the newest year at `base_url`, each earlier one at `<base_url><year>/`."""
    years: dict[int, list[Decision]] = {}
    for decision in decisions:
        years.setdefault(decision.meeting.date.year, []).append(decision)
    newest = max(years, default=None)
    return [
        DecisionYear(year, tuple(in_year), base_url if year == newest else f"{base_url}{year}/")
        for year, in_year in sorted(years.items(), reverse=True)
    ]


def agenda_item_for(meeting: Meeting, resolution: Resolution) -> AgendaItem | None:
    if resolution.section is None or resolution.section_title is None:
        return None
    for item in meeting.items:
        if item.number == resolution.section and _same_title(item.title, resolution.section_title):
            return item
    return None


def _same_title(agenda: str, minute: str) -> bool:
    a, b = (_WORDS.sub(" ", text).strip().casefold() for text in (agenda, minute))
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def _call_in(minutes: Minutes, days: int, today: dt.date) -> CallIn | None:
    if minutes.meeting.committee.kind != "executive":
        return None
    start = minutes.published or minutes.meeting.date
    deadline = working_days_after(start, days)
    return CallIn(deadline=deadline, counted_from=start, from_meeting_date=minutes.published is None, open=today <= deadline)
