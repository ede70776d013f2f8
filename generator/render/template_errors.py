"""A template that fails, told as a diagnostic: where in the template, which page, and what to do.

The position is Jinja's own: the line a syntax error is on, or, for an error
while rendering, the line of the innermost template frame of the traceback
(Jinja rewrites tracebacks so that those frames are the templates' lines).
Jinja gives no column.
"""

from __future__ import annotations

import linecache
import re
import traceback
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from generator.diagnostics import Diagnostic, Position, Severity, relative

RULE = "template"
_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"has no attribute '(?P<name>[^']+)'$")


def failed_in_template(error: Exception) -> bool:
    """True for an error Jinja raised, or one raised while a template's own code ran (`{{ 1 // 0 }}`,
    a filter given the wrong thing): the officer's template is at fault and is named. An error
    from deeper in Clerk, with no template frame, is a defect in Clerk and is not dressed up as one."""
    return isinstance(error, TemplateError) or _template_place(error) != (None, None)


def template_diagnostic(error: Exception, root: Path, made: str, source: str) -> Diagnostic:
    """`made` is the output being rendered (a page's or PDF's path in the site), `source` the content file it shows.

    A syntax error is the template's alone, whatever page asked for it, so it names no page:
    a broken template is then one error, not one per page."""
    name, line = _template_place(error)
    text = _template_line(error, name, line)
    undefined = _undefined_name(error)
    # Jinja gives no column: point at the name that is undefined, else where the line's text begins.
    found = re.search(rf"(?<![\w.]){re.escape(undefined)}\b|\.{re.escape(undefined)}\b", text) if undefined else None
    column = found.start() + 1 + found[0].startswith(".") if found else len(text) - len(text.lstrip()) + 1
    position = Position(relative(Path(name), root) if name else "templates", line or 1, column)
    if isinstance(error, TemplateSyntaxError):
        message = f"the template cannot be read: {error.message}"
        return Diagnostic(position, Severity.ERROR, RULE, message, _hint(error, text.strip(), undefined))
    return Diagnostic(
        position,
        Severity.ERROR,
        RULE,
        f"the template failed while rendering /{made.removesuffix('index.html')} (from {source}): {_what(error)}",
        _hint(error, text.strip(), undefined),
    )


def _what(error: Exception) -> str:
    if isinstance(error, TemplateError):
        return error.message or str(error)
    return f"{type(error).__name__}: {error}"


def _template_place(error: Exception) -> tuple[str | None, int | None]:
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html"):
            return frame.filename, frame.lineno
    return None, None


def _template_line(error: Exception, name: str | None, line: int | None) -> str:
    """The text of the template line at fault; '' if it cannot be had."""
    if not line:
        return ""
    if isinstance(error, TemplateSyntaxError) and error.source is not None:
        lines = error.source.split("\n")
        return lines[line - 1] if line <= len(lines) else ""
    return linecache.getline(name, line).rstrip("\r\n") if name else ""


def _undefined_name(error: Exception) -> str:
    """The name an UndefinedError says is undefined (a variable or an attribute); '' if not one."""
    if not isinstance(error, UndefinedError):
        return ""
    match = _UNDEFINED.search(error.message or "") or _NO_ATTRIBUTE.search(error.message or "")
    return match["name"] if match else ""


def _hint(error: Exception, text: str, undefined: str) -> str:
    at = f" in the template line `{text}`" if text else ""
    if isinstance(error, UndefinedError):
        if undefined:
            return f"`{undefined}` is not defined for this page: check its spelling{at}"
        return f"something the template uses is not defined for this page: check{at}"
    if isinstance(error, TemplateNotFound):
        return f"there is no template '{error.name}' in templates/ or Clerk's own: check the name{at}"
    if isinstance(error, TemplateSyntaxError):
        return f"fix the template line `{text}`" if text else "fix the template's syntax"
    return f"look at the template line `{text}`" if text else "look at the template"

