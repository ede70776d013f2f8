"""Each document as an EPUB 3: valid under epubcheck, with EPUB Accessibility 1.1 metadata and a navigation document.

epubcheck is a JVM that checks one file a start (about four seconds each), so
every EPUB of this module is made once and all are checked together, two at
a time, by one fixture: eight starts in all (the six example documents, odd input, an empty page).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from generator.build import load_site
from generator.diagnostics import Diagnostics
from generator.formats.document import read_document
from generator.formats.epub import render, render_with_images
from generator.formats.output import FormatSettings, FormatSource
from generator.markdown.links import local_link
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import plan_pages
from tests.example_site import EXAMPLE_TODAY
from tests.sitekit import REPO

SETTINGS = FormatSettings(council="Norfolk County Council", language="en-GB")
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
FINANCE = "meetings/2017-10-12-digital-innovation-and-efficiency/finance-monitoring/"
PACK = "meetings/2017-10-12-digital-innovation-and-efficiency/"

ODD_PAGE = """<!DOCTYPE html><html lang="en-GB" data-run-date="Monday 3 February 2031"><head>
<title>Odd – Committee – Council</title></head><body data-run-item="item 1">
<h1>Odd input 🎉</h1>
<h3 id="1st">A heading two levels down, with an id that starts with a digit</h3>
<p>Emoji 👩🏽‍💻, combining marks e\u0301 a\u0308, a control character \x07 and a <a href="clerk-local:people/x/">link to a person</a>.</p>
<p dir="rtl" lang="ar">مرحبا بالعالم</p>
<p lang="he" dir="rtl">שלום עולם</p>
<table><caption>A table with no head</caption><tr><td>1</td><td>2</td></tr><tr><td>£3</td><td>(0.500)</td></tr></table>
<table><caption>A head of th cells only, and a wide row</caption><thead><tr><th>A</th></tr></thead>
<tbody><tr><td>x</td><td>y</td><td>z</td></tr></tbody></table>
<div id="same">One</div><div id="same">Two</div><p><a href="#same">back</a> <a href="#missing">nowhere</a></p>
<center><font color="red">Old <blink>markup</blink></font></center>
<p>A picture: <img src="chart.png" alt="Budget by year, rising"> and a decoration <img src="rule.png" alt=""></p>
<h2></h2>
</body></html>"""


def example_documents() -> dict[str, str]:
    """The standard print HTML of every example document (papers, minutes, agenda pack), by page URL, as the build makes it."""
    diagnostics = Diagnostics()
    site = load_site(REPO, diagnostics, EXAMPLE_TODAY)
    assert site is not None and not diagnostics.errors
    renderer = HtmlRenderer(template_folders(REPO), site, EXAMPLE_TODAY)
    return {
        page.url: renderer.render(
            page, template=page.pdf_template, url=local_link, large_type=False, edition="standard", downloads=[]
        )
        for page in plan_pages(site, diagnostics)
        if page.pdf_template
    }


def source(html: str, url: str = "meetings/x/odd/") -> FormatSource:
    return FormatSource(html=html, document=read_document(html), url=url)


def png() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(image, format="PNG")
    return image.getvalue()


@pytest.fixture(scope="module")
def examples() -> dict[str, str]:
    return example_documents()


@pytest.fixture(scope="module")
def epubs(examples: dict[str, str]) -> dict[str, bytes]:
    made = {url: render(source(html, url), SETTINGS).data for url, html in examples.items()}
    made["odd"] = render_with_images(source(ODD_PAGE), SETTINGS, {"chart.png": png(), "rule.png": png()}).data
    made["odd without images"] = render(source(ODD_PAGE), SETTINGS).data
    made["empty"] = render(source(""), FormatSettings(council="", language="cy")).data
    return made


@pytest.fixture(scope="module")
def epubcheck_messages(epubs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """What epubcheck says of each EPUB (errors and warnings), by name."""
    folder = tmp_path_factory.mktemp("epubs")
    paths = {}
    checked = {name: data for name, data in epubs.items() if name != "odd without images"}
    for index, (name, data) in enumerate(sorted(checked.items())):
        paths[name] = folder / f"{index}.epub"
        paths[name].write_bytes(data)
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(paths, pool.map(epubcheck, paths.values())))


def epubcheck(path: Path) -> list[str]:
    found = shutil.which("epubcheck")
    assert found, "epubcheck is not installed: `apt-get install epubcheck`"
    jar = Path(found).resolve()
    # Debian installs the jar itself as the command, which runs only where binfmt knows jars; a JVM that
    # compiles less of itself is quicker for a run this short.
    command = ["java", "-XX:TieredStopAtLevel=1", "-jar", str(jar)] if jar.suffix == ".jar" else [found]
    report = path.with_suffix(".json")
    # Compiling less of itself makes this short run of the JVM quicker.
    environment_options = ["-XX:TieredStopAtLevel=1"] if command[0] == "java" else []
    command = command[:1] + environment_options + command[1:]
    subprocess.run([*command, str(path), "--quiet", "--json", str(report)], capture_output=True, check=False, timeout=300)
    assert report.is_file(), f"epubcheck wrote no report for {path}"
    return [
        f"{message['severity']} {message['ID']}: {message['message']} {message['locations'][:1]}"
        for message in json.loads(report.read_text())["messages"]
        if message["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def read(epub: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        return etree.fromstring(archive.read(name))


def metadata(epub: bytes, property_name: str) -> list[str]:
    package = read(epub, "EPUB/package.opf")
    return [meta.text for meta in package.iterfind(f"opf:metadata/opf:meta[@property='{property_name}']", NS)]


def test_every_example_document_gives_an_epub_that_epubcheck_passes_without_an_error_or_warning(
    examples: dict[str, str], epubcheck_messages: dict[str, list[str]]
):
    assert len(examples) == 6, sorted(examples)
    assert {url: epubcheck_messages[url] for url in examples} == {url: [] for url in examples}


def test_odd_input_still_gives_a_valid_epub(epubcheck_messages: dict[str, list[str]]):
    odd = ("odd", "empty")
    assert {name: epubcheck_messages[name] for name in odd} == {name: [] for name in odd}


def test_the_package_says_how_the_document_can_be_read(epubs: dict[str, bytes]):
    epub = epubs[FINANCE]
    assert metadata(epub, "schema:accessMode") == ["textual"]
    assert metadata(epub, "schema:accessModeSufficient") == ["textual"]
    assert metadata(epub, "schema:accessibilityFeature") == ["structuralNavigation", "tableOfContents", "readingOrder"]
    assert metadata(epub, "schema:accessibilityHazard") == ["none"]
    assert "table" in metadata(epub, "schema:accessibilitySummary")[0]
    assert metadata(epub, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert metadata(epub, "a11y:certifiedBy") == ["Norfolk County Council"]


def test_identifier_and_modified_date_come_from_the_document_not_the_build(epubs: dict[str, bytes]):
    package = read(epubs[FINANCE], "EPUB/package.opf")
    identifier = package.find("opf:metadata/dc:identifier", NS).text
    assert identifier == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'Norfolk County Council/' + FINANCE)}"
    assert metadata(epubs[FINANCE], "dcterms:modified") == ["2017-10-12T00:00:00Z"]
    assert package.find("opf:metadata/dc:title", NS).text.startswith("Finance Monitoring")
    assert package.find("opf:metadata/dc:language", NS).text == "en-GB"


def test_the_navigation_lists_every_heading_nested_by_level(examples: dict[str, str], epubs: dict[str, bytes]):
    navigation = read(epubs[FINANCE], "EPUB/nav.xhtml")
    toc = navigation.find(".//h:nav[@epub:type='toc']", NS)
    listed = [" ".join("".join(link.itertext()).split()) for link in toc.iterfind(".//h:a", NS)]
    assert listed == [heading.text for heading in read_document(examples[FINANCE]).headings()]
    # "Revenue budget 2017-18" (h3) sits inside "2. Evidence" (h2), inside the paper's h1.
    evidence = toc.xpath(".//h:li[h:a='2. Evidence']", namespaces=NS)[0]
    assert "Revenue budget 2017-18" in [link.text for link in evidence.iterfind("h:ol/h:li/h:a", NS)]
    assert evidence.getparent().getparent().find("h:a", NS).text.endswith("Finance Monitoring")
    landmarks = navigation.find(".//h:nav[@epub:type='landmarks']", NS)
    assert [link.get(f"{{{NS['epub']}}}type") for link in landmarks.iterfind(".//h:a", NS)] == ["toc", "bodymatter"]


def test_two_renders_of_the_same_document_are_the_same_bytes(examples: dict[str, str], epubs: dict[str, bytes]):
    assert render(source(examples[PACK], PACK), SETTINGS).data == epubs[PACK]
    with zipfile.ZipFile(io.BytesIO(epubs[PACK])) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_what_only_print_uses_is_left_out_and_the_structure_is_kept(epubs: dict[str, bytes]):
    with zipfile.ZipFile(io.BytesIO(epubs[PACK])) as archive:
        text = archive.read("EPUB/content.xhtml").decode()
    content = etree.fromstring(text.encode())
    contents = content.find(".//h:table[@class='pack-contents']", NS)
    assert [th.text for th in contents.iterfind("h:thead/h:tr/h:th", NS)] == ["Item", "Title and papers"]
    assert "data-run-" not in text and "clerk-local:" not in text and "page-ref" not in text
    # The numbered paragraphs and table headers of print are all there.
    assert content.find(".//h:p[@id='para-2.3']/h:a[@class='para-num']", NS) is not None
    assert content.find(".//h:th[@scope='col']", NS) is not None


def test_the_packs_repeated_ids_are_made_unique_and_each_cell_keeps_its_own_tables_headers(epubs: dict[str, bytes]):
    content = read(epubs[PACK], "EPUB/content.xhtml")
    ids = [element.get("id") for element in content.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    by_id = {element.get("id"): element for element in content.iter() if element.get("id")}
    cells = content.xpath(".//h:td[@headers]", namespaces=NS)
    assert len(cells) > 500
    for cell in cells:
        table = next(cell.iterancestors(f"{{{NS['h']}}}table"))
        assert all(table in by_id[name].iterancestors() for name in cell.get("headers").split())


def test_an_image_given_is_packaged_and_declared_and_one_not_given_keeps_its_alt_text(epubs: dict[str, bytes]):
    with zipfile.ZipFile(io.BytesIO(epubs["odd"])) as archive:
        assert "EPUB/images/1.png" in archive.namelist()
    content = read(epubs["odd"], "EPUB/content.xhtml")
    assert [image.get("alt") for image in content.iterfind(".//h:img", NS)] == ["Budget by year, rising", ""]
    assert "alternativeText" in metadata(epubs["odd"], "schema:accessibilityFeature")
    assert metadata(epubs["odd"], "schema:accessMode") == ["textual", "visual"]

    without = read(epubs["odd without images"], "EPUB/content.xhtml")
    assert without.find(".//h:img", NS) is None
    assert "[Image: Budget by year, rising]" in "".join(without.itertext())
    assert "alternativeText" not in metadata(epubs["odd without images"], "schema:accessibilityFeature")


def test_odd_text_is_kept_and_right_to_left_text_keeps_its_direction(epubs: dict[str, bytes]):
    content = read(epubs["odd"], "EPUB/content.xhtml")
    text = "".join(content.itertext())
    assert "👩🏽‍💻" in text and "e\u0301" in text and "\x07" not in text
    arabic = content.find(".//h:p[@lang='ar']", NS)
    assert arabic.get("dir") == "rtl" and arabic.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"


def test_an_empty_document_still_has_a_title_and_a_contents_entry(epubs: dict[str, bytes]):
    navigation = read(epubs["empty"], "EPUB/nav.xhtml")
    assert [link.text for link in navigation.iterfind(".//h:nav[@epub:type='toc']//h:a", NS)] == ["Untitled document"]
    # With no council named there is no evaluator, so no claim of conformance either.
    assert metadata(epubs["empty"], "a11y:certifiedBy") == metadata(epubs["empty"], "dcterms:conformsTo") == []
