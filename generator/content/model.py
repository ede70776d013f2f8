"""The content model as officers write it: one pydantic model per kind of source file.

These models check types and shapes only. References between files (a
person's slug, a paper named on an agenda) are resolved in `site.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def problem(kind: str, message: str, hint: str) -> PydanticCustomError:
    """A mistake in a value, in Clerk's words: `message` follows the field's name ("must be …"),
    `hint` is the line under it saying what to write (schema_errors.py)."""
    return PydanticCustomError(kind, message, {"hint": hint})


def _slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise problem(
            "slug",
            "must be a slug: lower-case letters, digits and single hyphens",
            "write the name of the file it means, without .yaml or .md, such as 'tim-shaw'",
        )
    return value


def _time(value: object) -> object:
    # An unquoted 10:00, which YAML 1.1 reads as 600, arrives as written (frontmatter.py).
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not TIME_PATTERN.match(value):
        raise problem("time_format", 'must be a 24-hour time "HH:MM"', 'write it as "HH:MM", such as "09:15" or "14:30"')
    return value


def _text(value: object) -> object:
    # Officers often write numbers or dates where the model wants words.
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return str(value)
    return value


Slug = Annotated[str, AfterValidator(_slug)]


def _issue_key(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise problem(
            "issue_key",
            "must be an issue key: lower-case letters, digits and single hyphens",
            "choose a short name for the issue and write it the same everywhere, such as 'counter-fraud-hub'",
        )
    return value


IssueKey = Annotated[str, AfterValidator(_issue_key)]
"""Names one issue across meetings: every agenda item, paper and forward-plan entry that gives the same key
is part of its history (issues/<key>/). Nothing defines a key: its first use starts the issue."""
TimeOfDay = Annotated[str, BeforeValidator(_time)]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Markdown = Annotated[str, BeforeValidator(_text)]
Phone = Text
"""A phone number, kept exactly as written: "01603 222 700" is never regrouped, and an unquoted
01603222700 (an octal number to YAML) arrives as typed (frontmatter.py)."""
Role = Literal["chair", "vice-chair", "member", "substitute"]
Numbering = Literal["all", "sections", "none"]
"""How a paper or the minutes number their paragraphs, as printed (docs/content-format.md): every
paragraph of a `##` section (all), only those before its first sub-heading (sections), or none."""


class Strict(BaseModel):
    """Unknown keys are mistakes (usually typos), never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonSource(Strict):
    name: Text
    """The name as printed in papers, e.g. 'Mr T Garrod'."""
    full_name: Text | None = None
    kind: Literal["councillor", "officer"]
    job_title: Text | None = None
    phone: Phone | None = None
    email: Text | None = None
    party: Text | None = None
    division: Text | None = None


class MemberSource(Strict):
    person: Slug
    role: Role = "member"
    from_: dt.date | None = Field(default=None, alias="from")
    """The first day of this membership, where it began during the committee's life (none: always)."""
    until: dt.date | None = None
    """The last day of this membership, where it has ended or will end (none: still a member)."""


class CommitteeSource(Strict):
    name: Text
    members: list[MemberSource] = []
    officer: Slug | None = None
    """The committee officer the public contacts."""
    takes_key_decisions: bool = True
    """False for a committee that takes no key decisions: its forward plan has no key-decision column."""
    kind: Literal["executive", "non-executive"] = "non-executive"
    """An executive committee's decisions are subject to call-in (shown in the decisions register)."""


class GroupMeetingSource(Strict):
    group: Text
    time: TimeOfDay
    venue: Text


ExemptParagraph = Annotated[int, Field(ge=1, le=7)]
"""A paragraph of Part 1 of Schedule 12A to the Local Government Act 1972."""


class CorrectionSource(Strict):
    """A change to a document after it was published, as the officer explains it."""

    date: dt.date
    """The day the corrected version was published."""
    note: Text | None = None
    """What was corrected ("table 2 total"), shown after the date."""


class AgendaItemSource(Strict):
    number: int = Field(ge=1)
    title: Text
    presenter: Text | None = None
    details: Markdown = ""
    papers: list[Slug] = []
    minutes_of: Slug | None = None
    """The meeting (folder name) whose minutes this item confirms."""
    to_follow: bool = False
    """The item's paper is not published yet."""
    exempt_paragraph: ExemptParagraph | None = None
    """The item is exempt under this paragraph of Schedule 12A: only its title is published."""
    confidential: bool = False
    """The item holds confidential information (s.100A(3)): only its title is published."""
    urgent_reason: Text | None = None
    """Why the item's papers may be published late; shown on the agenda."""
    issue: IssueKey | None = None
    """The issue the item is part of (issues/<key>/)."""


class MeetingSource(Strict):
    committee: Slug
    date: dt.date
    time: TimeOfDay
    venue: Text
    status: Literal["scheduled", "cancelled", "postponed"] = "scheduled"
    contact: Slug | None = None
    issued_by: Slug | None = None
    items: list[AgendaItemSource] = []
    group_meetings: list[GroupMeetingSource] = []
    agenda_published: dt.date | None = None
    """When the agenda was published, for the five-clear-working-days rule (s.100B)."""
    urgent_reason: Text | None = None
    """Why the meeting is called at shorter notice than the law's five clear working days."""
    corrections: list[CorrectionSource] = []
    """Changes to the published agenda, each with its day and what was corrected."""


class AttendeeSource(Strict):
    person: Slug
    role: Role | None = None


class SubstituteSource(Strict):
    person: Slug
    for_: Slug = Field(alias="for")


class DeclarationSource(Strict):
    person: Slug
    interest: Literal["disclosable-pecuniary", "other"]
    detail: Text | None = None


class MinutesSource(Strict):
    present: list[AttendeeSource] = []
    apologies: list[Slug] = []
    substitutes: list[SubstituteSource] = []
    officers_in_attendance: list[AttendeeSource] = []
    declarations: list[DeclarationSource] = []
    concluded: TimeOfDay | None = None
    numbering: Numbering = "all"
    published: dt.date | None = None
    """When the minutes (the record of the decisions) were published: the call-in period runs from it."""
    corrections: list[CorrectionSource] = []
    """Changes to the published minutes, each with its day and what was corrected."""


def _public_url(value: str) -> str:
    if not re.match(r"^(https?://|mailto:)", value.strip(), re.I):
        raise problem(
            "link_scheme", "must start with https://, http:// or mailto:", "copy the whole address from the browser's address bar"
        )
    return value.strip()


class BackgroundPaperSource(Strict):
    title: Text
    url: Annotated[str, AfterValidator(_public_url)] | None = None


def _contact_from_slug(value: object) -> object:
    return {"person": value} if isinstance(value, str) else value


class ContactSource(Strict):
    """An officer contact as the paper prints it: a person's file, with what the paper prints differently,
    or someone with no person file (`name:` alone), who gets no person page."""

    person: Slug | None = None
    name: Text | None = None
    job_title: Text | None = None
    phone: Phone | None = None
    email: Text | None = None

    @model_validator(mode="after")
    def _names_someone(self) -> "ContactSource":
        if self.person is None and self.name is None:
            raise problem(
                "contact_names_no_one",
                "names no one: a contact needs 'person:' (a person's slug) or 'name:' (someone with no person file)",
                "add 'person: <their slug>' for someone with a person file, or 'name: <the name as printed>'",
            )
        return self


Contact = Annotated[ContactSource, BeforeValidator(_contact_from_slug)]
"""A person's slug, or a mapping of what the paper prints for a contact."""


class PaperControls(Strict):
    """Whether, when and how a paper may be published: shared by every kind of paper."""

    item: int | None = None
    """The item number printed on the paper, if any; it must agree with the agenda."""
    meeting_date: dt.date | None = None
    """The meeting date printed on the paper, if any; it must agree with its folder's meeting."""
    status: Literal["final", "draft"] = "final"
    """A draft is never published."""
    publish_from: dt.date | None = None
    """An embargo: the paper is held back until this date."""
    published: dt.date | None = None
    """When the paper was published, if later than the agenda."""
    urgent_reason: Text | None = None
    """Why the paper is published late; shown on the agenda."""
    exempt_paragraph: ExemptParagraph | None = None
    """The paper is exempt under this paragraph of Schedule 12A: only its title is published."""
    confidential: bool = False
    """The paper holds confidential information (s.100A(3)): only its title is published."""
    published_outside_agenda: bool = False
    """Published though no agenda item lists it; without this, a paper no item lists is held back."""
    corrections: list[CorrectionSource] = []
    """Changes to the published paper, each with its day and what was corrected."""
    numbering: Numbering = "all"
    issue: IssueKey | None = None
    """The issue the paper is part of (issues/<key>/), where it is not its agenda item's."""


class ReportSource(PaperControls):
    kind: Literal["report"]
    title: Text
    responsible_officers: list[Slug] = []
    strategic_impact: Markdown = ""
    executive_summary: Markdown = ""
    recommendations: Markdown = ""
    contacts: list[Contact] = []
    background_papers: list[BackgroundPaperSource] = []
    alternative_formats: Text | None = None
    """This paper's own alternative-formats notice, where it differs from site.yaml's."""
    contact_intro: Text | None = None
    """The sentence before the officer contacts, where the paper words it its own way."""
    contact_heading: Text | None = None
    """The heading of the officer contacts as the paper prints it ("Contact officer")."""
    contact_layout: Literal["list", "table"] = "list"
    """How the paper prints its officer contacts: one under another, or as a table."""
    background_papers_numbering: Literal["intro", "each"] = "intro"
    """How the paper numbers its background papers section: an introductory paragraph (7.1) before
    the list, or each background paper as a paragraph of its own (7.1, 7.2 …)."""
    background_papers_section: int | None = Field(default=None, ge=1)
    """The section number the paper prints on its background papers, when not the one after the body's last."""


class ForwardPlanEntrySource(Strict):
    date: dt.date
    issue: Text
    implications: Text | None = None
    """Blank where the printed plan leaves it blank; shown as written, never filled in."""
    action: Text | None = None
    """The requested committee action, "if known": blank where the printed plan leaves it blank."""
    lead_officer: Text
    """A person's slug (linked to their page), or a job title or team written as printed."""
    key_decision: bool = False
    """A key decision needs 28 clear days' notice on the forward plan."""
    urgent_reason: Text | None = None
    """Why a key decision is taken with less notice (general exception or special urgency)."""
    issue_key: IssueKey | None = None
    """The issue the entry plans (issues/<key>/): `issue:` already holds the entry's printed title."""


class ForwardPlanSource(PaperControls):
    kind: Literal["forward-plan"]
    title: Text
    responsible_officers: list[Slug] = []
    contacts: list[Contact] = []
    entries: list[ForwardPlanEntrySource] = []
    alternative_formats: Text | None = None
    contact_intro: Text | None = None
    contact_heading: Text | None = None
    contact_layout: Literal["list", "table"] = "list"


PaperSource = Annotated[Union[ReportSource, ForwardPlanSource], Field(discriminator="kind")]
