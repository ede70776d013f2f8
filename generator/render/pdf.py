"""PDF editions of papers and minutes, rendered by WeasyPrint from the same content as the pages.

WeasyPrint's PDF/UA-1 variant gives a tagged PDF with the title, language,
DisplayDocTitle and bookmarks for every heading; `pdf_fixes.py` adds what
it leaves out. Fonts come from Debian's fonts-liberation and are embedded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from generator.disk_cache import cache_key
from generator.page_ids import PAGE_IDS
from generator.markdown.links import LOCAL_LINK
from generator.parallel import spawned
from generator.render.pdf_cache import PdfCache
from generator.render.pdf_facts import PdfFacts
from generator.render.pdf_fixes import fix_pdf

#: Links from a PDF to other pages of the site (LOCAL_LINK): a PDF has no
#: folder to be relative to, so they are printed as plain text.
LOCAL_ANCHOR = re.compile(r'<a href="' + LOCAL_LINK + r'[^"]*"[^>]*>(.*?)</a>', re.S)
#: In a pack of several papers their anchors repeat (#para-1.1 in each), so
#: in-document links other than the pack's own item references become text,
#: keeping their class (a paragraph number hangs in the margin by it).
REPEATED_ANCHOR = re.compile(
    r'<a (?:class="([^"]*)" )?href="#(?!' + re.escape(PAGE_IDS.pack.item_prefix) + r')[^"]*"[^>]*>(.*?)</a>', re.S
)
PDF_VARIANT = "pdf/ua-1"
#: The modules whose code shapes a PDF: a change to any of them renders every PDF again.
PDF_CODE = ("pdf.py", "pdf_fetcher.py", "pdf_fixes.py", "pdf_structure_tree.py", "large_print.py")
#: The sans-serif the PDF stylesheets name, from Debian's fonts-liberation; checked before rendering
#: so that a machine without it fails clearly instead of embedding whatever font it has.
PDF_FONT = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


@dataclass(frozen=True)
class Edition:
    name: str
    """Given to the PDF templates as `edition`, and the class of their body."""
    suffix: str
    """Added to the PDF's file name."""
    stylesheets: tuple[str, ...]
    """Under templates/pdf/, applied in order."""
    manner: str
    """How the download link names it: 'Download this report in large print, as a PDF'."""
    short_name: str
    """How the alternative-formats notice names it: 'large-print PDF'."""

    def link_text(self, what: str, pack: bool) -> str:
        return f"Download {what} {self.manner}as {'one' if pack else 'a'} PDF"


STANDARD = Edition("standard", "", ("print.css",), "", "PDF")
#: UKAAF / RNIB clear print: 18pt and larger, sans serif, left-aligned, wide tables split.
LARGE_PRINT = Edition("large-print", "-large-print", ("print.css", "large-print.css"), "in large print, ", "large-print PDF")
EDITIONS = (STANDARD, LARGE_PRINT)


@dataclass(frozen=True)
class PdfJob:
    html: str
    stylesheets: tuple[Path, ...]
    pack: bool
    """Several papers in one PDF (the agenda pack)."""
    base_folder: Path
    """Where the page's images are, for the PDF to embed them."""
    target: Path
    readable: tuple[Path, ...]
    """The folders WeasyPrint may read from (the staged site, the templates); nothing else is fetched."""
    site: Path
    """The staged site, which `base_folder` is in."""

    @property
    def tables(self) -> int:
        """How many tables the source has; the PDF must tag each as one Table."""
        return self.html.count("<table")


@dataclass(frozen=True)
class PdfRefused:
    """A PDF not made because it asked for a file outside its folders, a missing file or an address."""

    reason: str


@dataclass(frozen=True)
class PdfDocument:
    """A PDF the build made, and what its structure check needs to know about its source."""

    path: str
    tables: int


def strip_local_links(html: str) -> str:
    return LOCAL_ANCHOR.sub(r"\1", html)


def _unlinked(link: re.Match[str]) -> str:
    css_class, text = link.groups()
    return f'<span class="{css_class}">{text}</span>' if css_class else text


def render_pdf(job: PdfJob) -> PdfFacts | PdfRefused:
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle

    from generator.render.pdf_fetcher import SiteFetcher, site_url

    html = strip_local_links(job.html)
    if job.pack:
        html = REPEATED_ANCHOR.sub(_unlinked, html)
    fetcher = SiteFetcher(job.site, job.readable)
    document = HTML(string=html, base_url=site_url(job.site, job.base_folder), url_fetcher=fetcher)
    # The folder is made by the build, not here: a worker left running by a
    # killed build must not recreate a staging folder the next build removed.
    # The stylesheets' @counter-style rules (lists written "1)") reach the document only through one shared CounterStyle.
    counter_style = CounterStyle()
    stylesheets = [
        CSS(filename=str(stylesheet), url_fetcher=fetcher, counter_style=counter_style) for stylesheet in job.stylesheets
    ]
    document.write_pdf(job.target, stylesheets=stylesheets, pdf_variant=PDF_VARIANT, counter_style=counter_style)
    if fetcher.refused:
        job.target.unlink(missing_ok=True)
        return PdfRefused("; ".join(dict.fromkeys(fetcher.refused)))
    pages = fix_pdf(job.target)
    return PdfFacts(pages=pages, size=job.target.stat().st_size, tables=job.tables)


def render_all(jobs: list[PdfJob], processes: int, cache: Path | None = None) -> tuple[list[PdfFacts | PdfRefused], int]:
    """Render in parallel across processes, reusing PDFs whose inputs have not changed.

    Returns the facts (or why the PDF was refused) in the order of `jobs`, and how many PDFs were rendered.
    """
    kept = PdfCache(cache)
    keys = [pdf_key(job) for job in jobs]
    results: list[PdfFacts | PdfRefused | None] = [kept.reuse(key, job.target, job.tables) for key, job in zip(keys, jobs)]
    missing = [index for index, result in enumerate(results) if result is None]
    fresh = _render_many([jobs[index] for index in missing], processes)
    for index, facts in zip(missing, fresh):
        results[index] = facts
        if isinstance(facts, PdfFacts):
            kept.remember(keys[index], jobs[index].target, facts)
    return [facts for facts in results if facts is not None], len(missing)


def _render_many(jobs: list[PdfJob], processes: int) -> list[PdfFacts | PdfRefused]:
    # Spawned, not forked: a forked worker would inherit the build lock and, if
    # the build were killed, hold it until it finished its PDF.
    return spawned(render_pdf, jobs, processes, "Rendering PDFs")


IMAGE_SOURCE = re.compile(r'<img[^>]+src="([^":]+)"')


def pdf_key(job: PdfJob) -> str:
    """Everything that goes into the PDF: its HTML, stylesheet, images, font, and the code and versions that make it."""
    import weasyprint

    parts = [
        job.html.encode(),
        *(stylesheet.read_bytes() for stylesheet in job.stylesheets),
        b"pack" if job.pack else b"single",
        weasyprint.__version__.encode(),
        pikepdf.__version__.encode(),
        *(Path(__file__).with_name(module).read_bytes() for module in PDF_CODE),
        str(PDF_FONT.stat().st_size if PDF_FONT.exists() else 0).encode(),
    ]
    for source in sorted(set(IMAGE_SOURCE.findall(job.html))):
        image = job.base_folder / source
        parts.append(image.read_bytes() if image.is_file() else b"missing")
    return cache_key(*parts)
