"""The gate's checks as executor units (generator/executors.py): a batch of pages, with everything the checkers read,
checked on whichever machine runs the unit.

A unit carries each page's HTML at its path, the static folder (stylesheets, scripts, fonts: sent once per
unit), the images its pages show, and, for the search page checked with a query, the search bundle. The
worker writes them into a temporary folder, serves it on loopback and runs one Chromium over the unit's
pages (browser_checks.py) and one JVM (html_validity.py) beside it, and gives back the findings; the build
caches them under the keys a local run uses, so a result is reused wherever it was made.

The worker finds node, Chromium, Java and the checkers' npm packages on its own machine: Chromium on the
PATH or at $CLERK_CHROMIUM, the npm packages in $CLERK_CHECKERS_HOME/node_modules or Clerk's own checkout
(node_packages.py). A worker whose checkers are of other versions than the build's refuses the unit rather
than give results cached as the build's.
"""

from __future__ import annotations

import socket
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.checks.browser_checks import config_fingerprint, find_browser_tools, run_browser_checks
from generator.checks.findings import CheckedPage, Finding
from generator.checks.html_validity import find_validator, run_vnu
from generator.checks.local_server import serve
from generator.checks.node_packages import CheckerUnavailable
from generator.checks.reaper import CheckerProcesses
from generator.executors import UnitFailed
from generator.render.search_index import SEARCH_BUNDLE

#: Pages per unit. Starting Chromium (about a second) and the Nu checker's JVM (a few seconds, mostly its JIT
#: warming up) is paid once per unit, against some 2.4 core-seconds of checks per page: at 20 pages that start
#: is under a tenth of the unit, and ten years of a council (120,000 pages) is still 6,000 units to spread.
PAGES_PER_UNIT = 20
#: Tabs of a unit's Chromium. A Dask worker is one core of its machine (one thread): two tabs keep it busy
#: while one of them waits on a load, without a unit taking cores its neighbours run on.
TABS_PER_UNIT = 2
BROWSER = "pa11y"
VALIDATOR = "vnu"


@dataclass(frozen=True)
class CheckUnit:
    """A batch of pages and every file their checks read, by path under the site folder."""

    files: tuple[tuple[str, bytes], ...]
    browser: tuple[CheckedPage, ...] = ()
    """The pages to check in Chromium; `browser_fingerprint` is the build's config_fingerprint."""
    validator: tuple[CheckedPage, ...] = ()
    """The pages to check with the Nu checker; `validator_version` is the build's vnu-jar."""
    browser_fingerprint: str = ""
    validator_version: str = ""


@dataclass
class UnitChecked:
    """What a unit gives back: findings per checker and page, and the checkers that could not run on its worker."""

    findings: dict[str, dict[str, list[Finding]]] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)


def check_unit(unit: CheckUnit) -> UnitChecked:
    """Run in the worker: the unit's files in a temporary folder, checked by this machine's checkers."""
    done = UnitChecked()
    with tempfile.TemporaryDirectory(prefix="clerk-check-unit-") as folder, CheckerProcesses() as children:
        site = Path(folder)
        for path, data in unit.files:
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

        def browser() -> dict[str, list[Finding]]:
            tools = find_browser_tools(site)
            _same(BROWSER, config_fingerprint(tools), unit.browser_fingerprint)
            with serve(site) as base_url:
                return run_browser_checks(tools, base_url, list(unit.browser), TABS_PER_UNIT, children)

        def validator() -> dict[str, list[Finding]]:
            tools = find_validator(site)
            _same(VALIDATOR, tools.version, unit.validator_version)
            return run_vnu(tools, site, list(unit.validator), children)

        jobs = [(name, job) for name, job, pages in ((BROWSER, browser, unit.browser), (VALIDATOR, validator, unit.validator)) if pages]
        # The JVM runs while the browser waits on page loads, as on the build machine.
        with ThreadPoolExecutor(max_workers=len(jobs) or 1) as pool:
            futures = [(name, pool.submit(job)) for name, job in jobs]
            for name, future in futures:
                try:
                    done.findings[name] = future.result()
                except CheckerUnavailable as error:
                    done.unavailable[name] = f"on the worker {socket.gethostname()}: {error}"
    return done


def _same(checker: str, worker: str, build: str) -> None:
    if worker != build:
        raise CheckerUnavailable(
            f"its {checker} checker differs from the build machine's (install the same Chromium, Java and npm packages"
            f" as the build machine: docs/scaling.md); the worker has {_short(worker)}, the build {_short(build)}"
        )


def _short(fingerprint: str) -> str:
    return fingerprint if len(fingerprint) <= 120 else fingerprint[:117] + "..."


def make_units(
    site: Path, browser: list[CheckedPage], validator: list[CheckedPage], browser_fingerprint: str, validator_version: str
) -> list[CheckUnit]:
    """The pages either checker must check, PAGES_PER_UNIT at a time, each batch with the files its checks read."""
    wanted: dict[str, CheckedPage] = {}
    for page in browser + validator:
        wanted.setdefault(page.output_path, page)
    in_browser = {page.output_path for page in browser}
    in_validator = {page.output_path for page in validator}
    static = _folder_files(site, "static")
    paths = list(wanted)
    units = []
    for start in range(0, len(paths), PAGES_PER_UNIT):
        batch = [wanted[path] for path in paths[start : start + PAGES_PER_UNIT]]
        to_browser = tuple(page for page in batch if page.output_path in in_browser)
        files = dict(static)
        for page in batch:
            files[page.output_path] = (site / page.output_path).read_bytes()
            files.update(_shown_files(site, page, files[page.output_path]))
        if any(page.query for page in to_browser):
            # The search page checked with a query shows results its script reads from the index.
            files.update(_folder_files(site, SEARCH_BUNDLE))
        units.append(
            CheckUnit(
                files=tuple(sorted(files.items())),
                browser=to_browser,
                validator=tuple(page for page in batch if page.output_path in in_validator),
                browser_fingerprint=browser_fingerprint,
                validator_version=validator_version,
            )
        )
    return units


def failed_findings(unit: CheckUnit, failed: UnitFailed) -> UnitChecked:
    """A unit that gave no result: a ':failed' error at each page it carried (never cached)."""
    done = UnitChecked()
    for name, pages in ((BROWSER, unit.browser), (VALIDATOR, unit.validator)):
        if pages:
            finding = Finding(f"{name}:failed", "error", f"the {name} checks of this page did not run: {failed.reason}")
            done.findings[name] = {page.output_path: [finding] for page in pages}
    return done


def _folder_files(site: Path, name: str) -> dict[str, bytes]:
    folder = site / name
    if not folder.is_dir():
        return {}
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _shown_files(site: Path, page: CheckedPage, html: bytes) -> dict[str, bytes]:
    """The site's own files the page shows (its images: their size can decide its layout at 320 px)."""
    finder = _Sources()
    finder.feed(html.decode("utf-8", errors="replace"))
    top = site.resolve()
    here = (site / page.output_path).parent
    shown = {}
    for source in finder.sources:
        address = urlsplit(source)
        if address.scheme or address.netloc or not address.path:
            continue
        path = unquote(address.path)
        target = ((site / path.lstrip("/")) if path.startswith("/") else here / path).resolve()
        if target.is_file() and target.is_relative_to(top):
            shown[target.relative_to(top).as_posix()] = target.read_bytes()
    return shown


class _Sources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.sources += [value for name, value in attrs if name == "src" and value]
