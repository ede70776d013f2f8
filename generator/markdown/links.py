"""Links from Markdown to the site's own pages and files, resolved from where their source is.

A relative link is read from the folder of the file it is written in, as an
image is: in `content/meetings/<meeting>/`, `other-paper.md` is that paper,
`minutes.md` the minutes, `meeting.md` the agenda, `other-paper.pdf` its PDF,
`../<other meeting>/paper.md` a paper of another meeting. The link is
rewritten to the page or file it names (`LOCAL_LINK` + site path), which
each page then makes relative to itself (render/html.py) and a PDF prints
as text; whether that page or file is published is checked once the whole
site is planned (checks/local_links.py), since it may be in another meeting.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from generator.diagnostics import Position

#: The href of a link to a page or file of the site, until the page it is shown on makes it relative.
LOCAL_LINK = "clerk-local:"
#: Source files and the pages made from them.
PAGE_OF_FILE = {"meeting.md": "", "minutes.md": "minutes/"}


@dataclass(frozen=True)
class LocalLink:
    """A link in Markdown to the site's own page or file."""

    target: str | None
    """The site path it names ('meetings/x/paper/', 'meetings/x/paper.pdf'); None if it leaves the site."""
    written: str
    """The address as the author wrote it, for messages."""
    position: Position


def local_link(target: str) -> str:
    return LOCAL_LINK + target


def site_path(source: str, written: str) -> str | None:
    """The site path a link written in the file `source` (from the project folder) names."""
    folder = posixpath.dirname(source.removeprefix("content/"))
    if written.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(folder, written))
    if path == ".." or path.startswith("../"):
        return None
    if path == ".":
        return ""
    name = posixpath.basename(path)
    parent = posixpath.dirname(path)
    if name in PAGE_OF_FILE:
        return posixpath.join(parent, PAGE_OF_FILE[name]) if parent else PAGE_OF_FILE[name]
    for suffix in (".md", ".yaml"):
        if name.endswith(suffix):
            return posixpath.join(parent, name.removesuffix(suffix)) + "/"
    if name == "index.html":
        return parent + "/" if parent else ""
    return path + "/" if written.endswith("/") else path
