"""Publishing safely: nothing withheld leaks, statutory notice is kept, bad input is refused, builds are atomic."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from generator.build import build
from generator.cli import main
from generator.executors import Units
from generator.formats.braille import back_translate
from generator import publish as publish_module
from generator.publish import BuildLocked, build_lock
from generator.statutory.working_days import (
    bank_holidays,
    clear_working_days,
    covered_years,
    latest_notice,
    latest_publication,
)
from tests.red_team import PAGEFIND_SUFFIXES
from tests.sitekit import check, make_site, read

MEETING = "content/meetings/2030-01-15-audit/meeting.md"
FOLDER = "content/meetings/2030-01-15-audit"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")

CANARIES = {
    "exempt": "CANARY-EXEMPT-7f3a",
    "exempt-appendix": "CANARY-APPENDIX-19bd",
    "draft": "CANARY-DRAFT-c41e",
    "embargo": "CANARY-EMBARGO-88d2",
}


def withheld_site(tmp_path: Path) -> Path:
    agenda = read(MEETING).replace(
        "  - number: 5\n    title: Risk register\n    to_follow: true\n",
        "  - number: 5\n    title: Risk register\n    papers: [risk-register]\n"
        "  - number: 6\n    title: Sale of the old depot\n    exempt_paragraph: 3\n"
        f"    presenter: Report by the {CANARIES['exempt']} officer\n"
        f"    details: Terms agreed with {CANARIES['exempt']} Ltd.\n"
        f"    papers: [depot-sale-{CANARIES['exempt'].lower()}]\n"
        "  - number: 7\n    title: Budget 2031\n    papers: [budget-2031]\n",
    ).replace("papers: [internal-audit]", "papers: [internal-audit, internal-audit-appendix]")
    exempt_report = f"""---
kind: report
title: Sale of the old depot
strategic_impact: |
  Price {CANARIES['exempt']}.
background_papers:
  - title: Valuation
    url: https://example.gov.uk/{CANARIES['exempt']}
---
## Terms

The buyer is {CANARIES['exempt']}.

![Site plan of {CANARIES['exempt']}](plan-{CANARIES['exempt'].lower()}.png)
"""
    return make_site(
        tmp_path,
        {
            MEETING: agenda,
            f"{FOLDER}/depot-sale-{CANARIES['exempt'].lower()}.md": exempt_report,
            f"{FOLDER}/plan-{CANARIES['exempt'].lower()}.png": PNG,
            f"{FOLDER}/internal-audit-appendix.md": "---\nkind: report\ntitle: Appendix B, named cases\nexempt_paragraph: 1\n---\n"
            f"## Cases\n\nThe case of {CANARIES['exempt-appendix']}.\n",
            f"{FOLDER}/risk-register.md": f"---\nkind: report\ntitle: Risk register {CANARIES['draft']}\nstatus: draft\n---\n"
            f"## Risks\n\n{CANARIES['draft']} is a risk.\n",
            f"{FOLDER}/budget-2031.md": "---\nkind: report\ntitle: Budget 2031\npublish_from: 2030-01-06\n---\n"
            f"## Budget\n\nThe figure is {CANARIES['embargo']}.\n",
        },
    )


def every_byte(root: Path) -> list[tuple[Path, bytes]]:
    """Every file's bytes, with PDF streams and gzip (and Pagefind's gzip'd index) inflated so nothing hides compressed,
    an EPUB's files unzipped and a braille file translated back into print."""
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".epub":
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                data += b"".join(package.read(name) for name in package.namelist())
        if path.suffix == ".brf":
            data += back_translate(data.decode("ascii", "replace")).encode()
        if path.suffix == ".pdf":
            for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
                try:
                    data += zlib.decompress(stream)
                except zlib.error:
                    pass
        if path.suffix == ".gz" or path.suffix in PAGEFIND_SUFFIXES:
            data += gzip.decompress(data)
        files.append((path, data))
    return files


def every_text(root: Path) -> list[tuple[Path, bytes]]:
    """Every file's bytes as `every_byte` gives them, and a PDF's text as pdftotext reads it: a
    PDF's words are glyph codes in its streams, found only once the text is extracted."""
    files = []
    for path, data in every_byte(root):
        if path.suffix == ".pdf":
            data += subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
        files.append((path, data))
    return files


def leaks_of(canary: str, files: list[tuple[Path, bytes]]) -> list[Path]:
    """Files holding the canary in any case ('CANARY-X' in text, 'canary-x' in a file name or path)."""
    return [path for path, data in files if canary.lower().encode() in data.lower() or canary.lower() in str(path).lower()]


def test_nothing_withheld_reaches_any_published_file_or_the_cache(tmp_path, capsys):
    root = withheld_site(tmp_path)
    assert main(["build", "--root", str(root), "--today", "2030-01-01", "--no-browser-checks"]) == 0
    published = every_text(root / "build")
    cached = every_text(root / ".clerk-cache")
    assert len(published) > 10 and any(path.suffix == ".pdf" for path, _ in cached)
    for name, canary in CANARIES.items():
        assert not leaks_of(canary, published), f"{name} canary found in build/"
        assert not leaks_of(canary, cached), f"{name} canary found in .clerk-cache/"
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".build")]
    assert leftovers == [".build.lock"]
    err = capsys.readouterr().err
    assert "Held back, not published (4):" in err
    assert "(exempt information, paragraph 3 of Schedule 12A)" in err
    assert "(a draft)" in err and "(embargoed until 2030-01-06)" in err


def test_nothing_withheld_is_sent_to_a_worker(tmp_path, monkeypatch):
    # On a Dask cluster a unit goes to another machine: what it carries (HTML, images) must hold nothing withheld.
    sent: list[tuple[str, bytes]] = []
    run = Units.run

    def recording(units, function, items, what):
        sent.extend((what, pickle.dumps(item)) for item in items)
        return run(units, function, items, what)

    monkeypatch.setattr(Units, "run", recording)
    root = withheld_site(tmp_path)
    result = build(root, tmp_path / "out", today=dt.date(2030, 1, 1), gate=None, cache_folder=tmp_path / "cache")
    assert result.ok, result.diagnostics.report()
    # PDFs and the quick formats (the fixture switches audio off), which are made in the build's process: the
    # units are the same wherever they run.
    assert {"Rendering PDFs", "Rendering braille, epub, text"} <= {what for what, _ in sent}
    assert any(b"internal audit report" in data.lower() for _, data in sent), "the search reads what the units carry"
    for name, canary in CANARIES.items():
        assert not [what for what, data in sent if canary.lower().encode() in data.lower()], f"{name} canary sent to a worker"


#: What issue 14 publishes besides the pages, each read by the test below: it must exist, or the
#: search of it for withheld text proves nothing.
FINDING_OUTPUTS = (
    "pagefind/pagefind-entry.json", "search/index.html", "search/all/index.html",  # site search
    "meetings.ics", "committees/audit/meetings.ics", "meetings/2030-01-15-audit/meeting.ics",  # calendars
    "feed.xml", "committees/audit/feed.xml",  # Atom feeds
    "data/committees.json", "data/people.json", "data/memberships.json", "data/meetings.json",  # open data
    "data/papers.json", "data/decisions.json", "data/index.html", "sitemap.xml",
)


def test_nothing_withheld_reaches_search_calendars_feeds_open_data_or_the_sitemap_together(tmp_path):
    # Every kind of withheld paper at once, and minutes deciding on the draft, so that the decisions
    # register, its feed entries and decisions.json have a decision that could name it.
    root = withheld_site(tmp_path)
    minutes = "".join(f"## {title}\n\nConsidered.\n\n" for title in ("Apologies", "Minutes", "Internal audit report", "Forward plan"))
    (root / FOLDER / "minutes.md").write_text(
        "---\npresent:\n  - person: ann-chair\n---\n" + minutes + "## Risk register\n\n::: resolved\nThat the risks be noted.\n:::\n"
    )
    result = build(root, root / "build", today=dt.date(2030, 1, 1), gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    built = root / "build"
    assert [path for path in FINDING_OUTPUTS if not (built / path).is_file()] == []
    outputs = every_byte(built)
    index = b"".join(data for path, data in outputs if path.suffix == ".pf_fragment")
    assert b"Internal audit" in index and b"risks be noted" in index, "the search index is read as text"
    assert b"Sale of the old depot" in (built / "meetings.ics").read_bytes(), "an exempt item's title, as on the agenda"
    decisions = json.loads((built / "data/decisions.json").read_text(encoding="utf-8"))["decisions"]
    assert [(d["event_id"], d["agenda_item"], d["paper_ids"]) for d in decisions if d["agenda_item"] == 5] == [
        ("meeting/2030-01-15-audit", 5, [])
    ], "the decision on the draft's item is published, naming no paper"
    for name, canary in CANARIES.items():
        assert not leaks_of(canary, outputs), f"{name} canary found in {leaks_of(canary, outputs)}"


CACHE_CANARY = "CANARY-CACHED-5e0b"
#: How a published paper is made withheld, by kind: a line added to its front matter.
WITHHOLDING = {
    "exempt": "exempt_paragraph: 3\n",
    "confidential": "confidential: true\n",
    "draft": "status: draft\n",
    "embargoed": "publish_from: 2030-01-06\n",
}


def site_with_public_paper(tmp_path: Path, canary: str) -> tuple[Path, Path, str]:
    """The minimal site with a published paper holding `canary` (in its text and file name): the site, the paper's
    file, and its text, to be withheld by adding a line of WITHHOLDING to its front matter."""
    slug = f"depot-{canary.lower()}"
    paper = f"{FOLDER}/{slug}.md"
    public = f"---\nkind: report\ntitle: Sale of the old depot\n---\n## Terms\n\nThe buyer is {canary}.\n"
    root = make_site(tmp_path, {
        MEETING: read(MEETING).replace("    title: Risk register\n    to_follow: true\n", f"    title: Risk register\n    papers: [{slug}]\n"),
        paper: public,
    })
    return root, root / paper, public


@pytest.mark.parametrize("kind", sorted(WITHHOLDING))
def test_a_paper_published_then_withheld_leaves_nothing_of_it_in_the_cache(tmp_path, kind):
    """CI caches are shared more widely than the site: the cache forgets a paper the moment it is withheld."""
    root, paper, public = site_with_public_paper(tmp_path, CACHE_CANARY)
    command = ["build", "--root", str(root), "--today", "2030-01-01", "--no-browser-checks"]
    assert main(command) == 0
    cached = every_text(root / ".clerk-cache")
    # Published, it is in the cache: its own PDFs and the agenda pack's, by text and by name, and its
    # read front matter and rendered Markdown (content_cache.py).
    assert len([path for path in leaks_of(CACHE_CANARY, cached) if path.suffix == ".pdf"]) >= 4
    assert [path for path in leaks_of(CACHE_CANARY, cached) if path.parent.name == "content"]
    assert [path for path in leaks_of(CACHE_CANARY, cached) if "search" in path.relative_to(root / ".clerk-cache").parts[:1]], (
        "the search index kept for the next build (search_kept.py) holds it"
    )
    paper.write_text(public.replace("kind: report\n", "kind: report\n" + WITHHOLDING[kind]))
    assert main(command) == 0
    assert not leaks_of(CACHE_CANARY, every_text(root / "build"))
    assert not leaks_of(CACHE_CANARY, every_text(root / ".clerk-cache"))


@pytest.mark.parametrize(
    "address",
    [
        "budget-2031.md", "budget-2031/", "../budget-2031/", "budget-2031.pdf", "budget-2031-large-print.pdf",
        "../2030-01-15-audit/risk-register.md", "depot-sale-canary-exempt-7f3a.md", "no-such-paper.md", "../../people/nobody.yaml",
    ],
)
def test_a_link_to_a_withheld_or_missing_paper_is_an_error_at_the_link(tmp_path, address):
    root = withheld_site(tmp_path)
    paper = f"{FOLDER}/internal-audit.md"
    (root / paper).write_text(read(paper).replace(
        "This report sets out the audits completed.", f"This report sets out the audits completed, as [the budget]({address}) says."
    ))
    diagnostics = check_on(root, dt.date(2030, 1, 1))
    column = len("This report sets out the audits completed, as [the budget](") + 1
    assert [(d.rule, str(d.position)) for d in diagnostics.errors] == [("link-target", f"{paper}:18:{column}")]


def test_a_link_to_a_published_page_or_file_goes_there_from_every_view(tmp_path):
    paper = f"{FOLDER}/internal-audit.md"
    links = (
        "[the plan](forward-plan.md#top), [its PDF](forward-plan.pdf), [the last minutes](../2029-12-10-audit/minutes.md), "
        "[the chair](../../people/ann-chair.yaml), [the agenda](meeting.md) and [Ofcom](https://www.ofcom.org.uk/)"
    )
    root = make_site(tmp_path, {paper: read(paper).replace("This report sets out the audits completed.", f"See {links}.")})
    result = build(root, tmp_path / "out", today=dt.date(2030, 1, 1), gate=None)
    assert result.ok, result.diagnostics.report()
    expected = {
        "the plan": "../forward-plan/#top", "the last minutes": "../../2029-12-10-audit/minutes/", "the chair": "../../../people/ann-chair/",
        "the agenda": "../", "Ofcom": "https://www.ofcom.org.uk/",
    }
    for view, pdf in (("", "../forward-plan.pdf"), ("large-print/", "../../../../meetings/2030-01-15-audit/forward-plan.pdf")):
        page = (tmp_path / "out" / view / "meetings/2030-01-15-audit/internal-audit/index.html").read_text()
        found = dict((text, href) for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', page))
        assert {text: found.get(text) for text in [*expected, "its PDF"]} == {**expected, "its PDF": pdf}
        for href in found.values():
            if ":" not in href.partition("/")[0] and not href.startswith("#"):
                target = (tmp_path / "out" / view / "meetings/2030-01-15-audit/internal-audit" / href.partition("#")[0]).resolve()
                assert target.is_file() or (target / "index.html").is_file(), href
    assert b"clerk-local" not in (tmp_path / "out/meetings/2030-01-15-audit/internal-audit.pdf").read_bytes()


def check_on(root: Path, today: dt.date):
    from generator.build import load_site
    from generator.diagnostics import Diagnostics
    from generator.render.pages import plan_pages

    diagnostics = Diagnostics()
    site = load_site(root, diagnostics, today)
    assert site is not None
    plan_pages(site, diagnostics)
    return diagnostics


def test_withheld_items_are_listed_by_title_with_the_exemption_and_nothing_else(tmp_path):
    root = withheld_site(tmp_path)
    assert build(root, tmp_path / "out", today=dt.date(2030, 1, 1), gate=None).ok
    agenda = (tmp_path / "out/meetings/2030-01-15-audit/index.html").read_text()
    def item(number: int) -> str:
        return agenda.split(f'id="item-{number}"')[1].split(f'id="item-{number + 1}"')[0].split("</ol>")[0]

    item_6 = item(6)
    assert "Sale of the old depot" in item_6
    assert "Not for publication: exempt information, paragraph 3 of Schedule 12A." in item_6
    assert "financial or business affairs of any particular person" in item_6
    assert "<a " not in item_6 and "Report by" not in item_6
    item_3 = item(3)
    assert "Appendix B, named cases <span class=\"paper-kind\">(not for publication: exempt information, paragraph 1" in item_3
    for number in (5, 7):
        assert "Paper to follow." in item(number) and "<a " not in item(number)
    pages = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html")}
    assert "meetings/2030-01-15-audit/internal-audit/index.html" in pages
    assert not [p for p in pages if "depot" in p or "risk-register" in p or "budget-2031" in p or "appendix" in p]


def test_an_embargoed_paper_is_published_once_its_date_has_come(tmp_path):
    root = withheld_site(tmp_path)
    result = build(root, tmp_path / "out", today=dt.date(2030, 1, 6), gate=None)
    assert result.ok, result.diagnostics.report()
    page = tmp_path / "out/meetings/2030-01-15-audit/budget-2031/index.html"
    assert CANARIES["embargo"] in page.read_text()


# -- statutory notice -------------------------------------------------------------


def test_the_bank_holiday_table_is_current():
    years = covered_years()
    assert years.start <= 2017
    assert years.stop - 1 >= dt.date.today().year + 2, "extend generator/statutory/bank-holidays-england-and-wales.txt"
    for year in years:
        assert sum(1 for day in bank_holidays() if day.year == year) >= 8, year


@pytest.mark.parametrize(
    ("meeting", "latest"),
    [
        (dt.date(2017, 10, 12), dt.date(2017, 10, 4)),  # the example: Thursday, no holidays
        (dt.date(2018, 4, 3), dt.date(2018, 3, 22)),  # Tuesday after Easter Monday and Good Friday
        (dt.date(2023, 5, 11), dt.date(2023, 5, 2)),  # a week with the coronation bank holiday
        (dt.date(2021, 1, 5), dt.date(2020, 12, 23)),  # over Christmas with substitute days
        (dt.date(2030, 1, 14), dt.date(2030, 1, 6)),  # a Monday meeting: clear days skip the weekend
    ],
)
def test_the_latest_publication_date_counts_clear_working_days(meeting, latest):
    assert latest_publication(meeting, 5) == latest
    assert clear_working_days(latest, meeting) >= 5
    assert clear_working_days(latest + dt.timedelta(days=1), meeting) < 5


def test_a_key_decision_needs_twenty_eight_clear_days():
    assert latest_notice(dt.date(2030, 3, 1), 28) == dt.date(2030, 1, 31)


def agenda_with(**fields: str) -> dict[str, str]:
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return {MEETING: read(MEETING).replace("contact: olive-officer\n", f"contact: olive-officer\n{extra}")}


def test_an_agenda_published_late_is_an_error_with_the_latest_lawful_date(tmp_path):
    diagnostics = check(make_site(tmp_path, agenda_with(agenda_published="2030-01-09")))
    (error,) = [d for d in diagnostics.errors if d.rule == "late-agenda"]
    assert str(error.position) == f"{MEETING}:7:19"
    assert "3 clear working day(s)" in error.message
    assert "publish it by Monday 7 January 2030" in error.hint
    assert {d.rule for d in diagnostics.errors} >= {"late-paper"}


def test_an_urgent_reason_allows_a_late_paper_and_is_shown_on_the_agenda(tmp_path):
    changes = agenda_with(agenda_published="2030-01-07")
    paper = f"{FOLDER}/internal-audit.md"
    changes[paper] = read(paper).replace(
        "title: Internal audit report\n", "title: Internal audit report\npublished: 2030-01-10\nurgent_reason: The auditors reported on 9 January.\n"
    )
    root = make_site(tmp_path, changes)
    result = build(root, tmp_path / "out", today=dt.date(2030, 1, 1), gate=None)
    assert result.ok, result.diagnostics.report()
    agenda = (tmp_path / "out/meetings/2030-01-15-audit/index.html").read_text()
    assert "<strong>published late as urgent</strong>, The auditors reported on 9 January." in agenda
    changes[paper] = changes[paper].replace("urgent_reason: The auditors reported on 9 January.\n", "")
    diagnostics = check(make_site(tmp_path / "again", changes))
    assert [(d.rule, str(d.position)) for d in diagnostics.errors] == [("late-paper", f"{paper}:4:12")]


def test_a_key_decision_without_28_clear_days_notice_is_an_error(tmp_path):
    plan = f"{FOLDER}/forward-plan.md"
    changed = read(plan).replace("lead_officer: olive-officer\n", "lead_officer: olive-officer\n    key_decision: true\n")
    diagnostics = check(make_site(tmp_path, {plan: changed, **agenda_with(agenda_published="2030-02-05")}))
    assert ("key-decision-notice", f"{plan}:10:19") in [(d.rule, str(d.position)) for d in diagnostics.errors]


def test_a_past_meeting_without_a_publication_date_is_a_warning_not_a_guess(tmp_path):
    diagnostics = check(make_site(tmp_path))
    # The minimal site's meetings are in 2029-30; as of 2031 they are past, with no recorded date.
    from generator.build import load_site
    from generator.diagnostics import Diagnostics

    later = Diagnostics()
    load_site(make_site(tmp_path / "later"), later, dt.date(2031, 1, 1))
    assert not diagnostics.items
    assert [d.rule for d in later.items] == ["publication-date-unknown"]


def test_a_paper_still_to_follow_after_the_deadline_is_a_warning(tmp_path):
    from generator.build import load_site
    from generator.diagnostics import Diagnostics

    diagnostics = Diagnostics()
    load_site(make_site(tmp_path, agenda_with(agenda_published="2030-01-02")), diagnostics, dt.date(2030, 1, 10))
    assert [d.rule for d in diagnostics.items] == ["paper-overdue"]
    assert "item 5's paper is still to follow" in diagnostics.items[0].message


# -- bad input ---------------------------------------------------------------------


def test_a_meeting_folder_linked_from_outside_content_is_refused(tmp_path):
    root = make_site(tmp_path)
    outside = tmp_path / "elsewhere"
    (outside / "meeting.md").parent.mkdir(parents=True)
    (outside / "meeting.md").write_text(read("content/meetings/2029-12-10-audit/meeting.md").replace("2029-12-10", "2029-11-10"))
    os.symlink(outside, root / "content/meetings/2029-11-10-audit")
    assert ("path-escape", "content/meetings/2029-11-10-audit:1:1") in [(d.rule, str(d.position)) for d in check(root).errors]


def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path):
    root = make_site(tmp_path)
    assert main(["build", "--root", str(root), "--no-browser-checks"]) == 0
    before = {p.relative_to(root / "build"): p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
    (root / "content/committees/audit.yaml").write_text(read("content/committees/audit.yaml").replace("Audit Committee", "Audit and Governance Committee"))
    # The whole new site is what a clean build of the changed content makes: search's files are named by
    # their content's hash, so the new site's file names are not the old one's.
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("build", ".build*", ".clerk*"))
    assert main(["build", "--root", str(fresh), "--no-browser-checks"]) == 0
    new_site = {p.relative_to(fresh / "build"): p.read_bytes() for p in (fresh / "build").rglob("*") if p.is_file()}
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "--no-browser-checks"]
    outcomes = set()
    # Marked in their environment, which workers inherit: builds run beside this test (a developer's, another
    # test's) are not this test's leftovers.
    mark = f"CLERK_KILLED_BUILD_TEST={os.getpid()}-{time.monotonic_ns()}"
    environment = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 2.5, 3.0):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = {p.relative_to(root / "build"): p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
        if after == before:
            outcomes.add("old")
        else:
            assert b"Audit and Governance Committee" in after[Path("index.html")]
            assert set(after) == set(new_site), "a new site is whole: the files a clean build makes"
            assert after == new_site, "a new site is whole: byte for byte what a clean build makes"
            outcomes.add("new")
            break
    assert "old" in outcomes, "at least one kill landed mid-build"
    assert _workers_left_after(mark) == set(), "a killed build's worker processes go with it"
    # The next build clears the killed builds' staging folders.
    assert main(["build", "--root", str(root), "--no-browser-checks"]) == 0
    assert [p.name for p in root.iterdir() if p.name.startswith(".build")] == [".build.lock"]


def _worker_processes(mark: str) -> set[int]:
    """Processes started by multiprocessing (PDF and format workers, their resource tracker) whose environment
    holds `mark`, by pid."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"multiprocessing" in (entry / "cmdline").read_bytes() and mark.encode() in (entry / "environ").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                pass
    return found


def _workers_left_after(mark: str, seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := _worker_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def test_two_builds_of_one_folder_do_not_run_at_once(tmp_path):
    output = tmp_path / "build"
    with build_lock(output):
        with pytest.raises(BuildLocked):
            with build_lock(output):
                pass



def test_a_build_refused_by_the_lock_says_so_first_and_nothing_else(tmp_path, capsys):
    root = make_site(tmp_path, {"content/meetings/2030-01-15-audit/notes.txt": "a warning"})
    with build_lock(root / "build"):
        assert main(["build", "--root", str(root), "--no-browser-checks", "--no-pdfs"]) == 1
    printed = capsys.readouterr().err
    assert printed.startswith(f"{root / 'build'}:1:1: error[build-locked]: another build of {root / 'build'} is running")
    assert "warning[" not in printed and "1 error(s), 0 warning(s)" in printed

# -- no injection ------------------------------------------------------------------

PAYLOAD = '<script>alert("x")</script>'
ATOM_ELEMENTS = {"feed", "id", "title", "updated", "published", "author", "name", "link", "generator", "entry", "summary"}
ATTRIBUTE = '" onmouseover="alert(1)'
OWN_SCRIPTS = re.compile(r'<script type="application/ld\+json">[^<]*</script>|<script type="module" src="(\.\./)*static/search\.js"></script>')


def test_hostile_content_is_inert_in_every_output(tmp_path):
    paper = f"{FOLDER}/internal-audit.md"
    changes = {
        paper: read(paper)
        .replace("title: Internal audit report", f"title: 'Audit {PAYLOAD} {{{{ 7*7 }}}}{ATTRIBUTE}'")
        .replace("This report sets out the audits completed.", f"Text {PAYLOAD} {{% raw %}} {{{{ config }}}} [x](javascript:alert(1)) <img src=x onerror=alert(1)>"),
        "content/people/olive-officer.yaml": read("content/people/olive-officer.yaml").replace(
            "email: olive@example.gov.uk", 'email: "olive@example.gov.uk\\" onclick=\\"alert(1)"'
        ),
    }
    root = make_site(tmp_path, changes)
    result = build(root, tmp_path / "out", gate=None)
    assert {d.rule for d in result.diagnostics.errors} == {"raw-html", "unsafe-link"}
    # Without the refused Markdown, the build succeeds; the hostile front matter stays.
    (root / paper).write_text(
        changes[paper].replace(" <img src=x onerror=alert(1)>", "").replace(" [x](javascript:alert(1))", "").replace(f"Text {PAYLOAD}", "Text")
    )
    result = build(root, tmp_path / "out", gate=None)
    assert result.ok, result.diagnostics.report()
    for path, data in every_byte(tmp_path / "out"):
        if path.suffix == ".pdf":
            # In a PDF the title is a string, not markup: it must come back exactly as written.
            with pikepdf.open(path) as pdf, pdf.open_metadata() as metadata:
                if "internal-audit" in path.name:
                    assert str(metadata["dc:title"]).startswith(f"Audit {PAYLOAD} {{{{ 7*7 }}}}{ATTRIBUTE}")
            continue
        if path.name == "feed.xml":
            # In an Atom feed the title is text (type="text"), not markup: only Atom's own elements,
            # and the title exactly as written.
            feed = etree.parse(str(path)).getroot()
            assert {element.tag.rpartition("}")[2] for element in feed.iter()} <= ATOM_ELEMENTS, path
            titles = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}title")]
            assert any(title.startswith(f"Audit {PAYLOAD} {{{{ 7*7 }}}}{ATTRIBUTE}") for title in titles), path
            continue
        if path.suffix == ".json" and path.parent.name == "data":
            # Open data holds the title as a JSON string, data to be shown as text, never markup: it
            # must come back exactly as written.
            if path.name == "papers.json":
                titles = [paper["title"] for paper in json.loads(data)["papers"]]
                assert any(title.startswith(f"Audit {PAYLOAD} {{{{ 7*7 }}}}{ATTRIBUTE}") for title in titles), path
            continue
        if path.suffix == ".opus":
            continue  # compressed speech: its only text is its tags (title, chapter names), data that no player runs
        if path.suffix == ".epub":
            # An e-book's XHTML is read as XML: the title is text in it (quotes need no escaping in XML text), and no
            # element is a script or has an event handler.
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    if name.endswith(".xhtml"):
                        document = etree.fromstring(package.read(name))
                        assert not [e for e in document.iter() if isinstance(e.tag, str) and e.tag.rpartition("}")[2] == "script"], name
                        assert not [a for e in document.iter() for a in e.attrib if a.lower().startswith("on")], name
                        assert "javascript:" not in " ".join(e.get("href", "") for e in document.iter()), name
            continue
        if path.suffix in (".txt", ".brf"):
            # Plain text and braille show the title as text, exactly as written: nothing there is markup.
            text = data.decode("utf-8", "replace")
            assert ">49<" not in text and " 49 " not in text, f"{path}: template syntax in content was evaluated"
            continue
        if path.relative_to(tmp_path / "out").parts[0] == "pagefind":
            continue  # Pagefind's own code, and its index, which holds text as data that static/search.js shows as text (test_search.py)
        # The site's own scripts (a meeting's JSON-LD, whose text is escaped; the search page's script)
        # are taken out: any other script element came from the content.
        text = OWN_SCRIPTS.sub("", data.decode("utf-8", "replace"))
        assert "<script" not in text, path
        assert 'onmouseover="alert' not in text and 'onclick="alert' not in text, path
        assert "javascript:" not in text, path
        assert ">49<" not in text and " 49 " not in text, f"{path}: template syntax in content was evaluated"
    pdf_text = subprocess.run(
        ["pdftotext", str(tmp_path / "out/meetings/2030-01-15-audit/internal-audit.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "{{ 7*7 }}" in pdf_text and "{% raw %} {{ config }}" in pdf_text
    page = (tmp_path / "out/meetings/2030-01-15-audit/internal-audit/index.html").read_text()
    assert "Audit &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; {{ 7*7 }}&#34; onmouseover=&#34;alert(1)" in page
    assert "{% raw %} {{ config }}" in page


def test_a_meeting_beyond_the_bank_holiday_table_is_warned_about(tmp_path):
    from generator.build import load_site
    from generator.diagnostics import Diagnostics

    later = read("content/meetings/2029-12-10-audit/meeting.md").replace("2029-12-10", "2031-03-10").replace(
        "contact: olive-officer\n", "contact: olive-officer\nitems:\n  - number: 1\n    title: Apologies\n"
    )
    root = make_site(tmp_path, {"content/meetings/2031-03-10-audit/meeting.md": later})
    diagnostics = Diagnostics()
    load_site(root, diagnostics, dt.date(2030, 1, 1))
    assert "bank-holidays-unknown" in {d.rule for d in diagnostics.warnings}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_during_the_browser_checks_leaves_no_browser_java_or_temporary_folder(tmp_path, how):
    root = make_site(tmp_path)
    # A private TMPDIR: the build's checkers inherit it, so they are found by it even once re-parented.
    private = tmp_path / "tmp"
    private.mkdir()
    environment = dict(os.environ, TMPDIR=str(private))
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "--no-pdfs", "--processes", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    deadline = time.monotonic() + 120
    # Chromium starts while the site is written, with its folder; the Nu checker's Java with the checks.
    # Killed only once all three are seen in one look (not in the moment the browser is ending).
    while not ({"chromium", "java"} <= {kind for kind, _ in _checkers(private).values()} and list(private.glob("clerk-pa11y-*"))):
        assert process.poll() is None, "the build ended before its checkers were all running"
        assert time.monotonic() < deadline, f"no Chromium, Java and browser folder seen: {_checkers(private)}"
        time.sleep(0.1)
    process.send_signal(how)
    process.wait(timeout=30)
    deadline = time.monotonic() + 5
    while (left := _checkers(private)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == {}, "no checker outlives the build"
    assert list(private.glob("clerk-*")) == [], "nor its temporary folders"


def _checkers(private: Path) -> dict[int, tuple[str, str]]:
    """Processes other than the build whose environment names `private`: pid -> (kind, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if str(private).encode() not in (entry / "environ").read_bytes():
                continue
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "-m generator build" in line:
            continue
        kind = next((name for name in ("chromium", "chrome", "java", "node") if name in line.split(" ")[0]), "other")
        found[int(entry.name)] = ("chromium" if kind == "chrome" else kind, line[:200])
    return found


def test_a_cache_that_could_not_be_emptied_is_not_marked_clean(tmp_path, monkeypatch):
    """The guard must not write a marker saying the cache is clean while withdrawn material is still in it."""
    import shutil

    from generator import cache_guard
    from generator.build import load_site
    from generator.diagnostics import Diagnostics

    site = load_site(make_site(tmp_path), Diagnostics())
    cache = tmp_path / "cache"
    (cache / "pdf").mkdir(parents=True)
    (cache / "pdf" / "old.pdf").write_bytes(b"a withdrawn paper")
    monkeypatch.setattr(shutil, "rmtree", lambda *args, **kwargs: None)  # a folder that cannot be deleted
    assert cache_guard.forget_withdrawn(cache, site) is True
    assert not (cache / cache_guard.MARKER).exists()
    monkeypatch.undo()
    assert cache_guard.forget_withdrawn(cache, site) is True, "the next build empties it again"
    assert [path.name for path in cache.iterdir()] == [cache_guard.MARKER]


def test_a_build_waits_for_another_build_using_the_same_cache(tmp_path, capsys):
    """`clerk build` and `clerk serve --pdfs` write to different folders but share .clerk-cache/: one
    must not store a paper's PDF after the other has emptied the cache because that paper was withdrawn."""
    import threading

    from generator.publish import cache_lock

    root = make_site(tmp_path)
    results = []
    with cache_lock(root / ".clerk-cache"):
        worker = threading.Thread(target=lambda: results.append(build(root, tmp_path / "out", gate=None, pdfs=False)))
        worker.start()
        worker.join(timeout=2)
        assert worker.is_alive() and not (tmp_path / "out").exists(), "it waits while the other build holds the cache"
    worker.join(timeout=120)
    assert results and results[0].ok and (tmp_path / "out/index.html").is_file()
    assert "Waiting for another build that uses the same .clerk-cache/" in capsys.readouterr().err


def test_a_large_old_site_is_swapped_out_at_once_and_deleted_after_by_a_process_of_its_own(tmp_path, monkeypatch):
    # At council scale deleting the old site's 20,000 files took 2 s of a one-paper rebuild: publish
    # returns with the new site in place and the old one out of build/, and the old one goes afterwards.
    monkeypatch.setattr(publish_module, "DELETED_INLINE_UP_TO", 3)
    output, staging = tmp_path / "build", tmp_path / ".build-staging-1"
    for folder, text in ((output, "old"), (staging, "new")):
        for index in range(5):
            (folder / f"page-{index}").mkdir(parents=True)
            (folder / f"page-{index}" / "index.html").write_text(text)
    started = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(publish_module.subprocess, "Popen", lambda *a, **k: (a[0][0] == "rm" and started.append(a[0])) or real_popen(*a, **k))
    publish_module.publish(staging, output, old_files=5)
    assert (output / "page-0" / "index.html").read_text() == "new" and not staging.exists()
    assert started and started[0][:3] == ["rm", "-rf", "--"] and ".build-old-" in started[0][3]
    deadline = time.monotonic() + 10
    while [p for p in tmp_path.iterdir() if p.name.startswith(".build-old-")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"], "the old site is deleted, nothing else"
    # A small site is deleted before publish returns.
    small = tmp_path / ".build-staging-2"
    (small / "index.html").parent.mkdir()
    (small / "index.html").write_text("newer")
    started.clear()
    publish_module.publish(small, output, old_files=1)
    assert not started and sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_an_old_site_left_beside_the_output_is_deleted_by_a_process_of_its_own_not_waited_for(tmp_path, monkeypatch):
    """A rebuild seconds after the last build finds that build's old site still being deleted (at 4,000 papers, 20,000
    files): it was deleted again inline, 1-2 s of a one-paper rebuild. Now it is handed to `rm` as publish does."""
    output = tmp_path / "build"
    old = tmp_path / ".build-old-abc" / "site"
    for index in range(3):
        (old / f"page-{index}").mkdir(parents=True)
        (old / f"page-{index}" / "index.html").write_text("old")
    started = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(publish_module.subprocess, "Popen", lambda *a, **k: (a[0][0] == "rm" and started.append(a[0])) or real_popen(*a, **k))
    with publish_module.build_lock(output):
        pass
    assert started == [["rm", "-rf", "--", str(tmp_path / ".build-old-abc")]]
    deadline = time.monotonic() + 10
    while (tmp_path / ".build-old-abc").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not (tmp_path / ".build-old-abc").exists()
