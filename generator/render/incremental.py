"""What an incremental build may take from the last published build instead of rendering it again.

Kept free of heavy imports: `clerk build` reads it to find out, before
loading the rest of Clerk, whether there is anything to do at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.formats.facts import FormatFacts
from generator.render.pdf_facts import PdfFacts

#: A page that depends on the whole site: any change to content makes it again.
EVERYTHING = "*"
BODY = "#body"


def body_of(path: str) -> str:
    """The Markdown after a file's front matter, as a dependency and as a change of its own.

    A change to the body alone changes nothing but the rendered body, so it reaches only
    the outputs that showed it, not every page that lists the paper."""
    return path + BODY


def depends_on(dependencies: frozenset[str], changed: set[str]) -> bool:
    """Whether an output made from `dependencies` (files, folders ending in '/', bodies) must be made again."""
    folders = [dependency for dependency in dependencies if dependency.endswith("/")]
    for path in changed:
        if path.endswith(BODY):
            if path in dependencies:
                return True
        elif EVERYTHING in dependencies or path in dependencies or any(path.startswith(folder) for folder in folders):
            return True
    return False


@dataclass(frozen=True)
class Reuse:
    previous: Path
    """The published build."""
    changed: set[str]
    """Content files whose bytes changed since it was built (none were added or removed); a
    Markdown file whose front matter is as it was is here as its body (`body_of`)."""
    dependencies: dict[str, frozenset[str]]
    """Each output of the last build: the content it was made from."""
    pdfs: dict[str, PdfFacts]
    formats: dict[str, FormatFacts]
    """Each format file of the last build (plain text, braille…): its size and length, for the page that offers it."""

    def reusable(self, path: str) -> bool:
        """A Reuse is only made once every published file is known to be as it was left (see
        BuildRecord.reuse), so an output with a record is there to be taken."""
        sources = self.dependencies.get(path)
        return sources is not None and not depends_on(sources, self.changed)
