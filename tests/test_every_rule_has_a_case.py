"""Every rule id Clerk reports has a test that makes it fire.

The ids are found by reading generator/ (not from a list kept by hand), so a
rule added later without a broken-input case fails here by name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.sitekit import REPO

GENERATOR = REPO / "generator"
TESTS = REPO / "tests"
#: What a rule id of Clerk's own looks like: lower-case words joined by hyphens. Ids of the external
#: checkers' findings (axe:…, htmlcs:…, vnu:error) are made from their reports by f-strings, are not
#: Clerk's to test, and are not constants, so the scan does not see them.
#: Clerk's own checks of what it made, and of the checkers running at all, have a prefix (pdf:title, vnu:failed).
RULE_ID = re.compile(r"^([a-z0-9]+:)?[a-z]+(-[a-z0-9]+)*$")


def _rule_parameters(trees: list[ast.Module]) -> dict[str, set[tuple[int, str]]]:
    """Callables that take a rule id, by name, with the index of its positional argument and the
    prefix the callable puts before it (pdf_structure's fail("title") reports pdf:title):
    functions with a parameter `rule` (after self), and dataclasses with a field `rule`."""
    found: dict[str, set[tuple[int, str]]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [argument.arg for argument in node.args.posonlyargs + node.args.args]
                names = names[1:] if names[:1] in (["self"], ["cls"]) else names
                if "rule" in names:
                    found.setdefault(node.name, set()).add((names.index("rule"), _prefix_of_rule(node)))
            elif isinstance(node, ast.ClassDef):
                fields = [
                    statement.target.id
                    for statement in node.body
                    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                ]
                if "rule" in fields:
                    found.setdefault(node.name, set()).add((fields.index("rule"), ""))
    return found


def _prefix_of_rule(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The text a function puts before its `rule` argument, as in f"pdf:{rule}"; '' if none."""
    for node in ast.walk(function):
        if isinstance(node, ast.JoinedStr) and len(node.values) == 2:
            prefix, value = node.values
            if (
                isinstance(prefix, ast.Constant)
                and isinstance(value, ast.FormattedValue)
                and isinstance(value.value, ast.Name)
                and value.value.id == "rule"
            ):
                return str(prefix.value)
    return ""


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's top-level NAME = "text" assignments, so that a rule id given by a constant counts."""
    return {
        target.id: statement.value.value
        for statement in tree.body
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }


def _text(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def clerk_rule_ids() -> dict[str, str]:
    """Every rule id of Clerk's own in generator/, with the file and line of one place it is reported."""
    files = sorted(GENERATOR.rglob("*.py"))
    trees = [ast.parse(file.read_text(encoding="utf-8"), str(file)) for file in files]
    takes_rule = _rule_parameters(trees)
    found: dict[str, str] = {}
    for file, tree in zip(files, trees):
        constants = _constants(tree)
        where = file.relative_to(REPO).as_posix()
        for node in ast.walk(tree):
            candidates: list[tuple[ast.expr, str]] = []
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                candidates += [(keyword.value, "") for keyword in node.keywords if keyword.arg == "rule"]
                candidates += [(node.args[i], prefix) for i, prefix in takes_rule.get(name, ()) if i < len(node.args)]
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict) and any(
                isinstance(target, ast.Name) and target.id.endswith("RULES")
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            ):
                # A table of rules (markdown/lint/report.py LINT_RULES): its keys are rule ids.
                candidates += [(key, "") for key in node.value.keys if key is not None]
            for candidate, prefix in candidates:
                text = _text(candidate, constants)
                if text is not None and RULE_ID.match(prefix + text):
                    found.setdefault(prefix + text, f"{where}:{candidate.lineno}")
    return found


def _test_sources() -> str:
    this = Path(__file__).resolve()
    return "\n".join(file.read_text(encoding="utf-8") for file in sorted(TESTS.rglob("*.py")) if file.resolve() != this)


def test_the_scan_finds_rule_ids_reported_in_each_way_clerk_reports_them():
    ids = clerk_rule_ids()
    # Diagnostics.error, a LINT_RULES key, an ImageProblem field, Diagnostic(...), a module constant.
    assert {"unknown-person", "link-bare-url", "svg-unsafe", "internal-error", "template"} <= set(ids)
    # fail("title") in pdf_structure.py, which reports pdf:title; Finding("vnu:failed", …).
    assert {"pdf:title", "vnu:failed"} <= set(ids) and "title" not in ids


def test_every_rule_id_in_the_generator_appears_in_a_test():
    sources = _test_sources()
    missing = [
        f"{rule} (reported at {where})"
        for rule, where in sorted(clerk_rule_ids().items())
        if not any(form in sources for form in (f'"{rule}"', f"'{rule}'", f"[{rule}]"))
    ]
    assert not missing, "rule ids with no test case: " + ", ".join(missing)
