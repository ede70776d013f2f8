"""An appendix declared as one keeps the title it was printed with (issue 12 point 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from generator.build import build
from tests.sitekit import PAPER, make_site, paper_with_body

PAGE = "meetings/2030-01-15-audit/internal-audit/index.html"

#: A report with the presentation given to the committee appended, printed under the deck's own
#: title, and then a brochure, printed under its own title too: neither says "Appendix".
APPENDED = """## Introduction

This report sets out the audits completed.

## Findings

No significant weaknesses were found.

::: appendix
## The Digital Offer

The pictures on these presentation slides were not preserved; the text of each slide follows.

### Customer Service Strategy – the story so far

The underlying principles of the strategy.
:::

{.appendix}
## Norfolk Libraries: what we offer

Libraries are open six days a week.
"""


def _build(tmp_path: Path, *, pdfs: bool = False) -> Path:
    result = build(make_site(tmp_path, {PAPER: paper_with_body(APPENDED)}), tmp_path / "out", gate=None, pdfs=pdfs)
    assert result.ok, result.diagnostics.report()
    return tmp_path / "out"


def test_a_declared_appendix_is_unnumbered_and_keeps_its_printed_title(tmp_path):
    html = (_build(tmp_path) / PAGE).read_text(encoding="utf-8")
    assert '<h2 id="the-digital-offer">The Digital Offer</h2>' in html
    assert '<h2 id="norfolk-libraries-what-we-offer">Norfolk Libraries: what we offer</h2>' in html
    assert "<p>The underlying principles of the strategy.</p>" in html
    assert "<p>Libraries are open six days a week.</p>" in html
    assert "section-4" not in html and "para-4" not in html, "only the body and the background papers are numbered"
    assert re.findall(r'id="para-([\d.]+)"', html) == ["1.1", "2.1", "3.1"]


def test_declared_appendices_come_after_the_officer_contact_and_are_listed_there_in_the_contents(tmp_path):
    html = (_build(tmp_path) / PAGE).read_text(encoding="utf-8")
    assert html.index('id="officer-contact"') < html.index('id="the-digital-offer"') < html.index('id="norfolk-libraries-what-we-offer"')
    start = html.index('<nav class="contents"')
    contents = html[start : html.index("</nav>", start)]
    entries = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', contents)
    assert entries[-3:] == [
        ("officer-contact", "Officer contact"),
        ("the-digital-offer", "The Digital Offer"),
        ("norfolk-libraries-what-we-offer", "Norfolk Libraries: what we offer"),
    ]


def test_declared_appendices_are_bookmarked_by_their_titles_alone_in_both_pdfs(tmp_path):
    out = _build(tmp_path, pdfs=True)
    for name in ("internal-audit.pdf", "internal-audit-large-print.pdf"):
        with pikepdf.open(out / "meetings/2030-01-15-audit" / name) as pdf, pdf.open_outline() as outline:
            titles = [item.title for item in _walk(outline.root)]
        assert "The Digital Offer" in titles and "Norfolk Libraries: what we offer" in titles, titles
        assert "Appendix" not in " ".join(titles)


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)
