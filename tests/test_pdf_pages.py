"""The PDFs' pages as a reader sees them: a first page that says the meeting's facts once, headings and captions
kept with what follows them in large print, and an agenda pack whose papers look as they do on their own.

The fixture is the minimal site with its paper written as a council's performance report is printed: an
introduction in numbered paragraphs, then an indicator per sub-heading, each with "Why is this important?"
and "Performance" and a month-by-month table; long enough for a heading or a caption to fall at the foot of
a large-print page somewhere, wherever fonts put the lines.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import TEST_DATE_EPOCH
from tests.sitekit import PAPER, make_site, paper_with_body

MEETING = "meetings/2030-01-15-audit"
COMMITTEE = "Audit Committee"
DATE = "Tuesday 15 January 2030"
MONTHS = [f"{month} {year}" for year in (16, 17) for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")]
#: Each indicator: its name, how many sentences say why it matters, and how many months its table shows.
INDICATORS = [
    ("Audits completed on time", 1, 13),
    ("Recommendations implemented", 3, 14),
    ("Days lost to sickness in the audit team", 2, 15),
    ("Fraud referrals investigated", 5, 16),
    ("Schools audited", 4, 13),
    ("Follow-up audits", 6, 15),
    ("Audit reports issued in draft", 2, 14),
    ("Audit reports issued in final", 1, 16),
]
IMPORTANCE = "Audits finished when planned give the committee assurance while it can still act on what they find. "


def _indicator(number: int, name: str, length: int, months: int) -> str:
    shown = MONTHS[-months:]
    rows = "".join(f"| {month} | {60 + (number * 7 + row) % 40}% |\n" for row, month in enumerate(shown))
    return (
        f"### {name}\n\n#### Why is this important?\n\n{IMPORTANCE * length}\n\n#### Performance\n\n"
        f"Table {number}: {name}, {shown[0]} to {shown[-1]}, from the performance dashboard\n\n"
        f"| Month | {name} |\n|---|---|\n{rows}| Target | 75% |\n\n"
    )


SERVICES = ["Adult social care", "Children's services", "Highways", "Libraries", "Fire and rescue", "Trading standards",
            "Waste", "Museums", "Public health", "Registration", "Planning", "Payroll", "Pensions", "Procurement",
            "Schools", "Transport"]
#: A table per service, of 2 to 10 audits, after a paragraph of 1 to 7 sentences: somewhere a caption falls
#: at the foot of a page. The first eight captions are as long as a dashboard's often are, over several lines,
#: so that somewhere one would be split across a page.
LONG_CAPTION = (
    ", the audits for which the audit plan gives a figure, April 2016 to March 2017, with the days each took"
    " (the original chart was not preserved; the plan gives no target)"
)
SERVICE_TABLES = "## Audits by service\n\n" + "".join(
    f"The audits of {service.lower()} are listed below. " * (1 + (number * 3) % 7) + "\n\n"
    f"Table {len(INDICATORS) + number + 1}: Audits of {service.lower()}{LONG_CAPTION if number < 8 else ''}\n\n"
    "| Audit | Days |\n|---|---|\n"
    + "".join(f"| {service} audit {audit} | {5 + audit} |\n" for audit in range(1, 3 + (number * 5) % 9)) + "\n"
    for number, service in enumerate(SERVICES)
)
BODY = (
    "## Introduction\n\n"
    "This report sets out the audit service's performance for the year to September 2017.\n\n"
    "It gives, for each indicator, why it matters and its figures month by month.\n\n"
    "## Performance\n\n"
    "Each indicator below is reported on an exception basis.\n\n"
    + "".join(_indicator(number, *indicator) for number, indicator in enumerate(INDICATORS, start=1))
    + SERVICE_TABLES
)
HEADINGS = [name for name, _, _ in INDICATORS] + ["Why is this important?", "Performance"]
CAPTIONS = [f"Table {number}: {name}" for number, (name, _, _) in enumerate(INDICATORS, start=1)]
SERVICE_CAPTIONS = [f"Table {len(INDICATORS) + number + 1}: Audits of {service.lower()}" for number, service in enumerate(SERVICES)]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> Path:
    from generator.build import build

    tmp_path = tmp_path_factory.mktemp("pdf-pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", TEST_DATE_EPOCH)
        result = build(make_site(tmp_path, {PAPER: paper_with_body(BODY)}), tmp_path / "out", gate=None, cache_folder=tmp_path / "cache")
    assert result.ok, result.diagnostics.report()
    return tmp_path / "out" / MEETING


def _pages(pdf: Path, layout: bool = False) -> list[str]:
    text = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _words(text: str) -> str:
    return " ".join(text.split())


FIRST_PAGES = ["internal-audit.pdf", "internal-audit-large-print.pdf", "agenda-pack.pdf", "agenda-pack-large-print.pdf"]


@pytest.mark.parametrize("name", FIRST_PAGES)
def test_the_first_page_gives_the_committee_and_the_date_once_and_no_stray_colon(pdfs, name):
    page = _pages(pdfs / name)[0]
    assert _words(page).count(COMMITTEE) == 1, page
    assert _words(page).count(DATE) == 1, page
    if name.startswith("internal-audit"):
        assert _words(page).count("item 3") == 1, "the item is in the heading's caption only"
    assert not [line for line in page.splitlines() if line.strip() in {":", ","}], "no punctuation left on its own"


def test_the_minutes_first_page_has_no_running_header_and_no_stray_colon(pdfs):
    """The minutes' title and details both give the date, as on their page; the header adds no third."""
    page = _pages(pdfs / "../2029-12-10-audit/minutes.pdf")[0]
    assert _words(page).count(COMMITTEE) == 1, page
    assert f"{COMMITTEE}, Monday 10 December 2029" not in _words(page)
    assert not [line for line in page.splitlines() if line.strip() == ":"]


@pytest.mark.parametrize("name", ["internal-audit.pdf", "internal-audit-large-print.pdf"])
def test_the_pages_after_the_first_still_run_the_meeting_and_the_item_at_their_head(pdfs, name):
    pages = _pages(pdfs / name, layout=True)
    assert len(pages) > 2
    for page in pages[1:]:
        head = page.strip().splitlines()[0]
        assert DATE in head and "item 3" in head, head
        if "large-print" not in name:
            assert COMMITTEE in head


def _body_lines(page: str) -> list[str]:
    """A page's lines without its running header (first line) and footer (last)."""
    lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
    return lines[1:-1]


def test_in_large_print_no_heading_or_caption_is_left_at_the_foot_of_a_page(pdfs):
    pages = _pages(pdfs / "internal-audit-large-print.pdf", layout=True)
    for number, page in enumerate(pages, start=1):
        lines = _body_lines(page)
        assert lines, f"page {number} is empty"
        last = lines[-1]
        assert last not in HEADINGS, f"page {number} ends with the heading {last!r}"
        assert not any(last.startswith(caption) for caption in CAPTIONS + SERVICE_CAPTIONS), f"page {number} ends with the caption {last!r}"
        assert not last.startswith(("Month ", "Audit Days")), f"page {number} ends with a table's header row"


def test_in_large_print_each_table_starts_on_the_page_of_its_heading_and_caption(pdfs):
    pages = [_words(page) for page in _pages(pdfs / "internal-audit-large-print.pdf")]
    for number, caption in enumerate(CAPTIONS, start=1):
        page = next(index for index, text in enumerate(pages) if caption in text)
        text = pages[page]
        assert f"Performance {caption}" in text, f"the heading 'Performance' is with {caption!r}"
        first_month = MONTHS[-INDICATORS[number - 1][2]]
        assert f"{first_month} " in text.split(caption, 1)[1], f"the table's first row is with {caption!r}"


def test_in_large_print_a_table_that_runs_on_over_pages_is_still_tagged_as_one_table(pdfs):
    from generator.checks.pdf_structure import check_pdf

    for name in ("internal-audit.pdf", "internal-audit-large-print.pdf"):
        assert check_pdf(pdfs / name, tables=len(CAPTIONS + SERVICE_CAPTIONS)) == [], name


def _number_and_text(pdf: Path, number: str, opening: str) -> tuple[float, float, str]:
    """Where paragraph `number` and its text (which opens with the words `opening`) start, and the number's font.

    Words are read in the order they are drawn, since the number's hidden "Paragraph " overlaps it on the page."""
    first = opening.split()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            words = page.extract_words(use_text_flow=True, extra_attrs=["fontname"])
            texts = [word["text"] for word in words]
            for index in range(len(words)):
                if texts[index:index + len(first)] == first:
                    text = words[index]
                    numbers = [word for word in words if word["text"] == number and abs(word["top"] - text["top"]) < 3]
                    assert len(numbers) == 1, f"paragraph {number} of {pdf.name} is not on the line its text starts"
                    return numbers[0]["x0"], text["x0"], numbers[0]["fontname"]
    raise AssertionError(f"{opening!r} not found in {pdf.name}")


@pytest.mark.parametrize("edition", ["", "-large-print"])
def test_a_papers_paragraph_numbers_hang_in_the_agenda_pack_as_in_the_paper_on_its_own(pdfs, edition):
    alone = _number_and_text(pdfs / f"internal-audit{edition}.pdf", "1.1", "This report sets out")
    in_pack = _number_and_text(pdfs / f"agenda-pack{edition}.pdf", "1.1", "This report sets out")
    assert in_pack[:2] == pytest.approx(alone[:2], abs=0.5)
    assert in_pack[2].endswith("Bold") and alone[2].endswith("Bold")


def test_the_agenda_packs_running_header_names_the_item_each_page_belongs_to(pdfs):
    pages = _pages(pdfs / "agenda-pack.pdf", layout=True)
    paper = [page for page in pages if "audit service's performance" in page or "Fraud referrals" in page]
    minutes = [page for page in pages if "An apology was received from Cllr Bob Member" in page]
    assert paper and minutes
    for page, item in [*((page, "item 3") for page in paper), *((page, "item 2") for page in minutes)]:
        head = page.strip().splitlines()[0]
        assert f"{COMMITTEE}, {DATE}" in head and head.endswith(item), head
