"""The shape of the site's open data: one model per JSON file under data/, and their JSON Schemas.

The records follow Open Civic Data's Organization, Person, Membership (Popolo's) and Event where
those fit a council's committees (`id`, `name`, `classification`, `contact_details`, `links`,
`start_date`, `status`, `location`, `participants`, `documents`, `agenda`, `related_entities`);
papers and decisions have no OCD record and are Clerk's own. The JSON Schemas published beside
the data and kept in docs/schemas/ are made from these models so that the data and
its description cannot drift apart (`DataFile.schema`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class Record(BaseModel):
    """A record of the open data: every field is always present (null where unknown), none other allowed."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Link(Record):
    url: str
    """A whole address when site.yaml gives `base_url`; else a path from the site's root."""
    note: str
    """What the link is to."""


class ContactDetail(Record):
    """As Open Civic Data's contact_details."""

    type: Literal["email", "voice"]
    value: str
    """Exactly as the council writes it."""


class Organization(Record):
    """A committee, shaped after Open Civic Data's Organization."""

    id: str
    """committee/<slug>: stable while the committee keeps its file name."""
    name: str
    classification: Literal["committee"]
    kind: Literal["executive", "non-executive"]
    """An executive committee's decisions are subject to call-in."""
    takes_key_decisions: bool
    officer_id: str | None
    """The person/<slug> of the committee's officer, if it names one."""
    url: str
    """The committee's page."""
    links: list[Link]
    """Its decisions register and, where it has forward plans, its forward plan."""


class Person(Record):
    """A councillor or officer, shaped after Open Civic Data's Person."""

    id: str
    """person/<slug>."""
    name: str
    """As printed in papers, such as 'Mr T Garrod'."""
    full_name: str | None
    kind: Literal["councillor", "officer"]
    job_title: str | None
    party: str | None
    division: str | None
    """A councillor's electoral division."""
    contact_details: list[ContactDetail]
    url: str
    """Their page."""


class Membership(Record):
    """A person's role on a committee, shaped after Popolo's Membership as Open Civic Data uses it."""

    person_id: str
    organization_id: str
    role: Literal["chair", "vice-chair", "member", "substitute"]
    label: str
    """The role as this council names it, such as 'Chairman'."""
    start_date: dt.date | None
    """Its first day, or null: since before anything on the site."""
    end_date: dt.date | None
    """Its last day, or null: still held."""


class Document(Record):
    """One format of a page or paper: the web page, its large-print view, a PDF, plain text, braille, EPUB, audio."""

    note: str
    """Which format: 'web page', 'large-print web page', 'PDF', 'large-print PDF', 'plain text', 'braille',
    'EPUB e-book', 'audio'."""
    url: str
    media_type: Literal[
        "text/html", "application/pdf", "text/plain; charset=utf-8", "text/plain; charset=us-ascii",
        "application/epub+zip", "audio/ogg; codecs=opus",
    ]  # fmt: skip
    pages: int | None
    """A PDF's page count; null for any other format."""
    size: int | None
    """The file's size in bytes; null for a web page."""
    duration: float | None
    """A recording's length in seconds; null for any other format."""


class Exemption(Record):
    """Why an item or paper is not published."""

    paragraph: int | None
    """The paragraph of Schedule 12A to the Local Government Act 1972; null for confidential information (s.100A(3))."""
    reason: str
    """As the agenda words it."""


class RelatedEntity(Record):
    """A paper an agenda item lists, as Open Civic Data's agenda related_entities."""

    type: Literal["paper"]
    id: str | None
    """The paper's id in papers.json; null for an exempt paper, which is not published."""
    name: str
    """Its title: an exempt paper's title is public, as on the agenda."""
    exemption: Exemption | None


class AgendaItem(Record):
    """An agenda item, as Open Civic Data's Event agenda entry. An exempt item gives its title and exemption only."""

    order: int
    """The item's number on the agenda."""
    description: str
    """Its title."""
    exemption: Exemption | None
    issue: str | None
    """The key of the issue it is part of (issues/<key>/ on the site)."""
    to_follow: bool
    """A paper is still to come."""
    related_entities: list[RelatedEntity]
    url: str
    """The item on the agenda page."""


class Location(Record):
    name: str


class Participant(Record):
    """The committee holding the meeting, as Open Civic Data's Event participants."""

    type: Literal["organization"]
    id: str
    name: str
    note: Literal["host"]


class Event(Record):
    """A meeting, shaped after Open Civic Data's Event."""

    id: str
    """meeting/<date>-<committee>."""
    name: str
    classification: Literal["committee-meeting"]
    start_date: dt.datetime
    """Local time in Europe/London, with its offset from UTC."""
    timezone: Literal["Europe/London"]
    status: Literal["confirmed", "passed", "cancelled"]
    """Open Civic Data's status: a postponed meeting is cancelled on its date (see meeting_status)."""
    meeting_status: Literal["scheduled", "cancelled", "postponed"]
    """The status as the agenda gives it."""
    location: Location
    participants: list[Participant]
    documents: list[Document]
    """The agenda page and the agenda pack's PDFs."""
    minutes: list[Document]
    """The minutes' page and PDFs, once published; else empty."""
    agenda: list[AgendaItem]
    url: str


class Change(Record):
    """A change to a published paper."""

    date: dt.date
    """The day the changed version was published."""
    note: str | None
    """What was corrected, where the paper's `corrections:` says; null for a change unexplained."""


class Paper(Record):
    """A published report or forward plan. Withheld papers (drafts, embargoed) are not listed; exempt ones only by title, on the agenda."""

    id: str
    """paper/<meeting>/<slug>."""
    event_id: str
    organization_id: str
    agenda_item: int | None
    """The number of the agenda item listing it; null for a paper published outside the agenda."""
    title: str
    kind: Literal["report", "forward-plan"]
    issue: str | None
    published: dt.date | None
    """When it was first published (its publication record: git history or the front matter's dates), if known."""
    changes: list[Change]
    """Each later change, oldest first, with what the officer says was corrected."""
    responsible_officer_ids: list[str]
    url: str
    documents: list[Document]
    """Its formats: the web page, its large-print view, and its PDFs where the build made them."""


class CallIn(Record):
    """An executive decision's call-in period."""

    deadline: dt.date
    """The last day on which it may be called in."""
    counted_from: dt.date
    counted_from_meeting_date: bool
    """The minutes record no publication date, so the period is counted from the meeting: the earliest deadline it can have."""


class Decision(Record):
    """A RESOLVED block of published minutes."""

    id: str
    """decision/<meeting>/<anchor>."""
    event_id: str
    organization_id: str
    minute: int | None
    """The minute (numbered section of the minutes) it is in."""
    paragraph: str | None
    title: str | None
    """The minute's heading."""
    agenda_item: int | None
    """The agenda item the minute records, where it can be told."""
    paper_ids: list[str]
    """The published papers of that agenda item."""
    call_in: CallIn | None
    """Only for an executive committee's decisions."""
    url: str


class CommitteesFile(Record):
    committees: list[Organization]


class PeopleFile(Record):
    people: list[Person]


class MembershipsFile(Record):
    memberships: list[Membership]


class MeetingsFile(Record):
    meetings: list[Event]


class PapersFile(Record):
    papers: list[Paper]


class DecisionsFile(Record):
    decisions: list[Decision]


DATA_FOLDER = "data/"
SCHEMA_FOLDER = DATA_FOLDER + "schemas/"


@dataclass(frozen=True)
class DataFile:
    """One JSON file under data/: its name, the model of what it holds, and what that is in words."""

    name: str
    model: type[Record]
    holds: str

    @property
    def path(self) -> str:
        return f"{DATA_FOLDER}{self.name}.json"

    @property
    def schema_name(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def schema_path(self) -> str:
        return SCHEMA_FOLDER + self.schema_name

    def schema(self) -> dict[str, Any]:
        """Its JSON Schema, made from its model."""
        return {**self.model.model_json_schema(), "$schema": SCHEMA_DIALECT, "title": f"{self.name}.json", "description": self.holds}


DATA_FILES = (
    DataFile("committees", CommitteesFile, "Each committee (an Open Civic Data Organization), with links to its registers."),
    DataFile("people", PeopleFile, "Each councillor and officer (an Open Civic Data Person), with the contact details their page gives."),
    DataFile("memberships", MembershipsFile, "Each role of a person on a committee, with its first and last days where known."),
    DataFile("meetings", MeetingsFile, "Each meeting (an Open Civic Data Event), with its agenda items, the agenda's formats and the minutes'."),
    DataFile("papers", PapersFile, "Each published report and forward plan, with its web page, large-print view and PDFs."),
    DataFile("decisions", DecisionsFile, "Each decision (RESOLVED) of published minutes, with its minute, agenda item, papers and call-in period."),
)
