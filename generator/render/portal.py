"""A portal's own pages, feed and search, made only from its councils' published output.

Each council is built alone (portal_build.py) and published under its slug; what the portal adds at its
top (the home page, the cross-council search and its index, the accessibility page, the combined feed)
reads only those published folders: each council's open data (its next meetings), its Atom feed (its
name and entries) and its standard-view pages (the search index). Nothing here reads a council's
content/, so nothing one council withholds can reach another's pages or the portal's.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from feedgen.feed import FeedGenerator
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from lxml import etree

from generator.config import SiteConfig
from generator.content.feeds import SITE_FEED, FeedLink
from generator.diagnostics import Diagnostics, Position
from generator.page_ids import PAGE_IDS
from generator.portal_config import Portal
from generator.render.assets import copy_static
from generator.render.atom import ATOM_TYPE
from generator.render.html import DEFAULT_TEMPLATES, plural, relative_url
from generator.render.pages import SEARCH_CHECKED_WITH, SEARCH_KINDS, SEARCH_URL, Crumb, Page
from generator.render.search_index import indexed_views, run_pagefind

#: How many of a council's coming meetings its entry on the portal's home page lists.
NEXT_MEETINGS = 3
ATOM = "{http://www.w3.org/2005/Atom}"
#: Where a council's searchable page says so (base.html gives `data-pagefind-body` to its <main>).
SEARCHABLE_MAIN = re.compile(r"<main\b[^>]*\bdata-pagefind-body[^>]*>")
#: Feeds are parsed with no network, no DTD and no entities: they are the councils' own output, but read as data.
FEED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class NextMeeting:
    name: str
    url: str
    """From the portal's root: <slug>/meetings/<folder>/."""
    start: dt.datetime


@dataclass(frozen=True)
class FeedItem:
    council: str
    id: str
    title: str
    link: str
    summary: str
    published: dt.datetime
    updated: dt.datetime


@dataclass(frozen=True)
class PublishedCouncil:
    """One council as its published folder shows it."""

    slug: str
    name: str
    folder: Path
    next_meetings: tuple[NextMeeting, ...]
    feed_items: tuple[FeedItem, ...]

    @property
    def url(self) -> str:
        return f"{self.slug}/"

    @property
    def accessibility_url(self) -> str:
        return f"{self.slug}/accessibility/"


def read_published(slug: str, folder: Path, base_url: str, portal_base_url: str, today: dt.date) -> PublishedCouncil:
    """What the portal shows of the council published in `folder` at `base_url`."""
    items, name = _feed_items(folder / SITE_FEED)
    return PublishedCouncil(slug, name or slug, folder, _next_meetings(folder, base_url, portal_base_url, today), items)


def _next_meetings(folder: Path, base_url: str, portal_base_url: str, today: dt.date) -> tuple[NextMeeting, ...]:
    try:
        events = json.loads((folder / "data" / "meetings.json").read_text(encoding="utf-8"))["meetings"]
    except (OSError, ValueError, KeyError):
        return ()  # a council with no open data has no meetings to list: its own pages are still linked
    coming = []
    for event in events:
        start = dt.datetime.fromisoformat(event["start_date"])
        if start.date() >= today and event["meeting_status"] == "scheduled" and event["url"].startswith(base_url):
            coming.append(NextMeeting(event["name"], event["url"].removeprefix(portal_base_url), start))
    return tuple(sorted(coming, key=lambda meeting: (meeting.start, meeting.url))[:NEXT_MEETINGS])


def _feed_items(path: Path) -> tuple[tuple[FeedItem, ...], str | None]:
    """The entries of a council's site-wide feed, and the council's name (the feed's author)."""
    try:
        root = etree.parse(str(path), FEED_PARSER).getroot()
    except (OSError, etree.XMLSyntaxError):
        return (), None
    name = root.findtext(f"{ATOM}author/{ATOM}name")
    items = []
    for entry in root.iterfind(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        items.append(
            FeedItem(
                council=name or "",
                id=entry.findtext(f"{ATOM}id", ""),
                title=entry.findtext(f"{ATOM}title", ""),
                link=link.get("href", "") if link is not None else "",
                summary=entry.findtext(f"{ATOM}summary", ""),
                published=dt.datetime.fromisoformat(entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated", "")),
                updated=dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated", "")),
            )
        )
    return tuple(items), name


def combined_feed(portal: Portal, councils: list[PublishedCouncil]) -> bytes:
    """Every council's site-wide feed in one, newest first, each entry titled with its council; its own
    dates are the entries', so two builds of the same councils give the same bytes (as render/atom.py)."""
    config = portal.config
    items = sorted((item for council in councils for item in council.feed_items), key=lambda item: (item.updated, item.id), reverse=True)
    document = FeedGenerator()
    document.id(config.base_url + SITE_FEED)
    document.title(portal_feed_title(portal))
    document.updated(items[0].updated if items else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
    document.author({"name": config.name})
    document.link(href=config.base_url, rel="alternate", type="text/html")
    document.link(href=config.base_url + SITE_FEED, rel="self", type=ATOM_TYPE)
    document.language(config.language)
    document.generator("Clerk")
    for item in items:
        entry = document.add_entry(order="append")
        entry.id(item.id)
        entry.title(f"{item.council}: {item.title}")
        entry.author({"name": item.council})
        entry.published(item.published)
        entry.updated(item.updated)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.summary(item.summary)
    return document.atom_str(pretty=True)


def portal_feed_title(portal: Portal) -> str:
    return f"New committee papers – {portal.config.name}"


def portal_search_tree(councils: list[PublishedCouncil], tree: Path) -> None:
    """Each council's searchable pages, at <slug>/<path> under `tree`, each marked with its council as a
    filter and as what a result shows: a copy for Pagefind to read, never the published page."""
    for council in councils:
        facts = (
            '<div hidden data-pagefind-ignore><span data-pagefind-filter="council">{0}</span>'
            '<span data-pagefind-meta="council">{0}</span></div>'
        ).format(html.escape(council.name))
        for page, relative in indexed_views(council.folder):
            text = page.read_text(encoding="utf-8")
            marked = SEARCHABLE_MAIN.sub(lambda found: found.group(0) + facts, text, count=1)
            if marked == text:
                continue  # not searchable: Pagefind would skip it anyway
            target = tree / council.slug / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(marked, encoding="utf-8")


def index_portal(staging: Path, councils: list[PublishedCouncil], diagnostics: Diagnostics, source: str) -> None:
    """One Pagefind index of every council's standard views, written into the portal's pagefind/."""
    tree = Path(tempfile.mkdtemp(prefix=f"{staging.name}-search-", dir=staging.parent))  # cleared with staging leftovers
    try:
        portal_search_tree(councils, tree)
        run_pagefind(tree, staging, diagnostics)
    except OSError as error:
        diagnostics.error(
            Position(source), "search-index-failed", f"the portal's search index could not be made: {error}",
            "check that the portal's output folder has room and can be written",
        )  # fmt: skip
    finally:
        shutil.rmtree(tree, ignore_errors=True)


HOME = Crumb("Home", "")
HOME_PAGE = "index.html"
ACCESSIBILITY_URL = "accessibility/"


def portal_pages(portal: Portal) -> list[Page]:
    """The portal's own pages: home, search (checked showing results, as a council's is) and accessibility."""
    source = portal.file.name
    return [
        Page(url="", template="portal/home.html", title=portal.config.title, source=source, searchable=False),
        Page(url=SEARCH_URL, template="portal/search.html", title="Search every council's meetings and papers", source=source,
             breadcrumbs=(HOME,), searchable=False),  # fmt: skip
        Page(url=ACCESSIBILITY_URL, template="portal/accessibility.html", title="Accessibility", source=source,
             breadcrumbs=(HOME,), searchable=False),  # fmt: skip
    ]


def write_portal(portal: Portal, councils: list[PublishedCouncil], staging: Path, diagnostics: Diagnostics) -> list[Page]:
    """The portal's pages, stylesheet and script, feed and search index, into `staging`; the pages written."""
    environment = Environment(
        loader=FileSystemLoader(str(DEFAULT_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["plural"] = plural
    # The council's base.html, given the portal as its site: the same landmarks, skip link, language and footer.
    config = SiteConfig(
        council=portal.config.name, title=portal.config.title, language=portal.config.language,
        alternative_formats=portal.config.alternative_formats, base_url=portal.config.base_url,
    )  # fmt: skip
    environment.globals.update(config=config, ids=PAGE_IDS, preview=False)
    feeds = (FeedLink(portal_feed_title(portal), SITE_FEED),)
    pages = portal_pages(portal)
    for page in pages:
        text = environment.get_template(page.template).render(
            page=page, url=lambda target, here=page.url: relative_url(target, here), view_switch=None,
            site_root=relative_url("", page.url), feeds=feeds, downloads=[], councils=councils, kinds=SEARCH_KINDS,
            search_url=SEARCH_URL,
        )  # fmt: skip
        (staging / page.output_path).parent.mkdir(parents=True, exist_ok=True)
        (staging / page.output_path).write_text(text, encoding="utf-8")
    copy_static([DEFAULT_TEMPLATES], staging)
    (staging / SITE_FEED).write_bytes(combined_feed(portal, councils))
    index_portal(staging, councils, diagnostics, portal.file.name)
    return pages


__all__ = ["SEARCH_CHECKED_WITH", "PublishedCouncil", "read_published", "write_portal"]
