"""A feed (content/feeds.py) as an Atom 1.0 document (RFC 4287), written with feedgen.

feedgen dates a feed and its entries with the clock and names its own version as the generator
unless told otherwise; both are set here from the content, so that two builds of the same content
give the same bytes.

Identities: each entry's `id` is a tag: URI (RFC 4151) made of the site's host, its meeting's date and
the path of the page it announces (with the decision's anchor), such as
`tag:committees.example.gov.uk,2017-10-12:/meetings/2017-10-12-audit/minutes/#decision-5-1`: the
same for the same paper in every build, whatever its date of publication says. A feed's id is its
own address.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from generator.config import SiteConfig
from generator.content.feeds import Feed, FeedEntry

ATOM_TYPE = "application/atom+xml"
#: Characters XML 1.0 cannot hold; YAML's double-quoted escapes can write them into a title.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def atom_document(feed: Feed, config: SiteConfig) -> bytes:
    """The feed's Atom XML; `config.base_url` must be set (feeds need absolute addresses)."""
    assert config.base_url is not None, "feeds are made only for a site with base_url"
    base = config.base_url
    document = FeedGenerator()
    document.id(base + feed.path)
    document.title(_xml(feed.title))
    document.updated(_midnight(feed.updated))
    document.author({"name": _xml(config.council)})
    document.link(href=base + feed.page_url, rel="alternate", type="text/html")
    document.link(href=base + feed.path, rel="self", type=ATOM_TYPE)
    document.language(config.language)
    document.generator("Clerk")
    for entry in feed.entries:
        item = document.add_entry(order="append")
        item.id(entry_id(entry, base))
        item.title(_xml(entry.title))
        item.published(_midnight(entry.published))
        item.updated(_midnight(entry.last_changed))
        item.link(href=base + entry.url, rel="alternate", type="text/html")
        item.summary(_xml(entry.summary))
    return document.atom_str(pretty=True)


def entry_id(entry: FeedEntry, base_url: str) -> str:
    address = urlsplit(base_url)
    return f"tag:{address.hostname},{entry.meeting.date.isoformat()}:{address.path}{entry.url}"


def _midnight(date: dt.date) -> dt.datetime:
    """Content gives days, Atom wants instants: the start of the day, in UTC."""
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)
