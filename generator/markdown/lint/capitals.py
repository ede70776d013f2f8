"""A long run of words in capitals is hard to read, and some screen readers spell it out."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report

NOT_A_LETTER = re.compile(r"[^A-Za-z]")
#: Two capitals in one word: every word of a run of capitals has a match of its own.
TWO_CAPITALS = re.compile(r"[A-Z][^\s]*?[A-Z]")


def check_capitals(block: Token, text: str, context: MarkdownContext) -> None:
    # Most paragraphs have no five such words at all; looking word by word is the slow part.
    if len(TWO_CAPITALS.findall(text)) < 5:
        return
    words = text.split()
    run = 0
    for index, word in enumerate(words):
        letters = NOT_A_LETTER.sub("", word)
        if len(letters) >= 2 and letters.isupper():
            run += 1
            if run == 5:
                report(context, block, "caps-run", "a long run of capital letters is hard to read, and some screen readers spell it out",
                       "write it in sentence case; use bold for emphasis", (" ".join(words[index - 4 : index + 1]), words[index - 4]))
                return
        elif letters:
            run = 0
