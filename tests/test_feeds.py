"""Atom feeds (issue 14 point 3): the site's and each committee's, read back as a feed reader reads them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import html5lib
from lxml import etree

from generator.build import build
from tests.sitekit import BASE_URL, make_site, read, site_yaml

ATOM = "{http://www.w3.org/2005/Atom}"
FOLDER = "content/meetings/2030-01-15-audit"
MEETING = f"{FOLDER}/meeting.md"
COMMITTEE_FEED = "committees/audit/feed.xml"
BASE = BASE_URL


def built(root: Path, today: dt.date, output: str = "build") -> Path:
    result = build(root, root / output, today=today, gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    return root / output


def embargoed_site(tmp_path: Path) -> Path:
    """The minimal site, its agenda published on 7 January 2030, with a risk register listed under item 5
    and held back until 12 January."""
    agenda = read(MEETING).replace("    to_follow: true\n", "    papers: [risk-register]\n").replace(
        "contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2030-01-07\n"
    )
    paper = (
        "---\nkind: report\ntitle: Risk register\npublish_from: 2030-01-12\nurgent_reason: The insurers' figures came late.\n"
        "---\n## Risks\n\nThe risks.\n"
    )
    return make_site(tmp_path, {MEETING: agenda, f"{FOLDER}/risk-register.md": paper})


def entries(feed: Path) -> list[feedparser.FeedParserDict]:
    return feedparser.parse(feed.read_bytes()).entries


def test_the_site_and_committee_feeds_are_well_formed_atom_with_every_required_element(tmp_path):
    site = built(make_site(tmp_path), dt.date(2030, 1, 1))
    for path in ("feed.xml", COMMITTEE_FEED):
        parsed = feedparser.parse((site / path).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert parsed.feed.id == BASE + path
        assert [link.href for link in parsed.feed.links if link.rel == "self"] == [BASE + path]
        # RFC 4287 4.1.1-4.1.2: the feed has an author; each entry one id, title, updated and alternate link.
        feed = etree.parse(str(site / path)).getroot()
        assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}author/{ATOM}name").text == "Example Borough Council"
        found = feed.findall(f"{ATOM}entry")
        assert len(found) == 5, [entry.findtext(f"{ATOM}title") for entry in found]
        for entry in found:
            for element in ("id", "title", "updated", "link"):
                assert len(entry.findall(f"{ATOM}{element}")) == 1, (element, etree.tostring(entry))
            assert entry.find(f"{ATOM}link").get("rel", "alternate") == "alternate"
            assert entry.find(f"{ATOM}link").get("href").startswith(BASE)
            assert entry.findtext(f"{ATOM}id").startswith("tag:example.org,")
        ids = [entry.findtext(f"{ATOM}id") for entry in found]
        assert len(set(ids)) == len(ids)


def test_each_published_thing_is_an_entry_dated_by_its_content(tmp_path):
    site = built(make_site(tmp_path), dt.date(2030, 1, 1))
    listed = [(entry.title, entry.updated[:10], entry.link.removeprefix(BASE)) for entry in entries(site / COMMITTEE_FEED)]
    assert listed == [
        ("Agenda: Audit Committee, 15 January 2030", "2030-01-15", "meetings/2030-01-15-audit/"),
        ("Internal audit report – Audit Committee, 15 January 2030", "2030-01-15", "meetings/2030-01-15-audit/internal-audit/"),
        ("Forward Plan – Audit Committee, 15 January 2030", "2030-01-15", "meetings/2030-01-15-audit/forward-plan/"),
        ("Minutes: Audit Committee, 10 December 2029", "2029-12-10", "meetings/2029-12-10-audit/minutes/"),
        ("Decision: Audit plan – Audit Committee, 10 December 2029", "2029-12-10", "meetings/2029-12-10-audit/minutes/#decision-2-1"),
    ]


def test_entries_are_newest_first_by_their_publication_dates_not_their_meetings(tmp_path):
    minutes = "content/meetings/2029-12-10-audit/minutes.md"
    root = make_site(tmp_path, {
        minutes: read(minutes).replace('concluded: "15:30"\n', 'concluded: "15:30"\npublished: 2030-02-01\n'),
        MEETING: read(MEETING).replace("contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2030-01-06\n"),
    })
    dates = [(entry.title.split(":")[0].split(" –")[0], entry.updated[:10]) for entry in entries(built(root, dt.date(2030, 1, 1)) / "feed.xml")]
    assert dates == [
        ("Minutes", "2030-02-01"), ("Decision", "2030-02-01"),
        ("Agenda", "2030-01-06"), ("Internal audit report", "2030-01-06"), ("Forward Plan", "2030-01-06"),
    ]


def test_two_builds_give_the_same_feeds_whatever_the_build_date(tmp_path):
    root = make_site(tmp_path)
    first = built(root, dt.date(2030, 1, 1), "first")
    second = built(root, dt.date(2031, 6, 30), "second")
    for path in ("feed.xml", COMMITTEE_FEED):
        assert (first / path).read_bytes() == (second / path).read_bytes()
    assert b"2031" not in (second / "feed.xml").read_bytes()


def test_an_entry_keeps_its_id_when_its_publication_date_is_corrected(tmp_path):
    root = make_site(tmp_path)
    before = {entry.link: entry.id for entry in entries(built(root, dt.date(2030, 1, 1), "first") / "feed.xml")}
    (root / MEETING).write_text(read(MEETING).replace("contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2030-01-06\n"))
    after = {entry.link: entry.id for entry in entries(built(root, dt.date(2030, 1, 1), "second") / "feed.xml")}
    assert after == before


def test_an_embargoed_paper_enters_the_feed_on_the_day_its_embargo_ends_and_not_before(tmp_path):
    root = embargoed_site(tmp_path)
    held = built(root, dt.date(2030, 1, 8), "held")
    for path in ("feed.xml", COMMITTEE_FEED):
        assert b"Risk register" not in (held / path).read_bytes()
        assert b"risk-register" not in (held / path).read_bytes()
    published = built(root, dt.date(2030, 1, 12), "published")
    newest = entries(published / COMMITTEE_FEED)[0]
    assert (newest.title, newest.updated) == ("Risk register – Audit Committee, 15 January 2030", "2030-01-12T00:00:00+00:00")
    assert newest.link == BASE + "meetings/2030-01-15-audit/risk-register/"
    assert entries(published / "feed.xml")[0].id == newest.id


def test_pages_name_their_committee_s_feed_and_the_site_s_in_their_head(tmp_path):
    site = built(make_site(tmp_path), dt.date(2030, 1, 1))

    def feeds_of(page: str) -> list[tuple[str, str]]:
        head = html5lib.parse((site / page).read_text(encoding="utf-8"), namespaceHTMLElements=False).find("head")
        return [(link.get("href"), link.get("title")) for link in head.iter("link") if link.get("type") == "application/atom+xml"]

    everything = "New committee papers – Example Borough Council"
    assert feeds_of("index.html") == [("feed.xml", everything)]
    assert feeds_of("meetings/2030-01-15-audit/internal-audit/index.html") == [
        ("../../../committees/audit/feed.xml", "New papers – Audit Committee"), ("../../../feed.xml", everything),
    ]
    assert feeds_of("committees/audit/index.html")[0] == ("feed.xml", "New papers – Audit Committee")
    assert feeds_of("large-print/committees/audit/index.html")[0] == ("../../../committees/audit/feed.xml", "New papers – Audit Committee")


def test_a_site_without_a_base_url_has_no_feeds_and_names_none(tmp_path):
    root = make_site(tmp_path, {"site.yaml": site_yaml(None)})
    site = built(root, dt.date(2030, 1, 1))
    assert not list(site.rglob("*.xml"))
    assert "application/atom+xml" not in (site / "index.html").read_text(encoding="utf-8")
