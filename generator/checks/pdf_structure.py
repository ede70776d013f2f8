"""Clerk's own PDF/UA structure checks, since veraPDF cannot be installed here.

Each check reads the PDF with pikepdf and names the PDF/UA requirement it
stands for. They do not replace a full validator: content-stream tagging of
running headers and footers as artifacts is not checked yet.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from generator.checks.findings import Finding

HEADINGS = {f"/H{level}" for level in range(1, 7)}


def check_pdf(path: Path) -> list[Finding]:
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
        elements = list(_elements(tree))
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
        for name, font in _fonts(pdf):
            if not _embedded(font):
                fail("font-embedded", f"the font {name} is not embedded")
        return sorted(set(findings))


def _elements(node: pikepdf.Object):
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, pikepdf.Array):
            stack.extend(current)
        elif isinstance(current, pikepdf.Dictionary):
            if "/S" in current:
                yield current
            children = current.get("/K")
            if children is not None:
                stack.append(children)


def _has_scope(element: pikepdf.Dictionary) -> bool:
    attributes = element.get("/A")
    entries = [attributes] if isinstance(attributes, pikepdf.Dictionary) else list(attributes or [])
    return any(isinstance(entry, pikepdf.Dictionary) and "/Scope" in entry for entry in entries)


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
