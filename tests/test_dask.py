"""The example site built through a Dask LocalCluster (two worker processes) is the site the local pool
builds, byte for byte, PDFs included; a site checked on one fails where a local build fails. Runs only where
Dask is installed (the `test` extra installs it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.checks.gate_options import GateOptions
from generator.executors import ExecutorChoice, Units
from tests.example_site import EXAMPLE_TODAY
from tests.sitekit import REPO, make_site

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'clerk[dask]'")

PALE = "body { color: #b0b0b0 !important; }\n"


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


def test_a_site_checked_on_a_dask_local_cluster_fails_at_its_broken_pages_as_a_local_build_does(tmp_path, monkeypatch):
    from distributed import LocalCluster

    run = Units.run
    checked_on: list[str] = []

    def recording(units, function, items, what):
        if what == "Checking pages":
            checked_on.append(units.choice.kind)
        return run(units, function, items, what)

    monkeypatch.setattr(Units, "run", recording)
    root = make_site(tmp_path)
    # Pale text: every page fails contrast, each at its own place. (That the unit path gives the local path's
    # findings on clean and broken pages alike is test_gate_units.py's, in the build's own process.)
    (root / "templates/static").mkdir(parents=True)
    (root / "templates/static/clerk.css").write_text((REPO / "templates/static/clerk.css").read_text() + PALE)
    options = {"gate": GateOptions(processes=2), "pdfs": False, "formats": False}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        on_dask = ExecutorChoice("dask", cluster.scheduler_address)
        on_cluster = build(root, tmp_path / "dask", cache_folder=tmp_path / "dask-cache", executor=on_dask, **options)
    assert checked_on and set(checked_on) == {"dask"}, "the pages were checked on the cluster's workers"
    assert on_cluster.gate_run.checked == {"pa11y": len(on_cluster.pages), "vnu": len(on_cluster.pages)}
    assert len(on_cluster.pages) > 10
    checked_on.clear()
    local = build(root, tmp_path / "local", cache_folder=tmp_path / "local-cache", **options)
    assert checked_on == [], "a local build checks its pages on the build machine"
    assert not on_cluster.ok and not local.ok and not (tmp_path / "dask").exists()
    found = on_cluster.diagnostics.items
    assert any(d.rule == "axe:color-contrast" and d.position.path.startswith("build/meetings/") for d in found), found
    assert found == local.diagnostics.items
