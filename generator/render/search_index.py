"""Site search's index: Pagefind run over the staged site, after the pages are written and before
the gate checks them, so that the search page is checked with its script finding results.

Pagefind (PyPI `pagefind[bin]`) ships its binary in the wheel; nothing is downloaded. It indexes only
what the templates mark `data-pagefind-body` (base.html: the standard view of each searchable page),
and reads the filters and result details each page carries (partials/search_facts.html). It sees only
the staged site, which holds nothing withheld, so its index cannot either.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import cbor2

from generator.diagnostics import Diagnostics, Position
from generator.render.pages import LARGE_PRINT_FOLDER
from generator.render.search_kept import indexed_input_key, keep, take_kept

#: Where the index and Pagefind's script are published, under the site's root (static/search.js loads them from there).
SEARCH_BUNDLE = "pagefind"
#: The build cache's folder for the last index (search_kept.py).
SEARCH_KEPT = "search"
TIMEOUT_SECONDS = 600


def pagefind_command(site: Path, into: Path) -> list[str]:
    from pagefind_bin import get_executable  # the wheel's binary, found where pip put it

    return [str(get_executable()), "--site", str(site.absolute()), "--output-path", str((into / SEARCH_BUNDLE).absolute()), "--silent"]


def index_search(staging: Path, diagnostics: Diagnostics, into: Path | None = None, kept: SearchKept | None = None) -> None:
    """Write Pagefind's index of the staged site into it (or into `into`: serve indexes the whole site
    it has published into a folder of its own, see incremental_build.py); a failure is the build's
    error, not a traceback. With `kept`, the index is taken from the build cache when the pages are
    those it was made from, and what is made is kept there (search_kept.py)."""
    into = staging if into is None else into
    try:
        pages = list(indexed_views(staging))
        key = indexed_input_key(pages, kept.code) if kept is not None else None
    except OSError as error:
        _failed(diagnostics, str(error))
        return
    if key is not None and take_kept(kept.folder, key, into / SEARCH_BUNDLE):
        return
    # Named after the staging folder beside it, so that a build killed while Pagefind runs leaves a
    # leftover the next build's lock clears with that folder's (publish.build_lock).
    tree = Path(tempfile.mkdtemp(prefix=f"{into.name}-search-", dir=into.parent))
    try:
        link_indexed_views(pages, tree)
        if run_pagefind(tree, into, diagnostics) and key is not None:
            keep(kept.folder, key, into / SEARCH_BUNDLE)
    except OSError as error:
        _failed(diagnostics, str(error))
    finally:
        shutil.rmtree(tree, ignore_errors=True)


@dataclass(frozen=True)
class SearchKept:
    """Where the build cache keeps the last index (`.clerk-cache/search/`), and the code that makes it."""

    folder: Path
    code: str
    """build_record.code_fingerprint(): Clerk's code and its libraries' versions, Pagefind's among them."""


def link_indexed_views(pages: list[tuple[Path, Path]], tree: Path) -> None:
    """Hard-link the site's standard views (`indexed_views`) into `tree` at the same paths, leaving out the
    large-print views: they carry no `data-pagefind-body`, so Pagefind skips them, but only after reading and
    parsing every one (at 4,000 papers, 5,061 files: a third of its time and 570 MiB of its 2.1 GiB). The
    index is the same bytes (tests/test_search.py)."""
    for page, relative in pages:
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, tree / relative)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(page, tree / relative)


def indexed_views(site: Path) -> Iterator[tuple[Path, Path]]:
    """Each HTML page of the site's standard view (not large print, not Pagefind's own), with its path from `site`."""
    skipped = {LARGE_PRINT_FOLDER.strip("/"), SEARCH_BUNDLE}
    for folder, folders, files in os.walk(site):
        relative = Path(folder).relative_to(site)
        if relative == Path("."):
            folders[:] = sorted(name for name in folders if name not in skipped)
        for name in sorted(files):
            if name.endswith(".html"):
                yield Path(folder) / name, relative / name


def run_pagefind(tree: Path, into: Path, diagnostics: Diagnostics) -> bool:
    """Pagefind over `tree`, its index written into `into`/pagefind/, made stable; a failure is the build's
    error (and False)."""
    try:
        # In the tree of pages alone, without PAGEFIND_* variables: Pagefind reads a pagefind.yml (or .toml,
        # .json) in its working folder and those variables as settings, which would change the index
        # behind the kept index's key (search_kept.py).
        completed = subprocess.run(
            pagefind_command(tree, into), capture_output=True, text=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
            check=False, cwd=tree, env={name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")},
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as error:
        _failed(diagnostics, str(error))
        return False
    if completed.returncode != 0:
        _failed(diagnostics, (completed.stderr or completed.stdout).strip() or f"exit status {completed.returncode}")
        return False
    made_stable(into / SEARCH_BUNDLE)
    return True


#: What begins each of Pagefind's index files once gunzipped, before its CBOR.
SIGNATURE = b"pagefind_dcd"


def made_stable(bundle: Path) -> None:
    """Pagefind writes its filter files' values, and the filters in its metadata file, in the order of a
    Rust HashMap, seeded afresh by each run, so two runs over the same pages differ (Pagefind issue #638:
    its page fragments are stable since 1.3, these are not). Two builds must be byte-identical: put those
    lists in order, and name each file rewritten after its content, as Pagefind does."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, facts in entry["languages"].items():
        meta_path = bundle / f"pagefind.{facts['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, old in meta[3]:
            values = _read(bundle / "filter" / f"{old}.pf_filter")
            values[1].sort(key=lambda value: value[0])
            (bundle / "filter" / f"{old}.pf_filter").unlink()
            new = f"{language}_{_write(bundle / 'filter', values, '.pf_filter', language, 7)}"
            filters.append([name, new])
        meta[3] = sorted(filters)
        meta_path.unlink()
        facts["hash"] = f"{language}_{_write(bundle, meta, '.pf_meta', f'pagefind.{language}', 13)}"
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> list:
    data = gzip.decompress(path.read_bytes())
    return cbor2.loads(data.removeprefix(SIGNATURE))


def _write(folder: Path, value: list, suffix: str, prefix: str, digits: int) -> str:
    """Write `value` as Pagefind does (signature, CBOR, gzip without a time); return the hash in its name."""
    data = gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
    digest = hashlib.sha256(data).hexdigest()[:digits]
    (folder / f"{prefix}_{digest}{suffix}").write_bytes(data)
    return digest


def _failed(diagnostics: Diagnostics, why: str) -> None:
    diagnostics.error(
        Position("site.yaml"),
        "search-index-failed",
        f"the search index could not be made: {why}",
        "reinstall Clerk's Python packages (`pip install -e .`, which brings pagefind[bin]), or set `search: {enabled: false}` in site.yaml",
    )
