"""Benchmark site search: Pagefind's indexing time per page, and a clean build of a synthetic council
with search on and off, in the same run.

For each size N (papers; default 4000) it writes a synthetic council (bench/synthetic_council.py) and
times, each in its own process (HTML only: no PDFs, no browser checks, as bench/html_build.py):

  search off   a clean build with `search: {enabled: false}` in site.yaml;
  search on    the same clean build with search on (the default): the search pages and the index;
  indexing     Pagefind alone (render/search_index.py's command) over the built site again,
               divided by the pages it indexed.

    .venv/bin/python bench/search.py [--sizes 4000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.html_build import clerk  # noqa: E402
from bench.synthetic_council import write_council  # noqa: E402
from generator.render.search_index import SEARCH_BUNDLE, pagefind_command  # noqa: E402


def switched_off(council: Path) -> Path:
    """A copy of `council` whose site.yaml switches search off."""
    copy = council.parent / "search-off"
    shutil.copytree(council, copy)
    settings = copy / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "search:\n  enabled: false\n", encoding="utf-8")
    return copy


def index_alone(site: Path) -> tuple[float, int]:
    """Seconds for Pagefind to index the built `site` again, and how many pages it indexed."""
    import subprocess

    shutil.rmtree(site / SEARCH_BUNDLE)
    start = time.perf_counter()
    subprocess.run(pagefind_command(site, site), check=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    entry = json.loads((site / SEARCH_BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return seconds, sum(language["page_count"] for language in entry["languages"].values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000])
    arguments = parser.parse_args()
    print("| papers | pages built | search off (s) | search on (s) | difference (s) | pages indexed | indexing (s) | per page (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory(prefix="clerk-bench-search-") as temporary:
            council = Path(temporary) / "council"
            write_council(council, size)
            off_council = switched_off(council)
            off = clerk(off_council, Path(temporary) / "off")
            on = clerk(council, Path(temporary) / "on")
            if not (on.ok and off.ok):
                return 1
            built = sum(1 for _ in (Path(temporary) / "on").rglob("*.html"))
            seconds, indexed = index_alone(Path(temporary) / "on")
            print(
                f"| {size} | {built} | {off.seconds:.1f} | {on.seconds:.1f} | {on.seconds - off.seconds:+.1f} | "
                f"{indexed} | {seconds:.2f} | {1000 * seconds / indexed:.2f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
