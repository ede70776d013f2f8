"""Wide record-like tables on a phone (issue 12, point 10), seen in Chromium.

The forward plan of tests/fixtures/forward_plan/ has five columns and two
meetings' tables. At 390 CSS px each entry must be a group of labelled lines,
not a table cut off inside its scroll region; the accessibility tree must be
the same table as at 1280 px; and at 1280 px every meeting's table has the
same column widths.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from generator.build import build
from generator.checks.browser_checks import find_browser_tools
from generator.checks.findings import CheckedPage
from generator.checks.gate import Gate, GateOptions
from generator.checks.result_cache import ResultCache
from tests.sitekit import REPO, TESTS, make_site

PLAN = "content/meetings/2030-01-15-audit/forward-plan.md"
FIXTURE = (TESTS / "fixtures" / "forward_plan" / "forward-plan.md").read_text(encoding="utf-8")
PAGE = "meetings/2030-01-15-audit/forward-plan/index.html"
SCRIPT = TESTS / "browser" / "table_layout.js"
HEADINGS = ["Issue or decision", "Key decision", "Implications for other committees", "Requested committee action", "Lead officer"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wide-tables")
    root = make_site(folder, {PLAN: FIXTURE})
    result = build(root, folder / "out", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    return folder / "out"


@pytest.fixture(scope="module")
def layout(built):
    """{width: {"layout": [per table], "tables": [accessibility tree per table]}} for 390 and 1280 px."""
    tools = find_browser_tools(REPO)
    environment = dict(os.environ, NODE_PATH=str(tools.pa11y_ci.parents[2]), PUPPETEER_SKIP_DOWNLOAD="1")
    output = subprocess.run(
        [tools.node, str(SCRIPT), tools.chromium, (built / PAGE).as_uri()],
        capture_output=True, text=True, env=environment, timeout=180, check=True,
    ).stdout
    return json.loads(output)


def test_on_a_phone_each_forward_plan_entry_is_a_group_of_lines_labelled_with_the_columns_headings(layout):
    tables = layout["390"]["layout"]
    assert len(tables) == 2
    for table in tables:
        assert table["rowDisplay"] == "block"
        assert not table["scrollsSideways"]
        # Each label is its column's heading, left out of what is read aloud ('/ ""').
        assert table["labels"] == [f'"{heading}" / ""' for heading in HEADINGS]


def test_on_a_phone_the_forward_plan_is_still_a_table_to_assistive_technology(layout):
    phone, desktop = layout["390"]["tables"], layout["1280"]["tables"]
    assert phone == desktop
    roles = [role for role, _ in phone[0]]
    assert roles[:2] == ["table", "caption"] and roles.count("columnheader") == 5
    assert roles.count("rowheader") == 3 and roles.count("cell") == 12
    # A cell's name is its text only: the visible label is not read before it.
    assert ["cell", "No"] in phone[0]


def test_on_a_wide_screen_every_meetings_table_of_a_plan_has_the_same_column_widths(layout):
    tables = layout["1280"]["layout"]
    assert all(table["rowDisplay"] == "table-row" for table in tables)
    assert len({tuple(table["columnWidths"]) for table in tables}) == 1


def test_the_forward_plan_page_passes_the_accessibility_gate_and_reflows_at_320_px(built):
    pages = [CheckedPage(PAGE, PLAN), CheckedPage(f"large-print/{PAGE}", PLAN)]
    run = Gate(REPO, built, GateOptions(processes=1), ResultCache(None)).check(pages)
    assert not run.failures
    assert run.findings == {page.output_path: [] for page in pages}
