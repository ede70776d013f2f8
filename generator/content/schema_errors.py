"""A wrong value in the front matter, said in Clerk's words: what is wrong, and a hint how to fix it.

Pydantic's own wording ("Value should have at least 1 item after validation") speaks of
types; an officer needs to hear what the field wants and what to write instead. Each
kind of error the content model can give has its message here (tests/test_schema_errors.py
tries every kind of wrong value in every field), and an unforeseen kind still gets a hint.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

DATE_HINT = "write dates as YYYY-MM-DD, such as 2017-10-12"
TEXT_HINT = "write the words after the colon, in quotes if they hold ': ' or start with a sign such as - [ { & * ! | > ' \" % @"
LIST_HINT = "write a list: one '- item' per line under the key, or [a, b] on its line"
NUMBER_HINT = "write a whole number alone, such as 3, without words or quotes"
BOOLEAN_HINT = "write true or false"
SETTINGS_HINT = "write 'key: value' lines, indented under the key they belong to"


@dataclass(frozen=True)
class Explained:
    message: str
    hint: str


def explain(problem: dict[str, Any], where: str, written: str | None) -> Explained:
    """Clerk's message and hint for one of pydantic's errors at `where` (such as 'items.0.title').

    `written` is the value as the officer wrote it, when YAML read it as something other than
    text (No as false): the message quotes their words, not YAML's reading of them."""
    kind = problem["type"]
    value = problem.get("input")
    context = problem.get("ctx") or {}
    shown = written if written is not None else _shown(value)
    if value is None:
        return Explained(f"'{where}' must not be empty", _hint_for_empty(kind))
    if "hint" in context:
        # Clerk's own validators (model.problem) say both.
        if isinstance(value, str) and not value.strip():
            return Explained(f"'{where}' must not be empty", str(context["hint"]))
        if isinstance(value, dict):  # a group of settings that lacks something: the message says what
            return Explained(f"'{where}' {problem['msg']}", str(context["hint"]))
        return Explained(f"'{where}' {problem['msg']}, not {shown}", str(context["hint"]))
    if isinstance(value, bool) and written is not None and kind in ("string_type", "literal_error"):
        return _yaml_boolean(problem, where, written)
    explained = _EXPLAIN.get(kind)
    if explained is not None:
        return explained(problem, where, shown)
    if kind.startswith("date"):
        return Explained(f"'{where}' must be a date, not {shown}", DATE_HINT)
    # A kind not foreseen (a newer pydantic, a validator that raises a plain ValueError): its own words, and a hint.
    return Explained(f"'{where}': {problem['msg'].removeprefix('Value error, ')}", "see docs/content-format.md for what this setting takes")


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of 'key: value' lines"
    return str(value)


def _hint_for_empty(kind: str) -> str:
    if kind.startswith("date"):
        return f"{DATE_HINT}, or remove the line if the date is not needed"
    if kind == "list_type":
        return "list what belongs here, one '- item' per line, or write [] for none"
    if kind.startswith("int") or kind.startswith("greater") or kind.startswith("less"):
        return f"{NUMBER_HINT}, or remove the line if it is not needed"
    if kind.startswith("bool"):
        return f"{BOOLEAN_HINT}, or remove the line for the default"
    if kind in ("model_type", "dict_type"):
        return SETTINGS_HINT
    return "write what it should say after the colon, or remove the line if it is not needed"


def _yaml_boolean(problem: dict[str, Any], where: str, written: str) -> Explained:
    """YAML 1.1 reads an unquoted yes, no, on, off, true or false as true or false: the word is lost."""
    reading = "true" if problem["input"] else "false"
    if problem["type"] == "literal_error":
        expected = problem.get("ctx", {}).get("expected", "")
        return Explained(f"'{where}' must be one of {expected}, not {written} (which YAML reads as {reading})", f"use one of: {expected}")
    return Explained(
        f"'{where}' is text, but YAML reads an unquoted {written} as {reading}",
        f'write it in quotes: "{written}"',
    )


def _string(problem: dict[str, Any], where: str, shown: str) -> Explained:
    value = problem.get("input")
    if isinstance(value, (list, dict)):
        return Explained(f"'{where}' must be text, not {shown}", TEXT_HINT)
    return Explained(f"'{where}' must be text, not {shown}", "write the words after the colon, in quotes")


def _too_short(problem: dict[str, Any], where: str, shown: str) -> Explained:
    value = problem.get("input")
    if isinstance(value, (list, dict)):
        least = problem.get("ctx", {}).get("min_length", 1)
        return Explained(f"'{where}' must have at least {least} entr{'y' if least == 1 else 'ies'}", LIST_HINT)
    return Explained(f"'{where}' must not be empty", "write what it should say after the colon, or remove the line if it is not needed")


def _whole_number(problem: dict[str, Any], where: str, shown: str) -> Explained:
    return Explained(f"'{where}' must be a whole number, not {shown}", NUMBER_HINT)


def _bound(word: str, key: str) -> Any:
    def explain_bound(problem: dict[str, Any], where: str, shown: str) -> Explained:
        bound = problem.get("ctx", {}).get(key)
        return Explained(f"'{where}' must be {bound} or {word}, not {shown}", f"write a whole number of {bound} or {word}")

    return explain_bound


def _strict_bound(word: str, key: str) -> Any:
    def explain_bound(problem: dict[str, Any], where: str, shown: str) -> Explained:
        bound = problem.get("ctx", {}).get(key)
        return Explained(f"'{where}' must be {word} than {bound}, not {shown}", f"write a number {word} than {bound}")

    return explain_bound


def _boolean(problem: dict[str, Any], where: str, shown: str) -> Explained:
    return Explained(f"'{where}' must be true or false, not {shown}", f"{BOOLEAN_HINT}, or remove the line for the default")


def _date(problem: dict[str, Any], where: str, shown: str) -> Explained:
    value = problem.get("input")
    error = str(problem.get("ctx", {}).get("error", ""))
    if isinstance(value, str) and "outside expected range" in error:
        # 2017-02-30: written in the right form, but the day or month does not exist.
        return Explained(
            f"'{where}': there is no such date as {value}: its month or day is out of range",
            f"{DATE_HINT}, with a month from 01 to 12 and a day that month has",
        )
    if (day_and_month := _date_without_year(value)) is not None:
        day, month = day_and_month
        return Explained(
            f"'{where}': the date '{value}' has no year",
            f"write the full date with its year, as YYYY-MM-DD (here YYYY-{month:02d}-{day:02d}), "
            "even where the printed paper leaves the year out",
        )
    if isinstance(value, dt.datetime):
        return Explained(f"'{where}' must be a date alone, not a date and time", f"{DATE_HINT}; a time has its own setting")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Explained(f"'{where}' must be a date, not the number {shown}", DATE_HINT)
    return Explained(f"'{where}' must be a date, not {shown}", DATE_HINT)


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")


def _date_without_year(text: Any) -> tuple[int, int] | None:
    """The day and month of a date written as a plan prints it under a meeting heading, with no
    year ('8 November', 'Wednesday 8 November', 'Nov 8th'); None for anything else."""
    if not isinstance(text, str):
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


def _literal(problem: dict[str, Any], where: str, shown: str) -> Explained:
    expected = problem.get("ctx", {}).get("expected", "")
    return Explained(f"'{where}' must be one of {expected}, not {shown}", f"use one of: {expected}")


def _list(problem: dict[str, Any], where: str, shown: str) -> Explained:
    return Explained(f"'{where}' must be a list, not {shown}", LIST_HINT)


def _settings(problem: dict[str, Any], where: str, shown: str) -> Explained:
    return Explained(f"'{where}' must be 'key: value' lines, not {shown}", SETTINGS_HINT)


def _kind(problem: dict[str, Any], where: str, shown: str) -> Explained:
    expected = problem.get("ctx", {}).get("expected_tags", "'report', 'forward-plan'")
    return Explained(f"'kind' must be one of {expected}, not {shown}", "start the file with 'kind: report' or 'kind: forward-plan'")


def _pattern(problem: dict[str, Any], where: str, shown: str) -> Explained:
    # The one pattern in the settings is a glossary key: an abbreviation as the papers write it.
    return Explained(
        f"{where} must be an abbreviation as the papers write it (capitals, digits, & or /, two characters or more), not {shown}",
        "write the abbreviation itself as the key, such as 'IMT: Information Management and Technology'",
    )


_EXPLAIN = {
    "string_pattern_mismatch": _pattern,
    "string_too_long": _pattern,
    "string_type": _string,
    "string_too_short": _too_short,
    "too_short": _too_short,
    "int_type": _whole_number,
    "int_parsing": _whole_number,
    "int_from_float": _whole_number,
    "greater_than_equal": _bound("more", "ge"),
    "less_than_equal": _bound("less", "le"),
    "greater_than": _strict_bound("more", "gt"),
    "less_than": _strict_bound("less", "lt"),
    "bool_type": _boolean,
    "bool_parsing": _boolean,
    "date_type": _date,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "literal_error": _literal,
    "list_type": _list,
    "dict_type": _settings,
    "model_type": _settings,
    "model_attributes_type": _settings,
    "union_tag_invalid": _kind,
}
