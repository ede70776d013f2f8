"""Braille-ready files (BRF): UEB grade 2 by liblouis, laid out 40 cells by 25 lines as a transcriber would.

The example's papers are rendered from the print HTML the build makes for their
PDFs (caught on its way to WeasyPrint, so no PDF is made), and read back with
liblouis's back-translation, as a braille reader's device would show them.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.render.pdf_writer as pdf_writer
from generator.build import build
from generator.formats import braille
from generator.formats.braille import FormatError, back_translate, render, translate
from generator.formats.braille_layout import Layout, Style, page_number
from generator.formats.document import Document, Paragraph, read_document
from generator.formats.output import FormatSettings, FormatSource
from tests.example_site import EXAMPLE_TODAY
from tests.sitekit import REPO

SETTINGS = FormatSettings("Norfolk County Council", "en-GB")
EXAMPLE_DOCUMENTS = ("finance-monitoring.pdf", "minutes.pdf", "agenda-pack.pdf")


class _Caught(Exception):
    """Stops the build once it has handed its PDFs' HTML over."""


@pytest.fixture(scope="module")
def print_html(tmp_path_factory) -> dict[str, str]:
    """The standard-edition print HTML of each example document, by its PDF's file name."""
    caught: dict[str, str] = {}

    def catch(jobs, units, cache=None):
        caught.update({job.target.name: job.unit.html for job in jobs})
        raise _Caught

    folder = tmp_path_factory.mktemp("braille-example")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_writer, "render_all", catch)
        with pytest.raises(_Caught):
            build(REPO, folder / "build", today=EXAMPLE_TODAY, gate=None, cache_folder=folder / "cache", publish_site=False)
    return caught


@pytest.fixture(scope="module")
def example_brf(print_html) -> dict[str, bytes]:
    return {name: _brf(print_html[name]) for name in EXAMPLE_DOCUMENTS}


def _brf(html: str) -> bytes:
    return render(FormatSource(html, read_document(html), "paper/"), SETTINGS).data


def _page(body: str, title: str = "Paper – Committee – Council") -> str:
    return f'<!DOCTYPE html><html lang="en-GB"><head><title>{title}</title></head><body>{body}</body></html>'


def _pages(data: bytes) -> list[list[str]]:
    text = data.decode("ascii")
    return [page.removesuffix("\r\n").split("\r\n") for page in text.split("\f")]


def _body_lines(data: bytes) -> list[str]:
    """Every line of every page, the page number taken off each first line."""
    lines: list[str] = []
    for number, page in enumerate(_pages(data), start=1):
        first = page[0].removesuffix(page_number(number)).rstrip()
        lines.extend([first, *page[1:]])
    return lines


def _read(data: bytes) -> str:
    """The back-translated print with white space as one space (lines wrap anywhere)."""
    return " ".join(back_translate("\r\n".join(_body_lines(data))).split())


@pytest.mark.parametrize("name", EXAMPLE_DOCUMENTS)
def test_every_line_fits_forty_cells_and_every_page_twenty_five_lines(example_brf, name):
    pages = _pages(example_brf[name])
    assert len(pages) > 1
    assert max(len(line) for page in pages for line in page) <= 40
    assert max(len(page) for page in pages) <= 25


@pytest.mark.parametrize("name", EXAMPLE_DOCUMENTS)
def test_the_file_is_braille_ascii_with_crlf_line_ends_and_a_form_feed_between_pages(example_brf, name):
    data = example_brf[name]
    assert re.fullmatch(rb"[\x20-\x5f\r\n\f]*", data)
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    assert data.endswith(b"\r\n") and data.count(b"\f") == len(_pages(data)) - 1


def test_each_page_has_its_braille_page_number_at_the_right_of_its_first_line(example_brf):
    pages = _pages(example_brf["agenda-pack.pdf"])
    assert len(pages) >= 10
    for number, page in enumerate(pages, start=1):
        first = page[0]
        assert len(first) == 40 and first.endswith(" " + page_number(number))
        text = first.removesuffix(page_number(number))
        assert text.strip() == "" or text.endswith("   "), first
    assert page_number(10) == "#AJ"


def test_the_paper_back_translates_to_its_title_and_key_figures(example_brf):
    text = _read(example_brf["finance-monitoring.pdf"])
    assert "Finance Monitoring" in text
    assert "12 October 2017" in text
    assert "£15.982m" in text
    assert "(0.500)" in text
    assert "2017-18" in text
    assert "2.3 The 2017-18 net revenue budget for this Committee is £15.982m" in text


def test_the_minutes_and_the_pack_back_translate_to_their_headings(example_brf):
    assert "Minutes of the meeting held on Monday 18 September 2017" in _read(example_brf["minutes.pdf"])
    pack = _read(example_brf["agenda-pack.pdf"])
    assert "Committee: agenda pack" in pack
    assert "item 8: Finance Monitoring" in pack and "£15.982m" in pack


def test_each_paper_of_the_pack_begins_on_a_new_braille_page(example_brf):
    pages = _pages(example_brf["agenda-pack.pdf"])
    first_lines = [back_translate("\r\n".join(page[:3])) for page in pages]
    starts = [index for index, text in enumerate(first_lines) if "item 8: Finance" in " ".join(text.split())]
    assert starts, "the finance paper's heading opens no page"


def test_a_table_is_listed_row_by_row_caption_first_each_cell_labelled(example_brf):
    text = _read(example_brf["finance-monitoring.pdf"])
    caption = text.index("Table 1: Digital Innovation")
    group = text.index("Better Broadband for Norfolk", caption)
    row = text.index("Grants. 2017-18 Budget £m: (0.500)", group)
    assert caption < group < row
    assert "Forecast Out-turn £m: (0.500)" in text[row:]


def test_pound_percent_and_numbers_are_ueb():
    (line,) = translate(["Spending rose 5% to £3.2m in 2018-19."])
    assert "@L#C4BM" in line  # £ is dots 4, l; the number has its numeric indicator
    assert "#E.0" in line  # % is dots 46, 356
    assert "#BJAH-#AI" in line
    brf = _brf(_page("<p>Spending rose 5% to £3.2m in 2018-19.</p>"))
    assert "Spending rose 5% to £3.2m in 2018-19." in _read(brf)


def test_headings_are_centred_at_cell_five_or_at_cell_seven():
    body = "<h1>Finance</h1><h2>Evidence</h2><p>Text.</p><h3>Revenue</h3><p>More text.</p>"
    lines = _body_lines(_brf(_page(body, title="")))
    assert lines[0].startswith(" " * ((40 - len(lines[0].strip())) // 2) + ",")
    assert lines[1] == ""
    assert lines[2] == "    ,EVID;E"
    assert lines[4] == "      ,REV5UE"


def test_a_heading_is_never_the_last_line_of_a_page():
    layout = Layout(40, 25)
    for _ in range(24):
        layout.add("WORD", Style(2, 0))
    layout.add(",HEAD+", Style.heading(3))
    layout.add("TEXT", Style(2, 0))
    first, second = _pages(layout.brf())
    assert len(first) == 24
    assert second[0].startswith("      ,HEAD+") and second[1] == "  TEXT"


def test_paragraph_numbers_are_kept_before_the_paragraph_at_cell_three():
    brf = _brf(_page('<p class="numbered"><a class="para-num">2.3</a> The budget is £15.982m.</p>', title=""))
    assert _body_lines(brf)[0].startswith("  #B4C ,! BUDGET")


def test_list_markers_are_kept_with_runovers_two_cells_further_in():
    words = " ".join(["budget"] * 30)
    body = f'<ol type="a" class="paren-lower-alpha"><li>{words}<ul><li>{words}</li></ul></li></ol>'
    lines = _body_lines(_brf(_page(body, title="")))
    assert lines[0].startswith('A"> BUDGET')
    assert all(line.startswith("  BUDGET") for line in lines[1:3])
    inner = next(index for index, line in enumerate(lines) if line.startswith("  _4"))
    assert lines[inner + 1].startswith("    BUDGET")


def test_words_are_never_divided_between_lines():
    text = "The committee's unspent grants, reserves and provisions stood at £1.280m on 1 April 2017. " * 12
    (braille_line,) = translate([text])
    lines = _body_lines(_brf(_page(f"<p>{text}</p>", title="")))
    assert [word for line in lines for word in line.split()] == braille_line.split()


def test_a_word_longer_than_a_line_is_divided_with_a_hyphen():
    layout = Layout(40, 25)
    layout.add("A" * 90, Style())
    lines = _body_lines(layout.brf())
    assert [len(line) for line in lines] == [35, 40, 17]
    assert lines[0].endswith("-") and lines[1].endswith("-")
    assert "".join(line.rstrip("-") for line in lines) == "A" * 90


def test_an_empty_document_is_one_page_with_its_number():
    assert _brf(_page("", title="")) == b" " * 38 + b"#A\r\n"


def test_a_huge_table_keeps_to_the_page_size():
    head = "<thead><tr><td></td>" + "".join(f'<th id="c{column}">Column {column}</th>' for column in range(6)) + "</tr></thead>"
    rows = "".join(
        f'<tr><th id="r{row}" scope="row">Row {row}</th>'
        + "".join(f'<td headers="c{column} r{row}">{row * column}.5%</td>' for column in range(6))
        + "</tr>"
        for row in range(1500)
    )
    pages = _pages(_brf(_page(f"<table><caption>Big</caption>{head}<tbody>{rows}</tbody></table>")))
    assert len(pages) > 100
    assert max(len(line) for page in pages for line in page) <= 40 and max(map(len, pages)) <= 25


def test_a_table_with_no_head_and_empty_cells_is_still_listed():
    table = "<table><tr><td>alpha</td><td></td><td>beta</td></tr></table>"
    assert "Table alpha; beta" in _read(_brf(_page(table, title="")))


def test_odd_characters_neither_crash_nor_leave_escapes():
    text = "Emoji 😀, café (e\u0301), שלום עולם, 中文, a back\\slash \\x41, tab\tand\u200f marks, ∑ and ½"
    brf = render(FormatSource("", Document("Odd\rtitle\u2028", "en", "", (Paragraph(text + "\ud800"),)), ""), SETTINGS).data
    assert not re.search(rb"'\\[XY]", brf)
    read = _read(brf)
    assert "[grinning face]" in read and "[Hebrew text]" in read and "[Cjk text]" in read
    assert "café" in read and "back\\slash" in read and "½" in read
    assert read.startswith("Odd title Emoji")


def test_a_missing_lou_translate_is_a_format_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FormatError, match="liblouis-bin"):
        _brf(_page("<p>Text.</p>"))


def test_a_failing_lou_translate_is_a_format_error(monkeypatch, tmp_path):
    tool = tmp_path / braille.TRANSLATOR
    tool.write_text("#!/bin/sh\necho 'cannot find table' >&2\nexit 3\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}:{Path('/usr/bin')}")
    with pytest.raises(FormatError, match="exit status 3.*cannot find table"):
        _brf(_page("<p>Text.</p>"))


def test_a_line_longer_than_liblouis_reads_at_once_is_translated_whole():
    """lou_translate cuts a line of print of 2,048 bytes or more in two itself, and cuts short a line of braille as
    long; a paragraph of many thousand characters, or a long run of spaces pasted from a PDF, is still one line."""
    words = "The council budget rose by £1.5m (12%) in 2018-19. " * 200
    spaces = "Sources are listed in" + " " * 5000 + "the order they were read."
    figures = "A1 " * 2000
    braille_words, braille_spaces, braille_figures = translate([words, spaces, figures])
    assert " ".join(back_translate(braille_words).split()) == words.strip()
    assert " ".join(back_translate(braille_spaces).split()) == " ".join(spaces.split())
    assert braille_figures.count("A#A") == 2000
    read = _read(_brf(_page(f"<p>{words}</p><p>{spaces}</p>", title="")))
    assert read.count("in 2018-19.") == 200 and read.endswith("the order they were read.")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(min_size=0, max_size=300),
            st.integers(1, 6000).map(lambda n: " " * n),
            st.tuples(st.sampled_from("a1£\\é😀,"), st.integers(1, 5000)).map(lambda pair: pair[0] * pair[1]),
        ),
        min_size=1,
        max_size=8,
    ).map("".join),
    st.integers(1, 40),
)
def test_any_text_is_braille_or_a_located_format_error_never_a_count_mismatch(text, lines):
    paragraphs = [text] * lines
    try:
        translated = translate(paragraphs)
        brf = render(FormatSource("", Document("Title", "en", "", tuple(Paragraph(p) for p in paragraphs)), ""), SETTINGS).data
    except FormatError as error:
        assert "lines of braille for" not in str(error)
        assert "line of print beginning" in str(error)
        return
    assert len(translated) == lines
    assert max(len(line) for page in _pages(brf) for line in page) <= 40
