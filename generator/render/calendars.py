"""The meetings as iCalendar files (RFC 5545, made with the `icalendar` library): one per committee
(committees/<slug>/meetings.ics), one for the whole council (meetings.ics) and one per meeting
(meetings/<id>/meeting.ics, for "Add to calendar" on its page).

Each meeting is one event, the same in every file that lists it:
- UID: the meeting's folder name and the council, `<yyyy-mm-dd>-<committee>@<council>`; neither
  a rebuild nor a change of time, venue or status changes it.
- SEQUENCE: how many times its date, time, venue or status changed (content/meeting_history.py).
- DTSTART in Europe/London, with the VTIMEZONE the calendar needs; no end, since the content says
  when a meeting starts but not, until its minutes, when it ends.
- DTSTAMP: the day its agenda was published (`agenda_published`), else the meeting's day, at
  midnight UTC. The files carry no METHOD, so RFC 5545 reads DTSTAMP as the event's last change;
  the build time would rewrite every file on every build.
- STATUS: CONFIRMED; CANCELLED for a cancelled or a postponed meeting. A postponed meeting will
  not take place on its date; its new date, when fixed, is a new meeting folder and so a new
  event, and the summary and description of the old one say it was postponed.
- URL: its agenda page, when site.yaml gives the site's `base_url`.
- DESCRIPTION: the agenda items' numbers and titles, as the agenda shows them (an exempt or
  confidential item by its title alone, as there); nothing of any paper.

Calendars depend only on meeting.md files, committees and site.yaml, any change to which means a
full build (build_record.placeable): an incremental build takes them from the last build as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from generator.content.meeting_history import arrangement_changes
from generator.content.site import Committee, Meeting, Site
from generator.markdown.ids import slugify

LONDON_ZONE = "Europe/London"
LONDON = ZoneInfo(LONDON_ZONE)
SITE_CALENDAR = "meetings.ics"
COMMITTEE_CALENDAR = "meetings.ics"
MEETING_CALENDAR = "meeting.ics"
#: Subscribed calendars are fetched again about daily (RFC 7986 REFRESH-INTERVAL).
REFRESH = dt.timedelta(days=1)


@dataclass(frozen=True)
class CalendarFile:
    path: str
    """Where it is published, from the top of the site."""
    name: str
    meetings: tuple[Meeting, ...]


def plan_calendars(site: Site) -> list[CalendarFile]:
    """Every calendar the site publishes: the council's, each committee's, each meeting's."""
    meetings = sorted(site.meetings.values(), key=lambda meeting: (meeting.date, meeting.time, meeting.id))
    calendars = [CalendarFile(SITE_CALENDAR, f"{site.config.council} meetings", tuple(meetings))]
    for committee in site.committees.values():
        mine = tuple(meeting for meeting in meetings if meeting.committee is committee)
        calendars.append(CalendarFile(committee_calendar(committee), f"{committee.name} meetings", mine))
    calendars += [CalendarFile(meeting_calendar(meeting), meeting.title, (meeting,)) for meeting in meetings]
    return calendars


def committee_calendar(committee: Committee) -> str:
    return committee.url + COMMITTEE_CALENDAR


def meeting_calendar(meeting: Meeting) -> str:
    return meeting.url + MEETING_CALENDAR


def calendar_url(path: str, base_url: str | None) -> str | None:
    """The webcal: address to subscribe to a calendar at `path`, when the site's address is known."""
    if base_url is None:
        return None
    return "webcal:" + (base_url + path).split(":", 1)[1]


class CalendarMaker:
    """Makes each calendar's bytes; each meeting's SEQUENCE is counted once, for all of them."""

    def __init__(self, root: Path, site: Site):
        self.site = site
        self.council = slugify(site.config.council) or "council"
        changes = arrangement_changes(
            root,
            {m.source_path: (m.date.isoformat(), m.time, m.venue, m.status) for m in site.meetings.values()},
        )
        self.sequences = {meeting.id: changes.get(meeting.source_path, 0) for meeting in site.meetings.values()}
        self._events: dict[str, bytes] = {}
        self._zones: dict[tuple[int, int], bytes] = {}

    def ics(self, calendar: CalendarFile) -> bytes:
        shell = Calendar.new(
            prodid=f"-//Clerk//{self.site.config.council}//EN",
            name=calendar.name,
            uid=f"{calendar.path}@{self.council}",
            refresh_interval=REFRESH,
        ).to_ical()
        if not calendar.meetings:
            return shell
        years = [meeting.date.year for meeting in calendar.meetings]
        parts = [self._zone(min(years), max(years))] + [self._event(meeting) for meeting in calendar.meetings]
        # Each meeting is in three calendars and icalendar's serialising is slow (milliseconds an
        # event): each event and time zone is serialised once by icalendar and placed in each calendar.
        end = b"END:VCALENDAR\r\n"
        assert shell.endswith(end)
        return shell.removesuffix(end) + b"".join(parts) + end

    def _event(self, meeting: Meeting) -> bytes:
        if meeting.id not in self._events:
            self._events[meeting.id] = self.event(meeting).to_ical()
        return self._events[meeting.id]

    def _zone(self, first_year: int, last_year: int) -> bytes:
        """Europe/London for the years the events need: the whole 1970-2038 table would be most of each file."""
        key = (first_year, last_year)
        if key not in self._zones:
            zone = Timezone.from_tzid(LONDON_ZONE, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 2, 1, 1))
            self._zones[key] = zone.to_ical()
        return self._zones[key]

    def event(self, meeting: Meeting) -> Event:
        hours, minutes = (int(part) for part in meeting.time.split(":"))
        changed = meeting.agenda_published or meeting.date
        base_url = self.site.config.base_url
        off = meeting.status != "scheduled"
        return Event.new(
            uid=f"{meeting.id}@{self.council}",
            sequence=self.sequences.get(meeting.id, 0),
            stamp=dt.datetime(changed.year, changed.month, changed.day, tzinfo=dt.timezone.utc),
            start=dt.datetime.combine(meeting.date, dt.time(hours, minutes), tzinfo=LONDON),
            summary=f"{meeting.status.capitalize()}: {meeting.title}" if off else meeting.title,
            location=meeting.venue,
            status="CANCELLED" if off else "CONFIRMED",
            url=base_url + meeting.url if base_url else None,
            description=_description(meeting, base_url) or None,
        )


def _description(meeting: Meeting, base_url: str | None) -> str:
    lines = []
    if meeting.status == "cancelled":
        lines.append("This meeting has been cancelled.")
    elif meeting.status == "postponed":
        lines.append("This meeting has been postponed; its new date will be published as a meeting of its own.")
    if base_url:
        lines.append(f"Agenda: {base_url}{meeting.url}")
    if meeting.items:
        lines += ["", "Agenda items:"] + [f"{item.number}. {item.title}" for item in meeting.items]
    return "\n".join(lines).strip("\n")
