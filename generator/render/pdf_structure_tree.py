"""Walking and editing a tagged PDF's structure tree, for the fixes and for the checks."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf


def children(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    """An element's /K as a list: it may be absent, one kid, or an array."""
    kids = element.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def set_children(element: pikepdf.Dictionary, kids: list[pikepdf.Object]) -> None:
    element.K = pikepdf.Array(kids)


def elements(root: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under `root`, in document order."""
    stack = list(reversed(children(root)))
    while stack:
        current = stack.pop()
        if isinstance(current, pikepdf.Dictionary) and "/S" in current:
            yield current
            stack.extend(reversed(children(current)))


def reachable(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
    """The object numbers of every structure element in the tree."""
    return {element.objgen for element in elements(root) if element.is_indirect}


def is_owned(owner: pikepdf.Object, owned: set[tuple[int, int]]) -> bool:
    """Whether a ParentTree entry is an element of the tree (see `reachable`)."""
    return isinstance(owner, pikepdf.Dictionary) and owner.objgen in owned


def marked_content_owners(tree: pikepdf.Dictionary) -> dict[int, pikepdf.Array]:
    """The ParentTree's arrays, by the /StructParents key of the page they belong to: entry n owns MCID n."""
    parent_tree = tree.get("/ParentTree")
    numbers = parent_tree.get("/Nums") if isinstance(parent_tree, pikepdf.Dictionary) else None
    if numbers is None:
        return {}
    return {
        int(numbers[index]): numbers[index + 1]
        for index in range(0, len(numbers) - 1, 2)
        if isinstance(numbers[index + 1], pikepdf.Array)
    }


def attribute_dictionaries(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    """An element's /A as a list: it may be absent, one attribute dictionary, or an array of them."""
    attributes = element.get("/A")
    return [attributes] if isinstance(attributes, pikepdf.Dictionary) else list(attributes or [])
