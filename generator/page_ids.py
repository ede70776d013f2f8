"""The ids templates give elements themselves, in one table.

Templates take every id from the `ids` global (render/html.py) and never type
one; the linker keeps Markdown headings off a page's ids (`reserved`). So the
ids a page uses and the ids its headings may not take cannot drift apart;
tests/test_templates.py refuses an id typed into a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LayoutIds:
    """Every page's (base.html)."""

    main: str = "main"
    """The skip link's target."""
    top: str = "top"
    """Not given to an element: browsers take #top to mean the top of the page."""


@dataclass(frozen=True)
class MeetingIds(LayoutIds):
    agenda: str = "agenda"
    group_meetings_caption: str = "group-meetings-caption"


@dataclass(frozen=True)
class PaperIds(LayoutIds):
    contents: str = "contents"
    paper_details: str = "paper-details"
    strategic_impact: str = "strategic-impact"
    executive_summary: str = "executive-summary"
    recommendations: str = "recommendations"
    background_papers: str = "background-papers"
    officer_contact: str = "officer-contact"
    officer_contact_caption: str = "officer-contact-caption"
    forward_plan: str = "forward-plan"

    def forward_plan_meeting(self, date: dt.date) -> str:
        """The caption of one meeting's table in a forward plan."""
        return f"{self.forward_plan}-{date.isoformat()}"


@dataclass(frozen=True)
class MinutesIds(LayoutIds):
    attendance: str = "attendance"


@dataclass(frozen=True)
class PersonIds(LayoutIds):
    attendance_caption: str = "attendance-caption"


@dataclass(frozen=True)
class ReportIds(LayoutIds):
    by_rule_caption: str = "by-rule-caption"


@dataclass(frozen=True)
class BusinessIds(LayoutIds):
    """The pages that follow the business across meetings: a committee's forward plan, the notice of
    key decisions, the issues and each issue's history (no Markdown reaches them)."""

    coming_up: str = "coming-up"
    considered: str = "considered"
    plans: str = "plans"
    key_decisions_caption: str = "key-decisions-caption"
    issues_caption: str = "issues-caption"
    history_caption: str = "history-caption"

    def coming_up_meeting(self, date: dt.date) -> str:
        return f"{self.coming_up}-{date.isoformat()}"

    def considered_meeting(self, date: dt.date) -> str:
        return f"{self.considered}-{date.isoformat()}"


@dataclass(frozen=True)
class SearchIds(LayoutIds):
    """The search page's form, its live status and its results (static/search.js finds them by these)."""

    query: str = "search-query"
    committee: str = "search-committee"
    year: str = "search-year"
    kind: str = "search-kind"
    council: str = "search-council"
    """A portal's search page only (render/portal.py)."""
    status: str = "search-status"
    results: str = "search-results"


@dataclass(frozen=True)
class PackIds:
    """The agenda pack's (a PDF: no Markdown heading shares its ids with these)."""

    item_prefix: str = "pack-item-"

    def item(self, number: int) -> str:
        """Where an item's papers begin in the pack, for the agenda's page column."""
        return f"{self.item_prefix}{number}"


@dataclass(frozen=True)
class PageIds:
    layout: LayoutIds = LayoutIds()
    meeting: MeetingIds = MeetingIds()
    paper: PaperIds = PaperIds()
    minutes: MinutesIds = MinutesIds()
    report: ReportIds = ReportIds()
    person: PersonIds = PersonIds()
    pack: PackIds = PackIds()
    business: BusinessIds = BusinessIds()
    search: SearchIds = SearchIds()


PAGE_IDS = PageIds()


def reserved(ids: LayoutIds) -> frozenset[str]:
    """The ids a kind of page gives its own elements: its Markdown headings must take others."""
    return frozenset(getattr(ids, field.name) for field in fields(ids))


def agenda_item_id(number: int) -> str:
    """An agenda item's anchor on the meeting page, reserved there like the ids above."""
    return f"item-{number}"


MEETING_PAGE_IDS = reserved(PAGE_IDS.meeting)
PAPER_PAGE_IDS = reserved(PAGE_IDS.paper)
MINUTES_PAGE_IDS = reserved(PAGE_IDS.minutes)
