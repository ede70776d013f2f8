"""What WeasyPrint may read while it draws a PDF: files of the staged site and of Clerk's templates.

Left to itself, WeasyPrint fetches whatever a page or an image inside it
names: a `file:` path anywhere on the machine, an address on the network.
The Markdown checks refuse such references before anything is rendered
(markdown/images.py, svg_safety.py); this fetcher is the second line: it
serves only the files of the site its unit carries (pdf.py PdfUnit) and
refuses every other file and every scheme but `file:`.

A refusal is noted here as well as raised: WeasyPrint catches whatever an
SVG's drawing raises (even its "fatal" fetching error) and leaves the image
out, so the PDF's maker asks the fetcher afterwards what it refused.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


class CarriedFiles(URLFetcher):
    """Made in the worker that draws the PDF (it is not picklable), from the files its unit carries:
    a worker reads nothing from its own disk, so the PDF is the same wherever it is made."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.files = files
        """By their path in the site, which the PDF's HTML knows as SITE_URL."""
        self.refused: list[str] = []
        """Why each refused fetch was refused, in order."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self._inside_site(url)
        if path is None:
            reason = f"it asked for {url!r}, which is not a file of the site"
            self.refused.append(reason)
            raise FetchRefused(reason)
        if path not in self.files:
            # A file of the site that is not there is left to WeasyPrint, which reports it and leaves it out.
            raise FileNotFoundError(f"the site has no file {path}")
        content_type = mimetypes.guess_type(path)[0] or "text/plain"
        return URLFetcherResponse(url, self.files[path], {"Content-Type": content_type})

    @staticmethod
    def _inside_site(url: str) -> str | None:
        """The path in the site that `url` names; None for anything outside it (another scheme, host or folder)."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or not url.startswith(SITE_URL):
            return None
        path = posixpath.normpath(unquote(parts.path.removeprefix(urlsplit(SITE_URL).path)))
        return None if path == ".." or path.startswith(("../", "/")) else path
