"""Accessibility lint on the Markdown source, before anything is rendered.

Each finding names the line, the rule, why it matters and how to fix it.
Severities here are the defaults; `site.yaml`'s checks policy may change
them (with a written reason), see `policy.py`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from markdown_it.token import Token

from generator.markdown.walk import inline_blocks, inline_children, source_texts

if TYPE_CHECKING:
    from generator.markdown.document import MarkdownContext

#: Lint rules and their default severity; the policy may only override these and the checkers' own rules.
LINT_RULES = {
    "heading-level": "error",
    "heading-skip": "error",
    "heading-empty": "error",
    "image-alt": "error",
    "alt-file-name": "error",
    "alt-meaningless": "warning",
    "image-text": "warning",
    "link-text": "error",
    "link-bare-url": "warning",
    "unsafe-link": "error",
    "table-caption": "error",
    "table-header": "error",
    "caps-run": "warning",
    "bold-heading": "warning",
    "date-format": "warning",
    "phone-format": "warning",
}

VAGUE_LINK_TEXT = {
    "click here", "here", "click", "link", "this link", "more", "read more", "more info", "more information",
    "this", "this page", "go", "details", "info", "learn more", "see here", "find out more",
}
MEANINGLESS_ALT = {"image", "picture", "photo", "graphic", "chart", "graph", "img", "icon", "logo", "screenshot", "diagram"}
FILE_NAME = re.compile(r"^[\w.-]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?)$", re.I)
#: Links markdown-it refuses to make (it prints them as text); said out loud so the author knows.
# Possessive (*+): with `\s*<?\s*` each space after "](" was tried as the end of the first run and the
# start of the second, quadratic in a long run of spaces.
UNSAFE_LINK = re.compile(r"\]\(\s*+<?\s*+(javascript|vbscript|data|file):", re.I)
URL_TEXT = re.compile(r"^(https?://|www\.)\S+$", re.I)
CAPITAL_WORD = re.compile(r"\b[A-Z][A-Z'’-]+\b")
#: 12/10/2017, 12.10.17, 2017/10/12: read out as numbers, and day and month are ambiguous.
# Each pattern begins with what it matches, not with a look behind, so that the regex engine can
# skip to the next digit (or 0) instead of trying every position: a tenth of a large build.
# They match what `(?<![\d/.])\d{1,2}…` and `(?<![\d.£])0…` would (tests/test_content_lint.py).
NUMERIC_DATE = re.compile(r"(\d(?<![\d/.]\d)\d?)[/.](\d{1,2})[/.](\d{2}|\d{4})(?![\d/]|\.\d)")
#: UK numbers run together (01603222948) or split with dots or dashes are read digit-groups wrong.
RUN_TOGETHER_PHONE = re.compile(r"(0(?<![\d.£]0)(?:\d{9,10}|\d{3,4}[.-]\d{3}[.-]?\d{3,4}))(?![\d.])")


def lint(tokens: Sequence[Token], context: "MarkdownContext") -> None:
    _headings(tokens, context)
    _tables(tokens, context)
    for token, parent in inline_children(tokens):
        if token.type == "image":
            _image(token, parent, context)
    _links(tokens, context)
    _paragraphs(tokens, context)


def _report(
    context: "MarkdownContext", token: Token | None, rule: str, message: str, hint: str, texts: Sequence[str] = ()
) -> None:
    """`token` is the block of the mistake; `texts`, what to look for in it to find the column."""
    position = context.position(token, texts)
    if LINT_RULES[rule] == "error":
        context.diagnostics.error(position, rule, message, hint)
    else:
        context.diagnostics.warning(position, rule, message, hint)


def _headings(tokens: Sequence[Token], context: "MarkdownContext") -> None:
    previous = context.heading_base - 1
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        text = tokens[index + 1].content.strip()
        marks = "#" * level
        if not text:
            _report(context, token, "heading-empty", "this heading has no text; screen readers announce an empty heading",
                    "give it a title or remove the line")
        if level < context.heading_base:
            _report(
                context, token, "heading-level",
                f"'{marks} {text}' is a level-{level} heading, but this text sits under a level-{context.heading_base - 1} heading",
                f"start headings here at '{'#' * context.heading_base} '; the page title is the only level-1 heading",
            )
        elif level > previous + 1:
            _report(
                context, token, "heading-skip",
                f"'{marks} {text}' jumps from level {previous} to level {level}; screen-reader users navigate by heading levels",
                f"use '{'#' * (previous + 1)} ' here",
            )
        previous = level


def _tables(tokens: Sequence[Token], context: "MarkdownContext") -> None:
    for token in tokens:
        if token.type != "clerk_table":
            continue
        table = token.meta["table"]
        if table.caption is None:
            _report(context, token, "table-caption", "this table has no caption; a caption tells people what the table is before they read it",
                    "put a line such as 'Table 2: Capital programme 2017-18' (or 'Table: …') just before the table")
        if not any(cell.text for cell in table.head):
            _report(context, token, "table-header", "this table's header row is empty, so no cell has a column heading",
                    "write the column headings in the first row of the table")


def _image(token: Token, parent: Token | None, context: "MarkdownContext") -> None:
    def report(rule: str, message: str, hint: str) -> None:
        _report(context, parent, rule, message, hint, source_texts(token))

    alt = token.content.strip()
    src = str(token.attrs.get("src", ""))
    title = str(token.attrs.get("title", "") or "").lower()
    if not alt and title != "decorative":
        report("image-alt", f"the image {src!r} has no alt text",
                "describe what the image shows: ![Map of the county's libraries](map.png); "
                "if it is only decoration, write ![](file.png \"decorative\")")
    elif FILE_NAME.match(alt) or (alt and alt == src.rsplit("/", 1)[-1]):
        report("alt-file-name", f"the alt text of {src!r} is a file name, which says nothing about the picture",
                "describe what the image shows")
    elif alt.lower().strip(".") in MEANINGLESS_ALT:
        report("alt-meaningless", f"the alt text {alt!r} does not say what the image shows",
                "describe its content, e.g. 'Bar chart of calls abandoned each month, falling from 12% to 7%'")
    if "text" in title.split():
        report("image-text", f"{src!r} is declared to contain text; text in images cannot be resized, searched or read aloud",
                "put the text in the paper itself and keep the image only for what words cannot show")


def _links(tokens: Sequence[Token], context: "MarkdownContext") -> None:
    for inline, block in inline_blocks(tokens):
        # One pass over the paragraph, collecting each link's text up to its link_close: looking ahead
        # from each link_open was quadratic in a paragraph of many links.
        link: Token | None = None
        text_parts: list[str] = []
        for child in inline.children or []:
            if child.type == "link_open" and link is None:
                link, text_parts = child, []
            elif link is None:
                continue
            elif child.type == "link_close":
                _link(link, " ".join("".join(text_parts).split()), block, context)
                link = None
            elif child.type in ("text", "code_inline", "image"):
                text_parts.append(child.content)
        if link is not None:
            _link(link, " ".join("".join(text_parts).split()), block, context)


def _link(link: Token, text: str, block: Token, context: "MarkdownContext") -> None:
    href = str(link.attrs.get("href", ""))
    written = (*source_texts(link), "[" + text, text, href)
    if text.lower().strip(".:") in VAGUE_LINK_TEXT or not text:
        _report(context, block, "link-text", f"the link text {text!r} does not say where the link goes",
                "use words that make sense out of context, e.g. [the 2017-20 budget book](…)", written)
    elif URL_TEXT.match(text) or link.markup == "autolink" or text == href:
        shown = text if len(text) <= 50 else text[:50] + "…"
        _report(context, block, "link-bare-url",
                f"the link text is a web address ({shown}); screen readers read it out letter by letter",
                "say where it goes: [Ofcom's broadband price comparison](https://…); keep the address in the text only if people need to type it",
                written)


def _paragraphs(tokens: Sequence[Token], context: "MarkdownContext") -> None:
    for index in range(1, len(tokens)):
        token = tokens[index]
        if token.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        if not (index >= 2 and tokens[index - 2].type == "list_item_open"):
            _bold_heading(token, context)
    for inline, token in inline_blocks(tokens):
        text = inline.content
        _capitals(token, text, context)
        for match in UNSAFE_LINK.finditer(text):
            _report(context, token, "unsafe-link", f"a {match.group(1)}: link is not allowed and is shown as plain text",
                    "link to a web page (https://…) or an email address (mailto:…)", (match.group(),))
        for match in NUMERIC_DATE.finditer(text):
            _report(context, token, "date-format", f"the date {match.group()!r} is read out as numbers and is ambiguous (day or month first?)",
                    "write dates in words, e.g. 8 September 2017", (match.group(),))
        for match in RUN_TOGETHER_PHONE.finditer(text):
            _report(context, token, "phone-format", f"the phone number {match.group()!r} is hard to read and to read aloud",
                    "group the digits with spaces, e.g. 01603 222948", (match.group(),))


def _bold_heading(inline: Token, context: "MarkdownContext") -> None:
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    if (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and sum(1 for c in children if c.type == "strong_open") == 1
        and len(inline.content) <= 80
    ):
        _report(context, inline, "bold-heading", f"'{inline.content.strip('*')}' is bold text standing alone, which looks like a heading but is not one",
                "make it a heading ('### …') so screen-reader users can find it")


NOT_A_LETTER = re.compile(r"[^A-Za-z]")
#: Two capitals in one word: every word of a run of capitals has a match of its own.
TWO_CAPITALS = re.compile(r"[A-Z][^\s]*?[A-Z]")


def _capitals(token: Token, text: str, context: "MarkdownContext") -> None:
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
                _report(context, token, "caps-run", "a long run of capital letters is hard to read, and some screen readers spell it out",
                        "write it in sentence case; use bold for emphasis", (" ".join(words[index - 4 : index + 1]), words[index - 4]))
                return
        elif letters:
            run = 0


