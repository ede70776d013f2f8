"""UK phone numbers run together (01603222948) or split with dots or dashes are read digit-groups wrong."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report

# Like dates.py's pattern, it begins with what it matches (a 0), not with a look behind, so that the
# regex engine can skip to the next 0; it matches what `(?<![\d.£])0…` would (tests/test_content_lint.py).
RUN_TOGETHER_PHONE = re.compile(r"(0(?<![\d.£]0)(?:\d{9,10}|\d{3,4}[.-]\d{3}[.-]?\d{3,4}))(?![\d.])")


def check_phone_numbers(block: Token, text: str, context: MarkdownContext) -> None:
    for match in RUN_TOGETHER_PHONE.finditer(text):
        report(context, block, "phone-format", f"the phone number {match.group()!r} is hard to read and to read aloud",
               "group the digits with spaces, e.g. 01603 222948", (match.group(),))
