"""`clerk serve`'s preview: an edit to a body is written at once, and the full build that follows agrees with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.build import build
from generator.memory import Memory
from generator.preview import preview
from generator.serve import serve_folder
from tests.sitekit import make_site

PAPER = "content/meetings/2030-01-15-audit/internal-audit.md"
MINUTES = "content/meetings/2029-12-10-audit/minutes.md"
PAGE = "meetings/2030-01-15-audit/internal-audit/index.html"
TODAY = dt.date(2030, 1, 2)


def _serve_build(root: Path, memory: Memory):
    # As `clerk serve` builds: no PDFs, no other formats (each would make the pack depend on every paper body).
    result = build(root, serve_folder(root), today=TODAY, gate=None, pdfs=False, formats=False, memory=memory)
    assert result.ok, result.diagnostics.report()
    return result


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_body_edit_is_written_at_once_and_the_full_build_agrees(tmp_path):
    root = make_site(tmp_path)
    memory = Memory()
    last = _serve_build(root, memory)
    _edit(root / PAPER, "This report sets out the audits completed.", "This report sets out the nine audits completed.")
    # The watcher reports the folder as modified too.
    previewed = preview(root, serve_folder(root), last, memory, {root / PAPER, (root / PAPER).parent})
    assert previewed is not None
    assert sorted(previewed.written) == ["large-print/" + PAGE, PAGE]
    shown = (serve_folder(root) / PAGE).read_text()
    assert "the nine audits completed" in shown
    after = _serve_build(root, memory)
    assert after.written == [] or PAGE not in after.written, "the full build made the same page"
    assert (serve_folder(root) / PAGE).read_text() == shown
    assert build(root, tmp_path / "clean", today=TODAY, gate=None, pdfs=False, formats=False, cache_folder=tmp_path / "clean-cache").ok
    assert (tmp_path / "clean" / PAGE).read_text() == shown


def test_the_minutes_body_is_previewed_too(tmp_path):
    root = make_site(tmp_path)
    memory = Memory()
    last = _serve_build(root, memory)
    _edit(root / MINUTES, "The committee considered the plan.", "The committee considered the plan at length.")
    previewed = preview(root, serve_folder(root), last, memory, {root / MINUTES})
    assert previewed is not None and "meetings/2029-12-10-audit/minutes/index.html" in previewed.written
    assert "at length" in (serve_folder(root) / "meetings/2029-12-10-audit/minutes/index.html").read_text()


def test_front_matter_images_and_errors_are_left_to_the_full_build(tmp_path):
    root = make_site(tmp_path)
    memory = Memory()
    last = _serve_build(root, memory)
    paper = root / PAPER
    good = paper.read_text()
    before = (serve_folder(root) / PAGE).read_bytes()
    cases = {
        "front matter": good.replace("title: Internal audit report", "title: Internal audit annual report"),
        "an image": good.replace("This report sets out", "![Chart](chart.png)\n\nThis report sets out"),
        "an error": good.replace("This report sets out", "<script>alert(1)</script>\n\nThis report sets out"),
        "a link to a paper not published": good.replace("This report sets out", "As [the risk register](risk-register.md) says, this report sets out"),
    }
    for case, text in cases.items():
        paper.write_text(text)
        assert preview(root, serve_folder(root), last, memory, {paper}) is None, case
        assert (serve_folder(root) / PAGE).read_bytes() == before, case
    assert preview(root, serve_folder(root), last, memory, {root / "content/meetings/2030-01-15-audit/meeting.md"}) is None


def test_undo_puts_back_the_pages_and_the_body(tmp_path):
    root = make_site(tmp_path)
    memory = Memory()
    last = _serve_build(root, memory)
    before = (serve_folder(root) / PAGE).read_bytes()
    paper = last.site.meetings["2030-01-15-audit"].papers["internal-audit"]
    body = paper.body
    _edit(root / PAPER, "This report sets out", "This report now sets out")
    previewed = preview(root, serve_folder(root), last, memory, {root / PAPER})
    assert previewed is not None and paper.body is not body
    previewed.undo()
    assert (serve_folder(root) / PAGE).read_bytes() == before
    assert paper.body is body
