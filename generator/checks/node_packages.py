"""Where the npm-installed checkers are, and which versions they are."""

from __future__ import annotations

import json
import os
from pathlib import Path

#: The Clerk checkout, whose package.json pins the checkers.
CLERK_HOME = Path(__file__).resolve().parents[2]
#: A folder whose node_modules holds the checkers, for a machine where Clerk is installed, not checked out
#: (a Dask worker: docs/scaling.md). Not CLERK_CHECKERS, which marks the checkers' processes (reaper.py).
CHECKERS_HOME = "CLERK_CHECKERS_HOME"


class CheckerUnavailable(Exception):
    """A checker that should run cannot: its message says what to install."""


def node_modules(root: Path) -> Path | None:
    """The site's own node_modules if it has one, else $CLERK_CHECKERS_HOME's, else Clerk's."""
    named = os.environ.get(CHECKERS_HOME)
    for folder in (root.resolve(), *([Path(named)] if named else []), CLERK_HOME):
        if (folder / "node_modules").is_dir():
            return folder / "node_modules"
    return None


def package_version(modules: Path, name: str) -> str:
    try:
        return str(json.loads((modules / name / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"
