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

With `--audio-memory`, it instead records the 100-section paper of
tests/test_scaling.py (about two hours of speech) in a process of its own, as a
worker does, and prints that process's peak memory (maximum resident set
size) and seconds: a recording must not hold its whole sound in memory.

    .venv/bin/python bench/formats.py --audio-memory
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
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


def processor_seconds() -> float:
    """Processor time of this process and of its children and theirs that have ended (workers, espeak-ng, …)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def render_every_document(format: Format, staging: Path, processes: int) -> tuple[float, float, int]:
    """Seconds (on the clock and of processor time) and documents for making `format` of every document of the
    example, uncached. On a busy machine the clock says little; processor time is the work done."""
    diagnostics = Diagnostics()
    site = load_site(REPO, diagnostics, EXAMPLE_TODAY)
    if site is None or diagnostics.has_errors:
        raise SystemExit(diagnostics.report())
    pages = plan_pages(site, diagnostics)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    writer = SiteWriter(REPO, site, EXAMPLE_TODAY, staging, diagnostics, formats=(format,))
    start, work = time.perf_counter(), processor_seconds()
    writer.write_formats(pages, Units(ExecutorChoice(), processes), cache=None)
    seconds, work = time.perf_counter() - start, processor_seconds() - work
    if diagnostics.has_errors:
        raise SystemExit(diagnostics.report())
    return seconds, work, writer.formats_rendered


def record_large_paper(folder: Path) -> None:
    """In this process: the audio of test_scaling.py's 100-section paper, with its peak memory and seconds printed."""
    from generator.formats import audio
    from generator.formats.document import read_document
    from generator.formats.output import FormatSettings, FormatSource
    from generator.markdown.links import local_link
    from generator.render.html import HtmlRenderer, template_folders
    from tests.sitekit import make_site
    from tests.test_scaling import PAPER, _paper

    root = make_site(folder, {PAPER: _paper(100)})
    diagnostics = Diagnostics()
    today = dt.date(2030, 1, 1)
    site = load_site(root, diagnostics, today)
    assert site is not None, diagnostics.report()
    page = next(page for page in plan_pages(site, diagnostics) if page.source.endswith(PAPER))
    html = HtmlRenderer(template_folders(root), site, today).render(
        page, template=page.pdf_template, url=local_link, large_type=False, edition="standard", downloads=[]
    )
    source = FormatSource(html, read_document(html), page.url)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    output = audio.render(source, FormatSettings(site.config.council, site.config.language))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"audio of the 100-section paper: {output.duration / 60:.0f} min of speech, {len(output.data) / 1e6:.1f} MB,"
          f" {seconds:.0f} s; worker's peak memory {peak / 1024:.0f} MB ({before / 1024:.0f} MB before recording)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--formats", default=",".join(format.name for format in FORMATS), help="names, comma-separated")
    parser.add_argument("--audio-memory", action="store_true", help="the peak memory of recording a large paper")
    parser.add_argument("--record-large-paper", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.record_large_paper:
        with tempfile.TemporaryDirectory(prefix="clerk-bench-audio-") as temporary:
            record_large_paper(Path(temporary))
        return 0
    if arguments.audio_memory:
        # A process of its own, so that its peak memory is the recording's and not the benchmark's.
        return subprocess.run([sys.executable, __file__, "--record-large-paper"], check=False).returncode
    chosen = [format for format in FORMATS if format.name in arguments.formats.split(",")]
    with tempfile.TemporaryDirectory(prefix="clerk-bench-formats-") as temporary:
        scratch = Path(temporary)
        for format in chosen:
            per_document = {}
            for processes in (1, 2):
                seconds, work, documents = render_every_document(format, scratch / format.name, processes)
                per_document[processes] = seconds / max(documents, 1)
                print(f"{format.name}: {documents} documents, {processes} process(es): {seconds:.2f} s, "
                      f"{per_document[processes]:.3f} s per document, {work:.2f} s of processor time")  # fmt: skip
            print(f"{format.name}: speed-up with two processes {per_document[1] / per_document[2]:.2f}x")
        output, cache = scratch / "build", scratch / "cache"
        first = build(REPO, output, today=EXAMPLE_TODAY, gate=None, pdfs=False, cache_folder=cache)
        shutil.rmtree(cache / "build-records")  # the next build is a full one, its formats from the cache
        second = build(REPO, output, today=EXAMPLE_TODAY, gate=None, pdfs=False, cache_folder=cache)
        print(f"rebuild with nothing changed: {first.formats_rendered} rendered first, {second.formats_rendered} the second time")
        return 0 if second.formats_rendered == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
