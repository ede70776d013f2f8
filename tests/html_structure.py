"""Read built pages the way a checker does: links, ids, headings, tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageFacts:
    ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    lang: str | None = None
    tables: int = 0
    captions: int = 0
    header_cells_without_scope: int = 0
    landmarks: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.facts.ids.append(attributes["id"] or "")
        if tag in ("a", "link") and attributes.get("href") is not None:
            self.facts.links.append(attributes["href"] or "")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.facts.headings.append(int(tag[1]))
        if tag == "html":
            self.facts.lang = attributes.get("lang")
        if tag == "table":
            self.facts.tables += 1
        if tag == "caption":
            self.facts.captions += 1
        if tag == "th" and "scope" not in attributes:
            self.facts.header_cells_without_scope += 1
        if tag in ("main", "header", "footer", "nav"):
            self.facts.landmarks.add(tag)
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.facts.text.append(data)


def read_page(html: str) -> PageFacts:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.facts
