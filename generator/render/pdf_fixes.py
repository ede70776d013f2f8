"""What WeasyPrint's tagging leaves out or gets wrong, put right with pikepdf.

WeasyPrint builds the structure tree one page at a time, which causes most of this:

- A table that crosses a page is tagged as one Table per page. The pieces
  after the first have no caption (Clerk's tables always have one), so they
  are merged back into the first, with the containers around them, and the
  header row the renderer repeats on each page becomes an artifact.
- Running headers and footers are marked content that no element of the tree
  owns; PDF/UA wants them marked as artifacts (ISO 14289-1 7.8).
- An image with `alt=""` is decorative but tagged as a Figure without /Alt;
  it leaves the tree and becomes an artifact too.
- Header cells get /Scope (Column in the table head, Row elsewhere), so a
  screen reader can pair data cells with their headers (ISO 14289-1 7.5).

The rule for artifacts is one: marked content that no element reachable from
the structure root owns is rewritten as an /Artifact in the page's content.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from generator.render.pdf_structure_tree import (
    attribute_dictionaries,
    children,
    elements,
    is_owned,
    marked_content_owners,
    reachable,
    set_children,
)


def fix_pdf(path: Path) -> int:
    """Fix the PDF in place; returns its page count."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is not None:
            _merge_split_tables(tree)
            _drop_decorative_figures(tree)
            _mark_unowned_content_as_artifacts(pdf, tree)
            _scope_header_cells(tree, None)
        # Deterministic output: no new document id or dates from pikepdf.
        pdf.save(path, deterministic_id=True)
        return len(pdf.pages)


def _merge_split_tables(tree: pikepdf.Dictionary) -> None:
    tables = [element for element in elements(tree) if str(element.get("/S")) == "/Table"]
    previous: pikepdf.Dictionary | None = None
    for table in tables:
        if previous is not None and not _has_caption(table):
            _merge_into(previous, table)
        else:
            previous = table


def _has_caption(table: pikepdf.Dictionary) -> bool:
    kids = children(table)
    return bool(kids) and isinstance(kids[0], pikepdf.Dictionary) and str(kids[0].get("/S")) == "/Caption"


def _merge_into(first: pikepdf.Dictionary, piece: pikepdf.Dictionary) -> None:
    """Move `piece`'s rows into `first`, and its ancestors' later content into the matching ancestors of `first`.

    A table that continues onto the next page means every element around it
    continues too, so the two ancestor chains are the same elements split in two.
    """
    kids = children(piece)
    if kids and isinstance(kids[0], pikepdf.Dictionary) and str(kids[0].get("/S")) == "/THead":
        kids = kids[1:]  # the repeated header row; left out of the tree, it becomes an artifact
    target, source = first, piece
    while True:
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = target
        set_children(target, children(target) + kids)
        source_parent, target_parent = source.get("/P"), target.get("/P")
        if source_parent is None or target_parent is None:
            return
        remaining = [kid for kid in children(source_parent) if not _same(kid, source)]
        if _same(source_parent, target_parent) or str(source_parent.get("/S")) != str(target_parent.get("/S")):
            set_children(source_parent, remaining)
            return
        if str(source_parent.get("/Type")) == "/StructTreeRoot":
            return
        kids, target, source = remaining, target_parent, source_parent


def _same(one: pikepdf.Object, other: pikepdf.Object) -> bool:
    return isinstance(one, pikepdf.Object) and isinstance(other, pikepdf.Object) and one.is_indirect and other.is_indirect and one.objgen == other.objgen


def _drop_decorative_figures(tree: pikepdf.Dictionary) -> None:
    for element in list(elements(tree)):
        if str(element.get("/S")) == "/Figure" and not str(element.get("/Alt", "")).strip():
            parent = element.get("/P")
            if parent is not None:
                set_children(parent, [kid for kid in children(parent) if not _same(kid, element)])


def _mark_unowned_content_as_artifacts(pdf: pikepdf.Pdf, tree: pikepdf.Dictionary) -> None:
    owned = reachable(tree)
    owners = marked_content_owners(tree)
    for page in pdf.pages:
        page_owners = owners.get(int(page.get("/StructParents", -1)))
        if page_owners is None:
            continue
        unowned = {mcid for mcid, owner in enumerate(page_owners) if not is_owned(owner, owned)}
        for mcid in unowned:
            page_owners[mcid] = None
        if unowned:
            _rewrite_as_artifacts(pdf, page, unowned)


def _rewrite_as_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    instructions = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) in mcids:
                instructions.append(([pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)], operator))
                continue
        instructions.append((operands, operator))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _scope_header_cells(node: pikepdf.Dictionary, section: str | None) -> None:
    kind = str(node.get("/S", ""))
    if kind in ("/THead", "/TBody", "/TFoot"):
        section = kind
    if kind == "/TH":
        scope = pikepdf.Name.Column if section == "/THead" else pikepdf.Name.Row
        table_attributes = attribute_dictionaries(node)
        for entry in table_attributes:
            if isinstance(entry, pikepdf.Dictionary) and entry.get("/O") == pikepdf.Name.Table:
                entry.Scope = scope
                break
        else:
            fresh = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
            node.A = pikepdf.Array([*table_attributes, fresh]) if table_attributes else fresh
    for kid in children(node):
        if isinstance(kid, pikepdf.Dictionary):
            _scope_header_cells(kid, section)
