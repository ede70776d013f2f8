"""The one markdown-it-py configuration Clerk uses."""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

#: `::: name` blocks officers may use; anything else is plain text.
CONTAINERS = ("resolved", "unnumbered", "appendix", "slides")


def make_parser() -> MarkdownIt:
    # html is parsed (not passed through) so that raw HTML can be reported
    # with its line and then rendered as escaped text.
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "xhtmlOut": False})
    md.enable("table")
    md.enable("strikethrough")
    md.use(footnote_plugin)
    md.use(attrs_block_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    return md
