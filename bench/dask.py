"""Benchmark the executors: PDFs through the local pool and through a Dask LocalCluster on this machine.

On a synthetic council (bench/synthetic_council.py, 60 papers by default) it
renders every PDF edition with no cache on the local pool and on a
LocalCluster, with 1 and 2 workers each, and prints pages per second per
worker and the parallel efficiency (pages per second with N workers over N
times those of one). A Dask cluster is started before it is timed, as a
long-lived cluster would be. Then it times many small units on each executor
against the build's own process: the executor's overhead per unit. Last, it
projects the wall time of a ten-year council (50,000 papers, 1.8 million PDF
pages, 120,000 pages to check) on N machines of M cores from these figures.

    .venv/bin/python bench/dask.py [--papers 60] [--workers 1 2] [--gate-core-seconds 2.4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.pdf import render_every_pdf  # noqa: E402
from bench.synthetic_council import write_council  # noqa: E402
from generator.executors import ExecutorChoice, Units  # noqa: E402

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


def overhead_per_unit(units: Units) -> float:
    units.run(echo_size, [PAYLOAD] * 4, "Warming up")
    start = time.perf_counter()
    units.run(echo_size, [PAYLOAD] * OVERHEAD_UNITS, "Small units")
    return (time.perf_counter() - start) / OVERHEAD_UNITS


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
    parser.add_argument("--gate-core-seconds", type=float, default=2.4,
                        help="core-seconds the gate spends on one page (issue 16: about 1.2 s a page on two cores)")
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
        top = max(dask)
        efficiency = dask[top] / (top * dask[1]) if 1 in dask and top > 1 else 1.0
        project(dask.get(1, dask[top] / top), min(efficiency, 1.0), overhead, arguments.gate_core_seconds)
        for count in sorted(set(local) & set(dask)):
            print(f"{count} worker(s): Dask renders {dask[count] / local[count]:.0%} of the local pool's pages per second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
