"""Property tests: no input to the loader or the Markdown renderer raises; mistakes become diagnostics."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.frontmatter import parse_yaml, split_front_matter
from generator.content.model import MeetingSource, PaperSource, PersonSource
from generator.content.validation import validate
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.markdown.context import MarkdownContext

RENDERER = MarkdownRenderer()

#: Text biased towards the characters that matter to YAML and Markdown.
SYNTAX = st.text(alphabet=st.sampled_from(list(":-[]{}|>#*!`'\"&%@,\n\t ")) | st.characters(), max_size=300)
MARKDOWN_PIECES = st.sampled_from(
    [
        "## Heading\n", "### Sub\n", "# Title\n", "para text\n", "\n", "::: resolved\n", "::: unnumbered\n", "::: appendix\n", "{.appendix}\n", ":::\n",
        "| a | b |\n", "|---|---:|\n", "| 1 | (2.0) |\n", "Table 1: cap\n", "Table: cap\n", "1) one\n", "   1. nested\n",
        "{type=\"a\"}\n", "{#id .class onclick=x}\n", "![](x.png)\n", "![alt](y.png)\n", "<b>x</b>\n", "<div>\n",
        "[^1]\n", "[^1]: note\n", "[link](javascript:alert(1))\n", "<https://example.org>\n", "> quote\n",
        "- item\n", "## Appendix 1\n", "    code\n", "```\n", "***\n", "Total | 1\n",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SYNTAX, st.text(max_size=300)))
def test_any_text_as_a_markdown_file_gives_diagnostics_not_exceptions(text):
    diagnostics = Diagnostics()
    source = split_front_matter("x.md", text, diagnostics)
    if source is None:
        assert diagnostics.has_errors
        return
    for model in (MeetingSource, PaperSource, PersonSource):
        validate(source.front, model, Diagnostics())


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SYNTAX, st.text(max_size=300)))
def test_any_text_as_yaml_gives_diagnostics_not_exceptions(text):
    diagnostics = Diagnostics()
    document = parse_yaml("x.yaml", text, diagnostics)
    if document is not None:
        validate(document, PersonSource, diagnostics)
    for item in diagnostics.items:
        assert item.position.line >= 1 and item.position.column >= 1


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(string.printable, max_size=20) | st.dates(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["kind", "title", "items", "date", "time", "committee", "venue", "name", "papers", "entries", "x"]), YAML_VALUES, max_size=6))
def test_any_front_matter_shape_gives_diagnostics_not_exceptions(data):
    from generator.content.frontmatter import YamlDocument

    for model in (MeetingSource, PaperSource, PersonSource):
        diagnostics = Diagnostics()
        result = validate(YamlDocument("x.md", data), model, diagnostics)
        assert (result is None) == diagnostics.has_errors


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWN_PIECES | st.text(max_size=20), max_size=25), st.sampled_from(["all", "sections", "none"]))
def test_any_markdown_renders_or_reports_without_raising(pieces, numbering):
    diagnostics = Diagnostics()
    rendered = RENDERER.render("".join(pieces), MarkdownContext("x.md", 1, diagnostics, numbering=numbering))
    assert "<script" not in rendered.html.lower()
    assert "href=\"javascript:" not in rendered.html.lower()
    for item in diagnostics.items:
        assert item.position.line >= 1
