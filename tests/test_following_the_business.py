"""Forward plans together, the notice of key decisions and issue histories (issue 13, points 5 and 6).

The minimal site is given a forward plan at each of its two meetings and a third meeting: the
December plan lists what the January plan repeats (reworded), and an issue key runs through a
plan entry, January's agenda item and its report, and March's agenda item.
"""

from __future__ import annotations

import datetime as dt

import html5lib
import pytest

from generator.build import build
from tests.sitekit import check, make_site, read

DECEMBER = "content/meetings/2029-12-10-audit"
JANUARY = "content/meetings/2030-01-15-audit"
MARCH = "content/meetings/2030-03-01-audit"
TODAY = dt.date(2030, 2, 10)

DECEMBER_PLAN = """---
kind: forward-plan
title: Forward Plan
entries:
  - date: 2030-01-15
    issue: Internal audit plan
    issue_key: internal-audit-plan
    lead_officer: olive-officer
  - date: 2030-03-01
    issue: Annual audit opinion
    action: To note the opinion
    lead_officer: olive-officer
  - date: 2030-03-01
    issue: Counter fraud hub
    issue_key: counter-fraud-hub
    lead_officer: olive-officer
    key_decision: true
---
"""

JANUARY_PLAN = """---
kind: forward-plan
title: Forward Plan
responsible_officers: [olive-officer]
entries:
  - date: 2030-03-01
    issue: Annual  audit opinion
    action: To receive the opinion
    lead_officer: olive-officer
  - date: 2030-03-01
    issue: Counter fraud hub procurement
    issue_key: counter-fraud-hub
    action: To agree the procurement
    lead_officer: olive-officer
    key_decision: true
  - date: 2030-02-01
    issue: Treasury management strategy
    lead_officer: olive-officer
    key_decision: true
  - date: 2030-01-31
    issue: Emergency repairs contract
    lead_officer: olive-officer
    key_decision: true
    urgent_reason: Special urgency agreed by the Chair
---
"""

# The March meeting names the key first on its agenda, though it is the last in date order.
MARCH_MEETING = """---
committee: audit
date: 2030-03-01
time: "10:00"
venue: Council Chamber, Town Hall
agenda_published: 2030-02-20
items:
  - number: 1
    title: Internal audit follow-up
    issue: internal-audit-plan
  - number: 2
    title: Counter fraud hub
    issue: counter-fraud-hub
---
"""


def business_site(tmp_path, changes: dict[str, str | None] | None = None):
    december = read(f"{DECEMBER}/meeting.md").replace(
        "contact: olive-officer\n",
        "contact: olive-officer\nagenda_published: 2029-11-30\nitems:\n  - number: 1\n    title: Forward plan\n    papers: [forward-plan]\n",
    )
    january = (
        read(f"{JANUARY}/meeting.md")
        .replace("contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2030-01-03\n")
        .replace("    presenter: Report by the Head of Audit\n", "    presenter: Report by the Head of Audit\n    issue: internal-audit-plan\n")
    )
    return make_site(
        tmp_path,
        {
            f"{DECEMBER}/meeting.md": december,
            f"{DECEMBER}/forward-plan.md": DECEMBER_PLAN,
            f"{JANUARY}/meeting.md": january,
            f"{JANUARY}/forward-plan.md": JANUARY_PLAN,
            f"{MARCH}/meeting.md": MARCH_MEETING,
            **(changes or {}),
        },
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("business")
    root = business_site(tmp_path)
    result = build(root, tmp_path / "out", gate=None, pdfs=False, today=TODAY)
    assert result.ok, result.diagnostics.report()
    return tmp_path / "out"


def page(out, relative: str):
    return html5lib.parse((out / relative / "index.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def body_rows(table) -> list[list[str]]:
    return [[text(cell) for cell in row] for row in table.findall("./tbody/tr")]


def captions(document) -> list[str]:
    return [text(caption) for caption in document.iter("caption")]


def links(element) -> list[tuple[str, str]]:
    return [(a.get("href"), text(a)) for a in element.iter("a")]


def test_an_issue_key_on_two_meetings_yields_one_issue_page_listing_both_in_date_order(built):
    assert sorted(p.name for p in (built / "issues").iterdir() if p.is_dir()) == ["counter-fraud-hub", "internal-audit-plan"]
    (history,) = page(built, "issues/internal-audit-plan").iter("table")
    assert [row[:2] for row in body_rows(history)] == [
        ["Monday 10 December 2029", "On the forward plan, for the meeting on Tuesday 15 January 2030"],
        ["Tuesday 15 January 2030", "On the agenda, item 3"],
        ["Tuesday 15 January 2030", "Report, item 3"],
        ["Friday 1 March 2030", "On the agenda, item 1"],
    ]
    hrefs = [href for href, _ in links(history)]
    assert "../../meetings/2030-01-15-audit/#item-3" in hrefs
    assert "../../meetings/2030-03-01-audit/#item-1" in hrefs
    assert "../../meetings/2030-01-15-audit/internal-audit/" in hrefs


def test_the_issues_index_lists_each_issue_once_with_its_first_and_last_appearance(built):
    (table,) = page(built, "issues").iter("table")
    assert body_rows(table) == [
        ["Counter fraud hub procurement", "Monday 10 December 2029", "Friday 1 March 2030", "3"],
        ["Internal audit plan", "Monday 10 December 2029", "Friday 1 March 2030", "4"],
    ]


def test_an_agenda_item_and_a_forward_plan_entry_naming_the_same_key_link_to_each_other(built):
    item = page(built, "meetings/2030-03-01-audit").find(".//li[@id='item-2']")
    assert ("../../issues/counter-fraud-hub/", "Counter fraud hub procurement") in links(item)
    # The latest plan that names it: January's, not December's.
    assert ("../2030-01-15-audit/forward-plan/", "Audit Committee, 15 January 2030") in links(item)
    plan = page(built, "meetings/2030-01-15-audit/forward-plan")
    entry = next(th for th in plan.iter("th") if text(th).startswith("Counter fraud hub procurement"))
    assert links(entry) == [
        ("../../../issues/counter-fraud-hub/", "Counter fraud hub procurement"),
        ("../../2030-03-01-audit/#item-2", "On the agenda: Audit Committee, 1 March 2030, item 2"),
    ]


def test_a_paper_links_to_its_agenda_items_issue_page(built):
    details = page(built, "meetings/2030-01-15-audit/internal-audit").find(".//dl")
    assert ("../../../issues/internal-audit-plan/", "Internal audit plan") in links(details)


def test_the_committee_forward_plan_shows_each_entry_once_as_the_latest_plan_has_it(built):
    document = page(built, "committees/audit/forward-plan")
    assert captions(document) == [
        "Meeting on Friday 1 March 2030",
        "Planned for the meeting on Friday 1 February 2030",
        "Planned for the meeting on Thursday 31 January 2030",
        "Planned for the meeting on Tuesday 15 January 2030",
    ]
    coming_up = next(document.iter("table"))
    rows = body_rows(coming_up)
    # Same issue (spacing aside) and date: one entry, the January plan's action.
    assert [(row[0], row[3], row[-1]) for row in rows] == [
        ("Annual audit opinion", "To receive the opinion", "Forward Plan, Tuesday 15 January 2030"),
        ("Counter fraud hub procurement On the agenda: Audit Committee, 1 March 2030, item 2", "To agree the procurement", "Forward Plan, Tuesday 15 January 2030"),
    ]


def test_an_entry_whose_meeting_has_passed_moves_to_considered(tmp_path):
    root = business_site(tmp_path)
    build(root, tmp_path / "before", gate=None, pdfs=False, today=dt.date(2030, 1, 10))
    considered = page(tmp_path / "before", "committees/audit/forward-plan")
    assert "Planned for the meeting on Tuesday 15 January 2030" not in captions(considered)
    assert "Meeting on Tuesday 15 January 2030" in captions(considered)


def test_the_notice_of_key_decisions_gives_the_first_notice_and_whether_28_clear_days_were_met(built):
    (table,) = page(built, "key-decisions").iter("table")
    assert body_rows(table) == [
        ["Emergency repairs contract", "Audit Committee", "Thursday 31 January 2030",
         "Thursday 3 January 2030, Forward Plan of Tuesday 15 January 2030", "27", "No: Special urgency agreed by the Chair"],
        ["Treasury management strategy", "Audit Committee", "Friday 1 February 2030",
         "Thursday 3 January 2030, Forward Plan of Tuesday 15 January 2030", "28", "Yes"],
        # First given by December's plan, though January's rewords it.
        ["Counter fraud hub procurement", "Audit Committee", "Friday 1 March 2030",
         "Friday 30 November 2029, Forward Plan of Monday 10 December 2029", "90", "Yes"],
    ]


def test_an_issue_key_that_is_not_a_slug_is_an_error_at_its_place(tmp_path):
    root = business_site(tmp_path, {MARCH + "/meeting.md": MARCH_MEETING.replace("issue: counter-fraud-hub", "issue: Counter Fraud Hub")})
    (error,) = check(root).errors
    assert (error.position.path, error.position.line, error.position.column) == (f"{MARCH}/meeting.md", 13, 12)
    assert "issue key" in error.message and "counter-fraud-hub" in error.hint


JANUARY_MINUTES = """---
present:
  - person: ann-chair
---
## Apologies

There were no apologies.

## Minutes

The minutes were agreed.

## Internal audit report

The Committee received the report.

::: resolved
That the Committee note the internal audit plan.
:::
"""


def test_a_decision_on_an_item_joins_the_history_of_the_items_issue(tmp_path):
    root = business_site(tmp_path, {f"{JANUARY}/minutes.md": JANUARY_MINUTES})
    result = build(root, tmp_path / "out", gate=None, pdfs=False, today=TODAY)
    assert result.ok, result.diagnostics.report()
    (history,) = page(tmp_path / "out", "issues/internal-audit-plan").iter("table")
    rows = [row[:2] for row in body_rows(history)]
    assert rows.index(["Tuesday 15 January 2030", "Decision, item 3"]) == rows.index(["Tuesday 15 January 2030", "Report, item 3"]) + 1
    assert any(href.startswith("../../meetings/2030-01-15-audit/minutes/#decision-3-") for href, _ in links(history))


def test_the_business_pages_of_an_executive_committee_pass_the_accessibility_gate(tmp_path):
    """The example has no forward plan, issue keys or executive committee: these pages are gated here
    (an issue history with a decision, the committee's plans together, key decisions with their notice,
    and a decisions register with its call-in column)."""
    from generator.checks.gate import GateOptions

    executive = read("content/committees/audit.yaml") + "kind: executive\n"
    minutes = JANUARY_MINUTES.replace("---\n## Apologies", "published: 2030-01-20\n---\n## Apologies")
    root = business_site(tmp_path, {f"{JANUARY}/minutes.md": minutes, "content/committees/audit.yaml": executive})
    result = build(root, tmp_path / "out", gate=GateOptions(processes=1), pdfs=False, cache_folder=tmp_path / "cache", today=TODAY)
    assert result.ok, result.diagnostics.report()
    checked = {page.url for page in result.pages}
    assert {"issues/internal-audit-plan/", "committees/audit/forward-plan/", "key-decisions/", "committees/audit/decisions/"} <= checked
    assert "Can be implemented" in text(page(tmp_path / "out", "committees/audit/decisions"))
