"""The publication record: when each agenda, paper and minutes was first published, and each later
change, shown on its page ("Published 5 October 2017; corrected 9 October 2017: table 2 total"),
dating its feed entries and given in the open data.

With site.yaml `publication_record: git` (the default) the dates come from the git history of the
document's file (git_history.py). Each committed version is public from the day it was committed,
or the end of its embargo if later (`publish_from`), until the next commit of the file: a version
that was a draft, exempt or confidential, had no agenda items (meeting.md), or whose embargo had not
ended before the next commit, was never public and is skipped. The first public version's day is the
first publication (a paper's no earlier than its agenda's); every later public version is a change.
A date the front matter gives (`agenda_published`, a paper's or the minutes' `published`) is the
first publication whatever git says: the officer's record is kept where it differs (papers
published before the site used git). The working tree's uncommitted edits are not in the record:
what is published is what was committed.

Outside a repository, in a shallow clone (whose history is cut short, so its first commit would
read as every file's first publication) or without git, the build says so in one warning and
falls back to the front matter, as `publication_record: front-matter` always does: the first
publication is the date the front matter records (a paper's, else its agenda's or its embargo's
end if later), and the changes are its `corrections:` alone.

`corrections:` (a list of `date:` and `note:`) explains changes: a correction on the day of a change
gives it its note; one on a day git has no change for is a change of its own. A correction dated
before the first publication is an error at its date. Dates come from git or the content, never the
clock, so the same commit builds the same pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from generator.content.frontmatter import front_matter_of
from generator.content.loader import LoadedContent, LoadedMarkdown
from generator.content.model import CorrectionSource
from generator.content.site import Change, Meeting, PublicationRecord, Site
from generator.dates import long_date
from generator.diagnostics import Diagnostics, Position
from generator.git_history import Checkout, Histories, Version, head_commit, histories
from generator.memory import Memory

PublicFrom = Callable[[dict[str, Any], dt.date], "dt.date | None"]
"""When a committed version (its front matter, its commit's day) became public by itself; None: never."""

CONTENT = "content"
_WHY_NOT = {
    "shallow": "the site is built from a shallow clone, whose history is cut short",
    "not-a-repository": "the site is not in a git repository",
    "no-git": "git is not installed",
}


@dataclass(frozen=True)
class _Document:
    loaded: LoadedMarkdown
    public_from: PublicFrom
    recorded: dt.date | None
    """The first publication the front matter records, if any: it stands whatever git says."""
    fallback: dt.date | None = None
    """The first publication worked out from other dates the front matter gives (a paper's agenda's
    `agenda_published`, or its embargo's end if later), where git cannot say."""
    not_before: dt.date | None = None
    """The earliest it can have been public (a paper: its agenda's first publication)."""


def record_publication(site: Site, content: LoadedContent, diagnostics: Diagnostics, memory: Memory | None = None) -> None:
    """Give every published agenda, paper and minutes of `site` its publication record. `memory`
    (`clerk serve`'s) keeps the history read while the same commit is checked out."""
    git = site.config.publication_record == "git"
    meetings = [(meeting, content.meetings.get(meeting.id)) for meeting in site.meetings.values()]
    loaded = [(meeting, found) for meeting, found in meetings if found is not None]
    history = _read(content, loaded, memory) if git else None
    if history is not None and history.checkout != "full":
        _say_unknown(history.checkout, diagnostics)
        history = None
    for meeting, found in loaded:
        _record_meeting(meeting, found.meeting, found.minutes, found.papers, history, site.today, diagnostics)


def _read(content: LoadedContent, meetings: list[tuple[Meeting, Any]], memory: Memory | None) -> Histories:
    paths = []
    for meeting, found in meetings:
        paths.append(found.meeting.document.path)
        paths += [found.papers[paper.slug].document.path for paper in meeting.public_papers if paper.slug in found.papers]
        if meeting.minutes is not None and found.minutes is not None:
            paths.append(found.minutes.document.path)
    if memory is None:
        return histories(content.root, paths, pathspec=[CONTENT])
    # Only committed versions are read, so while HEAD is the same commit so is every file's history.
    key = ("git-histories", str(content.root), head_commit(content.root), frozenset(paths))
    return memory.recall(key, Diagnostics(), lambda _: histories(content.root, paths, pathspec=[CONTENT]))


def _say_unknown(checkout: Checkout, diagnostics: Diagnostics) -> None:
    diagnostics.warning(
        Position("site.yaml"),
        "publication-record-unknown",
        f"when each document was first published and changed could not be read from git: {_WHY_NOT[checkout]}; "
        "the pages, feeds and open data give the dates the front matter records (agenda_published, published, "
        "corrections) instead",
        "build from a full clone (in CI fetch the whole history, e.g. fetch-depth: 0), or set "
        "'publication_record: front-matter' in site.yaml to use the front matter's dates on purpose",
    )


def _record_meeting(
    meeting: Meeting,
    agenda: LoadedMarkdown,
    minutes: LoadedMarkdown | None,
    papers: dict[str, LoadedMarkdown],
    history: Histories | None,
    today: dt.date,
    diagnostics: Diagnostics,
) -> None:
    if meeting.items:
        meeting.agenda_record = _record(_Document(agenda, _agenda_public, meeting.agenda_published), history, today, diagnostics)
    agenda_first = meeting.agenda_record.first_published
    for paper in meeting.public_papers:
        if paper.slug not in papers:
            continue
        fallback = None
        if meeting.agenda_published is not None:
            fallback = max(meeting.agenda_published, paper.embargo or meeting.agenda_published)
        document = _Document(papers[paper.slug], _paper_public, paper.published, fallback, agenda_first)
        paper.record = _record(document, history, today, diagnostics)
    if meeting.minutes is not None and minutes is not None:
        meeting.minutes.record = _record(_Document(minutes, _minutes_public, meeting.minutes.published), history, today, diagnostics)


def _record(document: _Document, history: Histories | None, today: dt.date, diagnostics: Diagnostics) -> PublicationRecord:
    first, changes = document.recorded, []
    if history is not None:
        opened = _public_versions(history.of(document.loaded.document.path), document.public_from, today)
        if opened:
            earliest = max(opened[0], document.not_before or opened[0])
            first = first or earliest
            changes = [day for day in opened[1:] if day > first]
    first = first or document.fallback
    corrections: list[CorrectionSource] = document.loaded.source.corrections
    _check_corrections(document.loaded, corrections, first, diagnostics)
    notes = {correction.date: correction.note for correction in corrections}
    days = sorted(set(changes) | set(notes))
    return PublicationRecord(first, tuple(Change(day, notes.get(day)) for day in days))


def _public_versions(versions: list[Version], public_from: PublicFrom, today: dt.date) -> list[dt.date]:
    """The day each version that was ever public became so, oldest first, without repeats."""
    days: list[dt.date] = []
    for index, version in enumerate(versions):
        front = None if version.text is None else front_matter_of(version.text)
        start = None if front is None else public_from(front, version.committed)
        if start is None:
            continue
        until = versions[index + 1].committed if index + 1 < len(versions) else today
        if start <= until and (not days or start > days[-1]):
            days.append(start)
    return days


def _agenda_public(front: dict[str, Any], committed: dt.date) -> dt.date | None:
    """An agenda is public once meeting.md lists its items."""
    return committed if front.get("items") else None


def _paper_public(front: dict[str, Any], committed: dt.date) -> dt.date | None:
    """A paper is public when final, neither exempt nor confidential, from its embargo's end."""
    if front.get("status") == "draft" or front.get("exempt_paragraph") or front.get("confidential") is True:
        return None
    embargo = front.get("publish_from")
    if isinstance(embargo, dt.datetime):
        embargo = embargo.date()
    return max(committed, embargo) if isinstance(embargo, dt.date) else committed


def _minutes_public(front: dict[str, Any], committed: dt.date) -> dt.date | None:
    return committed


def _check_corrections(
    loaded: LoadedMarkdown, corrections: list[CorrectionSource], first: dt.date | None, diagnostics: Diagnostics
) -> None:
    if first is None:
        return
    for index, correction in enumerate(corrections):
        if correction.date < first:
            diagnostics.error(
                loaded.document.position_of(("corrections", index, "date")),
                "correction-before-publication",
                f"this correction is dated {long_date(correction.date)}, before the document was first published "
                f"on {long_date(first)}: a correction changes what was published",
                "give the day the corrected version was published, or leave the correction out",
            )
