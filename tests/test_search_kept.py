"""The last search index kept in the build cache (generator/render/search_kept.py): taken when the pages
Pagefind would read are those it was made from, made again when any differs or the kept index is damaged,
and in every case the same bytes as a clean build's."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from generator.build import build
from generator.render import search_index, search_kept
from generator.render.search_kept import BUNDLE, MANIFEST
from tests.sitekit import PAPER, REPO, make_site

TODAY = dt.date(2030, 1, 1)
#: A template edit that changes no page's bytes (as bench/html_build.py's template edit does).
UNSEEN_TEMPLATE_EDIT = "{# a comment the pages never show #}\n"


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[Path]:
    """The sites Pagefind is run over, as the build runs it."""
    runs: list[Path] = []
    real = search_index.run_pagefind

    def run(tree: Path, into: Path, diagnostics) -> bool:
        runs.append(tree)
        return real(tree, into, diagnostics)

    monkeypatch.setattr(search_index, "run_pagefind", run)
    return runs


def built(root: Path, output: Path, cache: Path | None = None) -> dict[str, bytes]:
    result = build(root, output, today=TODAY, gate=None, pdfs=False, formats=False, cache_folder=cache)
    assert result.ok, result.diagnostics.report()
    return index_files(output)


def index_files(output: Path) -> dict[str, bytes]:
    bundle = output / search_index.SEARCH_BUNDLE
    return {path.relative_to(bundle).as_posix(): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


def with_unseen_template_edit(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "base.html").write_text((REPO / "templates" / "base.html").read_text(encoding="utf-8") + UNSEEN_TEMPLATE_EDIT)


def clean_build(root: Path, folder: Path) -> dict[str, bytes]:
    return built(root, folder / "out", cache=folder / "cache")


def test_a_build_whose_pages_are_as_indexed_takes_the_index_from_the_cache(tmp_path, pagefind_runs):
    root = make_site(tmp_path)
    first = built(root, tmp_path / "out")
    assert len(pagefind_runs) == 1 and (root / ".clerk-cache" / search_index.SEARCH_KEPT / MANIFEST).is_file()
    with_unseen_template_edit(root)  # every page rendered again, to the same bytes
    again = built(root, tmp_path / "out")
    assert len(pagefind_runs) == 1, "Pagefind was run again over the same pages"
    assert again == first == clean_build(root, tmp_path / "clean")


def test_a_page_whose_text_changed_is_indexed_again(tmp_path, pagefind_runs):
    root = make_site(tmp_path)
    built(root, tmp_path / "out")
    paper = root / PAPER
    paper.write_text(paper.read_text(encoding="utf-8") + "\nThe quokka survey is complete.\n", encoding="utf-8")
    again = built(root, tmp_path / "out")
    assert len(pagefind_runs) == 2
    assert any(b"quokka" in gzip.decompress(data) for name, data in again.items() if name.startswith("fragment/"))
    assert again == clean_build(root, tmp_path / "clean")


def _truncate_a_fragment(kept: Path) -> None:
    fragment = sorted((kept / BUNDLE / "fragment").iterdir())[0]
    fragment.write_bytes(fragment.read_bytes()[:-7])


def _alter_the_entry(kept: Path) -> None:
    entry = kept / BUNDLE / "pagefind-entry.json"
    entry.write_bytes(entry.read_bytes().replace(b'"version"', b'"versioN"'))


def _lose_a_file(kept: Path) -> None:
    sorted((kept / BUNDLE / "index").iterdir())[0].unlink()


def _manifest_of_other_pages(kept: Path) -> None:
    manifest = json.loads((kept / MANIFEST).read_text(encoding="utf-8"))
    manifest["key"] = "0" * 64
    (kept / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _manifest_truncated(kept: Path) -> None:
    (kept / MANIFEST).write_bytes((kept / MANIFEST).read_bytes()[:40])


@pytest.mark.parametrize("damage", [_truncate_a_fragment, _alter_the_entry, _lose_a_file, _manifest_of_other_pages, _manifest_truncated])
def test_a_damaged_kept_index_is_made_again_never_used(tmp_path, pagefind_runs, damage):
    root = make_site(tmp_path)
    built(root, tmp_path / "out")
    # Hard links share the published files' bytes: the published site is left alone by building elsewhere.
    damage(root / ".clerk-cache" / search_index.SEARCH_KEPT)
    with_unseen_template_edit(root)
    again = built(root, tmp_path / "out2")
    assert len(pagefind_runs) == 2, "the damaged index was taken"
    # And the index made again is kept in its place.
    assert built(root, tmp_path / "out3") == again and len(pagefind_runs) == 2
    assert again == clean_build(root, tmp_path / "clean")


def test_a_template_edit_outside_main_keeps_the_index_and_it_is_a_clean_builds(tmp_path, pagefind_runs):
    """Pagefind reads the marked <main> and, outside it, only what what_pagefind_reads keeps: a footer line on every
    page leaves the index as it was, and a clean build of the edited site (Pagefind run afresh) makes the same bytes."""
    root = make_site(tmp_path)
    first = built(root, tmp_path / "out")
    (root / "templates").mkdir()
    (root / "templates" / "base.html").write_text(
        (REPO / "templates" / "base.html").read_text(encoding="utf-8").replace("</footer>", "<p>Printed by the clerk.</p>\n</footer>", 1)
    )
    again = built(root, tmp_path / "out")
    assert b"Printed by the clerk." in (tmp_path / "out" / "index.html").read_bytes()
    assert len(pagefind_runs) == 1, "Pagefind was run again for a footer line"
    assert again == first == clean_build(root, tmp_path / "clean")


PAGE = (
    b'<!DOCTYPE html>\n<html lang="en-GB">\n<head><title>Budget - Council</title></head>\n<body>\n<header><a href="/">Council</a></header>\n'
    b'<main id="main" data-pagefind-body>\n<h1>Budget</h1>\n<p>The budget.</p>\n</main>\n<footer><p>Footer</p></footer>\n</body>\n</html>\n'
)


@pytest.mark.parametrize("before, after", [
    (b"<p>Footer</p>", b"<p>Another footer</p>"),
    (b'<a href="/">Council</a>', b'<a href="/">Council</a> <a href="/search/">Search</a>'),
    (b"<head>", b'<head><link rel="stylesheet" href="/static/clerk.css?v=2">'),
])
def test_what_pagefind_reads_leaves_out_what_it_does_not_read(before, after):
    assert search_kept.what_pagefind_reads(PAGE.replace(before, after, 1)) == search_kept.what_pagefind_reads(PAGE)


@pytest.mark.parametrize("before, after", [
    (b"<p>The budget.</p>", b"<p>The budget, amended.</p>"),  # the text indexed
    (b'lang="en-GB"', b'lang="cy"'),  # the language: another stemmer
    (b"<title>Budget - Council</title>", b"<title>Budget</title>"),  # the default title
    (b"<p>Footer</p>", b'<p>Footer <img src="/crest.png" alt="crest"></p>'),  # a default image, after the <h1>
    (b"<header>", b"<header><h1>Council</h1>"),  # a default title outside <main>
    (b"<footer>", b'<footer data-pagefind-filter="kind:report">'),  # a filter outside <main>
    (b"<footer>", b'<footer data-pagefind-body>'),  # a second body
    (b"<footer>", b"<main><footer>"),  # a second <main>: which is marked is not told apart
])
def test_what_pagefind_reads_keeps_what_it_reads(before, after):
    changed = PAGE.replace(before, after, 1)
    assert changed != PAGE
    assert search_kept.what_pagefind_reads(changed) != search_kept.what_pagefind_reads(PAGE)


def test_a_page_without_the_mark_counts_only_as_unmarked_unless_no_page_is_marked(tmp_path):
    unmarked = PAGE.replace(b" data-pagefind-body", b"")
    assert search_kept.what_pagefind_reads(unmarked) == search_kept.what_pagefind_reads(unmarked.replace(b"budget.", b"plan."))
    (tmp_path / "a.html").write_bytes(unmarked)
    pages = [(tmp_path / "a.html", Path("a.html"))]
    key = search_kept.indexed_input_key(pages, "code")
    (tmp_path / "a.html").write_bytes(unmarked.replace(b"Footer", b"Another footer"))
    assert search_kept.indexed_input_key(pages, "code") != key, "with no page marked, Pagefind reads every page whole"


def test_pagefind_reads_no_settings_from_the_builds_working_folder_or_environment(tmp_path, monkeypatch):
    """A pagefind.yml where clerk is run, or a PAGEFIND_ variable, would change the index behind the kept index's key."""
    root = make_site(tmp_path)
    plain = built(root, tmp_path / "out", cache=tmp_path / "cache")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pagefind.yml").write_text("force_language: fr\nexclude_selectors: [p]\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "de")
    assert built(root, tmp_path / "out2", cache=tmp_path / "cache2") == plain
