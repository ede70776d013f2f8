"""A document's print HTML made into the one XHTML content document of its EPUB.

The print HTML is already the semantic page (headings, numbered paragraphs,
tables with captions and `scope`/`headers`, lists), so it is kept as it is,
element for element, and only what an EPUB cannot hold is changed:

- what only a paged PDF uses goes: the agenda pack's page-number column
  (filled in by WeasyPrint's `target-counter`), the running-header `data-run-*`
  attributes, scripts and styles;
- a link to another page of the site (`clerk-local:`) or to a file the EPUB
  does not hold becomes its text, as in the PDF; links to the web, e-mail,
  telephone and places inside the document stay;
- the agenda pack repeats its papers' ids (every paper has a `para-1.1`):
  each id is made unique, and every reference (`href="#…"`, `headers`,
  `aria-labelledby`) follows the copy of its id nearest to it, so that a
  table's cells keep their own table's headers;
- an image is kept when its bytes are given, else it becomes its alt text;
- an element or attribute outside the small set Clerk writes is unwrapped
  or dropped, and characters XML cannot hold are removed, so that odd input
  still gives a valid EPUB.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from generator.formats.document import PRINT_ONLY_CLASSES, parse_page

XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NAMESPACE = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: HTML elements kept as they are; any other is replaced by its content.
KEPT_ELEMENTS = frozenset(
    ["h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "section", "article", "aside", "header", "footer", "figure", "figcaption", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "blockquote", "pre", "span", "a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "abbr", "cite", "q", "mark", "del", "ins", "code", "kbd", "samp", "var", "time", "dfn", "bdi", "bdo", "br", "wbr", "hr", "img"]
)
#: Dropped with their content: not content, or only meaningful to a browser.
DROPPED_ELEMENTS = frozenset({"script", "style", "template", "noscript", "head", "iframe", "object", "embed"})
KEPT_ATTRIBUTES = frozenset(
    {"id", "class", "lang", "dir", "title", "scope", "headers", "colspan", "rowspan", "role", "tabindex", "abbr", "datetime", "cite", "hidden"}
)
#: Attributes kept only on the element they belong to (an image's `src` and `alt` are written by _Copier._image).
ATTRIBUTES_OF = {"href": "a", "start": "ol", "reversed": "ol", "type": "ol", "value": "li"}
#: Attributes that name ids, so follow them when ids are renamed.
ID_LISTS = ("headers", "aria-labelledby", "aria-describedby")
KEPT_SCHEMES = ("http://", "https://", "mailto:", "tel:")
#: C0 controls (but tab and new lines), lone surrogates and the two non-characters XML 1.0 forbids.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ID_START = re.compile(r"^[A-Za-z_]")
NOT_ID = re.compile(r"[^\w.-]")
HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}


@dataclass(frozen=True)
class NavHeading:
    level: int
    text: str
    target: str
    """The heading's id in the content document."""


@dataclass(frozen=True)
class ContentDocument:
    xhtml: bytes
    headings: tuple[NavHeading, ...]
    images: tuple[str, ...]
    """The image paths the document shows, as given in `image_bytes`."""
    described_images: bool
    """Whether any image kept has alt text (an image with empty alt is decoration)."""


def content_document(
    html: str, title: str, language: str, stylesheet: str, image_paths: Mapping[str, str]
) -> ContentDocument:
    """The XHTML of `html`'s body; `image_paths` maps each image source whose bytes the EPUB holds to its path there."""
    source = parse_page(xml_text(html))
    body = source.find("body")
    _drop_page_number_columns(source)
    root = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": EPUB_NAMESPACE})
    if language:
        root.set("lang", language)
        root.set(XML_LANG, language)
    head = etree.SubElement(root, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML}}}title").text = title
    etree.SubElement(head, f"{{{XHTML}}}link", rel="stylesheet", type="text/css", href=stylesheet)
    xhtml_body = etree.SubElement(root, f"{{{XHTML}}}body")
    copier = _Copier(image_paths)
    if body is not None:
        copier.copy_children(body, xhtml_body)
    if not len(xhtml_body) and not (xhtml_body.text or "").strip():
        # An empty document is still a document: say so rather than show a blank page.
        etree.SubElement(xhtml_body, f"{{{XHTML}}}h1").text = title
    _make_ids_unique(xhtml_body)
    _unlink_missing_fragments(xhtml_body)
    headings = tuple(_headings(xhtml_body))
    xhtml = etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")
    return ContentDocument(xhtml, headings, tuple(copier.images), copier.described_images)


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return NOT_XML.sub("", text)


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _drop_page_number_columns(source: HtmlElement) -> None:
    """Remove each table column that only page references fill: a printed page number means nothing in an EPUB."""
    for table in source.iter("table"):
        grid = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
        width = max((len(cells) for cells in grid), default=0)
        if any(cell.get("colspan") or cell.get("rowspan") for cells in grid for cell in cells if len(cells) == width):
            continue
        for column in reversed(range(width)):
            cells = [cells[column] for cells in grid if len(cells) == width]
            body = [cell for cell in cells if cell.getparent().getparent().tag != "thead"]
            references = [cell for cell in body if any(_classes(link) & PRINT_ONLY_CLASSES for link in cell.iter("a"))]
            if references and all(cell in references or not cell.text_content().strip() for cell in body):
                for cell in cells:
                    cell.getparent().remove(cell)


class _Copier:
    def __init__(self, image_paths: Mapping[str, str]):
        self.image_paths = image_paths
        self.images: list[str] = []
        self.described_images = False

    def copy_children(self, source: HtmlElement, target: etree._Element) -> None:
        _append_text(target, source.text)
        for child in source:
            self._copy(child, target)

    def _copy(self, source: HtmlElement, target: etree._Element) -> None:
        tag = source.tag if isinstance(source.tag, str) else None
        if tag is None or tag.lower() in DROPPED_ELEMENTS or _classes(source) & PRINT_ONLY_CLASSES:
            _append_text(target, source.tail)
            return
        tag = tag.lower()
        if tag == "img":
            self._image(source, target)
            _append_text(target, source.tail)
            return
        if tag == "a" and not _kept_link(source.get("href")):
            tag = "span"
        if tag not in KEPT_ELEMENTS:
            self.copy_children(source, target)
            _append_text(target, source.tail)
            return
        element = etree.SubElement(target, f"{{{XHTML}}}{tag}")
        for name, value in sorted(source.attrib.items()):
            if _kept_attribute(tag, name):
                element.set(name, xml_text(value))
                if name == "lang":
                    element.set(XML_LANG, xml_text(value))
        self.copy_children(source, element)
        _append_text(target, source.tail)

    def _image(self, source: HtmlElement, target: etree._Element) -> None:
        alt = xml_text(source.get("alt") or "").strip()
        path = self.image_paths.get(source.get("src") or "")
        if path is None:
            # No bytes to show: the reader still gets what the picture says, as the document model gives it.
            if alt:
                _append_text(target, f"[Image: {alt}]")
            return
        etree.SubElement(target, f"{{{XHTML}}}img", src=path, alt=alt)
        if path not in self.images:
            self.images.append(path)
        self.described_images = self.described_images or bool(alt)


def _kept_link(href: str | None) -> bool:
    if href is None:
        return True
    return href.startswith("#") or href.lower().startswith(KEPT_SCHEMES)


def _kept_attribute(tag: str, name: str) -> bool:
    return name.startswith("aria-") or name in KEPT_ATTRIBUTES or ATTRIBUTES_OF.get(name) == tag


def _append_text(element: etree._Element, text: str | None) -> None:
    if not text:
        return
    text = xml_text(text)
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def _make_ids_unique(body: etree._Element) -> None:
    """Give every element a unique, valid id and point each reference at the copy of its id nearest to it."""
    by_name: dict[str, list[etree._Element]] = {}
    taken: set[str] = set()
    for element in body.iter():
        name = element.get("id")
        if name is None:
            continue
        by_name.setdefault(name, []).append(element)
        new = _valid_id(name)
        unique, count = new, 1
        while unique in taken:
            count += 1
            unique = f"{new}-{count}"
        taken.add(unique)
        element.set("id", unique)
    for element in body.iter():
        href = element.get("href")
        if href is not None and href.startswith("#") and href[1:] in by_name:
            element.set("href", "#" + _nearest(element, by_name[href[1:]]).get("id"))
        for attribute in ID_LISTS:
            names = element.get(attribute)
            if names is None:
                continue
            ids = [_nearest(element, by_name[name]).get("id") for name in names.split() if name in by_name]
            if ids:
                element.set(attribute, " ".join(ids))
            else:
                del element.attrib[attribute]


def _valid_id(name: str) -> str:
    cleaned = NOT_ID.sub("-", name)
    return cleaned if ID_START.match(cleaned) else f"id-{cleaned}"


def _nearest(element: etree._Element, candidates: list[etree._Element]) -> etree._Element:
    """The candidate sharing the deepest ancestor with `element` (the first of them on a tie)."""
    if len(candidates) == 1:
        return candidates[0]
    tree = element.getroottree()
    path = tree.getpath(element).split("/")

    def shared(candidate: etree._Element) -> int:
        steps = 0
        for mine, theirs in zip(path, tree.getpath(candidate).split("/")):
            if mine != theirs:
                break
            steps += 1
        return steps

    return max(candidates, key=shared)


def _unlink_missing_fragments(body: etree._Element) -> None:
    """A link to a place the document does not have (the source's own mistake) would be broken: keep its text."""
    ids = {element.get("id") for element in body.iter() if element.get("id")}
    for link in body.iter(f"{{{XHTML}}}a"):
        href = link.get("href")
        if href is None or (href.startswith("#") and href[1:] not in ids):
            link.tag = f"{{{XHTML}}}span"
            link.attrib.pop("href", None)


def _headings(body: etree._Element) -> Iterator[NavHeading]:
    """Each heading with words, given an id if it had none, for the navigation document."""
    number = 0
    ids = {element.get("id") for element in body.iter() if element.get("id")}
    for element in body.iter(*(f"{{{XHTML}}}{tag}" for tag in HEADING_TAGS)):
        text = " ".join("".join(element.itertext()).split())
        if not text:
            continue
        if element.get("id") is None:
            number += 1
            while f"heading-{number}" in ids:
                number += 1
            element.set("id", f"heading-{number}")
        yield NavHeading(HEADING_TAGS[etree.QName(element).localname], text, element.get("id"))
