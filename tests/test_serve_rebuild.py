"""`clerk serve`'s rebuild step, in process: previews, failures and surprises leave the served site right, and build/ alone."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.build import build
from generator.cli import main
from generator.serve import Server, serve_folder
from tests.sitekit import make_site

PAPER = "content/meetings/2030-01-15-audit/internal-audit.md"
PAGE = "meetings/2030-01-15-audit/internal-audit/index.html"
TODAY = dt.date(2030, 1, 2)


def _server(root: Path, before_build=lambda: None) -> Server:
    server = Server.for_site(root, 0, TODAY)
    build_site = server.build_site

    def build_after(memory):
        before_build()
        return build_site(memory)

    server.build_site = build_after
    server.rebuild()
    return server


def _clean_page(root: Path, tmp_path: Path, formats: bool = False) -> str:
    """The page as a clean build makes it, without PDFs and (as serve builds, unless asked) without other formats."""
    assert build(root, tmp_path / "clean", today=TODAY, gate=None, pdfs=False, formats=formats, cache_folder=tmp_path / "clean-cache").ok
    return (tmp_path / "clean" / PAGE).read_text()


def test_after_a_failed_build_nothing_is_previewed_from_the_site_it_left(tmp_path, capsys):
    root = make_site(tmp_path)
    page = serve_folder(root) / PAGE
    shown_while_building: list[str] = []
    server = _server(root, before_build=lambda: shown_while_building.append(page.read_text() if page.exists() else ""))
    paper = root / PAPER
    good = paper.read_text()
    # A heading in the summary takes an id before the body's; the raw HTML is the error.
    paper.write_text(good.replace("  Three audits were completed.", "  ### Section 1\n\n  Three audits were completed. <b>x</b>"))
    server.rebuild({paper})
    assert server.state.errors
    paper.write_text(good)
    server.rebuild({paper})
    assert not server.state.errors
    before = page.read_text()
    paper.write_text(good.replace("This report sets out", "This report now sets out"))
    server.rebuild({paper})
    after = _clean_page(root, tmp_path)
    assert page.read_text() == after
    # What a browser could load between the preview and the build: the old page or the right new one,
    # never one made from the failed build's state.
    assert shown_while_building[-1] in (before, after)


def test_a_preview_of_an_edit_undone_before_the_build_read_it_is_put_back(tmp_path, capsys):
    root = make_site(tmp_path)
    paper = root / PAPER
    good = paper.read_text()
    server = _server(root, before_build=lambda: paper.write_text(good))
    before = (serve_folder(root) / PAGE).read_text()
    paper.write_text(good.replace("This report sets out", "This report briefly sets out"))
    server.rebuild({paper})
    assert "Updated 2 pages" in capsys.readouterr().out, "the edit was previewed"
    assert (serve_folder(root) / PAGE).read_text() == before, "and put back when the build found nothing changed"


def test_a_deleted_build_folder_is_built_again_whole(tmp_path, capsys):
    root = make_site(tmp_path)
    server = _server(root)
    shutil.rmtree(serve_folder(root))
    paper = root / PAPER
    paper.write_text(paper.read_text().replace("This report sets out", "This report now sets out"))
    server.rebuild({paper})
    assert not server.state.errors
    assert (serve_folder(root) / "index.html").is_file()
    assert (serve_folder(root) / PAGE).read_text() == _clean_page(root, tmp_path)


def test_a_defect_in_clerk_is_shown_and_the_server_carries_on(tmp_path, capsys):
    root = make_site(tmp_path)
    server = _server(root)

    def broken(memory):
        raise RuntimeError("a defect")

    server.build_site = broken
    server.rebuild({root / PAPER})
    assert any("internal-error" in error and "a defect" in error for error in server.state.errors)
    assert (serve_folder(root) / PAGE).is_file(), "the last good site stays"


def _files(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_serving_leaves_build_and_its_record_alone_and_the_next_build_takes_nothing_from_serve(tmp_path, capsys):
    root = make_site(tmp_path)
    quick = ["build", "--root", str(root), "--no-browser-checks", "--no-pdfs", "--today", TODAY.isoformat()]
    assert main(quick) == 0
    before = _files(root / "build")
    server = _server(root)
    paper = root / PAPER
    good = paper.read_text()
    edited = good.replace("This report sets out", "This report now sets out")
    paper.write_text(edited)
    server.rebuild({paper})
    assert "now sets out" in (serve_folder(root) / PAGE).read_text()
    assert _files(root / "build") == before, "serve never writes build/, which gets deployed"
    paper.write_text(good)
    capsys.readouterr()
    assert main(quick) == 0
    assert "Nothing has changed since the last build" in capsys.readouterr().out, "serve's record is not build/'s"
    paper.write_text(edited)
    assert main(quick) == 0
    assert (root / "build" / PAGE).read_text() == _clean_page(root, tmp_path, formats=True)


def test_a_defect_in_the_preview_does_not_stop_serve_and_the_build_still_shows_the_edit(tmp_path, monkeypatch, capsys):
    import generator.serve as serve_module

    root = make_site(tmp_path)
    server = _server(root)

    def broken_preview(*args, **kwargs):
        raise RuntimeError("a defect in the preview")

    monkeypatch.setattr(serve_module, "preview", broken_preview)
    paper = root / PAPER
    paper.write_text(paper.read_text().replace("No significant", "No material"))
    server.rebuild({paper})
    assert "No material" in (serve_folder(root) / PAGE).read_text()
    assert "a defect in the preview" in capsys.readouterr().err, "said in the terminal, not swallowed"
