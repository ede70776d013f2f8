"""Attributes from `{…}` lines: only a list type before an ordered list, and `{.appendix}` before a `##`
heading (rules/appendices.py), are accepted; the rest reported and dropped."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.rules.appendices import APPENDIX_CLASS

LIST_TYPES = {"1", "a", "A", "i", "I"}
#: Attributes markdown-it itself sets on block tokens; anything else came from `{…}`.
OWN_ATTRIBUTES = {"ordered_list_open": {"start"}, "th_open": {"style"}, "td_open": {"style"}}


def check_attributes(tokens: list[Token], context: MarkdownContext) -> None:
    """Only `{type="a"}` before an ordered list and `{.appendix}` before a `##` heading are accepted."""
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
            if name == "class" and value == APPENDIX_CLASS and token.type == "heading_open" and token.tag == "h2":
                continue
            line = token.map[0] - 1 if token.map else 0
            context.diagnostics.error(
                # The `{…}` line stands just before the block it applies to.
                context.position_in(max(line, 0), max(line, 0) + 1, ("{",)),
                "attribute",
                f"the attribute {name}={str(value)!r} is not allowed here",
                'only {type="a"} (or A, i, I, 1) before an ordered list, and {.appendix} before a ## heading, are supported',
            )
            token.attrs.pop(name, None)
