"""A build that starts from nothing but what earlier processes left on disk (`.clerk-cache/`, content_cache.py)
equals a clean build, byte for byte, whatever was changed; a corrupt or foreign entry is made again, never trusted;
and a copy of the cache makes a fresh copy of the site read and render only what differs.

Each build here runs with no memory (`clerk serve`'s is in test_incremental.py): all it shares with the build
before is the folder, as a new `clerk build` process does.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

import generator.build
from generator import build_record, content_cache
from generator.content import loader
from generator.build import build
from generator.build_record import code_fingerprint
from generator.disk_cache import DiskCache
from generator.markdown import MarkdownRenderer
from tests.sitekit import MINIMAL, make_site
from tests.test_incremental import CHANGES, PAPER, _files, edit_paper, paper_becomes_draft

PROCESSES = 1  # the stage is the same across workers (prerender.py), and one process keeps the spy in sight


@pytest.fixture
def renders(monkeypatch) -> Counter:
    """Markdown texts rendered afresh, by the file they are in."""
    counted: Counter = Counter()
    render = MarkdownRenderer.render

    def spy(self, text, context):
        counted[context.path] += 1
        return render(self, text, context)

    monkeypatch.setattr(MarkdownRenderer, "render", spy)
    monkeypatch.setattr("generator.build.os.cpu_count", lambda: PROCESSES)
    return counted


def _build(root: Path, output: Path, cache: Path):
    result = build(root, output, cache_folder=cache, gate=None, pdfs=False, formats=False)
    assert result.ok, result.diagnostics.report()
    return result


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / content_cache.FOLDER).glob(f"*{content_cache.SUFFIX}"))


def _same(built: Path, clean: Path) -> None:
    built_files, expected = _files(built), _files(clean)
    assert sorted(built_files) == sorted(expected)
    assert [path for path in expected if built_files[path] != expected[path]] == []


def _build_again_and_clean(root: Path, tmp_path: Path, renders: Counter) -> tuple[int, int]:
    """Build `root` again with the kept cache, then cleanly, and compare them byte for byte: how many
    Markdown texts each rendered."""
    renders.clear()
    _build(root, tmp_path / "out", tmp_path / "cache")
    again = sum(renders.values())
    _build(root, tmp_path / "clean", tmp_path / "clean-cache")
    _same(tmp_path / "out", tmp_path / "clean")
    return again, sum(renders.values()) - again


def _trusting_stats_older_than_a_tick(monkeypatch) -> None:
    """Stats are trusted once they are 2 s old (build_record.RACY_MARGIN_NS): here once they are 50 ms old,
    and the files just written are left that long, so that the loader takes unchanged files by their stat."""
    monkeypatch.setattr(build_record, "RACY_MARGIN_NS", 50_000_000)
    time.sleep(0.1)


@pytest.mark.parametrize("trusted", [False, True], ids=["files-read", "unchanged-stats-trusted"])
@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_a_fresh_process_with_the_kept_content_equals_a_clean_build(tmp_path, change, renders, trusted, monkeypatch):
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert _entries(tmp_path / "cache"), "the first build kept what it read and rendered"
    if trusted:
        _trusting_stats_older_than_a_tick(monkeypatch)
    change(root)
    again, clean = _build_again_and_clean(root, tmp_path, renders)
    assert again < clean, "the kept build rendered less than the clean one"


def test_a_fresh_process_reads_only_the_content_files_whose_stat_changed(tmp_path, monkeypatch):
    """The build record holds each content file's hash by its stat (build_record.content_hashes): a file
    whose stat is still the recorded one is taken from the kept content by that hash, unread."""
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    _trusting_stats_older_than_a_tick(monkeypatch)
    _build(root, tmp_path / "out", tmp_path / "cache")  # a record whose stats are old enough to be trusted
    edit_paper(root)
    read: list[str] = []
    real_read = loader.read_regular_file

    def recording_read(path, limit):
        read.append(Path(path).relative_to(root).as_posix())
        return real_read(path, limit)

    monkeypatch.setattr(loader, "read_regular_file", recording_read)
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert [path for path in read if path.startswith("content/") and path.endswith(".md")] == [PAPER]


def test_a_file_whose_stat_is_too_recent_to_trust_is_read(tmp_path, monkeypatch):
    """git's racily clean rule: a stat taken in the same tick as the file was written does not stand for its bytes."""
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    edit_paper(root)
    read: list[str] = []
    real_read = loader.read_regular_file
    monkeypatch.setattr(loader, "read_regular_file", lambda path, limit: (read.append(str(path)), real_read(path, limit))[1])
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert str(root / PAPER) in read and len([path for path in read if path.endswith(".md")]) > 1


def _truncated(cache: Path, monkeypatch) -> None:
    for entry in _entries(cache):
        entry.write_bytes(entry.read_bytes()[:-7])


def _wrong_hash(cache: Path, monkeypatch) -> None:
    for entry in _entries(cache):
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0x01
        entry.write_bytes(bytes(data))


def _from_another_clerk(cache: Path, monkeypatch) -> None:
    """The entries are as another version of Clerk made them: this one's keys never name them."""
    monkeypatch.setattr("generator.build.code_fingerprint", lambda: "another version of Clerk")


@pytest.mark.parametrize("corrupt", [_truncated, _wrong_hash, _from_another_clerk], ids=["truncated", "wrong-hash", "other-version"])
def test_a_corrupt_entry_is_made_again_and_the_build_is_still_a_clean_ones(tmp_path, corrupt, renders, monkeypatch):
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert _entries(tmp_path / "cache")
    corrupt(tmp_path / "cache", monkeypatch)
    edit_paper(root)
    again, clean = _build_again_and_clean(root, tmp_path, renders)
    assert again == clean, "every text was rendered again, none taken from a corrupt entry"
    assert _entries(tmp_path / "cache"), "and kept again"


def test_a_copied_cache_makes_a_fresh_copy_of_the_site_render_only_what_differs(tmp_path, renders):
    """As a CI job restores `.clerk-cache/` into a fresh clone: the first build there is a warm one."""
    first = make_site(tmp_path / "first")
    _build(first, first / "build", first / ".clerk-cache")
    clone = tmp_path / "clone"
    shutil.copytree(first, clone, ignore=shutil.ignore_patterns("build", ".clerk-cache"))
    shutil.copytree(first / ".clerk-cache", clone / ".clerk-cache")
    edit_paper(clone)
    renders.clear()
    result = _build(clone, clone / "build", clone / ".clerk-cache")
    assert set(renders) == {PAPER}, "only the edited paper's Markdown was rendered"
    assert result.pages_rendered > 0
    _build(clone, tmp_path / "clean", tmp_path / "clean-cache")
    _same(clone / "build", tmp_path / "clean")


def test_entries_no_build_used_for_a_month_are_deleted(tmp_path):
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    folder = tmp_path / "cache" / content_cache.FOLDER
    used = _entries(tmp_path / "cache")
    stale = folder / f"{'0' * 64}{content_cache.SUFFIX}"
    stale.write_bytes(b"an entry of a paper's old text")
    kept = content_cache.ContentCache(folder, code_fingerprint())
    kept.used = {path.name.removesuffix(content_cache.SUFFIX) for path in used}
    month = 31 * 24 * 3600
    kept.keep(set(), now=stale.stat().st_mtime + month)
    assert not stale.exists()
    assert _entries(tmp_path / "cache") == used, "what the build used is kept"


def test_rendered_markdown_of_a_published_paper_is_on_disk_as_it_is_rendered_and_a_draft_s_never(tmp_path, renders, monkeypatch):
    """Results are not all held in memory until the build ends (4,000 papers' were 137 MiB): once the site is
    linked, what is made from a file published whole is written as it is made; a withheld file's never is."""
    draft_text = "Draft-only sentence 7c1f."
    meeting = "content/meetings/2030-01-15-audit/meeting.md"
    root = make_site(tmp_path, {
        meeting: (MINIMAL / "content/meetings/2030-01-15-audit/meeting.md").read_text().replace(
            "    to_follow: true\n", "    papers: [held]\n"),
        "content/meetings/2030-01-15-audit/held.md": f"---\nkind: report\ntitle: Held\nstatus: draft\n---\n{draft_text}\n",
    })
    seen: dict[str, object] = {}
    render_markdown = generator.build.render_markdown

    def watched(site, content, diagnostics, memory, processes=1, kept=None):
        site = render_markdown(site, content, diagnostics, memory, processes, kept)
        seen["held back"] = dict(kept.pending)
        seen["on disk"] = b"".join(entry.read_bytes() for entry in _entries(tmp_path / "cache"))
        return site

    monkeypatch.setattr(generator.build, "render_markdown", watched)
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert seen["held back"] == {}, "nothing the Markdown stage made is held in memory for later"
    assert "No significant weaknesses were found.".encode() in seen["on disk"], "the published paper's body is kept"
    assert draft_text.encode() not in seen["on disk"]
    assert draft_text.encode() not in b"".join(entry.read_bytes() for entry in _entries(tmp_path / "cache"))


def test_what_is_read_before_linking_is_held_back_as_the_loaded_objects_not_a_copy(tmp_path, monkeypatch):
    """Until the site is linked nothing may be written, so the files read are held back: as the objects the
    build holds anyway (at 4,000 papers a pickled copy of each was 62 MiB more), pickled only when written."""
    root = make_site(tmp_path)
    seen: dict[str, object] = {}
    caches: list[content_cache.ContentCache] = []
    link = generator.build.link

    class Watched(content_cache.ContentCache):
        def __post_init__(self) -> None:
            caches.append(self)
            super().__post_init__()

    def watched(content, diagnostics, today, **options):
        seen["papers"] = {id(paper) for meeting in content.meetings.values() for paper in meeting.papers.values()}
        seen["held back"] = {id(entry[0]) for _, entry in caches[0].pending.values()}
        return link(content, diagnostics, today, **options)

    monkeypatch.setattr(generator.build, "ContentCache", Watched)
    monkeypatch.setattr(generator.build, "link", watched)
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert seen["papers"] and seen["papers"] <= seen["held back"]


def _pack(cache: Path) -> Path:
    return cache / content_cache.FOLDER / content_cache.PACK


@pytest.fixture
def packing(monkeypatch) -> None:
    """The minimal site keeps about ten results, fewer than a build packs (content_cache.REPACK_AT_LEAST): here any."""
    monkeypatch.setattr(content_cache, "REPACK_AT_LEAST", 1)


def test_a_fresh_build_takes_the_kept_results_from_one_pack_not_a_file_each(tmp_path, renders, monkeypatch, packing):
    """At 4,000 papers a fresh build took some 18,000 results from as many files; now from the pack the builds before
    it left (cache_pack.py), and only what the edit changed is made and kept in files of its own."""
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert _pack(tmp_path / "cache").is_file() and _entries(tmp_path / "cache") == [], "a cold build packs what it kept"
    monkeypatch.setattr(content_cache, "REPACK_AT_LEAST", 16)  # an edit leaves the pack as it is
    edit_paper(root)
    found_in_files: list[str] = []
    get = DiskCache.get

    def spy(self, key):
        data = get(self, key)
        if data is not None and self.suffix == content_cache.SUFFIX:
            found_in_files.append(key)
        return data

    monkeypatch.setattr(DiskCache, "get", spy)
    again, clean = _build_again_and_clean(root, tmp_path, renders)
    assert found_in_files == [], "every kept result came from the pack"
    assert 0 < again < clean
    assert _entries(tmp_path / "cache"), "what the edit made is kept beside the pack, which an edit leaves as it is"


def _cut_pack(pack: Path) -> None:
    pack.write_bytes(pack.read_bytes()[:-7])


def _altered_pack(pack: Path) -> None:
    data = bytearray(pack.read_bytes())
    for place in range(len(data) // 4, len(data), len(data) // 4):
        data[place] ^= 0x01  # entries' bytes and the index's
    pack.write_bytes(bytes(data))


def _index_altered(pack: Path) -> None:
    data = bytearray(pack.read_bytes())
    data[-80] ^= 0x01
    pack.write_bytes(bytes(data))


@pytest.mark.parametrize("corrupt", [_cut_pack, _altered_pack, _index_altered], ids=["cut-short", "bytes-altered", "index-altered"])
def test_a_corrupt_pack_is_never_trusted_and_the_build_is_still_a_clean_ones(tmp_path, corrupt, renders, packing):
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    corrupt(_pack(tmp_path / "cache"))
    edit_paper(root)
    again, clean = _build_again_and_clean(root, tmp_path, renders)
    if corrupt is not _altered_pack:  # (altered entries are made again alone, and may hold no rendered text)
        assert again == clean, "no pack: every text was rendered again"


def test_a_withdrawn_paper_leaves_nothing_of_itself_in_the_pack(tmp_path, packing, monkeypatch):
    """The pack is written from what is on disk once the cache guard has emptied the folder, never from the pack
    this build read before it knew the paper was withdrawn."""
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    body = b"No significant weaknesses were found."
    assert body in _pack(tmp_path / "cache").read_bytes()
    paper_becomes_draft(root)
    monkeypatch.setattr(content_cache, "REPACK_AT_LEAST", 0)  # pack again, whatever the build used
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert _pack(tmp_path / "cache").is_file(), "the build packed again what it used"
    assert [path for path in (tmp_path / "cache").rglob("*") if path.is_file() and body in path.read_bytes()] == []


def test_the_collector_is_held_off_while_the_site_is_made_and_never_after_a_build(tmp_path):
    """Unpickling 5,000 loaded files took 1.0 s with Python's cyclic collector walking them over and over, 0.25 s
    without (heap.py `made_to_last`); after the build, one-shot or serve's, the collector is as it was."""
    import gc

    from generator.memory import Memory

    root = make_site(tmp_path)
    seen: list[bool] = []
    render_markdown = generator.build.render_markdown

    def watched(*arguments, **options):
        seen.append(gc.isenabled())
        return render_markdown(*arguments, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.build, "render_markdown", watched)
        _build(root, tmp_path / "out", tmp_path / "cache")
        assert seen == [False] and gc.isenabled() and gc.get_freeze_count() == 0
        result = build(root, tmp_path / "serve", cache_folder=tmp_path / "cache", gate=None, pdfs=False, formats=False, memory=Memory())
        assert result.ok and seen == [False, False] and gc.isenabled() and gc.get_freeze_count() == 0
