"""The gate's browser and Nu checks as executor units (generator/checks/check_units.py): the same findings and
cached results as the gate on the build machine, the same failures, and nothing withheld sent to a worker."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.checks import check_units
from generator.checks.check_units import UnitChecked
from generator.checks.findings import CheckedPage
from generator.checks.gate import Gate, GateOptions
from generator.checks.node_packages import CheckerUnavailable
from generator.checks.result_cache import ResultCache
from generator.checks.site_checks import _checked
from generator.executors import ExecutorChoice, Units
from tests.example_site import EXAMPLE_TODAY
from tests.sitekit import REPO, TESTS, make_site
from tests.test_publishing_safely import CANARIES, withheld_site

FIXTURES = TESTS / "fixtures" / "a11y"
#: A sample of the example site's kinds of page: the search page checked with a query (and its large-print
#: view), a meeting, a paper, a list, and a large-print view; with pages that fail each checker.
EXAMPLE_PAGES = (
    "index.html",
    "search/index.html",
    "large-print/search/index.html",
    "meetings/2017-10-12-digital-innovation-and-efficiency/index.html",
    "meetings/2017-10-12-digital-innovation-and-efficiency/finance-monitoring/index.html",
    "large-print/meetings/2017-09-18-digital-innovation-and-efficiency/minutes/index.html",
    "decisions/index.html",
)
BROKEN_PAGES = ("missing-alt.html", "too-wide.html", "low-contrast.html", "invalid-html.html")


def _cached(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def example_pages(tmp_path_factory) -> tuple[Path, list[CheckedPage]]:
    """The example site as staged (no PDFs, no checks: they are what is tested), with broken pages beside it."""
    folder = tmp_path_factory.mktemp("example")
    result = build(REPO, folder / "build", today=EXAMPLE_TODAY, cache_folder=folder / "cache", gate=None, pdfs=False, formats=False)
    assert result.ok, result.diagnostics.report()
    site = folder / "build"
    for name in BROKEN_PAGES:
        shutil.copy(FIXTURES / name, site / name)
    by_path = {page.output_path: page for page in result.pages}
    pages = [_checked(by_path[path]) for path in EXAMPLE_PAGES] + [CheckedPage(name, f"tests/fixtures/a11y/{name}") for name in BROKEN_PAGES]
    return site, pages


def test_the_gate_through_in_process_units_finds_and_caches_exactly_what_the_local_gate_does(example_pages, tmp_path, monkeypatch):
    site, pages = example_pages
    # Two pages a unit: the pages are spread over several units, the search bundle carried by the search page's.
    monkeypatch.setattr(check_units, "PAGES_PER_UNIT", 2)
    options = GateOptions(processes=2)
    local = Gate(REPO, site, options, ResultCache(tmp_path / "local")).check(pages)
    with Units(ExecutorChoice("in-process")) as units:
        as_units = Gate(REPO, site, options, ResultCache(tmp_path / "units"), units=units).check(pages)
    assert not local.failures and local.checked == {"pa11y": len(pages), "vnu": len(pages)}
    found = {rule for path in BROKEN_PAGES for rule in (finding.rule for finding in local.findings[path])}
    assert {"axe:image-alt", "reflow:horizontal-scroll", "axe:color-contrast", "vnu:error"} <= found, found
    assert as_units.findings == local.findings
    assert (as_units.checked, as_units.failures, as_units.tools) == (local.checked, local.failures, local.tools)
    cached = _cached(tmp_path / "local")
    assert len(cached) == 2 * len(pages) and _cached(tmp_path / "units") == cached, "cached under the same keys, the same results"


def test_a_checker_missing_on_the_worker_fails_the_gate_by_name_and_nothing_is_cached(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(FIXTURES / "good.html", site / "good.html")

    def no_chromium(root):
        raise CheckerUnavailable("Chromium is not installed: run `make build` as root, or `apt-get install chromium`")

    monkeypatch.setattr(check_units, "find_browser_tools", no_chromium)
    with Units(ExecutorChoice("in-process")) as units:
        run = Gate(REPO, site, GateOptions(html_validity=False), ResultCache(tmp_path / "cache"), units=units).check(
            [CheckedPage("good.html", "good")]
        )
    assert len(run.failures) == 1 and run.failures[0].startswith("pa11y: on the worker "), run.failures
    assert run.failures[0].endswith(": Chromium is not installed: run `make build` as root, or `apt-get install chromium`")
    assert not (tmp_path / "cache").exists() or _cached(tmp_path / "cache") == {}


def test_a_unit_that_fails_is_reported_at_each_page_it_carried_and_not_cached(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    names = ["good.html", "missing-alt.html"]
    for name in names:
        shutil.copy(FIXTURES / name, site / name)

    def lost(unit):
        raise MemoryError("the worker ran out of memory")

    monkeypatch.setattr("generator.checks.gate.check_unit", lost)
    with Units(ExecutorChoice("in-process")) as units:
        run = Gate(REPO, site, GateOptions(), ResultCache(tmp_path / "cache"), units=units).check([CheckedPage(n, n) for n in names])
    for name in names:
        assert {(finding.rule, finding.severity) for finding in run.findings[name]} == {("pa11y:failed", "error"), ("vnu:failed", "error")}
        assert all("MemoryError: the worker ran out of memory" in finding.message for finding in run.findings[name])
    assert not (tmp_path / "cache").exists() or _cached(tmp_path / "cache") == {}


def test_nothing_withheld_is_sent_to_a_worker_to_be_checked(tmp_path, monkeypatch):
    # The pages checked on a worker go with the files they read: none of them may hold anything withheld.
    sent: list[bytes] = []
    run = Units.run

    def recording(units, function, items, what):
        if function is check_units.check_unit:
            sent.extend(pickle.dumps(item) for item in items)
            function = lambda unit: UnitChecked()  # noqa: E731 - what is sent is the test; the checks are tested above
        return run(units, function, items, what)

    monkeypatch.setattr(Units, "run", recording)
    root = withheld_site(tmp_path)
    result = build(
        root, tmp_path / "out", today=dt.date(2030, 1, 1), gate=GateOptions(), cache_folder=tmp_path / "cache",
        pdfs=False, formats=False, executor=ExecutorChoice("in-process"),
    )
    assert result.ok, result.diagnostics.report()
    assert any(b"internal audit report" in data.lower() for data in sent), "the search reads what the units carry"
    assert any(b"pagefind" in data for data in sent), "the search page's unit carries the search bundle"
    for name, canary in CANARIES.items():
        assert not [data for data in sent if canary.lower().encode() in data.lower()], f"{name} canary sent to a worker"


def test_on_the_local_executor_the_gate_checks_on_the_build_machine_as_before(tmp_path, monkeypatch):
    # The officer's one-edit gate keeps its Chromium started while the site is written: no units.
    called = []
    monkeypatch.setattr("generator.checks.gate.check_unit", lambda unit: called.append(unit))
    root = make_site(tmp_path)
    monkeypatch.setattr("generator.checks.gate.run_browser_checks", lambda *arguments, **options: {})
    monkeypatch.setattr("generator.checks.gate.run_vnu", lambda *arguments, **options: {})
    result = build(root, tmp_path / "out", gate=GateOptions(), cache_folder=tmp_path / "cache", pdfs=False, formats=False)
    assert result.ok and result.gate_run.checked["pa11y"] > 10 and called == []
