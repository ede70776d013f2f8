"""Forward plans read together: each committee's plan as it stands, and the site-wide notice of key decisions.

A committee publishes a new forward plan (a paper of kind forward-plan) for each meeting, and each
repeats most of the last one. Two entries are the same entry (`EntryIdentity`) when they give the same
`issue_key:`; entries without one are the same when they are of the same committee and have the same
printed issue and the same planned date (the issue compared without regard to case or spacing). Of
the same entry, the one in the most recent plan (by its meeting's date, then time) is shown: a plan
that moves or rewords an entry replaces it, and an entry a later plan no longer lists stays as last
planned, with the plan it was last listed on. An entry whose planned date is before the build date
(`site.today`) is "considered" rather than coming up.

Notice of a key decision is first given by the earliest published plan that lists it, on the date
that plan was open to the public (`Paper.public_from`: the date the paper records as `published:`,
else its meeting's `agenda_published:`, or the end of its embargo if later), counted in clear days to
the date the decision is planned for, as checks/deadlines.py counts it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.content.site import Committee, ForwardPlanEntry, Paper, Site
from generator.statutory.working_days import clear_days

KEY_DECISION_DAYS = 28
"""The 2012 regulations' notice of a key decision, in clear days (reg. 9)."""

EntryIdentity = tuple[str, ...]


def entry_identity(committee: Committee, entry: ForwardPlanEntry) -> EntryIdentity:
    """What makes two entries of forward plans the same entry (see the module's docstring)."""
    if entry.issue_key is not None:
        return ("issue", entry.issue_key)
    return ("entry", committee.slug, re.sub(r"\s+", " ", entry.issue).strip().casefold(), entry.date.isoformat())


@dataclass(eq=False)
class PlannedEntry:
    """One entry of a committee's forward plan as it stands: the most recent plan's version of it."""

    entry: ForwardPlanEntry
    plan: Paper
    """The most recent plan that lists it."""
    first_plan: Paper
    """The earliest plan that lists it, which gave notice of it first."""
    notice_given: dt.date | None
    """When that plan was open to the public; None when no plan listing it records when."""

    @property
    def committee(self) -> Committee:
        return self.plan.meeting.committee

    @property
    def notice_days(self) -> int | None:
        """Clear days between the first notice and the planned date."""
        return None if self.notice_given is None else clear_days(self.notice_given, self.entry.date)

    @property
    def notice_met(self) -> bool | None:
        """Whether the 28 clear days' notice of a key decision was given; None when not known."""
        days = self.notice_days
        return None if days is None else days >= KEY_DECISION_DAYS


@dataclass(eq=False)
class CommitteeForwardPlan:
    committee: Committee
    coming_up: tuple[PlannedEntry, ...]
    """Planned for the build date or later, the soonest first."""
    considered: tuple[PlannedEntry, ...]
    """Planned for a date before the build date, the latest first."""
    plans: tuple[Paper, ...]
    """The published plans it is made from, the latest first."""

    @property
    def url(self) -> str:
        return self.committee.forward_plan_url

    def coming_up_by_date(self) -> list[tuple[dt.date, list[PlannedEntry]]]:
        return _by_date(self.coming_up)

    def considered_by_date(self) -> list[tuple[dt.date, list[PlannedEntry]]]:
        return _by_date(self.considered)


def _by_date(entries: tuple[PlannedEntry, ...]) -> list[tuple[dt.date, list[PlannedEntry]]]:
    groups: dict[dt.date, list[PlannedEntry]] = {}
    for planned in entries:
        groups.setdefault(planned.entry.date, []).append(planned)
    return list(groups.items())


@dataclass(eq=False)
class ForwardPlans:
    """Every committee's forward plan as it stands, and every key decision, from the published plans."""

    committees: dict[str, CommitteeForwardPlan]
    """By committee slug; only committees with at least one entry on a published plan."""
    key_decisions: tuple[PlannedEntry, ...]
    """Every key decision on a published plan, by planned date, then committee and issue."""
    today: dt.date

    def of(self, committee: Committee) -> CommitteeForwardPlan | None:
        return self.committees.get(committee.slug)


def forward_plans(site: Site) -> ForwardPlans:
    """Read every published forward plan of the site, the earliest first, each later one replacing the entries it repeats."""
    plans = [
        paper
        for meeting in site.meetings.values()  # in date and time order (linker.py)
        for paper in meeting.public_papers
        if paper.entries
    ]
    latest: dict[EntryIdentity, PlannedEntry] = {}
    for plan in plans:
        published = plan.public_from(site.today)
        for entry in plan.entries:
            identity = entry_identity(plan.meeting.committee, entry)
            earlier = latest.get(identity)
            if earlier is None:
                latest[identity] = PlannedEntry(entry, plan, plan, published)
                continue
            # Notice dates from the earliest plan that records when it was published.
            if earlier.notice_given is None and published is not None:
                latest[identity] = PlannedEntry(entry, plan, plan, published)
            else:
                latest[identity] = PlannedEntry(entry, plan, earlier.first_plan, earlier.notice_given)
    by_committee: dict[str, list[PlannedEntry]] = {}
    for planned in latest.values():
        by_committee.setdefault(planned.committee.slug, []).append(planned)
    committees = {}
    for slug in site.committees:
        entries = by_committee.get(slug)
        if not entries:
            continue
        ordered = sorted(entries, key=lambda p: (p.entry.date, p.entry.issue.casefold()))
        committees[slug] = CommitteeForwardPlan(
            committee=site.committees[slug],
            coming_up=tuple(p for p in ordered if p.entry.date >= site.today),
            considered=tuple(p for p in reversed(ordered) if p.entry.date < site.today),
            plans=tuple(reversed([plan for plan in plans if plan.meeting.committee is site.committees[slug]])),
        )
    key_decisions = sorted(
        (p for p in latest.values() if p.entry.key_decision),
        key=lambda p: (p.entry.date, p.committee.name, p.entry.issue.casefold()),
    )
    return ForwardPlans(committees=committees, key_decisions=tuple(key_decisions), today=site.today)
