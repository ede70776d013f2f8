"""Benchmark the formats besides HTML and PDF: seconds per document for each registered format, with one
and two processes, and a rebuild with nothing changed, which must render none.

For the example site (its four papers, the minutes and the agenda pack), each
format in formats/registry.py FORMATS is rendered for every document with no
cache, once with one process and once with two; the seconds per document are
printed for each, with the speed-up. Then the site is built twice into one
output with a cache, the second time with a build record that no longer
matches (a full build), and the number of format files it rendered is
printed: it must be 0, each taken from the cache.

    .venv/bin/python bench/formats.py [--formats text,braille]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.build import build, load_site  # noqa: E402
from generator.diagnostics import Diagnostics  # noqa: E402
from generator.executors import ExecutorChoice, Units  # noqa: E402
from generator.formats.registry import FORMATS, Format  # noqa: E402
from generator.render.pages import plan_pages  # noqa: E402
from generator.render.writer import SiteWriter  # noqa: E402
from tests.example_site import EXAMPLE_TODAY  # noqa: E402


def render_every_document(format: Format, staging: Path, processes: int) -> tuple[float, int]:
    """Seconds and documents for making `format` of every document of the example, uncached."""
    diagnostics = Diagnostics()
    site = load_site(REPO, diagnostics, EXAMPLE_TODAY)
    if site is None or diagnostics.has_errors:
        raise SystemExit(diagnostics.report())
    pages = plan_pages(site, diagnostics)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    writer = SiteWriter(REPO, site, EXAMPLE_TODAY, staging, diagnostics, formats=(format,))
    start = time.perf_counter()
    writer.write_formats(pages, Units(ExecutorChoice(), processes), cache=None)
    seconds = time.perf_counter() - start
    if diagnostics.has_errors:
        raise SystemExit(diagnostics.report())
    return seconds, writer.formats_rendered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--formats", default=",".join(format.name for format in FORMATS), help="names, comma-separated")
    arguments = parser.parse_args()
    chosen = [format for format in FORMATS if format.name in arguments.formats.split(",")]
    with tempfile.TemporaryDirectory(prefix="clerk-bench-formats-") as temporary:
        scratch = Path(temporary)
        for format in chosen:
            per_document = {}
            for processes in (1, 2):
                seconds, documents = render_every_document(format, scratch / format.name, processes)
                per_document[processes] = seconds / max(documents, 1)
                print(f"{format.name}: {documents} documents, {processes} process(es): {seconds:.2f} s, "
                      f"{per_document[processes]:.3f} s per document")  # fmt: skip
            print(f"{format.name}: speed-up with two processes {per_document[1] / per_document[2]:.2f}x")
        output, cache = scratch / "build", scratch / "cache"
        first = build(REPO, output, today=EXAMPLE_TODAY, gate=None, pdfs=False, cache_folder=cache)
        shutil.rmtree(cache / "build-records")  # the next build is a full one, its formats from the cache
        second = build(REPO, output, today=EXAMPLE_TODAY, gate=None, pdfs=False, cache_folder=cache)
        print(f"rebuild with nothing changed: {first.formats_rendered} rendered first, {second.formats_rendered} the second time")
        return 0 if second.formats_rendered == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
