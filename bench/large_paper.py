"""A long officer report in Clerk's format, grown to a given size, in one of several shapes.

`report_markdown(size, shape)` returns a report (front matter and body) of
about `size` bytes. The shapes stress different parts of the Markdown
pipeline, since a step that is worse than linear may show only with one:

- `mixed`: sections with numbered paragraphs, sub-headings, lists, tables,
  links, bold, footnotes, as an officer writes them;
- `headings`: many short sections (many headings and ids);
- `paragraphs`: few sections with very many short paragraphs;
- `table`: one table with very many rows;
- `tables`: very many small tables with the same caption;
- `list`: one list with very many items;
- `links`: one paragraph of very many links;
- `footnotes`: many footnote references and definitions;
- `one-paragraph`: one enormous paragraph.

The text is deterministic, so two runs build the same paper.

Run as a script, it times a build of the minimal test site with one paper of
each size and shape, each build in its own process, and prints seconds and
peak memory (maximum resident set size of the build, and of its largest PDF
worker when PDFs are made):

    .venv/bin/python bench/large_paper.py                        # 0.5, 1 and 1.9 MB, mixed; no PDFs
    .venv/bin/python bench/large_paper.py --shapes all --sizes 0.4 1.6
    .venv/bin/python bench/large_paper.py --pdfs --sizes 0.1 0.4  # PDFs too (WeasyPrint: minutes)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic_council import SERVICES, WORDS, _money  # noqa: E402

MINIMAL = REPO / "tests" / "fixtures" / "minimal"
#: The paper of the minimal site that is replaced by the long one.
PAPER = "content/meetings/2030-01-15-audit/internal-audit.md"
TODAY = "2030-01-01"
BUILD = (
    "import datetime as dt, resource, sys; from pathlib import Path; from generator.build import build; "
    "r = build(Path(sys.argv[1]), Path(sys.argv[2]), today=dt.date.fromisoformat(sys.argv[3]), gate=None, "
    "pdfs=sys.argv[4] == 'pdfs'); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(0 if r.ok else 1)"
)

SHAPES = ("mixed", "headings", "paragraphs", "table", "tables", "list", "links", "footnotes", "one-paragraph")

FRONT_MATTER = """---
kind: report
title: Long internal audit report
responsible_officers: [olive-officer]
strategic_impact: |
  Audit keeps the council's money safe.
executive_summary: |
  Many audits were completed.
recommendations: |
  Members are recommended to note the report.
contacts: [olive-officer]
---
"""


def _sentence(rng: random.Random) -> str:
    chosen = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    styled = rng.random()
    if styled < 0.15:
        chosen[2] = f"**{chosen[2]}**"
    elif styled < 0.25:
        chosen[3] = f"[{chosen[3]} {chosen[4]}](https://example.gov.uk/{chosen[3]})"
        del chosen[4]
    elif styled < 0.30:
        chosen[1] = f"£{rng.randint(1, 900)}.{rng.randint(0, 999):03d}m"
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _table_row(rng: random.Random, name: str) -> str:
    budget = rng.randint(500, 90000) / 1000
    forecast = budget + rng.randint(-2000, 2000) / 1000
    return f"| {name} | {budget:.3f} | {forecast:.3f} | {_money(forecast - budget)} |"


def _table(rng: random.Random, number: int, rows: int) -> list[str]:
    lines = [f"Table {number}: Budget and forecast by service", "",
             "| Service | Budget £m | Forecast £m | Variance £m |", "|---|---|---|---|"]
    lines += [_table_row(rng, f"{rng.choice(SERVICES)} {row + 1}") for row in range(rows)]
    return lines + [_table_row(rng, "Total"), ""]


def _mixed(rng: random.Random) -> Iterator[list[str]]:
    section = 0
    tables = 0
    notes = 0
    while True:
        section += 1
        block = [f"## {rng.choice(['Background', 'Proposal', 'Evidence', 'Financial implications', 'Risk'])} {section}", ""]
        for part in range(rng.randint(4, 8)):
            if part == 3:
                block += ["### Comments", ""]
            paragraph = _paragraph(rng, rng.randint(2, 7))
            if rng.random() < 0.1:
                notes += 1
                paragraph += f"[^n{notes}]"
                block += [paragraph, "", f"[^n{notes}]: {_sentence(rng)}", ""]
            else:
                block += [paragraph, ""]
            if rng.random() < 0.15:
                block += [f"- {_sentence(rng)}" for _ in range(rng.randint(2, 6))] + [""]
            if rng.random() < 0.1:
                block += [f"{item}) {_sentence(rng)}" for item in range(1, rng.randint(3, 5))] + [""]
        if section % 3 == 0:
            tables += 1
            block += _table(rng, tables, rng.randint(4, 12))
        yield block


def _headings(rng: random.Random) -> Iterator[list[str]]:
    section = 0
    while True:
        section += 1
        # the same sub-heading in every section, as officers write them: its id must be made unique each time
        yield [f"## Service review {section}", "", _paragraph(rng, 1), "", "### Findings", "", _paragraph(rng, 1), ""]


def _paragraphs(rng: random.Random) -> Iterator[list[str]]:
    section = 0
    while True:
        section += 1
        yield [f"## Section {section}", ""] + [line for _ in range(400) for line in (_paragraph(rng, 1), "")]


def _one_table(rng: random.Random) -> Iterator[list[str]]:
    yield ["## Budget", "", "All services are listed below.", "", "Table 1: Budget and forecast by service", "",
           "| Service | Budget £m | Forecast £m | Variance £m |", "|---|---|---|---|"]
    row = 0
    while True:
        row += 1
        yield [_table_row(rng, f"{rng.choice(SERVICES)} {row}")]


def _one_list(rng: random.Random) -> Iterator[list[str]]:
    yield ["## Actions", "", "The actions agreed are:", ""]
    while True:
        yield [f"- {_sentence(rng)}"]


def _tables(rng: random.Random) -> Iterator[list[str]]:
    yield ["## Budgets", ""]
    while True:
        # the same caption again and again: each table's id must be made unique
        yield ["Table: Budget and forecast by service", "", "| Service | Budget £m | Forecast £m | Variance £m |",
               "|---|---|---|---|", *(_table_row(rng, service) for service in rng.sample(SERVICES, 3)), ""]


def _links(rng: random.Random) -> Iterator[list[str]]:
    yield ["## Sources", "", "The sources are:"]
    while True:
        word = rng.choice(WORDS)
        yield [f"[{word} {rng.choice(WORDS)}](https://example.gov.uk/{word}), "]


def _footnotes(rng: random.Random) -> Iterator[list[str]]:
    note = 0
    yield ["## Sources", ""]
    while True:
        note += 1
        yield [f"{_sentence(rng)}[^s{note}]", "", f"[^s{note}]: {_sentence(rng)}", ""]


def _one_paragraph(rng: random.Random) -> Iterator[list[str]]:
    yield ["## Narrative", ""]
    while True:
        yield [_sentence(rng)]


GROWERS: dict[str, Callable[[random.Random], Iterator[list[str]]]] = {
    "mixed": _mixed, "headings": _headings, "paragraphs": _paragraphs, "table": _one_table, "tables": _tables, "links": _links,
    "list": _one_list, "footnotes": _footnotes, "one-paragraph": _one_paragraph,
}


def report_markdown(size: int, shape: str = "mixed", seed: int = 2017) -> str:
    """A report of about `size` bytes (UTF-8) in `shape`: whole blocks are added until it is that big."""
    rng = random.Random(seed)
    lines = [FRONT_MATTER]
    written = len(FRONT_MATTER)
    for block in GROWERS[shape](rng):
        text = "\n".join(block) + "\n"
        if written + len(text.encode("utf-8")) > size and written > len(FRONT_MATTER):
            break
        lines.append(text)
        written += len(text.encode("utf-8"))
    # a block of `one-paragraph` or `table` is one line: the text must end where its block ends
    return "".join(lines).rstrip("\n") + "\n"


def write_site(folder: Path, size: int, shape: str) -> Path:
    """A copy of the minimal test site whose internal audit report is a long paper."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(MINIMAL, folder)
    (folder / PAPER).write_text(report_markdown(size, shape), encoding="utf-8")
    return folder


@dataclass
class Measure:
    seconds: float
    processor_seconds: float
    """Of the build's own process: unlike the clock, not slowed by other work on the machine."""
    peak_mib: float
    worker_peak_mib: float
    """Of the build's largest child process (a PDF worker)."""
    ok: bool


def time_build(site: Path, pdfs: bool) -> Measure:
    report = site / "children-peak.txt"
    start = time.perf_counter()
    with report.open("wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-c", BUILD, str(site), str(site / "build"), TODAY, "pdfs" if pdfs else "html"],
            stdout=stdout, stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(REPO), CI="true"),
        )
        error = process.stderr.read() if process.stderr else b""
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    ok = os.waitstatus_to_exitcode(status) == 0
    if not ok:
        print(error.decode(errors="replace")[-2000:], file=sys.stderr)
    lines = report.read_text().split()
    worker = int(lines[-1]) / 1024 if lines else 0.0
    return Measure(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, worker, ok)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1.0, 1.9], help="paper sizes in MB (10^6 bytes)")
    parser.add_argument("--shapes", nargs="+", default=["mixed"], help=f"any of {', '.join(SHAPES)}, or all")
    parser.add_argument("--pdfs", action="store_true", help="make the PDFs too")
    arguments = parser.parse_args()
    shapes = SHAPES if arguments.shapes == ["all"] else arguments.shapes
    with tempfile.TemporaryDirectory(prefix="clerk-large-paper-") as scratch:
        for shape in shapes:
            previous: tuple[float, float] | None = None
            for size in arguments.sizes:
                site = write_site(Path(scratch) / f"{shape}-{size}", int(size * 1_000_000), shape)
                measure = time_build(site, arguments.pdfs)
                growth = ""
                if previous is not None:
                    growth = f"  x{measure.processor_seconds / previous[1]:.1f} processor time for x{size / previous[0]:.1f} size"
                worker = f", largest PDF worker {measure.worker_peak_mib:.0f} MiB" if arguments.pdfs else ""
                print(f"{shape:14} {size:4.2f} MB  {measure.seconds:7.2f} s ({measure.processor_seconds:6.2f} s processor)"
                      f"  peak {measure.peak_mib:5.0f} MiB{worker}{'' if measure.ok else '  FAILED'}{growth}", flush=True)
                previous = (size, measure.processor_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
