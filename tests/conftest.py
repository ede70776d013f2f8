from __future__ import annotations

from pathlib import Path

import pytest

from tests.example_site import build_example


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("example") / "build"
    result = build_example(output)
    assert result.ok, result.diagnostics.report()
    return output
