"""Later stages do not write into an earlier stage's output: a planned page is as planned after the build."""

from __future__ import annotations

from generator.build import build
from tests.sitekit import make_site


def test_writing_and_checking_leave_every_planned_page_as_it_was_planned(tmp_path):
    root = make_site(tmp_path)
    result = build(root, tmp_path / "out", gate=None, cache_folder=tmp_path / "cache")
    assert result.ok and result.pdfs_rendered
    # A page's PDF downloads and the accessibility pages' report are given to their templates by
    # the writer, not put into the pages the planner made.
    assert not [page.output_path for page in result.pages if "report" in page.context]
    assert not [page.output_path for page in result.pages if page.context.get("downloads")]
    html = (tmp_path / "out/meetings/2030-01-15-audit/internal-audit/index.html").read_text()
    statement = (tmp_path / "out/accessibility/index.html").read_text()
    assert "Download this report as a PDF" in html and "8 in all" in statement, "what they show still reaches the pages"
