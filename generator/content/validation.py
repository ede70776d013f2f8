"""Check parsed YAML against the content model, turning pydantic errors into diagnostics."""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.content.frontmatter import YamlDocument
from generator.diagnostics import Diagnostics

Model = TypeVar("Model")


@functools.lru_cache(maxsize=None)
def _adapter(model: Any) -> TypeAdapter:
    """One adapter per model: making one builds its schema, which cost more than validating a file."""
    return TypeAdapter(model)


def validate(document: YamlDocument, model: Any, diagnostics: Diagnostics) -> Any | None:
    """The model instance, or None with every problem reported at its line."""
    if not isinstance(document.data, dict):
        diagnostics.error(
            document.position_of(()),
            "schema",
            "expected settings written as 'key: value' lines",
            "see docs/content-format.md for what this file holds",
        )
        return None
    try:
        return _adapter(model).validate_python(document.data)
    except ValidationError as error:
        for problem in error.errors():
            _report(document, model, problem, diagnostics)
        return None


def _report(document: YamlDocument, model: Any, problem: dict[str, Any], diagnostics: Diagnostics) -> None:
    location = _data_path(problem["loc"], document.data)
    where = ".".join(str(part) for part in location) or "(top level)"
    kind = problem["type"]
    if kind == "extra_forbidden":
        key = str(location[-1]) if location else ""
        known = _field_names(model, location[:-1], document.data)
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys here: {', '.join(sorted(known))}"
        diagnostics.error(document.position_of(location, key=True), "unknown-key", f"unknown key '{where}'", hint)
        return
    if kind == "union_tag_not_found":
        diagnostics.error(
            document.position_of(location),
            "missing-key",
            "'kind' is required but missing",
            "add 'kind: report' or 'kind: forward-plan' to say what sort of paper this is",
        )
        return
    if kind == "missing":
        diagnostics.error(
            document.position_of(location[:-1]),
            "missing-key",
            f"'{where}' is required but missing",
            f"add a line '{location[-1]}: …'",
        )
        return
    position = document.position_of(location)
    if position in document.unreadable_values:
        return  # the YAML could not read it, and said so; one error per mistake
    message = problem["msg"].removeprefix("Value error, ")
    if _no_such_date(problem):
        message = f"there is no such date as {problem['input']}: its month or day is out of range"
    if (day_and_month := _date_without_year(problem)) is not None:
        day, month = day_and_month
        diagnostics.error(
            position,
            "schema",
            f"'{where}': the date '{problem['input']}' has no year",
            f"write the full date with its year, as YYYY-MM-DD (here YYYY-{month:02d}-{day:02d}), "
            "even where the printed paper leaves the year out",
        )
        return
    diagnostics.error(position, "schema", f"'{where}': {message}", _hint(problem))


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Pydantic's location, less the union/tag names it adds that are not keys in the data."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and not _is_type_tag(part):
            path.append(part)  # a missing or unknown key
            current = None
    return tuple(path)


def _is_type_tag(part: str) -> bool:
    return part in ("report", "forward-plan") or "[" in part or part.startswith("function-")


def _field_names(model: Any, parent: tuple[str | int, ...], data: Any) -> list[str]:
    """The keys a mapping at `parent` accepts, found by walking the model's annotations."""
    target = model
    current = data
    for part in parent:
        current = current[part] if isinstance(current, (dict, list)) else None
        target = _child_model(target, part, current)
        if target is None:
            return []
    target = _resolve(target, current)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [info.alias or name for name, info in target.model_fields.items()]
    return []


def _child_model(target: Any, part: str | int, current: Any) -> Any:
    target = _resolve(target, current)
    if isinstance(part, int):
        args = getattr(target, "__args__", ())
        return args[0] if args else None
    if isinstance(target, type) and issubclass(target, BaseModel):
        for name, info in target.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
    return None


def _resolve(target: Any, current: Any) -> Any:
    """Unwrap Optional/Annotated/unions down to the model that applies to `current`."""
    for _ in range(6):
        metadata_origin = getattr(target, "__origin__", None)
        args = getattr(target, "__args__", ())
        if hasattr(target, "__metadata__"):
            target = metadata_origin
            continue
        if args and metadata_origin is not list and metadata_origin is not dict:
            models = [arg for arg in args if isinstance(arg, type) and issubclass(arg, BaseModel)]
            kind = current.get("kind") if isinstance(current, dict) else None
            for candidate in models:
                field = candidate.model_fields.get("kind")
                if field is not None and kind in getattr(field.annotation, "__args__", ()):
                    return candidate
            if models:
                return models[0]
            nested = [arg for arg in args if getattr(arg, "__args__", None) or hasattr(arg, "__metadata__")]
            if nested:
                target = nested[0]
                continue
        return target
    return target


def _no_such_date(problem: dict[str, Any]) -> bool:
    """A date written in the right form whose day or month does not exist, such as 2017-02-30."""
    return problem["type"] == "date_from_datetime_parsing" and "outside expected range" in str(problem.get("ctx", {}).get("error", ""))


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")


def _date_without_year(problem: dict[str, Any]) -> tuple[int, int] | None:
    """The day and month of a date written as a plan prints it under a meeting heading, with no
    year ('8 November', 'Wednesday 8 November', 'Nov 8th'); None for anything else."""
    text = problem.get("input")
    if not problem["type"].startswith("date") or not isinstance(text, str):
        return None
    numbers = re.findall(r"\d+", text)
    months = [
        number
        for word in re.findall(r"[a-z]{3,}", text.lower())
        for number, month in enumerate(MONTHS, start=1)
        if month.startswith(word)
    ]
    if len(numbers) != 1 or len(months) != 1 or not 1 <= int(numbers[0]) <= 31:
        return None
    return int(numbers[0]), months[0]


def _hint(problem: dict[str, Any]) -> str:
    kind = problem["type"]
    if kind.startswith("literal_error"):
        expected = problem.get("ctx", {}).get("expected", "")
        return f"use one of: {expected}"
    if _no_such_date(problem):
        return "write dates as YYYY-MM-DD, such as 2017-10-12, with a month from 01 to 12 and a day that month has"
    if kind == "date_from_datetime_parsing" or kind.startswith("date"):
        return "write dates as YYYY-MM-DD, such as 2017-10-12"
    if kind in ("list_type",):
        return "write a list: one '- item' per line, or [a, b]"
    if kind in ("string_type",):
        return "write plain text here"
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return "start the file with 'kind: report' or 'kind: forward-plan'"
    return ""
