"""Link loaded content into the Site graph: every reference resolved to the object it names.

Built once from `LoadedContent`; every broken reference is reported with the
place that makes it. Whether each paper is published is decided here, as it
is linked (withholding.py), so that the Markdown stage that follows
(content/rendering.py) never renders a withheld paper's text.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Callable, TypeVar

from generator.content.frontmatter import KeyPath
from generator.content.loader import Loaded, LoadedContent, LoadedMarkdown, LoadedMeeting
from generator.content.model import (
    SLUG_PATTERN,
    AgendaItemSource,
    ForwardPlanEntrySource,
    ContactSource,
    ForwardPlanSource,
    MeetingSource,
    MinutesSource,
    ReportSource,
)
from generator.content.site import (
    EMPTY,
    AgendaItem,
    Attendance,
    BackgroundPaper,
    Committee,
    Contact,
    Declaration,
    ForwardPlanEntry,
    GroupMeeting,
    Meeting,
    Membership,
    Minutes,
    Paper,
    Person,
    Site,
    Substitution,
)
from generator.diagnostics import Diagnostics
from generator.content.withholding import held_back, withheld_reason
from generator.memory import Memory, remembered
from generator.statutory.exemptions import Exemption, exemption_from

T = TypeVar("T")


def link(
    content: LoadedContent, diagnostics: Diagnostics, today: dt.date, memory: Memory | None = None, preview: bool = False
) -> Site | None:
    """Resolve every reference; None when site.yaml itself could not be read. Markdown is left unrendered.

    `today` decides embargoes: a paper whose publish_from is later is held back.
    `memory` (under `clerk serve`) holds what earlier builds linked from the same files.
    `preview` (`clerk preview`): drafts and embargoed papers are linked as published (withholding.withheld_reason).
    """
    if content.config is None:
        return None
    return _Linker(content, diagnostics, today, memory, preview).site()


class _Linker:
    def __init__(self, content: LoadedContent, diagnostics: Diagnostics, today: dt.date, memory: Memory | None, preview: bool = False):
        self.memory = memory
        self.today = today
        self.preview = preview
        self.content = content
        self.diagnostics = diagnostics
        self.unreadable = frozenset(content.unreadable)
        """Files that failed to load (fixed once loading is done), as part of remembered results' keys."""
        self.people: dict[str, Person] = self._remembered(
            ("people", *((slug, id(loaded)) for slug, loaded in content.people.items())),
            lambda: {slug: _person(loaded) for slug, loaded in content.people.items()},
            pins=tuple(content.people.values()),
        )
        self.committees: dict[str, Committee] = {}

    def site(self) -> Site:
        assert self.content.config is not None
        for slug, loaded in self.content.committees.items():
            self.committees[slug] = self._remembered(
                ("committee", id(loaded), id(self.people), self.unreadable),
                lambda: self._committee(loaded),
                pins=(loaded, self.people),
            )
        meetings: dict[str, Meeting] = {}
        for folder, loaded in self.content.meetings.items():
            meeting = self._linked_meeting(loaded)
            if meeting is not None:
                meetings[folder] = meeting
        for folder, loaded in self.content.meetings.items():
            if folder in meetings:
                self._agenda(meetings[folder], loaded, meetings)
        ordered = dict(sorted(meetings.items(), key=lambda pair: (pair[1].date, pair[1].time, pair[0])))
        return Site(
            config=self.content.config,
            people=self.people,
            committees=self.committees,
            meetings=ordered,
            today=self.today,
            held_back=held_back(ordered.values()),
            preview=self.preview,
        )

    # -- remembered between builds (clerk serve) -------------------------------

    def _remembered(self, key: tuple, link: Callable[[], T], pins: tuple) -> T:
        """`link()`, or what it gave an earlier build from the same objects (see memory.py).

        The loader gives back the very objects it gave before for files that did not
        change, so the identities in `key` say the inputs are the same; the remembered
        result holds on to those objects (`pins`), so that no new object can take an
        identity while the key naming it is remembered.
        """
        value, _ = remembered(self.memory, self, key, lambda: (link(), pins))
        return value

    def _linked_meeting(self, loaded: LoadedMeeting) -> Meeting | None:
        """A meeting with its papers and minutes, as `_meeting` links it; reused when none of its
        files, its committee, the people or the date changed. Its agenda is linked afresh each
        time (`_agenda`), since items point across meetings."""
        committee = self.committees.get(loaded.meeting.source.committee)
        papers = tuple(loaded.papers.items())
        key = (
            "meeting", loaded.folder, id(loaded.meeting), id(loaded.minutes), tuple((slug, id(paper)) for slug, paper in papers),
            id(committee), id(self.people), self.today, self.unreadable, self.preview,
        )
        meeting = self._remembered(
            key, lambda: self._meeting(loaded), pins=(loaded.meeting, loaded.minutes, papers, committee, self.people)
        )
        if meeting is not None:
            # What the last build's agenda set is set again by this one's, or not at all.
            for paper in meeting.papers.values():
                paper.item = None
            if meeting.minutes is not None:
                meeting.minutes.confirmed_by = None
        return meeting

    # -- references ----------------------------------------------------------

    def person(self, slug: str | None, loaded: Loaded, key_path: KeyPath, or_else: str = "") -> Person | None:
        """The person `slug` names; `or_else` ends the hint when the field also takes something other than a slug."""
        if slug is None:
            return None
        person = self.people.get(slug)
        if person is None and slug not in self.content.unreadable:
            close = difflib.get_close_matches(slug, list(self.people), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"add content/people/{slug}.yaml"
            hint = f"{hint} {or_else}" if or_else else hint
            self.diagnostics.error(
                loaded.document.position_of(key_path), "unknown-person", f"no person called '{slug}'", hint
            )
        return person

    def people_list(self, slugs: list[str], loaded: Loaded, key: str) -> tuple[Person, ...]:
        found = (self.person(slug, loaded, (key, index)) for index, slug in enumerate(slugs))
        return tuple(person for person in found if person is not None)

    def contacts(self, sources: list[ContactSource], loaded: Loaded) -> tuple[Contact, ...]:
        """A paper's officer contacts: what the paper prints, and its person's details where it prints none."""
        found = []
        for index, source in enumerate(sources):
            person = self.person(source.person, loaded, ("contacts", index, "person"))
            if source.person is not None and person is None:
                continue  # reported as an unknown person
            found.append(
                Contact(
                    name=source.name or (person.name if person else ""),
                    person=person,
                    job_title=source.job_title or (person.job_title if person else None),
                    phone=source.phone or (person.phone if person else None),
                    email=source.email or (person.email if person else None),
                )
            )
        return tuple(found)

    # -- kinds ---------------------------------------------------------------

    def _committee(self, loaded: Loaded) -> Committee:
        members: list[Membership] = []
        for index, member in enumerate(loaded.source.members):
            where = ("members", index)
            if member.from_ and member.until and member.until < member.from_:
                self.diagnostics.error(
                    loaded.document.position_of((*where, "until")),
                    "membership-dates",
                    f"'{member.person}' is a member until {member.until}, before the membership starts on {member.from_}",
                    "'until:' is the last day of the membership and must not be before 'from:'",
                )
                continue
            person = self.person(member.person, loaded, (*where, "person"))
            if person is None:
                continue
            membership = Membership(person=person, role=member.role, start=member.from_, end=member.until)
            earlier = next((m for m in members if m.person is person and m.overlaps(membership)), None)
            if earlier is not None:
                self._report_overlap(loaded, where, member.person, earlier, membership)
                continue
            members.append(membership)
        for role in ("chair", "vice-chair"):
            holders = [m for m in members if m.role == role]
            if any(a.overlaps(b) for i, a in enumerate(holders) for b in holders[i + 1 :]):
                self.diagnostics.error(
                    loaded.document.position_of(("members",)),
                    "role-twice",
                    f"{len(holders)} members have the role '{role}' at the same time",
                    "a committee has one chair and at most one vice-chair at a time: give each 'from:' and 'until:' dates that do not overlap",
                )
        return Committee(
            slug=loaded.slug,
            name=loaded.source.name,
            members=tuple(members),
            officer=self.person(loaded.source.officer, loaded, ("officer",)),
            source_path=loaded.document.path,
            takes_key_decisions=loaded.source.takes_key_decisions,
            kind=loaded.source.kind,
        )

    def _report_overlap(self, loaded: Loaded, where: KeyPath, slug: str, earlier: Membership, later: Membership) -> None:
        """The same person on the same committee twice at once: an error at the second entry."""
        if earlier.start is earlier.end is later.start is later.end is None:
            self.diagnostics.error(
                loaded.document.position_of((*where, "person")),
                "duplicate-member",
                f"'{slug}' is listed twice",
                "list each member once, with their role",
            )
            return
        self.diagnostics.error(
            loaded.document.position_of((*where, "person")),
            "membership-overlap",
            f"'{slug}' is listed twice for the same days: {_period(earlier)} and {_period(later)} overlap",
            "give a change of role 'until:' on the earlier entry and 'from:' the next day on the later one",
        )

    def _meeting(self, loaded: LoadedMeeting) -> Meeting | None:
        doc = loaded.meeting
        source: MeetingSource = doc.source
        committee = self.committees.get(source.committee)
        if committee is None and source.committee in self.content.unreadable:
            return None
        if committee is None:
            close = difflib.get_close_matches(source.committee, list(self.committees), n=1)
            self.diagnostics.error(
                doc.document.position_of(("committee",)),
                "unknown-committee",
                f"no committee called '{source.committee}'",
                f"did you mean '{close[0]}'?" if close else f"add content/committees/{source.committee}.yaml",
            )
            return None
        meeting = Meeting(
            id=loaded.folder,
            committee=committee,
            date=source.date,
            time=source.time,
            venue=source.venue,
            status=source.status,
            contact=self.person(source.contact, doc, ("contact",)),
            issued_by=self.person(source.issued_by, doc, ("issued_by",)),
            group_meetings=tuple(GroupMeeting(g.group, g.time, g.venue) for g in source.group_meetings),
            agenda_published=source.agenda_published,
            urgent_reason=source.urgent_reason,
            source_path=doc.document.path,
        )
        # An exempt item's papers are exempt too; known before any of them is rendered.
        exempt_by_item = {
            slug: exemption
            for item in source.items
            if (exemption := exemption_from(item.exempt_paragraph, item.confidential)) is not None
            for slug in item.papers
        }
        listed = {slug for item in source.items for slug in item.papers}
        for slug, paper_doc in loaded.papers.items():
            meeting.papers[slug] = self._paper(meeting, paper_doc, exempt_by_item.get(slug), listed=slug in listed)
        if loaded.minutes is not None:
            meeting.minutes = self._minutes(meeting, loaded.minutes)
        return meeting

    def _agenda(self, meeting: Meeting, loaded: LoadedMeeting, meetings: dict[str, Meeting]) -> None:
        doc = loaded.meeting
        source: MeetingSource = doc.source
        items: list[AgendaItem] = []
        numbers: set[int] = set()
        listed: dict[str, int] = {}
        for index, item_source in enumerate(source.items):
            path: KeyPath = ("items", index)
            if item_source.number in numbers:
                self.diagnostics.error(
                    doc.document.position_of(path + ("number",)),
                    "duplicate-item",
                    f"item {item_source.number} appears twice on the agenda",
                    "number the items 1, 2, 3 … once each",
                )
            numbers.add(item_source.number)
            exemption = exemption_from(item_source.exempt_paragraph, item_source.confidential)
            item = AgendaItem(
                number=item_source.number,
                title=item_source.title,
                presenter=None if exemption else item_source.presenter,
                details=EMPTY,  # rendered by content/rendering.py
                papers=self._item_papers(meeting, item_source, doc, path, listed),
                minutes_of=self._minutes_of(item_source, doc, path, meetings),
                to_follow=item_source.to_follow,
                meeting=meeting,
                exemption=exemption,
                urgent_reason=item_source.urgent_reason,
                # An exempt item publishes its title alone: its issue key could say more.
                issue_key=None if exemption else item_source.issue,
            )
            for paper in item.papers:
                paper.item = item
            if item.minutes_of is not None and item.minutes_of.minutes is not None:
                item.minutes_of.minutes.confirmed_by = item
            items.append(item)
        meeting.items = tuple(items)

    def _item_papers(
        self, meeting: Meeting, item: AgendaItemSource, doc: LoadedMarkdown, path: KeyPath, listed: dict[str, int]
    ) -> tuple[Paper, ...]:
        papers = []
        for index, slug in enumerate(item.papers):
            where = doc.document.position_of(path + ("papers", index))
            paper = meeting.papers.get(slug)
            if paper is None and f"{meeting.id}/{slug}" in self.content.unreadable:
                continue
            if paper is None:
                close = difflib.get_close_matches(slug, list(meeting.papers), n=1)
                self.diagnostics.error(
                    where,
                    "unknown-paper",
                    f"item {item.number} lists the paper '{slug}', but there is no {slug}.md in this meeting's folder",
                    f"did you mean '{close[0]}'?" if close else f"add content/meetings/{meeting.id}/{slug}.md, or mark the item 'to_follow: true'",
                )
                continue
            if slug in listed:
                self.diagnostics.error(
                    where,
                    "paper-listed-twice",
                    f"the paper '{slug}' is already listed under item {listed[slug]}",
                    "list each paper under one item",
                )
                continue
            listed[slug] = item.number
            papers.append(paper)
        if item.to_follow and any(paper.withheld is None for paper in papers):
            self.diagnostics.error(
                doc.document.position_of(path + ("to_follow",)),
                "to-follow-with-paper",
                f"item {item.number} is marked 'to follow' but its paper is here",
                "remove 'to_follow: true' now the paper is published",
            )
        return tuple(papers)

    def _minutes_of(
        self, item: AgendaItemSource, doc: LoadedMarkdown, path: KeyPath, meetings: dict[str, Meeting]
    ) -> Meeting | None:
        if item.minutes_of is None:
            return None
        target = meetings.get(item.minutes_of)
        where = doc.document.position_of(path + ("minutes_of",))
        if target is None and item.minutes_of in self.content.unreadable:
            return None
        if target is None:
            close = difflib.get_close_matches(item.minutes_of, list(meetings), n=1)
            self.diagnostics.error(
                where,
                "unknown-meeting",
                f"no meeting '{item.minutes_of}'",
                f"did you mean '{close[0]}'?" if close else "use the meeting's folder name, <date>-<committee>",
            )
            return None
        if target.minutes is None and f"{item.minutes_of}/minutes" not in self.content.unreadable:
            self.diagnostics.error(
                where,
                "minutes-missing",
                f"the meeting '{item.minutes_of}' has no minutes.md",
                f"add content/meetings/{item.minutes_of}/minutes.md",
            )
        return target

    def _paper(self, meeting: Meeting, loaded: LoadedMarkdown, item_exemption: Exemption | None, *, listed: bool) -> Paper:
        source = loaded.source
        paper = Paper(
            slug=loaded.slug,
            kind=source.kind,
            title=source.title,
            meeting=meeting,
            responsible_officers=self.people_list(source.responsible_officers, loaded, "responsible_officers"),
            contacts=self.contacts(source.contacts, loaded),
            source_path=loaded.document.path,
            alternative_formats=source.alternative_formats,
            exemption=exemption_from(source.exempt_paragraph, source.confidential) or item_exemption,
            embargo=source.publish_from,
            published=source.published,
            urgent_reason=source.urgent_reason,
            numbering=source.numbering,
        )
        on_agenda = listed or source.published_outside_agenda
        paper.withheld = withheld_reason(paper, source.status, on_agenda, self.today, self.preview)
        if self.preview and paper.withheld is None:
            paper.unreleased = withheld_reason(paper, source.status, on_agenda, self.today)
        if paper.withheld is not None:
            # Nothing more of a withheld paper is linked, nor any of its Markdown rendered (rendering.py).
            return paper
        if source.contact_intro:
            paper.contact_intro = source.contact_intro
        if source.contact_heading:
            paper.contact_heading = source.contact_heading
        paper.contact_layout = source.contact_layout
        paper.own_issue_key = source.issue
        if isinstance(source, ReportSource):
            paper.background_papers = tuple(BackgroundPaper(b.title, b.url) for b in source.background_papers)
            paper.background_papers_numbering = source.background_papers_numbering
            paper.background_papers_section_as_printed = source.background_papers_section
        if isinstance(source, ForwardPlanSource):
            paper.entries = tuple(self._forward_plan_entry(meeting, loaded, index, entry) for index, entry in enumerate(source.entries))
        return paper

    def _forward_plan_entry(self, meeting: Meeting, loaded: LoadedMarkdown, index: int, entry: ForwardPlanEntrySource) -> ForwardPlanEntry:
        where = ("entries", index)
        # A slug names a person, who must exist; anything else (a job title, a team) is shown as printed.
        is_slug = SLUG_PATTERN.match(entry.lead_officer) is not None
        lead_officer = (
            self.person(entry.lead_officer, loaded, (*where, "lead_officer"), or_else="or write a job title or team as printed, with its capitals")
            if is_slug
            else None
        )
        if entry.key_decision and not meeting.committee.takes_key_decisions:
            self.diagnostics.error(
                loaded.document.position_of((*where, "key_decision")),
                "key-decision-not-taken",
                f"'{entry.issue}' is marked as a key decision, but {meeting.committee.name} takes no key decisions",
                f"remove 'key_decision: true', or set 'takes_key_decisions: true' in {meeting.committee.source_path}",
            )
        return ForwardPlanEntry(
            date=entry.date,
            issue=entry.issue,
            implications=entry.implications,
            action=entry.action,
            lead_officer=lead_officer,
            lead_officer_text=None if is_slug else entry.lead_officer,
            key_decision=entry.key_decision,
            urgent_reason=entry.urgent_reason,
            issue_key=entry.issue_key,
        )

    def _minutes(self, meeting: Meeting, loaded: LoadedMarkdown) -> Minutes:
        source: MinutesSource = loaded.source
        present = tuple(
            Attendance(person, a.role)
            for index, a in enumerate(source.present)
            if (person := self.person(a.person, loaded, ("present", index, "person"))) is not None
        )
        officers = tuple(
            Attendance(person, a.role)
            for index, a in enumerate(source.officers_in_attendance)
            if (person := self.person(a.person, loaded, ("officers_in_attendance", index, "person"))) is not None
        )
        substitutes = []
        for index, sub in enumerate(source.substitutes):
            person = self.person(sub.person, loaded, ("substitutes", index, "person"))
            replacing = self.person(sub.for_, loaded, ("substitutes", index, "for"))
            if person is not None and replacing is not None:
                substitutes.append(Substitution(person, replacing))
        declarations = tuple(
            Declaration(person, d.interest, d.detail)
            for index, d in enumerate(source.declarations)
            if (person := self.person(d.person, loaded, ("declarations", index, "person"))) is not None
        )
        minutes = Minutes(
            meeting=meeting,
            present=present,
            apologies=self.people_list(source.apologies, loaded, "apologies"),
            substitutes=tuple(substitutes),
            officers=officers,
            declarations=declarations,
            concluded=source.concluded,
            source_path=loaded.document.path,
            published=source.published,
        )
        return minutes


def _period(membership: Membership) -> str:
    start = membership.start.isoformat() if membership.start else "the start"
    end = membership.end.isoformat() if membership.end else "no end"
    return f"{start} to {end}"


def _person(loaded: Loaded) -> Person:
    s = loaded.source
    return Person(
        slug=loaded.slug,
        name=s.name,
        kind=s.kind,
        full_name=s.full_name,
        job_title=s.job_title,
        phone=s.phone,
        email=s.email,
        party=s.party,
        division=s.division,
        source_path=loaded.document.path,
    )
