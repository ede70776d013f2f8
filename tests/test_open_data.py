"""Open data (issue 14 point 4): JSON files valid against their schemas, sitemap.xml, JSON-LD, nothing withheld."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from generator.build import build
from generator.render.open_data_records import DATA_FILES
from tests.sitekit import BASE_URL, EXAMPLE_BASE_URL, REPO, make_site, read, site_yaml
from tests.test_publishing_safely import CANARIES, withheld_site

MEETING = "content/meetings/2030-01-15-audit/meeting.md"
SCHEMAS = REPO / "docs" / "schemas"
BASE = BASE_URL
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _without_base_url(root: Path) -> Path:
    (root / "site.yaml").write_text(site_yaml(None), encoding="utf-8")
    return root


def _built(root: Path, today: dt.date = dt.date(2030, 1, 1)) -> Path:
    result = build(root, root / "build", today=today, gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    return root / "build"


def _sitemap_addresses(build_folder: Path) -> list[str]:
    tree = ElementTree.parse(build_folder / "sitemap.xml")
    return [loc.text or "" for loc in tree.getroot().iter(f"{SITEMAP}loc")]


def _html_pages(build_folder: Path) -> set[str]:
    """Every HTML page in the build, by the address a link gives it (a folder's index.html as the folder)."""
    pages = set()
    for path in build_folder.rglob("*.html"):
        relative = path.relative_to(build_folder).as_posix()
        pages.add(relative.removesuffix("index.html"))
    return pages


def test_every_json_file_of_the_example_site_validates_against_its_schema_in_docs_schemas(example_build):
    for data_file in DATA_FILES:
        schema = json.loads((SCHEMAS / data_file.schema_name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        data = json.loads((example_build / data_file.path).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(data)
        assert data[data_file.name], f"{data_file.path} is empty: a schema check of nothing proves nothing"


def test_the_schemas_in_docs_are_those_the_build_publishes_beside_the_data(example_build):
    for data_file in DATA_FILES:
        kept = (SCHEMAS / data_file.schema_name).read_text(encoding="utf-8")
        assert kept == (example_build / data_file.schema_path).read_text(encoding="utf-8"), (
            f"docs/schemas/{data_file.schema_name} is out of date: run `make golden` (tests/update_golden.py writes it)"
        )


def test_a_schema_refuses_a_record_with_a_field_it_does_not_describe(example_build):
    schema = json.loads((SCHEMAS / "papers.schema.json").read_text(encoding="utf-8"))
    data = json.loads((example_build / "data/papers.json").read_text(encoding="utf-8"))
    data["papers"][0]["body"] = "the text of a paper"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_a_paper_lists_its_web_page_large_print_view_pdfs_and_every_other_format_with_size_pages_and_length(example_build):
    papers = json.loads((example_build / "data/papers.json").read_text(encoding="utf-8"))["papers"]
    paper = next(p for p in papers if p["id"].endswith("/finance-monitoring"))
    notes = [document["note"] for document in paper["documents"]]
    assert notes == ["web page", "large-print web page", "PDF", "large-print PDF", "plain text", "braille", "EPUB e-book", "audio"]
    for document in paper["documents"]:
        path = document["url"].removeprefix(EXAMPLE_BASE_URL)
        assert (example_build / path / ("index.html" if path.endswith("/") else "")).is_file(), path
        if document["media_type"] != "text/html":
            assert document["size"] == (example_build / path).stat().st_size
        assert (document["pages"] or 0) > 0 if document["media_type"] == "application/pdf" else document["pages"] is None
        assert (document["duration"] or 0) > 60 if document["note"] == "audio" else document["duration"] is None


def test_the_sitemap_lists_exactly_the_public_html_pages_of_the_build(example_build, example_result):
    addresses = _sitemap_addresses(example_build)
    assert len(addresses) == len(set(addresses)) and addresses == sorted(addresses)
    assert {address.removeprefix(EXAMPLE_BASE_URL) for address in addresses} == _html_pages(example_build)
    assert {address.removeprefix(EXAMPLE_BASE_URL) for address in addresses} == {page.href for page in example_result.pages}


def test_open_data_files_are_written_with_sorted_keys_and_indented(example_build):
    for data_file in DATA_FILES:
        for path in (data_file.path, data_file.schema_path):
            text = (example_build / path).read_text(encoding="utf-8")
            assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n", path


def test_records_come_in_a_stable_order_meetings_by_date_memberships_by_committee_and_person(tmp_path):
    built = _built(make_site(tmp_path))
    meetings = json.loads((built / "data/meetings.json").read_text(encoding="utf-8"))["meetings"]
    assert [m["start_date"] for m in meetings] == sorted(m["start_date"] for m in meetings) and len(meetings) > 1
    memberships = json.loads((built / "data/memberships.json").read_text(encoding="utf-8"))["memberships"]
    keys = [(m["organization_id"], m["person_id"]) for m in memberships]
    assert keys == sorted(keys) and len(keys) > 1


def test_nothing_withheld_reaches_the_open_data_or_the_sitemap_but_an_exempt_items_title_does(tmp_path):
    built = _built(withheld_site(tmp_path))
    texts = {path: (built / path).read_text(encoding="utf-8") for path in [f.path for f in DATA_FILES] + ["sitemap.xml"]}
    for name, canary in CANARIES.items():
        leaked = [path for path, text in texts.items() if canary.lower() in text.lower()]
        assert not leaked, f"{name} canary in {leaked}"
    meeting = next(
        m for m in json.loads(texts["data/meetings.json"])["meetings"] if m["id"] == "meeting/2030-01-15-audit"
    )
    items = {item["order"]: item for item in meeting["agenda"]}
    assert items[6]["description"] == "Sale of the old depot"
    assert items[6]["exemption"]["paragraph"] == 3 and items[6]["related_entities"][0]["id"] is None
    assert items[5]["to_follow"] and items[5]["related_entities"] == []  # the draft: awaited, not named
    appendix = [entity for entity in items[3]["related_entities"] if entity["exemption"]]
    assert [entity["name"] for entity in appendix] == ["Appendix B, named cases"]
    papers = {paper["title"] for paper in json.loads(texts["data/papers.json"])["papers"]}
    assert "Sale of the old depot" not in papers and "Appendix B, named cases" not in papers and "Budget 2031" not in papers


def test_without_base_url_there_is_no_sitemap_and_links_are_paths_from_the_sites_root(tmp_path):
    built = _built(_without_base_url(make_site(tmp_path)))
    assert not (built / "sitemap.xml").exists()
    committees = json.loads((built / "data/committees.json").read_text(encoding="utf-8"))["committees"]
    assert [committee["url"] for committee in committees] == ["committees/audit/"]


def _json_ld(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    assert html.count("application/ld+json") == 1
    return json.loads(html[start : html.index("</script>", start)])


def test_a_meeting_page_describes_the_meeting_as_a_schema_org_event_in_london_time(tmp_path):
    # 15 January is in GMT; the fixture's December meeting too; a June one is in BST.
    june = "content/meetings/2030-06-12-audit/meeting.md"
    root = make_site(tmp_path, {june: read(MEETING).replace("date: 2030-01-15", "date: 2030-06-12").split("items:")[0] + "---\n"})
    built = _built(root)
    january = _json_ld(built / "meetings/2030-01-15-audit/index.html")
    assert january["@type"] == "Event" and january["@context"] == "https://schema.org"
    assert january["startDate"] == "2030-01-15T10:00:00+00:00"
    assert january["url"] == BASE + "meetings/2030-01-15-audit/"
    assert january["location"]["name"] == "Council Chamber, Town Hall"
    assert january["eventStatus"] == "https://schema.org/EventScheduled"
    assert _json_ld(built / "meetings/2030-06-12-audit/index.html")["startDate"] == "2030-06-12T10:00:00+01:00"
    assert "application/ld+json" not in (built / "large-print/meetings/2030-01-15-audit/index.html").read_text(encoding="utf-8")


def test_a_venue_cannot_end_the_json_ld_script(tmp_path):
    root = make_site(tmp_path, {MEETING: read(MEETING).replace("venue: Council Chamber, Town Hall", "venue: '</script><script>alert(1)</script>'")})
    page = _built(root) / "meetings/2030-01-15-audit/index.html"
    assert "<script>alert" not in page.read_text(encoding="utf-8")
    assert _json_ld(page)["location"]["name"] == "</script><script>alert(1)</script>"



def test_open_data_files_are_made_one_at_a_time_not_all_held_at_once(tmp_path, monkeypatch):
    """At 4,000 papers every record held at once (as models, dicts and JSON) was some 60 MiB: each file is
    made only when the one before it has been taken to be written."""
    from generator.render import open_data
    from tests.sitekit import loaded

    site = loaded(make_site(tmp_path))
    papers_made: list[str] = []
    paper = open_data._paper
    monkeypatch.setattr(open_data, "_paper", lambda site, made, formats: papers_made.append(made.slug) or paper(site, made, formats))
    files = iter(open_data.data_files(site, [], {}))
    next(files)  # the first file, committees
    assert DATA_FILES[0].name != "papers" and papers_made == [], "the papers file is not made before it is wanted"
    assert list(files) and papers_made
