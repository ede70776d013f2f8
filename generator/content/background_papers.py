"""A report's background papers, checked once its body is rendered: their number, and their titles as link text."""

from __future__ import annotations

from generator.content.loader import LoadedMarkdown
from generator.content.model import ReportSource
from generator.content.site import Paper
from generator.diagnostics import Diagnostics
from generator.markdown.lint.bare_url import bare_url_message, words_for
from generator.markdown.lint.link_text import URL_TEXT
from generator.markdown.lint.report import report_at


def check_background_papers(paper: Paper, loaded: LoadedMarkdown, diagnostics: Diagnostics) -> None:
    source = loaded.source
    if not isinstance(source, ReportSource) or not source.background_papers:
        return
    document = loaded.document
    printed = source.background_papers_section
    if printed is not None and printed <= paper.body.sections:
        diagnostics.error(
            document.position_of(("background_papers_section",)),
            "background-section",
            f"the background papers are given section {printed}, but the body already has {paper.body.sections} "
            f"numbered sections: their paragraph numbers would be the body's",
            f"give the section number the paper prints after its last section ({paper.body.sections + 1} or more), "
            "or leave background_papers_section out to follow the body",
        )
    for index, background in enumerate(source.background_papers):
        title = background.title.strip()
        if URL_TEXT.match(title) or title == background.url:
            address = background.url or title
            report_at(
                diagnostics,
                document.text_start(("background_papers", index, "title")),
                "link-bare-url",
                bare_url_message(title),
                f"give the paper's name as its title and the address as its url, e.g. "
                f"title: {_sentence_case(words_for(address).removeprefix('the '))} and url: {address}",
            )


def _sentence_case(words: str) -> str:
    return words[:1].upper() + words[1:]
