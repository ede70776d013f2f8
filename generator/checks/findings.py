"""What an external checker found on one built page, in a form that can be cached and reported."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from generator.diagnostics import Diagnostic, Position, Severity


@dataclass(frozen=True, order=True)
class Finding:
    rule: str
    """axe:<id>, htmlcs:<code>, vnu:error, vnu:warning, or a failure of the checker itself."""
    severity: str
    message: str
    selector: str = ""
    context: str = ""
    line: int = 1
    column: int = 1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Finding":
        return cls(**data)


@dataclass(frozen=True)
class CheckedPage:
    """A built page as the checkers see it."""

    output_path: str
    """Path under build/, e.g. meetings/x/index.html."""
    source: str
    """The content file it was made from, for messages."""
    query: str = ""
    """A query string the browser checks load the page with ("?kind=agenda"), for a page whose script
    shows something only when asked (the search page: its results)."""
    ready: str = ""
    """With `query`: the CSS selector of an element that appears once the script has shown it; axe and
    HTML CodeSniffer run then."""

    @property
    def url_path(self) -> str:
        return self.output_path.removesuffix("index.html")


def to_diagnostic(page: CheckedPage, finding: Finding, output: str = "build") -> Diagnostic:
    """The finding as the build reports it, at the page's path in the output folder named `output`."""
    where = f" at {finding.selector}" if finding.selector else ""
    hint = f"made from {page.source}"
    if finding.context:
        hint += f"; the HTML: {finding.context[:160]}"
    return Diagnostic(
        Position(f"{output}/{page.output_path}", finding.line, finding.column),
        Severity(finding.severity),
        finding.rule,
        f"{finding.message}{where}",
        hint,
    )
