"""Each page's PDF editions, written into staging, and the download links they give the page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from generator.diagnostics import Diagnostics, Position
from generator.formats.facts import ChapterStart
from generator.markdown.links import local_link
from generator.render.assets import PageAssets
from generator.render.html import HtmlRenderer
from generator.render.pages import PACK_NAME, Page
from generator.executors import UnitFailed, Units
from generator.render.pdf import EDITIONS, LARGE_PRINT, PDF_FONT, STANDARD, Edition, PdfDocument, PdfJob, PdfRefused, pdf_unit, render_all
from generator.render.pdf_facts import PdfFacts
from generator.render.staged import Staged
from generator.render.template_errors import failed_in_template, template_diagnostic
from generator.disk_cache import CacheFolder


@dataclass(frozen=True)
class Download:
    url: str
    label: str
    facts: str
    short_name: str = ""
    """How the alternative-formats notice names it among the others: "large-print PDF", "plain text"."""
    chapters: tuple[ChapterStart, ...] = ()
    """A recording's chapters, listed under its link with their start times."""


class PrintHtml:
    """Each page's print HTML, with the files it was made from. The standard edition's is kept for the build: its
    other formats (format_writer.py) are made from the same HTML as its PDF, and it is rendered once."""

    def __init__(self, renderer: HtmlRenderer):
        self.renderer = renderer
        self.made: dict[str, tuple[str, frozenset[str]]] = {}

    def of(self, page: Page, edition: Edition = STANDARD) -> tuple[str, frozenset[str]]:
        if edition is STANDARD and page.url in self.made:
            return self.made[page.url]
        # A PDF lists no downloads: it is one; its other formats are made from it.
        made = self.renderer.render_recording(
            page, template=page.pdf_template, url=local_link, large_type=edition is LARGE_PRINT, edition=edition.name, downloads=[]
        )
        if edition is STANDARD:
            self.made[page.url] = made
        return made


def document_name(page: Page) -> str:
    """How a download link names the document it is an edition of."""
    return {
        "minutes.html": "the minutes",
        "meeting.html": "the agenda pack: the agenda and all its papers,",
    }.get(page.template, "this report")


class PdfWriter:
    def __init__(
        self, root: Path, renderer: HtmlRenderer, folders: list[Path], staged: Staged, assets: PageAssets, diagnostics: Diagnostics
    ):
        self.root = root
        self.renderer = renderer
        self.folders = folders
        self.staged = staged
        self.assets = assets
        self.diagnostics = diagnostics
        self.print_html = PrintHtml(renderer)
        self.rendered = 0
        self.facts: dict[str, PdfFacts] = {}
        self.sources: dict[str, frozenset[str]] = {}
        """By the URL of a page with PDFs: what its PDFs were made from."""
        self.downloads: dict[str, list[Download]] = {}
        """By the URL of a page with PDFs: the links to them, with their size and page count."""

    def write(self, pages: list[Page], units: Units, cache: CacheFolder | None = None) -> list[PdfDocument]:
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
        staged = self.staged
        editions: list[tuple[Page, Edition, str, PdfJob | None]] = []
        for page in pages:
            if page.pdf_template is None:
                continue
            self.assets.copy(page)
            for edition in EDITIONS:
                path = page.pdf_path(edition.suffix)
                if staged.reuse is not None and path in staged.reuse.pdfs and staged.reusable(path):
                    staged.dependencies[path] = staged.take_previous(path)
                    self.facts[path] = staged.reuse.pdfs[path]
                    editions.append((page, edition, path, None))
                    continue
                try:
                    html, sources = self.print_html.of(page, edition)
                except Exception as error:
                    if not failed_in_template(error):
                        raise
                    self.diagnostics.add(template_diagnostic(error, self.root, path, page.source))
                    break
                target = staged.folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                stylesheets = tuple(self._stylesheet(name) for name in edition.stylesheets)
                unit = pdf_unit(html, stylesheets, page.pdf_name == PACK_NAME, staged.folder, staged.folder / page.url)
                job = PdfJob(unit, target)
                staged.dependencies[path] = sources
                editions.append((page, edition, path, job))
        for page, _, path, _ in editions:
            if path in staged.dependencies:
                self.sources[page.url] = self.sources.get(page.url, frozenset()) | staged.dependencies[path]
        rendered = [(page, path, job) for page, _, path, job in editions if job is not None]
        facts_list, self.rendered = render_all([job for _, _, job in rendered], units, cache)
        for (page, path, _), facts in zip(rendered, facts_list):
            if isinstance(facts, PdfRefused):
                self._refused(page, path, facts)
            elif isinstance(facts, UnitFailed):
                self._failed(page, path, facts)
            else:
                self.facts[path] = facts
        editions = [edition for edition in editions if edition[2] in self.facts]
        for page, edition, path, _ in editions:
            facts = self.facts[path].describe()
            link_text = edition.link_text(document_name(page), page.pdf_name == PACK_NAME)
            download = Download(path, link_text, facts, edition.short_name)
            self.downloads.setdefault(page.url, []).append(download)
        return [PdfDocument(path, self.facts[path].tables) for _, _, path, _ in editions]

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

    def _failed(self, page: Page, path: str, failed: UnitFailed) -> None:
        """A PDF whose making raised, or whose worker was lost each time: the same located error on every executor."""
        hint = (
            "free memory on the machine (or the cluster's workers) and build again; if it happens again, the document"
            " may be too large to draw: split it"
            if failed.lost
            else "if it says a worker's fonts or versions differ, install the build's on every worker (docs/scaling.md);"
            " otherwise Clerk or its PDF libraries failed on this document: report it with this message"
        )
        self.diagnostics.error(Position(page.source), "pdf-failed", f"the PDF {path} was not made: {failed.reason}", hint)

    def _stylesheet(self, name: str) -> Path:
        for folder in self.folders:
            if (folder / "pdf" / name).is_file():
                return folder / "pdf" / name
        raise FileNotFoundError(f"templates/pdf/{name}")
