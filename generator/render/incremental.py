"""What an incremental build may take from the last published build instead of rendering it again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.render.dependencies import depends_on


@dataclass(frozen=True)
class PdfRecord:
    """What a page needs to know of a PDF it offers, and its structure check of its source."""

    pages: int
    size: int
    tables: int


@dataclass(frozen=True)
class Reuse:
    previous: Path
    """The published build."""
    changed: set[str]
    """Content files whose bytes changed since it was built (none were added or removed)."""
    dependencies: dict[str, frozenset[str]]
    """Each output of the last build: the content it was made from."""
    pdfs: dict[str, PdfRecord]

    def reusable(self, path: str) -> bool:
        sources = self.dependencies.get(path)
        return sources is not None and not depends_on(sources, self.changed) and (self.previous / path).is_file()
