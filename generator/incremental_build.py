"""The bookkeeping of an incremental build, behind one object build() asks three things of.

Before loading: is anything to do at all (`up_to_date`)? Before writing: what
may the writer take from the last published build (`prepare_writer`)? After
checking: publish, and leave the record the next build compares with
(`publish`). The record (build_record.py), serve's memory of it (memory.py) and
the writer's reuse (render/incremental.py) meet only here.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.build_record import (
    BuildRecord, Comparison, compare, options_key, published_files, published_tree, record_path,
    stats_trusted_before,
)
from generator.checks.gate import GateOptions
from generator.formats.registry import Format
from generator.memory import Memory
from generator.publish import publish, publish_changes, staging_folder
from generator.render.pages import Page
from generator.render.pdf import EDITIONS
from generator.render.writer import SiteWriter


@dataclass
class IncrementalBuild:
    root: Path
    output: Path
    cache: Path
    memory: Memory | None
    compared: Comparison | None
    """What `compare` found; None for a build that does not publish (`clerk check`), which has no use for it."""

    @classmethod
    def start(
        cls,
        root: Path,
        output: Path,
        cache: Path,
        options: tuple[dt.date, GateOptions | None, bool, bool, str | None],
        memory: Memory | None,
        compared: Comparison | None,
        publishes: bool,
    ) -> IncrementalBuild:
        """Compare the content with the last published build, unless the caller already has (`compared`)."""
        if publishes and compared is None:
            # Serve trusts build/ to be as it left it, while it is the same folder (not deleted meanwhile).
            trusted = memory is not None and memory.record is not None and memory.output_identity == _identity(output)
            compared = compare(
                root, output, cache, options_key(*options),
                remembered_hashes=memory.file_hashes if memory is not None else None,
                record=memory.record if trusted else None,
                output_trusted=trusted,
            )
        return cls(root, output, cache, memory, compared)

    @property
    def up_to_date(self) -> bool:
        """Nothing the build reads has changed since the last published build."""
        return self.compared is not None and self.compared.up_to_date

    @property
    def file_hashes(self) -> dict[tuple, str]:
        """The content files' hashes by a stat old enough to stand for their bytes, as `compare` just found them."""
        return self.compared.file_hashes if self.compared is not None else {}

    def prepare_writer(
        self, writer: SiteWriter, pages: list[Page], pdfs: bool, formats: tuple[Format, ...], gate: GateOptions | None
    ) -> None:
        """Let `writer` take unchanged outputs from the last build; under serve, stage only what it makes."""
        reuse = self.compared.reuse if self.compared is not None else None
        writer.reuse = reuse
        # Serve stages only what it makes, when the same outputs are made as last time; the
        # browser checks (never run by serve) read a whole staged site.
        writer.sparse = (
            self.memory is not None and gate is None and reuse is not None and _outputs(pages, pdfs, formats) == set(reuse.dependencies)
        )

    def publish(
        self, staging: Path, writer: SiteWriter, public: set[str], index: Callable[[Path, Path], None] | None = None
    ) -> list[str] | None:
        """Swap `staging` into the output folder and save the record of it; the files that changed when
        only those were published (serve), else None. `public`: the content files the record may name.
        `index(site, into)`: what is made from the whole site (the search index), which a sparse
        staging folder cannot give, is made after it is published, from the output folder."""
        assert self.compared is not None, "only a build that publishes compares"
        written = None
        folders: dict[str, int | list[str]] = {}  # unknown after a sparse publish: the next build lists the output
        if writer.sparse:
            assert self.compared.record is not None
            outputs = dict(self.compared.record.outputs)
            written, staged = publish_changes(staging, self.output)
            if index is not None:
                # Made beside the output and then published as the pages were: a reader never sees half an index.
                fresh = staging_folder(self.output)
                try:
                    index(self.output, fresh)
                    indexed, made = publish_changes(fresh, self.output)
                finally:
                    shutil.rmtree(fresh, ignore_errors=True)
                written, staged = sorted(written + indexed), staged + made
                for stale in _left_beside(self.output, made):  # the last index's files this one no longer has
                    (self.output / stale).unlink()
                    outputs.pop(stale, None)
            # A file left alone as the same may still have been written since (preview.py).
            outputs.update(published_files(self.output, staged))
        else:
            old_files = len(self.compared.record.outputs) if self.compared.record is not None else 0
            publish(staging, self.output, old_files)
            # The records' folder made first, for the file system's clock (the cache is guarded by now).
            record_path(self.cache, self.output).parent.mkdir(parents=True, exist_ok=True)
            outputs, folders = published_tree(self.output, stats_trusted_before(self.cache))
        record = BuildRecord(
            self.compared.structure, self.compared.inputs, outputs, writer.dependencies, writer.pdf_facts, writer.format_facts,
            folders=folders, file_hashes=self.compared.file_hashes, history=self.compared.history,
        )  # fmt: skip
        record.save(self.cache, self.output, public=public)
        if self.memory is not None:
            self.memory.record, self.memory.output_identity = record, _identity(self.output)
        return written


def _left_beside(output: Path, made: list[str]) -> list[str]:
    """The files under the folders `made` fills (pagefind/) that it did not make."""
    folders = {path.split("/")[0] for path in made if "/" in path}
    kept = set(made)
    return sorted(
        relative
        for folder in folders
        for path in (output / folder).rglob("*")
        if path.is_file() and (relative := path.relative_to(output).as_posix()) not in kept
    )


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _outputs(pages: list[Page], pdfs: bool, formats: tuple[Format, ...]) -> set[str]:
    """The pages, their images, the PDFs and the other formats a build makes (not the accessibility pages, made afresh
    every time). Only when they are those of the last build may serve publish just what changed."""
    made = {path for page in pages for path in (page.output_path, *page.asset_paths)}
    if pdfs:
        made |= {page.pdf_path(edition.suffix) for page in pages if page.pdf_template is not None for edition in EDITIONS}
    made |= {page.format_path(format.suffix) for page in pages if page.pdf_template is not None for format in formats}
    return made
