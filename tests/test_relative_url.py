"""Links between pages are relative, so the site works from any folder; the fast path agrees with posixpath."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.render.html import _relative_path, relative_url

PARTS = st.sampled_from(["meetings", "2017-10-12-digital", "minutes", "people", "static", "large-print", "a", "index.html", "."])
PATHS = st.lists(PARTS, max_size=5).map("/".join) | st.lists(PARTS, max_size=4).map(lambda parts: "/".join(parts) + "/")


@given(PATHS, PATHS)
def test_the_relative_path_is_posixpaths(path, start):
    assert _relative_path(path or ".", start or ".") == posixpath.relpath(path or ".", start or ".")


def test_links_between_pages():
    assert relative_url("meetings/2017-10-12-digital/", "meetings/2017-10-12-digital/minutes/") == "../"
    assert relative_url("people/jo/", "") == "people/jo/"
    assert relative_url("", "people/jo/") == "../../"
    assert relative_url("static/site.css", "meetings/x/") == "../../static/site.css"
    assert relative_url("#top", "meetings/x/") == "#top"
    assert relative_url("meetings/x/#item-2", "meetings/x/") == "./#item-2"
