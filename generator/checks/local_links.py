"""Every link from Markdown to the site itself goes to a page or file the build publishes.

A link to a withheld paper, a paper that does not exist or a file that is
not published would be a broken link at best, and at worst tell the world
that a paper it may not see exists: each is an error at the link's place.
"""

from __future__ import annotations

from typing import Iterator

from generator.content.site import Meeting, Site
from generator.diagnostics import Diagnostics
from generator.markdown import RenderedMarkdown
from generator.markdown.links import LocalLink, site_path


def check_local_links(site: Site, published: set[str], diagnostics: Diagnostics) -> None:
    """`published`: every page (by its address) and file of the planned site (render/pages.py)."""
    for text in _published_markdown(site):
        for link in unpublished(text, published):
            from_folder = site_path(link.position.path, link.written.removeprefix("../"))
            if link.target is not None and link.target + "/" in published:
                hint = f"a page's address ends in '/': write '{link.written}/'"
            elif link.written.startswith("../") and from_folder in published:
                hint = f"links are read from the folder of the file they are in, not from its page: write '{link.written[3:]}'"
            else:
                hint = (
                    "link to a published page from this file's folder: 'other-paper.md', 'minutes.md', "
                    "'other-paper.pdf', '../<meeting folder>/paper.md'; a paper held back or still to come "
                    "cannot be linked to; to link to another site, begin with https://"
                )
            diagnostics.error(
                link.position, "link-target", f"the link to {link.written!r} goes to no page or file this site publishes", hint
            )


def unpublished(text: RenderedMarkdown, published: set[str]) -> list[LocalLink]:
    """The links of `text` to no page or file in `published`."""
    return [link for link in text.links if link.target not in published]


def _published_markdown(site: Site) -> Iterator[RenderedMarkdown]:
    for meeting in site.meetings.values():
        yield from _of_meeting(meeting)


def _of_meeting(meeting: Meeting) -> Iterator[RenderedMarkdown]:
    yield meeting.introduction
    for item in meeting.items:
        yield item.details
    for paper in meeting.public_papers:
        yield from (paper.strategic_impact, paper.executive_summary, paper.recommendations, paper.body)
    if meeting.minutes is not None:
        yield meeting.minutes.body
