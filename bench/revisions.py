"""Time a clean HTML build of one synthetic council with Clerk as it is and as it was at another revision.

A restructuring must not make Clerk slower; a timing taken on another day, or
with other work on the machine, says little. This builds the same council with
both revisions in the same run, alternating them (base, this, base, this …) so
that a busy moment hurts both alike, and prints each run and the medians:

    .venv/bin/python bench/revisions.py --base 879819e --papers 4000 --repeats 3

On a machine busy with other work, wall time says little; `--one-process` builds
without worker processes, so that the processor time of the one process is the
figure to compare (the ratio of processor times is printed too).

The base revision is checked out with `git worktree` into a temporary folder
and run with this checkout's Python and libraries (both must import with them).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.html_build import CLERK_BUILD, TODAY  # noqa: E402
from bench.synthetic_council import write_council  # noqa: E402


#: The same build with no worker processes (parallel.py's fork is refused), for processor time alone.
ONE_PROCESS_BUILD = (
    "import generator.parallel, generator.render.writer as w, generator.content.prerender as p; "
    "w.can_fork = p.can_fork = lambda *a, **k: False; " + CLERK_BUILD
)


def timed_build(code: Path, site: Path, output: Path, one_process: bool = False) -> tuple[float, float]:
    """Wall seconds and processor seconds (the build and its workers) of one clean build by the Clerk in `code`."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site / ".clerk-cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", ONE_PROCESS_BUILD if one_process else CLERK_BUILD, str(site), str(output), TODAY],
        cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, check=True, stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare_outputs(base: Path, this: Path) -> str:
    """Whether the two builds wrote the same files, byte for byte; the first few that differ if not."""
    def files(folder: Path) -> dict[str, bytes]:
        return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}

    before, after = files(base), files(this)
    differ = sorted(name for name in before.keys() & after.keys() if before[name] != after[name])
    only = sorted(before.keys() ^ after.keys())
    if not differ and not only:
        return f"output: byte-identical ({len(after)} files)"
    return (f"output: {len(differ)} of {len(after)} files differ, {len(only)} in one build only; "
            f"first: {(differ + only)[:10]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the revision to compare with (a commit, tag or branch)")
    parser.add_argument("--papers", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one-process", action="store_true", help="build without worker processes; compare processor time")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clerk-revisions-") as folder:
        work = Path(folder)
        base = work / "base"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(base), arguments.base], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            site = work / "site"
            write_council(site, arguments.papers)
            times: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
            for run in range(arguments.repeats):
                for name, code in (("base", base), ("this", REPO)):
                    wall, cpu = timed_build(code, site, work / f"out-{name}", arguments.one_process)
                    times[name].append((wall, cpu))
                    # The same pages from both, or the comparison is of different work.
                    pages = sum(1 for _ in (work / f"out-{name}").rglob("*.html"))
                    print(f"run {run + 1}: {name:4} {wall:6.2f} s wall, {cpu:6.2f} s processor, {pages} pages", flush=True)
            for name, runs in times.items():
                wall = statistics.median(t[0] for t in runs)
                cpu = statistics.median(t[1] for t in runs)
                print(f"median {name:4} ({arguments.base if name == 'base' else 'HEAD'}): {wall:.2f} s wall, {cpu:.2f} s processor")
            ratio = statistics.median(t[0] for t in times["this"]) / statistics.median(t[0] for t in times["base"])
            print(f"this / base (wall, {arguments.papers} papers): {ratio:.2f}")
            processor = statistics.median(t[1] for t in times["this"]) / statistics.median(t[1] for t in times["base"])
            print(f"this / base (processor, {arguments.papers} papers): {processor:.2f}")
            print(compare_outputs(work / "out-base", work / "out-this"))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
