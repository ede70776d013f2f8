"""Dates written in numbers (12/10/2017) are read out as numbers, and day and month are ambiguous."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report

#: 12/10/2017, 12.10.17, 2017/10/12.
# The pattern begins with what it matches, not with a look behind, so that the regex engine can
# skip to the next digit instead of trying every position: a tenth of a large build.
# It matches what `(?<![\d/.])\d{1,2}…` would (tests/test_content_lint.py).
NUMERIC_DATE = re.compile(r"(\d(?<![\d/.]\d)\d?)[/.](\d{1,2})[/.](\d{2}|\d{4})(?![\d/]|\.\d)")


def check_dates(block: Token, text: str, context: MarkdownContext) -> None:
    for match in NUMERIC_DATE.finditer(text):
        if not could_be_a_date(int(match.group(1)), int(match.group(2))):
            continue  # a ratio or a split such as 20/60/20
        report(context, block, "date-format", f"the date {match.group()!r} is read out as numbers and is ambiguous (day or month first?)",
               "write dates in words, e.g. 8 September 2017", (match.group(),))


def could_be_a_date(first: int, second: int) -> bool:
    """A day and a month, in either order (12/10 and 10/12 are both read as dates)."""
    return (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)
