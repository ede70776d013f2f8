"""Incremental builds equal clean builds, byte for byte, whatever kind of file is edited, added, renamed or deleted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import build
from generator.cache_guard import MARKER
from generator.memory import Memory
from generator.diagnostics import Diagnostics
from generator.render.html import HtmlRenderer, template_folders
from generator.render.incremental import EVERYTHING, body_of
from generator.render.pages import plan_pages
from tests.sitekit import REPO, loaded, make_site, png

MEETING = "content/meetings/2030-01-15-audit"
PAPER = f"{MEETING}/internal-audit.md"
MINUTES = "content/meetings/2029-12-10-audit/minutes.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def edit_paper(root: Path) -> None:
    _edit(root / PAPER, "No significant weaknesses", "No material weaknesses")


def edit_minutes(root: Path) -> None:
    _edit(root / MINUTES, "The committee considered the plan.", "The committee considered and debated the plan.")


def add_decision_to_minutes(root: Path) -> None:
    """The body alone: a new RESOLVED block, which the decisions registers and the committee's archive list."""
    _edit(root / MINUTES, "The committee considered the plan.\n", "The committee considered the plan.\n\n::: resolved\nThat the Committee note the plan.\n:::\n")


def lengthen_paper(root: Path) -> None:
    """The body alone, but enough to change its PDFs' page counts, which its agenda page lists."""
    sections = "\n\n".join(f"## Finding {number}\n\n" + "Controls operated as designed. " * 40 for number in range(12))
    (root / PAPER).write_text((root / PAPER).read_text() + "\n" + sections + "\n")


def retitle_paper(root: Path) -> None:
    """The front matter, not the body: the agenda and listings show the title."""
    _edit(root / PAPER, "title: Internal audit report", "title: Internal audit annual report")


def paper_becomes_draft(root: Path) -> None:
    _edit(root / PAPER, "kind: report\n", "kind: report\nstatus: draft\n")


def edit_agenda(root: Path) -> None:
    _edit(root / f"{MEETING}/meeting.md", "title: Risk register", "title: Corporate risk register")


def drop_minutes_item(root: Path) -> None:
    """The earlier meeting's minutes are no longer confirmed here: they must stop saying so."""
    _edit(root / f"{MEETING}/meeting.md", "    minutes_of: 2029-12-10-audit\n", "")


def unlist_paper(root: Path) -> None:
    _edit(root / f"{MEETING}/meeting.md", "    papers: [internal-audit]\n", "")


def edit_person(root: Path) -> None:
    _edit(root / "content/people/olive-officer.yaml", "Head of Audit", "Chief Internal Auditor")


def edit_committee(root: Path) -> None:
    _edit(root / "content/committees/audit.yaml", "name: Audit Committee", "name: Audit and Governance Committee")


def edit_settings(root: Path) -> None:
    _edit(root / "site.yaml", "Please switch mobile phones to silent.", "Please switch phones to silent.")


def edit_template(root: Path) -> None:
    from generator.render.html import DEFAULT_TEMPLATES

    own = root / "templates/partials/contact.html"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text((DEFAULT_TEMPLATES / "partials/contact.html").read_text().replace("</a>", "</a> ", 1))


def add_paper(root: Path) -> None:
    (root / f"{MEETING}/risk-register.md").write_text(
        "---\nkind: report\ntitle: Risk register\nresponsible_officers: [olive-officer]\n---\n## Risks\n\nThree risks are red.\n"
    )
    _edit(root / f"{MEETING}/meeting.md", "    to_follow: true", "    papers: [risk-register]")


def rename_paper(root: Path) -> None:
    os.rename(root / PAPER, root / f"{MEETING}/internal-audit-2029.md")
    _edit(root / f"{MEETING}/meeting.md", "papers: [internal-audit]", "papers: [internal-audit-2029]")


def delete_paper(root: Path) -> None:
    (root / PAPER).unlink()
    _edit(root / f"{MEETING}/meeting.md", "    papers: [internal-audit]\n", "    to_follow: true\n")


def add_person(root: Path) -> None:
    (root / "content/people/pat-new.yaml").write_text("name: Pat New\nkind: officer\njob_title: Auditor\n")


CHANGES = [edit_paper, lengthen_paper, edit_minutes, add_decision_to_minutes, retitle_paper, paper_becomes_draft, edit_agenda, drop_minutes_item, unlist_paper, edit_person, edit_committee, edit_settings,
           edit_template, add_paper, rename_paper, delete_paper, add_person]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _without_search_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """Serve keeps the search index of its last whole build when it stages only what changed (README):
    a page added or withdrawn makes a whole build, and a new index; an edit to a page leaves the last."""
    return {path: data for path, data in files.items() if not path.startswith("pagefind/")}


@pytest.fixture(scope="module")
def pdf_cache(tmp_path_factory) -> Path:
    """One PDF cache for every build here: it is keyed by what goes into each PDF, so sharing it is safe and fast."""
    return tmp_path_factory.mktemp("pdf-cache")


def _build(root: Path, output: Path, cache: Path, pdf_cache: Path, memory: Memory | None = None):
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "pdf").exists():
        (cache / "pdf").symlink_to(pdf_cache)
        # A cache without the guard's marker may hold anything and is emptied (cache_guard.py);
        # this one holds only the tests' shared PDFs, which are safe to keep.
        if not (cache / MARKER).exists():
            (cache / MARKER).write_text("[]")
    result = build(root, output, cache_folder=cache, gate=None, memory=memory)
    assert result.ok, result.diagnostics.report()
    return result


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_an_incremental_build_equals_a_clean_build(tmp_path, change, pdf_cache):
    root = make_site(tmp_path)
    _build(root, tmp_path / "incremental", tmp_path / "cache", pdf_cache)
    change(root)
    incremental = _build(root, tmp_path / "incremental", tmp_path / "cache", pdf_cache)
    assert not incremental.unchanged
    _build(root, tmp_path / "clean", tmp_path / "clean-cache", pdf_cache)
    built, expected = _files(tmp_path / "incremental"), _files(tmp_path / "clean")
    assert sorted(built) == sorted(expected)
    assert [path for path in expected if built[path] != expected[path]] == []


def test_an_edited_paper_renders_only_the_pages_made_from_it(tmp_path):
    root = make_site(tmp_path)
    pdf_cache = tmp_path / "pdfs"
    pdf_cache.mkdir()
    first = _build(root, tmp_path / "out", tmp_path / "cache", pdf_cache)
    edit_paper(root)
    second = _build(root, tmp_path / "out", tmp_path / "cache", pdf_cache)
    # Its meeting's pages and the listings (home, committee, people), in both views, and the
    # accessibility statement and report, which are made from the checks every time.
    assert 0 < second.pages_rendered < first.pages_rendered
    assert second.pdfs_rendered == 4, "the paper and the pack, standard and large print"


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_a_serve_build_from_memory_equals_a_clean_build(tmp_path, change, pdf_cache):
    """`clerk serve` keeps what it read, linked and rendered, and writes into build/ only what changed."""
    root = make_site(tmp_path)
    memory = Memory()
    _build(root, tmp_path / "served", tmp_path / "cache", pdf_cache, memory)
    change(root)
    served = _build(root, tmp_path / "served", tmp_path / "cache", pdf_cache, memory)
    assert not served.unchanged
    assert memory.hits > 0, "the second build used what the first left in memory"
    _build(root, tmp_path / "clean", tmp_path / "clean-cache", pdf_cache)
    built, expected = _files(tmp_path / "served"), _files(tmp_path / "clean")
    built, expected = _without_search_index(built), _without_search_index(expected)
    assert sorted(built) == sorted(expected)
    assert [path for path in expected if built[path] != expected[path]] == []


def test_serve_builds_through_a_day_of_edits_equal_clean_builds(tmp_path, pdf_cache):
    """One memory through many builds, an error among them: each published site equals a clean build."""
    root = make_site(tmp_path)
    memory = Memory()
    _build(root, tmp_path / "served", tmp_path / "cache", pdf_cache, memory)
    paper = root / PAPER
    good = paper.read_text()
    steps = [edit_paper, edit_minutes, retitle_paper, paper_becomes_draft, edit_person, add_paper]
    for number, change in enumerate(steps):
        change(root)
        if number == 2:  # a mistake, then put right: the failed build must leave nothing behind in memory
            broken = paper.read_text()
            paper.write_text(broken.replace("---\n", "---\nresponsible_oficers: []\n", 1))
            failed = build(root, tmp_path / "served", cache_folder=tmp_path / "cache", gate=None, memory=memory)
            assert not failed.ok
            paper.write_text(broken)
        _build(root, tmp_path / "served", tmp_path / "cache", pdf_cache, memory)
        clean = tmp_path / f"clean-{number}"
        _build(root, clean, tmp_path / f"clean-cache-{number}", pdf_cache)
        built, expected = _without_search_index(_files(tmp_path / "served")), _without_search_index(_files(clean))
        assert sorted(built) == sorted(expected), change.__name__
        assert [path for path in expected if built[path] != expected[path]] == [], change.__name__
    assert good != paper.read_text()


def test_an_edit_to_a_papers_body_renders_only_the_pages_that_show_it(tmp_path):
    root = make_site(tmp_path)
    pdf_cache = tmp_path / "pdfs"
    pdf_cache.mkdir()
    memory = Memory()
    _build(root, tmp_path / "out", tmp_path / "cache", pdf_cache, memory)
    edit_paper(root)
    second = _build(root, tmp_path / "out", tmp_path / "cache", pdf_cache, memory)
    # The paper's page and its meeting's page, which lists the size and pages of the agenda pack
    # that holds the paper, in both views; and the accessibility statement and report (both views),
    # made from the checks every time. Not the listings.
    assert second.pages_rendered == 8
    assert second.pdfs_rendered == 4, "the paper and the pack, standard and large print"
    retitle_paper(root)
    third = _build(root, tmp_path / "out", tmp_path / "cache", pdf_cache, memory)
    assert third.pages_rendered > 6, "the title is on the agenda and in listings"


#: A one-pixel PNG (a real one: images are decoded before they are published).
PNG = png()


def test_serve_builds_see_images_come_and_go(tmp_path, pdf_cache):
    """An image is not in a paper's text: whether it is there, and whether the text still shows it,
    must reach a build from memory as it reaches a clean one."""
    root = make_site(tmp_path)
    memory = Memory()
    image = root / MEETING / "chart.png"
    showing = (root / PAPER).read_text().replace("This report sets out", "![Bar chart of audit days](chart.png)\n\nThis report sets out")
    (root / PAPER).write_text(showing)
    missing = build(root, tmp_path / "served", cache_folder=tmp_path / "cache", gate=None, memory=memory)
    assert [d.rule for d in missing.diagnostics.errors] == ["image-missing"]

    def served_equals_clean(step: str) -> None:
        _build(root, tmp_path / "served", tmp_path / "cache", pdf_cache, memory)
        clean = tmp_path / f"clean-{step}"
        _build(root, clean, tmp_path / f"clean-cache-{step}", pdf_cache)
        built, expected = _files(tmp_path / "served"), _files(clean)
        assert sorted(built) == sorted(expected), step
        assert [path for path in expected if built[path] != expected[path]] == [], step

    image.write_bytes(PNG)
    served_equals_clean("image added")
    (root / PAPER).write_text(showing.replace("![Bar chart of audit days](chart.png)\n\n", ""))
    served_equals_clean("no longer shown")
    assert not any(path.endswith("chart.png") for path in _files(tmp_path / "served"))
    (root / PAPER).write_text(showing)
    served_equals_clean("shown again")
    image.unlink()
    gone = build(root, tmp_path / "served", cache_folder=tmp_path / "cache", gate=None, memory=memory)
    assert [d.rule for d in gone.diagnostics.errors] == ["image-missing"]


def test_a_listing_records_every_file_and_the_bodies_it_shows_not_each_thing_it_lists(tmp_path):
    # A listing depends on every file already: at 4,000 papers, noting each object it reads was most
    # of the cost of its record. Only a body can add to it (an edit to a body alone reaches only the pages that show it).
    site = loaded(make_site(tmp_path))
    renderer = HtmlRenderer(template_folders(tmp_path), site, site.today)
    home = next(page for page in plan_pages(site, Diagnostics()) if page.url == "")
    assert renderer.render_recording(home)[1] == {"site.yaml", EVERYTHING}
    paper = next(paper for meeting in site.meetings.values() for paper in meeting.public_papers)
    recording: set[str] = {EVERYTHING}
    renderer.environment.start_recording(recording)
    renderer.environment.from_string("{{ paper.title }}{{ paper.meeting.date }}").render(paper=paper)
    assert recording == {EVERYTHING}
    renderer.environment.from_string("{{ paper.has_contents }}").render(paper=paper)
    renderer.environment.stop_recording()
    assert body_of(paper.source_path) in recording


def test_a_template_edited_while_pages_are_written_reaches_none_of_them(tmp_path, monkeypatch):
    """The pages of one build are made from one version of each template, each read from disk once
    (not stat'ed again for every page that extends or includes it): the edit is the next build's."""
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    root = make_site(tmp_path, {"templates/base.html": (REPO / "templates" / "base.html").read_text(encoding="utf-8")})
    real = HtmlRenderer.render_recording
    rendered: list[str] = []

    def render_then_edit(self, page, **options):
        made = real(self, page, **options)
        if not rendered:
            (root / "templates" / "base.html").write_text(
                (root / "templates" / "base.html").read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8"
            )
        rendered.append(page.url)
        return made

    monkeypatch.setattr(HtmlRenderer, "render_recording", render_then_edit)
    result = build(root, tmp_path / "out", gate=None, pdfs=False, formats=False, cache_folder=tmp_path / "cache")
    assert result.ok and len(rendered) > 10
    assert not [path for path in (tmp_path / "out").rglob("*.html") if "<!-- edited -->" in path.read_text(encoding="utf-8")]
