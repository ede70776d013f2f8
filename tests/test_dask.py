"""The example site built through a Dask LocalCluster (two worker processes) is the site the local pool
builds, byte for byte, PDFs included. Runs only where Dask is installed (the `test` extra installs it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.executors import ExecutorChoice, Units
from tests.example_site import EXAMPLE_TODAY
from tests.sitekit import REPO

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'clerk[dask]'")


def _every_file(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_example_site_built_on_a_dask_local_cluster_is_byte_identical_to_the_local_pools(
    example_build, example_cache, tmp_path, monkeypatch
):
    # The session's build made everything with the local pool. Its cache, less its PDFs, spares the
    # gate and the other formats here: every PDF is made again, on the cluster's workers.
    cache = tmp_path / "cache"
    shutil.copytree(example_cache, cache, ignore=shutil.ignore_patterns("pdf"))
    run = Units.run
    ran_on: list[str] = []

    def recording(units, function, items, what):
        ran_on.append(f"{units.choice.kind}:{what}:{len(items)}")
        return run(units, function, items, what)

    monkeypatch.setattr(Units, "run", recording)
    monkeypatch.setattr("generator.build.os.cpu_count", lambda: 2)
    result = build(REPO, tmp_path / "build", today=EXAMPLE_TODAY, cache_folder=cache, executor=ExecutorChoice("dask"))
    assert result.ok, result.diagnostics.report()
    assert result.pdfs_rendered > 0 and any(entry.startswith("dask:Rendering PDFs") for entry in ran_on), ran_on
    made, expected = _every_file(tmp_path / "build"), _every_file(example_build)
    assert made.keys() == expected.keys()
    assert [path for path in made if made[path] != expected[path]] == []
