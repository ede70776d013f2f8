"""Every cache of `.clerk-cache/`: an entry that is cut short or altered is made again, never trusted."""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.checks.result_cache import ResultCache
from generator.executors import Units
from generator.render.pdf import PdfJob, pdf_unit, render_all
from tests.sitekit import make_site

HTML = '<!DOCTYPE html><html lang="en"><head><title>A paper</title></head><body><h1>A paper</h1><p>Text.</p></body></html>'


def every_file(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def altered(data: bytes) -> bytes:
    """The same length, one byte different: what a bad disk or a careless hand does."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]


def test_a_cached_pdf_cut_short_or_altered_is_rendered_again_not_published(tmp_path):
    cache = tmp_path / "cache"
    job = PdfJob(pdf_unit(HTML, (), False, tmp_path, tmp_path), tmp_path / "paper.pdf")
    [first], rendered = render_all([job], Units(), cache)
    assert rendered == 1
    whole = job.target.read_bytes()
    [kept] = [path for path in cache.iterdir() if path.suffix == ".pdf"]
    for damage in (lambda data: data[: len(data) // 2], altered):
        kept.write_bytes(damage(kept.read_bytes()))
        job.target.unlink()
        [again], rendered = render_all([job], Units(), cache)
        assert rendered == 1, "a damaged PDF in the cache is not taken"
        assert job.target.read_bytes() == whole and again == first
    _, rendered = render_all([job], Units(), cache)
    assert rendered == 0, "the PDF rendered again is kept in its place"


def test_a_cached_check_result_altered_is_checked_again_not_trusted(tmp_path):
    results = ResultCache(tmp_path)
    findings = [{"rule": "axe:color-contrast", "severity": "error", "message": "too faint"}]
    results.put("pa11y", "key", findings)
    assert results.get("pa11y", "key") == findings
    [entry] = (tmp_path / "pa11y").iterdir()
    entry.write_bytes(entry.read_bytes().replace(b'"error"', b'"notice"'))
    assert results.get("pa11y", "key") is None
    assert not entry.exists(), "the altered entry is dropped"
    results.put("pa11y", "key", findings)
    entry.write_bytes(entry.read_bytes()[:10])
    assert results.get("pa11y", "key") is None


def test_a_compiled_template_cut_short_or_altered_is_compiled_again(tmp_path):
    root = make_site(tmp_path)
    cache = tmp_path / "cache"
    assert build(root, tmp_path / "clean", gate=None, pdfs=False, cache_folder=cache).ok
    compiled = [path for path in (cache / "templates").iterdir() if path.is_file()]
    assert compiled
    for index, path in enumerate(compiled):
        data = path.read_bytes()
        # Jinja's own cache reads the magic header, then trusts what follows it.
        path.write_bytes(data[:12] + b"\x80\x04garbage" if index % 2 else altered(data))
    again = build(root, tmp_path / "again", gate=None, pdfs=False, cache_folder=cache)
    assert again.ok, again.diagnostics.report(root)
    assert every_file(tmp_path / "again") == every_file(tmp_path / "clean")


def test_a_build_record_cut_short_means_a_full_build_equal_to_a_clean_one(tmp_path):
    root = make_site(tmp_path)
    cache = tmp_path / "cache"
    assert build(root, tmp_path / "out", gate=None, pdfs=False, cache_folder=cache).ok
    from generator.build_record import record_path

    record = record_path(cache, tmp_path / "out")  # beside it: its details and the clock (build_record.py)
    record.write_bytes(record.read_bytes()[:100])
    paper = root / "content/meetings/2030-01-15-audit/internal-audit.md"
    paper.write_text(paper.read_text().replace("No significant", "No material"))
    rebuilt = build(root, tmp_path / "out", gate=None, pdfs=False, cache_folder=cache)
    assert rebuilt.ok and not rebuilt.unchanged
    assert rebuilt.pages_rendered == len(rebuilt.pages), "nothing is taken on the word of a broken record"
    assert build(root, tmp_path / "clean", gate=None, pdfs=False, cache_folder=tmp_path / "clean-cache").ok
    assert every_file(tmp_path / "out") == every_file(tmp_path / "clean")
