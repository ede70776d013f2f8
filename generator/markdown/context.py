"""Where a piece of Markdown comes from, and what its rules find in it while it is rendered.

Every rule (markdown/rules/, markdown/lint/) takes the tokens and this context:
it reports mistakes through `diagnostics` at `position(...)`, and collects what
the page needs (ids, headings, images, links to the site).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from markdown_it.token import Token

from generator.content.model import Numbering
from generator.diagnostics import Diagnostics, Position
from generator.markdown.ids import IdRegistry
from generator.markdown.links import LocalLink
from generator.markdown.rendered import Heading, Resolution


@dataclass
class MarkdownContext:
    """Where a piece of Markdown comes from and the page it is rendered into."""

    path: str
    first_line: int
    diagnostics: Diagnostics
    ids: IdRegistry = field(default_factory=IdRegistry)
    numbering: Numbering = "none"
    """Which paragraphs take numbers: a body's as its front matter says; other texts none."""
    doc_id: str = "doc"
    folder: Path | None = None
    """The folder of the source file, against which image paths are resolved."""
    heading_base: int = 2
    """The level its headings start at: 2 for a body, deeper for text shown under a heading."""
    assets: list[tuple[str, Path]] = field(default_factory=list)
    margin: int = 0
    """Columns before the text on each of its lines in the file: a front-matter value's indentation."""
    lines: list[str] = field(default_factory=list)
    """The text being rendered, by line, to find where in a block a mistake is."""
    links: list[LocalLink] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)

    def position(self, token: Token | None, texts: Sequence[str] = ()) -> Position:
        """Where in the file `token` is, the block that holds a mistake (markdown-it knows its lines
        only): where the first of `texts` found in its lines begins, else its first character."""
        first = token.map[0] if token is not None and token.map else 0
        last = token.map[1] if token is not None and token.map else first + 1
        return self.position_in(first, last, texts)

    def position_in(self, first: int, last: int, texts: Sequence[str] = ()) -> Position:
        """The same, for lines `first` to `last` (not included) of the text, counted from 0."""
        for text in texts:
            needle = text.split("\n", 1)[0]
            if not needle:
                continue
            for index in range(first, min(last, len(self.lines))):
                column = self.lines[index].find(needle)
                if column >= 0:
                    return Position(self.path, self.first_line + index, self.margin + column + 1)
        line = self.lines[first] if first < len(self.lines) else ""
        return Position(self.path, self.first_line + first, self.margin + len(line) - len(line.lstrip()) + 1)
