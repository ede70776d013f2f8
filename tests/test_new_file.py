"""`clerk new`: each kind of file, named and placed so that the site still builds; never an overwrite."""

from __future__ import annotations

import pytest

from generator.cli import main
from tests.sitekit import check, make_site

MEETING = "content/meetings/2030-02-20-audit"


def _new(root, *arguments: str) -> int:
    return main(["new", *arguments, "--root", str(root)])


def test_each_kind_of_file_is_written_where_the_loader_expects_and_the_site_still_builds(tmp_path, capsys):
    root = make_site(tmp_path)
    assert _new(root, "meeting", "--committee", "audit", "--date", "2030-02-20", "--venue", "Room 1") == 0
    assert _new(root, "report", "--committee", "audit", "--date", "2030-02-20", "--title", "Treasury: mid-year review") == 0
    assert _new(root, "forward-plan", "--committee", "audit", "--date", "2030-02-20", "--title", "Forward plan") == 0
    assert _new(root, "minutes", "--committee", "audit", "--date", "2030-02-20") == 0
    written = sorted(path.name for path in (root / MEETING).iterdir())
    assert written == ["forward-plan.md", "meeting.md", "minutes.md", "treasury-mid-year-review.md"]
    meeting = (root / MEETING / "meeting.md").read_text()
    assert "committee: audit" in meeting and "date: 2030-02-20" in meeting and 'venue: "Room 1"' in meeting
    assert 'title: "Treasury: mid-year review"' in (root / MEETING / "treasury-mid-year-review.md").read_text()
    out = capsys.readouterr().out
    assert "add 'treasury-mid-year-review' to an agenda item's papers" in out
    # List the new papers on the agenda, as the message says, and the site builds with no error.
    (root / MEETING / "meeting.md").write_text(meeting.replace(
        "  # Add each item", "  - number: 2\n    title: Treasury\n    papers: [treasury-mid-year-review, forward-plan]\n  # Add each item"))
    assert check(root).errors == []


def test_a_new_report_not_yet_on_the_agenda_is_held_back_not_published(tmp_path, capsys):
    root = make_site(tmp_path)
    folder = "content/meetings/2030-01-15-audit"
    assert _new(root, "report", "--committee", "audit", "--date", "2030-01-15", "--title", "Placeholder") == 0
    assert "until then it is held back, not published" in capsys.readouterr().out
    assert main(["build", "--root", str(root), "--no-browser-checks", "--no-pdfs"]) == 0
    assert not (root / "build" / folder.removeprefix("content/") / "placeholder").exists()
    assert "Placeholder" not in "".join(p.read_text() for p in (root / "build").rglob("*.html"))
    assert f"{folder}/placeholder.md: 'Placeholder' (no agenda item lists it" in capsys.readouterr().err


def test_an_existing_file_is_never_overwritten(tmp_path, capsys):
    root = make_site(tmp_path)
    before = (root / "content/meetings/2030-01-15-audit/meeting.md").read_bytes()
    assert _new(root, "meeting", "--committee", "audit", "--date", "2030-01-15") == 1
    assert "already exists" in capsys.readouterr().err
    assert (root / "content/meetings/2030-01-15-audit/meeting.md").read_bytes() == before


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["meeting", "--committee", "audt", "--date", "2030-02-20"], "did you mean 'audit'?"),
        (["report", "--committee", "audit", "--date", "2030-03-01", "--title", "Late"], "run `clerk new meeting --committee audit --date 2030-03-01` first"),
        (["report", "--committee", "audit", "--date", "2030-01-15", "--title", "!!!"], "needs a title with letters or numbers"),
    ],
)
def test_a_bad_request_says_what_to_do_and_writes_nothing(tmp_path, capsys, arguments, message):
    root = make_site(tmp_path)
    files = sorted(root.rglob("*"))
    assert _new(root, *arguments) == 1
    assert message in capsys.readouterr().err
    assert sorted(root.rglob("*")) == files


def test_without_a_keyboard_a_missing_value_is_an_error_not_a_question(tmp_path, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    root = make_site(tmp_path)
    assert _new(root, "report", "--committee", "audit", "--date", "2030-01-15") == 2
    assert "--title is needed" in capsys.readouterr().err


def test_at_a_keyboard_missing_values_are_asked_for(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    answers = iter(["audit", "2030-01-15", "Risk register"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert _new(root, "report") == 0
    assert (root / "content/meetings/2030-01-15-audit/risk-register.md").is_file()
