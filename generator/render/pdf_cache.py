"""PDFs kept by the hash of everything they are made from (pdf.py `pdf_key`), so an unchanged PDF is not rendered again.

Two DiskCache entries per PDF under `.clerk-cache/pdf/`: the PDF, and its
page count and size. Either one missing or corrupt means rendering again.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.atomic_write import write_atomically
from generator.disk_cache import DiskCache
from generator.render.pdf_facts import PdfFacts


class PdfCache:
    def __init__(self, folder: Path | None):
        self.pdfs = DiskCache(folder, ".pdf")
        self.facts = DiskCache(folder, ".json")

    def reuse(self, key: str, target: Path, tables: int) -> PdfFacts | None:
        """Put the PDF kept under `key` at `target`, and say what it is; None when there is none."""
        facts = self.facts.read(key, lambda data: PdfFacts(**json.loads(data), tables=tables))
        data = self.pdfs.get(key) if facts is not None else None
        if facts is None or data is None:
            return None
        write_atomically(target, data)
        return facts

    def remember(self, key: str, target: Path, facts: PdfFacts) -> None:
        # The PDF before its facts: facts found always have their PDF beside them.
        self.pdfs.put(key, target.read_bytes())
        self.facts.put(key, json.dumps({"pages": facts.pages, "size": facts.size}).encode("utf-8"))
