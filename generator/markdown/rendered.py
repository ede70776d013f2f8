"""What rendering a piece of Markdown gives: its HTML and what the page needs to know of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.markdown.links import LocalLink


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str
    number: int | None = None
    appendix: bool = False


@dataclass(frozen=True)
class Resolution:
    """A RESOLVED block: a decision, where it stands in the text (markdown/rules/resolutions.py)."""

    anchor: str
    """Its own id, which survives edits elsewhere in its minute."""
    section: int | None
    """The numbered section (minute) it is in, if any."""
    section_title: str | None
    paragraph: str | None
    """Its paragraph number ("7.5"), where the text numbers paragraphs."""


@dataclass(frozen=True)
class RenderedMarkdown:
    """HTML of a Markdown text, split where its appendices begin.

    The split lets a paper put what Clerk generates after the body (background
    papers, officer contact) before the appendices, as councils print them.
    """

    main: str
    appendices: str = ""
    headings: tuple[Heading, ...] = ()
    sections: int = 0
    assets: tuple[tuple[str, Path], ...] = ()
    """Images the text shows: (src as written, the file in content/) to publish beside the page."""
    links: tuple[LocalLink, ...] = ()
    """Its links to the site's own pages and files, checked once the site is planned."""
    resolutions: tuple[Resolution, ...] = ()
    """Its RESOLVED blocks, in order: the decisions of a minutes text."""

    @property
    def html(self) -> str:
        return self.main + self.appendices

    def __html__(self) -> str:
        return self.html
