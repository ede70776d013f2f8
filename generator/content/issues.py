"""Issue histories: everything the site publishes about one issue, named by its key, in date order.

An issue key (`issue:` on an agenda item or a paper, `issue_key:` on a forward-plan entry, whose
`issue:` is its printed title) is defined by being used: the first use starts the issue. A paper
with no key of its own is part of its agenda item's issue. Only what is published counts: a withheld
paper's key, and an exempt or confidential item's, are never read (linker.py leaves them unset), so
neither reaches an issue page.

Each appearance has a date and a kind, and the history is in date order, then in the order of the
kinds (`KIND_ORDER`): a forward-plan entry appears on the date of the meeting whose plan lists it
(every plan that lists it, so that a slipping date shows), an agenda item and its report on their
meeting's date, a decision (from the decisions register) on its meeting's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Literal

from generator.content.decisions import Decision, decisions_of
from generator.content.site import AgendaItem, ForwardPlanEntry, Meeting, Paper, Site, issue_url

AppearanceKind = Literal["planned", "agenda", "report", "decision"]
KIND_ORDER: dict[AppearanceKind, int] = {"planned": 0, "agenda": 1, "report": 2, "decision": 3}
KIND_NAMES: dict[AppearanceKind, str] = {
    "planned": "On the forward plan",
    "agenda": "On the agenda",
    "report": "Report",
    "decision": "Decision",
}


@dataclass(eq=False)
class IssueAppearance:
    kind: AppearanceKind
    date: dt.date
    title: str
    """As it is printed where it appears: the entry's issue, the item's or the paper's title."""
    url: str
    """The page (and place on it) where it appears."""
    meeting: Meeting
    """The meeting it appears at: the plan's meeting, for a forward-plan entry."""
    planned_for: dt.date | None = None
    """The meeting date a forward-plan entry plans it for."""
    item: AgendaItem | None = None
    entry: ForwardPlanEntry | None = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def order(self) -> tuple:
        return (self.date, self.meeting.time, self.meeting.id, KIND_ORDER[self.kind], self.url)


@dataclass(eq=False)
class Issue:
    key: str
    appearances: tuple[IssueAppearance, ...]
    """In date order (see the module's docstring)."""

    @property
    def url(self) -> str:
        return issue_url(self.key) or ""

    @property
    def title(self) -> str:
        """The latest forward plan's words for it, else the first agenda item's or report's title."""
        planned = [a for a in self.appearances if a.kind == "planned"]
        if planned:
            return planned[-1].title
        return self.appearances[0].title

    @property
    def first(self) -> dt.date:
        return self.appearances[0].date

    @property
    def last(self) -> dt.date:
        return self.appearances[-1].date


@dataclass(eq=False)
class Issues:
    by_key: dict[str, Issue]
    """Every issue of the site, by key in alphabetical order."""

    def __iter__(self):
        return iter(self.by_key.values())

    def __len__(self) -> int:
        return len(self.by_key)

    def get(self, key: str | None) -> Issue | None:
        return None if key is None else self.by_key.get(key)

    def latest_plan_naming(self, item: AgendaItem) -> IssueAppearance | None:
        """The forward-plan entry of the latest plan that names the item's issue."""
        issue = self.get(item.issue_key)
        planned = [] if issue is None else [a for a in issue.appearances if a.kind == "planned"]
        return planned[-1] if planned else None

    def items_naming(self, entry: ForwardPlanEntry) -> list[IssueAppearance]:
        """The agenda items that name the entry's issue, in date order."""
        issue = self.get(entry.issue_key)
        return [] if issue is None else [a for a in issue.appearances if a.kind == "agenda"]


def issues(site: Site, decisions: list[Decision] | None = None) -> Issues:
    """Every issue of the site; `decisions`: the site's (decisions_of), when the caller has them already."""
    found: dict[str, list[IssueAppearance]] = {}
    decided = decisions_of(site) if decisions is None else decisions
    for key, appearance in (*_published_appearances(site), *decision_appearances(decided)):
        found.setdefault(key, []).append(appearance)
    return Issues(
        {key: Issue(key, tuple(sorted(found[key], key=lambda a: a.order))) for key in sorted(found)}
    )


def _published_appearances(site: Site) -> Iterable[tuple[str, IssueAppearance]]:
    for meeting in site.meetings.values():
        for item in meeting.items:
            if item.issue_key is not None:
                yield item.issue_key, IssueAppearance(
                    "agenda", meeting.date, item.title, f"{meeting.url}#{item.anchor}", meeting, item=item
                )
        for paper in meeting.public_papers:
            if paper.issue_key is not None:
                yield paper.issue_key, _report(paper)
            for entry in paper.entries:
                if entry.issue_key is not None:
                    yield entry.issue_key, IssueAppearance(
                        "planned", meeting.date, entry.issue, paper.url, meeting, planned_for=entry.date, entry=entry
                    )


def _report(paper: Paper) -> IssueAppearance:
    return IssueAppearance("report", paper.meeting.date, paper.title, paper.url, paper.meeting, item=paper.item)


def decision_appearances(decisions: list[Decision]) -> Iterable[tuple[str, IssueAppearance]]:
    """Each decision the register records (decisions.py), under the issue its agenda item names and
    the issues of the papers it decided on (each issue once), on the date of its meeting."""
    for decision in decisions:
        keys = {paper.issue_key for paper in decision.papers} | {decision.item.issue_key if decision.item else None}
        title = decision.title or f"Minute {decision.minute}"
        for key in sorted(k for k in keys if k is not None):
            yield key, IssueAppearance("decision", decision.meeting.date, title, decision.url, decision.meeting, item=decision.item)
