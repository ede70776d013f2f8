"""A document's structure read back from its print HTML, for the formats that are not HTML or PDF.

Plain text, braille (BRF), synthetic speech and EPUB are all made from the
same HTML the PDF is made from (a paper's, the minutes' or the agenda pack's,
standard edition), so that every format says exactly what the PDF says.
This module reads that HTML once into a small typed model: headings with
their level, paragraphs with their paragraph numbers, lists with their
printed markers, and tables whose every cell knows the headers that label it
(from the `headers` attributes the table plugin writes). Each format then
lays the model out in its own way.

What only a paged PDF has is left out: the pack's page-number column (filled
in by WeasyPrint's `target-counter`), and the "↩" links back from footnotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

#: Elements that hold blocks but say nothing themselves.
CONTAINERS = frozenset(
    {
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "figure",
        "details",
        "body",
        "center",
    }
)
HEADINGS = {f"h{level}": level for level in range(1, 7)}
#: Elements dropped whole: not content, or only meaningful on a printed page.
DROPPED_TAGS = frozenset({"script", "style", "template", "head", "noscript"})
#: What only a printed page shows: a page number ("page-ref", filled in by the PDF's CSS), and anything a
#: template marks "print-only" (the pack's contents say on which page each item begins).
PRINT_ONLY_CLASSES = frozenset({"page-ref", "print-only"})
DROPPED_CLASSES = PRINT_ONLY_CLASSES | {"footnote-backref"}
#: Stands for a <br> while white space is collapsed (the source's own new lines are only spaces).
LINE_BREAK = "\u2028"
WHITESPACE = re.compile(r"[ \t\r\f\v\n]+")
#: How an ordered list's class or type makes its markers (Clerk writes "1)" lists as class paren-*).
PAREN_CLASSES = {
    "paren-decimal": "1",
    "paren-lower-alpha": "a",
    "paren-upper-alpha": "A",
    "paren-lower-roman": "i",
    "paren-upper-roman": "I",
}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    """As printed, its number included: "2. Evidence", "Slide 3 of 16: Current customer experience?"."""
    number: str | None = None
    """A numbered section's number without its full stop ("2"), where it has one."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    """Line breaks the source made with <br> are kept as "\\n"; all other white space is one space."""
    number: str | None = None
    """Its paragraph number ("2.3"), printed before it in the margin; not part of `text`."""


@dataclass(frozen=True)
class ListItem:
    marker: str
    """As printed: "1.", "a)", "iv.", or "•" in a list without numbers."""
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool
    """A <th>: a column, row or row-group heading."""
    labels: tuple[str, ...] = ()
    """The texts of the header cells that label this one (column heading, row group, row heading), in the
    order the table gives them; empty for a header cell and for a cell with no headers."""
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[tuple[Cell, ...], ...]
    """The header rows (<thead>)."""
    rows: tuple[tuple[Cell, ...], ...]
    """Body and footer rows, in printed order; a row-group heading is a row of one header cell."""


@dataclass(frozen=True)
class Definition:
    term: str
    details: str


@dataclass(frozen=True)
class DefinitionList:
    items: tuple[Definition, ...]


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


Block = Heading | Paragraph | ListBlock | Table | DefinitionList | Quote


@dataclass(frozen=True)
class Document:
    title: str
    """The HTML title: what the document is, its committee, date and council."""
    language: str
    author: str
    blocks: tuple[Block, ...]

    def headings(self) -> Iterator[Heading]:
        yield from _headings(self.blocks)

    def sections(self, deepest: int = 2) -> list[Section]:
        """The document cut at each heading of level `deepest` or above: what a chapter list shows.

        Blocks before the first such heading form a section with no heading.
        """
        sections: list[Section] = [Section(None)]
        for block in self.blocks:
            if isinstance(block, Heading) and block.level <= deepest:
                sections.append(Section(block))
            else:
                sections[-1].blocks.append(block)
        return [
            section
            for section in sections
            if section.heading is not None or section.blocks
        ]


@dataclass
class Section:
    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)


def _headings(blocks: tuple[Block, ...]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Quote):
            yield from _headings(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _headings(item.blocks)


def read_document(html: str) -> Document:
    """The document that `html` (a whole print page, as its PDF is made from) shows."""
    root = parse_page(html)
    title_element = root.find(".//title")
    title = _clean(_inline(title_element)) if title_element is not None else ""
    author = next(
        (
            meta.get("content", "")
            for meta in root.iter("meta")
            if meta.get("name") == "author"
        ),
        "",
    )
    body = root.find("body")
    blocks = _blocks(body) if body is not None else ()
    return Document(
        title=title, language=root.get("lang", ""), author=author, blocks=blocks
    )


def parse_page(html: str) -> HtmlElement:
    """`html` parsed as a whole page; nothing but white space is an empty page, not an error."""
    try:
        return lxml.html.document_fromstring(html)
    except lxml.etree.ParserError:
        return lxml.html.document_fromstring("<html><body></body></html>")


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _dropped(element: HtmlElement) -> bool:
    return (
        not isinstance(element.tag, str)
        or element.tag in DROPPED_TAGS
        or bool(_classes(element) & DROPPED_CLASSES)
    )


def _blocks(container: HtmlElement) -> tuple[Block, ...]:
    """The blocks inside `container`; loose inline content between them becomes paragraphs."""
    blocks: list[Block] = []
    inline: list[str] = [container.text or ""]

    def flush() -> None:
        text = _clean("".join(inline))
        inline.clear()
        if text:
            blocks.append(Paragraph(text))

    for child in container:
        if _dropped(child):
            inline.append(child.tail or "")
            continue
        block = _block(child)
        if block is None:
            # A <br> among a block's loose inline content (an officer's name, telephone, email) is a line break there too.
            inline.append(LINE_BREAK if child.tag == "br" else _inline(child))
        else:
            flush()
            blocks.extend(block)
        inline.append(child.tail or "")
    flush()
    return tuple(blocks)


def _block(element: HtmlElement) -> tuple[Block, ...] | None:
    """`element` as blocks, or None when it is inline content."""
    tag = element.tag
    if tag in HEADINGS:
        number = element.find(".//span[@class='section-num']")
        return (
            Heading(HEADINGS[tag], _clean(_inline(element)), _section_number(number)),
        )
    if tag == "p":
        return _paragraph(element)
    if tag in ("ul", "ol"):
        return (_list(element),)
    if tag == "table":
        return (_table(element),)
    if tag == "dl":
        return (_definitions(element),)
    if tag == "blockquote":
        return (Quote(_blocks(element)),)
    if tag == "pre":
        text = "".join(element.itertext()).strip("\n")
        return (Paragraph(text),) if text else ()
    if tag == "hr":
        return ()
    if tag == "figcaption":
        text = _clean(_inline(element))
        return (Paragraph(text),) if text else ()
    if tag in CONTAINERS:
        return _blocks(element)
    return None


def _section_number(span: HtmlElement | None) -> str | None:
    if span is None:
        return None
    return _clean(_inline(span)).rstrip(".") or None


def _paragraph(element: HtmlElement) -> tuple[Block, ...]:
    number_element = next(
        (
            child
            for child in element
            if isinstance(child.tag, str) and "para-num" in _classes(child)
        ),
        None,
    )
    number = None
    if number_element is not None:
        number = _clean(_inline(number_element, hidden=False)) or None
        text = _clean(
            (element.text or "") + _inline_children(element, skip=number_element)
        )
    else:
        text = _clean(_inline(element))
    return (Paragraph(text, number),) if text or number else ()


def _list(element: HtmlElement) -> ListBlock:
    ordered = element.tag == "ol"
    style = next(
        (PAREN_CLASSES[name] for name in _classes(element) if name in PAREN_CLASSES),
        None,
    )
    kind = style or element.get("type") or "1"
    suffix = ")" if style else "."
    number = _integer(element.get("start"), 1)
    items: list[ListItem] = []
    for child in element:
        if not isinstance(child.tag, str) or child.tag != "li":
            continue
        number = _integer(child.get("value"), number)
        marker = f"{_counter(number, kind)}{suffix}" if ordered else "•"
        items.append(ListItem(marker, _blocks(child)))
        number += 1
    return ListBlock(ordered, tuple(items))


def _integer(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _counter(number: int, kind: str) -> str:
    if kind in ("a", "A"):
        letters = ""
        while number > 0:
            number, remainder = divmod(number - 1, 26)
            letters = chr(ord("a") + remainder) + letters
        return letters.upper() if kind == "A" else letters
    if kind in ("i", "I"):
        roman = _roman(number)
        return roman.upper() if kind == "I" else roman
    return str(number)


def _roman(number: int) -> str:
    numerals = (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    )  # fmt: skip
    letters = ""
    for value, numeral in numerals:
        while number >= value:
            letters += numeral
            number -= value
    return letters or str(number)


def _definitions(element: HtmlElement) -> DefinitionList:
    items: list[Definition] = []
    term = ""
    for child in element.iter("dt", "dd"):
        if child.tag == "dt":
            term = _clean(_inline(child))
        else:
            items.append(Definition(term, _clean(_inline(child))))
    return DefinitionList(tuple(items))


def _table(element: HtmlElement) -> Table:
    caption_element = element.find("caption")
    caption = _clean(_inline(caption_element)) if caption_element is not None else ""
    by_id = {
        cell.get("id"): _clean(_inline(cell))
        for cell in element.iter("th")
        if cell.get("id")
    }
    head_rows = [
        row for section in element.findall("thead") for row in section.findall("tr")
    ]
    body_rows = [
        row
        for section in element
        if section.tag in ("tbody", "tfoot")
        for row in section.findall("tr")
    ] + element.findall("tr")
    column_headings = _column_headings(head_rows)
    head = tuple(
        tuple(_cell(cell, by_id, {}, None) for cell in _cells(row)) for row in head_rows
    )
    rows = []
    for row in body_rows:
        cells = _cells(row)
        row_heading = next(
            (cell for cell in cells if cell.tag == "th" and cell.get("scope") == "row"),
            None,
        )
        laid_out: list[Cell] = []
        column = 0
        for cell in cells:
            laid_out.append(_cell(cell, by_id, column_headings, row_heading, column))
            column += _integer(cell.get("colspan"), 1)
        rows.append(tuple(laid_out))
    return _without_empty_columns(Table(caption, head, tuple(rows)))


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [
        cell for cell in row if isinstance(cell.tag, str) and cell.tag in ("th", "td")
    ]


def _column_headings(head_rows: list[HtmlElement]) -> dict[int, list[str]]:
    """Each column's headings from the header rows, by column position (colspans spread across their columns)."""
    headings: dict[int, list[str]] = {}
    for row in head_rows:
        column = 0
        for cell in _cells(row):
            span = _integer(cell.get("colspan"), 1)
            text = _clean(_inline(cell))
            for offset in range(span):
                if text and cell.tag == "th":
                    headings.setdefault(column + offset, []).append(text)
            column += span
    return headings


def _cell(
    cell: HtmlElement,
    by_id: dict[str, str],
    column_headings: dict[int, list[str]],
    row_heading: HtmlElement | None,
    column: int = 0,
) -> Cell:
    text = _clean(_inline(cell))
    header = cell.tag == "th"
    numeric = "num" in _classes(cell)
    if header:
        return Cell(text, True, (), numeric)
    if cell.get("headers"):
        labels = tuple(
            by_id[name] for name in cell.get("headers", "").split() if by_id.get(name)
        )
    else:
        labels = tuple(column_headings.get(column, ()))
        if row_heading is not None and row_heading is not cell:
            labels += (_clean(_inline(row_heading)),)
    return Cell(text, False, labels, numeric)


def _without_empty_columns(table: Table) -> Table:
    """Drop a column that the print edition fills in by itself (the pack's page numbers): its body cells say nothing.

    Only rows with a cell for every column count (a row-group heading spans them all and is kept as it is).
    """
    if not table.head or not table.rows:
        return table
    width = len(table.head[-1])
    full = [row for row in table.rows if len(row) == width]
    empty = {
        index for index in range(width)
        if full and all(not row[index].text for row in full) and table.head[-1][index].text
    }  # fmt: skip
    if not empty:
        return table

    def keep(row: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return (
            tuple(cell for index, cell in enumerate(row) if index not in empty)
            if len(row) == width
            else row
        )

    return Table(
        table.caption,
        tuple(keep(row) for row in table.head),
        tuple(keep(row) for row in table.rows),
    )


def _inline(element: HtmlElement, hidden: bool = True) -> str:
    """The text of `element` as a reader hears it: hidden helper text kept (unless `hidden` is False), <br> as a new line."""
    return (element.text or "") + _inline_children(element, hidden=hidden)


def _inline_children(
    element: HtmlElement, skip: HtmlElement | None = None, hidden: bool = True
) -> str:
    parts: list[str] = []
    for child in element:
        if child is skip or _dropped(child):
            parts.append(child.tail or "")
            continue
        if child.tag == "br":
            parts.append(LINE_BREAK)
        elif child.tag == "img":
            alt = (child.get("alt") or "").strip()
            parts.append(f"[Image: {alt}]" if alt else "")
        elif "footnote-ref" in _classes(child):
            parts.append(f" [footnote {_clean(_inline(child, hidden=False))}]")
        elif not hidden and "visually-hidden" in _classes(child):
            pass
        else:
            parts.append(_inline(child, hidden))
        parts.append(child.tail or "")
    return "".join(parts)


def _clean(text: str) -> str:
    """One space for each run of white space, line breaks from <br> kept, nothing at either end."""
    lines = [WHITESPACE.sub(" ", line).strip() for line in text.split(LINE_BREAK)]
    return "\n".join(line for line in lines if line)
