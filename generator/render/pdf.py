"""PDF editions of papers and minutes, rendered by WeasyPrint from the same content as the pages.

WeasyPrint's PDF/UA-1 variant gives a tagged PDF with the title, language,
DisplayDocTitle and bookmarks for every heading; `pdf_fixes.py` adds what
it leaves out. Fonts come from Debian's fonts-liberation and are embedded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from generator.atomic_write import write_atomically
from generator.disk_cache import CacheFolder, cache_key
from generator.executors import UnitFailed, Units
from generator.page_ids import PAGE_IDS
from generator.markdown.links import LOCAL_LINK
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
class PdfUnit:
    """Everything one PDF is made from, sent to whichever worker makes it (executors.py): no worker reads
    the site's files, so a worker on another machine makes the same PDF."""

    html: str
    stylesheets: tuple[bytes, ...]
    """The PDF stylesheets' text, applied in order."""
    pack: bool
    """Several papers in one PDF (the agenda pack)."""
    base_url: str
    """The page's folder under SITE_URL, which its images are named from."""
    files: tuple[tuple[str, bytes], ...]
    """The files of the site the HTML shows (its images), by their path in the site."""
    missing: tuple[str, ...]
    """Images the HTML names that the site does not have: left out of the PDF, as WeasyPrint leaves out a missing file."""
    environment: str
    """`pdf_environment()` of the build: the worker must have the same fonts, code and versions."""

    @property
    def tables(self) -> int:
        """How many tables the source has; the PDF must tag each as one Table."""
        return self.html.count("<table")


@dataclass(frozen=True)
class PdfJob:
    """A PDF to make, and where the build puts it."""

    unit: PdfUnit
    target: Path

    @property
    def tables(self) -> int:
        return self.unit.tables


@dataclass(frozen=True)
class MadePdf:
    """What a worker gives back: the PDF's bytes and its page count."""

    data: bytes
    pages: int


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


def pdf_unit(html: str, stylesheets: tuple[Path, ...], pack: bool, site: Path, page_folder: Path) -> PdfUnit:
    """The unit for a page's PDF, its images read from the staged `site` (the page's are in `page_folder`)."""
    from generator.render.pdf_fetcher import site_url

    files, missing = [], []
    top = site.resolve()
    for source in sorted(set(IMAGE_SOURCE.findall(html))):
        image = (page_folder / source).resolve()
        if image.is_relative_to(top) and image.is_file():
            files.append((image.relative_to(top).as_posix(), image.read_bytes()))
        else:
            # Outside the site: the fetcher refuses it, as the second line of defence it is.
            missing.append(source)
    return PdfUnit(
        html, tuple(stylesheet.read_bytes() for stylesheet in stylesheets), pack, site_url(site, page_folder),
        tuple(files), tuple(missing), pdf_environment(),
    )  # fmt: skip


def render_pdf(unit: PdfUnit) -> MadePdf | PdfRefused:
    """In a worker: the PDF's bytes, made from the unit alone."""
    import tempfile

    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle

    from generator.render.pdf_fetcher import CarriedFiles

    if unit.environment != pdf_environment():
        raise RuntimeError(
            "this worker's fonts, WeasyPrint, pikepdf or Clerk differ from the build's; install the same versions on every worker"
        )
    html = strip_local_links(unit.html)
    if unit.pack:
        html = REPEATED_ANCHOR.sub(_unlinked, html)
    fetcher = CarriedFiles(dict(unit.files))
    document = HTML(string=html, base_url=unit.base_url, url_fetcher=fetcher)
    # The stylesheets' @counter-style rules (lists written "1)") reach the document only through one shared CounterStyle.
    counter_style = CounterStyle()
    stylesheets = [
        CSS(string=stylesheet.decode("utf-8"), url_fetcher=fetcher, counter_style=counter_style) for stylesheet in unit.stylesheets
    ]
    with tempfile.TemporaryDirectory(prefix="clerk-pdf-") as folder:
        target = Path(folder) / "made.pdf"
        document.write_pdf(target, stylesheets=stylesheets, pdf_variant=PDF_VARIANT, counter_style=counter_style)
        if fetcher.refused:
            return PdfRefused("; ".join(dict.fromkeys(fetcher.refused)))
        pages = fix_pdf(target)
        return MadePdf(target.read_bytes(), pages)


def render_all(jobs: list[PdfJob], units: Units, cache: CacheFolder | None = None) -> tuple[list[PdfFacts | PdfRefused | UnitFailed], int]:
    """Render on `units`' executor, reusing PDFs whose inputs have not changed; each made PDF is written to its target.

    Returns the facts (or why the PDF was refused, or failed) in the order of `jobs`, and how many PDFs were rendered.
    """
    kept = PdfCache(cache)
    keys = [pdf_key(job.unit) for job in jobs]
    results: list[PdfFacts | PdfRefused | UnitFailed | None] = [
        kept.reuse(key, job.target, job.tables) for key, job in zip(keys, jobs)
    ]
    missing = [index for index, result in enumerate(results) if result is None]
    fresh = units.run(render_pdf, [jobs[index].unit for index in missing], "Rendering PDFs")
    for index, made in zip(missing, fresh):
        job = jobs[index]
        if isinstance(made, MadePdf):
            write_atomically(job.target, made.data)
            facts = PdfFacts(pages=made.pages, size=len(made.data), tables=job.tables)
            kept.remember(keys[index], job.target, facts)
            results[index] = facts
        else:
            results[index] = made
    return [facts for facts in results if facts is not None], len(missing)


IMAGE_SOURCE = re.compile(r'<img[^>]+src="([^":]+)"')


def pdf_key(unit: PdfUnit) -> str:
    """Everything that goes into the PDF: its HTML, stylesheets, images, and the fonts, code and versions that make it."""
    parts: list[bytes | str] = [unit.html, *unit.stylesheets, b"pack" if unit.pack else b"single", unit.base_url, unit.environment]
    for path, data in unit.files:
        parts += [path, data]
    parts += [f"missing:{source}" for source in unit.missing]
    return cache_key(*parts)


@functools.cache
def pdf_environment() -> str:
    """A hash of what a worker makes a PDF with besides the unit: the fonts the stylesheets name (by
    content), WeasyPrint's and pikepdf's versions and the code of Clerk's PDF modules."""
    import weasyprint

    fonts = sorted(PDF_FONT.parent.glob("LiberationSans*.ttf"))
    return cache_key(
        weasyprint.__version__,
        pikepdf.__version__,
        *(Path(__file__).with_name(module).read_bytes() for module in PDF_CODE),
        *(part for font in fonts for part in (font.name, font.read_bytes())),
    )
