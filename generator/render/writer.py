"""Write rendered pages, their images and the static files into a staging folder."""

from __future__ import annotations

import datetime as dt
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from generator.content.site import Site
from generator.diagnostics import Diagnostics, Position
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import Page
from generator.render.large_print import split_wide_tables
from generator.render.pages import PACK_NAME
from generator.render.pdf import EDITIONS, LARGE_PRINT, PDF_FONT, Edition, PdfDocument, PdfJob, local_link, render_all


@dataclass(frozen=True)
class Download:
    url: str
    label: str
    facts: str


class SiteWriter:
    def __init__(self, root: Path, site: Site, today: dt.date, staging: Path, diagnostics: Diagnostics):
        self.root = root
        self.staging = staging
        self.diagnostics = diagnostics
        self.folders = template_folders(root)
        self.renderer = HtmlRenderer(self.folders, site, today)
        self.pdfs_rendered = 0

    def write(self, pages: list[Page]) -> None:
        for page in pages:
            try:
                html = self.renderer.render(page)
            except TemplateError as error:
                self.diagnostics.error(self._template_position(error), "template", f"the template failed: {error}")
                continue
            target = self.staging / page.output_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            self._copy_assets(page)

    def write_pdfs(self, pages: list[Page], processes: int, cache: Path | None = None) -> list[PdfDocument]:
        """Render each page's PDF editions and list them among the page's downloads.

        PDFs whose inputs are unchanged are copied from `cache` instead of rendered again.
        """
        jobs: list[tuple[Page, Edition, PdfJob]] = []
        if not PDF_FONT.is_file():
            self.diagnostics.error(
                Position(str(PDF_FONT)),
                "font-missing",
                "the Liberation Sans font that PDFs embed is not installed",
                "run `make build` as root, or `apt-get install fonts-liberation`",
            )
            return []
        for page in pages:
            if page.pdf_template is None:
                continue
            self._copy_assets(page)
            page.context["downloads"] = []
            for edition in EDITIONS:
                try:
                    html = self.renderer.render(page, template=page.pdf_template, url=local_link, edition=edition.name)
                except TemplateError as error:
                    self.diagnostics.error(self._template_position(error), "template", f"the template failed: {error}")
                    break
                if edition is LARGE_PRINT:
                    html = split_wide_tables(html)
                target = self.staging / page.pdf_path(edition.suffix)
                target.parent.mkdir(parents=True, exist_ok=True)
                stylesheets = tuple(self._pdf_stylesheet(name) for name in edition.stylesheets)
                jobs.append((page, edition, PdfJob(html, stylesheets, page.pdf_name == PACK_NAME, self.staging / page.url, target)))
        facts_list, self.pdfs_rendered = render_all([job for _, _, job in jobs], processes, cache)
        for (page, edition, job), facts in zip(jobs, facts_list):
            what = {
                "minutes.html": "the minutes",
                "meeting.html": "the agenda pack: the agenda and all its papers,",
            }.get(page.template, "this report")
            page.context["downloads"].append(
                Download(page.pdf_path(edition.suffix), edition.link_text(what, job.pack), facts.describe())
            )
        return [PdfDocument(page.pdf_path(edition.suffix), job.tables) for page, edition, job in jobs]

    def _pdf_stylesheet(self, name: str) -> Path:
        for folder in self.folders:
            if (folder / "pdf" / name).is_file():
                return folder / "pdf" / name
        raise FileNotFoundError(f"templates/pdf/{name}")

    def _copy_assets(self, page: Page) -> None:
        for relative, source in page.assets:
            asset = self.staging / page.url / relative
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

    def _template_position(self, error: TemplateError) -> Position:
        """Where in a template it failed: Jinja's own line, else the innermost template frame."""
        name = getattr(error, "filename", None)
        line = getattr(error, "lineno", None)
        if name is None:
            for frame in reversed(traceback.extract_tb(error.__traceback__)):
                if frame.filename.endswith(".html"):
                    name, line = frame.filename, frame.lineno
                    break
        name = name or "templates"
        try:
            name = Path(name).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            pass
        return Position(str(name), line or 1, 1)
