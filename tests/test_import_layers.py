"""generator/ imports in one direction: no cycles, and no module imports from a layer above its own.

The graph is read with `ast` from every module of generator/: imports at the
top of a module and inside functions both count, since a function-level
import is still a dependency (and was the usual way a cycle was hidden).
Imports under `if TYPE_CHECKING:` are left out: they only name types for
the type checker and never run. `from package import name` is an edge to
the module `package.name` when there is one, else to the package.

Importing `a.b.c` runs the `__init__` of `a.b` first, so an import also makes
an edge to each package above the imported module that is not above the
importer too (those are running already). That is how the old cycle of the
renderer and content lint went: content_lint imported markdown.walk, which
ran markdown/__init__.py, which imported the renderer, which imported
content_lint. These edges count for cycles; for layers only the named
module counts, since a package's `__init__` is placed with its package.

The layers, lowest first, are the order of the pipeline (build() in
generator/build.py): a module may import from its own layer and the layers
below. Every module must be in a layer, so a new module is placed on purpose.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.sitekit import REPO

GENERATOR = REPO / "generator"

#: Lowest first. A name covers its submodules, unless a longer name places them elsewhere.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "leaves",
        (
            "generator",  # the package itself (only its version): this name alone, not the modules under it
            # One way a file reaches disk, and the shape of the content-addressed caches.
            "generator.atomic_write",
            "generator.disk_cache",
            "generator.cache_pack",
            # The shared store behind the costly caches (an fsspec URL), used by disk_cache and cache_guard.
            "generator.shared_store",
            "generator.diagnostics",
            "generator.source_excerpt",
            "generator.regular_files",
            "generator.file_digests",
            "generator.dates",
            "generator.page_ids",
            "generator.progress",
            "generator.parallel",
            # What the build holds to its end, set aside from the garbage collector.
            "generator.heap",
            "generator.git_history",
            "generator.executors",
            # What the law says (exemption wording, working days): facts that import nothing of
            # Clerk's, shown by content/site.py as well as used by checks/deadlines.py.
            "generator.statutory",
        ),
    ),
    (
        "configuration and content models",
        (
            "generator.config",
            "generator.content.frontmatter",
            "generator.content.model",
            "generator.content.validation",
            "generator.content.schema_errors",
            "generator.content.folders",
            # The remembering helper of `clerk serve`, used by the loader and the linker; it
            # names BuildRecord for type checking only.
            "generator.memory",
            # The layer under it that lasts between processes, on disk, used by the loader and markdown_fields.
            "generator.content_cache",
            # portal.yaml, read as site.yaml is.
            "generator.portal_config",
        ),
    ),
    # The formats besides HTML and PDF: each reads a document model and its settings, nothing of the site.
    ("formats", ("generator.formats",)),
    # Parser, renderer rules and content lint: lint runs on the tokens while they are rendered.
    ("markdown", ("generator.markdown",)),
    ("content", ("generator.content",)),  # loader, linker, site, markdown_fields, prerender…
    (
        "checks of content",
        (
            "generator.checks.deadlines",
            "generator.checks.consistency",
            # Called by render/pages.py while the pages are planned.
            "generator.checks.local_links",
            "generator.checks.content_checks",
        ),
    ),
    ("render", ("generator.render",)),
    ("checks of the built site", ("generator.checks",)),  # gate, checkers, pdf_structure, site_checks, report, policy…
    (
        "build",
        (
            "generator.build_record",
            "generator.incremental_build",
            "generator.publish",
            "generator.cache_guard",
            "generator.preview",
            "generator.preview_build",
            "generator.build",
            # A portal: each council through build(), then the portal's own pages.
            "generator.portal_build",
        ),
    ),
    ("entry points", ("generator.serve", "generator.new_file", "generator.init_site", "generator.cli", "generator.__main__")),
)

#: Imports from a lower layer to a higher one that are known and due to go, each with why.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


#: Names that stand for that module alone, not for the modules under it: the package's own
#: __init__ is a leaf, but a module added under generator/ must be placed in a layer on purpose.
EXACT_ONLY = {"generator"}


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int
    implicit: bool = False
    """An edge to a package whose __init__ runs because a module inside it is imported."""


def module_name(file: Path, root: Path) -> str:
    parts = list(file.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> dict[str, list[Edge]]:
    """Each module of the package at `root`, with the imports it makes of the package's own modules."""
    files = {module_name(file, root): file for file in sorted(root.rglob("*.py"))}
    return {name: _imports(name, file, set(files), root.name) for name, file in files.items()}


def _imports(name: str, file: Path, modules: set[str], package: str) -> list[Edge]:
    tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    skipped = {id(node) for block in ast.walk(tree) if _is_type_checking_block(block) for node in ast.walk(block)}
    edges: list[Edge] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, name, file)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target == package or target.startswith(package + "."):
                edges.append(Edge(name, target, node.lineno))
                edges += [Edge(name, above, node.lineno, implicit=True) for above in _packages_run_by(target, name)]
    return edges


def _packages_run_by(target: str, importer: str) -> list[str]:
    """The packages above `target` whose __init__ importing it runs, leaving out those above `importer`."""
    parts = target.split(".")
    above = [".".join(parts[:end]) for end in range(1, len(parts))]
    running = {".".join(importer.split(".")[:end]) for end in range(1, importer.count(".") + 2)}
    return [name for name in above if name not in running]


def _absolute(node: ast.ImportFrom, name: str, file: Path) -> str:
    if not node.level:
        return node.module or ""
    package = name.split(".") if file.name == "__init__.py" else name.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def cycles(graph: dict[str, list[Edge]]) -> list[list[str]]:
    """Every group of modules that import one another round in a loop (Tarjan's strongly
    connected components), each as one loop through it, first module repeated at the end."""
    successors = {name: sorted({edge.imported for edge in edges if edge.imported in graph}) for name, edges in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in successors[node]:
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in successors[node]:
                found.append(_loop_through(sorted(component), successors))

    for node in sorted(successors):
        if node not in index:
            visit(node)
    return found


def _loop_through(component: list[str], successors: dict[str, list[str]]) -> list[str]:
    """A shortest loop from the first module of `component` back to itself, staying inside it."""
    start = component[0]
    inside = set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for following in successors[node]:
            if following == start:
                return paths[node] + [start]
            if following in inside and following not in paths:
                paths[following] = paths[node] + [following]
                queue.append(following)
    return component + [start]


def layer_of(module: str, layers: tuple[tuple[str, tuple[str, ...]], ...] = LAYERS) -> int | None:
    """The index of the layer whose longest name covers `module`; None if no layer does."""
    best: tuple[int, int] | None = None
    for number, (_, names) in enumerate(layers):
        for name in names:
            covers = module == name or (name not in EXACT_ONLY and module.startswith(name + "."))
            if covers and (best is None or len(name) > best[1]):
                best = (number, len(name))
    return best[0] if best else None


def upward_imports(graph: dict[str, list[Edge]], layers=LAYERS, exceptions=KNOWN_EXCEPTIONS) -> list[str]:
    """Each import from a lower layer to a higher one, as 'file:line: importer (layer) -> imported (layer)'."""
    found = []
    for edges in graph.values():
        for edge in edges:
            if edge.implicit:
                continue
            low, high = layer_of(edge.importer, layers), layer_of(edge.imported, layers)
            if low is None or high is None or high <= low or (edge.importer, edge.imported) in exceptions:
                continue
            found.append(
                f"{edge.importer.replace('.', '/')}.py:{edge.line}: {edge.importer} ({layers[low][0]})"
                f" imports {edge.imported} ({layers[high][0]})"
            )
    return sorted(set(found))


# -- generator/ itself ---------------------------------------------------------


def test_generator_has_no_import_cycles():
    loops = cycles(import_graph(GENERATOR))
    assert not loops, "import cycles:\n" + "\n".join(" -> ".join(loop) for loop in loops)


def test_no_module_of_generator_imports_from_a_higher_layer():
    offending = upward_imports(import_graph(GENERATOR))
    assert not offending, "imports from a lower layer to a higher one:\n" + "\n".join(offending)


def test_every_module_of_generator_is_in_a_layer():
    unplaced = sorted(name for name in import_graph(GENERATOR) if layer_of(name) is None)
    assert not unplaced, "modules in no layer of tests/test_import_layers.py LAYERS: " + ", ".join(unplaced)


def test_each_known_exception_is_still_an_import_of_generator():
    # An exception the code no longer needs is removed, so that it cannot excuse a new import.
    edges = {(edge.importer, edge.imported) for edges in import_graph(GENERATOR).values() for edge in edges if not edge.implicit}
    stale = sorted(f"{a} -> {b}" for a, b in KNOWN_EXCEPTIONS if (a, b) not in edges)
    assert not stale, "known exceptions that no longer occur (remove them): " + ", ".join(stale)


def test_the_markdown_renderer_and_its_lint_do_not_import_each_other_round():
    graph = import_graph(GENERATOR)
    lint_imports = {edge.imported for name, edges in graph.items() if name.startswith("generator.markdown.lint") for edge in edges}
    assert "generator.markdown.document" not in lint_imports
    assert not any(name.startswith("generator.checks") for name in lint_imports)


# -- the checker itself, on made-up packages ---------------------------------------


def write_package(root: Path, modules: dict[str, str]) -> Path:
    """A package `pkg` under `root` with the given modules ('a', 'sub.b': their source)."""
    package = root / "pkg"
    for name, source in {"": "", **modules}.items():
        path = package.joinpath(*name.split(".")) if name else package
        file = path.with_suffix(".py") if name else package / "__init__.py"
        file.parent.mkdir(parents=True, exist_ok=True)
        (file.parent / "__init__.py").touch()
        file.write_text(source, encoding="utf-8")
    return package


def test_the_checker_names_a_cycle_made_by_a_function_level_import(tmp_path):
    package = write_package(
        tmp_path,
        {
            "a": "from pkg import b\n",
            "b": "def f():\n    from pkg.c import g\n",
            "c": "import pkg.a\n",
            "d": "from pkg import a\n",
        },
    )
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def test_the_checker_finds_a_cycle_through_a_package_init_that_a_submodule_import_runs(tmp_path):
    # The shape of the old markdown/lint cycle: lint imports a sibling of the renderer, whose
    # package __init__ imports the renderer, which imports lint.
    package = write_package(
        tmp_path,
        {
            "markdown.__init__": "def __getattr__(name):\n    from pkg.markdown import document\n",
            "markdown.document": "from pkg.checks.lint import lint\nfrom pkg.markdown import walk\n",
            "markdown.walk": "",
            "checks.lint": "from pkg.markdown.walk import inline\n",
        },
    )
    assert cycles(import_graph(package)) == [["pkg.checks.lint", "pkg.markdown", "pkg.markdown.document", "pkg.checks.lint"]]


def test_the_checker_ignores_imports_for_type_checking_only(tmp_path):
    package = write_package(
        tmp_path,
        {
            "a": "from pkg.b import B\n",
            "b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\n",
        },
    )
    assert cycles(import_graph(package)) == []


def test_the_checker_reads_relative_imports(tmp_path):
    package = write_package(tmp_path, {"sub.a": "from . import b\n", "sub.b": "from ..sub.a import x\n"})
    assert cycles(import_graph(package)) == [["pkg.sub.a", "pkg.sub.b", "pkg.sub.a"]]


def test_the_checker_lists_each_import_from_a_lower_layer_to_a_higher_one(tmp_path):
    package = write_package(
        tmp_path,
        {
            "low": "import json\n",
            "high.page": "from pkg import low\n",
            "high.checks": "from pkg.high import page\n",
            "sneaky": "def f():\n    from pkg.high.checks import x\n",
        },
    )
    layers = (("bottom", ("pkg", "pkg.low", "pkg.sneaky")), ("top", ("pkg.high",)))
    graph = import_graph(package)
    assert upward_imports(graph, layers, {}) == [
        "pkg/sneaky.py:2: pkg.sneaky (bottom) imports pkg.high.checks (top)",
    ]
    assert upward_imports(graph, layers, {("pkg.sneaky", "pkg.high.checks"): "known"}) == []
