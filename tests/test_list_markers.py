"""Ordered lists show the markers they were written with, '1)' and 'a)' as well as '1.' (issue 12 point 7)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from generator.build import build
from tests.sitekit import PAPER, REPO, make_site, read

PAGE = "meetings/2030-01-15-audit/internal-audit/index.html"

#: Recommendations as the seed's finance and planning reports print them: "1)" with nested "a.",
#: and a top-level list lettered "a)".
RECOMMENDATIONS = """recommendations: |
  Members are recommended to:

  1) Note the forecast out-turn position
  2) In order to close the budget gap:
     1. consider bringing savings forward;
     2. agree the proposed new savings.

  Members are recommended to note:

  {type="a"}
  1) The capital programme for this Committee.
  2) The planned use of the reserves.
"""


def _paper() -> str:
    return read(PAPER).replace("recommendations: |\n  Members are recommended to note the report.\n", RECOMMENDATIONS)


def _build(tmp_path: Path, *, pdfs: bool = False) -> Path:
    result = build(make_site(tmp_path, {PAPER: _paper()}), tmp_path / "out", gate=None, pdfs=pdfs)
    assert result.ok, result.diagnostics.report()
    return tmp_path / "out"


def test_a_list_written_with_brackets_keeps_them_and_stays_an_ordered_list(tmp_path):
    html = (_build(tmp_path) / PAGE).read_text(encoding="utf-8")
    assert '<ol class="paren-decimal">\n<li>Note the forecast out-turn position' in html
    assert '<ol type="a">\n<li>consider bringing savings forward;' in html, "nested lettering as written: a."
    assert '<ol type="a" class="paren-lower-alpha">\n<li>The capital programme' in html


def test_every_bracket_marker_class_has_its_counter_style_in_the_page_and_pdf_stylesheets():
    from generator.markdown.rules.list_lettering import PAREN_STYLES

    for stylesheet in ("templates/static/clerk.css", "templates/pdf/print.css"):
        css = (REPO / stylesheet).read_text(encoding="utf-8")
        for style in PAREN_STYLES.values():
            assert re.search(rf'@counter-style {style} {{ system: extends {style.removeprefix("paren-")}; suffix: "\) "; }}', css)
            assert f"ol.{style} {{ list-style-type: {style}; }}" in css


def test_the_pdfs_print_the_brackets_as_written(tmp_path):
    out = _build(tmp_path, pdfs=True)
    for name in ("internal-audit.pdf", "internal-audit-large-print.pdf"):
        text = subprocess.run(["pdftotext", str(out / "meetings/2030-01-15-audit" / name), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        # Each item on its own: in large print the list may run over a page (and its running header).
        assert "1) Note the forecast out-turn position" in flat and "2) In order to close the budget gap" in flat, name
        assert "a. consider bringing savings forward;" in flat, name
        assert "a) The capital programme for this Committee. b) The planned use of the reserves." in flat, name
