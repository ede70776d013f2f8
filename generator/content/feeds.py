"""What the Atom feeds tell: each published agenda, paper, minutes and decision, dated by the content.

The dates of an entry are read from the content and its history, never the build. Its `published`
is the first publication in its publication record (content/publication_record.py: git history, or
the front matter's dates), else:

- an agenda: the meeting's `agenda_published`, else the meeting's date;
- a paper: its `published`, else the later of its agenda's date (as above) and the end of its
  embargo (`publish_from`): a paper held back and published later is new on the day it came out;
- the minutes, and each decision in them: the minutes' `published`, else the meeting's date.

Its `updated` is the day of its latest change in the record (a correction), else the same day.

The same content therefore gives the same feed on any day, and an entry's identity (its meeting and
its page) never depends on its date, so that correcting a date moves an entry without repeating it.
Only what the site publishes is listed: withheld papers have no page and are never read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.decisions import Decision, decisions_of
from generator.content.site import Committee, Meeting, Paper, Site
from generator.dates import short_date

#: A feed lists the newest entries only: readers poll it, and a council's whole archive is its site.
FEED_ENTRIES = 100
SITE_FEED = "feed.xml"
KIND_LABELS = {"report": "Report", "forward-plan": "Forward plan"}


@dataclass(frozen=True)
class FeedEntry:
    kind: str
    """'agenda', 'paper', 'minutes' or 'decision'."""
    title: str
    url: str
    """The site-relative address of what the entry announces."""
    published: dt.date
    """When it was first published, by the rule of this module's note."""
    meeting: Meeting
    """The meeting it belongs to: its date is part of the entry's identity."""
    summary: str
    updated: dt.date | None = None
    """Its latest change, where it changed after it was published."""

    @property
    def last_changed(self) -> dt.date:
        """Atom's `updated`: the latest change, else the first publication."""
        return self.updated or self.published


@dataclass(frozen=True)
class Feed:
    path: str
    """Where the feed is published, site-relative: 'feed.xml' or 'committees/<slug>/feed.xml'."""
    title: str
    page_url: str
    """The page the feed follows (the home page or the committee's)."""
    entries: tuple[FeedEntry, ...]
    """Newest first; at most FEED_ENTRIES."""

    @property
    def updated(self) -> dt.date:
        """Its newest entry's date; a feed with none is dated 1970-01-01, since no content dates it."""
        return max(entry.last_changed for entry in self.entries) if self.entries else dt.date(1970, 1, 1)


@dataclass(frozen=True)
class FeedLink:
    """A feed as a page's head names it."""

    title: str
    path: str


def feed_links(site: Site, committee: Committee | None) -> tuple[FeedLink, ...]:
    """The feeds a page offers: its committee's, if it is a committee's page, then the site-wide
    one; none for a site without `base_url`, which has no feeds."""
    if site.config.base_url is None:
        return ()
    everything = FeedLink(f"New committee papers – {site.config.council}", SITE_FEED)
    if committee is None:
        return (everything,)
    return (FeedLink(f"New papers – {committee.name}", f"{committee.url}feed.xml"), everything)


def site_feeds(site: Site) -> list[Feed]:
    """The site-wide feed, then each committee's; none without `base_url`."""
    if site.config.base_url is None:
        return []
    entries = _entries(site)
    feeds = [_feed(feed_links(site, None)[0], "", entries)]
    for committee in site.committees.values():
        own = [entry for entry in entries if entry.meeting.committee is committee]
        feeds.append(_feed(feed_links(site, committee)[0], committee.url, own))
    return feeds


def _feed(link: FeedLink, page_url: str, entries: list[FeedEntry]) -> Feed:
    return Feed(link.path, link.title, page_url, _newest(entries))


def agenda_date(meeting: Meeting) -> dt.date:
    return meeting.agenda_record.first_published or meeting.agenda_published or meeting.date


def paper_date(paper: Paper) -> dt.date:
    if paper.published is not None:
        return paper.published
    if paper.record.first_published is not None:
        return paper.record.first_published
    return max(agenda_date(paper.meeting), paper.embargo or dt.date.min)


def minutes_date(meeting: Meeting) -> dt.date:
    assert meeting.minutes is not None
    return meeting.minutes.record.first_published or meeting.minutes.published or meeting.date


def _newest(entries: list[FeedEntry]) -> tuple[FeedEntry, ...]:
    # A stable sort: entries of one day keep the order `_entries` gives them, so the feed is the same every build.
    return tuple(sorted(entries, key=lambda entry: entry.published, reverse=True)[:FEED_ENTRIES])


def _entries(site: Site) -> list[FeedEntry]:
    """Every entry, the latest meeting first, and in a meeting: agenda, papers in agenda order, minutes, decisions."""
    decisions: dict[str, list[Decision]] = {}
    for decision in decisions_of(site):
        decisions.setdefault(decision.meeting.id, []).append(decision)
    entries = []
    for meeting in sorted(site.meetings.values(), key=lambda meeting: (meeting.date, meeting.id), reverse=True):
        entries += _meeting_entries(meeting, decisions.get(meeting.id, []))
    return entries


def _meeting_entries(meeting: Meeting, decisions: list[Decision]) -> list[FeedEntry]:
    held = f"the {meeting.committee.name} meeting on {short_date(meeting.date)}"
    entries = []
    if meeting.items:
        status = "" if meeting.status == "scheduled" else f" ({meeting.status})"
        entries.append(
            FeedEntry(
                "agenda", f"Agenda: {meeting.title}{status}", meeting.url, agenda_date(meeting), meeting, f"The agenda of {held}.",
                meeting.agenda_record.last_change,
            )
        )
    for paper in sorted(meeting.public_papers, key=_agenda_order):
        label = KIND_LABELS.get(paper.kind, "Paper")
        item = f", item {paper.item.number}" if paper.item is not None else ""
        entries.append(
            FeedEntry(
                "paper", f"{paper.title} – {meeting.title}", paper.url, paper_date(paper), meeting, f"{label} for {held}{item}.",
                paper.record.last_change,
            )
        )
    if meeting.minutes is not None:
        date = minutes_date(meeting)
        changed = meeting.minutes.record.last_change
        entries.append(
            FeedEntry("minutes", f"Minutes: {meeting.title}", meeting.minutes.url, date, meeting, f"The minutes of {held}.", changed)
        )
        for decision in decisions:
            minute = f"minute {decision.minute}" if decision.minute is not None else "the minutes"
            subject = f": {decision.title}" if decision.title else ""
            entries.append(
                FeedEntry(
                    "decision", f"Decision{subject} – {meeting.title}", decision.url, date, meeting,
                    f"A decision of {held}, recorded in {minute}.", changed,
                )
            )
    return entries


def _agenda_order(paper: Paper) -> tuple[int, str]:
    """Papers by their item's number; those published outside the agenda after them, by name."""
    return (paper.item.number if paper.item is not None else 1 << 30, paper.slug)
