"""portal.yaml: a portal of several councils, each a site of its own published under a slug.

Every mistake in it is a located Diagnostic (file, line, column, hint), all of them reported together:
the YAML's own, then the settings' (pydantic, content/validation.py), then what only the portal knows
(a site root with no site.yaml, a slug given twice, a slug the portal's own pages use).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from generator.config import BaseUrl
from generator.content.frontmatter import parse_yaml
from generator.content.model import SLUG_PATTERN, Strict, Text, problem
from generator.content.validation import validate
from generator.diagnostics import Diagnostics, Position

PORTAL_FILE = "portal.yaml"
#: The portal's own pages and files, at the top of its output beside the councils' folders.
RESERVED_SLUGS = frozenset({"static", "search", "pagefind", "accessibility", "feed.xml", "index.html"})


def _council_slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise problem(
            "slug",
            "must be a slug: lower-case letters, digits and single hyphens",
            "the council's address under the portal, such as 'north-borough' for https://…/north-borough/",
        )
    return value


CouncilSlug = Annotated[str, AfterValidator(_council_slug)]


class CouncilEntry(Strict):
    slug: CouncilSlug
    """Where the council is published under the portal: <output>/<slug>/."""
    root: Text
    """The council's site: the folder holding its site.yaml and content/, from portal.yaml's folder."""


class PortalConfig(Strict):
    name: Text
    """The portal's name, shown in the header of its pages and as its feed's author."""
    title: Text = "Committee meetings and papers"
    """What the portal is, shown after its name."""
    language: Text = "en-GB"
    base_url: BaseUrl
    """Where the portal is published; each council is published at <base_url><slug>/, whatever its site.yaml says."""
    alternative_formats: Text = "Each council's own pages say how to ask it for a paper in another format."
    councils: list[CouncilEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Council:
    slug: str
    root: Path
    """The council's site folder, resolved."""


@dataclass(frozen=True)
class Portal:
    file: Path
    config: PortalConfig
    councils: tuple[Council, ...]

    @property
    def folder(self) -> Path:
        return self.file.parent

    def council_url(self, council: Council) -> str:
        return f"{self.config.base_url}{council.slug}/"


def load_portal(file: Path, diagnostics: Diagnostics) -> Portal | None:
    """The portal, or None with every mistake in `file` reported at its place."""
    name = file.name
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "there is no such file" if isinstance(error, FileNotFoundError) else str(error)
        diagnostics.error(
            Position(name), "portal-missing", f"the portal's settings could not be read: {reason}",
            f"write {PORTAL_FILE}: the portal's name, base_url and its councils, see docs/scaling.md",
        )  # fmt: skip
        return None
    document = parse_yaml(name, text, diagnostics)
    if document is None:
        return None
    config = validate(document, PortalConfig, diagnostics)
    # What only the portal knows is checked even when the settings have mistakes too: all reported together.
    entries = document.data.get("councils") if isinstance(document.data, dict) else None
    councils = []
    first_line: dict[str, int] = {}
    for number, entry in enumerate(entries if isinstance(entries, list) else []):
        slug, written_root = (entry.get("slug"), entry.get("root")) if isinstance(entry, dict) else (None, None)
        if isinstance(slug, str):
            _check_slug(slug, document.position_of(("councils", number, "slug")), first_line, diagnostics)
        if isinstance(written_root, str):
            root = (file.parent / written_root).resolve()
            if not (root / "site.yaml").is_file():
                found = "has no site.yaml" if root.is_dir() else "is not a folder"
                diagnostics.error(
                    document.position_of(("councils", number, "root")), "portal-root-missing",
                    f"the council's site root '{written_root}' {found} ({root})",
                    f"give the folder holding the council's site.yaml and content/, from {name}'s folder",
                )  # fmt: skip
            if isinstance(slug, str):
                councils.append(Council(slug, root))
    if config is None or diagnostics.has_errors:
        return None
    return Portal(file.resolve(), config, tuple(councils))


def _check_slug(slug: str, at: Position, first_line: dict[str, int], diagnostics: Diagnostics) -> None:
    """A slug given before, or taken by the portal's own pages (its form is the model's to check)."""
    if slug in first_line:
        diagnostics.error(
            at, "portal-slug-duplicate", f"the slug '{slug}' is given to two councils (first on line {first_line[slug]})",
            "give each council a slug of its own: it is the folder the council is published in",
        )  # fmt: skip
    elif slug in RESERVED_SLUGS:
        diagnostics.error(
            at, "portal-slug-reserved", f"the slug '{slug}' is taken by the portal's own pages",
            f"choose another; these are the portal's: {', '.join(sorted(RESERVED_SLUGS))}",
        )  # fmt: skip
    first_line.setdefault(slug, at.line)
