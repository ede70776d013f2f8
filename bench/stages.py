"""Where one build's wall time goes, stage by stage, without a profiler's overhead.

    .venv/bin/python bench/stages.py SITE OUTPUT [--today 2026-11-27] [--gate]

Builds SITE into OUTPUT once (HTML only: no PDFs, no other formats; no external checks unless
--gate) with each stage of generator/build.py's pipeline wrapped in a timer, and prints the seconds
each took, wall and processor seconds (user and system, the build's and its forked workers'), then
the total; on a machine others share, compare processor seconds. Run it after an edit to see what a rebuild spends: cProfile, which times
every Python call, inflated pure-Python stages (the open data's JSON) several times over, and it
cannot see forked workers' time at all. A stage's figure includes the workers it waits for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: (module, name in it): functions build.py imports by name are wrapped there too.
STAGES = [
    ("generator.incremental_build", "IncrementalBuild.start"),
    ("generator.content.loader", "Loader.load"),
    ("generator.content.linker", "link"),
    ("generator.content.publication_record", "record_publication"),
    ("generator.content.rendering", "render_markdown"),
    ("generator.checks.content_checks", "check_content"),
    ("generator.render.pages", "plan_pages"),
    ("generator.render.writer", "SiteWriter.write"),
    ("generator.render.writer", "SiteWriter.write_calendars"),
    ("generator.render.writer", "SiteWriter.write_feeds"),
    ("generator.render.writer", "SiteWriter.write_open_data"),
    ("generator.render.search_index", "index_search"),
    ("generator.checks.site_checks", "SiteChecks.check_pages"),
    ("generator.checks.site_checks", "SiteChecks.check_changed"),
    ("generator.incremental_build", "IncrementalBuild.publish"),
]


def processor_seconds() -> float:
    """User and system seconds of this process and of its children that have ended (forked workers
    are reaped when their stage's pool closes): on a shared machine, the figure that others' load
    does not inflate."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(seconds: dict[str, float], processor: dict[str, float], name: str, function):
    @functools.wraps(function)
    def wrapper(*arguments, **options):
        start, start_processor = time.perf_counter(), processor_seconds()
        try:
            return function(*arguments, **options)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
            processor[name] = processor.get(name, 0.0) + processor_seconds() - start_processor

    return wrapper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--today", default="2026-11-27")
    parser.add_argument("--gate", action="store_true", help="run the external checks too")
    arguments = parser.parse_args()
    build_module = importlib.import_module("generator.build")
    seconds: dict[str, float] = {}
    processor: dict[str, float] = {}
    for module_name, dotted in STAGES:
        owner = importlib.import_module(module_name)
        *path, name = dotted.split(".")
        for part in path:
            owner = getattr(owner, part)
        wrapped = timed(seconds, processor, dotted, getattr(owner, name))
        setattr(owner, name, wrapped)
        if not path and hasattr(build_module, name):
            setattr(build_module, name, wrapped)
    from generator.checks.gate import GateOptions

    start, start_processor = time.perf_counter(), processor_seconds()
    result = build_module.build(
        arguments.site, arguments.output, today=dt.date.fromisoformat(arguments.today),
        gate=GateOptions() if arguments.gate else None, pdfs=False, formats=False,
    )
    total, total_processor = time.perf_counter() - start, processor_seconds() - start_processor
    print("    wall  processor (user+sys, this process and its ended children)")
    for _, dotted in STAGES:
        if dotted in seconds:
            print(f"{seconds[dotted]:8.2f} s {processor[dotted]:8.2f} s  {dotted}")
    print(f"{total - sum(seconds.values()):8.2f} s {total_processor - sum(processor.values()):8.2f} s  everything else")
    print(f"{total:8.2f} s {total_processor:8.2f} s  the build{'' if result.ok else ' (FAILED)'}{' (nothing changed)' if result.unchanged else ''}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
