"""The last search index, kept in the build cache under a hash of everything Pagefind read to make it.

Pagefind cannot update an index: each run reads every page again (about 14 s at 4,000 papers
on two cores). But many builds index what the last one indexed: after an edit to a template
outside the pages' `<main>`, to a stylesheet, to large print, PDFs or formats, or with other
build options. Their index would be the same bytes, so it is taken from the cache instead.

What Pagefind reads is the standard view of each page (search_index.indexed_views). Of a page
marked `data-pagefind-body` (base.html's `<main>`), its parser (pagefind/src/fossick/parser.rs,
1.5) takes the text of that element only, and from anywhere on the page the `<html lang>`, the
first `<title>`, the first `<h1>` and an `<img>` after it (default title and image), and every
`data-pagefind-*` attribute; a page without the mark is skipped once any page has it. So the key
hashes, for each page, its path and `what_pagefind_reads`: `<html>`'s tag, the first `<title>` and
the marked `<main>`, when nothing else on the page is an `<h1>`, an `<img>` or a `data-pagefind-*`
attribute, else the whole page; for a page without the mark, only that. A template edit outside
`<main>` (the header, footer, navigation, a stylesheet's address) keeps the index, and any doubt
hashes more, never less. With the pages, Pagefind's version and Clerk's code (its command line and
made_stable live there). Reading and hashing 100 MB of pages costs about 0.2 s.

One index is kept, replaced by each new one. It holds nothing the published site does not:
it is made from the staged site, which holds nothing withheld, and the cache guard empties the
whole cache when something once published is withdrawn (cache_guard.py). A kept file is used
only if its SHA-256 is the one recorded when it was kept: a truncated or altered index is made
again, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from generator.atomic_write import write_atomically

BUNDLE = "bundle"
MANIFEST = "manifest.json"
FORMAT = 2


def indexed_input_key(pages: list[tuple[Path, Path]], code: str) -> str:
    """A hash of what Pagefind reads from `pages` ((file, path from the site) in a fixed order) and of the code."""
    contents = [page.read_bytes() for page, _ in pages]
    # Pagefind skips unmarked pages only when some page is marked; else it reads every page whole.
    marked = any(BODY_MARK in data for data in contents)
    digest = hashlib.sha256(f"clerk-search-index\0{FORMAT}\0{code}\0".encode())
    for (_, relative), data in zip(pages, contents):
        read = what_pagefind_reads(data) if marked else data
        digest.update(f"{relative.as_posix()}\0{len(read)}\0".encode())
        digest.update(read)
    return digest.hexdigest()


BODY_MARK = b"data-pagefind-body"
NOT_INDEXED = b"(not indexed)"
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(rb"<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)


def what_pagefind_reads(page: bytes) -> bytes:
    """Of a page on a site where some page is marked `data-pagefind-body`, what Pagefind's index depends on
    (module docstring): the page whole unless its one mark is on its one `<main>` and nothing outside that
    `<main>` is an `<h1>`, an `<img>` or a `data-pagefind-*` attribute."""
    if BODY_MARK not in page:
        return NOT_INDEXED
    start, end = page.find(b"<main"), page.find(b"</main>")
    if page.count(BODY_MARK) != 1 or page.count(b"<main") != 1 or page.count(b"</main>") != 1 or not 0 <= start < end:
        return page
    end += len(b"</main>")
    if not start < page.find(BODY_MARK) < page.find(b">", start):
        return page
    outside = (page[:start] + page[end:]).lower()
    if b"data-pagefind" in outside or b"<h1" in outside or b"<img" in outside:
        return page
    html, title = _HTML_TAG.search(page), _TITLE.search(page)
    return b"\0".join([html.group(0) if html else b"", title.group(0) if title else b"", page[start:end]])


def take_kept(kept: Path, key: str, bundle: Path) -> bool:
    """Put the kept index made from `key` at `bundle` (a folder not yet there); False if there is none, or
    it was made from something else, or any file of it is not as it was kept (then nothing is put)."""
    try:
        manifest = json.loads((kept / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("key") != key or not isinstance(manifest.get("files"), dict):
            return False
        files: dict[str, str] = manifest["files"]
        for relative, expected in files.items():
            if _file_hash(kept / BUNDLE / relative) != expected:
                return False
        for relative in files:
            target = bundle / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(kept / BUNDLE / relative, target)
    except (OSError, ValueError, AttributeError):
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def keep(kept: Path, key: str, bundle: Path) -> None:
    """Keep the index at `bundle` as the one made from `key`, in place of whatever was kept before.

    The manifest goes first and comes back last: an index half replaced is never taken."""
    try:
        (kept / MANIFEST).unlink(missing_ok=True)
        shutil.rmtree(kept / BUNDLE, ignore_errors=True)
        files = {}
        for folder, _, names in os.walk(bundle):
            for name in sorted(names):
                source = Path(folder) / name
                relative = source.relative_to(bundle).as_posix()
                (kept / BUNDLE / relative).parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(source, kept / BUNDLE / relative)
                files[relative] = _file_hash(source)
        write_atomically(kept / MANIFEST, json.dumps({"key": key, "files": dict(sorted(files.items()))}).encode("utf-8"))
    except OSError:
        # Not kept: the next build that needs this index makes it again.
        shutil.rmtree(kept, ignore_errors=True)


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _link_or_copy(source: Path, target: Path) -> None:
    # Hard links cost nothing; the published files are never written in place (each build stages anew),
    # and the hashes above catch a kept file changed through any of its names.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
