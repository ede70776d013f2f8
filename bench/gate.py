"""Benchmark the accessibility gate on the example site.

Times, on a copy of the example site:
  1. a build with no external checks (what the gate adds is measured against it);
  2. the full gate from a cold cache, per page and in total, and again (reliability);
  3. a rebuild with nothing changed (every result comes from the cache);
  4. a rebuild after one paper's text changed (only the pages that show it are checked again),
     and the same edit again without the gate, to tell the gate's share;
  5. stock pa11y-ci for comparison: one process, its default fresh browser
     context per page, the axe and htmlcs runners, over the same pages.

Run with `make bench` or `.venv/bin/python bench/gate.py [--repeats N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.build import build  # noqa: E402
from generator.checks.browser_checks import CHROMIUM_ARGS, find_browser_tools  # noqa: E402
from generator.checks.gate import GateOptions  # noqa: E402
from generator.checks.local_server import serve  # noqa: E402
from tests.example_site import EXAMPLE_TODAY  # noqa: E402

EDITED = "content/meetings/2017-10-12-digital-innovation-and-efficiency/finance-monitoring.md"
#: The gate checks HTML pages: PDFs and the other formats (audio above all), made afresh with each
#: cold cache, would only add their own time, and its noise, to both sides of every difference.
HTML_ONLY = {"today": EXAMPLE_TODAY, "pdfs": False, "formats": False}


def copy_site(target: Path) -> Path:
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "site.yaml", target / "site.yaml")
    return target


def timed(label: str, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    return result, seconds


def stock_pa11y_ci(site: Path, pages: list[str]) -> tuple[float, int]:
    """pa11y-ci as its README configures it, one process, for the baseline."""
    tools = find_browser_tools(REPO)
    with serve(site) as base, tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        config = Path(folder) / "config.json"
        config.write_text(json.dumps({
            "defaults": {
                "runners": ["axe", "htmlcs"],
                "standard": "WCAG2AA",
                "concurrency": 1,
                "chromeLaunchConfig": {"executablePath": tools.chromium, "args": CHROMIUM_ARGS},
                "reporters": [["json", {"fileName": str(report)}]],
            },
            "urls": [base + page.removesuffix("index.html") for page in pages],
        }))
        start = time.perf_counter()
        subprocess.run([tools.node, str(tools.pa11y_ci), "--config", str(config)], capture_output=True, check=False)
        seconds = time.perf_counter() - start
        data = json.loads(report.read_text())
        failed = sum(1 for issues in data["results"].values() for issue in issues if "code" not in issue)
    return seconds, failed


def row(label: str, value: str) -> None:
    """One measurement, printed at once: a run cut short keeps what it measured."""
    print(f"{label:<58}  {value}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=2, help="cold-cache gate runs, to show the time is stable and nothing fails")
    parser.add_argument("--processes", type=int, default=None, help="browsers side by side (default: one per core)")
    arguments = parser.parse_args()
    gate = GateOptions(processes=arguments.processes)
    row("load average (1, 5, 15 min) at the start", " ".join(f"{load:.2f}" for load in os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="clerk-bench-") as temporary:
        root = copy_site(Path(temporary) / "site")
        output = Path(temporary) / "build"

        result, plain = timed("no checks", lambda: build(root, output, **HTML_ONLY, gate=None, cache_folder=Path(temporary) / "unused"))
        pages = len(result.pages)
        row("build without external checks", f"{plain:.2f} s ({pages} pages)")

        cold_times = []
        for repeat in range(arguments.repeats):
            cache = Path(temporary) / f"cache-{repeat}"
            result, seconds = timed("cold", lambda: build(root, output, **HTML_ONLY, gate=gate, cache_folder=cache))
            failed = sum(1 for d in result.diagnostics.errors if d.rule.endswith(":failed"))
            cold_times.append(seconds)
            row(
                f"full gate, cold cache, run {repeat + 1}",
                f"{seconds:.2f} s; gate {(seconds - plain):.2f} s = {(seconds - plain) / pages:.2f} s/page; "
                f"{len(result.diagnostics.errors)} errors ({failed} pages pa11y could not check)",
            )
        cache = Path(temporary) / "cache-0"

        result, seconds = timed("warm", lambda: build(root, output, **HTML_ONLY, gate=gate, cache_folder=cache))
        # A build that finds nothing changed stops before the gate (generator/build.py), so has no gate run.
        rechecked = "nothing changed, the gate did not run" if result.gate_run is None else f"re-checked {result.gate_run.checked}"
        row("rebuild, nothing changed", f"{seconds:.2f} s; {rechecked}")

        paper = root / EDITED
        paper.write_text(paper.read_text().replace("Members have a key role", "Members have an important role"))
        result, seconds = timed("one", lambda: build(root, output, **HTML_ONLY, gate=gate, cache_folder=cache))
        row("rebuild, one paper's text changed", f"{seconds:.2f} s; re-checked {result.gate_run.checked}")
        # The same edit again without the gate: what the gate adds to the rebuild is the difference.
        paper.write_text(paper.read_text().replace("Members have an important role", "Members have a vital role"))
        _, unchecked = timed("one, no gate", lambda: build(root, output, **HTML_ONLY, gate=None, cache_folder=cache))
        row("  the same edit again, without the gate", f"{unchecked:.2f} s; the gate's share {seconds - unchecked:.2f} s")

        checked = [path for path in result.report.pages]
        stock, stock_failed = stock_pa11y_ci(output, checked)
        row(
            "stock pa11y-ci (1 process, context per page, axe+htmlcs)",
            f"{stock:.2f} s = {stock / len(checked):.2f} s/page over {len(checked)} pages; {stock_failed} pages failed to load",
        )
        best = min(cold_times) - plain
        row("Clerk's gate vs stock pa11y-ci, per page", f"{best / pages:.2f} s vs {stock / len(checked):.2f} s (includes the Nu checker and the reflow check)")

    row("load average (1, 5, 15 min) at the end", " ".join(f"{load:.2f}" for load in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
