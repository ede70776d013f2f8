"""Render one piece of Markdown to HTML, reporting content mistakes with their lines."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Sequence
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from generator.checks.content_lint import lint
from generator.diagnostics import Diagnostics, Position
from generator.markdown import tables
from generator.markdown.ids import IdRegistry, paragraph_id, slugify
from generator.markdown.images import IMAGE_SUFFIXES, image_problems
from generator.markdown.links import LocalLink, resolve_local_links
from generator.markdown.numbering import last_section, number_sections
from generator.markdown.parser import make_parser
from generator.markdown.walk import inline_children, source_texts

LIST_TYPES = {"1", "a", "A", "i", "I"}
#: Attributes markdown-it itself sets on block tokens; anything else came from `{…}`.
OWN_ATTRIBUTES = {"ordered_list_open": {"start"}, "th_open": {"style"}, "td_open": {"style"}}


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str
    number: int | None = None
    appendix: bool = False


@dataclass(frozen=True)
class RenderedMarkdown:
    """HTML of a Markdown text, split where its appendices begin.

    The split lets a paper put what Clerk generates after the body (background
    papers, officer contact) before the appendices, as councils print them.
    """

    main: str
    appendices: str = ""
    headings: tuple[Heading, ...] = ()
    sections: int = 0
    assets: tuple[tuple[str, Path], ...] = ()
    """Images the text shows: (src as written, the file in content/) to publish beside the page."""
    links: tuple[LocalLink, ...] = ()
    """Its links to the site's own pages and files, checked once the site is planned."""

    @property
    def html(self) -> str:
        return self.main + self.appendices

    def __html__(self) -> str:
        return self.html


@dataclass
class MarkdownContext:
    """Where a piece of Markdown comes from and the page it is rendered into."""

    path: str
    first_line: int
    diagnostics: Diagnostics
    ids: IdRegistry = field(default_factory=IdRegistry)
    numbered: bool = False
    doc_id: str = "doc"
    folder: Path | None = None
    """The folder of the source file, against which image paths are resolved."""
    heading_base: int = 2
    """The level its headings start at: 2 for a body, deeper for text shown under a heading."""
    assets: list[tuple[str, Path]] = field(default_factory=list)
    margin: int = 0
    """Columns before the text on each of its lines in the file: a front-matter value's indentation."""
    lines: list[str] = field(default_factory=list)
    """The text being rendered, by line, to find where in a block a mistake is."""
    links: list[LocalLink] = field(default_factory=list)

    def position(self, token: Token | None, texts: Sequence[str] = ()) -> Position:
        """Where in the file `token` is, the block that holds a mistake (markdown-it knows its lines
        only): where the first of `texts` found in its lines begins, else its first character."""
        first = token.map[0] if token is not None and token.map else 0
        last = token.map[1] if token is not None and token.map else first + 1
        return self.position_in(first, last, texts)

    def position_in(self, first: int, last: int, texts: Sequence[str] = ()) -> Position:
        """The same, for lines `first` to `last` (not included) of the text, counted from 0."""
        for text in texts:
            needle = text.split("\n", 1)[0]
            if not needle:
                continue
            for index in range(first, min(last, len(self.lines))):
                column = self.lines[index].find(needle)
                if column >= 0:
                    return Position(self.path, self.first_line + index, self.margin + column + 1)
        line = self.lines[first] if first < len(self.lines) else ""
        return Position(self.path, self.first_line + first, self.margin + len(line) - len(line.lstrip()) + 1)


class MarkdownRenderer:
    def __init__(self) -> None:
        self.md = make_parser()
        add = self.md.add_render_rule
        add("html_block", _escaped_html_block)
        add("html_inline", _escaped_html_inline)
        add("heading_open", _heading_open)
        add("paragraph_open", _paragraph_open)
        add("paragraph_close", _paragraph_close)
        add("container_resolved_open", _resolved_open)
        add("container_resolved_close", lambda self, *args: "</div>\n")
        add("container_unnumbered_open", lambda self, *args: "")
        add("container_unnumbered_close", lambda self, *args: "")
        add("clerk_table", _render_table)
        add("footnote_block_open", _footnote_block_open)
        add("footnote_block_close", lambda self, *args: "</ol>\n</section>\n")
        add("footnote_caption", _footnote_caption)
        add("footnote_anchor", _footnote_anchor)

    def render(self, text: str, context: MarkdownContext) -> RenderedMarkdown:
        env: dict[str, Any] = {"docId": context.doc_id, "clerk": context}
        context.lines = text.split("\n")
        tokens = self.md.parse(text, env)
        _check_raw_html(tokens, context)
        _check_attributes(tokens, context)
        tokens = tables.collect_tables(tokens)
        lint(tokens, context)
        _letter_nested_lists(tokens)
        number_sections(tokens, numbered=context.numbered)
        headings = _name_headings(tokens, context)
        _find_images(tokens, context)
        resolve_local_links(tokens, context)
        split = _first_appendix(tokens)
        main = self.md.renderer.render(tokens[:split], self.md.options, env)
        appendices = self.md.renderer.render(tokens[split:], self.md.options, env)
        return RenderedMarkdown(
            main=main,
            appendices=appendices,
            headings=tuple(headings),
            sections=last_section(tokens),
            assets=tuple(context.assets),
            links=tuple(context.links),
        )


# -- checks -----------------------------------------------------------------


def _check_raw_html(tokens: Sequence[Token], context: MarkdownContext) -> None:
    blocks = ((token, token) for token in tokens if token.type == "html_block")
    for token, place in [*blocks, *inline_children(tokens)]:
        if token.type in ("html_block", "html_inline"):
            context.diagnostics.error(
                context.position(place, (token.content.strip(),)),
                "raw-html",
                f"raw HTML is not allowed: {token.content.strip()[:60]!r}",
                "write it in Markdown; Clerk shows raw HTML as plain text so that it cannot break the page",
            )


def _check_attributes(tokens: Sequence[Token], context: MarkdownContext) -> None:
    """Only `{type="a"}` before an ordered list is accepted from `{…}` attribute lines."""
    for token in tokens:
        if token.nesting != 1:
            continue
        # The attrs plugin moves event handlers (onclick=…) aside rather than dropping them.
        insecure = token.meta.pop("insecure_attrs", None) or {}
        allowed = set(OWN_ATTRIBUTES.get(token.type, set()))
        if token.type == "ordered_list_open":
            allowed.add("type")
        found = {**{name: value for name, value in token.attrs.items()}, **insecure}
        for name, value in found.items():
            bad_type = name == "type" and str(value) not in LIST_TYPES
            if name in allowed and not bad_type:
                continue
            line = token.map[0] - 1 if token.map else 0
            context.diagnostics.error(
                # The `{…}` line stands just before the block it applies to.
                context.position_in(max(line, 0), max(line, 0) + 1, ("{",)),
                "attribute",
                f"the attribute {name}={str(value)!r} is not allowed here",
                'only {type="a"} (or A, i, I, 1) before an ordered list is supported',
            )
            token.attrs.pop(name, None)


def _find_images(tokens: Sequence[Token], context: MarkdownContext) -> None:
    for token, parent in inline_children(tokens):
        if token.type == "image":
            _find_image(str(token.attrs.get("src", "")), context.position(parent, source_texts(token)), context)


def _find_image(src: str, place: Position, context: MarkdownContext) -> None:
    """Record a local image for publishing beside the page, or report why it cannot be."""
    if urlsplit(src).scheme or src.startswith("//"):
        context.diagnostics.error(
            place,
            "image-remote",
            f"the image {src!r} is not a file kept with the paper; a published paper's images must be in the repository",
            "save the image (if it may be published) in the paper's folder and give its file name, as in ![…](chart.png)",
        )
        return
    if context.folder is None:
        return
    relative = PurePosixPath(unquote(urlsplit(src).path))
    if relative.is_absolute() or ".." in relative.parts:
        context.diagnostics.error(
            place,
            "image-path",
            f"the image path {src!r} leaves the paper's folder",
            "put the image in the same folder as the paper (or a folder inside it) and use a relative path",
        )
        return
    if relative.suffix.lower() not in IMAGE_SUFFIXES:
        context.diagnostics.error(
            place,
            "image-type",
            f"{src!r} is not an image Clerk publishes",
            f"use one of {', '.join(sorted(IMAGE_SUFFIXES))}",
        )
        return
    file = context.folder / relative
    if file.exists() and not file.resolve().is_relative_to(context.folder.resolve()):
        context.diagnostics.error(
            place,
            "image-path",
            f"the image {src!r} is a link to a file outside the paper's folder",
            "copy the image into the folder instead of linking to it",
        )
        return
    if not file.is_file():
        context.diagnostics.error(
            place,
            "image-missing",
            f"the image {src!r} is not in {context.folder.name}/",
            "check the file name (it is case-sensitive) or add the image",
        )
        return
    problems = image_problems(file, src)
    for problem in problems:
        # A problem inside an SVG is reported at its line in the SVG; others where the text shows the image.
        image = PurePosixPath(context.path).parent.joinpath(relative).as_posix()
        where = Position(image, problem.line, problem.column) if problem.line else place
        context.diagnostics.error(where, problem.rule, problem.message, problem.hint)
    if not problems:
        context.assets.append((relative.as_posix(), file))


def _first_appendix(tokens: Sequence[Token]) -> int:
    """Index of the first appendix heading; footnotes, which the parser puts last, go with the appendices."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.meta.get("appendix"):
            return index
    return len(tokens)


# -- transforms --------------------------------------------------------------


def _letter_nested_lists(tokens: Sequence[Token]) -> None:
    """An ordered list inside an ordered list is lettered, as in '1)c'."""
    depth = 0
    for token in tokens:
        if token.type == "ordered_list_open":
            if depth and "type" not in token.attrs:
                token.attrs["type"] = "a"
            depth += 1
        elif token.type == "ordered_list_close":
            depth -= 1


def _name_headings(tokens: list[Token], context: MarkdownContext) -> list[Heading]:
    headings: list[Heading] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        text = tokens[index + 1].content.strip()
        section = token.meta.get("section")
        wanted = f"section-{section}" if section else slugify(text)
        token.attrs["id"] = context.ids.claim(wanted)
        headings.append(
            Heading(level=level, id=str(token.attrs["id"]), text=text, number=section, appendix=bool(token.meta.get("appendix")))
        )
    return headings


# -- render rules -------------------------------------------------------------


def number_link(number: str, anchor: str) -> str:
    """The paragraph number as a link to itself, so people can cite and share it."""
    return (
        f'<a class="para-num" href="#{anchor}">'
        f'<span class="visually-hidden">Paragraph </span>{number}</a> '
    )


def _claim_paragraph_id(env: dict[str, Any], number: str) -> str:
    context: MarkdownContext = env["clerk"]
    return context.ids.claim(paragraph_id(number))


def _heading_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    section = token.meta.get("section")
    prefix = f'<span class="section-num">{section}.</span> ' if section else ""
    return f'<{token.tag} id="{html.escape(str(token.attrs["id"]))}">{prefix}'


def _paragraph_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.hidden:
        return ""
    number = token.meta.get("number")
    if not number:
        return "<p>"
    anchor = _claim_paragraph_id(env, number)
    return f'<p class="numbered" id="{anchor}">{number_link(number, anchor)}'


def _paragraph_close(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.hidden:
        return "\n" if idx + 1 < len(tokens) and tokens[idx + 1].block else ""
    return "</p>\n"


def _resolved_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    number = token.meta.get("number")
    if number:
        anchor = _claim_paragraph_id(env, number)
        return (
            f'<div class="resolved" id="{anchor}">\n<p class="resolved-label">'
            f"{number_link(number, anchor)}<strong>RESOLVED</strong></p>\n"
        )
    return '<div class="resolved">\n<p class="resolved-label"><strong>RESOLVED</strong></p>\n'


def _escaped_html_block(self, tokens, idx, options, env) -> str:
    return f"<p>{html.escape(tokens[idx].content.strip())}</p>\n"


def _escaped_html_inline(self, tokens, idx, options, env) -> str:
    return html.escape(tokens[idx].content)


def _render_table(self, tokens, idx, options, env) -> str:
    from generator.markdown.table_html import render_table

    context: MarkdownContext = env["clerk"]
    return render_table(tokens[idx].meta["table"], lambda inline: self.renderInline(inline.children or [], options, env), context.ids)


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    context: MarkdownContext = env["clerk"]
    heading_id = context.ids.claim(f"footnotes-{context.doc_id}")
    level = context.heading_base  # under whatever heading the text sits
    return (
        f'<section class="footnotes" aria-labelledby="{heading_id}">\n'
        f'<h{level} id="{heading_id}">Footnotes</h{level}>\n<ol class="footnotes-list">\n'
    )


def _footnote_caption(self, tokens, idx, options, env) -> str:
    number = str(tokens[idx].meta["id"] + 1)
    return f'<span class="visually-hidden">Footnote </span>{number}'


def _footnote_anchor(self, tokens, idx, options, env) -> str:
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if tokens[idx].meta.get("subId", -1) > 0:
        ident += ":" + str(tokens[idx].meta["subId"])
    return f' <a href="#fnref{ident}" class="footnote-backref">Back to text<span class="visually-hidden"> of footnote {tokens[idx].meta["id"] + 1}</span></a>'
