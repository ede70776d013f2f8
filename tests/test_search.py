"""Site search: Pagefind's index of the staged site, the search page used in a real browser, and the
plain index of every meeting and paper for readers without JavaScript."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.checks.browser_checks import find_browser_tools, run_browser_checks
from generator.checks.reaper import CheckerProcesses
from generator.checks.site_checks import _checked
from generator.checks.local_server import serve
from generator.diagnostics import Diagnostics
from generator.memory import Memory
from generator.render import search_index
from generator.render.pages import SEARCH_URL, Page, plan_large_print_view
from tests.sitekit import MINIMAL, PAPER, REPO, make_site

SCRIPT = REPO / "tests" / "browser" / "search.js"
PHRASE = "vital signs indicators"
EXAMPLE_COMMITTEE = "Digital Innovation and Efficiency Committee"


def two_committees(folder: Path) -> Path:
    """The example site with the minimal fixture's Audit Committee beside it, whose report also
    speaks of vital signs indicators, so that a committee filter has something to leave out."""
    root = folder / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for part in ("committees", "people", "meetings"):
        shutil.copytree(MINIMAL / "content" / part, root / "content" / part, dirs_exist_ok=True)
    paper = root / "content" / "meetings" / "2030-01-15-audit" / "internal-audit.md"
    paper.write_text(paper.read_text(encoding="utf-8") + f"\nThe {PHRASE} of the audit service are on track.\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    result = build(two_committees(folder), folder / "out", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    return folder / "out"


def fragments(site: Path) -> list[dict]:
    """Every page record in Pagefind's index, decompressed (each fragment is gzip'd JSON after a signature)."""
    records = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data[data.index(b"{"):]))
    return records


def run_searches(site: Path, searches: list[dict]) -> list[dict]:
    tools = find_browser_tools(REPO)
    environment = dict(os.environ, NODE_PATH=str(tools.pa11y_ci.parents[2]), PUPPETEER_SKIP_DOWNLOAD="1")
    with serve(site) as base:
        output = subprocess.run(
            [tools.node, str(SCRIPT), tools.chromium, base + "search/", json.dumps(searches)],
            capture_output=True, text=True, env=environment, timeout=180, check=True,
        ).stdout
    return json.loads(output)


@pytest.fixture(scope="module")
def searched(built) -> list[dict]:
    return run_searches(built, [
        {"q": PHRASE, "committee": "", "width": 1280, "screenshot": None},
        {"q": PHRASE, "committee": "Audit Committee", "width": 1280, "screenshot": None},
        {"q": PHRASE, "committee": "", "width": 320, "screenshot": None},
    ])


def test_a_phrase_typed_from_a_report_finds_that_report_first_saying_its_committee_and_meeting(searched):
    first = searched[0]["results"][0]
    assert first["title"] == "Performance Management"
    assert first["href"].endswith("/meetings/2017-10-12-digital-innovation-and-efficiency/performance-management/")
    assert first["context"] == f"{EXAMPLE_COMMITTEE}, meeting of Thursday 12 October 2017"


def test_the_live_status_announces_how_many_results_were_found(searched):
    everywhere = searched[0]
    assert everywhere["statusRole"] == "status"
    assert everywhere["status"] == f"{len(everywhere['results'])} results for “{PHRASE}”."


def test_a_committee_filter_narrows_the_results_to_that_committees_papers(searched):
    everywhere, audit = searched[0]["results"], searched[1]["results"]
    assert any(result["context"].startswith(EXAMPLE_COMMITTEE) for result in everywhere)
    assert any(result["context"].startswith("Audit Committee") for result in everywhere)
    assert audit and len(audit) < len(everywhere)
    assert [result["title"] for result in audit] == ["Internal audit report"]
    assert searched[1]["status"] == f"1 result for “{PHRASE}”."


def test_the_search_box_shows_its_focus_and_the_page_fits_320_pixels(searched):
    assert searched[2]["focus"]["id"] == "search-query"
    assert searched[2]["focus"]["outline"] == "solid" and searched[2]["focus"]["outlineWidth"] == "3px"
    assert searched[2]["results"] and not searched[2]["scrollsSideways"]


def test_the_gate_checks_the_search_page_showing_results_in_both_views(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    script = site / "static" / "search.js"
    # Each result given an image without alt text: only a check of the results, shown by the script,
    # can find it; the page as served has none.
    script.write_text(script.read_text(encoding="utf-8").replace("item.append(heading);", "item.append(heading, document.createElement('img'));"))
    search = Page(url=SEARCH_URL, template="search.html", title="Search meetings and papers", source="site.yaml")
    pages = [_checked(page) for page in [search, *plan_large_print_view([search])]]
    with CheckerProcesses() as children, serve(site) as base:
        found = run_browser_checks(find_browser_tools(REPO), base, pages, 1, children)
    for page in pages:
        assert "axe:image-alt" in {finding.rule for finding in found[page.output_path]}, (page.output_path, found[page.output_path])


def test_under_serve_search_finds_an_edit_as_soon_as_the_page_shows_it(tmp_path):
    root, output, memory = make_site(tmp_path), tmp_path / "serve", Memory()
    assert build(root, output, gate=None, pdfs=False, memory=memory).ok
    paper = root / PAPER
    paper.write_text(paper.read_text(encoding="utf-8") + "\nThe auditors visited Zanzibar.\n", encoding="utf-8")
    second = build(root, output, gate=None, pdfs=False, memory=memory)
    assert second.ok and second.writer is not None and second.writer.sparse, "serve's build of what changed alone"
    assert "Zanzibar" in (output / "meetings/2030-01-15-audit/internal-audit/index.html").read_text(encoding="utf-8")
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"], "the index still stands"
    assert [record["url"] for record in fragments(output)].count("/meetings/2030-01-15-audit/internal-audit/") == 1, "the last index's fragment is gone"
    indexed = [record for record in fragments(output) if "Zanzibar" in record["content"]]
    assert [record["url"] for record in indexed] == ["/meetings/2030-01-15-audit/internal-audit/"]
    assert any(path.endswith(".pf_fragment") for path in second.written or []), "the new index is published with the page"
    assert build(root, output, gate=None, pdfs=False, memory=memory).unchanged, "the record of what serve published holds the new index"


def test_the_index_holds_each_standard_page_once_and_no_large_print_view_or_report(built):
    urls = [record["url"] for record in fragments(built)]
    assert len(urls) == len(set(urls))
    assert "/meetings/2017-10-12-digital-innovation-and-efficiency/performance-management/" in urls
    assert "/meetings/2030-01-15-audit/minutes/" not in urls  # that meeting has no minutes
    assert "/meetings/2029-12-10-audit/minutes/" in urls
    assert not [url for url in urls if url.startswith(("/large-print/", "/_reports/", "/search/", "/accessibility/"))]
    assert "/" not in urls and "/decisions/" not in urls  # they repeat other pages


def test_each_paper_in_the_index_carries_its_committee_year_and_kind(built):
    by_url = {record["url"]: record for record in fragments(built)}
    paper = by_url["/meetings/2017-10-12-digital-innovation-and-efficiency/performance-management/"]
    assert paper["filters"] == {"committee": [EXAMPLE_COMMITTEE], "year": ["2017"], "kind": ["report"]}
    assert paper["meta"]["meeting"] == "Thursday 12 October 2017" and paper["meta"]["title"] == "Performance Management"
    kinds = {record["filters"].get("kind", [None])[0] for record in by_url.values()}
    assert {"agenda", "report", "forward plan", "minutes", "decision"} <= kinds


def test_without_javascript_the_search_page_points_to_a_plain_index_of_every_meeting_and_paper(built):
    search = (built / "search" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<noscript>.*<a href="all/">', search, re.S)
    assert re.search(r'<form class="search-form"[^>]* hidden>', search)
    listing = (built / "search" / "all" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'<a href="\.\./\.\./(meetings/[^"]+)"', listing))
    published = {
        path.parent.relative_to(built).as_posix() + "/"
        for path in (built / "meetings").rglob("index.html")
    }
    assert linked == published


def test_the_plain_index_lists_each_committee_s_decisions_by_year_its_forward_plan_and_the_council_s_registers(built):
    listing = (built / "search" / "all" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'<a href="\.\./\.\./([^"]*)">', listing)
    committees = {
        path.parent.relative_to(built).as_posix() + "/"
        for pattern in ("committees/*/decisions/**/index.html", "committees/*/forward-plan/index.html")
        for path in built.glob(pattern)
    }
    registers = committees | {"decisions/", "key-decisions/", "issues/", "declarations/"}
    assert {"committees/audit/decisions/", "committees/audit/forward-plan/", "decisions/", "issues/"} <= registers
    assert registers <= set(linked), registers - set(linked)
    assert "Decisions<span class=\"visually-hidden\"> of the Audit Committee</span>, 2029" in listing


def test_a_title_written_as_markup_is_found_and_shown_as_text_never_run(tmp_path):
    hostile = "</title><script>alert(1)</script><img src=x onerror=alert(2)>"
    meeting = MINIMAL / "content" / "meetings" / "2030-01-15-audit" / "meeting.md"
    root = make_site(tmp_path, {
        "content/meetings/2030-01-15-audit/meeting.md": meeting.read_text(encoding="utf-8").replace(
            "    to_follow: true\n", "    papers: [hostile]\n"),
        "content/meetings/2030-01-15-audit/hostile.md": f"---\nkind: report\ntitle: '{hostile}'\n---\nThe alert levels.\n",
    })
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    [found] = run_searches(tmp_path / "out", [{"q": "alert levels", "committee": "", "width": 1280, "screenshot": None}])
    assert found["results"][0]["title"] == hostile
    assert found["markup"] == 0


def test_search_switched_off_in_site_yaml_makes_no_search_page_index_or_link(tmp_path):
    root = make_site(tmp_path)
    settings = root / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "search:\n  enabled: false\n", encoding="utf-8")
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    out = tmp_path / "out"
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    assert "pagefind" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_search_index_that_cannot_be_made_fails_the_build_and_publishes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "pagefind_command", lambda site, into: ["false"])
    result = build(make_site(tmp_path), tmp_path / "out", gate=None, pdfs=False)
    assert [d.rule for d in result.diagnostics.items] == ["search-index-failed"]
    assert result.output is None and not (tmp_path / "out").exists()


def test_the_index_of_the_same_pages_is_byte_identical_run_after_run(built, tmp_path):
    """Pagefind writes its filters in a randomly seeded order; four runs would all but never agree."""
    def index_files(site: Path) -> dict[str, bytes]:
        shutil.rmtree(site / search_index.SEARCH_BUNDLE)
        assert search_index.index_search(site, diagnostics := Diagnostics()) is None and not diagnostics.items
        return {path.relative_to(site).as_posix(): path.read_bytes() for path in (site / "pagefind").rglob("*") if path.is_file()}

    site = tmp_path / "site"
    shutil.copytree(built, site)
    runs = [index_files(site) for _ in range(4)]
    assert all(run == runs[0] for run in runs)


def test_pagefind_reads_no_large_print_view_and_makes_the_index_a_run_over_the_whole_site_makes(built, tmp_path, monkeypatch):
    # The large-print views carry no data-pagefind-body: Pagefind skipped them, after reading every one
    # (a third of its time at 4,000 papers). Given only the standard views, it makes the same bytes.
    site = tmp_path / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / search_index.SEARCH_BUNDLE)
    whole = tmp_path / "whole"
    subprocess.run(search_index.pagefind_command(site, whole), check=True, capture_output=True)
    search_index.made_stable(whole / search_index.SEARCH_BUNDLE)
    read: list[str] = []
    real_run = subprocess.run

    def run(command, **options):
        tree = Path(command[command.index("--site") + 1])
        read.extend(path.relative_to(tree).as_posix() for path in tree.rglob("*") if path.is_file())
        return real_run(command, **options)

    monkeypatch.setattr(search_index.subprocess, "run", run)
    assert search_index.index_search(site, diagnostics := Diagnostics()) is None and not diagnostics.items
    assert read and not [path for path in read if path.startswith("large-print/") or not path.endswith(".html")]
    assert any(path.startswith("large-print/") for path in (p.relative_to(site).as_posix() for p in site.rglob("*.html")))

    def files(folder: Path) -> dict[str, bytes]:
        return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}

    assert files(site / search_index.SEARCH_BUNDLE) == files(whole / search_index.SEARCH_BUNDLE)
    assert not list(tmp_path.glob(".search-tree-*")), "the tree of links is removed"


def test_a_build_killed_while_pagefind_runs_leaves_nothing_the_next_build_does_not_clear(tmp_path):
    # Pagefind reads a scratch tree of links made beside the staged site; a build killed (SIGKILL, no
    # `finally`) while Pagefind runs must leave it where the next build's lock clears leftovers.
    root = make_site(tmp_path)
    started = tmp_path / "pagefind-started"
    code = (
        "import sys, pathlib\nfrom generator.render import search_index\nfrom generator.build import build\n"
        f"search_index.pagefind_command = lambda site, into: ['sh', '-c', 'touch {started}; sleep 600']\n"
        f"build(pathlib.Path({str(root)!r}), pathlib.Path({str(root / 'build')!r}), gate=None, pdfs=False, formats=False)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, start_new_session=True, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while not started.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "Pagefind was never started"
            time.sleep(0.05)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    assert [p for p in root.iterdir() if p.name.startswith(".") and "search" in p.name], "killed with its tree of links"
    result = build(root, root / "build", gate=None, pdfs=False, formats=False)
    assert result.ok, result.diagnostics.report()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".build")) == [".build.lock"]
    assert not [p for p in root.iterdir() if "search" in p.name]
