"""`clerk preview` (generator/preview_build.py): drafts and embargoed papers shown to the council's reviewers in a
marked copy of the site, never exempt or confidential ones, and nothing of it in the public build or its cache."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from generator.build import build
from generator.checks.findings import Finding
from generator.cli import main
from tests.red_team import CANARY, FOLDER, MEETING, _leaks, _paper
from tests.sitekit import BASE_URL, make_site, read

TODAY = "2030-01-01"
DRAFT = "DRAFT-MARKER-PREVIEW-4c2"
EMBARGOED = "EMBARGO-MARKER-PREVIEW-4c2"
BANNER = "<strong>Preview — not published.</strong> Drafts are shown; this site is not public."
NOINDEX = '<meta name="robots" content="noindex, nofollow">'

#: Item 5 lists a draft and a paper under embargo (released before the agenda's deadline); item 6 is exempt, with a
#: ready paper and a draft; item 7 is confidential; item 3 gains a paper confidential on its own. Every exempt and
#: confidential text holds CANARY.
CHANGES = {
    MEETING: read(MEETING).replace(
        "    papers: [internal-audit]\n", "    papers: [internal-audit, staff-names]\n"
    ).replace(
        "    to_follow: true\n",
        "    papers: [draft-risks, later]\n"
        "  - number: 6\n    title: Sale of land\n    exempt_paragraph: 3\n    papers: [sale, draft-sale]\n"
        "  - number: 7\n    title: Staffing\n    confidential: true\n    papers: [staffing]\n",
    ),
    f"{FOLDER}/draft-risks.md": _paper(f"## Risks\n\n{DRAFT} text.\n", "kind: report\ntitle: Draft risk register\nstatus: draft\n"),
    f"{FOLDER}/later.md": _paper(f"## Plan\n\n{EMBARGOED} text.\n", "kind: report\ntitle: Later plan\npublish_from: 2030-01-04\n"),
    f"{FOLDER}/sale.md": _paper(f"## Terms\n\n{CANARY}\n", "kind: report\ntitle: Sale terms\n"),
    f"{FOLDER}/draft-sale.md": _paper(f"## Valuation\n\n{CANARY}\n", "kind: report\ntitle: Sale valuation\nstatus: draft\n"),
    f"{FOLDER}/staffing.md": _paper(f"## Names\n\n{CANARY}\n", "kind: report\ntitle: Staffing changes\n"),
    f"{FOLDER}/staff-names.md": _paper(f"## Names\n\n{CANARY}\n", "kind: report\ntitle: Staff names\nconfidential: true\n"),
}
PREVIEW_FOLDERS = ("build-preview", ".clerk-preview-cache")
PUBLIC_FOLDERS = ("build", ".clerk-cache")


@pytest.fixture(scope="module")
def previewed(tmp_path_factory) -> Path:
    """The site previewed with its PDFs and formats (without the browsers: one slow test below runs them)."""
    root = make_site(tmp_path_factory.mktemp("preview"), CHANGES)
    assert main(["preview", "--root", str(root), "--no-browser-checks", "--today", TODAY]) == 0
    return root


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_the_preview_shows_the_draft_and_the_embargoed_paper_each_saying_so(previewed):
    meeting = previewed / "build-preview/meetings/2030-01-15-audit"
    draft = (meeting / "draft-risks/index.html").read_text(encoding="utf-8")
    later = (meeting / "later/index.html").read_text(encoding="utf-8")
    assert DRAFT in draft and EMBARGOED in later
    assert "<strong>Draft:</strong> a public build does not publish this paper yet." in draft
    assert "<strong>Embargoed until Friday 4 January 2030:</strong>" in later
    agenda = (meeting / "index.html").read_text(encoding="utf-8")
    assert 'href="draft-risks/"' in agenda and 'href="later/"' in agenda


def test_every_page_of_the_preview_carries_the_banner_noindex_and_the_title_prefix(previewed):
    pages = [path for path in _files(previewed / "build-preview") if path.suffix == ".html"]
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "<header" not in html:  # the open data's and reports' files that are not pages
            continue
        head, body = html.split("<header", 1)
        assert NOINDEX in head, page
        assert re.search(r"<title>Preview: ", head), page
        assert body.split("\n", 2)[1] == f'<p class="preview-banner">{BANNER}</p>', f"{page}: the banner opens the header"


def test_the_preview_pdfs_and_formats_say_preview_in_their_title_and_first_line(previewed):
    meeting = previewed / "build-preview/meetings/2030-01-15-audit"
    for name in ("draft-risks.pdf", "draft-risks-large-print.pdf", "agenda-pack.pdf"):
        with pikepdf.open(meeting / name) as pdf:
            assert str(pdf.docinfo["/Title"]).startswith("Preview: "), name
    text = (meeting / "draft-risks.txt").read_text(encoding="utf-8")
    assert text.startswith("Preview — not published. Drafts are shown; this document is not public.")


def test_the_preview_claims_no_public_address_and_turns_crawlers_away(previewed):
    preview = previewed / "build-preview"
    assert not (preview / "feed.xml").exists() and not (preview / "committees/audit/feed.xml").exists()
    assert not (preview / "sitemap.xml").exists()
    assert (preview / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert (preview / "meetings.ics").is_file() and (preview / "data/papers.json").is_file()
    holding_address = [path for path in _files(preview) if BASE_URL.encode() in path.read_bytes()]
    assert holding_address == []


def test_exempt_and_confidential_canaries_are_in_no_file_of_the_preview_nor_its_cache(previewed):
    assert (previewed / "build-preview/data/papers.json").is_file(), "the search below read the preview's outputs"
    assert _leaks(previewed, CANARY, folders=PREVIEW_FOLDERS) == []
    agenda = (previewed / "build-preview/meetings/2030-01-15-audit/index.html").read_text(encoding="utf-8")
    assert "Sale valuation" in agenda, "a draft under an exempt item is listed as exempt, by its title, as any exempt paper"
    for slug in ("sale", "draft-sale", "staffing", "staff-names"):
        assert not (previewed / f"build-preview/meetings/2030-01-15-audit/{slug}").exists()


def test_the_preview_touches_neither_build_nor_the_public_cache_and_a_public_build_after_it_shows_no_draft(previewed, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(previewed, root, symlinks=True)
    assert not (root / "build").exists() and not (root / ".clerk-cache").exists()
    preview_before = {path: path.read_bytes() for path in _files(root / "build-preview")}
    assert main(["build", "--root", str(root), "--no-browser-checks", "--today", TODAY]) == 0
    assert (root / "build/data/papers.json").is_file() and (root / ".clerk-cache/pdf").is_dir()
    for marker in (DRAFT, EMBARGOED, CANARY):
        assert _leaks(root, marker, folders=PUBLIC_FOLDERS) == [], marker
    assert not (root / "build/meetings/2030-01-15-audit/draft-risks").exists()
    assert {path: path.read_bytes() for path in _files(root / "build-preview")} == preview_before


def test_a_preview_into_build_or_with_the_public_cache_is_refused(tmp_path, capsys):
    root = make_site(tmp_path)
    assert main(["preview", "--root", str(root), "--output", str(root / "build"), "--no-browser-checks", "--no-pdfs"]) == 1
    assert "error[preview-folder]: a preview's output folder may not be" in capsys.readouterr().err
    assert not (root / "build").exists()
    result = build(root, tmp_path / "elsewhere", gate=None, pdfs=False, cache_folder=root / ".clerk-cache", preview=True)
    assert [d.rule for d in result.diagnostics.errors] == ["preview-folder"]
    assert not (root / ".clerk-cache").exists() and not (tmp_path / "elsewhere").exists()


def test_a_failing_gate_fails_the_preview_and_publishes_nothing(tmp_path, monkeypatch, capsys):
    import generator.checks.gate as gate_module

    root = make_site(tmp_path, CHANGES)

    def invalid(tools, folder, pages, children):
        return {page.output_path: [Finding("vnu:error", "error", "Stray end tag")] for page in pages}

    monkeypatch.setattr(gate_module, "run_vnu", invalid)
    monkeypatch.setattr(gate_module, "run_browser_checks", lambda *arguments, **options: {})
    assert main(["preview", "--root", str(root), "--no-pdfs", "--no-formats", "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert "error[vnu:error]: Stray end tag" in err and "the previous build-preview/ is unchanged" in err
    assert not (root / "build-preview").exists()


def test_the_preview_passes_the_whole_gate(tmp_path, capsys):
    root = make_site(tmp_path, CHANGES)
    assert main(["preview", "--root", str(root), "--no-pdfs", "--no-formats", "--processes", "2", "--today", TODAY]) == 0
    err = capsys.readouterr().err
    for checker in ("pa11y", "vnu"):  # pa11y: its runners and the reflow check, one page load for both
        assert re.search(rf"^  {checker}: [1-9]\d* page\(s\) checked", err, re.M), (checker, err)
    assert "browser checks" not in (root / "build-preview/UNCHECKED.txt").read_text(), "only the PDFs and formats were left out"
