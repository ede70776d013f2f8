"""The last search index, kept in the build cache under a hash of everything Pagefind read to make it.

Pagefind cannot update an index: each run reads every page again (about 14 s at 4,000 papers
on two cores). But a build often publishes exactly the pages the last one indexed: an edit to a
template that leaves the pages' bytes as they were, to the large-print stylesheet, to a PDF's
layout, a build with other options. Its index would be the same bytes, so it is taken from
the cache instead of made again.

What Pagefind reads is the standard view of each page (search_index.indexed_views), so the key
hashes each such page's path and whole bytes, with Pagefind's version and Clerk's code (its
command line and made_stable live there). The whole bytes, not only `<main>`: Pagefind also
reads the page's language and `data-pagefind-*` attributes anywhere on it, so a narrower key
would have to follow Pagefind's rules as they change. Hashing 100 MB of pages costs about 0.2 s.

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
import shutil
from pathlib import Path

from generator.atomic_write import write_atomically

BUNDLE = "bundle"
MANIFEST = "manifest.json"
FORMAT = 1


def indexed_input_key(pages: list[tuple[Path, Path]], code: str) -> str:
    """A hash of what Pagefind reads from `pages` ((file, path from the site) in a fixed order) and of the code."""
    digest = hashlib.sha256(f"clerk-search-index\0{FORMAT}\0{code}\0".encode())
    for page, relative in pages:
        data = page.read_bytes()
        digest.update(f"{relative.as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


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
