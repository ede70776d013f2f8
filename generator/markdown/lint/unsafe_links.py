"""Links markdown-it refuses to make (it prints them as text), said out loud so the author knows."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report

# Possessive (*+): with `\s*<?\s*` each space after "](" was tried as the end of the first run and the
# start of the second, quadratic in a long run of spaces.
UNSAFE_LINK = re.compile(r"\]\(\s*+<?\s*+(javascript|vbscript|data|file):", re.I)


def check_unsafe_links(block: Token, text: str, context: MarkdownContext) -> None:
    for match in UNSAFE_LINK.finditer(text):
        report(context, block, "unsafe-link", f"a {match.group(1)}: link is not allowed and is shown as plain text",
               "link to a web page (https://…) or an email address (mailto:…)", (match.group(),))
