"""A document's text as a speech synthesiser should read it: one chapter per section, in plain sentences.

espeak-ng reads figures the way a program prints them ("£15.982m" as "pound
fifteen point nine eight two m", "2017-18" as "two thousand and seventeen
dash eighteen", "0344 800 8020" as "eight thousand and twenty"), so every
figure is written out in words here, as a council officer would say it
aloud: money, financial years, dates, percentages, telephone numbers and
paragraph numbers. Writing them out also makes the words counted for a
recording's expected length the words it really says.

A table is read row by row, each figure after the heading of its column,
with the column's unit ("£m") applied to the figure. An abbreviation from
the council's glossary is said in full, with its letters after it, the
first time it comes in each chapter (a listener may start at any chapter),
and by its letters after that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from num2words import num2words

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

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SHORT_MONTHS = {month[:3]: month for month in MONTHS} | {"Sept": "September"}
#: Digits read one by one (telephone numbers, codes): "oh", as they are said in Britain.
DIGIT_NAMES = ("oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
#: After a decimal point, and a zero whole part: "nought point five".
DECIMAL_DIGIT_NAMES = ("nought",) + DIGIT_NAMES[1:]
SCALES = {"bn": "billion", "billion": "billion", "m": "million", "million": "million", "k": "thousand", "thousand": "thousand"}
#: A table column's unit, from its heading: "Budget £m", "Saving £mil", "£000", "£'000", "%".
COLUMN_UNITS = (
    (re.compile(r"£\s?(?:m|mil|million)\b|\(£m\)", re.IGNORECASE), "million"),
    (re.compile(r"£\s?'?000\b|£\s?k\b|\(£k\)", re.IGNORECASE), "thousand"),
    (re.compile(r"£"), ""),
    (re.compile(r"%|\bper ?cent\b", re.IGNORECASE), "%"),
)
UNIT_MARK = re.compile(r"\s*(?:\(£(?:m|k|'?000)\)|£\s?(?:mil|million|m|k|'?000)\b|£|\(%\)|%)", re.IGNORECASE)
NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
MONTH = "|".join(MONTHS)
SHORT_MONTH = "|".join(SHORT_MONTHS)
FIGURES = re.compile(
    rf"""
    (?P<span_range>(?<![0-9])(?:19|20)[0-9]{{2}}[-–/][0-9]{{2}}\s+to\s+(?:19|20)[0-9]{{2}}[-–/][0-9]{{2}}(?![0-9]))
    | (?P<money>(?P<money_sign>[-−])?£\s?(?P<amount>{NUMBER})(?:\s?(?P<scale>bn|billion|m|million|k|thousand)\b)?)
    | (?P<percent>(?P<percent_sign>(?<![\w.])[-−])?(?P<percentage>{NUMBER})\s?(?:%|\bper\s?cent\b))
    | (?P<date>(?<![0-9.])(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH})\b(?:,?\s+(?P<date_year>[0-9]{{4}})(?![0-9]))?)
    | (?P<month_year>\b(?P<short_month>{SHORT_MONTH})\.?\s(?P<short_year>[0-9]{{2}})(?![0-9]))
    | (?P<span>(?<![0-9.])(?:19|20)[0-9]{{2}}[-–/][0-9]{{2}}(?![0-9]|[-–/.][0-9]))
    | (?P<short_span>(?<![0-9.])[0-9]{{2}}/[0-9]{{2}}(?![0-9]|[/.][0-9]))
    | (?P<phone>(?<![0-9.,])(?:18001\s?)?0[0-9]{{2,4}}(?:[ -]?[0-9]{{3,4}}){{1,2}}(?![0-9]|[.,][0-9]))
    | (?P<time>(?<![0-9.])(?P<hour>[0-9]{{1,2}})(?:[.:](?P<minute>[0-9]{{2}}))?\s?(?P<meridiem>[ap])\.?m\b\.?)
    | (?P<year>(?<![0-9.,£])(?:19[5-9]|20[0-9])[0-9](?![0-9]|[.,][0-9]))
    | (?P<ordinal>(?<![0-9.])[0-9]+)(?:st|nd|rd|th)\b
    | (?P<dotted>(?<![0-9.])[0-9]+(?:\.[0-9]+){{2,}})
    | (?P<code>(?<=[^\W\d_])[0-9]+|[0-9]+(?=[^\W\d_]))
    | (?P<range>(?P<range_from>{NUMBER})\s?[-–]\s?(?P<range_to>{NUMBER})(?![0-9]))
    | (?P<number>(?P<number_sign>(?<![\w.])[-−])?(?P<figure>{NUMBER}))
    """,
    re.VERBOSE,
)
SYMBOLS = (
    (re.compile(r"\s[–—]\s|\s-\s"), ", "),
    (re.compile(r"&"), " and "),
    (re.compile(r"[{}•]"), " "),
    (re.compile(r"\[footnote ([^\]]*)\]"), r"(footnote \1)"),
    (re.compile(r"[\x00-\x08\x0b-\x1f\x7f]"), " "),
)
#: After the figures are words: a slash between words ("P/R"), and the spaces figures leave before punctuation.
TIDYING = (
    (re.compile(r"\band/or\b"), "and or"),
    (re.compile(r"(?<=\w)/(?=\w)"), " or "),
    (re.compile(r"[ \t]+(?=[,.;:!?)])"), ""),
    (re.compile(r"(?<=\()[ \t]+"), ""),
)
SPACES = re.compile(r"[ \t]+")
SENTENCE_END = re.compile(r"[.!?:;]$")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class SpokenChapter:
    title: str
    """The section's heading as printed ("2. Evidence"), for the chapter list."""
    text: str
    """What is said, one sentence or phrase a line."""

    def words(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    return len(WORD.findall(text))


@dataclass
class Speaker:
    """Says a chapter's text: remembers which glossary abbreviations the chapter has said in full."""

    glossary: tuple[tuple[str, str], ...] = ()
    said: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        names = sorted((name for name, _ in self.glossary if name.strip()), key=len, reverse=True)
        self.expansions = dict(self.glossary)
        self.abbreviation = (
            re.compile(r"(?<![\w.])(" + "|".join(re.escape(name) for name in names) + r")(?![\w])")
            if names
            else None
        )

    def say(self, text: str, unit: str | None = None) -> str:
        """`text` with every figure and symbol in words; `unit` is a table column's ("million", "thousand", "" for pounds, "%")."""
        for pattern, replacement in SYMBOLS:
            text = pattern.sub(replacement, text)
        if unit is not None:
            text = _column_figure(text, unit)
        text = FIGURES.sub(_figure, text)
        if self.abbreviation is not None:
            text = self.abbreviation.sub(self._abbreviation, text)
        for pattern, replacement in TIDYING:
            text = pattern.sub(replacement, text)
        return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n") if line.strip())

    def _abbreviation(self, match: re.Match[str]) -> str:
        name = match.group(1)
        letters = " ".join(name) if name.isupper() and name.isalpha() else name
        expansion = self.expansions[name]
        # "Local Management of Schools (LMS)": the text says it in full itself.
        written_out = match.string[: match.start()].rstrip(" (").endswith(expansion)
        if name in self.said or written_out:
            self.said.add(name)
            return letters
        self.said.add(name)
        return f"{expansion} ({letters})"


def spoken_chapters(document: Document, glossary: tuple[tuple[str, str], ...] = ()) -> list[SpokenChapter]:
    """The document as chapters to be read aloud, one per section (Document.sections())."""
    chapters: list[SpokenChapter] = []
    for section in document.sections():
        speaker = Speaker(glossary)
        lines: list[str] = []
        if section.heading is not None:
            lines.append(_heading(section.heading, speaker))
        for block in section.blocks:
            lines.extend(_block(block, speaker))
        title = section.heading.text if section.heading is not None else document.title
        chapters.append(SpokenChapter(title, "\n".join(line for line in lines if line)))
    return chapters


def _sentence(text: str) -> str:
    text = text.strip().rstrip(",").rstrip()
    if not text:
        return ""
    return text if SENTENCE_END.search(text) else text + "."


def _heading(heading: Heading, speaker: Speaker) -> str:
    text = heading.text
    if heading.number and text.startswith(heading.number):
        rest = text[len(heading.number) :].lstrip(". ")
        return _sentence(f"Section {_number_words(heading.number)}: {speaker.say(rest)}")
    return _sentence(speaker.say(text))


def _block(block: Block, speaker: Speaker) -> Iterator[str]:
    if isinstance(block, Heading):
        yield _heading(block, speaker)
    elif isinstance(block, Paragraph):
        yield from _paragraph(block, speaker)
    elif isinstance(block, ListBlock):
        for item in block.items:
            blocks = list(item.blocks)
            first = _marker(item.marker)
            for index, inner in enumerate(blocks):
                for line_index, line in enumerate(_block(inner, speaker)):
                    yield f"{first} {line}" if first and index == 0 and line_index == 0 else line
            if not blocks and first:
                yield first
    elif isinstance(block, Table):
        yield from _table(block, speaker)
    elif isinstance(block, DefinitionList):
        for item in block.items:
            details = "; ".join(speaker.say(item.details).split("\n"))
            yield _sentence(f"{speaker.say(item.term)}: {details}" if item.term else details)
    elif isinstance(block, Quote):
        yield "Quote."
        for inner in block.blocks:
            yield from _block(inner, speaker)
        yield "End of quote."


def _paragraph(paragraph: Paragraph, speaker: Speaker) -> Iterator[str]:
    lines = [_sentence(speaker.say(line)) for line in paragraph.text.split("\n")]
    lines = [line for line in lines if line]
    if paragraph.number:
        # The number is said as "paragraph five point one" only here, where it is the paragraph's number.
        number = f"Paragraph {_number_words(paragraph.number)}."
        lines = [f"{number} {lines[0]}", *lines[1:]] if lines else [number]
    yield from lines


def _marker(marker: str) -> str:
    """A list marker as said: "a)" as "a.", "3." as "three.", a bullet as nothing."""
    bare = marker.strip().rstrip(".)").lstrip("(")
    if not bare or not any(character.isalnum() for character in bare):
        return ""
    if bare.isdigit():
        return f"{_integer_words(bare)}."
    return f"{bare}."


def _table(table: Table, speaker: Speaker) -> Iterator[str]:
    rows = sum(1 for row in table.rows if any(not cell.header for cell in row))
    caption = speaker.say(table.caption)
    described = caption if caption.lower().startswith("table") else f"Table: {caption}" if caption else "Table"
    yield _sentence(f"{described}, {_integer_words(str(rows))} {'row' if rows == 1 else 'rows'}")
    column_headings = {cell.text for row in table.head for cell in row if cell.header}
    for row in table.rows:
        row_headings = [cell for cell in row if cell.header]
        data = [cell for cell in row if not cell.header]
        if not data:
            # A row-group heading, or a row of headings only.
            yield _sentence(", ".join(speaker.say(cell.text) for cell in row_headings if cell.text))
            continue
        said = [speaker.say(cell.text) for cell in row_headings if cell.text]
        parts = [_cell(cell, column_headings, speaker) for cell in data]
        parts = [part for part in parts if part]
        if not parts:
            continue
        lead = f"{', '.join(said)}: " if said else ""
        yield _sentence(lead + "; ".join(parts))
    yield "End of table."


def _cell(cell: Cell, column_headings: set[str], speaker: Speaker) -> str:
    columns = [label for label in cell.labels if label in column_headings]
    unit = _column_unit(columns)
    value = speaker.say(cell.text, unit if cell.numeric or unit is not None else None) if cell.text else ""
    if not value:
        return ""
    heading = ", ".join(spoken for spoken in (speaker.say(UNIT_MARK.sub("", label)) for label in columns) if spoken)
    return f"{heading}, {value}" if heading else value


def _column_unit(headings: Iterable[str]) -> str | None:
    for heading in headings:
        for pattern, unit in COLUMN_UNITS:
            if pattern.search(heading):
                return unit
    return None


#: A figure alone in a table cell, printed as accountants print it: "(0.500)" is minus.
CELL_FIGURE = re.compile(rf"^(?P<open>\()?(?P<sign>[-−])?(?P<figure>{NUMBER})(?(open)\))$")
NIL_CELL = re.compile(r"^[-–—]$")


def _column_figure(text: str, unit: str) -> str:
    """A cell's figure with its column's unit: "1.683" under "£m" is said as one point six eight three million pounds."""
    stripped = text.strip()
    if NIL_CELL.match(stripped):
        return "nil"
    match = CELL_FIGURE.match(stripped)
    if match is None:
        return text
    negative = bool(match.group("open") or match.group("sign"))
    figure = match.group("figure")
    if unit == "%":
        words = f"{_decimal_words(figure, trim=True)} per cent"
    else:
        words = _money_words(figure, unit)
    return f"minus {words}" if negative and _nonzero(figure) else words


def _figure(match: re.Match[str]) -> str:
    """The words for one figure FIGURES found; a space either side, so that it never runs into a word."""
    kind = match.lastgroup if match.lastgroup in _SAYERS else next(name for name in _SAYERS if match.group(name))
    return f" {_SAYERS[kind](match)} "


def _say_money(match: re.Match[str]) -> str:
    words = _money_words(match.group("amount"), SCALES.get((match.group("scale") or "").lower(), ""))
    return f"minus {words}" if match.group("money_sign") and _nonzero(match.group("amount")) else words


def _money_words(figure: str, scale: str) -> str:
    """"15.982", "million" as "fifteen point nine eight two million pounds"; "0.000" as "nought pounds"."""
    if not _nonzero(figure):
        return "nought pounds"
    if scale:
        return f"{_decimal_words(figure, trim=True)} {scale} pounds"
    whole, _, pence = figure.replace(",", "").partition(".")
    pounds = f"{_integer_words(whole)} {'pound' if int(whole) == 1 else 'pounds'}"
    if len(pence) == 2 and int(pence):
        return f"{pounds} and {_integer_words(pence)} {'penny' if int(pence) == 1 else 'pence'}"
    if pence and int(pence):
        return f"{_decimal_words(figure)} pounds"
    return pounds


def _say_percent(match: re.Match[str]) -> str:
    words = f"{_decimal_words(match.group('percentage'), trim=True)} per cent"
    return f"minus {words}" if match.group("percent_sign") else words


def _say_date(match: re.Match[str]) -> str:
    day = int(match.group("day"))
    said = f"the {num2words(day, to='ordinal')} of {match.group('month')}" if 1 <= day <= 31 else f"{_integer_words(match.group('day'))} {match.group('month')}"
    if match.group("date_year"):
        said += f" {_year_words(match.group('date_year'))}"
    return said


def _say_month_year(match: re.Match[str]) -> str:
    return f"{SHORT_MONTHS[match.group('short_month')]} {_year_words('20' + match.group('short_year'))}"


def _say_span(match: re.Match[str]) -> str:
    return _span_words(match.group("span"))


def _say_span_range(match: re.Match[str]) -> str:
    first, last = re.split(r"\s+to\s+", match.group("span_range"))
    return f"{_span_words(first)} through to {_span_words(last)}"


def _span_words(span: str) -> str:
    """A financial or academic year, "2018-19", as "twenty eighteen to nineteen"."""
    year, end = re.split(r"[-–/]", span)
    if int(end) == 0:
        return f"{_year_words(year)} to {_year_words(str(int(year[:2]) * 100 + 100))}"
    return f"{_year_words(year)} to {_integer_words(end)}"


def _say_short_span(match: re.Match[str]) -> str:
    first, second = match.group("short_span").split("/")
    if (int(first) + 1) % 100 == int(second):
        return _span_words(f"20{first}-{second}")
    return f"{_integer_words(first)} slash {_integer_words(second)}"


def _say_phone(match: re.Match[str]) -> str:
    groups = re.split(r"[ -]+", match.group("phone"))
    return ", ".join(_digit_words(group) for group in groups)


def _say_time(match: re.Match[str]) -> str:
    hour = _integer_words(match.group("hour"))
    minute = match.group("minute")
    said = f"{hour} {_minute_words(minute)}" if minute and int(minute) else hour
    return f"{said} {match.group('meridiem')} m"


def _minute_words(minute: str) -> str:
    return f"oh {_integer_words(minute)}" if minute.startswith("0") else _integer_words(minute)


def _say_year(match: re.Match[str]) -> str:
    return _year_words(match.group("year"))


def _say_ordinal(match: re.Match[str]) -> str:
    return _guarded(match.group("ordinal"), lambda number: num2words(number, to="ordinal"))


def _say_dotted(match: re.Match[str]) -> str:
    return _number_words(match.group("dotted"))


def _number_words(number: str) -> str:
    """A paragraph or section number, "4.10", as "four point ten": its parts are counts, not decimals."""
    return " point ".join(_integer_words(part) if part.isdigit() and part.isascii() else part for part in number.split("."))


def _say_code(match: re.Match[str]) -> str:
    return _digit_words(match.group("code"))


def _say_range(match: re.Match[str]) -> str:
    return f"{_decimal_words(match.group('range_from'))} to {_decimal_words(match.group('range_to'))}"


def _say_number(match: re.Match[str]) -> str:
    words = _decimal_words(match.group("figure"))
    return f"minus {words}" if match.group("number_sign") else words


_SAYERS = {
    "span_range": _say_span_range,
    "money": _say_money,
    "percent": _say_percent,
    "date": _say_date,
    "month_year": _say_month_year,
    "span": _say_span,
    "short_span": _say_short_span,
    "phone": _say_phone,
    "time": _say_time,
    "year": _say_year,
    "ordinal": _say_ordinal,
    "dotted": _say_dotted,
    "code": _say_code,
    "range": _say_range,
    "number": _say_number,
}


def _nonzero(figure: str) -> bool:
    return any(digit not in "0.," for digit in figure)


def _year_words(year: str) -> str:
    return _guarded(year, lambda number: num2words(number, to="year"))


def _integer_words(digits: str) -> str:
    return _guarded(digits.replace(",", ""), num2words)


def _guarded(digits: str, say) -> str:
    """num2words for ordinary figures; a figure too long to say as a number is read digit by digit."""
    digits = digits.replace(",", "")
    if len(digits.lstrip("0")) > 15:
        return _digit_words(digits)
    return say(int(digits))


def _decimal_words(figure: str, trim: bool = False) -> str:
    """"1.683" as "one point six eight three", "0.5" as "nought point five"; `trim` drops trailing zeros, which only show precision."""
    whole, _, fraction = figure.replace(",", "").partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    said = "nought" if whole and int(whole) == 0 and fraction else _integer_words(whole or "0")
    if fraction:
        said += " point " + " ".join(DECIMAL_DIGIT_NAMES[int(digit)] for digit in fraction)
    return said


def _digit_words(digits: str) -> str:
    return " ".join(DIGIT_NAMES[int(digit)] for digit in digits if digit.isdigit() and digit.isascii())
