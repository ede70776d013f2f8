"""The PDF editions: tagged, titled, in English, bookmarked, with scoped table headers, honest download facts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from weasyprint import HTML

from generator.checks.pdf_structure import check_pdf
from generator.render.pdf_fixes import fix_pdf

OCTOBER = "meetings/2017-10-12-digital-innovation-and-efficiency"
PDFS = [
    f"{OCTOBER}/finance-monitoring.pdf",
    f"{OCTOBER}/strategic-and-financial-planning.pdf",
    f"{OCTOBER}/performance-management.pdf",
    f"{OCTOBER}/ncc-digital-offer.pdf",
    "meetings/2017-09-18-digital-innovation-and-efficiency/minutes.pdf",
]
LARGE_PRINT = [path.removesuffix(".pdf") + "-large-print.pdf" for path in [*PDFS, f"{OCTOBER}/agenda-pack.pdf"]]
EVERY_PDF = [*PDFS, f"{OCTOBER}/agenda-pack.pdf", *LARGE_PRINT]


def test_every_paper_and_the_minutes_have_a_pdf_that_passes_the_structure_checks(example_build, example_result):
    assert sorted(example_result.report.documents) == sorted(EVERY_PDF)
    assert not [d for d in example_result.diagnostics.items if d.rule.startswith("pdf:")]
    for path in EVERY_PDF:
        assert check_pdf(example_build / path) == [], path


@pytest.mark.parametrize("path", PDFS + LARGE_PRINT[:-1])
def test_a_table_that_crosses_pages_is_still_one_table(example_build, path):
    from generator.render.large_print import split_wide_tables

    large_print = path.endswith("-large-print.pdf")
    page = (example_build / path.removesuffix(".pdf").removesuffix("-large-print") / "index.html").read_text()
    expected = (split_wide_tables(page) if large_print else page).count("<table")
    with pikepdf.open(example_build / path) as pdf:
        found = [element for element in _elements(pdf.Root.StructTreeRoot) if str(element.get("/S")) == "/Table"]
        assert len(found) == expected
        assert all(str(element.K[0].S) == "/Caption" for element in found)


@pytest.mark.parametrize("path", EVERY_PDF)
def test_each_pdf_is_tagged_in_english_with_its_title_shown(example_build, path):
    with pikepdf.open(example_build / path) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_metadata() as metadata:
            assert str(metadata["pdfuaid:part"]) == "1"
            assert "Norfolk County Council" in str(metadata["dc:title"])
        with pdf.open_outline() as outline:
            assert len(outline.root) >= 1


def test_the_page_lists_the_pdfs_real_size_and_page_count(example_build):
    pdf = example_build / f"{OCTOBER}/finance-monitoring.pdf"
    with pikepdf.open(pdf) as document:
        pages = len(document.pages)
    html = (example_build / f"{OCTOBER}/finance-monitoring/index.html").read_text()
    facts = re.search(r'<a href="../finance-monitoring.pdf">Download this report as a PDF</a> <span class="file-facts">\(PDF, (\d+) KB, (\d+) pages\)', html)
    assert facts, "download link in GOV.UK attachment style"
    assert int(facts.group(1)) == round(pdf.stat().st_size / 1024)
    assert int(facts.group(2)) == pages


def test_every_page_after_the_first_has_a_running_header_and_every_page_page_x_of_y(example_build):
    """The first page says the committee, date and item in its own text, so it has no running header."""
    pdf = example_build / f"{OCTOBER}/strategic-and-financial-planning.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        header = "Digital Innovation and Efficiency Committee, Thursday 12 October 2017" in page and "item 9" in page
        assert header == (number > 1), number


def test_pdf_links_to_other_pages_become_text_so_no_build_path_leaks(example_build):
    data = b"".join((example_build / path).read_bytes() for path in PDFS)
    assert b"file://" not in data and b"clerk-local" not in data


def test_an_untagged_pdf_fails_the_structure_checks(tmp_path):
    path = tmp_path / "plain.pdf"
    HTML(string="<h1>Plain</h1><table><tr><th>A</th></tr><tr><td>1</td></tr></table>").write_pdf(path)
    rules = {finding.rule for finding in check_pdf(path)}
    assert rules == {"pdf:ua-identifier", "pdf:title", "pdf:display-title", "pdf:lang", "pdf:tagged"}


def test_header_cells_get_a_scope_that_weasyprint_leaves_out(tmp_path):
    path = tmp_path / "table.pdf"
    html = (
        '<html lang="en-GB"><head><title>Table</title></head><body><h1>Table</h1><table><caption>Budget</caption>'
        '<thead><tr><th>Service</th><th>£m</th></tr></thead><tbody><tr><th>IMT</th><td>5.030</td></tr></tbody></table></body></html>'
    )
    HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1")
    assert {finding.rule for finding in check_pdf(path)} == {"pdf:table-scope"}
    fix_pdf(path)
    assert check_pdf(path) == []
    with pikepdf.open(path) as pdf:
        scopes = [str(element.A.Scope) for element in _elements(pdf.Root.StructTreeRoot) if str(element.get("/S")) == "/TH"]
    assert scopes == ["/Column", "/Column", "/Row"]


def _elements(node):
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from _elements(child)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from _elements(node.K)


def test_a_missing_pdf_font_is_a_clear_error(tmp_path, monkeypatch):
    from generator.build import build
    from generator.render import pdf_writer
    from tests.sitekit import make_site

    monkeypatch.setattr(pdf_writer, "PDF_FONT", Path("/nonexistent/LiberationSans-Regular.ttf"))
    result = build(make_site(tmp_path), tmp_path / "out", gate=None)
    assert [d.rule for d in result.diagnostics.errors] == ["font-missing"]


PACK = f"{OCTOBER}/agenda-pack.pdf"


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_the_agenda_packs_page_numbers_are_where_each_item_really_starts(example_build):
    pages = _page_texts(example_build / PACK)
    agenda = "\n".join(pages[:3])
    printed = {int(number): int(page) for number, page in re.findall(r"^\s*(\d+)\s+.*?\s+Page (\d+)\s*$", agenda, re.M)}
    assert set(printed) == {2, 8, 9, 10, 11}, "items with papers, and item 2's minutes, have a page"
    for number, page in printed.items():
        text = " ".join(pages[page - 1].split())
        if number == 2:
            assert "Minutes of the meeting held on Monday 18 September 2017" in text
        else:
            assert f"Digital Innovation and Efficiency Committee, item {number}" in text
        assert f"Page {page} of {len(pages)}" in text


def test_the_agenda_pack_marks_papers_to_follow_and_has_a_bookmark_per_paper(example_build):
    agenda = "\n".join(_page_texts(example_build / PACK)[:3])
    assert agenda.count("Paper to follow.") == 3
    with pikepdf.open(example_build / PACK) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    for title in ("Finance Monitoring", "Strategic and Financial Planning 2018-19 to 2021-22", "Performance Management",
                  "NCC Digital Offer – progress to date", "Minutes of the meeting held on Monday 18 September 2017"):
        assert any(title in bookmark for bookmark in titles), title


def test_the_meeting_page_offers_the_agenda_pack(example_build):
    html = (example_build / f"{OCTOBER}/index.html").read_text()
    assert '<a href="agenda-pack.pdf">Download the agenda pack: the agenda and all its papers, as one PDF</a>' in html
    with pikepdf.open(example_build / PACK) as pdf:
        pages = len(pdf.pages)
    assert re.search(rf"\(PDF, \d+ KB, {pages} pages\)", html)


def test_a_second_build_renders_no_pdf_and_an_edit_renders_only_what_it_touches(tmp_path):
    from generator.build import build
    from tests.sitekit import make_site, read

    root = make_site(tmp_path)
    cache = tmp_path / "cache"
    first = build(root, tmp_path / "out", gate=None, cache_folder=cache)
    assert first.ok and first.pdfs_rendered == len(first.report.documents) == 8, "standard and large print"
    second = build(root, tmp_path / "out", gate=None, cache_folder=cache)
    assert second.pdfs_rendered == 0
    assert (tmp_path / "out/meetings/2030-01-15-audit/internal-audit.pdf").read_bytes().startswith(b"%PDF")
    paper = root / "content/meetings/2030-01-15-audit/internal-audit.md"
    paper.write_text(read("content/meetings/2030-01-15-audit/internal-audit.md").replace("No significant", "No material"))
    third = build(root, tmp_path / "out", gate=None, cache_folder=cache)
    assert third.pdfs_rendered == 4, "the paper's PDFs and the agenda packs that hold it, standard and large print"


@pytest.mark.parametrize("path", PDFS)
def test_every_figure_on_the_page_is_in_its_pdf_so_no_column_is_cut_off(example_build, path):
    from tests.html_structure import read_page
    from tests.test_seed_fidelity import figures

    page = example_build / (path.removesuffix(".pdf") + "/index.html")
    # The download links' sizes and page counts describe the PDFs, so are not in them.
    html = re.sub(r'<ul class="downloads">.*?</ul>', "", page.read_text(), flags=re.S)
    on_page = figures(" ".join(read_page(html).text))
    text = subprocess.run(["pdftotext", str(example_build / path), "-"], capture_output=True, text=True, check=True).stdout
    in_pdf = figures(" ".join(text.split()))
    missing = sorted(set(on_page) - set(in_pdf))
    assert not missing, f"{path} lacks {missing}"


def _tagged(tmp_path: Path, body: str, css: str = "") -> Path:
    """A PDF from WeasyPrint's PDF/UA variant, before Clerk's fixes."""
    path = tmp_path / "tagged.pdf"
    html = f'<html lang="en-GB"><head><title>Fixture</title><style>{css}</style></head><body>{body}</body></html>'
    HTML(string=html, base_url=str(tmp_path) + "/").write_pdf(path, pdf_variant="pdf/ua-1")
    return path


def _rows(count: int) -> str:
    return "".join(f'<tr><th scope="row">Row {n}</th><td>{n}.000</td></tr>' for n in range(count))


def test_a_table_weasyprint_tags_once_per_page_is_merged_into_one(tmp_path):
    table = f'<table><caption>Long</caption><thead><tr><th scope="col">Row</th><th scope="col">£m</th></tr></thead><tbody>{_rows(120)}</tbody></table>'
    path = _tagged(tmp_path, f"<h1>Long table</h1>{table}<p>After the table.</p>", "thead { display: table-header-group }")
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 3
    assert "pdf:table-split" in {finding.rule for finding in check_pdf(path, tables=1)}
    fix_pdf(path)
    assert check_pdf(path, tables=1) == []
    with pikepdf.open(path) as pdf:
        tables = [e for e in _elements(pdf.Root.StructTreeRoot) if str(e.get("/S")) == "/Table"]
        assert len(tables) == 1
        rows = [e for e in _elements(tables[0]) if str(e.get("/S")) == "/TR"]
        assert len(rows) == 121, "every body row once, and the header row once: its repeats are artifacts"
        document = pdf.Root.StructTreeRoot.K[0]
        kinds = [str(kid.S) for kid in document.K]
        assert kinds == ["/H1", "/Table", "/P"], "the paragraph after the table stays after it, in one piece"


def test_running_headers_and_footers_become_artifacts(tmp_path):
    css = '@page { @top-center { content: "Running header" } @bottom-center { content: "Page " counter(page) } }'
    path = _tagged(tmp_path, "<h1>Title</h1><p>Body text.</p>", css)
    assert {finding.rule for finding in check_pdf(path)} == {"pdf:untagged-content"}
    fix_pdf(path)
    assert check_pdf(path) == []
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Running header" in text and "Page 1" in text, "still printed, only no longer read as content"


def test_a_decorative_image_leaves_the_tree_as_an_artifact(tmp_path):
    from PIL import Image

    Image.new("RGB", (4, 4), "navy").save(tmp_path / "rule.png")
    Image.new("RGB", (4, 4), "teal").save(tmp_path / "chart.png")
    path = _tagged(tmp_path, '<h1>Title</h1><p><img src="rule.png" alt=""></p><p><img src="chart.png" alt="Budget by year"></p>')
    assert {finding.rule for finding in check_pdf(path)} == {"pdf:figure-alt"}
    fix_pdf(path)
    assert check_pdf(path) == []
    with pikepdf.open(path) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if str(e.get("/S")) == "/Figure"]
        assert [str(figure.Alt) for figure in figures] == ["Budget by year"]


def test_text_outside_any_tag_is_reported(tmp_path):
    path = _tagged(tmp_path, "<h1>Title</h1><p>Body text.</p>")
    fix_pdf(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        extra = b" BT /F1 12 Tf 10 10 Td (Stray) Tj ET"
        fonts = list(page.Resources.Font.keys())
        page.Contents = pdf.make_stream(page.Contents.read_bytes() + extra.replace(b"/F1", fonts[0].encode()))
        pdf.save(path)
    assert [finding.message for finding in check_pdf(path)] == [
        "text or an image is neither tagged nor marked as an artifact, on page(s) 1"
    ]


@pytest.mark.parametrize("path", LARGE_PRINT)
def test_large_print_has_no_text_under_18pt(example_build, path):
    import pdfplumber

    with pdfplumber.open(example_build / path) as pdf:
        sizes = [char["size"] for page in pdf.pages for char in page.chars]
        fonts = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
    assert sizes and min(sizes) >= 18 - 0.01
    assert fonts <= {"Liberation-Sans", "Liberation-Sans-Bold"}, "one plain sans serif, no italic"


def test_a_standard_pdf_is_not_held_to_large_print_so_the_size_test_can_fail(example_build):
    import pdfplumber

    with pdfplumber.open(example_build / PDFS[0]) as pdf:
        assert min(char["size"] for char in pdf.pages[0].chars) < 18


def test_each_page_offers_standard_and_large_print_with_their_facts(example_build):
    html = (example_build / f"{OCTOBER}/finance-monitoring/index.html").read_text()
    for name, label in (("finance-monitoring.pdf", "Download this report as a PDF"),
                        ("finance-monitoring-large-print.pdf", "Download this report in large print, as a PDF")):
        with pikepdf.open(example_build / OCTOBER / name) as pdf:
            pages = len(pdf.pages)
        assert re.search(rf'<a href="../{name}">{label}</a> <span class="file-facts">\(PDF, \d+ KB, {pages} pages\)', html), name


def test_a_file_that_is_not_a_pdf_is_reported_unreadable(tmp_path):
    path = tmp_path / "not.pdf"
    path.write_text("<html>not a PDF</html>")
    assert [finding.rule for finding in check_pdf(path)] == ["pdf:unreadable"]


def _fixed(tmp_path: Path) -> Path:
    """A tagged PDF with a heading that passes every structure check."""
    path = _tagged(tmp_path, "<h1>Title</h1><p>Body text.</p>")
    fix_pdf(path)
    assert check_pdf(path) == []
    return path


def test_a_heading_without_a_bookmark_is_reported(tmp_path):
    path = _fixed(tmp_path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root.Outlines
        pdf.save(path)
    assert {finding.rule for finding in check_pdf(path)} == {"pdf:bookmarks"}


def test_a_font_that_is_not_embedded_is_reported(tmp_path):
    path = _fixed(tmp_path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            for descriptor in [font.get("/FontDescriptor")] + [d.get("/FontDescriptor") for d in font.get("/DescendantFonts") or []]:
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if descriptor is not None and key in descriptor:
                        del descriptor[key]
        pdf.save(path)
    assert {finding.rule for finding in check_pdf(path)} == {"pdf:font-embedded"}


def test_a_paper_with_an_image_makes_the_same_pdf_in_two_fresh_builds(tmp_path):
    """WeasyPrint names an image after its URL: under the staging folder's own (new every build) path,
    the same paper made a different PDF each time."""
    from generator.build import build
    from tests.sitekit import make_site, png, read

    paper = "content/meetings/2030-01-15-audit/internal-audit.md"
    root = make_site(tmp_path, {
        paper: read(paper) + "\n![A bar chart of the days each audit took](chart.png)\n",
        "content/meetings/2030-01-15-audit/chart.png": png(),
    })
    made = []
    for run in ("one", "two"):
        result = build(root, tmp_path / run, gate=None, cache_folder=tmp_path / f"cache-{run}")
        assert result.ok, result.diagnostics.report()
        made.append((tmp_path / run / "meetings/2030-01-15-audit/internal-audit.pdf").read_bytes())
    assert b"/Subtype /Image" in made[0] or b"/Subtype/Image" in made[0], "the PDF shows the image"
    assert made[0] == made[1]
