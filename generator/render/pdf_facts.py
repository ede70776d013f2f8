"""What a page needs to know of a PDF it offers, and what its structure check needs of its source.

Kept apart from pdf.py, which loads pikepdf and WeasyPrint, so that the
build record can hold these without loading either.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.formats.facts import file_size


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    size: int
    tables: int
    """How many tables the source had: the PDF must tag each as one Table."""

    def describe(self) -> str:
        """GOV.UK attachment style: 'PDF, 412 KB, 14 pages'."""
        return f"PDF, {file_size(self.size)}, {self.pages} page{'s' if self.pages != 1 else ''}"
