"""PDF editions of papers and minutes, rendered by WeasyPrint from the same content as the pages.

WeasyPrint's PDF/UA-1 variant gives a tagged PDF with the title, language,
DisplayDocTitle and bookmarks for every heading; `pdf_fixes.py` adds what
it leaves out. Fonts come from Debian's fonts-liberation and are embedded.
"""

from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.render.pdf_fixes import fix_pdf

#: Links from a PDF to other pages of the site: a PDF has no folder to be
#: relative to, so they are printed as plain text.
LOCAL_LINK = "clerk-local:"
LOCAL_ANCHOR = re.compile(r'<a href="' + LOCAL_LINK + r'[^"]*"[^>]*>(.*?)</a>', re.S)
#: In a pack of several papers their anchors repeat (#para-1.1 in each), so
#: in-document links other than the pack's own item references become text.
REPEATED_ANCHOR = re.compile(r'<a (?:class="[^"]*" )?href="#(?!pack-item-)[^"]*"[^>]*>(.*?)</a>', re.S)
PDF_VARIANT = "pdf/ua-1"
#: The sans-serif the PDF stylesheets name, from Debian's fonts-liberation; checked before rendering
#: so that a machine without it fails clearly instead of embedding whatever font it has.
PDF_FONT = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


@dataclass(frozen=True)
class PdfJob:
    html: str
    stylesheet: Path
    pack: bool
    """Several papers in one PDF (the agenda pack)."""
    base_folder: Path
    """Where the page's images are, for the PDF to embed them."""
    target: Path


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    size: int

    def describe(self) -> str:
        """GOV.UK attachment style: 'PDF, 412 KB, 14 pages'."""
        size = f"{self.size / 1024:.0f} KB" if self.size < 1024 * 1024 else f"{self.size / 1024 / 1024:.1f} MB"
        return f"PDF, {size}, {self.pages} page{'s' if self.pages != 1 else ''}"


def local_link(target: str) -> str:
    return LOCAL_LINK + target


def strip_local_links(html: str) -> str:
    return LOCAL_ANCHOR.sub(r"\1", html)


def render_pdf(job: PdfJob) -> PdfFacts:
    from weasyprint import CSS, HTML

    html = strip_local_links(job.html)
    if job.pack:
        html = REPEATED_ANCHOR.sub(r"\1", html)
    document = HTML(string=html, base_url=str(job.base_folder) + "/")
    # The folder is made by the build, not here: a worker left running by a
    # killed build must not recreate a staging folder the next build removed.
    document.write_pdf(job.target, stylesheets=[CSS(filename=str(job.stylesheet))], pdf_variant=PDF_VARIANT)
    pages = fix_pdf(job.target)
    return PdfFacts(pages=pages, size=job.target.stat().st_size)


def render_all(jobs: list[PdfJob], processes: int) -> list[PdfFacts]:
    """Render in parallel across processes; results in the order of `jobs`."""
    if processes <= 1 or len(jobs) <= 1:
        return [render_pdf(job) for job in jobs]
    # Spawned, not forked: a forked worker would inherit the build lock and, if
    # the build were killed, hold it until it finished its PDF.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(processes, len(jobs)), mp_context=context) as pool:
        return list(pool.map(render_pdf, jobs))
