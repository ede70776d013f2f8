"""A build with nothing changed does nothing; any change, or a disturbed build/, means a real build."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.file_digests import front_matter_length
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


def _record_file(tmp_path):
    from generator.build_record import record_path

    return record_path(tmp_path / "cache", tmp_path / "out")


def _trusting_stats_older_than_a_tick(monkeypatch):
    """Stats are trusted once they are 2 s old (build_record.RACY_MARGIN_NS): here once they are 50 ms old,
    and the files just written are left that long, so that a test need not wait."""
    import time

    from generator import build_record

    monkeypatch.setattr(build_record, "RACY_MARGIN_NS", 50_000_000)
    time.sleep(0.1)


def test_an_edit_of_the_same_size_within_the_tick_the_record_was_taken_in_is_still_seen(tmp_path, monkeypatch):
    """git's "racily clean" case: a file written in the same tick of the file system's clock as its stat was
    taken can be edited again within that tick, to the same size, and keep its stat. Its mtime is set here to
    that tick (a minute ahead, so that the test does not depend on how long the build takes), and its ctime,
    which cannot be set, is left out of the stat, as a coarse clock would leave it unchanged."""
    import os
    import time

    from generator import build_record

    real_key = build_record._stat_key
    monkeypatch.setattr(build_record, "_stat_key", lambda relative, stat: (*real_key(relative, stat)[:4], 0))
    root = make_site(tmp_path)
    paper = root / PAPER
    tick = time.time_ns() + 60 * 10**9
    os.utime(paper, ns=(tick, tick))
    assert _build(root, tmp_path).ok
    text = paper.read_text()
    paper.write_text(text.replace("No significant", "No substantial"))
    assert paper.stat().st_size == len(text.encode())
    os.utime(paper, ns=(tick, tick))
    assert not _build(root, tmp_path).unchanged


def test_a_fresh_build_reads_only_the_content_files_whose_stat_changed_and_new_times_alone_are_no_change(
    tmp_path, monkeypatch
):
    import builtins
    import os

    from generator import build_record

    root = make_site(tmp_path)
    _trusting_stats_older_than_a_tick(monkeypatch)
    assert _build(root, tmp_path).ok
    paper = root / PAPER
    os.utime(paper)  # touched: a new time, the same bytes
    real_open = builtins.open
    read: list[str] = []

    def recording_open(file, *args, **kwargs):
        read.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(build_record, "open", recording_open, raising=False)
    assert _build(root, tmp_path).unchanged
    assert [path for path in read if "/content/" in path] == [str(paper)]


def test_a_record_from_an_older_clerk_or_a_corrupt_one_means_a_real_build_never_a_crash(tmp_path):
    import json

    root = make_site(tmp_path)
    assert _build(root, tmp_path).ok
    record = _record_file(tmp_path)
    good = json.loads(record.read_bytes())
    older = {key: value for key, value in good.items() if key not in ("format", "folders", "file_hashes")}
    corruptions = {
        "older": json.dumps(older).encode(),
        "truncated": record.read_bytes()[: len(record.read_bytes()) // 2],
        "not JSON": b"\x80\x81 not a record",
        "hashes of the wrong shape": json.dumps({**good, "file_hashes": [[1, 2]]}).encode(),
        "hashes that are not a list": json.dumps({**good, "file_hashes": 7}).encode(),
        "folders of the wrong kind": json.dumps({**good, "folders": {"": "yesterday"}}).encode(),
        "folders that are not a mapping": json.dumps({**good, "folders": [1]}).encode(),
    }
    for name, data in corruptions.items():
        record.write_bytes(data)
        result = _build(root, tmp_path)
        assert result.ok and not result.unchanged, name
        assert _build(root, tmp_path).unchanged, f"{name}: the real build left a good record"


def test_an_edit_with_the_records_dependencies_missing_or_not_its_own_is_a_full_build_that_shows_it(tmp_path):
    """A build with nothing to do reads only half the record; the half with the dependencies is read after an
    edit, and is trusted only if it is the one saved with the record (by its hash)."""
    from generator.build_record import details_path

    root = make_site(tmp_path)
    paper = root / PAPER
    assert _build(root, tmp_path).ok
    details = details_path(_record_file(tmp_path))
    before = "No significant"
    for damage in ("truncated", "deleted"):
        details.write_bytes(details.read_bytes()[:-10]) if damage == "truncated" else details.unlink()
        paper.write_text(paper.read_text().replace(before, f"Not one {damage}"))
        before = f"Not one {damage}"
        result = _build(root, tmp_path)
        assert result.ok and result.pages_rendered >= len(result.pages), f"{damage}: a full build, not an incremental one"
        shown = (tmp_path / "out/meetings/2030-01-15-audit/internal-audit/index.html").read_text()
        assert f"Not one {damage}" in shown


@pytest.mark.parametrize("folder_times_trusted", [False, True])
def test_a_file_added_anywhere_in_the_output_means_a_real_build_that_removes_it(tmp_path, monkeypatch, folder_times_trusted):
    """The output is checked by its folders' times where they are old enough to trust, else by their entries
    (all of them, in a build just made)."""
    import time

    root = make_site(tmp_path)
    if folder_times_trusted:
        _trusting_stats_older_than_a_tick(monkeypatch)
    assert _build(root, tmp_path).ok
    time.sleep(0.1)
    assert _build(root, tmp_path).unchanged
    deepest = max((path for path in (tmp_path / "out").rglob("*") if path.is_dir()), key=lambda path: len(path.parts))
    stray = deepest / "stray.html"
    stray.write_text("not Clerk's")
    result = _build(root, tmp_path)
    assert not result.unchanged and not stray.exists()
