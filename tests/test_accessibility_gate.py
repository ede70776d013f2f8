"""The accessibility gate: real checkers over deliberately broken pages, the policy, the cache, and the example site."""

from __future__ import annotations

import json
import shutil
import socket
import struct
import subprocess
import urllib.request

import pytest

from generator.build import build
from generator.checks.findings import CheckedPage
from generator.checks.gate import Gate, GateOptions
from generator.checks.gate_options import UNCHECKED_MARKER
from generator.checks.local_server import serve
from generator.checks.result_cache import ResultCache
from generator.cli import main
from tests.sitekit import PAPER, TESTS, check, make_site, read

FIXTURES = TESTS / "fixtures" / "a11y"

#: Each broken page and rules it must fail with (a sample of axe, HTML CodeSniffer and Nu checker rules).
EXPECTED = {
    "missing-alt.html": {"axe:image-alt", "htmlcs:WCAG2AA.Principle1.Guideline1_1.1_1_1.H37", "vnu:error"},
    "empty-link.html": {"axe:link-name", "htmlcs:WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.A.NoContent"},
    "low-contrast.html": {"axe:color-contrast", "htmlcs:WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Fail"},
    "missing-label.html": {"axe:label", "htmlcs:WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputText.Name"},
    "duplicate-id.html": {"htmlcs:WCAG2AA.Principle4.Guideline4_1.4_1_1.F77", "vnu:error"},
    "missing-lang.html": {"axe:html-has-lang", "htmlcs:WCAG2AA.Principle3.Guideline3_1.3_1_1.H57.2"},
    "small-target.html": {"axe:target-size"},
    "invalid-html.html": {"vnu:error"},
    "too-wide.html": {"reflow:horizontal-scroll"},
}


@pytest.fixture(scope="module")
def fixture_run():
    pages = [CheckedPage(path.name, f"tests/fixtures/a11y/{path.name}") for path in sorted(FIXTURES.glob("*.html"))]
    return Gate(TESTS.parent, FIXTURES, GateOptions(processes=2), ResultCache(None)).check(pages)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_broken_page_fails_with_the_expected_rules(fixture_run, page):
    found = {finding.rule for finding in fixture_run.findings[page] if finding.severity == "error"}
    assert EXPECTED[page] <= found, f"{page}: found {sorted(found)}"


def test_a_good_page_passes_every_checker(fixture_run):
    assert fixture_run.findings["good.html"] == []
    assert not fixture_run.failures
    assert fixture_run.checked == {"pa11y": 10, "vnu": 10}


def test_the_browser_checks_load_each_page_once_for_every_checker_and_still_find_what_each_finds(tmp_path, monkeypatch):
    import generator.checks.local_server as local_server

    requested: list[str] = []

    class CountingHandler(local_server.QuietHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            super().do_GET()

    monkeypatch.setattr(local_server, "QuietHandler", CountingHandler)
    names = ["too-wide.html", "low-contrast.html", "good.html"]
    pages = [CheckedPage(name, name) for name in names]
    run = Gate(TESTS.parent, FIXTURES, GateOptions(processes=2, html_validity=False), ResultCache(None)).check(pages)
    # pa11y's runners and the reflow check share one load: a second would mean a second browser or page.
    assert sorted(path for path in requested if path.endswith(".html")) == sorted(f"/{name}" for name in names)
    assert "reflow:horizontal-scroll" in {finding.rule for finding in run.findings["too-wide.html"]}
    assert "axe:color-contrast" in {finding.rule for finding in run.findings["low-contrast.html"]}
    assert run.findings["good.html"] == []


def test_the_nu_checker_runs_in_one_jvm_with_the_quick_compiler_only(tmp_path):
    from generator.checks.html_validity import ValidatorTools, run_vnu

    class Recorded:
        def __init__(self) -> None:
            self.commands: list[list[str]] = []

        def popen(self, command, **options):
            self.commands.append(command)
            return subprocess.Popen(["true"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    children = Recorded()
    pages = [CheckedPage(name, name) for name in ("good.html", "missing-alt.html")]
    run_vnu(ValidatorTools("java", FIXTURES / "vnu.jar", "vnu-jar 0"), FIXTURES, pages, children)
    (command,) = children.commands
    # A short run is mostly the JIT warming up: C1 alone costs less than half the processor time.
    assert "-XX:TieredStopAtLevel=1" in command
    assert [part for part in command if part.endswith(".html")] == [str(FIXTURES / page.output_path) for page in pages]


def test_an_unchanged_page_is_not_checked_again_and_a_changed_one_is(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("good.html", "missing-alt.html"):
        shutil.copy(FIXTURES / name, site / name)
    pages = [CheckedPage("good.html", "good"), CheckedPage("missing-alt.html", "bad")]
    gate = Gate(TESTS.parent, site, GateOptions(processes=1), ResultCache(tmp_path / "cache"))
    first = gate.check(pages)
    assert first.checked == {"pa11y": 2, "vnu": 2}
    second = gate.check(pages)
    assert second.checked == {"pa11y": 0, "vnu": 0}
    assert second.findings == first.findings
    (site / "good.html").write_text((site / "good.html").read_text().replace("nothing wrong", "nothing wrong at all"))
    third = gate.check(pages)
    assert third.checked == {"pa11y": 1, "vnu": 1}


def test_the_example_site_passes_every_checker_with_zero_errors(example_result):
    report = example_result.report
    assert report is not None and report.complete, report.summary() if report else "no report"
    assert report.errors == []
    assert len(report.pages) == len(example_result.pages) == 78, (
        "39 pages (the open data page, the search page and the index of every meeting and paper among them)"
        " and their large-print views"
    )
    assert example_result.gate_run.checked == {"pa11y": 78, "vnu": 78}
    tools = " ".join(report.tools)
    assert "pa11y 9.1.1" in tools and "axe-core" in tools and "html_codesniffer" in tools and "vnu-jar" in tools
    assert "reflow at 320 CSS px" in tools


def test_the_report_is_published_as_json_and_as_an_accessible_page(example_build):
    data = json.loads((example_build / "_reports/accessibility.json").read_text())
    assert data["errors"] == 0 and data["complete"] is True and data["pages_checked"] == 78
    assert not (example_build / UNCHECKED_MARKER).exists(), "a build with every check is not marked unchecked"
    assert {finding["rule"] for finding in data["findings"]} <= {"link-bare-url", "caps-run", "date-format"}
    html = (example_build / "_reports/accessibility.html").read_text()
    assert "<caption" in html and "Findings by rule" in html


def test_the_accessibility_statement_follows_the_model_statement(example_build):
    html = (example_build / "accessibility/index.html").read_text()
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h" in html, heading
    assert "fully compliant" in html
    assert "last tested on Friday 27 November 2026" in html
    assert 'href="accessibility/"' in (example_build / "index.html").read_text()


# -- policy ---------------------------------------------------------------------

SITE = "site.yaml"
BODY_WITH_BARE_URL = "## Intro\n\nSee <https://example.org/a/long/address/for/testing>.\n"


def paper_with(body: str) -> dict[str, str]:
    paper = "content/meetings/2030-01-15-audit/internal-audit.md"
    front = read(paper).split("---\n")[1]
    return {paper: f"---\n{front}---\n{body}"}


def with_policy(policy: str) -> str:
    return read(SITE) + policy


def test_a_rule_switched_off_with_a_reason_is_counted_in_the_report_not_reported(tmp_path):
    root = make_site(
        tmp_path,
        {**paper_with(BODY_WITH_BARE_URL), SITE: with_policy("checks:\n  rules:\n    link-bare-url:\n      severity: off\n      reason: Addresses are printed so people can type them.\n")},
    )
    result = build(root, tmp_path / "out", gate=None)
    assert result.ok
    assert "link-bare-url" not in {d.rule for d in result.diagnostics.items}
    (suppressed,) = result.report.suppressed
    assert (suppressed.rule, suppressed.count, suppressed.reason) == ("link-bare-url", 1, "Addresses are printed so people can type them.")
    assert "Addresses are printed so people can type them." in (tmp_path / "out/_reports/accessibility.html").read_text()


def test_a_policy_without_a_reason_is_refused(tmp_path):
    text = with_policy("checks:\n  rules:\n    link-bare-url:\n      severity: 'off'\n")
    root = make_site(tmp_path, {SITE: text})
    rule_line = text.splitlines().index("      severity: 'off'") + 1  # the rule's settings, where reason: is missing
    assert ("missing-key", f"site.yaml:{rule_line}:7") in [(d.rule, str(d.position)) for d in check(root).errors]


def test_a_policy_cannot_switch_off_a_content_error(tmp_path):
    root = make_site(tmp_path, {SITE: with_policy("checks:\n  rules:\n    unknown-person:\n      severity: 'off'\n      reason: x\n")})
    result = build(root, tmp_path / "out", gate=None)
    assert [d.rule for d in result.diagnostics.errors] == ["policy-rule"]


def test_a_policy_can_make_an_error_a_warning(tmp_path):
    root = make_site(
        tmp_path,
        {**paper_with("## Intro\n\nFor the budget [click here](https://example.org/budget).\n"),
         SITE: with_policy("checks:\n  rules:\n    link-text:\n      severity: warning\n      reason: Being rewritten by the author.\n")},
    )
    result = build(root, tmp_path / "out", gate=None)
    assert result.ok
    assert [(d.rule, d.severity.value) for d in result.diagnostics.items] == [("link-text", "warning")]


# -- the gate stops publication -------------------------------------------------------


def test_a_page_that_fails_pa11y_is_not_published_and_the_old_site_stays(tmp_path, capsys):
    root = make_site(tmp_path)
    assert main(["build", "--root", str(root), "--no-browser-checks"]) == 0
    before = {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
    pale = "body { color: #b0b0b0 !important; }\n"
    (root / "templates/static").mkdir(parents=True)
    (root / "templates/static/clerk.css").write_text((TESTS.parent / "templates/static/clerk.css").read_text() + pale)
    assert main(["build", "--root", str(root), "--processes", "2"]) == 1
    err = capsys.readouterr().err
    assert "error[axe:color-contrast]" in err
    assert "error   htmlcs:WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Fail: " in err
    assert "the previous build/ is unchanged" in err
    assert {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()} == before
    kept = json.loads((root / ".clerk-cache/reports/accessibility.json").read_text())
    assert kept["errors"] > 0


def test_clerk_check_runs_the_checks_and_publishes_nothing(tmp_path, capsys):
    root = make_site(tmp_path)
    assert main(["check", "--root", str(root), "--no-browser-checks"]) == 0
    assert not (root / "build").exists()
    assert "nothing was published" in capsys.readouterr().out


def test_site_yaml_sets_how_many_browsers_run_side_by_side(tmp_path, monkeypatch):
    import generator.checks.gate as gate_module

    seen = []
    monkeypatch.setattr(gate_module, "run_browser_checks", lambda tools, base, pages, tabs, children, session=None: seen.append(tabs) or {})
    root = make_site(tmp_path, {SITE: with_policy("checks:\n  browser_processes: 3\n")})
    build(root, tmp_path / "out", gate=GateOptions(html_validity=False), cache_folder=tmp_path / "cache")
    assert seen == [3]


def test_the_checkers_server_answers_a_browser_that_hangs_up_without_a_traceback(tmp_path, capfd):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>t</title>", encoding="utf-8")
    with serve(tmp_path) as base_url:
        port = int(base_url.rstrip("/").rsplit(":", 1)[1])
        for _ in range(30):
            # As pa11y does with favicon.ico: ask, then reset the connection before the answer.
            client = socket.create_connection(("127.0.0.1", port))
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.sendall(b"GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n")
            client.close()
        with urllib.request.urlopen(base_url, timeout=10) as response:
            assert response.status == 200, "the server carries on"
    assert "Traceback" not in capfd.readouterr().err


def test_a_build_without_every_check_says_so_loudly_and_a_checked_build_has_no_marker(tmp_path, monkeypatch, capsys):
    import generator.checks.gate as gate_module

    root = make_site(tmp_path)
    assert main(["build", "--root", str(root), "--no-browser-checks", "--no-pdfs"]) == 0
    marker = (root / "build" / UNCHECKED_MARKER).read_text()
    assert "NOT FULLY CHECKED" in marker and "--no-browser-checks" in marker and "--no-pdfs" in marker
    assert f"build IS NOT FULLY CHECKED (see 'not run' above, and {root / 'build' / UNCHECKED_MARKER})" in capsys.readouterr().err
    # Every checker runs and finds nothing (the real ones are slow, and tested above).
    for name in ("run_browser_checks", "run_vnu"):
        monkeypatch.setattr(gate_module, name, lambda *arguments, **options: {})
    assert main(["build", "--root", str(root)]) == 0
    assert not (root / "build" / UNCHECKED_MARKER).exists()
    assert "NOT FULLY CHECKED" not in capsys.readouterr().err


def test_the_gates_chromium_starts_before_the_pages_are_written_and_checks_them_all_then_ends(tmp_path, monkeypatch):
    # Starting Chromium was a second of a one-paper rebuild's wait: it starts while the site is written,
    # and the one browser checks every page (each round of the gate), then ends with the build.
    import generator.checks.browser_checks as browser_module
    import generator.render.writer as writer_module

    events: list = []
    sessions: list = []
    real_init, real_check, real_write = browser_module.BrowserSession.__init__, browser_module.BrowserSession.check, writer_module.SiteWriter.write

    def started(self, *arguments, **options):
        events.append("browser started")
        sessions.append(self)
        real_init(self, *arguments, **options)

    monkeypatch.setattr(browser_module.BrowserSession, "__init__", started)
    monkeypatch.setattr(browser_module.BrowserSession, "check", lambda self, base, pages: events.append(len(pages)) or real_check(self, base, pages))
    monkeypatch.setattr(writer_module.SiteWriter, "write", lambda self, pages, **options: events.append("pages written") or real_write(self, pages, **options))
    root = make_site(tmp_path)
    result = build(root, tmp_path / "out", gate=GateOptions(html_validity=False), cache_folder=tmp_path / "cache", pdfs=False, formats=False)
    assert result.ok
    assert events[:2] == ["browser started", "pages written"] and events.count("browser started") == 1
    checked = [event for event in events if isinstance(event, int)]
    assert sum(checked) == result.gate_run.checked["pa11y"] > 10
    assert len(sessions) == 1 and not sessions[0].alive and not sessions[0].path.exists(), "it ends with the build, its folder removed"


def test_an_edit_that_changes_the_search_index_rechecks_the_search_page_in_the_browser_only(tmp_path, monkeypatch):
    # The browser checks the search page showing results, made from the index; the Nu checker reads the
    # file as written and runs no script, so a new index alone is no reason to check it again.
    import generator.checks.gate as gate_module

    seen: dict[str, list[str]] = {"vnu": [], "browser": []}
    monkeypatch.setattr(gate_module, "run_vnu", lambda tools, folder, pages, children: seen["vnu"].extend(p.output_path for p in pages) or {})
    monkeypatch.setattr(
        gate_module, "run_browser_checks", lambda *arguments, **options: seen["browser"].extend(p.output_path for p in arguments[2]) or {}
    )
    root = make_site(tmp_path)
    options = {"gate": GateOptions(), "cache_folder": tmp_path / "cache", "pdfs": False, "formats": False}
    assert build(root, tmp_path / "out", **options).ok
    assert "search/index.html" in seen["vnu"] and "search/index.html" in seen["browser"]
    seen = {"vnu": [], "browser": []}
    (root / PAPER).write_text((root / PAPER).read_text() + "\nA sentence with a new word: quinquennial.\n")
    assert build(root, tmp_path / "out", **options).ok
    assert "search/index.html" in seen["browser"]
    assert "search/index.html" not in seen["vnu"] and seen["vnu"], "the edited paper's page is checked again, the search page not"
