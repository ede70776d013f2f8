"""What WeasyPrint may read while it draws a PDF: files of the staged site and of Clerk's templates.

Left to itself, WeasyPrint fetches whatever a page or an image inside it
names: a `file:` path anywhere on the machine, an address on the network.
The Markdown checks refuse such references before anything is rendered
(markdown/images.py, svg_safety.py); this fetcher is the second line: it
serves files inside the folders it is given and refuses every other file
and every scheme but `file:`.

A refusal is noted here as well as raised: WeasyPrint catches whatever an
SVG's drawing raises (even its "fatal" fetching error) and leaves the image
out, so the PDF's maker asks the fetcher afterwards what it refused.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


#: The address the staged site has while a PDF is drawn. WeasyPrint names each image in the PDF after
#: its URL, and the staging folder's name changes with every build: under its own path, the same
#: paper made a different PDF each time.
SITE_URL = "file:///clerk-site/"


def site_url(site: Path, folder: Path) -> str:
    """`folder` of the staged site `site`, as an address under SITE_URL."""
    inside = folder.resolve().relative_to(site.resolve()).as_posix()
    return SITE_URL + ("" if inside == "." else inside + "/")


class FetchRefused(Exception):
    """A PDF asked for something it may not have; the message says what and why."""


class SiteFetcher(URLFetcher):
    """Made in the worker that draws the PDF, from the folders it may read (it is not picklable)."""

    def __init__(self, site: Path, folders: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.site = site.resolve()
        """The staged site, which the PDF's HTML knows as SITE_URL."""
        self.folders = tuple(folder.resolve() for folder in folders)
        self.refused: list[str] = []
        """Why each refused fetch was refused, in order."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self._readable(url)
        if path is None:
            reason = f"it asked for {url!r}, which is not a file of the site"
            self.refused.append(reason)
            raise FetchRefused(reason)
        # A file of the site that is not there is left to WeasyPrint, which reports it and leaves it out.
        return super().fetch(path.as_uri(), headers)

    def _readable(self, url: str) -> Path | None:
        """The file `url` names, if it is inside one of the folders; None for anything else."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        if url.startswith(SITE_URL):
            path = (self.site / url2pathname(parts.path.removeprefix(urlsplit(SITE_URL).path))).resolve()
        else:
            path = Path(url2pathname(parts.path)).resolve()
        return path if any(path.is_relative_to(folder) for folder in self.folders) else None
