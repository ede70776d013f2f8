"""The browser checks (pa11y's runners and the reflow check) over built pages, in Debian's Chromium.

One Node process (`browser_checks.js`) starts one Chromium and checks the
pages in a few tabs side by side, each page loaded once: pa11y's runners (axe,
HTML CodeSniffer, and `pa11y_wcag22_runner.js` for the WCAG 2.2 rules pa11y's
axe runner does not ask for) at pa11y's desktop viewport, then, on the same
loaded page, `reflow_runner.js` at 320 CSS pixels. Starting Chromium and
loading pages is most of what browser checks cost, so neither is done twice.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.checks.findings import CheckedPage, Finding
from generator.checks.node_packages import CheckerUnavailable, node_modules, package_version
from generator.checks.reaper import CheckerProcesses
from generator.checks.reflow import REFLOW_RUNNER, REFLOW_VIEWPORT, reflow_findings

STANDARD = "WCAG2AA"
SCRIPT = Path(__file__).with_name("browser_checks.js")
WCAG22_RUNNER = Path(__file__).with_name("pa11y_wcag22_runner.js")
RUNNERS = ["axe", "htmlcs", str(WCAG22_RUNNER)]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PAGE_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class BrowserTools:
    node: str
    modules: Path
    chromium: str
    versions: str
    """pa11y, axe-core and HTML CodeSniffer versions, for the cache key and the report."""

    @property
    def pa11y_ci(self) -> Path:
        """Stock pa11y-ci, which the benchmark compares the gate with."""
        return self.modules / "pa11y-ci" / "bin" / "pa11y-ci.js"


def find_browser_tools(root: Path) -> BrowserTools:
    node = shutil.which("node")
    modules = node_modules(root)
    chromium = os.environ.get("CLERK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if node is None:
        raise CheckerUnavailable("Node.js is not installed: run `make build`, or install Debian's nodejs and npm")
    if modules is None or not (modules / "pa11y" / "package.json").is_file():
        raise CheckerUnavailable("pa11y is not installed: run `make build` (it runs `npm ci`)")
    if chromium is None:
        raise CheckerUnavailable("Chromium is not installed: run `make build` as root, or `apt-get install chromium`")
    versions = ", ".join(f"{name} {package_version(modules, name)}" for name in ("pa11y", "axe-core", "@pa11y/html_codesniffer"))
    return BrowserTools(node=node, modules=modules, chromium=chromium, versions=versions)


def describe(tools: BrowserTools) -> list[str]:
    """The browser checks as the report names them."""
    return [tools.versions, "reflow at 320 CSS px (Chromium, puppeteer)"]


def config_fingerprint(tools: BrowserTools) -> str:
    """Everything besides the page that decides the browser checks' findings."""
    return json.dumps(
        {
            "versions": tools.versions,
            "puppeteer": package_version(tools.modules, "puppeteer"),
            "chromium": tools.chromium,
            "settings": _settings(tools, 1),
            "scripts": [path.read_text(encoding="utf-8") for path in (SCRIPT, WCAG22_RUNNER, REFLOW_RUNNER)],
        },
        sort_keys=True,
    )


class BrowserSession:
    """One Node process and its Chromium (browser_checks.js), started before the pages it will check are
    written, so that the build's writing hides Chromium's start; it checks as many lists of pages as it is
    given, and ends with `close` (or with `children`, which sweeps it however the build ends)."""

    def __init__(self, tools: BrowserTools, tabs: int, children: CheckerProcesses):
        self.folder = children.temporary_folder("pa11y")
        self.path = Path(self.folder.name)
        config = self.path / "config.json"
        config.write_text(json.dumps(_settings(tools, tabs)), encoding="utf-8")
        environment = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1", NODE_PATH=str(tools.modules), **browser_temporary(str(self.path)))
        # Its errors go to a file, read when it fails: a pipe nobody reads until then could fill and stop it.
        self.errors = self.path / "errors.txt"
        with open(self.errors, "w", encoding="utf-8") as errors:
            self.process = children.popen(
                [tools.node, str(SCRIPT), str(config)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, env=environment, text=True,
            )
        self.jobs = 0

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def check(self, base_url: str, pages: list[CheckedPage]) -> dict[str, list[Finding]]:
        """Findings per page output path. A page the browser could not check gets a 'pa11y:failed'
        (and 'reflow:failed') error, never an empty result."""
        if not pages:
            return {}
        report = self.path / f"report-{self.jobs}.json"
        self.jobs += 1
        job = {"pages": [_entry(base_url, page) for page in pages], "report": str(report)}
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except OSError:  # it had ended: its errors say why
            answer = ""
        errors = ""
        if answer.strip() != "done":  # it ended mid-job: what it wrote on stderr says why
            try:
                self.process.wait(timeout=30)
                errors = self.errors.read_text(encoding="utf-8", errors="replace")
            except (OSError, subprocess.TimeoutExpired) as error:
                errors = str(error)
            self.close()
        return read_report(report, pages, base_url, errors)

    def close(self) -> None:
        """Let it close Chromium and end; its folder goes with it."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()


def run_browser_checks(
    tools: BrowserTools, base_url: str, pages: list[CheckedPage], tabs: int, children: CheckerProcesses,
    session: BrowserSession | None = None,
) -> dict[str, list[Finding]]:
    """Findings per page output path, `tabs` pages at a time: in `session`, the Chromium started while the
    site was written, while it runs; else in one started for them."""
    if not pages:
        return {}
    if session is not None and session.alive:
        return session.check(base_url, pages)
    session = BrowserSession(tools, min(tabs, len(pages)), children)
    try:
        return session.check(base_url, pages)
    finally:
        session.close()


def _checked_url(base_url: str, page: CheckedPage) -> str:
    return base_url + page.url_path + page.query


def _entry(base_url: str, page: CheckedPage) -> dict:
    """The page's address and, for a page checked with a query (the search page showing results),
    the wait for its script to finish, as a pa11y action."""
    actions = [f"wait for element {page.ready} to be added"] if page.query else []
    return {"url": _checked_url(base_url, page), "actions": actions}


def browser_temporary(folder: str) -> dict[str, str]:
    """Chromium's profile (puppeteer makes it in TMPDIR) inside the checker's own folder, removed with it."""
    return {"TMPDIR": folder}


def _settings(tools: BrowserTools, tabs: int) -> dict:
    return {
        "chromium": tools.chromium,
        "args": CHROMIUM_ARGS,
        "tabs": tabs,
        "runners": RUNNERS,
        "standard": STANDARD,
        "timeout": PAGE_TIMEOUT_MS,
        "reflow": {"runner": str(REFLOW_RUNNER), "viewport": REFLOW_VIEWPORT},
    }


def read_report(report: Path, pages: list[CheckedPage], base_url: str, errors: str) -> dict[str, list[Finding]]:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = " | ".join(errors.strip().splitlines()[-3:])
        return {
            page.output_path: [
                Finding("pa11y:failed", "error", "the browser checks did not finish: " + tail),
                Finding("reflow:failed", "error", "the browser checks did not finish: " + tail),
            ]
            for page in pages
        }
    results: dict[str, list[Finding]] = {}
    for page in pages:
        checked = data.get(_checked_url(base_url, page))
        if checked is None:
            results[page.output_path] = [Finding("pa11y:failed", "error", "the browser checks reported nothing for this page")]
            continue
        results[page.output_path] = sorted(_pa11y_findings(checked["pa11y"]) + _reflow_results(checked["reflow"]))
    return results


def _pa11y_findings(issues: list[dict] | dict) -> list[Finding]:
    if isinstance(issues, dict):
        return [Finding("pa11y:failed", "error", f"pa11y could not check the page: {issues.get('failed', '')}".strip())]
    return [_finding(issue) for issue in issues]


def _reflow_results(issues: list[dict] | dict) -> list[Finding]:
    if isinstance(issues, dict):
        return [Finding("reflow:failed", "error", f"the reflow check could not run: {issues.get('failed', '')}")]
    return [finding for issue in issues for finding in reflow_findings(issue["runnerExtras"])]


def _finding(issue: dict) -> Finding:
    runner = issue.get("runner") or "axe"
    prefix = "axe" if runner.endswith("pa11y_wcag22_runner.js") else runner
    return Finding(
        rule=f"{prefix}:{issue['code']}",
        severity="error" if issue.get("type") == "error" else "warning",
        message=str(issue.get("message", "")).strip(),
        selector=str(issue.get("selector") or ""),
        context=str(issue.get("context") or ""),
    )
