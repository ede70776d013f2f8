"""PDFs kept by the hash of everything they are made from (pdf.py `pdf_key`), so an unchanged PDF is not rendered again.

Two DiskCache entries per PDF under `.clerk-cache/pdf/`: the PDF, and its
page count and size. Either one missing or corrupt means rendering again.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.disk_cache import CacheFolder, KeptFiles
from generator.render.pdf_facts import PdfFacts


class PdfCache:
    def __init__(self, folder: CacheFolder | None):
        self.kept = KeptFiles(folder, ".pdf")

    def reuse(self, key: str, target: Path, tables: int) -> PdfFacts | None:
        """Put the PDF kept under `key` at `target`, and say what it is; None when there is none."""
        return self.kept.reuse(key, target, lambda data: PdfFacts(**json.loads(data), tables=tables))

    def remember(self, key: str, target: Path, facts: PdfFacts) -> None:
        self.kept.remember(key, target, json.dumps({"pages": facts.pages, "size": facts.size}).encode("utf-8"))
