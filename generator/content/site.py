"""The linked site: people, committees, meetings, agenda items, papers and minutes.

`linker.py` builds it from the loaded sources with every Markdown field
EMPTY, and `rendering.py` fills those in (never a withheld paper's); after
that, templates and the later stages of a build only read it. Under
`clerk serve` two things change it afterwards: the linker reuses a
remembered meeting's objects in the next build, setting their agenda links
afresh, and `preview.py` sets an edited body on the last published site
(putting it back if the build that follows fails).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import SiteConfig
from generator.content.model import Numbering
from generator.dates import short_date
from generator.markdown import RenderedMarkdown
from generator.markdown.rendered import Heading
from generator.page_ids import PAGE_IDS, agenda_item_id
from generator.statutory.exemptions import Exemption

EMPTY = RenderedMarkdown(main="")
#: How many past meetings the home page lists.
RECENT_MEETINGS = 10


def issue_url(key: str | None) -> str | None:
    """An issue's page (issues/<key>/), for anything that names the issue."""
    return None if key is None else f"issues/{key}/"


@dataclass(frozen=True)
class Change:
    """A later version of a published document: the day it was published, and what the officer says
    was corrected (`corrections:`), if anything."""

    date: dt.date
    note: str | None = None


@dataclass(frozen=True)
class PublicationRecord:
    """When a document (an agenda, paper or minutes) was first published and each later change
    (content/publication_record.py)."""

    first_published: dt.date | None
    """None where neither git nor the front matter says."""
    changes: tuple[Change, ...] = ()
    """Oldest first, each after the first publication."""

    @property
    def last_change(self) -> dt.date | None:
        """The day of its latest change; None if it has not changed since it was published."""
        return self.changes[-1].date if self.changes else None


NO_RECORD = PublicationRecord(None)


@dataclass(eq=False)
class Person:
    slug: str
    name: str
    kind: str
    full_name: str | None = None
    job_title: str | None = None
    phone: str | None = None
    email: str | None = None
    party: str | None = None
    division: str | None = None
    source_path: str = ""
    """The file the person comes from (.yaml or .yml), for messages and dependencies."""

    @property
    def url(self) -> str:
        return f"people/{self.slug}/"


@dataclass(eq=False)
class Membership:
    person: Person
    role: str
    start: dt.date | None = None
    """Its first day (`from:`), or None: a member since before anything on the site."""
    end: dt.date | None = None
    """Its last day (`until:`), or None: still a member."""

    def holds_on(self, date: dt.date) -> bool:
        """The membership was held on `date`, its first and last days included."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    def overlaps(self, other: "Membership") -> bool:
        """The two memberships share at least one day."""
        starts_before_other_ends = self.start is None or other.end is None or self.start <= other.end
        ends_after_other_starts = self.end is None or other.start is None or other.start <= self.end
        return starts_before_other_ends and ends_after_other_starts

    def ended_before(self, date: dt.date) -> bool:
        """A past role: its last day is before `date`."""
        return self.end is not None and self.end < date


@dataclass(eq=False)
class Committee:
    slug: str
    name: str
    members: tuple[Membership, ...]
    officer: Person | None
    source_path: str = ""
    """The file the committee comes from (.yaml or .yml), for messages and dependencies."""
    takes_key_decisions: bool = True
    """A committee that takes none has no key-decision column on its forward plans."""
    kind: str = "non-executive"
    """'executive' or 'non-executive': an executive committee's decisions are subject to call-in."""

    @property
    def url(self) -> str:
        return f"committees/{self.slug}/"

    @property
    def decisions_url(self) -> str:
        return f"{self.url}decisions/"

    @property
    def forward_plan_url(self) -> str:
        """Its forward plan page: every entry of its forward plans together (content/forward_plans.py)."""
        return f"{self.url}forward-plan/"

    def members_on(self, date: dt.date) -> tuple[Membership, ...]:
        """Who was on the committee on `date`: those summoned to a meeting that day."""
        return tuple(membership for membership in self.members if membership.holds_on(date))


@dataclass(eq=False)
class GroupMeeting:
    group: str
    time: str
    venue: str


@dataclass(eq=False)
class AgendaItem:
    number: int
    title: str
    presenter: str | None
    details: RenderedMarkdown
    papers: tuple["Paper", ...]
    minutes_of: "Meeting | None"
    to_follow: bool
    meeting: "Meeting"
    exemption: Exemption | None = None
    urgent_reason: str | None = None
    issue_key: str | None = None
    """The issue it is part of; None on an exempt or confidential item, whose key is not published."""

    @property
    def anchor(self) -> str:
        return agenda_item_id(self.number)

    @property
    def issue_url(self) -> str | None:
        return issue_url(self.issue_key)

    @property
    def public_papers(self) -> tuple["Paper", ...]:
        return tuple(paper for paper in self.papers if paper.withheld is None)

    @property
    def exempt_papers(self) -> tuple["Paper", ...]:
        return tuple(paper for paper in self.papers if paper.withheld == "exempt")

    @property
    def confirmed_minutes(self) -> "Minutes | None":
        """The minutes this item confirms, where they are published."""
        return self.minutes_of.minutes if self.minutes_of is not None else None

    @property
    def awaiting_papers(self) -> bool:
        """A paper is still to come: marked to follow, or held back as a draft or under embargo."""
        return self.to_follow or any(paper.withheld in ("draft", "embargoed") for paper in self.papers)


@dataclass(eq=False)
class BackgroundPaper:
    title: str
    url: str | None


@dataclass(eq=False)
class Contact:
    """An officer contact as the paper prints it: its person's details where the paper gives none."""

    name: str
    person: Person | None = None
    """Their person page, if they have one; someone named only in the paper has none."""
    job_title: str | None = None
    phone: str | None = None
    """Exactly as written: published as printed, never regrouped."""
    email: str | None = None

    @property
    def url(self) -> str | None:
        """Their person page, or None for someone the paper names who has no person file."""
        return self.person.url if self.person is not None else None


@dataclass(eq=False)
class ForwardPlanEntry:
    date: dt.date
    issue: str
    implications: str | None
    action: str | None
    lead_officer: Person | None
    """The lead officer, where the plan names a person by slug."""
    lead_officer_text: str | None = None
    """The lead officer as printed, where the plan gives a job title or team rather than a person."""
    key_decision: bool = False
    urgent_reason: str | None = None
    issue_key: str | None = None

    @property
    def issue_url(self) -> str | None:
        return issue_url(self.issue_key)


@dataclass(frozen=True)
class ContentsEntry:
    """A line of a paper page's table of contents."""

    anchor: str
    text: str


@dataclass(eq=False)
class Paper:
    slug: str
    kind: str
    title: str
    meeting: "Meeting"
    responsible_officers: tuple[Person, ...] = ()
    contacts: tuple[Contact, ...] = ()
    strategic_impact: RenderedMarkdown = EMPTY
    executive_summary: RenderedMarkdown = EMPTY
    recommendations: RenderedMarkdown = EMPTY
    body: RenderedMarkdown = EMPTY
    background_papers: tuple[BackgroundPaper, ...] = ()
    entries: tuple[ForwardPlanEntry, ...] = ()
    alternative_formats: str | None = None
    contact_intro: str = "If you have any questions about matters contained in this paper, please get in touch with:"
    contact_heading: str = "Officer contact"
    contact_layout: str = "list"
    """'list' or 'table', as the paper prints its contacts."""
    background_papers_numbering: str = "intro"
    """'intro': one numbered paragraph introduces the list; 'each': every background paper is numbered."""
    background_papers_section_as_printed: int | None = None
    item: AgendaItem | None = None
    source_path: str = ""
    withheld: str | None = None
    """Why the paper is not published: 'exempt', 'draft', 'embargoed' or 'unlisted' (no agenda item
    lists it, and it is not marked as published outside the agenda); None when it is."""
    unreleased: str | None = None
    """In `clerk preview` only: 'draft' or 'embargoed' for a paper shown there that a public build
    holds back, so that its page says so; None in every public build."""
    exemption: Exemption | None = None
    embargo: dt.date | None = None
    published: dt.date | None = None
    """When it was published, where the paper records it."""
    urgent_reason: str | None = None
    numbering: Numbering = "all"
    """How the paper numbers its paragraphs; "none" leaves background papers unnumbered too."""
    own_issue_key: str | None = None
    """The issue its front matter names; see `issue_key`."""
    record: PublicationRecord = NO_RECORD
    """When it was first published and changed (content/publication_record.py fills it in)."""

    @property
    def issue_key(self) -> str | None:
        """The issue it is part of: its own `issue:`, else its agenda item's."""
        return self.own_issue_key or (self.item.issue_key if self.item is not None else None)

    @property
    def issue_url(self) -> str | None:
        return issue_url(self.issue_key)

    def public_from(self, today: dt.date) -> dt.date | None:
        """When it was (or, published now, would be) open to the public: the date it records, else its
        publication record's (git), else its agenda's, or its embargo's end if later; None for a past
        meeting that records neither."""
        if self.published is not None:
            return self.published
        if self.record.first_published is not None:
            return self.record.first_published
        agenda = self.meeting.public_from(today)
        if agenda is None:
            return None
        return max(agenda, self.embargo or agenda)

    @property
    def followed_agenda(self) -> dt.date | None:
        """The day it was published, where that was after its agenda: a paper that followed (as a
        supplementary paper), shown on the agenda with its own date."""
        own, agenda = self.record.first_published, self.meeting.agenda_record.first_published
        return own if own is not None and agenda is not None and own > agenda else None

    @property
    def url(self) -> str:
        return f"{self.meeting.url}{self.slug}/"

    @property
    def assets(self) -> tuple[tuple[str, Path], ...]:
        parts = (self.strategic_impact, self.executive_summary, self.recommendations, self.body)
        return tuple(asset for part in parts for asset in part.assets)

    @property
    def background_section(self) -> int | None:
        """Background papers follow the body as its next numbered section, unless the paper prints
        another, or numbers nothing."""
        if self.numbering == "none":
            return None
        return self.background_papers_section_as_printed or self.body.sections + 1

    @property
    def background_numbers(self) -> tuple[tuple[str | None, BackgroundPaper], ...]:
        """Each background paper with its paragraph number, where the paper numbers each one."""
        section = self.background_section
        return tuple((None if section is None else f"{section}.{index}", paper) for index, paper in enumerate(self.background_papers, 1))

    @property
    def contacts_have_job_titles(self) -> bool:
        """A contacts table has a job-title column only when someone in it has one."""
        return any(contact.job_title for contact in self.contacts)

    @property
    def background_paragraph(self) -> str | None:
        """The number of the paragraph that introduces the background papers."""
        return None if self.background_section is None else f"{self.background_section}.1"

    @property
    def cover_contents(self) -> tuple[ContentsEntry, ...]:
        """The cover sections the paper has, for its table of contents."""
        ids = PAGE_IDS.paper
        cover = (
            (self.strategic_impact, ids.strategic_impact, "Strategic impact"),
            (self.executive_summary, ids.executive_summary, "Executive summary"),
            (self.recommendations, ids.recommendations, "Recommendations"),
        )
        return tuple(ContentsEntry(anchor, title) for text, anchor, title in cover if text.html)

    @property
    def section_headings(self) -> tuple[Heading, ...]:
        """The body's sections before the appendices, for the table of contents."""
        return tuple(heading for heading in self.body.headings if heading.level == 2 and not heading.appendix)

    @property
    def appendix_headings(self) -> tuple[Heading, ...]:
        return tuple(heading for heading in self.body.headings if heading.level == 2 and heading.appendix)

    @property
    def has_contents(self) -> bool:
        """The paper page has a table of contents: it has more than its body's text."""
        return bool(
            self.cover_contents or self.entries or self.body.headings or self.background_papers or self.contacts
        )

    def entries_by_date(self) -> list[tuple[dt.date, list[ForwardPlanEntry]]]:
        groups: dict[dt.date, list[ForwardPlanEntry]] = {}
        for entry in sorted(self.entries, key=lambda e: e.date):
            groups.setdefault(entry.date, []).append(entry)
        return list(groups.items())


@dataclass(eq=False)
class Attendance:
    person: Person
    role: str | None = None


@dataclass(eq=False)
class Substitution:
    person: Person
    replacing: Person


@dataclass(eq=False)
class Declaration:
    person: Person
    interest: str
    detail: str | None


@dataclass(eq=False)
class Minutes:
    meeting: "Meeting"
    present: tuple[Attendance, ...]
    apologies: tuple[Person, ...]
    substitutes: tuple[Substitution, ...]
    officers: tuple[Attendance, ...]
    declarations: tuple[Declaration, ...]
    concluded: str | None
    body: RenderedMarkdown = EMPTY
    confirmed_by: AgendaItem | None = None
    source_path: str = ""
    published: dt.date | None = None
    """When the minutes were published, where they record it: an executive decision's call-in runs from it."""
    record: PublicationRecord = NO_RECORD
    """When they were first published and changed (content/publication_record.py fills it in)."""

    @property
    def url(self) -> str:
        return f"{self.meeting.url}minutes/"

    @property
    def assets(self) -> tuple[tuple[str, Path], ...]:
        return self.body.assets


@dataclass(eq=False)
class Meeting:
    id: str
    committee: Committee
    date: dt.date
    time: str
    venue: str
    status: str
    contact: Person | None
    issued_by: Person | None
    group_meetings: tuple[GroupMeeting, ...]
    introduction: RenderedMarkdown = EMPTY
    items: tuple[AgendaItem, ...] = ()
    papers: dict[str, Paper] = field(default_factory=dict)
    minutes: Minutes | None = None
    agenda_published: dt.date | None = None
    urgent_reason: str | None = None
    source_path: str = ""
    """Its meeting.md."""
    agenda_record: PublicationRecord = NO_RECORD
    """When the agenda was first published and changed (content/publication_record.py fills it in)."""

    @property
    def public_papers(self) -> list[Paper]:
        return [paper for paper in self.papers.values() if paper.withheld is None]

    @property
    def url(self) -> str:
        return f"meetings/{self.id}/"

    @property
    def assets(self) -> tuple[tuple[str, Path], ...]:
        parts = (self.introduction, *(item.details for item in self.items))
        return tuple(asset for part in parts for asset in part.assets)

    @property
    def title(self) -> str:
        return f"{self.committee.name}, {short_date(self.date)}"

    def public_from(self, today: dt.date) -> dt.date | None:
        """When the agenda was (or, published now, would be) open to the public."""
        if self.agenda_published is not None:
            return self.agenda_published
        if self.agenda_record.first_published is not None:
            return self.agenda_record.first_published
        if self.date >= today:
            return today
        return None

    @property
    def members(self) -> tuple[Membership, ...]:
        """The committee's members on the meeting's date: those summoned to it."""
        return self.committee.members_on(self.date)


@dataclass(frozen=True)
class HeldBack:
    """A paper the build did not publish, and why: for the officer's terminal only."""

    source: str
    title: str
    reason: str


@dataclass
class Site:
    config: SiteConfig
    people: dict[str, Person]
    committees: dict[str, Committee]
    meetings: dict[str, Meeting]
    today: dt.date
    """The build date: embargoes and 'upcoming' are measured from it."""
    held_back: list[HeldBack] = field(default_factory=list)
    preview: bool = False
    """Built by `clerk preview` for the council's reviewers: drafts and embargoed papers shown, every page marked."""

    def meetings_of(self, committee: Committee) -> list[Meeting]:
        return [m for m in self.meetings.values() if m.committee is committee]

    def meetings_by_year(self, committee: Committee) -> list[tuple[int, list[Meeting]]]:
        """The committee's meetings by year, the latest year and the latest meeting in it first."""
        years: dict[int, list[Meeting]] = {}
        for meeting in reversed(self.meetings_of(committee)):
            years.setdefault(meeting.date.year, []).append(meeting)
        return list(years.items())

    @property
    def upcoming_meetings(self) -> list[Meeting]:
        """Meetings on or after the build date, the soonest first."""
        return [m for m in self.meetings.values() if m.date >= self.today]

    @property
    def recent_meetings(self) -> list[Meeting]:
        """The last few meetings before the build date, the latest first."""
        return [m for m in reversed(self.meetings.values()) if m.date < self.today][:RECENT_MEETINGS]

    def minutes_newest_first(self) -> list[Minutes]:
        """Every published minutes, the latest meeting first: the order of the registers."""
        meetings = sorted(self.meetings.values(), key=lambda m: m.date, reverse=True)
        return [meeting.minutes for meeting in meetings if meeting.minutes is not None]

    def memberships_of(self, person: Person) -> list[tuple[Committee, Membership]]:
        return [(c, m) for c in self.committees.values() for m in c.members if m.person is person]

    def current_memberships_of(self, person: Person) -> list[tuple[Committee, Membership]]:
        """The person's roles held on the build date or later."""
        return [(c, m) for c, m in self.memberships_of(person) if not m.ended_before(self.today)]

    def past_memberships_of(self, person: Person) -> list[tuple[Committee, Membership]]:
        """The person's roles that ended before the build date, the latest ended first."""
        past = [(c, m) for c, m in self.memberships_of(person) if m.ended_before(self.today)]
        return sorted(past, key=lambda pair: pair[1].end, reverse=True)

    def papers_involving(self, person: Person) -> list[Paper]:
        return [
            paper
            for meeting in self.meetings.values()
            for paper in meeting.public_papers
            if person in paper.responsible_officers or any(contact.person is person for contact in paper.contacts)
        ]
