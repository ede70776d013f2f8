"""Build the example site once per test session, the way `make build` does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.build import BuildResult, build
from tests.sitekit import REPO

#: The example site is built as of a fixed date so golden files do not change with the calendar.
EXAMPLE_TODAY = dt.date(2026, 11, 27)


def build_example(output: Path, cache_folder: Path) -> BuildResult:
    """The example site with every check, as `make build` runs it; results cached in `cache_folder`."""
    return build(REPO, output, today=EXAMPLE_TODAY, cache_folder=cache_folder)


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))
