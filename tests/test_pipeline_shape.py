"""build() reads as the pipeline, and each stage keeps to its own job."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

from generator import build as build_module
from generator.content.linker import link
from generator.content.loader import Loader
from generator.content.site import EMPTY
from generator.diagnostics import Diagnostics
from tests.sitekit import MINIMAL

GENERATOR = Path(build_module.__file__).resolve().parent

#: The stages, in the order build() must call them.
PIPELINE = [
    "load", "link", "render_markdown", "check_content", "apply_policy", "plan_pages",
    # Checking the site: the PDFs, then every page; the statement and report pages, which describe
    # the results, are written between and checked again if the results changed them.
    "write_pdfs", "write", "write_calendars", "write_feeds", "write_open_data", "index_search", "check_pdfs",
    "check_pages", "check_changed", "publish",
]


def _calls_in_order(function) -> list[str]:
    """The names of the functions and methods `function` calls, in the order they appear in its source."""
    tree = ast.parse(inspect.getsource(function))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    names = []
    for call in calls:
        target = call.func
        if isinstance(target, ast.Attribute):
            names.append(target.attr)
        elif isinstance(target, ast.Name):
            names.append(target.id)
    return names


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_build_calls_each_stage_by_name_in_pipeline_order():
    called = _calls_in_order(build_module._build)
    missing = [stage for stage in PIPELINE if stage not in called]
    assert not missing, f"build() does not call {missing}"
    firsts = [called.index(stage) for stage in PIPELINE]
    assert firsts == sorted(firsts), [called[index] for index in sorted(firsts)]


def test_the_content_stages_import_nothing_from_the_later_checks():
    reaching_back = {
        path.name: sorted(module for module in _imports(path) if module.startswith("generator.checks"))
        for path in (GENERATOR / "content").glob("*.py")
    }
    assert not {name: modules for name, modules in reaching_back.items() if modules}


def test_the_linker_links_and_leaves_markdown_to_its_own_stage():
    assert not {module for module in _imports(GENERATOR / "content" / "linker.py") if module.startswith("generator.markdown")}
    diagnostics = Diagnostics()
    site = link(Loader(MINIMAL, diagnostics).load(), diagnostics, dt.date(2030, 1, 1))
    assert site is not None and site.meetings
    for meeting in site.meetings.values():
        assert meeting.introduction is EMPTY
        assert all(paper.body is EMPTY for paper in meeting.papers.values())
        assert meeting.minutes is None or meeting.minutes.body is EMPTY


def test_only_the_memory_swaps_a_stage_s_diagnostics_to_remember_them():
    swapping = []
    for path in GENERATOR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                targets = [
                    element
                    for target in node.targets
                    for element in (target.elts if isinstance(target, ast.Tuple) else [target])
                ]
                if any(isinstance(t, ast.Attribute) and t.attr == "diagnostics" and not _in_init(path, node) for t in targets):
                    swapping.append(f"{path.relative_to(GENERATOR)}:{node.lineno}")
    assert all(place.startswith("memory.py:") for place in swapping), swapping


def _in_init(path: Path, assignment: ast.Assign) -> bool:
    """An assignment in an `__init__` sets the attribute up; it does not swap it."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            if node.lineno <= assignment.lineno <= (node.end_lineno or node.lineno):
                return True
    return False


def test_the_staging_folder_is_removed_in_one_place():
    source = inspect.getsource(build_module)
    assert source.count("rmtree(staging") == 1
