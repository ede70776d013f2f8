"""Benchmark HTML builds of a synthetic council against Hugo and Eleventy, in the same run.

For each size N (papers; default 250, 1000 and 4000) it writes a synthetic
council (bench/synthetic_council.py) and times, each in its own process so
that peak memory (maximum resident set size) can be read:

  clerk full     a clean HTML build (no PDFs, no browser checks; content lint runs),
                 with the large-print view, so twice the pages of the others;
  of which Pagefind  Pagefind alone over the full build's standard views, as the build runs it (the
                 search index, which the peers do not make);
  clerk nothing  a rebuild with nothing changed, as `clerk build` finds it out (it exits
                 before importing the rest of Clerk);
  clerk one      a rebuild after one paper was edited: a fresh process, with the content the full build
                 read and rendered kept in .clerk-cache/content/ (content_cache.py);
  clerk template a rebuild after a template edit that touches every page, that cache warm (a Jinja comment:
                 every page rendered again, to the same bytes);
  clerk footer   the same with a line added to base.html's footer: every page's bytes change, not what
                 search indexes (the kept search index is taken, render/search_kept.py);
  clerk main     the same with a line added inside <main>: every page's indexed text changes;
  clerk copied   a first build of a fresh copy of the council given a copy of .clerk-cache/ (a CI job that
                 restores its cache), one paper edited;
  floor          markdown-it-py's own parse and render of the same Markdown files, on the same cores;
  clerk serve    under `clerk serve`, the time from saving a paper to its page on disk (median of 20 saves);
  hugo           Hugo (Debian's package) over the same Markdown, minimal layout;
  eleventy       Eleventy (npm, pinned in bench/eleventy/) over the same Markdown, minimal layout.

and prints the ratios of Clerk's full build to Hugo's and Eleventy's.

    .venv/bin/python bench/html_build.py [--sizes 250 1000 4000]

Hugo is installed with apt-get when run as root; Eleventy with `npm ci` in
bench/eleventy/. Either one missing is said, and the run goes on without it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic_council import write_council  # noqa: E402

ELEVENTY = REPO / "bench" / "eleventy"
TODAY = "2026-11-27"
#: The HTML build alone: no gate, no PDFs, no other formats (bench/formats.py times those). A revision from
#: before the formats existed has no `formats` option, so it is given only where build() takes it.
CLERK_BUILD = (
    "import datetime as dt, inspect, sys; from pathlib import Path; from generator.build import build; "
    "only_html = {'formats': False} if 'formats' in inspect.signature(build).parameters else {}; "
    "r = build(Path(sys.argv[1]), Path(sys.argv[2]), today=dt.date.fromisoformat(sys.argv[3]), gate=None, pdfs=False, "
    "**only_html); "
    "sys.exit(0 if r.ok else 1)"
)
#: What `clerk build` does first, before importing the rest of Clerk (see generator/cli.py).
CLERK_UP_TO_DATE = (
    "import datetime as dt, inspect, sys; from pathlib import Path; "
    "from generator.build_record import CACHE_FOLDER, compare, options_key; "
    "root = Path(sys.argv[1]); "
    "only_html = (False,) if 'formats' in inspect.signature(options_key).parameters else (); "
    "sys.exit(0 if compare(root, Path(sys.argv[2]), root / CACHE_FOLDER, "
    "options_key(dt.date.fromisoformat(sys.argv[3]), None, False, *only_html)).up_to_date else 1)"
)
#: Pagefind run as the build runs it (render/search_index.py) over the standard views of a built site:
#: the search step's share of a build, which no peer has.
PAGEFIND_ALONE = (
    "import sys, tempfile; from pathlib import Path; "
    "from generator.render.search_index import indexed_views, link_indexed_views, pagefind_command; "
    "import subprocess; site, into = Path(sys.argv[1]), Path(sys.argv[2]); tree = Path(tempfile.mkdtemp(dir=into.parent)); "
    "link_indexed_views(list(indexed_views(site)), tree); "
    "subprocess.run(pagefind_command(tree, into), check=True, capture_output=True)"
)
HUGO_CONFIG = 'baseURL = "http://127.0.0.1/"\nlanguageCode = "en-GB"\ntitle = "Synthetic"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
HUGO_LAYOUT = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
    "<body><main>{{ .Content }}</main></body></html>\n"
)
HUGO_LIST = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
    '<body><main><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n'
)
ELEVENTY_LAYOUT = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ title }}</title></head>'
    "<body><main>{{ content | safe }}</main></body></html>\n"
)


#: The floor: markdown-it-py alone (CommonMark with tables, as Clerk starts from) parsing and rendering
#: every Markdown file's body, shared across the machine's cores as Clerk's Markdown stage is.
FLOOR = (
    "import os, sys; from multiprocessing import Pool; from pathlib import Path; from markdown_it import MarkdownIt\n"
    "md = MarkdownIt('commonmark').enable('table')\n"
    "def render(path):\n"
    "    text = Path(path).read_text(encoding='utf-8'); parts = text.split('\\n---\\n', 1)\n"
    "    return len(md.render(parts[-1]))\n"
    "if __name__ == '__main__':\n"
    "    files = sorted(str(path) for path in Path(sys.argv[1]).rglob('*.md'))\n"
    "    with Pool(os.cpu_count()) as pool: pool.map(render, files, chunksize=40)\n"
)


@dataclass
class Timing:
    seconds: float
    peak_mib: float
    ok: bool


def run(command: list[str], cwd: Path | None = None) -> Timing:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=str(REPO), CI="true"))
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    ok = os.waitstatus_to_exitcode(status) == 0
    if not ok:
        print(f"  failed: {' '.join(command[:3])} …\n{error[-2000:]}", file=sys.stderr)
    return Timing(seconds, usage.ru_maxrss / 1024, ok)


def clerk(site: Path, output: Path) -> Timing:
    return run([sys.executable, "-c", CLERK_BUILD, str(site), str(output), TODAY])


def serve_latency(council: Path, edits: int) -> tuple[list[float], list[float]]:
    """Under `clerk serve`, for `edits` saves of a paper: seconds from the save to its rebuilt page on
    disk, and to the reload event a browser gets. Each save waits for serve to finish the last."""
    import re
    import threading
    import urllib.request

    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(council), "--port", "0", "--today", TODAY],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ, PYTHONPATH=str(REPO), CI="true"),
    )
    finished = threading.Semaphore(0)
    reloads: list[float] = []
    try:
        address = ""
        for line in process.stdout:
            if match := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                address = match.group(1)
                break

        def read_output() -> None:
            for line in process.stdout:
                if line.startswith(("Rebuilt", "Up to date", "Not rebuilt")):
                    finished.release()

        def listen() -> None:
            with urllib.request.urlopen(address + "_clerk/events") as stream:
                for raw in stream:
                    if raw.startswith(b"event: reload"):
                        reloads.append(time.perf_counter())

        threading.Thread(target=read_output, daemon=True).start()
        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.5)
        paper = sorted(council.glob("content/meetings/*/report-2.md"))[0]
        page = council / "build" / paper.parent.relative_to(council / "content").as_posix() / paper.stem / "index.html"
        original = paper.read_text()
        on_disk, reloaded = [], []
        for number in range(edits):
            marker = f"Benchmark edit {number}."
            reloads.clear()
            paper.write_text(original + f"\n{marker}\n")
            start = time.perf_counter()
            while marker not in (page.read_text() if page.exists() else ""):
                time.sleep(0.002)
            on_disk.append(time.perf_counter() - start)
            if not finished.acquire(timeout=300):
                raise RuntimeError("clerk serve did not finish the build")
            if reloads:
                reloaded.append(reloads[0] - start)
            time.sleep(0.2)
        paper.write_text(original)
        return on_disk, reloaded
    finally:
        process.terminate()
        process.wait(timeout=30)


def hugo_site(council: Path, target: Path) -> Path:
    (target / "layouts/_default").mkdir(parents=True)
    (target / "hugo.toml").write_text(HUGO_CONFIG)
    (target / "layouts/_default/single.html").write_text(HUGO_LAYOUT)
    (target / "layouts/_default/list.html").write_text(HUGO_LIST)
    shutil.copytree(council / "content/meetings", target / "content")
    return target


def eleventy_site(council: Path, target: Path) -> Path:
    shutil.copytree(council / "content/meetings", target / "content")
    (target / "content/_includes").mkdir()
    (target / "content/_includes/layout.njk").write_text(ELEVENTY_LAYOUT)
    (target / "content/content.11tydata.json").write_text('{"layout": "layout.njk"}\n')
    return target


def ensure_hugo() -> str | None:
    if shutil.which("hugo"):
        return shutil.which("hugo")
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=False, stdout=subprocess.DEVNULL)
    return shutil.which("hugo")


def ensure_eleventy() -> Path | None:
    binary = ELEVENTY / "node_modules/.bin/eleventy"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=ELEVENTY, check=False)
    return binary if binary.exists() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    parser.add_argument("--serve-edits", type=int, default=20, help="saves to time under clerk serve (0: none)")
    parser.add_argument("--no-peers", action="store_true", help="leave Hugo and Eleventy out (nothing is installed)")
    arguments = parser.parse_args()
    hugo, eleventy = (None, None) if arguments.no_peers else (ensure_hugo(), ensure_eleventy())
    if hugo is None:
        print("Hugo is not installed (apt-get install hugo, as root): its column is left out")
    if eleventy is None:
        print("Eleventy could not be installed (npm ci in bench/eleventy): its column is left out")
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder)
            council = scratch / "council"
            papers = write_council(council, size)
            words = sum(len(path.read_text().split()) for path in council.rglob("*.md"))
            print(f"\n{papers} papers, {words:,} words of Markdown")
            output = scratch / "clerk-out"
            full = clerk(council, output)
            pages = sum(1 for _ in output.rglob("*.html"))
            print(f"  clerk full build     {full.seconds:7.2f} s  peak {full.peak_mib:6.0f} MiB  {pages} pages{'' if full.ok else '  FAILED'}")
            search = run([sys.executable, "-c", PAGEFIND_ALONE, str(output), str(scratch / "pagefind-alone")])
            print(f"  of which Pagefind    {search.seconds:7.2f} s  peak {search.peak_mib:6.0f} MiB  (alone again, over the built standard views)")
            nothing = run([sys.executable, "-c", CLERK_UP_TO_DATE, str(council), str(output), TODAY])
            print(f"  clerk nothing changed{nothing.seconds:7.2f} s  peak {nothing.peak_mib:6.0f} MiB")
            edited = next(council.glob("content/meetings/*/report-1.md"))
            edited.write_text(edited.read_text() + "\nA sentence added by the benchmark, as an officer would.\n")
            one = clerk(council, output)
            print(f"  clerk one paper edited{one.seconds:6.2f} s  peak {one.peak_mib:6.0f} MiB  (kept content, fresh process)")
            base = council / "templates/base.html"
            base.parent.mkdir(exist_ok=True)
            base.write_text((REPO / "templates/base.html").read_text(encoding="utf-8") + "{# edited by the benchmark #}\n")
            template = clerk(council, output)
            print(f"  clerk template edited{template.seconds:7.2f} s  peak {template.peak_mib:6.0f} MiB  (every page, kept content)")
            base.write_text((REPO / "templates/base.html").read_text(encoding="utf-8").replace(
                "</footer>", "<p>A line added to every page's footer by the benchmark.</p>\n</footer>", 1))
            shown = clerk(council, output)
            print(f"  clerk footer edited  {shown.seconds:7.2f} s  peak {shown.peak_mib:6.0f} MiB  (every page changed, kept content)")
            template_text = (REPO / "templates/base.html").read_text(encoding="utf-8")
            main_line = next(line for line in template_text.splitlines(keepends=True) if line.startswith("<main "))
            base.write_text(template_text.replace(main_line, main_line + "<p>A line added to every page's main by the benchmark.</p>\n", 1))
            inside = clerk(council, output)
            print(f"  clerk main edited    {inside.seconds:7.2f} s  peak {inside.peak_mib:6.0f} MiB  (every page's indexed text changed)")
            base.unlink()
            clone = scratch / "clone"
            shutil.copytree(council, clone, ignore=shutil.ignore_patterns(".clerk-cache", "build"))
            shutil.copytree(council / ".clerk-cache", clone / ".clerk-cache", ignore=shutil.ignore_patterns("build-records"))
            edited_copy = clone / edited.relative_to(council)
            edited_copy.write_text(edited_copy.read_text() + "\nAnother sentence.\n")
            copied = clerk(clone, scratch / "clone-out")
            print(f"  clerk copied cache   {copied.seconds:7.2f} s  peak {copied.peak_mib:6.0f} MiB  (fresh clone, CI-restored cache)")
            shutil.rmtree(clone)
            floor = run([sys.executable, "-c", FLOOR, str(council / "content")])
            print(f"  markdown-it-py floor {floor.seconds:7.2f} s  clerk full / floor = {full.seconds / floor.seconds:.2f}")
            if arguments.serve_edits:
                on_disk, reloaded = serve_latency(council, arguments.serve_edits)
                for what, times in (("page on disk", on_disk), ("browser told to reload", reloaded)):
                    times = sorted(times)
                    print(f"  clerk serve, save to {what}: median {times[len(times) // 2] * 1000:.0f} ms over {len(times)} saves"
                          f" (fastest {times[0] * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms)")
            if hugo:
                site = hugo_site(council, scratch / "hugo")
                timing = run([hugo, "--quiet", "-s", str(site), "-d", str(scratch / "hugo-out")])
                hugo_pages = sum(1 for _ in (scratch / "hugo-out").rglob("*.html"))
                print(f"  hugo full build      {timing.seconds:7.2f} s  peak {timing.peak_mib:6.0f} MiB  {hugo_pages} pages"
                      f"  clerk/hugo = {full.seconds / timing.seconds:.2f}")
            if eleventy:
                site = eleventy_site(council, scratch / "eleventy")
                timing = run([str(eleventy), "--quiet", f"--input={site / 'content'}", f"--output={scratch / 'eleventy-out'}"],
                             cwd=site)
                eleventy_pages = sum(1 for _ in (scratch / "eleventy-out").rglob("*.html"))
                print(f"  eleventy full build  {timing.seconds:7.2f} s  peak {timing.peak_mib:6.0f} MiB  {eleventy_pages} pages"
                      f"  eleventy/clerk = {timing.seconds / full.seconds:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
