"""The braille-ready file (BRF) of a document: Unified English Braille grade 2, laid out as a transcriber would.

Text is translated by liblouis (Debian `liblouis-bin`'s `lou_translate`, tables
en-ueb-g2.ctb for UEB grade 2, the UK standard, and en-us-brf.dis for the
North American Braille ASCII that BRF files are written in). The whole
document goes through one `lou_translate` process, one input line per piece of
print, so that a long agenda pack costs one process, not one per paragraph;
the braille comes back a line per piece and is laid out here.

Layout (braille_layout.py) follows UK practice (RNIB/UKAAF) for the page
number and BANA Braille Formats for the rest, which UK transcribers share:
40 cells by 25 lines; the braille page number at the right of each page's
first line, at least three blank cells after any text on that line; the main
heading (level 1) centred with a blank line either side, level 2 headings at
cell 5 and deeper ones at cell 7, each kept with the line after it; paragraphs
begin at cell 3 and run over to cell 1, their paragraph number first; list
items begin at their marker and run over two cells further in; a table is
listed row by row (its caption first, each cell "label: value"). Words are
never divided between lines unless longer than a line (then after a hyphen
they already have, or with one added, as the Rules of UEB 10.13 do).

The file: each line ends with CR LF, and a form feed follows each page but the
last, the shape Duxbury's BRF files and braille embossers and notetakers
expect; liblouis's BRF table writes letters as capitals (Braille ASCII has no
case, so readers take either).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from generator.formats.braille_layout import Layout, Style, page_count
from generator.formats.document import (
    Block,
    Cell,
    DefinitionList,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
)
from generator.formats.output import FormatError, FormatOutput, FormatSettings, FormatSource

TRANSLATOR = "lou_translate"
#: Display table first: liblouis applies the last table's braille rules and the first's dot-to-ASCII mapping.
TABLES = "en-us-brf.dis,en-ueb-g2.ctb"
#: How long one document may take to translate before it counts as a failure (a whole pack takes well under a second).
TIMEOUT_SECONDS = 120
#: lou_translate reads a line of print into a buffer of this many bytes of UTF-8 less one, and writes a line of
#: braille from one as long: a longer line of print it cuts in two itself (one line of print, two of braille),
#: a longer line of braille it cuts short without a word. Lines are cut before it and joined after.
LINE_BYTES = 2048
#: Cuts are made four times shorter while a piece's braille overflows; below this, the line is refused.
SHORTEST_CUT_BYTES = 16
CELLS = 40
LINES = 25
#: What liblouis writes for a character its tables do not define: an escape such as '\x05e9', or
#: '\y1f600' beyond the first 65,536 characters, in braille.
UNDEFINED_MARK = re.compile(r"'\\[XY]")

__all__ = ["FormatError", "render", "translate", "back_translate", "page_count"]


def render(source: FormatSource, settings: FormatSettings) -> FormatOutput:
    """The document as a BRF file (bytes, ASCII)."""
    pieces = list(_pieces(source.document))
    braille = translate([piece.text for piece in pieces])
    layout = Layout(CELLS, LINES)
    for piece, text in zip(pieces, braille):
        layout.add(text, piece.style)
    return FormatOutput(layout.brf())


@dataclass
class Piece:
    """One piece of print, translated on its own line and laid out in one style."""

    text: str
    style: Style


def _pieces(document: Document) -> Iterator[Piece]:
    if document.title:
        yield Piece(document.title, Style.centred_heading())
    main_headings = 0
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            # In an agenda pack each paper begins on a new braille page, as it does in print.
            yield Piece(block.text, Style.centred_heading(new_page=main_headings > 0))
            main_headings += 1
        else:
            yield from _block_pieces(block, 0)


def _block_pieces(block: Block, depth: int) -> Iterator[Piece]:
    """`block` as pieces, `depth` pairs of cells further in (a list inside a list, a quotation)."""
    indent = 2 * depth
    if isinstance(block, Heading):
        yield Piece(block.text, Style.heading(block.level, indent))
    elif isinstance(block, Paragraph):
        for number, line in enumerate(block.text.split("\n")):
            prefix = f"{block.number} " if block.number and number == 0 else ""
            yield Piece(prefix + line, Style(indent + 2, indent))
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield from _item_pieces(item.marker, item.blocks, depth)
    elif isinstance(block, DefinitionList):
        for definition in block.items:
            details = definition.details.replace("\n", "; ")
            yield Piece(f"{definition.term}: {details}", Style(indent, indent + 2))
    elif isinstance(block, Quote):
        pieces = [piece for inner in block.blocks for piece in _block_pieces(inner, depth + 1)]
        if pieces:
            pieces[0].style = pieces[0].style.with_blank_before()
            pieces[-1].style = pieces[-1].style.with_blank_after()
        yield from pieces
    elif isinstance(block, Table):
        yield from _table_pieces(block, indent)


def _item_pieces(marker: str, blocks: tuple[Block, ...], depth: int) -> Iterator[Piece]:
    """A list item: its marker at the list's margin, every line after it two cells further in."""
    indent = 2 * depth
    first, rest = (blocks[0], blocks[1:]) if blocks else (Paragraph(""), ())
    if isinstance(first, Paragraph):
        lines = first.text.split("\n")
        number = f"{first.number} " if first.number else ""
        yield Piece(f"{marker} {number}{lines[0]}".rstrip(), Style(indent, indent + 2))
        for line in lines[1:]:
            yield Piece(line, Style(indent + 2, indent + 2))
    else:
        yield Piece(marker, Style(indent, indent + 2))
        rest = (first, *rest)
    for block in rest:
        if isinstance(block, Paragraph):
            for line in block.text.split("\n"):
                yield Piece(line, Style(indent + 2, indent + 2))
        else:
            yield from _block_pieces(block, depth + 1)


def _table_pieces(table: Table, indent: int) -> Iterator[Piece]:
    """A table listed row by row, as a braille reader can follow it: the caption, then each row on its own
    line, its row heading first and every other cell "label: value" with the headers that label it.

    A row-group heading (a row of header cells only) is a line of its own, and the rows under it are set
    two cells further in; labels already given by the row heading or the group are not repeated."""
    caption = table.caption or "Table"
    yield Piece(caption, Style(indent, indent + 2).with_blank_before().kept_with_next())
    group: tuple[str, ...] = ()
    for row in table.rows:
        if row and all(cell.header for cell in row):
            group = tuple(cell.text for cell in row if cell.text)
            yield Piece("; ".join(group), Style(indent, indent + 2).kept_with_next())
            continue
        said = set(group) | {cell.text for cell in row if cell.header}
        names = [cell.text for cell in row if cell.header and cell.text]
        entries = [_entry(cell, said) for cell in row if not cell.header and cell.text]
        if names or entries:
            # The row heading names the entry: "Infrastructure. 2017-18 Budget £m: 1.683; Forecast Out-turn £m: 1.683".
            name = " ".join(_sentence(text) for text in names)
            inset = indent + 2 if group else indent
            text = f"{name} {'; '.join(entries)}".strip().replace("\n", " ")
            yield Piece(text, Style(inset, inset + 2))
    yield Piece("", Style.blank_line())


def _entry(cell: Cell, said: set[str]) -> str:
    """A cell as "label: value", with the labels not already said by its row or group."""
    labels = [label for label in cell.labels if label not in said]
    return f"{', '.join(labels)}: {cell.text}" if labels else cell.text


def _sentence(text: str) -> str:
    return text if text[-1] in ".:;?!" else text + "."


def translate(lines: list[str]) -> list[str]:
    """Each line of print as a line of UEB grade 2 in Braille ASCII, by one run of liblouis."""
    prepared = [_printable(line) for line in lines]
    undefined = _undefined_characters("".join(prepared))
    if undefined:
        prepared = [_describe_undefined(line, undefined) for line in prepared]
    return _run(prepared)


def back_translate(brf: str) -> str:
    """Braille ASCII back into print with the same tables (what a braille reader's device would show)."""
    lines = brf.replace("\r\n", "\n").replace("\f", "\n").split("\n")
    return "\n".join(_run(lines, backward=True))


def _run(lines: list[str], backward: bool = False) -> list[str]:
    """Each line translated by one run of liblouis (a few more where a line's braille overflows its buffer)."""
    # lou_translate reads backslash escapes (\x41) in its input and drops a line with a bad one:
    # a backslash in the text is written as the escape for itself.
    escaped = [line.replace("\\", "\\\\") for line in lines]
    done: list[str | None] = [None] * len(lines)
    waiting = list(range(len(lines)))
    most = LINE_BYTES - 1
    while waiting:
        cuts = {index: _cut(escaped[index], most) for index in waiting}
        output = iter(_translate([piece for index in waiting for piece, _ in cuts[index]], backward))
        overflowing: list[int] = []
        for index in waiting:
            translated = [(next(output), joint) for _, joint in cuts[index]]
            if any(len(braille.encode("utf-8")) >= LINE_BYTES - 1 for braille, _ in translated):
                overflowing.append(index)
            else:
                done[index] = "".join(braille.rstrip() + joint for braille, joint in translated).rstrip()
        waiting, most = overflowing, most // 4
        if waiting and most < SHORTEST_CUT_BYTES:
            line = " ".join(lines[waiting[0]].split())
            raise FormatError(
                f"{TRANSLATOR} cannot write the braille of the line of print beginning “{line[:60]}”: "
                f"even a few characters of it make more braille than it writes on one line"
            )
    return [line or "" for line in done]


def _cut(line: str, most: int) -> list[tuple[str, str]]:
    """`line` in pieces of at most `most` bytes of UTF-8, each with what joins it to the next: cut at the last
    space that fits (the space is the joint), or inside a word only when no space fits (nothing is the joint),
    never inside a character or a backslash escape. A line that fits is one piece, translated as it was."""
    pieces: list[tuple[str, str]] = []
    start = 0
    while True:
        window = line[start : start + most + 1]  # never fewer bytes than characters: enough to cut from
        if len(window.encode("utf-8")) <= most:
            pieces.append((window, ""))
            return pieces
        fits = len(window.encode("utf-8")[:most].decode("utf-8", "ignore"))
        space = line.rfind(" ", start, start + fits + 1)
        if space > start:
            pieces.append((line[start:space], " "))
            start = space + 1
            continue
        head = window[:fits]
        end = fits - (len(head) - len(head.rstrip("\\"))) % 2  # keep "\\" whole
        pieces.append((window[:end], ""))
        start += end


def _translate(lines: list[str], backward: bool) -> list[str]:
    """Lines (already escaped, each shorter than LINE_BYTES) through one lou_translate, a line of output each
    (as written: a line cut short by liblouis is LINE_BYTES - 1 bytes long, its trailing spaces with it)."""
    program = shutil.which(TRANSLATOR)
    if program is None:
        raise FormatError(
            f"braille needs liblouis's `{TRANSLATOR}`, which is not installed (Debian: apt-get install liblouis-bin liblouis-data)"
        )
    text = "".join(line + "\n" for line in lines)
    command = [program, "--backward" if backward else "--forward", TABLES]
    try:
        finished = subprocess.run(
            command, input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise FormatError(f"{TRANSLATOR} could not translate the document: {error}") from error
    errors = finished.stderr.decode("utf-8", "replace").strip()
    if finished.returncode != 0:
        raise FormatError(
            f"{TRANSLATOR} {TABLES} failed (exit status {finished.returncode}): {errors or 'no message'}"
        )
    output = finished.stdout.decode("utf-8", "replace").split("\n")
    if output and output[-1] == "":
        output.pop()
    if len(output) != len(lines):
        raise FormatError(
            f"{TRANSLATOR} gave {len(output)} lines of braille for {len(lines)} lines of print"
            + (f": {errors}" if errors else "")
        )
    return output


def _printable(text: str) -> str:
    """`text` composed (an accent typed as a combining mark joins its letter), with tabs, line breaks and other
    controls as spaces (a new line would put the rest of the piece on the next piece's line of braille) and
    lone surrogates dropped (they cannot be written to liblouis)."""
    composed = unicodedata.normalize("NFC", text)
    return "".join(_printable_character(character) for character in composed)


def _printable_character(character: str) -> str:
    category = unicodedata.category(character)
    if category in ("Cc", "Zs", "Zl", "Zp"):
        return " "
    return "" if category == "Cs" else character


#: Characters liblouis's tables were found to lack (True) or have (False), kept for the life of the process.
_KNOWN: dict[str, bool] = {}


def _undefined_characters(text: str) -> set[str]:
    """The characters of `text` that the braille tables do not define (asked of liblouis once per process)."""
    asked = sorted({character for character in text if ord(character) > 0x7E} - _KNOWN.keys())
    if asked:
        for character, braille in zip(asked, _run(asked)):
            _KNOWN[character] = bool(UNDEFINED_MARK.search(braille)) or not braille
    return {character for character in set(text) if _KNOWN.get(character)}


def _describe_undefined(line: str, undefined: set[str]) -> str:
    """`line` with what braille cannot show said in words: a run of words of another script as one
    "[Hebrew text]", a symbol by its name ("[grinning face]"); marks and format characters dropped."""
    out: list[str] = []
    run_script = ""
    space = ""
    """White space inside a run of another script, written only if the run ends there."""
    for character in line:
        if character == " " and run_script:
            space += character
            continue
        if character in undefined:
            category = unicodedata.category(character)
            name = unicodedata.name(character, "")
            if category.startswith("L") or category == "Nd":
                script = name.split(" ")[0].title() if name else "Other"
                if script != run_script:
                    out.append(f"{space}[{script} text]")
                    run_script = script
                space = ""
                continue
            if category.startswith("M") and run_script:
                continue  # a vowel sign or accent of the run already described
            if category.startswith("S") and name:
                character = f"[{name.lower()}]"
            elif category.startswith("P"):
                character = " "
            else:
                character = ""
        out.append(space + character)
        run_script = ""
        space = ""
    return "".join(out) + space
