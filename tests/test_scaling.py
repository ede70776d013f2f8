"""A paper's build time grows in proportion to its length, not faster.

A 1.9 MB paper (under the 2 MiB limit) once took minutes: ids were made
unique by trying -2, -3, -4 … afresh for every repeat of a heading or table
caption, and the link-text check copied the rest of a paragraph for every
link in it. Both were quadratic. A paper four times as long must take about
four times as long to build; a quadratic step makes it sixteen.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from bench.large_paper import FRONT_MATTER, PAPER
from generator.build import build
from tests.sitekit import make_site

#: Quadratic growth gives 16 for a paper four times as long; linear gives 4, plus noise and fixed costs.
MOST_GROWTH = 8.0


def _paper(blocks: int) -> str:
    """What officers repeat: the same sub-heading and table caption in every section, and a long list of sources
    written as one paragraph of links."""
    table = "Table: Budget by service\n\n| Service | £m |\n|---|---|\n| Waste | {n} |\n\n"
    block = "## Part {n}\n\nSee [the budget book](https://example.gov.uk/budget).\n\n" + "### Findings\n\nNone.\n\n" * 8 + table * 2
    sources = "".join(f"[Audit report {n}](https://example.gov.uk/{n})\n" for n in range(blocks * 16))
    # A long run of spaces, as pasted from a PDF, once made the unsafe-link check quadratic.
    spaces = "The sources are listed in ](" + " " * (blocks * 20) + "the order they were read.\n\n"
    return FRONT_MATTER + "".join(block.format(n=n) for n in range(1, blocks + 1)) + "## Sources\n\n" + spaces + sources


def _seconds_to_build(tmp_path: Path, blocks: int) -> float:
    root = make_site(tmp_path / str(blocks), {PAPER: _paper(blocks)})
    fastest = float("inf")
    # The processor time of this process, not the clock: other work on the machine does not count.
    # The faster of two runs, against what noise is left (a collection of garbage, a cache).
    for _ in range(2):
        start = time.process_time()
        result = build(root, root / "build", today=dt.date(2030, 1, 1), gate=None, pdfs=False, formats=False, publish_site=False)
        fastest = min(fastest, time.process_time() - start)
        assert result.ok, result.diagnostics.items[:3]
    return fastest


def test_a_paper_four_times_as_long_takes_about_four_times_as_long_to_build(tmp_path):
    _seconds_to_build(tmp_path, 20)  # templates compiled and modules imported before anything is timed
    short = _seconds_to_build(tmp_path, 400)
    long = _seconds_to_build(tmp_path, 1600)
    assert long / short < MOST_GROWTH, f"{short:.2f} s for the paper, {long:.2f} s for one four times as long"
