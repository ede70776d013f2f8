"""`clerk preview`: the site as it will be once released, drafts and embargoed papers included, for the
council's own reviewers. build.py does the work, given `preview=True`; what differs is decided here.

- What is shown: drafts and papers under embargo (withholding.py); exempt and confidential items stay
  withheld exactly as in a public build, and so does a paper on no agenda.
- Where it goes: its own output folder (build-preview/ by default, never build/, which is deployed) and
  its own cache (.clerk-preview-cache/), never .clerk-cache/: the public build reads that one, and CI
  shares it on the promise that it holds nothing withheld (cache_guard.py); nor site.yaml's shared cache (`build: shared_cache:`), for the same reason.
- What it claims: no public address. site.yaml's `base_url` is dropped, so no feeds and no sitemap are
  made, and the calendars, open data and JSON-LD hold only addresses inside the preview; robots.txt
  turns every crawler away (render/sitemap.py PREVIEW_ROBOTS). Every page carries the banner (templates/partials/preview_banner.html),
  `noindex, nofollow` and a title beginning "Preview: "; so do the PDFs' and other formats' titles and
  first lines (templates/pdf/base.html), since a PDF travels without the page around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.build_record import CACHE_FOLDER

if TYPE_CHECKING:  # cli.py reads the folders here before deciding whether to load the rest of Clerk (pydantic too)
    from generator.config import SiteConfig

PREVIEW_FOLDER = "build-preview"
PREVIEW_CACHE_FOLDER = ".clerk-preview-cache"


def cache_for(root: Path, preview: bool) -> Path:
    """The build cache a build of `root` uses by default: a preview never shares the public build's."""
    return root / (PREVIEW_CACHE_FOLDER if preview else CACHE_FOLDER)


def preview_config(config: SiteConfig) -> SiteConfig:
    """site.yaml as a preview reads it: without the public address, so nothing in it claims one, and without
    the shared cache, which other machines' public builds read and which must never hold a draft."""
    build = config.build.model_copy(update={"shared_cache": None})
    return config.model_copy(update={"base_url": None, "build": build})


def refused_folder(root: Path, output: Path, cache: Path) -> str | None:
    """Why a preview may not be written to `output` with `cache`, if it may not: into the public
    build's folder or cache, or from them, a draft would reach what is deployed or shared."""
    public = {(root / "build").resolve(), (root / CACHE_FOLDER).resolve()}
    for folder, what in ((output, "output folder"), (cache, "cache")):
        place = folder.resolve()
        if any(place == other or place.is_relative_to(other) or other.is_relative_to(place) for other in public):
            return f"a preview's {what} may not be {folder}: the public build and its cache would hold drafts"
    return None
