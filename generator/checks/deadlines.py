"""Statutory notice, checked at build time.

- Local Government Act 1972 s.100B: the agenda and its papers are open to
  the public at least five clear working days before the meeting.
- The Local Authorities (Executive Arrangements) (Meetings and Access to
  Information) (England) Regulations 2012, reg. 9: a key decision is on the
  forward plan at least 28 clear days before it is made.

A late paper is an error unless it is marked urgent with a reason, which the
agenda then shows. Clear days exclude the day of publication and the day of
the meeting.
"""

from __future__ import annotations

import datetime as dt

from generator.content.forward_plans import KEY_DECISION_DAYS
from generator.content.loader import LoadedMeeting
from generator.content.site import Meeting, Paper
from generator.dates import long_date
from generator.diagnostics import Diagnostics
from generator.statutory.working_days import (
    clear_days,
    clear_working_days,
    covered_years,
    latest_notice,
    latest_publication,
)

AGENDA_WORKING_DAYS = 5


def check_deadlines(meeting: Meeting, loaded: LoadedMeeting, diagnostics: Diagnostics, today: dt.date) -> None:
    if not meeting.items or meeting.status != "scheduled":
        return
    document = loaded.meeting.document
    if meeting.date.year not in covered_years():
        diagnostics.warning(
            document.position_of(("date",)),
            "bank-holidays-unknown",
            f"Clerk's table of bank holidays does not cover {meeting.date.year}, so notice is counted without them",
            "extend generator/statutory/bank-holidays-england-and-wales.txt from GOV.UK",
        )
    agenda_date = meeting.public_from(today)
    deadline = latest_publication(meeting.date, AGENDA_WORKING_DAYS)
    if agenda_date is None:
        diagnostics.warning(
            document.position_of(("date",)),
            "publication-date-unknown",
            f"the agenda's publication date is not recorded, so the five-clear-working-days rule was not checked "
            f"(the latest lawful date was {long_date(deadline)})",
            "add 'agenda_published: YYYY-MM-DD' to meeting.md",
        )
        return
    working = clear_working_days(agenda_date, meeting.date)
    if working < AGENDA_WORKING_DAYS and not meeting.urgent_reason:
        where = ("agenda_published",) if meeting.agenda_published else ("date",)
        diagnostics.error(
            document.position_of(where),
            "late-agenda",
            f"the agenda is published on {long_date(agenda_date)}, {working} clear working day(s) before the meeting on "
            f"{long_date(meeting.date)}; the law requires {AGENDA_WORKING_DAYS} (Local Government Act 1972 s.100B)",
            f"publish it by {long_date(deadline)}, or give the reason for short notice as 'urgent_reason' in meeting.md",
        )
    for item in meeting.items:
        for paper in item.public_papers:
            _check_paper(paper, today, item.urgent_reason, loaded, diagnostics)
        if item.awaiting_papers and meeting.date > today > deadline and not item.urgent_reason:
            diagnostics.warning(
                document.position_of(("items",)),
                "paper-overdue",
                f"item {item.number}'s paper is still to follow, and the deadline to publish it was {long_date(deadline)}",
                "publish it and record why it is late as the item's 'urgent_reason'",
            )


def _check_paper(paper: Paper, today: dt.date, item_urgency: str | None, loaded: LoadedMeeting, diagnostics: Diagnostics) -> None:
    document = loaded.papers[paper.slug].document
    published = paper.public_from(today)
    assert published is not None, "only called once the agenda's publication date is known"
    meeting = paper.meeting
    working = clear_working_days(published, meeting.date)
    if working < AGENDA_WORKING_DAYS and not (paper.urgent_reason or item_urgency):
        where = ("published",) if paper.published else ()
        diagnostics.error(
            document.position_of(where),
            "late-paper",
            f"'{paper.title}' is published on {long_date(published)}, {working} clear working day(s) before the meeting; "
            f"the law requires {AGENDA_WORKING_DAYS} (Local Government Act 1972 s.100B)",
            f"publish it by {long_date(latest_publication(meeting.date, AGENDA_WORKING_DAYS))}, or say why it is urgent "
            "with 'urgent_reason' (shown on the agenda)",
        )
    for index, entry in enumerate(paper.entries):
        if not entry.key_decision or entry.urgent_reason:
            continue
        notice = clear_days(published, entry.date)
        if notice < KEY_DECISION_DAYS:
            diagnostics.error(
                document.position_of(("entries", index, "key_decision")),
                "key-decision-notice",
                f"the key decision '{entry.issue}' on {long_date(entry.date)} has {notice} clear days' notice on this "
                f"forward plan (published {long_date(published)}); the 2012 regulations require {KEY_DECISION_DAYS}",
                f"publish the forward plan by {long_date(latest_notice(entry.date, KEY_DECISION_DAYS))}, or record the "
                "general exception or special urgency as the entry's 'urgent_reason'",
            )
