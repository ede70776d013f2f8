"""Regenerate tests/golden/ from the example site: `make golden`, then review `git diff`."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from generator.render.open_data_records import DATA_FILES
from tests.example_site import build_example, html_pages

GOLDEN = Path(__file__).resolve().parent / "golden"
#: The open data's JSON Schemas, kept in the repository for readers (tests/test_open_data.py checks them).
SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schemas"


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "build"
        result = build_example(output, Path(temporary) / "cache")
        if not result.ok:
            print(result.diagnostics.report(), file=sys.stderr)
            return 1
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for page in html_pages(output):
            target = GOLDEN / page.relative_to(output)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
        SCHEMAS.mkdir(parents=True, exist_ok=True)
        for data_file in DATA_FILES:
            shutil.copyfile(output / data_file.schema_path, SCHEMAS / data_file.schema_name)
    print(f"Wrote {len(list(GOLDEN.rglob('*.html')))} golden pages to {GOLDEN}, and the open data's schemas to {SCHEMAS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
