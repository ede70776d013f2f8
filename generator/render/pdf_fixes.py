"""What WeasyPrint's tagging leaves out, added with pikepdf.

- Header cells get /Scope (Column in the table head, Row elsewhere), so a
  screen reader can pair data cells with their headers (PDF/UA, ISO 14289-1 7.5).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf


def fix_pdf(path: Path) -> int:
    """Fix the PDF in place; returns its page count."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is not None:
            _scope_header_cells(tree, None)
        # Deterministic output: no new document id or dates from pikepdf.
        pdf.save(path, deterministic_id=True)
        return len(pdf.pages)


def _scope_header_cells(node: pikepdf.Object, section: str | None) -> None:
    if isinstance(node, pikepdf.Array):
        for child in node:
            _scope_header_cells(child, section)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    kind = str(node.get("/S", ""))
    if kind in ("/THead", "/TBody", "/TFoot"):
        section = kind
    if kind == "/TH":
        scope = pikepdf.Name.Column if section == "/THead" else pikepdf.Name.Row
        attributes = node.get("/A")
        table_attributes = [attributes] if isinstance(attributes, pikepdf.Dictionary) else list(attributes or [])
        for entry in table_attributes:
            if isinstance(entry, pikepdf.Dictionary) and entry.get("/O") == pikepdf.Name.Table:
                entry.Scope = scope
                break
        else:
            fresh = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
            node.A = pikepdf.Array([*table_attributes, fresh]) if table_attributes else fresh
    children = node.get("/K")
    if children is not None:
        _scope_header_cells(children, section)
