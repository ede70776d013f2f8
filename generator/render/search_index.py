"""Site search's index: Pagefind run over the staged site, after the pages are written and before
the gate checks them, so that the search page is checked with its script finding results.

Pagefind (PyPI `pagefind[bin]`) ships its binary in the wheel; nothing is downloaded. It indexes only
what the templates mark `data-pagefind-body` (base.html: the standard view of each searchable page),
and reads the filters and result details each page carries (partials/search_facts.html). It sees only
the staged site, which holds nothing withheld, so its index cannot either.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.diagnostics import Diagnostics, Position

#: Where the index and Pagefind's script are published, under the site's root (static/search.js loads them from there).
SEARCH_BUNDLE = "pagefind"
TIMEOUT_SECONDS = 600


def pagefind_command(staging: Path) -> list[str]:
    from pagefind_bin import get_executable  # the wheel's binary, found where pip put it

    return [str(get_executable()), "--site", str(staging), "--output-subdir", SEARCH_BUNDLE, "--silent"]


def index_search(staging: Path, diagnostics: Diagnostics) -> None:
    """Write Pagefind's index of the staged site into it; a failure is the build's error, not a traceback."""
    try:
        command = pagefind_command(staging)
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        _failed(diagnostics, str(error))
        return
    if completed.returncode != 0:
        _failed(diagnostics, (completed.stderr or completed.stdout).strip() or f"exit status {completed.returncode}")


def _failed(diagnostics: Diagnostics, why: str) -> None:
    diagnostics.error(
        Position("site.yaml"),
        "search-index-failed",
        f"the search index could not be made: {why}",
        "reinstall Clerk's Python packages (`pip install -e .`, which brings pagefind[bin]), or set `search: {enabled: false}` in site.yaml",
    )
