"""site.yaml: the council's site-wide settings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from generator.content.model import Phone, Strict, Text, problem


def _yaml_off(value: object) -> object:
    # YAML 1.1 reads an unquoted `off` as false.
    return "off" if value is False else value


class RulePolicy(Strict):
    severity: Annotated[Literal["error", "warning", "off"], BeforeValidator(_yaml_off)]
    """What a finding of this rule is: error fails the build, warning is reported, off is not reported."""
    reason: Text
    """Why the rule is changed; printed in the accessibility report and statement."""


class ChecksConfig(Strict):
    browser_processes: int | None = Field(default=None, ge=1, le=8)
    """How many pages the browser checks load side by side (default: one per core)."""
    rules: dict[str, RulePolicy] = Field(default_factory=dict)
    """Changes to rules' severities, each with a written reason. Rule ids are Clerk's
    lint rules (e.g. link-bare-url), or axe:<rule>, htmlcs:<code>, vnu:error, vnu:warning."""


class StatementConfig(Strict):
    """What the accessibility statement says beyond the check results."""

    contact_email: Text | None = None
    contact_phone: Phone | None = None
    response_days: int = Field(default=5, ge=1)
    prepared: dt.date | None = None
    """When the statement was first prepared."""
    reviewed: dt.date | None = None
    """When it was last reviewed by a person."""
    improvements: list[Text] = Field(default_factory=list)
    """What the council is doing to improve accessibility."""
    out_of_scope: list[Text] = Field(default_factory=list)
    """Content the regulations do not cover, e.g. PDFs published before 23 September 2018."""
    disproportionate_burden: list[Text] = Field(default_factory=list)


class ForwardPlanHeadings(Strict):
    """A forward plan's column headings, worded as this council prints them."""

    issue: Text = "Issue or decision"
    key_decision: Text = "Key decision"
    """Not shown for a committee that takes no key decisions (`takes_key_decisions: false`)."""
    implications: Text = "Implications for other committees"
    action: Text = "Requested committee action"
    lead_officer: Text = "Lead officer"


class ForwardPlanConfig(Strict):
    headings: ForwardPlanHeadings = Field(default_factory=ForwardPlanHeadings)


class DecisionsConfig(Strict):
    call_in_working_days: int = Field(default=5, ge=0, le=60)
    """Clear working days after an executive decision's record is published during which it may be called in."""


class FormatsConfig(Strict):
    """Which formats every paper, the minutes and the agenda pack are published in besides HTML and PDF."""

    text: bool = True
    """Plain text (UTF-8), for screen-reader users and translation tools."""
    braille: bool = True
    """Braille-ready files (BRF, Unified English Braille grade 2)."""
    audio: bool = True
    """Synthetic speech (Ogg Opus), a chapter per section."""
    epub: bool = True
    """EPUB 3, meeting EPUB Accessibility 1.1."""


#: An abbreviation as the council writes it: capitals (and digits, &, /), one word.
Abbreviation = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Za-z0-9&/]*[A-Z0-9]$", max_length=20)]
def _base_url(value: str) -> str:
    # Feeds, calendars and the sitemap need absolute addresses: one place says where the site is published.
    if not re.match(r"^https?://[^/?#\s]+/[^?#\s]*$", value) or not value.endswith("/"):
        raise problem(
            "base_url",
            'must be the whole address the site is published at, starting with https:// and ending with "/"',
            'copy it from the browser\'s address bar on the home page, such as "https://committees.example.gov.uk/"',
        )
    return value


BaseUrl = Annotated[str, AfterValidator(_base_url)]
"""Where the site is published, as an absolute address ending in "/"."""


class DaskConfig(Strict):
    address: Text | None = None
    """A running Dask scheduler, such as tcp://scheduler.example:8786; without one, `executor: dask`
    starts a LocalCluster of one worker process per core on this machine."""


class BuildConfig(Strict):
    """Where the costly work of a build (PDFs, the other formats) runs, and where it is shared: see docs/scaling.md."""

    executor: Literal["local", "in-process", "dask"] = "local"
    """local: a pool of processes on this machine; in-process: the build's own process, one at a time;
    dask: a Dask cluster (`pip install 'clerk[dask]'`). `clerk build --executor` overrides it."""
    dask: DaskConfig = Field(default_factory=DaskConfig)
    shared_cache: Text | None = None
    """An fsspec URL (s3://bucket/clerk, gs://…, file:///…) where PDFs, the other formats and check results are
    shared between machines, behind .clerk-cache/ (shared_store.py). `clerk build --shared-cache` overrides it."""


class SearchConfig(Strict):
    enabled: bool = True
    """Whether the site has a search page (search/, with Pagefind's index made at each build) and the
    plain index of every meeting and paper (search/all/) that stands for it without JavaScript."""


PublicationRecordSource = Literal["git", "front-matter"]


class SiteConfig(Strict):
    council: Text
    """The council's name, shown in the header of every page."""
    title: Text = "Committee meetings and papers"
    """What the site is, shown after the council's name."""
    language: Text = "en-GB"
    """The language of the content, as a BCP 47 tag."""
    role_titles: dict[str, str] = Field(default_factory=dict)
    """How this council names committee roles, e.g. chair: Chairman."""
    notices: list[Text] = Field(default_factory=list)
    """Standing notices shown on every meeting page (filming, mobile phones)."""
    address: list[Text] = Field(default_factory=list)
    """The council's postal address, one line per entry, printed under the agenda."""
    alternative_formats: Text
    """How to ask for large print, audio, Braille or another language; on every page."""
    checks: ChecksConfig = Field(default_factory=ChecksConfig)
    """The accessibility gate's policy."""
    accessibility: StatementConfig = Field(default_factory=StatementConfig)
    """Settings for the accessibility statement page."""
    forward_plan: ForwardPlanConfig = Field(default_factory=ForwardPlanConfig)
    """How forward plans are printed: their column headings."""
    decisions: DecisionsConfig = Field(default_factory=DecisionsConfig)
    """The decisions register: the call-in period of executive decisions."""
    formats: FormatsConfig = Field(default_factory=FormatsConfig)
    """The formats made besides HTML and PDF, each on unless switched off (`clerk build --no-formats` makes none)."""
    glossary: dict[Abbreviation, Text] = Field(default_factory=dict)
    """Abbreviations the council uses and how to say them in full (IMT: Information Management and Technology),
    for synthetic speech and any format that spells them out."""
    base_url: BaseUrl | None = None
    """Where the site is published ("https://…/"): the Atom feeds, calendars' links, the sitemap and
    the open data need absolute addresses (feeds and the sitemap are made only when it is set)."""
    search: SearchConfig = Field(default_factory=SearchConfig)
    """Site search: on unless switched off."""
    publication_record: PublicationRecordSource = "git"
    """Where each document's publication dates come from (content/publication_record.py): its file's
    git history, with the front matter's dates where given, or the front matter's dates alone."""
    build: BuildConfig = Field(default_factory=BuildConfig)
    """Where PDFs and the other formats are made: this machine's processes (the default) or a Dask cluster."""

    def role_title(self, role: str) -> str:
        defaults = {"chair": "Chair", "vice-chair": "Vice-Chair", "member": "Member", "substitute": "Substitute"}
        return self.role_titles.get(role, defaults.get(role, role))
