"""Markdown as councils write it: markdown-it-py plus numbering, tables and decision blocks."""

from generator.markdown.document import MarkdownRenderer, RenderedMarkdown

__all__ = ["MarkdownRenderer", "RenderedMarkdown"]
