"""Write the site into a staging folder: its pages (here), PDFs (pdf_writer.py), images and static
files (assets.py), taking what did not change from the last build (staged.py).

Every page reaches disk through `write_atomically`, the one way Clerk writes a file; `clerk serve`'s
preview renders through `SiteWriter.render` and writes the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from generator.atomic_write import write_atomically
from generator.content.feeds import Feed
from generator.content.site import Site
from generator.diagnostics import Diagnostic, Diagnostics
from generator.parallel import can_fork, forked
from generator.progress import progress
from generator.render.atom import atom_document
from generator.render.assets import PageAssets, copy_static
from generator.render.calendars import CalendarMaker, plan_calendars
from generator.render.html import HtmlRenderer, template_folders
from generator.render.open_data import data_files
from generator.render.pages import Page
from generator.render.pdf import PdfDocument
from generator.executors import Units
from generator.render.pdf_writer import PdfWriter
from generator.render.format_writer import FormatWriter
from generator.render.sitemap import PREVIEW_ROBOTS, ROBOTS_PATH, SITEMAP_PATH, sitemap
from generator.render.staged import Staged
from generator.formats.registry import Format, format_settings
from generator.render.template_errors import failed_in_template, template_diagnostic
from generator.disk_cache import CacheFolder


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
        self,
        root: Path,
        site: Site,
        today: dt.date,
        staging: Path,
        diagnostics: Diagnostics,
        compiled: Path | None = None,
        formats: tuple[Format, ...] = (),
    ):
        self.root = root
        self.staging = staging
        self.diagnostics = diagnostics
        self.folders = template_folders(root)
        self.renderer = HtmlRenderer(self.folders, site, today, compiled)
        self.staged = Staged(staging)
        self.assets = PageAssets(staging)
        self.pdfs = PdfWriter(root, self.renderer, self.folders, self.staged, self.assets, diagnostics)
        self.formats = FormatWriter(root, self.pdfs.print_html, self.staged, diagnostics, formats, format_settings(site.config))
        # The accessibility statement names the formats this build makes for every document (none with --no-formats).
        self.renderer.environment.globals["formats_offered"] = tuple(format.short_name for format in formats)
        self.pages_rendered = 0
        self.processes = 1
        """Processes to render HTML pages with, when there are many."""

    # What build.py sets and reads, kept where it is now held.
    reuse = property(lambda self: self.staged.reuse, lambda self, value: setattr(self.staged, "reuse", value))
    sparse = property(lambda self: self.staged.sparse, lambda self, value: setattr(self.staged, "sparse", value))
    dependencies = property(lambda self: self.staged.dependencies)
    reused = property(lambda self: self.staged.reused)
    pdf_facts = property(lambda self: self.pdfs.facts)
    pdfs_rendered = property(lambda self: self.pdfs.rendered)
    format_facts = property(lambda self: self.formats.facts)
    formats_rendered = property(lambda self: self.formats.rendered)

    def write_pdfs(self, pages: list[Page], units: Units, cache: CacheFolder | None = None) -> list[PdfDocument]:
        """PDFs first: each page lists its PDFs' size and page count (see pdf_writer.py)."""
        return self.pdfs.write(pages, units, cache)

    def write_formats(self, pages: list[Page], units: Units, cache: CacheFolder | None = None) -> None:
        """Plain text, braille, audio, EPUB, before the pages that list them (see format_writer.py)."""
        self.formats.write(pages, units, cache)

    def render(self, page: Page, **context: Any) -> str:
        """The page's HTML as the build writes it, with its PDFs' download links."""
        return self.renderer.render(page, **self._context(page), **context)

    def write(self, pages: list[Page], fresh: bool = False, **context: Any) -> None:
        """Render and write `pages`; in an incremental build, a page whose sources did not change
        is taken from the last build instead, unless `fresh` (pages made from check results).
        Many pages are shared out across the cores (parallel.py)."""
        # Each page just before its large-print view, in the same worker, so that the view takes
        # what it shows the same (a register's rows) from the page (html.py sharing_parts).
        pages = sorted(pages, key=lambda page: page.standard_url if page.large_print else page.url)
        with self.renderer.sharing_parts():
            if can_fork(len(pages), self.processes):
                self._write_forked(pages, fresh, context)
                return
            with progress("Writing pages", len(pages)) as advance:
                for page in pages:
                    self._write_page(page, fresh, context)
                    advance()

    def write_feeds(self, feeds: list[Feed]) -> None:
        """The Atom feeds (render/atom.py): made afresh each build, being cheap and made from every
        meeting; under serve, one that came out the same is left alone (publish.publish_changes)."""
        for feed in feeds:
            write_atomically(self.staging / feed.path, atom_document(feed, self.renderer.site.config))

    def write_accessibility_pages(self, pages: list[Page], report: Any) -> None:
        """The statement and the report page, from `report` (checks/report.py, which they show):
        made from the checks' results, so always made afresh."""
        self.write(pages, fresh=True, report=report)

    def rewrite_changed(self, pages: list[Page], report: Any) -> list[Page]:
        """Render the accessibility pages again from `report`; those that came out different are written and returned."""
        changed = []
        for page in pages:
            html = self.render(page, report=report)
            target = self.staging / page.output_path
            if target.read_text(encoding="utf-8") != html:
                write_atomically(target, html)
                changed.append(page)
        return changed

    def write_open_data(self, pages: list[Page]) -> None:
        """The open data under data/ with its schemas (open_data.py), and sitemap.xml of `pages`
        (every page, both views, the accessibility pages too) where site.yaml gives the site's
        address; a preview's robots.txt (preview_build.py). Made afresh by every build that writes: a few files, cheap to make; under
        `clerk serve` those that came out the same are left alone (publish.publish_changes)."""
        site = self.renderer.site
        for path, data in data_files(site, pages, self.pdf_facts, self.format_facts):
            write_atomically(self.staging / path, data)
        if site.config.base_url is not None:
            write_atomically(self.staging / SITEMAP_PATH, sitemap(site.config.base_url, pages))
        if site.preview:
            write_atomically(self.staging / ROBOTS_PATH, PREVIEW_ROBOTS)

    def built(self, path: str) -> Path:
        return self.staged.built(path)

    def write_calendars(self, site: Site) -> None:
        """The iCalendar files (render/calendars.py): taken from the last build when it may be, as
        only a change that means a full build can change them; else made, git read once for all."""
        calendars = plan_calendars(site)
        missing = [calendar for calendar in calendars if not self.staged.take_unchanged(calendar.path)]
        if missing:
            maker = CalendarMaker(self.root, site)
            for calendar in missing:
                write_atomically(self.staging / calendar.path, maker.ics(calendar))

    def copy_static(self) -> None:
        copy_static(self.folders, self.staging)

    def _write_forked(self, pages: list[Page], fresh: bool, context: dict[str, Any]) -> None:
        for name in sorted({page.template for page in pages}):
            self.renderer.environment.get_template(name)  # compiled once, before the fork

        def write_part(part: range) -> _Written:
            # In a worker: its own copy of this writer, emptied so that it returns only this part's results.
            self.staged.dependencies, self.staged.reused, self.pages_rendered = {}, set(), 0
            reported = len(self.diagnostics.items)
            for index in part:
                self._write_page(pages[index], fresh, context)
            return _Written(len(part), self.dependencies, self.reused, self.pages_rendered, self.diagnostics.items[reported:])

        with forked(write_part, len(pages), self.processes) as results:
            with progress("Writing pages", len(pages)) as advance:
                for written in results:
                    self.dependencies.update(written.dependencies)
                    self.reused.update(written.reused)
                    self.pages_rendered += written.pages_rendered
                    for diagnostic in written.diagnostics:
                        self.diagnostics.add(diagnostic)
                    advance(written.pages)

    def _write_page(self, page: Page, fresh: bool, context: dict[str, Any]) -> None:
        path = page.output_path
        if not fresh and self.staged.reusable(path):
            if not self.sparse:
                self.assets.copy(page)
            self._depends(page, self.staged.take_previous(path))
            return
        self.assets.copy(page)
        try:
            html, sources = self.renderer.render_recording(page, **self._context(page), **context)
        except Exception as error:
            if not failed_in_template(error):
                raise
            self.diagnostics.add(template_diagnostic(error, self.root, page.output_path, page.source))
            return
        if not fresh:
            # A page lists its PDFs' size and page count, so it is made from what they are made from.
            offered = page.standard_url or page.url
            self._depends(page, sources | self.pdfs.sources.get(offered, frozenset()) | self.formats.sources.get(offered, frozenset()))
        write_atomically(self.staging / path, html)
        self.pages_rendered += 1

    def _context(self, page: Page) -> dict[str, Any]:
        """What the page is given besides its own context: the links to its PDFs and other formats (a page
        of the large-print view offers those of its standard page)."""
        offered = page.standard_url or page.url
        return {"downloads": self.pdfs.downloads.get(offered, []) + self.formats.downloads.get(offered, [])}

    def _depends(self, page: Page, sources: frozenset[str]) -> None:
        """Record the page's sources, for it and for its images: an image is an output like the page,
        so that a build that shows other images than the last is seen to (see build._outputs)."""
        for path in (page.output_path, *page.asset_paths):
            self.dependencies[path] = sources
