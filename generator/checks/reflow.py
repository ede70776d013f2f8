"""Reflow (WCAG 2.2 1.4.10): no page scrolls sideways at 320 CSS pixels, checked in Chromium."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from generator.checks.browser_checks import CHROMIUM_ARGS, BrowserTools, browser_temporary
from generator.checks.findings import CheckedPage, Finding
from generator.checks.reaper import CheckerProcesses

SCRIPT = Path(__file__).with_name("reflow.js")


def fingerprint() -> str:
    return SCRIPT.read_text(encoding="utf-8")


def run_reflow(
    tools: BrowserTools, base_url: str, pages: list[CheckedPage], children: CheckerProcesses
) -> dict[str, list[Finding]]:
    if not pages:
        return {}
    urls = {base_url + page.url_path: page for page in pages}
    with children.temporary_folder("reflow") as folder:
        config = Path(folder) / "config.json"
        config.write_text(json.dumps({"chromium": tools.chromium, "args": CHROMIUM_ARGS, "urls": list(urls)}))
        environment = dict(
            os.environ, PUPPETEER_SKIP_DOWNLOAD="1", NODE_PATH=str(tools.pa11y_ci.parents[2]), **browser_temporary(folder)
        )
        process = children.popen(
            [tools.node, str(SCRIPT), str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
        )
        stdout, stderr = process.communicate()
    try:
        data = json.loads(stdout)
    except ValueError:
        failure = Finding("reflow:failed", "error", "the reflow check did not run: " + stderr.strip()[-300:])
        return {page.output_path: [failure] for page in pages}
    results: dict[str, list[Finding]] = {}
    for url, page in urls.items():
        findings = []
        for problem in data.get(url, []):
            if "failed" in problem:
                findings.append(Finding("reflow:failed", "error", f"the page could not be loaded: {problem['failed']}"))
                continue
            for element in problem["elements"] or [{"selector": "html", "right": problem["width"], "html": ""}]:
                findings.append(
                    Finding(
                        rule="reflow:horizontal-scroll",
                        severity="error",
                        message=(
                            f"at 320 CSS pixels wide the page scrolls sideways ({problem['width']} px wide); "
                            f"this element reaches {element['right']} px (WCAG 2.2 1.4.10 Reflow)"
                        ),
                        selector=element["selector"],
                        context=element["html"],
                    )
                )
        results[page.output_path] = sorted(findings)
    return results
