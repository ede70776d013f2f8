"""Links to the site's own pages and files: each is noted, and its href pointed at the page or file it names."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from generator.diagnostics import Position
from generator.markdown.context import MarkdownContext
from generator.markdown.links import LocalLink, local_link, site_path
from generator.markdown.walk import inline_children


def resolve_local_links(tokens: list[Token], context: MarkdownContext) -> None:
    """Note each link to the site itself, and point its href at the page or file it names."""
    for token, place in inline_children(tokens):
        if token.type != "link_open":
            continue
        href = str(token.attrs.get("href", ""))
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//") or not parts.path:
            continue  # another site, an email address or phone number, or an anchor on this page
        written = unquote(parts.path)
        target = site_path(context.path, written)
        context.links.append(LocalLink(target, written, _position(written, place, context)))
        if target is not None:
            token.attrs["href"] = local_link(target + (f"#{parts.fragment}" if parts.fragment else ""))


def _position(written: str, place: Token, context: MarkdownContext) -> Position:
    """Where the link is: its block's line, and the column of the address on the line that has it."""
    start, end = place.map if place.map else (0, 1)
    for line in range(start, min(end, len(context.lines))):
        column = context.lines[line].find(f"]({written}")
        if column >= 0:
            return Position(context.path, context.first_line + line, context.margin + column + 3)
    return context.position(place)
