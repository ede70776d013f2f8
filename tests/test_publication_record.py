"""The publication record (issue 17 point 3): when each agenda, paper and minutes was first published
and changed, from a scripted git history; what a shallow clone or a folder without git falls back to."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from generator.build import build, load_site
from generator.diagnostics import Diagnostics
from generator.memory import Memory
from tests.sitekit import PAPER, commit, git, make_site

FOLDER = "content/meetings/2030-01-15-audit"
PLAN = f"{FOLDER}/forward-plan.md"
TODAY = dt.date(2030, 1, 10)
ATOM = "{http://www.w3.org/2005/Atom}"


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _history(tmp_path: Path) -> Path:
    """The minimal site committed over three weeks: the agenda on 20 December with its report a
    draft and its forward plan embargoed to 9 January; the report made final on 2 January, changed
    on 4 January, corrected on 6 January with a note; the plan's embargo ended early on 3 January."""
    root = _from_git(make_site(tmp_path))
    git(root, "init", "-q")
    _edit(root, PAPER, "kind: report\n", "kind: report\nstatus: draft\n")
    _edit(root, PLAN, "kind: forward-plan\n", "kind: forward-plan\npublish_from: 2030-01-09\n")
    commit(root, "The January agenda, its report in draft, its plan embargoed", "2029-12-20T12:00:00+00:00")
    _edit(root, PAPER, "status: draft\n", "")
    commit(root, "The report is final", "2030-01-02T09:30:00+00:00")
    _edit(root, PLAN, "publish_from: 2030-01-09\n", "publish_from: 2030-01-03\n")
    commit(root, "The plan is released early", "2030-01-03T08:00:00+00:00")
    _edit(root, PAPER, "Three audits were completed.", "Three audits were completed this year.")
    commit(root, "Wording", "2030-01-04T16:00:00+00:00")
    _edit(root, PAPER, "kind: report\n", "kind: report\ncorrections:\n  - date: 2030-01-06\n    note: table 2 total\n")
    _edit(root, PAPER, "Three audits were completed this year.", "Four audits were completed this year.")
    commit(root, "Correct the total", "2030-01-06T23:30:00+00:00")  # 23:30 UTC is still the 6th in London (GMT)
    return root


def _from_git(root: Path) -> Path:
    """The minimal site with its publication record read from git (its site.yaml says front-matter)."""
    _edit(root, "site.yaml", "publication_record: front-matter\n", "publication_record: git\n")
    return root


def _build(root: Path, output: Path, cache: Path | None = None):
    result = build(root, output, today=TODAY, gate=None, pdfs=False, formats=False, cache_folder=cache)
    assert result.ok, result.diagnostics.report()
    return result


def _published_line(page: Path) -> str:
    """The text of the page's "Published" row."""
    html = page.read_text(encoding="utf-8")
    start = html.index('<div class="publication-record">')
    row = ElementTree.fromstring(html[start : html.index("</div>", start) + len("</div>")])
    assert row.findtext("dt") == "Published"
    return "".join(row.find("dd").itertext())


def test_a_paper_drafted_published_changed_and_corrected_shows_each_date_from_git(tmp_path):
    root = _history(tmp_path)
    output = tmp_path / "out"
    result = _build(root, output)
    assert not [d for d in result.diagnostics.items if d.rule == "publication-record-unknown"]
    paper = output / "meetings/2030-01-15-audit/internal-audit/index.html"
    assert _published_line(paper) == "2 January 2030; updated 4 January 2030; corrected 6 January 2030: table 2 total"
    assert _published_line(output / "meetings/2030-01-15-audit/index.html") == "20 December 2029"  # the agenda


def test_an_embargoed_paper_released_early_is_published_on_its_release(tmp_path):
    output = tmp_path / "out"
    _build(_history(tmp_path), output)
    assert _published_line(output / "meetings/2030-01-15-audit/forward-plan/index.html") == "3 January 2030"


def test_papers_that_followed_the_agenda_show_their_own_dates_on_it(tmp_path):
    output = tmp_path / "out"
    _build(_history(tmp_path), output)
    agenda = (output / "meetings/2030-01-15-audit/index.html").read_text(encoding="utf-8")
    assert 'published <time datetime="2030-01-02">2 January 2030</time>, after the agenda' in agenda
    assert 'published <time datetime="2030-01-03">3 January 2030</time>, after the agenda' in agenda


def test_feeds_and_open_data_carry_the_first_publication_and_the_latest_change(tmp_path):
    root = _history(tmp_path)
    output = tmp_path / "out"
    _build(root, output)
    feed = ElementTree.parse(output / "feed.xml").getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.find(f"{ATOM}title").text.startswith("Internal audit report"))
    assert (entry.find(f"{ATOM}published").text[:10], entry.find(f"{ATOM}updated").text[:10]) == ("2030-01-02", "2030-01-06")
    papers = json.loads((output / "data/papers.json").read_text(encoding="utf-8"))["papers"]
    report = next(paper for paper in papers if paper["title"] == "Internal audit report")
    assert report["published"] == "2030-01-02"
    assert report["changes"] == [{"date": "2030-01-04", "note": None}, {"date": "2030-01-06", "note": "table 2 total"}]


def test_the_five_clear_days_check_counts_from_the_day_git_shows_a_paper_was_published(tmp_path):
    root = _history(tmp_path)
    _edit(root, PAPER, "kind: report\n", "kind: report\nstatus: draft\n")
    commit(root, "Back to draft", "2030-01-07T10:00:00+00:00")
    _edit(root, PAPER, "status: draft\n", "")
    commit(root, "Final again, late", "2030-01-10T10:00:00+00:00")
    # Its first publication (2 January) stands: going back to draft and out again is a change, not a new paper.
    assert "late-paper" not in {d.rule for d in _checked(root)}

    late = _from_git(make_site(tmp_path / "late"))
    git(late, "init", "-q")
    _edit(late, PAPER, "kind: report\n", "kind: report\nstatus: draft\n")
    commit(late, "Agenda, report in draft", "2029-12-20T12:00:00+00:00")
    _edit(late, PAPER, "status: draft\n", "")
    commit(late, "The report, four working days before the meeting", "2030-01-09T12:00:00+00:00")
    late_paper = [d for d in _checked(late) if d.rule == "late-paper"]
    assert [(d.position.path, d.message.split(",")[0]) for d in late_paper] == [
        (PAPER, "'Internal audit report' is published on Wednesday 9 January 2030")
    ]


def _checked(root: Path) -> list:
    diagnostics = Diagnostics()
    load_site(root, diagnostics, today=TODAY)
    return diagnostics.items


def test_a_correction_dated_before_the_first_publication_is_an_error_at_its_date(tmp_path):
    root = _history(tmp_path)
    _edit(root, PAPER, "    note: table 2 total\n", "    note: table 2 total\n  - date: 2029-12-31\n")  # line 6
    errors = [d for d in _checked(root) if d.rule == "correction-before-publication"]
    assert [(d.position.path, d.position.line, d.position.column) for d in errors] == [(PAPER, 6, 11)]
    assert "before the document was first published on Wednesday 2 January 2030" in errors[0].message


def test_a_shallow_clone_says_once_what_it_cannot_tell_and_uses_the_front_matter(tmp_path):
    root = _history(tmp_path)
    _edit(root, f"{FOLDER}/meeting.md", "contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2029-12-21\n")
    commit(root, "Record the agenda's day", "2030-01-08T10:00:00+00:00")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(shallow))
    output = tmp_path / "out"
    result = _build(shallow, output)
    said = [d for d in result.diagnostics.items if d.rule == "publication-record-unknown"]
    assert len(said) == 1 and "shallow clone" in said[0].message
    # Front matter only: the agenda's recorded day, its papers with it, and the noted correction.
    paper = output / "meetings/2030-01-15-audit/internal-audit/index.html"
    assert _published_line(paper) == "21 December 2029; corrected 6 January 2030: table 2 total"
    assert _published_line(output / "meetings/2030-01-15-audit/index.html") == "21 December 2029"


def test_a_site_outside_git_says_so_once_and_a_site_that_chose_the_front_matter_says_nothing(tmp_path):
    root = make_site(tmp_path)  # a copy in a temporary folder: no repository
    _edit(root, "site.yaml", "publication_record: front-matter\n", "")  # git, by default
    said = [d for d in _checked(root) if d.rule == "publication-record-unknown"]
    assert len(said) == 1 and "not in a git repository" in said[0].message
    _edit(root, "site.yaml", "council:", "publication_record: front-matter\ncouncil:")
    assert not [d for d in _checked(root) if d.rule == "publication-record-unknown"]


def test_a_machine_without_git_says_so_and_builds_from_the_front_matter(tmp_path, monkeypatch):
    root = _history(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    said = [d for d in _checked(root) if d.rule == "publication-record-unknown"]
    assert len(said) == 1 and "git is not installed" in said[0].message


def test_a_new_commit_that_changes_only_the_dates_updates_the_page_in_an_incremental_build(tmp_path):
    root = _history(tmp_path)
    output, cache = tmp_path / "out", tmp_path / "cache"
    _edit(root, PAPER, "Four audits were completed this year.", "Four audits were completed in 2029.")
    _build(root, output, cache)  # the edit is built before it is committed: not yet in the record
    paper = output / "meetings/2030-01-15-audit/internal-audit/index.html"
    assert _published_line(paper).endswith("corrected 6 January 2030: table 2 total")
    commit(root, "Commit the edit as built", "2030-01-08T10:00:00+00:00")  # the same bytes, a new date
    again = _build(root, output, cache)
    assert not again.unchanged
    assert _published_line(paper).endswith("corrected 6 January 2030: table 2 total; updated 8 January 2030")


def test_serve_s_memory_keeps_the_history_only_while_the_same_commit_is_checked_out(tmp_path):
    root = _history(tmp_path)
    memory = Memory()

    def record() -> tuple:
        site = load_site(root, Diagnostics(), today=TODAY, memory=memory)
        assert site is not None
        memory.sweep()
        return site.meetings["2030-01-15-audit"].papers["internal-audit"].record.changes

    assert [change.date.day for change in record()] == [4, 6]
    assert [change.date.day for change in record()] == [4, 6]
    _edit(root, PAPER, "Four audits", "Five audits")
    commit(root, "Another correction", "2030-01-09T10:00:00+00:00")
    assert [change.date.day for change in record()] == [4, 6, 9]


def test_a_build_asks_git_for_the_history_only_when_the_commit_or_the_files_changed(tmp_path, monkeypatch):
    """`git log` reads the whole history of content/ (a council's years of commits): the fingerprints of the files'
    commits are kept by the commit checked out, and a build with nothing committed since reads them from the cache."""
    from generator import git_history

    root = _history(tmp_path)
    output, cache = tmp_path / "out", tmp_path / "cache"
    logs: list[list[str]] = []
    real = git_history._git

    def git_recorded(where, arguments, **options):
        if arguments[0] == "log" and "content" in arguments:
            logs.append(arguments)
        return real(where, arguments, **options)

    monkeypatch.setattr(git_history, "_git", git_recorded)
    _build(root, output, cache)
    asked = len(logs)
    assert _build(root, output, cache).unchanged and len(logs) == asked, "git log was run with nothing committed"
    _edit(root, PAPER, "Four audits were completed this year.", "Four audits were completed in 2029.")
    assert not _build(root, output, cache).unchanged, "an edit not yet committed"
    assert len(logs) == asked + 1, "the build itself reads the history of what it publishes, once"
    commit(root, "Commit the edit as built", "2030-01-08T10:00:00+00:00")  # the same bytes, a new commit
    again = _build(root, output, cache)
    assert not again.unchanged, "a new commit of a file is a change, though its bytes are as built"
    assert _published_line(output / "meetings/2030-01-15-audit/internal-audit/index.html").endswith("updated 8 January 2030")
