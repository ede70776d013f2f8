"""A checker that cannot run, or runs and says nothing, fails the pages it should have checked.

Each checker's failure has its own rule id, so that the report says which
one did not run; none may pass a page it did not check.
"""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.checks import gate
from generator.checks.browser_checks import BrowserTools, read_report, run_browser_checks
from generator.checks.findings import CheckedPage
from generator.checks.gate_options import GateOptions
from generator.checks.html_validity import ValidatorTools, run_vnu
from generator.checks.node_packages import CheckerUnavailable
from generator.checks.reaper import CheckerProcesses
from tests.sitekit import make_site

PAGE = CheckedPage("index.html", "site.yaml")


def _rules(results) -> dict[str, list[str]]:
    return {path: [finding.rule for finding in findings] for path, findings in results.items()}


def test_a_validator_that_prints_nothing_fails_every_page_as_vnu_failed(tmp_path):
    with CheckerProcesses() as children:
        results = run_vnu(ValidatorTools("false", Path("vnu.jar"), "vnu-jar 0"), tmp_path, [PAGE], children)
    assert _rules(results) == {"index.html": ["vnu:failed"]}


def test_browser_checks_that_print_nothing_fail_every_page_as_pa11y_and_reflow_failed(tmp_path):
    tools = BrowserTools("false", tmp_path / "node_modules", "chromium", "none")
    with CheckerProcesses() as children:
        results = run_browser_checks(tools, "http://127.0.0.1:1/", [PAGE], 1, children)
    assert _rules(results) == {"index.html": ["pa11y:failed", "reflow:failed"]}


def test_browser_checks_without_a_report_fail_every_page_as_pa11y_and_reflow_failed(tmp_path):
    results = read_report(tmp_path / "no-report.json", [PAGE], "http://127.0.0.1:1/", "starting\nTarget closed\n")
    assert _rules(results) == {"index.html": ["pa11y:failed", "reflow:failed"]}
    assert "Target closed" in results["index.html"][0].message


def test_a_page_the_browser_could_not_load_fails_as_pa11y_and_reflow_failed(tmp_path):
    report = tmp_path / "report.json"
    report.write_text('{"http://127.0.0.1:1/": {"pa11y": {"failed": "net::ERR_CONNECTION_REFUSED"}, '
                      '"reflow": {"failed": "the page could not be loaded"}}}')
    results = read_report(report, [PAGE], "http://127.0.0.1:1/", "")
    assert _rules(results) == {"index.html": ["pa11y:failed", "reflow:failed"]}
    assert "ERR_CONNECTION_REFUSED" in results["index.html"][0].message


def test_a_checker_that_is_not_installed_fails_the_build_as_checker_missing(tmp_path, monkeypatch):
    def missing(root):
        raise CheckerUnavailable("Java is not installed")

    monkeypatch.setattr(gate, "find_validator", missing)
    result = build(make_site(tmp_path), tmp_path / "out", gate=GateOptions(browser=False), pdfs=False)
    assert not result.ok
    found = [(d.rule, str(d.position)) for d in result.diagnostics.errors]
    assert ("checker-missing", "site.yaml:1:1") in found
    assert not (tmp_path / "out").exists()


def test_a_checker_that_fails_when_the_accessibility_pages_are_checked_again_still_fails_the_build(tmp_path):
    """The statement and report pages are checked again when the results changed them: a checker that
    cannot run that second time must not leave them counted as clean."""
    from generator.checks.gate import GateRun
    from generator.checks.policy import ChecksConfig
    from generator.checks.site_checks import SiteChecks
    from generator.diagnostics import Diagnostics
    from generator.render.pages import Page

    class SecondTimeBroken:
        def check(self, pages):
            return GateRun(failures=["vnu: Java went away"])

    late = [Page("accessibility/", "accessibility.html", "Accessibility statement", "site.yaml")]
    diagnostics = Diagnostics()
    checks = SiteChecks(tmp_path, tmp_path, lambda path: tmp_path / path, [], late, [], None, None, ChecksConfig(), diagnostics, [])
    checks.gate = SecondTimeBroken()
    checks.run = GateRun()
    checks.check_changed(late)
    assert [(d.rule, str(d.position)) for d in diagnostics.errors] == [("checker-missing", "site.yaml:1:1")]
