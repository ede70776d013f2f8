"""Benchmark PDF rendering: throughput with one and two processes, and a rebuild with nothing changed.

For the example site and a synthetic council (bench/synthetic_council.py,
200 papers by default), it renders every PDF edition (standard and large
print, papers, minutes and agenda packs) with no cache, once with one
process and once with two, and prints documents per second and pages per
second for each, and the speed-up. Then it builds the example site twice
with a PDF cache and times the second build, which renders no PDF.

    .venv/bin/python bench/pdf.py [--papers 200] [--skip-synthetic]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.gate import copy_site  # noqa: E402
from bench.synthetic_council import write_council  # noqa: E402
from generator.build import build, load_site  # noqa: E402
from generator.diagnostics import Diagnostics  # noqa: E402
from generator.executors import ExecutorChoice, Units  # noqa: E402
from generator.render.pages import plan_pages  # noqa: E402
from generator.render.writer import SiteWriter  # noqa: E402
from tests.example_site import EXAMPLE_TODAY  # noqa: E402


def render_every_pdf(root: Path, staging: Path, units: Units) -> tuple[float, int, int]:
    """Seconds, documents and pages for rendering all of the site's PDFs on `units`, uncached."""
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics, EXAMPLE_TODAY)
    if site is None or diagnostics.has_errors:
        raise SystemExit(diagnostics.report())
    pages = plan_pages(site, diagnostics)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    writer = SiteWriter(root, site, EXAMPLE_TODAY, staging, diagnostics)
    start = time.perf_counter()
    documents = writer.write_pdfs(pages, units, cache=None)
    seconds = time.perf_counter() - start
    page_count = 0
    for document in documents:
        with pikepdf.open(staging / document.path) as pdf:
            page_count += len(pdf.pages)
    return seconds, len(documents), page_count


def throughput(label: str, root: Path, scratch: Path, counts: tuple[int, ...] = (1, 2)) -> None:
    rates = {}
    for processes in counts:
        seconds, documents, pages = render_every_pdf(root, scratch / f"{processes}", Units(ExecutorChoice(), processes))
        rates[processes] = pages / seconds
        print(
            f"{label}, {processes} process{'es' if processes > 1 else ''}: {documents} PDFs, {pages} pages in {seconds:.1f} s"
            f" = {documents / seconds:.2f} documents/s, {pages / seconds:.1f} pages/s"
        )
    if len(rates) == 2:
        print(f"{label}: two processes render {rates[2] / rates[1]:.2f}x the pages per second of one")


def no_change_rebuild(root: Path, scratch: Path) -> None:
    cache = scratch / "cache"
    output = scratch / "out"
    first = build(root, output, today=EXAMPLE_TODAY, gate=None, cache_folder=cache)
    start = time.perf_counter()
    second = build(root, output, today=EXAMPLE_TODAY, gate=None, cache_folder=cache)
    seconds = time.perf_counter() - start
    print(
        f"example site rebuild with nothing changed (no browser checks): {seconds:.2f} s, "
        f"{second.pdfs_rendered} of {len(second.report.documents)} PDFs rendered (first build rendered {first.pdfs_rendered})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200, help="papers in the synthetic council")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--skip-example", action="store_true")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="process counts to time (default: 1 2)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        if not arguments.skip_example:
            example = copy_site(scratch / "example")
            throughput("example site", example, scratch / "example-pdfs", tuple(arguments.processes))
            no_change_rebuild(example, scratch / "rebuild")
        if not arguments.skip_synthetic:
            council = scratch / "council"
            papers = write_council(council, arguments.papers)
            throughput(f"synthetic council of {papers} papers", council, scratch / "council-pdfs", tuple(arguments.processes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
