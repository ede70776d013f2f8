"""A build with nothing changed does nothing; any change, or a disturbed build/, means a real build."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.build_record import front_matter_length
from generator.content.frontmatter import split_front_matter
from generator.diagnostics import Diagnostics
from generator.checks.gate import GateOptions
from tests.sitekit import make_site

PAPER = "content/meetings/2030-01-15-audit/internal-audit.md"


def _build(root, tmp_path, **options):
    return build(root, tmp_path / "out", cache_folder=tmp_path / "cache", **{"gate": None, **options})


def test_a_second_build_with_nothing_changed_does_nothing_and_leaves_build_as_it_was(tmp_path):
    root = make_site(tmp_path)
    first = _build(root, tmp_path)
    assert first.ok and not first.unchanged
    before = {path: path.stat().st_mtime_ns for path in (tmp_path / "out").rglob("*")}
    second = _build(root, tmp_path)
    assert second.unchanged and second.ok and second.pages == []
    assert {path: path.stat().st_mtime_ns for path in (tmp_path / "out").rglob("*")} == before


def test_an_edit_a_new_file_or_other_checks_mean_a_real_build(tmp_path):
    root = make_site(tmp_path)
    _build(root, tmp_path)
    paper = root / PAPER
    paper.write_text(paper.read_text().replace("No significant", "No material"))
    assert not _build(root, tmp_path).unchanged, "an edit"
    (root / "content/people/new-person.yaml").write_text("name: New Person\nkind: officer\n")
    assert not _build(root, tmp_path).unchanged, "a new file"
    assert _build(root, tmp_path).unchanged
    assert not _build(root, tmp_path, gate=GateOptions(browser=False)).unchanged, "checks asked for that did not run"


def test_a_deleted_or_hand_edited_output_means_a_real_build_that_puts_it_back(tmp_path):
    root = make_site(tmp_path)
    _build(root, tmp_path)
    page = tmp_path / "out/index.html"
    good = page.read_text()
    page.write_text("edited by hand")
    result = _build(root, tmp_path)
    assert not result.unchanged and page.read_text() == good
    page.unlink()
    assert not _build(root, tmp_path).unchanged and page.read_text() == good


def test_a_failed_build_is_never_taken_for_an_up_to_date_one(tmp_path):
    root = make_site(tmp_path)
    _build(root, tmp_path)
    paper = root / PAPER
    paper.write_text(paper.read_text().replace("kind: report", "kind: repot"))
    assert not _build(root, tmp_path).ok
    second = _build(root, tmp_path)
    assert not second.unchanged and not second.ok, "the same broken input is built, and fails, again"


def test_clerk_build_with_nothing_changed_answers_without_loading_the_rest_of_clerk(tmp_path):
    import subprocess
    import sys

    from tests.sitekit import REPO

    root = make_site(tmp_path)
    command = [sys.executable, "-X", "importtime", "-m", "generator", "build", "--root", str(root), "--no-browser-checks"]
    environment = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1890000000"}
    first = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=root)
    assert first.returncode == 0, first.stderr[-3000:]
    second = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=root)
    assert second.returncode == 0 and "Nothing has changed since the last build" in second.stdout
    heavy = {"weasyprint", "generator.build", "generator.checks.gate", "markdown_it", "pydantic", "jinja2"}
    assert heavy <= _imported(first.stderr), "the first build needs them all"
    assert "generator.build_record" in _imported(second.stderr)
    assert not heavy & _imported(second.stderr)


def _imported(importtime: str) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in importtime.splitlines() if line.startswith("import time:")}


LINES = st.sampled_from(["---", "...", "--- ", "---x", " ---", "title: A", 'title: "A', "---annual", "\r", "body", "", "\u00a0"])


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_the_front_matter_is_split_where_the_loader_splits_it(lines, newline):
    """A body-only change must be one: the record's split is never inside the loader's front matter."""
    text = newline.join(["---", *lines])
    length = front_matter_length(text.encode())
    parsed = split_front_matter("p.md", text, Diagnostics())
    if length is None or parsed is None:
        return
    front = ("\n".join(text.split("\n")[: parsed.body_line - 1]) + "\n").encode()
    assert length >= min(len(front), len(text.encode()))
    if "\u00a0" not in text:  # where both see the same fence, they split at it
        assert text.encode()[length:].decode() == parsed.body


def test_a_content_file_that_cannot_be_read_counts_as_changed_and_is_left_to_the_loader_to_report(tmp_path, monkeypatch):
    """Run as a user who may not read a paper (or with a file gone since the folder was listed), the
    no-change check must not stop `clerk build` with a traceback before the loader can say where."""
    import builtins

    from generator import build_record
    from tests.sitekit import make_site

    root = make_site(tmp_path)
    paper = root / "content/meetings/2030-01-15-audit/internal-audit.md"
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(paper):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(build_record, "open", refusing_open, raising=False)
    hashes = build_record.content_hashes(root)
    assert hashes["content/meetings/2030-01-15-audit/internal-audit.md"] == "unreadable:13"
