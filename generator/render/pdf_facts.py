"""What a page needs to know of a PDF it offers, and what its structure check needs of its source.

Kept apart from pdf.py, which loads pikepdf and WeasyPrint, so that the
build record can hold these without loading either.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    size: int
    tables: int
    """How many tables the source had: the PDF must tag each as one Table."""

    def describe(self) -> str:
        """GOV.UK attachment style: 'PDF, 412 KB, 14 pages'."""
        size = f"{self.size / 1024:.0f} KB" if self.size < 1024 * 1024 else f"{self.size / 1024 / 1024:.1f} MB"
        return f"PDF, {size}, {self.pages} page{'s' if self.pages != 1 else ''}"
