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
