"""The formats besides HTML and PDF: made for every paper, the minutes and the agenda pack, cached,
reused by incremental builds, listed on the pages, switched off on request, never of anything withheld."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import generator.build
import generator.formats.run
import generator.render.format_writer
import generator.render.pdf_writer
from generator.build import build
from generator.cli import main
from generator.formats import audio, braille, epub, plain_text
from generator.formats.document import Document, read_document
from generator.formats.output import FormatSettings, FormatSource
from generator.executors import ExecutorChoice, Units
from generator.formats.run import FormatJob, MadeFormat, render_all
from generator.formats.braille import back_translate
from generator.formats.facts import FormatFacts
from generator.formats.registry import FORMATS, PLAIN_TEXT, Format
from generator.render.html import HtmlRenderer
from generator.render.pdf_facts import PdfFacts
from tests.red_team import CANARY, FOLDER, MEETING, _exempt_item, _paper, _with_paper
from tests.sitekit import PAPER, check, make_site, site_yaml
from tests.test_format_audio import print_html

FINANCE = "meetings/2017-10-12-digital-innovation-and-efficiency/finance-monitoring"
PACK = "meetings/2017-10-12-digital-innovation-and-efficiency/"
DOCUMENTS = (
    "meetings/2030-01-15-audit/internal-audit",
    "meetings/2030-01-15-audit/forward-plan",
    "meetings/2030-01-15-audit/agenda-pack",
    "meetings/2029-12-10-audit/minutes",
)


#: The formats the minimal site makes: all but audio, which its site.yaml switches off (synthetic speech costs
#: seconds a document; the example site and tests/test_format_audio.py test it).
MINIMAL_FORMATS = tuple(format for format in FORMATS if format.name != "audio")
#: The minimal site.yaml with every format on, for the canary test.
ALL_FORMATS_ON = site_yaml().replace("  audio: false\n", "  audio: true\n")


def _build(root: Path, output: Path, cache: Path, **options):
    result = build(root, output, cache_folder=cache, gate=None, pdfs=False, **options)
    assert result.ok, result.diagnostics.report()
    return result


@pytest.fixture(scope="module")
def example_text(example_build) -> Path:
    """The example site as the session builds it once (every format, every check)."""
    return example_build


def test_the_finance_papers_plain_text_has_table_1_with_every_figure_under_its_heading(example_text):
    text = (example_text / f"{FINANCE}.txt").read_text(encoding="utf-8")
    assert "Table 1: Digital Innovation & Efficiency Net revenue Budget Forecast\nOut-turn 2017-18" in text
    assert "Grants                            (0.500)        (0.500)          0.000" in text
    assert "Total for Committee                15.982         15.982          0.000" in text
    assert "2.3  The 2017-18 net revenue budget for this Committee is £15.982m, we\n" in text
    assert "2. Evidence\n-----------\n" in text
    assert "Graham Jermy\n  Telephone: 01603 638091\n" in text


def test_a_table_too_wide_for_plain_text_labels_every_figure_with_its_headers(example_text):
    text = (example_text / "meetings/2017-10-12-digital-innovation-and-efficiency/performance-management.txt").read_text()
    assert "{ICT} First line fix\n  Bigger or Smaller is better: Bigger\n  Sep 16: 42.0%\n" in text


def test_every_paper_the_minutes_and_the_pack_get_each_format_beside_their_pdf_even_without_pdfs(tmp_path):
    root = make_site(tmp_path)
    result = _build(root, tmp_path / "out", tmp_path / "cache")
    for document in DOCUMENTS:
        assert (tmp_path / "out" / f"{document}.txt").is_file(), document
    assert result.formats_rendered == len(DOCUMENTS) * len(MINIMAL_FORMATS)
    page = (tmp_path / "out" / "meetings/2030-01-15-audit/internal-audit/index.html").read_text()
    assert '<a href="../internal-audit.txt">Read this report as plain text</a> <span class="file-facts">(Plain text, 1 KB)' in page
    assert (
        'Already published here: <a href="../internal-audit.txt">plain text</a>, <a href="../internal-audit.brf">braille</a>'
        ' and <a href="../internal-audit.epub">EPUB e-book</a>. For anything else' in page
    )


def test_a_rebuild_with_nothing_changed_renders_no_format_and_an_edit_renders_only_what_shows_it(tmp_path):
    root = make_site(tmp_path)
    _build(root, tmp_path / "out", tmp_path / "cache")
    again = _build(root, tmp_path / "elsewhere", tmp_path / "cache")  # a full build: every page made again
    assert again.formats_rendered == 0, "each format file taken from the cache"
    paper = root / PAPER
    paper.write_text(paper.read_text() + "\nA new closing sentence.\n")
    edited = _build(root, tmp_path / "out", tmp_path / "cache")
    assert edited.formats_rendered == 2 * len(MINIMAL_FORMATS), "each format of the paper and of its meeting's pack"
    assert "A new closing sentence." in (tmp_path / "out/meetings/2030-01-15-audit/internal-audit.txt").read_text()


def test_no_formats_makes_none_and_says_so_where_no_pdfs_does(tmp_path):
    root = make_site(tmp_path)
    assert main(["build", "--root", str(root), "--no-browser-checks", "--no-pdfs", "--no-formats"]) == 0
    assert [file.name for file in (root / "build").rglob("*.txt")] == ["UNCHECKED.txt"]
    assert "no plain text, braille, audio or EPUB was made (--no-formats)" in (root / "build/UNCHECKED.txt").read_text()


def test_a_format_switched_off_in_site_yaml_is_not_made(tmp_path):
    root = make_site(tmp_path)
    (root / "site.yaml").write_text((root / "site.yaml").read_text().replace("formats:\n", "formats:\n  text: false\n"))
    _build(root, tmp_path / "out", tmp_path / "cache")
    assert not (tmp_path / "out/meetings/2030-01-15-audit/internal-audit.txt").exists()


def test_a_failing_renderer_is_an_error_at_the_documents_source_file_not_a_crash(tmp_path, monkeypatch):
    failing = Format("broken", ".brf", "text/plain", "Read {what} in braille", "Braille", "braille", "tests.failing_format")
    monkeypatch.setattr(generator.build, "enabled_formats", lambda config: (failing,))
    root = make_site(tmp_path)
    result = build(root, tmp_path / "out", cache_folder=tmp_path / "cache", gate=None, pdfs=False)
    failures = [item for item in result.diagnostics.errors if item.rule == "format-failed"]
    assert {item.position.path for item in failures} >= {PAPER, "content/meetings/2029-12-10-audit/minutes.md"}
    assert "lou_translate exited with status 1" in failures[0].message
    assert not (tmp_path / "out").exists(), "nothing published"


def _readable(file: Path) -> bytes:
    """What a format file says, in letters a canary can be found in: an EPUB unzipped, a BRF translated back."""
    data = file.read_bytes()
    if file.suffix == ".epub":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return b"".join(package.read(name) for name in package.namelist())
    if file.suffix == ".brf":
        return back_translate(data.decode("ascii", "replace")).encode()
    return data


def test_nothing_withheld_reaches_any_format_file_or_the_format_cache(tmp_path, monkeypatch):
    given: list[str] = []

    def recording(jobs, *args, **kwargs):
        given.extend(job.source.html for job in jobs)
        return render_all(jobs, *args, **kwargs)

    monkeypatch.setattr(generator.render.format_writer, "render_all", recording)
    root = make_site(tmp_path, {
        "site.yaml": ALL_FORMATS_ON,
        **_with_paper("secret", _paper(f"{CANARY} draft.\n", "kind: report\ntitle: Draft\nstatus: draft\n")),
    })  # fmt: skip
    exempt = make_site(tmp_path / "exempt", {"site.yaml": ALL_FORMATS_ON, MEETING: _exempt_item("sale"), f"{FOLDER}/sale.md": _paper(f"## Terms\n\n{CANARY}\n")})
    written = []
    for site in (root, exempt):
        _build(site, site / "build", site / ".clerk-cache")
        for format in FORMATS:
            written += list((site / "build").rglob(f"*{format.suffix}"))
        written += [file for file in (site / ".clerk-cache/formats").rglob("*") if file.is_file()]
    assert len(written) >= 2 * 2 * len(DOCUMENTS)
    assert given, "the formats were made"
    assert [html for html in given if CANARY in html] == [], "no renderer of any format is given withheld text"
    assert [file for file in written if CANARY.upper().encode() in _readable(file).upper()] == []


def test_each_registered_format_names_its_module_suffix_and_how_its_link_reads():
    assert PLAIN_TEXT in FORMATS
    for format in FORMATS:
        assert format.suffix.startswith(".") and "{what}" in format.label
        assert format.code_bytes()  # its module can be found without importing it


def test_the_glossary_is_validated_at_its_place_in_site_yaml(tmp_path):
    root = make_site(tmp_path)
    text = (root / "site.yaml").read_text()
    (root / "site.yaml").write_text(text + "glossary:\n  IMT: Information Management and Technology\n  not an abbreviation: x\n")
    (error,) = check(root).errors
    assert error.position.path == "site.yaml"
    assert error.position.line == len(text.splitlines()) + 3


def test_serve_makes_no_formats_unless_asked(tmp_path, monkeypatch):
    from generator.serve import Server

    asked = []
    monkeypatch.setattr("generator.serve.build", lambda *args, **options: asked.append(options["formats"]))
    for options in ({}, {"formats": True}):
        Server.for_site(make_site(tmp_path / str(len(asked))), 0, **options).build_site(None)
    assert asked == [False, True]


def test_a_papers_page_offers_every_format_and_lists_its_recordings_chapters(example_text):
    page = (example_text / FINANCE / "index.html").read_text(encoding="utf-8")
    for format in FORMATS:
        assert f'href="../finance-monitoring{format.suffix}"' in page, format.name
    assert "Listen to this report read by synthetic speech</a>" in page
    chapters = page.split('<details class="chapters">', 1)[1].split("</details>", 1)[0]
    assert "<summary>11 chapters, with their start times</summary>" in chapters
    assert chapters.count("<li><time datetime=") == 11
    assert '<time datetime="PT0S">0:00</time> Digital Innovation and Efficiency Committee, item 8: Finance Monitoring' in chapters
    assert "</time> 2. Evidence</li>" in chapters


def test_with_pdfs_and_formats_each_documents_print_html_is_rendered_once(tmp_path, monkeypatch):
    """The PDF and the other formats are made from the same standard-edition print HTML: one rendering of it
    per document per build (WeasyPrint and the format renderers are stood in for: only the HTML is counted)."""
    standard: list[str] = []
    record = HtmlRenderer.render_recording

    def counting(self, page, **options):
        if options.get("edition") == "standard":
            standard.append(page.url)
        return record(self, page, **options)

    def made(jobs, units, cache=None, *rest):
        for job in jobs:
            job.target.write_bytes(b"made")
        return [PdfFacts(1, 4, 0) if hasattr(job, "unit") else FormatFacts(4) for job in jobs], len(jobs)

    monkeypatch.setattr(HtmlRenderer, "render_recording", counting)
    monkeypatch.setattr(generator.render.pdf_writer, "render_all", made)
    monkeypatch.setattr(generator.render.format_writer, "render_all", made)
    root = make_site(tmp_path)
    result = build(root, tmp_path / "out", cache_folder=tmp_path / "cache", gate=None, publish_site=False)
    assert {item.rule for item in result.diagnostics.errors} == {"pdf:unreadable"}, "only the stand-in PDFs are at fault"
    assert result.formats_rendered == len(DOCUMENTS) * len(MINIMAL_FORMATS) and result.pdfs_rendered == 2 * len(DOCUMENTS)
    assert sorted(standard) == sorted(set(standard)) and len(standard) == len(DOCUMENTS)


def test_quick_formats_are_made_in_the_builds_process_and_only_audio_in_workers(tmp_path, monkeypatch):
    """A spawned worker costs more to start than text, braille or EPUB of a document take: only audio,
    seconds a document, is worth sending to one."""
    given: list[tuple[list[str], str]] = []

    def run(units, function, jobs, what):
        given.append((sorted({job.format.name for job in jobs}), units.choice.kind))
        return [MadeFormat(b"made", FormatFacts(4)) for _ in jobs]

    monkeypatch.setattr(Units, "run", run)
    document = Document("Title", "en", "", ())
    source = FormatSource("<html></html>", document, "x/")
    settings = FormatSettings("Council", "en-GB")
    jobs = [FormatJob(format, source, settings, tmp_path / f"{index}{format.suffix}") for index in range(3) for format in FORMATS]
    results, rendered = render_all(jobs, Units(ExecutorChoice("local"), processes=2))
    assert rendered == len(jobs) and all(isinstance(result, FormatFacts) for result in results)
    assert sorted(given) == [(["audio"], "local"), (["braille", "epub", "text"], "in-process")]


def test_the_packs_contents_speak_of_pages_in_its_pdf_alone(tmp_path):
    """Plain text, braille, EPUB and audio have no printed pages: their contents table names the items, with no
    Page column and no caption about pages; the PDF's print HTML keeps both."""
    html = print_html(PACK)
    assert "the page of this pack on which each item" in html
    source = FormatSource(html, read_document(html), PACK)
    settings = FormatSettings("Norfolk County Council", "en-GB")
    text = plain_text.render(source, settings).data.decode("utf-8")
    brf = back_translate(braille.render(source, settings).data.decode("ascii"))
    with zipfile.ZipFile(io.BytesIO(epub.render(source, settings).data)) as package:
        xhtml = b"".join(package.read(name) for name in package.namelist() if name.endswith(".xhtml")).decode("utf-8")
    spoken = "\n".join(chapter.text for chapter in audio.script(source, settings))
    for name, said in {"plain text": text, "braille": " ".join(brf.split()), "EPUB": xhtml, "audio": spoken}.items():
        assert "The agenda's items" in said.replace("’", "'"), name
        assert "page of this pack" not in said and not re.search(r"\bPage\b", said), name
