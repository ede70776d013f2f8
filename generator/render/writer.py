"""Write rendered pages, their images and the static files into a staging folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from generator.content.site import Site
from generator.diagnostics import Diagnostic, Diagnostics, Position
from generator.parallel import can_fork, forked
from generator.progress import progress
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import PACK_NAME, Page
from generator.render.template_errors import template_diagnostic
from generator.render.incremental import Reuse
from generator.render.pdf_facts import PdfFacts
from generator.render.pdf import (
    EDITIONS,
    LARGE_PRINT,
    PDF_FONT,
    Edition,
    PdfDocument,
    PdfJob,
    PdfRefused,
    render_all,
)
from generator.markdown.links import local_link


@dataclass(frozen=True)
class Download:
    url: str
    label: str
    facts: str


@dataclass(frozen=True)
class _Written:
    """What a worker did with its part of the pages."""

    pages: int
    dependencies: dict[str, frozenset[str]]
    reused: set[str]
    pages_rendered: int
    diagnostics: list[Diagnostic]


class SiteWriter:
    def __init__(
        self, root: Path, site: Site, today: dt.date, staging: Path, diagnostics: Diagnostics, compiled: Path | None = None
    ):
        self.root = root
        self.staging = staging
        self.diagnostics = diagnostics
        self.folders = template_folders(root)
        self.renderer = HtmlRenderer(self.folders, site, today, compiled)
        self.pdfs_rendered = 0
        self.pages_rendered = 0
        self.reuse: Reuse | None = None
        """Set for an incremental build: what may be taken from the last one."""
        self.dependencies: dict[str, frozenset[str]] = {}
        """Each page and PDF written: the content it was made from, for the next incremental build."""
        self.pdf_facts: dict[str, PdfFacts] = {}
        self.pdf_sources: dict[str, frozenset[str]] = {}
        """By the URL of a page with PDFs: what its PDFs were made from."""
        self.reused: set[str] = set()
        """Pages and PDFs taken from the last build: they passed its checks."""
        self.sparse = False
        """Stage only what is made afresh: what is reused is already in the output (`clerk serve`,
        which then moves the staged files into place one by one; see publish.publish_changes)."""
        self.processes = 1
        """Processes to render HTML pages with, when there are many."""
        self._assets_copied: set[str] = set()
        """Pages whose images are staged: a page with PDFs needs them for both its PDF and its HTML."""

    def write(self, pages: list[Page], fresh: bool = False) -> None:
        """Render and write `pages`; in an incremental build, a page whose sources did not change
        is taken from the last build instead, unless `fresh` (pages made from check results).
        Many pages are shared out across the cores (parallel.py)."""
        if can_fork(len(pages), self.processes):
            self._write_forked(pages, fresh)
            return
        with progress("Writing pages", len(pages)) as advance:
            for page in pages:
                self._write_page(page, fresh)
                advance()

    def _write_forked(self, pages: list[Page], fresh: bool) -> None:
        for name in sorted({page.template for page in pages}):
            self.renderer.environment.get_template(name)  # compiled once, before the fork

        def write_part(part: range) -> _Written:
            # In a worker: its own copy of this writer, emptied so that it returns only this part's results.
            self.dependencies, self.reused, self.pages_rendered = {}, set(), 0
            reported = len(self.diagnostics.items)
            for index in part:
                self._write_page(pages[index], fresh)
            return _Written(len(part), self.dependencies, self.reused, self.pages_rendered, self.diagnostics.items[reported:])

        with forked(write_part, len(pages), self.processes) as results:
            with progress("Writing pages", len(pages)) as advance:
                for written in results:
                    self.dependencies.update(written.dependencies)
                    self.reused |= written.reused
                    self.pages_rendered += written.pages_rendered
                    for diagnostic in written.diagnostics:
                        self.diagnostics.add(diagnostic)
                    advance(written.pages)

    def _write_page(self, page: Page, fresh: bool) -> None:
        path = page.output_path
        if not fresh and self.reuse is not None and self.reuse.reusable(path):
            if not self.sparse:
                self._copy_assets(page)
                self._link_previous(path)
            self._depends(page, self.reuse.dependencies[path])
            self.reused.add(path)
            return
        self._copy_assets(page)
        try:
            html, sources = self.renderer.render_recording(page)
        except TemplateError as error:
            self.diagnostics.add(template_diagnostic(error, self.root, page.output_path, page.source))
            return
        if not fresh:
            # A page lists its PDFs' size and page count, so it is made from what they are made from.
            self._depends(page, sources | self.pdf_sources.get(page.standard_url or page.url, frozenset()))
        target = self.staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.pages_rendered += 1

    def _depends(self, page: Page, sources: frozenset[str]) -> None:
        """Record the page's sources, for it and for its images: an image is an output like the page,
        so that a build that shows other images than the last is seen to (see build._outputs)."""
        for path in (page.output_path, *page.asset_paths):
            self.dependencies[path] = sources

    def write_pdfs(self, pages: list[Page], processes: int, cache: Path | None = None) -> list[PdfDocument]:
        """Render each page's PDF editions and list them among the page's downloads.

        PDFs whose inputs are unchanged are copied from `cache` instead of rendered
        again; in an incremental build, those whose sources did not change are
        taken from the last build without even rendering their HTML.
        """
        if not PDF_FONT.is_file():
            self.diagnostics.error(
                Position(str(PDF_FONT)),
                "font-missing",
                "the Liberation Sans font that PDFs embed is not installed",
                "run `make build` as root, or `apt-get install fonts-liberation`",
            )
            return []
        editions: list[tuple[Page, Edition, str, PdfJob | None]] = []
        for page in pages:
            if page.pdf_template is None:
                continue
            self._copy_assets(page)
            page.context["downloads"] = []
            for edition in EDITIONS:
                path = page.pdf_path(edition.suffix)
                if self.reuse is not None and path in self.reuse.pdfs and self.reuse.reusable(path):
                    if not self.sparse:
                        self._link_previous(path)
                    self.reused.add(path)
                    self.dependencies[path] = self.reuse.dependencies[path]
                    self.pdf_facts[path] = self.reuse.pdfs[path]
                    editions.append((page, edition, path, None))
                    continue
                try:
                    html, sources = self.renderer.render_recording(
                        page, template=page.pdf_template, url=local_link, large_type=edition is LARGE_PRINT, edition=edition.name
                    )
                except TemplateError as error:
                    self.diagnostics.add(template_diagnostic(error, self.root, path, page.source))
                    break
                target = self.staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                stylesheets = tuple(self._pdf_stylesheet(name) for name in edition.stylesheets)
                readable = (self.staging, *self.folders)
                job = PdfJob(html, stylesheets, page.pdf_name == PACK_NAME, self.staging / page.url, target, readable, self.staging)
                self.dependencies[path] = sources
                editions.append((page, edition, path, job))
        for page, _, path, _ in editions:
            if path in self.dependencies:
                self.pdf_sources[page.url] = self.pdf_sources.get(page.url, frozenset()) | self.dependencies[path]
        rendered = [(page, path, job) for page, _, path, job in editions if job is not None]
        facts_list, self.pdfs_rendered = render_all([job for _, _, job in rendered], processes, cache)
        for (page, path, _), facts in zip(rendered, facts_list):
            if isinstance(facts, PdfRefused):
                self._refused(page, path, facts)
            else:
                self.pdf_facts[path] = facts
        editions = [edition for edition in editions if edition[2] in self.pdf_facts]
        for page, edition, path, _ in editions:
            what = {
                "minutes.html": "the minutes",
                "meeting.html": "the agenda pack: the agenda and all its papers,",
            }.get(page.template, "this report")
            facts = self.pdf_facts[path].describe()
            page.context["downloads"].append(Download(path, edition.link_text(what, page.pdf_name == PACK_NAME), facts))
        return [PdfDocument(path, self.pdf_facts[path].tables) for _, _, path, _ in editions]

    def _refused(self, page: Page, path: str, refused: PdfRefused) -> None:
        """A PDF that asked for something outside the site: the Markdown checks should have caught
        the image that did, so this is reported as the second line of defence it is."""
        svgs = [shown for shown, _ in page.assets if shown.lower().endswith(".svg")]
        shown_by = f" (asked for by one of its images: {', '.join(svgs)})" if svgs else ""
        self.diagnostics.error(
            Position(page.source),
            "pdf-fetch-refused",
            f"the PDF {path} was not made: {refused.reason}{shown_by}",
            "an image may show only what is inside it; remove the reference from the image",
        )

    def built(self, path: str) -> Path:
        """Where an output of this build is: staged, or, when staging is sparse and it was reused, still published."""
        if self.sparse and path in self.reused and self.reuse is not None:
            return self.reuse.previous / path
        return self.staging / path

    def _link_previous(self, path: str) -> None:
        """Take an output from the last build: a hard link, so that nothing is copied; the staging
        copy is never written to, so the published file cannot change through it."""
        target = self.staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.reuse.previous / path, target)
        except OSError:
            shutil.copy2(self.reuse.previous / path, target)

    def _pdf_stylesheet(self, name: str) -> Path:
        for folder in self.folders:
            if (folder / "pdf" / name).is_file():
                return folder / "pdf" / name
        raise FileNotFoundError(f"templates/pdf/{name}")

    def _copy_assets(self, page: Page) -> None:
        if page.url in self._assets_copied:
            return
        self._assets_copied.add(page.url)
        for path, (_, source) in zip(page.asset_paths, page.assets):
            asset = self.staging / path
            asset.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, asset)

    def rewrite_changed(self, pages: list[Page]) -> list[Page]:
        """Render `pages` again; those that came out different are written and returned."""
        changed = []
        for page in pages:
            html = self.renderer.render(page)
            target = self.staging / page.output_path
            if target.read_text(encoding="utf-8") != html:
                target.write_text(html, encoding="utf-8")
                changed.append(page)
        return changed

    def copy_static(self) -> None:
        """Clerk's static files, then the site's own over them."""
        for folder in reversed(self.folders):
            source = folder / "static"
            if source.is_dir():
                shutil.copytree(source, self.staging / "static", dirs_exist_ok=True)
