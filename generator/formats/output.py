"""What a format's renderer is given and gives back: the seam between the build and each format.

Every format module (plain_text.py, braille.py, audio.py, epub.py) has one
function `render(source: FormatSource, settings: FormatSettings) -> FormatOutput`,
defined at module level so that a worker process can run it. It reads only
what it is given (no files of the site, no network), so that its result can
be kept by a hash of its inputs and made on any worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.formats.document import Document


@dataclass(frozen=True)
class FormatSource:
    html: str
    """The document's print HTML (standard edition), as its PDF is made from; links to other pages already plain text."""
    document: Document
    """The same HTML read into blocks (document.py `read_document`)."""
    url: str
    """The document's page on the site, relative to the site root ("meetings/2017-10-12-…/finance-monitoring/")."""
    images: tuple[tuple[str, bytes], ...] = ()
    """The images the HTML shows, by their `src` in it (relative to the page), with their bytes: a format that
    carries images (EPUB) packs them from here, since a renderer reads no files."""


@dataclass(frozen=True)
class FormatSettings:
    council: str
    language: str
    """The site's language tag ("en-GB")."""
    glossary: tuple[tuple[str, str], ...] = ()
    """Abbreviations the council defines and how to say them in full: (("IMT", "Information Management and Technology"), …)."""
    speech_folder: Path | None = None
    """A folder that lives as long as the build, where audio keeps each chapter it speaks by a hash of its text, so
    that a chapter two documents share is spoken once. What it holds depends only on its names: no part of any key."""


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float
    """Seconds from the start of the file."""


@dataclass(frozen=True)
class FormatOutput:
    data: bytes
    duration: float | None = None
    """Seconds, for a recording."""
    chapters: tuple[Chapter, ...] = ()
    """A recording's chapters, one per section, in order."""


class FormatError(Exception):
    """A format could not be made from a document (a tool it runs failed, or the document cannot be laid out in it).

    The message says what went wrong in words an officer can act on; the build
    reports it at the document's source file and publishes nothing.
    """
