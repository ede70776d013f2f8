"""What an incremental build may take from the last published build instead of rendering it again.

Kept free of heavy imports: `clerk build` reads it to find out, before
loading the rest of Clerk, whether there is anything to do at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.render.pdf_facts import PdfFacts

#: A page that depends on the whole site: any change to content makes it again.
EVERYTHING = "*"


def depends_on(dependencies: frozenset[str], changed: set[str]) -> bool:
    """Whether an output made from `dependencies` (files, and folders ending in '/') must be made again."""
    if EVERYTHING in dependencies:
        return bool(changed)
    folders = [dependency for dependency in dependencies if dependency.endswith("/")]
    return any(path in dependencies or any(path.startswith(folder) for folder in folders) for path in changed)


@dataclass(frozen=True)
class Reuse:
    previous: Path
    """The published build."""
    changed: set[str]
    """Content files whose bytes changed since it was built (none were added or removed)."""
    dependencies: dict[str, frozenset[str]]
    """Each output of the last build: the content it was made from."""
    pdfs: dict[str, PdfFacts]

    def reusable(self, path: str) -> bool:
        """A Reuse is only made once every published file is known to be as it was left (see
        BuildRecord.reuse), so an output with a record is there to be taken."""
        sources = self.dependencies.get(path)
        return sources is not None and not depends_on(sources, self.changed)
