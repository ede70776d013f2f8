"""The accessibility gate: run the external checkers over built pages, reusing cached results.

A page's results are cached under a hash of its HTML, the site's static
files (a stylesheet change can break contrast on every page) and the
checkers' versions and settings, so an unchanged page is not checked again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from generator import __version__
from generator.checks.browser_checks import BrowserSession, config_fingerprint, describe, find_browser_tools, run_browser_checks
from generator.checks.check_units import BROWSER, VALIDATOR, check_unit, failed_findings, make_units
from generator.checks.findings import CheckedPage, Finding
from generator.checks.gate_options import GateOptions
from generator.checks.html_validity import find_validator, run_vnu
from generator.checks.local_server import serve
from generator.checks.node_packages import CheckerUnavailable
from generator.checks.reaper import CheckerProcesses
from generator.checks.result_cache import ResultCache
from generator.executors import UnitFailed, Units
from generator.render.search_index import SEARCH_BUNDLE


@dataclass
class _Planned:
    """One checker's part of a gate run, before its pages are checked."""

    name: str
    run: GateRun
    identity: str = ""
    """What besides a page decides its findings (the checker's versions and settings): part of its cache key."""
    check: Callable | None = None
    """How to check pages on this machine; None when the checker cannot run (`run` says why)."""
    keys: dict[str, str] = field(default_factory=dict)
    to_check: list[CheckedPage] = field(default_factory=list)


@dataclass
class GateRun:
    """What the gate found, and what it did, for the report and the terminal."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)
    """Per checker, pages actually checked this run (the rest came from the cache)."""
    skipped: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """Checkers that should have run but could not (not installed)."""

    def merge(self, other: "GateRun") -> None:
        for path, findings in other.findings.items():
            self.findings.setdefault(path, []).extend(findings)
        for checker, count in other.checked.items():
            self.checked[checker] = self.checked.get(checker, 0) + count
        for name in ("skipped", "tools", "failures"):
            for value in getattr(other, name):
                if value not in getattr(self, name):
                    getattr(self, name).append(value)


@contextlib.contextmanager
def started_browser(root: Path, options: GateOptions | None) -> Iterator[BrowserSession | None]:
    """The gate's Chromium, started while the build writes the site (a second or so that a one-paper
    rebuild would otherwise wait for), and ended with the block; None when no browser checks will run
    or they cannot (the gate then says why, as without it)."""
    if options is None or not options.browser:
        yield None
        return
    try:
        tools = find_browser_tools(root)
    except CheckerUnavailable:
        yield None
        return
    with CheckerProcesses() as children:
        session = BrowserSession(tools, browser_tabs(options), children)
        try:
            yield session
        finally:
            session.close()


def browser_tabs(options: GateOptions) -> int:
    return options.processes or os.cpu_count() or 1


class Gate:
    def __init__(
        self,
        root: Path,
        site_folder: Path,
        options: GateOptions,
        cache: ResultCache,
        browser: BrowserSession | None = None,
        units: Units | None = None,
    ):
        self.root = root.resolve()
        self.site_folder = site_folder
        self.options = options
        self.cache = cache
        self.browser = browser
        """The browser started while the site was written (`started_browser`), if any."""
        self.units = units
        """The build's executor when it is not the local pool: the pages are checked as its units (check_units.py)."""
        self.index_digest: str | None = None

    def describe(self) -> GateRun:
        """Which checkers will run, with their versions, and which cannot: without checking anything."""
        run = GateRun()
        for name, runner in self._jobs(run):
            try:
                run.tools.extend(runner()[1])
            except CheckerUnavailable as error:
                run.failures.append(f"{name}: {error}")
        return run

    def check(self, pages: list[CheckedPage]) -> GateRun:
        run = GateRun(findings={page.output_path: [] for page in pages})
        static = self._static_digest()
        jobs = self._jobs(run)
        if self.units is not None:
            done = self._in_units(jobs, pages, static)
        else:
            # The Java validator runs while the browsers wait on page loads. The checkers are swept
            # before the pool waits for its threads: an interrupted build must not wait for them.
            with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool, CheckerProcesses() as children:
                done = list(pool.map(lambda job: self._run_checker(job[0], pages, static, job[1], children), jobs))
        for part in done:
            run.merge(part)
        for findings in run.findings.values():
            findings.sort()
        return run

    def _jobs(self, run: GateRun) -> list[tuple[str, Callable]]:
        jobs: list[tuple[str, Callable]] = []
        if self.options.html_validity:
            jobs.append(("vnu", self._vnu))
        else:
            run.skipped.append("the Nu HTML Checker (html validity) was skipped")
        if self.options.browser:
            jobs.append(("pa11y", self._browser))
        else:
            run.skipped.append("browser checks (pa11y: axe, HTML CodeSniffer; reflow) were skipped: --no-browser-checks")
        return jobs

    def _run_checker(self, name: str, pages: list[CheckedPage], static: str, runner, children: CheckerProcesses) -> GateRun:
        planned = self._plan(name, pages, static, runner)
        if planned.check is None:
            return planned.run
        fresh = planned.check(planned.to_check, children) if planned.to_check else {}
        return self._remember(planned, fresh)

    def _plan(self, name: str, pages: list[CheckedPage], static: str, runner) -> _Planned:
        """The checker's tools, and the pages its cache has no results for (the others' results are in `run`)."""
        planned = _Planned(name, GateRun(findings={page.output_path: [] for page in pages}))
        try:
            planned.identity, tool_names, planned.check = runner()
        except CheckerUnavailable as error:
            planned.run.failures.append(f"{name}: {error}")
            return planned
        planned.run.tools.extend(tool_names)
        # The Nu checker reads each file as written and runs no script: what search finds is not its input.
        planned.keys = {page.output_path: self._key(page, static, planned.identity, with_index=name != "vnu") for page in pages}
        for page in pages:
            cached = self.cache.get(name, planned.keys[page.output_path])
            if cached is None:
                planned.to_check.append(page)
            else:
                planned.run.findings[page.output_path].extend(Finding.from_json(item) for item in cached)
        return planned

    def _remember(self, planned: _Planned, fresh: dict[str, list[Finding]], unchecked: frozenset[str] = frozenset()) -> GateRun:
        """The checked pages' findings into the run, and into the cache but for those `unchecked` (their checker could not run)."""
        planned.run.checked[planned.name] = len(planned.to_check) - len(unchecked)
        for page in planned.to_check:
            findings = fresh.get(page.output_path, [])
            planned.run.findings[page.output_path].extend(findings)
            # A checker that failed to run is not a result: don't remember it.
            if page.output_path not in unchecked and not any(f.rule.endswith(":failed") for f in findings):
                self.cache.put(planned.name, planned.keys[page.output_path], [f.to_json() for f in findings])
        return planned.run

    def _in_units(self, jobs: list[tuple[str, Callable]], pages: list[CheckedPage], static: str) -> list[GateRun]:
        """The pages no cached result is had for, checked in batches on the build's executor (check_units.py)."""
        planned = {name: self._plan(name, pages, static, runner) for name, runner in jobs}
        ready = {name: plan for name, plan in planned.items() if plan.check is not None}
        to_check = {name: ready[name].to_check if name in ready else [] for name in (BROWSER, VALIDATOR)}
        identity = {name: ready[name].identity if name in ready else "" for name in (BROWSER, VALIDATOR)}
        assert self.units is not None
        units = make_units(self.site_folder, to_check[BROWSER], to_check[VALIDATOR], identity[BROWSER], identity[VALIDATOR])
        fresh: dict[str, dict[str, list[Finding]]] = {name: {} for name in ready}
        unchecked: dict[str, set[str]] = {name: set() for name in ready}
        for unit, result in zip(units, self.units.run(check_unit, units, "Checking pages")):
            done = failed_findings(unit, result) if isinstance(result, UnitFailed) else result
            for name, found in done.findings.items():
                fresh[name].update(found)
            for name, why in done.unavailable.items():
                ready[name].run.failures.append(f"{name}: {why}")
                unchecked[name] |= {page.output_path for page in (unit.browser if name == BROWSER else unit.validator)}
        return [
            self._remember(plan, fresh[name], frozenset(unchecked[name])) if name in ready else plan.run
            for name, plan in planned.items()
        ]

    def _vnu(self):
        tools = find_validator(self.root)
        return tools.version, [tools.version], lambda pages, children: run_vnu(tools, self.site_folder, pages, children)

    def _browser(self):
        """pa11y's runners and the reflow runner, one page load for both (browser_checks.py)."""
        tools = find_browser_tools(self.root)
        tabs = browser_tabs(self.options)

        def check(pages: list[CheckedPage], children: CheckerProcesses) -> dict[str, list[Finding]]:
            with serve(self.site_folder) as base_url:
                return run_browser_checks(tools, base_url, pages, tabs, children, session=self.browser)

        return config_fingerprint(tools), describe(tools), check

    def _key(self, page: CheckedPage, static: str, fingerprint: str, with_index: bool) -> str:
        html = (self.site_folder / page.output_path).read_bytes()
        if page.query and with_index:
            # What a page checked with a query shows is made from the search index as well.
            html += page.query.encode() + self._index_digest().encode()
        # Clerk's version too: a new Clerk may read results differently.
        return ResultCache.key(html, static, fingerprint, __version__)

    def _index_digest(self) -> str:
        # Once per gate: at 4,000 papers the index is 5,000 files (45 MB), and it does not change while the gate runs.
        if self.index_digest is None:
            self.index_digest = _folder_digest(self.site_folder / SEARCH_BUNDLE)
        return self.index_digest

    def _static_digest(self) -> str:
        return _folder_digest(self.site_folder / "static")


def _folder_digest(folder: Path) -> str:
    """A hash of every file's path and bytes under `folder` (none if it is missing)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
