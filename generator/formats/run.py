"""Formats rendered on the build's executor (executors.py), and kept by the hash of everything they are made from.

Like the PDFs (render/pdf.py), a slow renderer (audio: Format.in_workers)
runs in a worker of the build's executor (by default a spawned process that
dies with the build; executors.py): a renderer loads what it likes (a speech
engine) and must not share a forked copy of the build. The quick ones (plain
text, braille, EPUB: a fraction of a second a document, their tools run as
processes of their own) are made in the build's process, where a worker
would cost more to start than the work. A job carries its source's HTML,
document and images; the worker gives back the file's bytes, which the
build writes. A result is kept in
`.clerk-cache/formats/<format>/` (disk_cache.py): the file and its facts,
under a key of the print HTML, the format's code, the settings and the
versions of the tools it runs, so that an unchanged document is never
rendered again. A renderer that fails (FormatError, a tool that exits
non-zero or cannot be run) gives a `FormatFailed`, which the build reports
at the document's source file.
"""

from __future__ import annotations

import importlib
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.atomic_write import write_atomically
from generator.disk_cache import CacheFolder, KeptFiles, cache_key
from generator.formats.facts import ChapterStart, FormatFacts
from generator.formats.output import FormatError, FormatOutput, FormatSettings, FormatSource
from generator.formats.registry import Format, tool_version
from generator.executors import ExecutorChoice, Units, UnitFailed


@dataclass(frozen=True)
class FormatJob:
    format: Format
    source: FormatSource
    settings: FormatSettings
    target: Path


@dataclass(frozen=True)
class FormatFailed:
    reason: str


@dataclass
class ToolVersions:
    """Each command's version, asked once per build."""

    known: dict[tuple[str, ...], str] = field(default_factory=dict)

    def of(self, format: Format) -> list[str]:
        for command in format.commands:
            if command not in self.known:
                self.known[command] = tool_version(command)
        return [self.known[command] for command in format.commands]


def format_key(job: FormatJob, versions: ToolVersions) -> str:
    settings = job.settings
    return cache_key(
        job.format.name,
        job.source.html,
        job.source.url,
        settings.council,
        settings.language,
        json.dumps(settings.glossary),
        *(part for shown, data in job.source.images for part in (shown.encode(), data)),
        *job.format.code_bytes(),
        *versions.of(job.format),
    )


@dataclass(frozen=True)
class MadeFormat:
    """What a worker gives back: the file's bytes and what a page says of it. The build writes the file:
    a worker may be on another machine, and writes nothing of the site's."""

    data: bytes
    facts: FormatFacts


def render_format(job: FormatJob) -> MadeFormat | FormatFailed:
    """In a worker: make the file from the job's source alone, and say what it is."""
    module = importlib.import_module(job.format.module)
    try:
        output: FormatOutput = module.render(job.source, job.settings)
    except FormatError as error:
        return FormatFailed(str(error))
    except subprocess.CalledProcessError as error:
        said = (error.stderr or b"").decode("utf-8", "replace").strip() if isinstance(error.stderr, bytes) else (error.stderr or "").strip()
        return FormatFailed(f"{error.cmd[0] if error.cmd else 'a tool'} exited with status {error.returncode}" + (f": {said}" if said else ""))
    except OSError as error:
        return FormatFailed(f"a tool it needs could not be run: {error}")
    chapters = tuple(ChapterStart(chapter.title, chapter.start) for chapter in output.chapters)
    return MadeFormat(output.data, FormatFacts(len(output.data), output.duration, chapters))


class FormatCache:
    """A format's files kept with their facts under `.clerk-cache/formats/<format>/` (disk_cache.py KeptFiles)."""

    def __init__(self, folder: CacheFolder | None, format: Format):
        self.kept = KeptFiles(folder / format.name if folder is not None else None, format.suffix)

    def reuse(self, key: str, target: Path) -> FormatFacts | None:
        return self.kept.reuse(key, target, lambda data: FormatFacts.from_json(json.loads(data)))

    def remember(self, key: str, target: Path, facts: FormatFacts) -> None:
        self.kept.remember(key, target, json.dumps(facts.to_json()).encode("utf-8"))


def render_all(
    jobs: list[FormatJob], units: Units, cache: CacheFolder | None = None, versions: ToolVersions | None = None
) -> tuple[list[FormatFacts | FormatFailed], int]:
    """Every job's file, taken from `cache` when its inputs are unchanged; in the order of `jobs`, with how many were rendered."""
    versions = versions or ToolVersions()
    caches = {job.format.name: FormatCache(cache, job.format) for job in jobs}
    keys = [format_key(job, versions) for job in jobs]
    results: list[FormatFacts | FormatFailed | None] = [
        caches[job.format.name].reuse(key, job.target) for key, job in zip(keys, jobs)
    ]
    missing = [index for index, result in enumerate(results) if result is None]
    fresh = _render_many([jobs[index] for index in missing], units)
    for index, made in zip(missing, fresh):
        job = jobs[index]
        if isinstance(made, MadeFormat):
            write_atomically(job.target, made.data)
            caches[job.format.name].remember(keys[index], job.target, made.facts)
            results[index] = made.facts
        else:
            # Raised, or its worker lost each time: reported at the document as a renderer's failure is.
            results[index] = made if isinstance(made, FormatFailed) else FormatFailed(made.reason)
    return [result for result in results if result is not None], len(missing)


def _render_many(jobs: list[FormatJob], units: Units) -> list[MadeFormat | FormatFailed | UnitFailed]:
    """Formats made in workers (Format.in_workers) through the build's executor, the others here, one after another."""
    here = Units(ExecutorChoice(kind="in-process"))
    results: dict[int, MadeFormat | FormatFailed | UnitFailed] = {}
    for in_workers in (False, True):
        chosen = [index for index, job in enumerate(jobs) if job.format.in_workers == in_workers]
        if not chosen:
            continue
        what = "Rendering " + ", ".join(sorted({jobs[index].format.name for index in chosen}))
        made = (units if in_workers else here).run(render_format, [jobs[index] for index in chosen], what)
        results.update(zip(chosen, made))
    return [results[index] for index in range(len(jobs))]
