"""The site's business as data: the JSON files under data/ (records in open_data_records.py).

Made from the linked site and the planned pages, after the PDFs (a paper lists the PDFs this build
made, with their size and page count). Only what the site publishes is here: a withheld paper is
not listed at all, and an exempt item or paper only by its title and exemption, as on the agenda.
Every list is in a stable order and every file is written with sorted keys, so that the same
content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import orjson
from collections.abc import Callable, Iterator, Mapping
from zoneinfo import ZoneInfo

from generator.content.decisions import decisions_of
from generator.content.forward_plans import forward_plans
from generator.content.site import AgendaItem, Committee, Meeting, Paper, Site
from generator.content.site import Person as SitePerson
from generator.render.open_data_records import (
    DATA_FILES,
    CallIn,
    CommitteesFile,
    ContactDetail,
    DecisionsFile,
    Document,
    Event,
    Exemption,
    Link,
    Location,
    MeetingsFile,
    Membership,
    MembershipsFile,
    Organization,
    Participant,
    PapersFile,
    PeopleFile,
    Person,
    Record,
    RelatedEntity,
)
from generator.render.open_data_records import AgendaItem as AgendaRecord
from generator.render.open_data_records import Decision as DecisionRecord
from generator.render.open_data_records import Change as ChangeRecord
from generator.render.open_data_records import Paper as PaperRecord
from generator.render.pages import LARGE_PRINT_FOLDER, Page
from generator.render.pdf import EDITIONS
from generator.render.pdf_facts import PdfFacts
from generator.formats.facts import FormatFacts
from generator.formats.registry import FORMATS
from generator.statutory.exemptions import Exemption as SiteExemption

LONDON = ZoneInfo("Europe/London")


def absolute(site: Site, path: str) -> str:
    """A site path as a whole address when site.yaml gives `base_url`, else as it is (from the site's root)."""
    return (site.config.base_url or "") + path


def local_start(meeting: Meeting) -> dt.datetime:
    """When the meeting starts, in London time with its offset (BST or GMT, as on that day)."""
    hours, minutes = (int(part) for part in meeting.time.split(":"))
    return dt.datetime.combine(meeting.date, dt.time(hours, minutes), tzinfo=LONDON)


def data_files(
    site: Site, pages: list[Page], pdfs: Mapping[str, PdfFacts], formats: Mapping[str, FormatFacts] | None = None
) -> Iterator[tuple[str, str]]:
    """Each file the open data publishes (the data and its schemas): its path in the site and its text, one
    at a time, so that a large council's records (a few tens of MiB as models, dicts and JSON) are never all held at once."""
    planned = set(forward_plans(site).committees)
    formats = _Formats(site, {page.url: page for page in pages if not page.large_print}, pdfs, formats or {})
    records: dict[str, Callable[[], Record]] = {
        "committees": lambda: CommitteesFile(committees=[_committee(site, committee, planned) for committee in _by_slug(site.committees)]),
        "people": lambda: PeopleFile(people=[_person(site, person) for person in _by_slug(site.people)]),
        "memberships": lambda: MembershipsFile(memberships=_memberships(site)),
        "meetings": lambda: MeetingsFile(meetings=[_meeting(site, meeting, formats) for meeting in _meetings(site)]),
        "papers": lambda: PapersFile(papers=[_paper(site, paper, formats) for meeting in _meetings(site) for paper in _papers(meeting)]),
        "decisions": lambda: DecisionsFile(decisions=_decisions(site)),
    }
    for data_file in DATA_FILES:
        yield data_file.path, as_json(records[data_file.name]().model_dump(mode="json"))
        yield data_file.schema_path, as_json(data_file.schema())


def as_json(value: object) -> str:
    """The one way open data is written: sorted keys, two-space indents, UTF-8 text, a final newline."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")


class _Formats:
    """The formats the site publishes a page in: the page, its large-print view, the PDFs and the other
    formats (plain text, braille, EPUB, audio) this build made."""

    def __init__(self, site: Site, pages: dict[str, Page], pdfs: Mapping[str, PdfFacts], formats: Mapping[str, FormatFacts]):
        self.site, self.pages, self.pdfs, self.formats = site, pages, pdfs, formats

    def of(self, url: str) -> list[Document]:
        page = self.pages.get(url)
        if page is None:
            return []
        documents = [
            Document(note="web page", url=absolute(self.site, page.href), media_type="text/html", pages=None, size=None, duration=None),
            Document(
                note="large-print web page", url=absolute(self.site, LARGE_PRINT_FOLDER + page.href),
                media_type="text/html", pages=None, size=None, duration=None,
            ),
        ]
        if page.pdf_template is not None:
            for edition in EDITIONS:
                path = page.pdf_path(edition.suffix)
                facts = self.pdfs.get(path)
                if facts is not None:
                    note = "PDF" if not edition.suffix else f"{edition.name.replace('-', ' ')} PDF".replace("large print", "large-print")
                    documents.append(
                        Document(note=note, url=absolute(self.site, path), media_type="application/pdf", pages=facts.pages, size=facts.size, duration=None)
                    )
            for format in FORMATS:
                path = page.format_path(format.suffix)
                made = self.formats.get(path)
                if made is not None:
                    documents.append(
                        Document(
                            note=format.short_name, url=absolute(self.site, path), media_type=format.media_type,
                            pages=None, size=made.size, duration=None if made.duration is None else round(made.duration, 3),
                        )
                    )
        return documents


def _by_slug(objects: Mapping[str, object]) -> list:
    return [objects[slug] for slug in sorted(objects)]


def _meetings(site: Site) -> list[Meeting]:
    return sorted(site.meetings.values(), key=lambda meeting: (meeting.date, meeting.id))


def _papers(meeting: Meeting) -> list[Paper]:
    return sorted(meeting.public_papers, key=lambda paper: paper.slug)


def committee_id(committee: Committee) -> str:
    return f"committee/{committee.slug}"


def person_id(person: SitePerson) -> str:
    return f"person/{person.slug}"


def meeting_id(meeting: Meeting) -> str:
    return f"meeting/{meeting.id}"


def paper_id(paper: Paper) -> str:
    return f"paper/{paper.meeting.id}/{paper.slug}"


def _committee(site: Site, committee: Committee, planned: set[str]) -> Organization:
    """`planned`: the committees with a forward plan page (content/forward_plans.py)."""
    links = [Link(url=absolute(site, committee.decisions_url), note="decisions register")]
    if committee.slug in planned:
        links.append(Link(url=absolute(site, committee.forward_plan_url), note="forward plan"))
    return Organization(
        id=committee_id(committee),
        name=committee.name,
        classification="committee",
        kind=committee.kind,  # type: ignore[arg-type]
        takes_key_decisions=committee.takes_key_decisions,
        officer_id=person_id(committee.officer) if committee.officer is not None else None,
        url=absolute(site, committee.url),
        links=links,
    )


def _person(site: Site, person: SitePerson) -> Person:
    contacts = [ContactDetail(type="email", value=person.email)] if person.email else []
    contacts += [ContactDetail(type="voice", value=person.phone)] if person.phone else []
    return Person(
        id=person_id(person),
        name=person.name,
        full_name=person.full_name,
        kind=person.kind,  # type: ignore[arg-type]
        job_title=person.job_title,
        party=person.party,
        division=person.division,
        contact_details=contacts,
        url=absolute(site, person.url),
    )


def _memberships(site: Site) -> list[Membership]:
    made = [
        Membership(
            person_id=person_id(membership.person),
            organization_id=committee_id(committee),
            role=membership.role,  # type: ignore[arg-type]
            label=site.config.role_title(membership.role),
            start_date=membership.start,
            end_date=membership.end,
        )
        for committee in _by_slug(site.committees)
        for membership in committee.members
    ]
    return sorted(made, key=lambda m: (m.organization_id, m.person_id, m.start_date or dt.date.min, m.role))


def _exemption(exemption: SiteExemption | None) -> Exemption | None:
    return None if exemption is None else Exemption(paragraph=exemption.paragraph, reason=exemption.short)


def _status(site: Site, meeting: Meeting) -> str:
    if meeting.status != "scheduled":
        return "cancelled"
    return "passed" if meeting.date < site.today else "confirmed"


def _meeting(site: Site, meeting: Meeting, formats: _Formats) -> Event:
    return Event(
        id=meeting_id(meeting),
        name=meeting.title,
        classification="committee-meeting",
        start_date=local_start(meeting),
        timezone="Europe/London",
        status=_status(site, meeting),  # type: ignore[arg-type]
        meeting_status=meeting.status,  # type: ignore[arg-type]
        location=Location(name=meeting.venue),
        participants=[Participant(type="organization", id=committee_id(meeting.committee), name=meeting.committee.name, note="host")],
        documents=formats.of(meeting.url),
        minutes=formats.of(meeting.minutes.url) if meeting.minutes is not None else [],
        agenda=[_agenda_item(site, item) for item in meeting.items],
        url=absolute(site, meeting.url),
    )


def _agenda_item(site: Site, item: AgendaItem) -> AgendaRecord:
    papers = [RelatedEntity(type="paper", id=paper_id(paper), name=paper.title, exemption=None) for paper in item.public_papers]
    papers += [
        RelatedEntity(type="paper", id=None, name=paper.title, exemption=_exemption(paper.exemption)) for paper in item.exempt_papers
    ]
    return AgendaRecord(
        order=item.number,
        description=item.title,
        exemption=_exemption(item.exemption),
        issue=item.issue_key,
        to_follow=item.awaiting_papers,
        related_entities=papers,
        url=absolute(site, f"{item.meeting.url}#{item.anchor}"),
    )


def _paper(site: Site, paper: Paper, formats: _Formats) -> PaperRecord:
    return PaperRecord(
        id=paper_id(paper),
        event_id=meeting_id(paper.meeting),
        organization_id=committee_id(paper.meeting.committee),
        agenda_item=paper.item.number if paper.item is not None else None,
        title=paper.title,
        kind=paper.kind,  # type: ignore[arg-type]
        issue=paper.issue_key,
        published=paper.record.first_published,
        changes=[ChangeRecord(date=change.date, note=change.note) for change in paper.record.changes],
        responsible_officer_ids=[person_id(person) for person in paper.responsible_officers],
        url=absolute(site, paper.url),
        documents=formats.of(paper.url),
    )


def _decisions(site: Site) -> list[DecisionRecord]:
    made = []
    for decision in decisions_of(site):
        meeting = decision.meeting
        call_in = decision.call_in
        made.append(
            DecisionRecord(
                id=f"decision/{meeting.id}/{decision.resolution.anchor}",
                event_id=meeting_id(meeting),
                organization_id=committee_id(meeting.committee),
                minute=decision.minute,
                paragraph=decision.resolution.paragraph,
                title=decision.title,
                agenda_item=decision.item.number if decision.item is not None else None,
                paper_ids=[paper_id(paper) for paper in decision.papers],
                call_in=None if call_in is None else CallIn(
                    deadline=call_in.deadline, counted_from=call_in.counted_from, counted_from_meeting_date=call_in.from_meeting_date
                ),
                url=absolute(site, decision.url),
            )
        )
    return made


