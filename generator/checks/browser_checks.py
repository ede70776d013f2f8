"""pa11y-ci (axe and HTML CodeSniffer) over built pages, run as subprocesses with Debian's Chromium.

pa11y-ci 4 with Chromium fails pages at concurrency 2 (Target.closeTarget
errors), so each pa11y-ci process checks its pages one at a time in one
reused browser, and several processes share the pages out between them.
Each page is loaded once for all runners; the WCAG 2.2 rules that pa11y's
axe runner does not ask for come from `pa11y_wcag22_runner.js`.
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

STANDARD = "WCAG2AA"
WCAG22_RUNNER = Path(__file__).with_name("pa11y_wcag22_runner.js")
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
    pa11y_ci: Path
    chromium: str
    versions: str
    """pa11y-ci, pa11y, axe-core and HTML CodeSniffer versions, for the cache key and the report."""


def find_browser_tools(root: Path) -> BrowserTools:
    node = shutil.which("node")
    modules = node_modules(root)
    pa11y_ci = modules / "pa11y-ci" / "bin" / "pa11y-ci.js" if modules else None
    chromium = os.environ.get("CLERK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if node is None:
        raise CheckerUnavailable("Node.js is not installed: run `make build`, or install Debian's nodejs and npm")
    if pa11y_ci is None or not pa11y_ci.is_file():
        raise CheckerUnavailable("pa11y-ci is not installed: run `make build` (it runs `npm ci`)")
    if chromium is None:
        raise CheckerUnavailable("Chromium is not installed: run `make build` as root, or `apt-get install chromium`")
    assert modules is not None
    versions = ", ".join(
        f"{name} {package_version(modules, name)}"
        for name in ("pa11y-ci", "pa11y", "axe-core", "@pa11y/html_codesniffer")
    )
    return BrowserTools(node=node, pa11y_ci=pa11y_ci, chromium=chromium, versions=versions)


def config_fingerprint(tools: BrowserTools) -> str:
    """Everything besides the page that decides pa11y's findings."""
    return json.dumps(
        {"versions": tools.versions, "defaults": _defaults(tools, Path("-")), "runner": WCAG22_RUNNER.read_text()},
        sort_keys=True,
    )


def run_pa11y(
    tools: BrowserTools, base_url: str, pages: list[CheckedPage], processes: int, children: CheckerProcesses
) -> dict[str, list[Finding]]:
    """Findings per page output path; a page pa11y could not check gets a 'pa11y:failed' error."""
    if not pages:
        return {}
    shards = [pages[index::processes] for index in range(min(processes, len(pages)))]
    with children.temporary_folder("pa11y") as folder:
        running = []
        for number, shard in enumerate(shards):
            report = Path(folder) / f"report-{number}.json"
            config = Path(folder) / f"config-{number}.json"
            config.write_text(
                json.dumps({"defaults": _defaults(tools, report), "urls": [_pa11y_url(base_url, page) for page in shard]}),
                encoding="utf-8",
            )
            environment = dict(
                os.environ, PUPPETEER_SKIP_DOWNLOAD="1", PUPPETEER_EXECUTABLE_PATH=tools.chromium, **browser_temporary(folder)
            )
            process = children.popen(
                [tools.node, str(tools.pa11y_ci), "--config", str(config)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=environment,
                text=True,
            )
            running.append((process, report, shard))
        results: dict[str, list[Finding]] = {}
        for process, report, shard in running:
            _, errors = process.communicate()
            results.update(_read_report(report, shard, base_url, errors))
    return results


def _checked_url(base_url: str, page: CheckedPage) -> str:
    return base_url + page.url_path + page.query


def _pa11y_url(base_url: str, page: CheckedPage) -> str | dict:
    """pa11y-ci's entry for the page: its address, or, for a page checked with a query (the search
    page showing results), the address with the query and the wait for its script to finish."""
    if not page.query:
        return _checked_url(base_url, page)
    return {"url": _checked_url(base_url, page), "actions": [f"wait for element {page.ready} to be added"]}


def browser_temporary(folder: str) -> dict[str, str]:
    """Chromium's profile (puppeteer makes it in TMPDIR) inside the checker's own folder, removed with it."""
    return {"TMPDIR": folder}


def _defaults(tools: BrowserTools, report: Path) -> dict:
    return {
        "runners": ["axe", "htmlcs", str(WCAG22_RUNNER)],
        "standard": STANDARD,
        "concurrency": 1,
        # One browser context for all of a process's pages: the site sets no
        # cookies or storage, and a fresh context per page costs ~0.3 s.
        "useIncognitoBrowserContext": False,
        "timeout": PAGE_TIMEOUT_MS,
        "chromeLaunchConfig": {"executablePath": tools.chromium, "args": CHROMIUM_ARGS},
        "reporters": [["json", {"fileName": str(report)}]],
    }


def _read_report(report: Path, shard: list[CheckedPage], base_url: str, errors: str) -> dict[str, list[Finding]]:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = errors.strip().splitlines()[-3:]
        failure = Finding("pa11y:failed", "error", "pa11y-ci did not finish: " + " | ".join(tail))
        return {page.output_path: [failure] for page in shard}
    results: dict[str, list[Finding]] = {}
    for page in shard:
        issues = data.get("results", {}).get(_checked_url(base_url, page))
        if issues is None:
            results[page.output_path] = [Finding("pa11y:failed", "error", "pa11y-ci reported nothing for this page")]
            continue
        results[page.output_path] = sorted(_finding(issue) for issue in issues)
    return results


def _finding(issue: dict) -> Finding:
    if "code" not in issue:
        return Finding("pa11y:failed", "error", f"pa11y could not check the page: {issue.get('message', '')}".strip())
    runner = issue.get("runner") or "axe"
    prefix = "axe" if runner.endswith("pa11y_wcag22_runner.js") else runner
    return Finding(
        rule=f"{prefix}:{issue['code']}",
        severity="error" if issue.get("type") == "error" else "warning",
        message=str(issue.get("message", "")).strip(),
        selector=str(issue.get("selector") or ""),
        context=str(issue.get("context") or ""),
    )
