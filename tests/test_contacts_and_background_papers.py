"""A paper's officer contacts and background papers as the council printed them (issue 12, points 2 and 3).

Each paper here is written as an officer would write it from a printed paper: its own contact block
(a person file's details overridden, or someone with no person file), its own heading, a contacts
table, phone numbers grouped as printed, and background papers numbered as a section of the paper.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.build import build
from tests.html_structure import read_page
from tests.sitekit import PAPER, check, loaded, make_site, read

FOLDER = "meetings/2030-01-15-audit"
PERSON = "content/people/olive-officer.yaml"

#: The contact block as a paper prints it: "Contact officer", a table, one officer from the person
#: files with the job title and telephone number the paper prints, and one with no person file.
PRINTED_CONTACTS = """contacts:
  - person: olive-officer
    job_title: Head of Audit & Risk
    phone: "01603 222 700"
  - name: Sam Shah
    job_title: Finance & Commercial Manager
    phone: "01603 223 398"
    email: sam.shah@example.gov.uk
contact_heading: Contact officer
"""

#: "7. Background papers / 7.1 … / 7.2 …": each background paper a numbered paragraph of section 7.
NUMBERED_BACKGROUND = """background_papers_numbering: each
background_papers_section: 7
background_papers:
  - title: Audit plan 2029
    url: https://example.gov.uk/audit-plan
  - title: Risk register, March 2029
"""


def paper(*front: str, body: str | None = None) -> str:
    """The minimal site's paper with `front` in place of its contacts and background papers."""
    text = read(PAPER)
    text = text.replace("contacts: [olive-officer]\n", "").replace(
        "background_papers:\n  - title: Audit plan 2029\n    url: https://example.gov.uk/audit-plan\n", ""
    )
    text = text.replace("---\n## Introduction", "".join(front) + "---\n## Introduction")
    return text if body is None else text.split("---\n## Introduction")[0] + "---\n" + body


def built_page(tmp_path: Path, changes: dict[str, str | None], page: str = f"{FOLDER}/internal-audit/index.html") -> str:
    result = build(make_site(tmp_path, changes), tmp_path / "out", gate=None, pdfs=False, cache_folder=tmp_path / "cache")
    assert result.ok, result.diagnostics.report()
    return (tmp_path / "out" / page).read_text(encoding="utf-8")


def section(html: str, start: str, end: str = "</div>") -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


# -- Point 2: contacts and phone numbers as printed ---------------------------------------------------


def test_a_paper_prints_its_own_contact_block_over_the_person_file_and_its_own_heading(tmp_path):
    html = built_page(tmp_path, {PAPER: paper(PRINTED_CONTACTS)})
    block = section(html, '<h2 id="officer-contact">')
    assert '<h2 id="officer-contact">Contact officer</h2>' in block
    assert '<a href="#officer-contact">Contact officer</a>' in html, "the contents use the paper's heading too"
    text = " ".join(" ".join(read_page(block).text).split()).replace(" ,", ",")
    assert "Olive Officer, Head of Audit & Risk Telephone: 01603 222 700 Email: olive@example.gov.uk" in text
    assert "Sam Shah, Finance & Commercial Manager Telephone: 01603 223 398 Email: sam.shah@example.gov.uk" in text
    assert '<a href="tel:01603222700">01603 222 700</a>' in block
    assert "Head of Audit &amp; Risk" in block and "&amp;amp;" not in html and "Audit and Risk" not in html


def test_a_contact_the_paper_names_without_a_person_file_gets_no_person_page(tmp_path):
    html = built_page(tmp_path, {PAPER: paper(PRINTED_CONTACTS)})
    block = section(html, '<h2 id="officer-contact">')
    assert "Sam Shah," in block and "people/sam" not in block
    assert not (tmp_path / "out/people/sam-shah").exists()
    person = (tmp_path / "out/people/olive-officer/index.html").read_text()
    assert "Internal audit report" in person, "a contact with a person file still lists the paper on their page"
    assert "Head of Audit &amp; Risk" not in person, "the paper's job title is the paper's, not the person file's"


def test_a_paper_that_prints_its_contacts_as_a_table_gets_a_table_with_a_caption_and_scoped_headers(tmp_path):
    html = built_page(tmp_path, {PAPER: paper(PRINTED_CONTACTS, "contact_layout: table\n")})
    block = section(html, '<h2 id="officer-contact">', "</table>") + "</table>"
    facts = read_page(block)
    assert (facts.tables, facts.captions, facts.header_cells_without_scope) == (1, 1, 0)
    assert '<caption id="officer-contact-caption">If you have any questions about matters contained in this paper, please get in touch with:</caption>' in block
    assert '<th scope="col">Name</th><th scope="col">Job title</th><th scope="col">Telephone</th><th scope="col">Email</th>' in block
    assert (
        '<tr><th scope="row">Sam Shah</th><td>Finance &amp; Commercial Manager</td>'
        '<td><a href="tel:01603223398">01603 223 398</a></td>'
        '<td><a href="mailto:sam.shah@example.gov.uk">sam.shah@example.gov.uk</a></td></tr>'
    ) in block


def test_phone_numbers_written_without_quotes_are_published_as_written_not_as_yamls_number(tmp_path):
    # YAML 1.1 reads 01603222700 as an octal number, 235742656: never publish that.
    site = loaded(
        make_site(
            tmp_path,
            {
                PERSON: read(PERSON).replace('phone: "01234 567891"', "phone: 01603222700"),
                "site.yaml": read("site.yaml") + "accessibility:\n  contact_phone: 01603222701\n",
            },
        )
    )
    assert site.people[PERSON.rpartition("/")[2].removesuffix(".yaml")].phone == "01603222700"
    assert site.config.accessibility.contact_phone == "01603222701"


def test_a_contact_that_names_no_one_is_an_error_at_the_contact(tmp_path):
    diagnostics = check(make_site(tmp_path, {PAPER: paper("contacts:\n  - job_title: Head of Audit\n")}))
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("schema", f"content/{FOLDER}/internal-audit.md:12:5")
    assert "'person:'" in error.message and "'name:'" in error.message


def test_an_unknown_person_in_a_contact_block_is_reported_at_the_slug(tmp_path):
    diagnostics = check(make_site(tmp_path, {PAPER: paper("contacts:\n  - person: olive-oficer\n    phone: \"01603 222 700\"\n")}))
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("unknown-person", f"content/{FOLDER}/internal-audit.md:12:13")


@pytest.fixture(scope="module")
def contact_pdfs(tmp_path_factory) -> Path:
    """One build, with its PDFs, of a paper printing its contacts as a table (slow: built once)."""
    tmp_path = tmp_path_factory.mktemp("contacts")
    root = make_site(tmp_path, {PAPER: paper(PRINTED_CONTACTS, "contact_layout: table\n", NUMBERED_BACKGROUND)})
    result = build(root, tmp_path / "out", gate=None, cache_folder=tmp_path / "cache")
    assert result.ok, result.diagnostics.report()
    assert not [d for d in result.diagnostics.items if d.rule.startswith("pdf:")], "the contacts table is one tagged Table"
    return tmp_path / "out" / FOLDER


@pytest.mark.parametrize("pdf", ["internal-audit.pdf", "internal-audit-large-print.pdf", "agenda-pack.pdf", "agenda-pack-large-print.pdf"])
def test_phone_numbers_and_job_titles_are_printed_in_every_pdf_exactly_as_written(contact_pdfs, pdf):
    text = subprocess.run(["pdftotext", str(contact_pdfs / pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "01603 222 700" in text and "01603 223 398" in text, "never regrouped, nor broken across lines"
    assert "01603 222700" not in text
    # Large print wraps a job title in its table cell, and pdftotext then reads across the columns:
    # count the ampersands of the two job titles instead of reading each title whole.
    assert text.split().count("&") == 2, "Head of Audit & Risk, Finance & Commercial Manager"
    assert "&amp;" not in text and "and Risk" not in text


# -- Point 3: background papers numbered like the section they are in ----------------------------------


def test_background_papers_numbered_each_take_the_printed_section_number_and_paragraph_anchors(tmp_path):
    html = built_page(tmp_path, {PAPER: paper(NUMBERED_BACKGROUND)})
    block = section(html, '<h2 id="background-papers">')
    assert '<span class="section-num">7.</span> Background papers</h2>' in block
    assert (
        '<p class="numbered" id="para-7.1"><a class="para-num" href="#para-7.1"><span class="visually-hidden">Paragraph </span>7.1</a> '
        '<a href="https://example.gov.uk/audit-plan">Audit plan 2029</a></p>'
    ) in block
    assert '<p class="numbered" id="para-7.2"><a class="para-num" href="#para-7.2">' in block
    assert "7.2</a> Risk register, March 2029</p>" in block
    assert "relevant to the preparation of this report" not in block, "no introduction the paper does not print"
    assert '<a href="#background-papers">7. Background papers</a>' in html


def test_background_papers_numbered_each_follow_the_bodys_last_section_when_no_number_is_printed(tmp_path):
    front = NUMBERED_BACKGROUND.replace("background_papers_section: 7\n", "")
    html = built_page(tmp_path, {PAPER: paper(front)})
    assert '<span class="section-num">3.</span> Background papers</h2>' in html, "the body has two sections"
    assert 'id="para-3.1"' in html and 'id="para-3.2"' in html


def test_a_background_papers_section_number_the_body_already_uses_is_an_error_at_the_number(tmp_path):
    front = NUMBERED_BACKGROUND.replace("background_papers_section: 7", "background_papers_section: 2")
    diagnostics = check_rendered(tmp_path, {PAPER: paper(front)})
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("background-section", f"content/{FOLDER}/internal-audit.md:12:28")
    assert "(3 or more)" in error.hint


def check_rendered(tmp_path: Path, changes: dict[str, str | None]):
    """The diagnostics of a build that renders the Markdown (what `check` alone does not)."""
    result = build(make_site(tmp_path, changes), tmp_path / "out", gate=None, pdfs=False, cache_folder=tmp_path / "cache")
    return result.diagnostics


def test_a_background_paper_titled_only_with_its_web_address_is_warned_at_the_title(tmp_path):
    front = (
        "background_papers:\n"
        "  - title: Audit plan 2029\n    url: https://example.gov.uk/audit-plan\n"
        "  - title: https://www.norfolk.gov.uk/budget-book-2017-20.pdf\n    url: https://www.norfolk.gov.uk/budget-book-2017-20.pdf\n"
        '  - title: "www.norfolk.gov.uk/caring-for-your-county"\n'
    )
    diagnostics = check_rendered(tmp_path, {PAPER: paper(front)})
    found = [(d.rule, str(d.position)) for d in diagnostics.warnings]
    assert found == [
        ("link-bare-url", f"content/{FOLDER}/internal-audit.md:14:12"),
        ("link-bare-url", f"content/{FOLDER}/internal-audit.md:16:13"),
    ], diagnostics.report()
    first, second = diagnostics.warnings
    assert "url: https://www.norfolk.gov.uk/budget-book-2017-20.pdf" in first.hint, "the example fits the link"
    assert "[" not in first.hint, "a front-matter title is not Markdown: no [text](…) example"
    assert "title: … page on the Norfolk website and url:" in first.hint
    assert "url: www.norfolk.gov.uk/caring-for-your-county" in second.hint


def test_text_in_a_withheld_paper_is_not_linted_for_its_background_paper_titles(tmp_path):
    front = "status: draft\nbackground_papers:\n  - title: https://example.gov.uk/secret-plan\n"
    diagnostics = check_rendered(tmp_path, {PAPER: paper(front)})
    assert not [d for d in diagnostics.items if d.rule == "link-bare-url"]

