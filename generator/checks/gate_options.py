"""Which checks a build was asked to run: kept apart from the gate so the CLI can read it without loading the checkers."""

from __future__ import annotations

from dataclasses import dataclass

#: At the root of a published site that not every check ran on, for whoever would deploy the folder.
UNCHECKED_MARKER = "UNCHECKED.txt"


@dataclass(frozen=True)
class GateOptions:
    browser: bool = True
    """Run the browser checks (pa11y: axe, HTML CodeSniffer; reflow) in Chromium."""
    html_validity: bool = True
    """Run the Nu HTML Checker."""
    processes: int | None = None
    """Browsers side by side; default one per core."""
