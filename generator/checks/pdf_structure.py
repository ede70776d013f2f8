"""Clerk's own PDF/UA structure checks, since veraPDF cannot be installed here.

Each check reads the PDF with pikepdf and names the PDF/UA requirement it
stands for. They do not replace a full validator: they read the structure
tree and the pages' own content streams, not form XObjects or annotations'
appearances, and check no reading order.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from generator.checks.findings import Finding
from generator.render.pdf_structure_tree import attribute_dictionaries, is_owned, marked_content_owners, reachable
from generator.render.pdf_structure_tree import elements as structure_elements

#: Operators that put text or an image on the page.
PAINTING = {"Tj", "TJ", "'", '"', "Do", "BI"}

HEADINGS = {f"/H{level}" for level in range(1, 7)}


def check_pdf(path: Path, tables: int | None = None) -> list[Finding]:
    """`tables` is how many tables the source had, when known: each must be one Table element."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as error:
        return [Finding("pdf:unreadable", "error", f"the PDF cannot be read: {error}")]
    with pdf:
        findings: list[Finding] = []
        root = pdf.Root

        def fail(rule: str, message: str) -> None:
            findings.append(Finding(f"pdf:{rule}", "error", message))

        with pdf.open_metadata() as metadata:
            if str(metadata.get("pdfuaid:part", "")) != "1":
                fail("ua-identifier", "the PDF does not declare PDF/UA-1 (pdfuaid:part in its XMP metadata)")
            title = str(metadata.get("dc:title", "") or pdf.docinfo.get("/Title", "")).strip()
        if not title:
            fail("title", "the PDF has no document title")
        preferences = root.get("/ViewerPreferences")
        if not (isinstance(preferences, pikepdf.Dictionary) and bool(preferences.get("/DisplayDocTitle", False))):
            fail("display-title", "the viewer is not told to show the title (ViewerPreferences /DisplayDocTitle)")
        if not str(root.get("/Lang", "")).strip():
            fail("lang", "the PDF has no /Lang, so a screen reader cannot choose its voice")
        mark_info = root.get("/MarkInfo")
        tree = root.get("/StructTreeRoot")
        if tree is None or not (isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))):
            fail("tagged", "the PDF is not tagged (no structure tree, or /MarkInfo /Marked is not true)")
            return findings
        elements = list(structure_elements(tree))
        headings = sum(1 for element in elements if str(element.get("/S")) in HEADINGS)
        bookmarks = _count_outlines(pdf)
        if headings and bookmarks < headings:
            fail("bookmarks", f"{bookmarks} bookmark(s) for {headings} heading(s): each heading needs one")
        for element in elements:
            kind = str(element.get("/S"))
            if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
                fail("figure-alt", "a figure has no alternative text (/Alt)")
            if kind == "/TH" and not _has_scope(element):
                fail("table-scope", "a table header cell has no /Scope")
        found_tables = sum(1 for element in elements if str(element.get("/S")) == "/Table")
        if tables is not None and found_tables != tables:
            fail(
                "table-split",
                f"{found_tables} Table element(s) for {tables} table(s): a table that crosses a page must stay one table",
            )
        for problem, pages in _untagged_content(pdf, tree).items():
            fail("untagged-content", f"{problem}, on page(s) {', '.join(map(str, pages))}")
        for name, font in _fonts(pdf):
            if not _embedded(font):
                fail("font-embedded", f"the font {name} is not embedded")
        return sorted(set(findings))


UNTAGGED = {
    "untagged": "text or an image is neither tagged nor marked as an artifact",
    "unowned": "marked content belongs to no element of the structure tree (running headers and footers must be artifacts)",
}


def _untagged_content(pdf: pikepdf.Pdf, tree: pikepdf.Dictionary) -> dict[str, list[int]]:
    """Text and images must belong to an element of the tree or be an artifact (ISO 14289-1 7.1).

    Running headers and footers that are marked but owned by no element are
    what WeasyPrint leaves; they are reported here until made artifacts.
    """
    owned = reachable(tree)
    owners = marked_content_owners(tree)
    problems: dict[str, list[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        page_owners = owners.get(int(page.get("/StructParents", -1)), pikepdf.Array())
        stack: list[str] = []
        reported: set[str] = set()
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                stack.append(_marked_kind(operands, page_owners, owned))
            elif name == "EMC" and stack:
                stack.pop()
            elif name in PAINTING and "artifact" not in stack:
                state = next((kind for kind in reversed(stack) if kind != "other"), "untagged")
                if state != "owned" and state not in reported:
                    reported.add(state)
                    problems.setdefault(UNTAGGED[state], []).append(number)
    return problems


def _marked_kind(operands, page_owners: pikepdf.Array, owned: set) -> str:
    if operands and str(operands[0]) == "/Artifact":
        return "artifact"
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        mcid = int(properties.MCID)
        owner = page_owners[mcid] if mcid < len(page_owners) else None
        return "owned" if is_owned(owner, owned) else "unowned"
    return "other"


def _has_scope(element: pikepdf.Dictionary) -> bool:
    return any(isinstance(entry, pikepdf.Dictionary) and "/Scope" in entry for entry in attribute_dictionaries(element))


def _count_outlines(pdf: pikepdf.Pdf) -> int:
    with pdf.open_outline() as outline:
        count = 0
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            count += 1
            stack.extend(item.children)
        return count


def _fonts(pdf: pikepdf.Pdf):
    seen = set()
    for page in pdf.pages:
        resources = page.get("/Resources") or {}
        for name, font in (resources.get("/Font") or {}).items():
            key = font.objgen
            if key in seen:
                continue
            seen.add(key)
            yield str(font.get("/BaseFont", name)), font


def _embedded(font: pikepdf.Dictionary) -> bool:
    descriptors = []
    if "/FontDescriptor" in font:
        descriptors.append(font.FontDescriptor)
    for descendant in font.get("/DescendantFonts") or []:
        if "/FontDescriptor" in descendant:
            descriptors.append(descendant.FontDescriptor)
    if str(font.get("/Subtype")) == "/Type3":
        return True
    return bool(descriptors) and all(
        any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")) for descriptor in descriptors
    )
