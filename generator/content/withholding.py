"""What is held back: which papers are not published, and why.

Decided for each paper as it is linked, before any of its Markdown is
rendered, so that nothing of a withheld paper (text, lint findings quoting
it, images) is ever made. What is held back is said in the terminal only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from generator.content.model import MeetingSource, PaperControls
from generator.content.site import HeldBack, Meeting, Paper
from generator.statutory.exemptions import Exemption, exemption_from

UNLISTED = "no agenda item lists it: add it to an item's papers, or mark it 'published_outside_agenda: true'"


def withheld_reason(paper: Paper, status: str, on_agenda: bool, today: dt.date, preview: bool = False) -> str | None:
    """Why the paper is not published, if it is not.

    A draft or embargoed paper is held back whole, its title too, even under an
    exempt item: only a paper that is ready may be listed by title as exempt.
    `on_agenda`: an item lists it, or it says it is published outside the agenda;
    a forgotten placeholder (`clerk new report`) must not go out on its own.
    `preview` (`clerk preview`, for the council's reviewers): drafts and embargoed papers are shown; never an
    exempt or confidential paper, which no build of any kind publishes, nor one on no agenda, which has no place.
    """
    return reason_withheld(status, paper.embargo, paper.exemption, on_agenda, today, preview)


def reason_withheld(
    status: str, embargo: dt.date | None, exemption: Exemption | None, on_agenda: bool, today: dt.date, preview: bool = False
) -> str | None:
    """`withheld_reason` from the facts alone, for a paper that was never linked (see `stranded_withheld`)."""
    if not on_agenda:
        return "unlisted"
    if status == "draft" and not preview:
        return "draft"
    if embargo is not None and embargo > today and not preview:
        return "embargoed"
    if exemption is not None:
        return "exempt"
    return None


def stranded_withheld(
    slug: str, source: PaperControls, agenda: MeetingSource | None, today: dt.date, preview: bool = False
) -> str | None:
    """Whether a paper of a meeting that could not be linked would be held back, as the linker would
    decide it: by its own front matter and, where meeting.md could be read (`agenda`), by the item that
    lists it. Where it could not be read, no item is known to list it, so only a paper published
    outside the agenda is taken as public: its text is then checked, the others' never."""
    item = next((item for item in agenda.items if slug in item.papers), None) if agenda is not None else None
    exemption = exemption_from(source.exempt_paragraph, source.confidential) or (
        exemption_from(item.exempt_paragraph, item.confidential) if item is not None else None
    )
    return reason_withheld(source.status, source.publish_from, exemption, item is not None or source.published_outside_agenda, today, preview)


def held_back(meetings: Iterable[Meeting]) -> list[HeldBack]:
    """Every withheld paper of these meetings, with why, for the officer's terminal."""
    found = [
        HeldBack(paper.source_path, paper.title, _said(paper))
        for meeting in meetings
        for paper in meeting.papers.values()
        if paper.withheld is not None
    ]
    return sorted(found, key=lambda item: item.source)


def _said(paper: Paper) -> str:
    if paper.withheld == "unlisted":
        return UNLISTED
    if paper.withheld == "draft":
        return "a draft"
    if paper.withheld == "embargoed":
        assert paper.embargo is not None
        return f"embargoed until {paper.embargo.isoformat()}"
    assert paper.exemption is not None
    return paper.exemption.short
