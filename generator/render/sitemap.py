"""sitemap.xml: every public HTML page of the site, by its whole address (sitemaps.org protocol 0.9).

Every page means both views: the large-print view's pages are pages of their own, reached by
links and published for people to find, and nothing on them marks them as copies. The sitemap
gives no <lastmod>: the build knows no date of change that is not the build's own, and a date
that changes with every build would make two builds of the same content differ.
"""

from __future__ import annotations

from xml.etree import ElementTree

from generator.render.pages import Page

SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
PREVIEW_ROBOTS = "User-agent: *\nDisallow: /\n"
"""`clerk preview`'s robots.txt (a public build has none): a preview is never to be crawled, whatever serves it."""
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(base_url: str, pages: list[Page]) -> bytes:
    """The sitemap of `pages`, sorted by address; `base_url` ends in '/'."""
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for address in sorted({base_url + page.href for page in pages}):
        ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = address
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
