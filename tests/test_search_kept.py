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
from generator.render import search_index
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
