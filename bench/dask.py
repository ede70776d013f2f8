"""Benchmark the executors: PDFs through the local pool and through a Dask LocalCluster on this machine.

On a synthetic council (bench/synthetic_council.py, 60 papers by default) it
renders every PDF edition with no cache on the local pool and on a
LocalCluster, with 1 and 2 workers each, and prints pages per second per
worker and the parallel efficiency (pages per second with N workers over N
times those of one). A Dask cluster is started before it is timed, as a
long-lived cluster would be. Then it times many small units on each executor
against the build's own process: the executor's overhead per unit. Then the
gate's checks: `--check-pages` of the council's pages through the local path
(one Chromium on the build machine) and as units on a LocalCluster
(check_units.py), with 1 and 2 workers each, in pages per second per worker,
and the overhead of a check unit (one carrying a unit's mean payload there and
its findings back). Last, it projects the wall time of a ten-year council (50,000 papers, 1.8 million PDF
pages, 120,000 pages to check) on N machines of M cores from these figures.

    .venv/bin/python bench/dask.py [--papers 60] [--workers 1 2] [--check-pages 40] [--gate-core-seconds 2.4]
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder is first on sys.path, and this file, dask.py, would be imported as Dask.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO))

from bench.pdf import render_every_pdf  # noqa: E402
from bench.synthetic_council import write_council  # noqa: E402
from generator.build import build  # noqa: E402
from generator.checks.check_units import make_units  # noqa: E402
from generator.checks.findings import CheckedPage  # noqa: E402
from generator.checks.gate import Gate, GateOptions  # noqa: E402
from generator.checks.result_cache import ResultCache  # noqa: E402
from generator.checks.site_checks import _checked  # noqa: E402
from generator.executors import ExecutorChoice, Units  # noqa: E402
from tests.example_site import EXAMPLE_TODAY  # noqa: E402

#: The ten-year council of issue 18.
PAPERS = 50_000
PDF_PAGES = 1_800_000
CHECKED_PAGES = 120_000
#: PDFs of the council: each paper, the minutes and the agenda pack of ~10,000 meetings, in two editions.
PDF_UNITS = 2 * (PAPERS + 2 * 10_000)
#: HTML, loading and linking stay on the build machine: "a few minutes" of the cold build.
HTML_SECONDS = 300
OVERHEAD_UNITS = 200
PAYLOAD = b"x" * 200_000


def echo_size(data: bytes) -> bytes:
    """A unit that does nothing but carry a PDF-sized payload there and back."""
    return data[: len(data) // 2]


def overhead_per_unit(units: Units, payload: bytes = PAYLOAD) -> float:
    units.run(echo_size, [payload] * 4, "Warming up")
    start = time.perf_counter()
    units.run(echo_size, [payload] * OVERHEAD_UNITS, "Small units")
    return (time.perf_counter() - start) / OVERHEAD_UNITS


def staged_pages(council: Path, scratch: Path, count: int) -> tuple[Path, list[CheckedPage]]:
    """The council's site written (no PDFs, no checks), and the first `count` of its pages as the gate checks them."""
    site = scratch / "checked-site"
    result = build(council, site, today=EXAMPLE_TODAY, cache_folder=scratch / "checked-cache", gate=None, pdfs=False, formats=False)
    if not result.ok:
        raise SystemExit(result.diagnostics.report())
    return site, [_checked(page) for page in result.pages[:count]]


def check_rates(site: Path, pages: list[CheckedPage], kind: str, workers: list[int]) -> dict[int, float]:
    """Pages per second through the gate, no cache: on the build machine (`local`) or as units on a LocalCluster."""
    rates = {}
    for count in workers:
        with Units(ExecutorChoice(kind), count) as units:
            if kind == "dask":
                units.run(echo_size, [b"start"] * count, "Starting the cluster")
            gate = Gate(REPO, site, GateOptions(processes=count), ResultCache(None), units=units if kind != "local" else None)
            start = time.perf_counter()
            run = gate.check(pages)
            seconds = time.perf_counter() - start
        if run.failures:
            raise SystemExit(f"the checks could not run: {run.failures}")
        rates[count] = len(pages) / seconds
        print(f"Checks (Nu and browser), {kind}, {count} worker(s): {len(pages)} pages in {seconds:.1f} s = "
              f"{rates[count]:.2f} pages/s, {rates[count] / count:.2f} pages/s per worker", flush=True)
    return rates


def check_unit_overhead(site: Path, pages: list[CheckedPage]) -> None:
    """What a check unit costs to carry on Dask beside the build's own process: a unit's mean payload there and back."""
    units = make_units(site, pages, pages, "", "")
    payload = b"x" * (sum(len(pickle.dumps(unit)) for unit in units) // len(units))
    costs = {}
    for kind in ("in-process", "dask"):
        with Units(ExecutorChoice(kind), 2) as executor:
            costs[kind] = overhead_per_unit(executor, payload)
    print(f"Check unit of {len(payload) // 1000} KB (mean over {len(units)} units): Dask overhead "
          f"{max(0.0, costs['dask'] - costs['in-process']) * 1000:.2f} ms a unit", flush=True)


def pdf_rates(council: Path, scratch: Path, kind: str, workers: list[int]) -> dict[int, float]:
    rates = {}
    for count in workers:
        with Units(ExecutorChoice(kind), count) as units:
            if kind == "dask":
                units.run(echo_size, [b"start"] * count, "Starting the cluster")
            seconds, documents, pages = render_every_pdf(council, scratch / f"{kind}-{count}", units)
        rates[count] = pages / seconds
        print(f"PDFs, {kind}, {count} worker(s): {documents} PDFs, {pages} pages in {seconds:.1f} s = "
              f"{pages / seconds:.1f} pages/s, {pages / seconds / count:.1f} pages/s per worker", flush=True)
    if 1 in rates:
        for count, rate in rates.items():
            if count > 1:
                print(f"PDFs, {kind}: parallel efficiency with {count} workers {rate / (count * rates[1]):.0%}")
    return rates


def project(per_worker: float, efficiency: float, overhead: float, gate_core_seconds: float) -> None:
    print(f"Projection for {PAPERS:,} papers, {PDF_PAGES:,} PDF pages, {CHECKED_PAGES:,} pages checked; "
          f"{per_worker:.1f} PDF pages/s per worker, efficiency {efficiency:.0%}, {overhead * 1000:.1f} ms Dask overhead per unit, "
          f"{gate_core_seconds:.1f} core-seconds of gate per page, {HTML_SECONDS // 60} min of HTML on the build machine:")
    for machines in (1, 4, 16, 64):
        for cores in (2, 8, 32):
            workers = machines * cores
            pdf = PDF_PAGES / (per_worker * workers * efficiency) + overhead * PDF_UNITS / workers
            gate = CHECKED_PAGES * gate_core_seconds / (workers * efficiency)
            total = HTML_SECONDS + pdf + gate
            print(f"  {machines:>3} machines x {cores:>2} cores: PDFs {pdf / 3600:6.1f} h, gate {gate / 3600:6.1f} h, "
                  f"total {total / 3600:6.1f} h")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=60, help="papers in the synthetic council")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--check-pages", type=int, default=40, help="pages of the council the checks are timed over")
    parser.add_argument("--gate-core-seconds", type=float, default=None,
                        help="core-seconds the gate spends on one page; default: this machine's cores over the pages"
                        " per second measured for the checks as Dask units (a unit's Chromium and JVM use every core)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        papers = write_council(scratch / "council", arguments.papers)
        print(f"synthetic council of {papers} papers", flush=True)
        local = pdf_rates(scratch / "council", scratch, "local", arguments.workers)
        dask = pdf_rates(scratch / "council", scratch, "dask", arguments.workers)
        costs = {}
        for kind in ("in-process", "local", "dask"):
            with Units(ExecutorChoice(kind), 2) as units:
                costs[kind] = overhead_per_unit(units)
            print(f"{kind}: {costs[kind] * 1000:.2f} ms per unit carrying {len(PAYLOAD) // 1000} KB there and half back")
        overhead = max(0.0, costs["dask"] - costs["in-process"])
        print(f"Dask overhead per unit: {overhead * 1000:.2f} ms (local pool: {max(0.0, costs['local'] - costs['in-process']) * 1000:.2f} ms)")
        site, pages = staged_pages(scratch / "council", scratch, arguments.check_pages)
        checked_local = check_rates(site, pages, "local", arguments.workers)
        checked_dask = check_rates(site, pages, "dask", arguments.workers)
        check_unit_overhead(site, pages)
        for count in sorted(set(checked_local) & set(checked_dask)):
            print(f"{count} worker(s): the checks as Dask units run at {checked_dask[count] / checked_local[count]:.0%} "
                  "of the local path's pages per second")
        top = max(dask)
        efficiency = dask[top] / (top * dask[1]) if 1 in dask and top > 1 else 1.0
        gate_core_seconds = arguments.gate_core_seconds or (os.cpu_count() or 1) / max(checked_dask.values())
        project(dask.get(1, dask[top] / top), min(efficiency, 1.0), overhead, gate_core_seconds)
        for count in sorted(set(local) & set(dask)):
            print(f"{count} worker(s): Dask renders {dask[count] / local[count]:.0%} of the local pool's pages per second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
