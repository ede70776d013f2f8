"""The `clerk` command."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator import __version__
from generator.build import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clerk", description="Accessible static sites for committee papers.")
    parser.add_argument("--version", action="version", version=f"clerk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the site into build/")
    build_command.add_argument("--root", type=Path, default=Path("."), help="the project folder (holds site.yaml)")
    build_command.add_argument("--output", type=Path, default=None, help="where to write the site (default: ROOT/build)")
    build_command.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="the date 'upcoming meetings' count from (YYYY-MM-DD)"
    )
    arguments = parser.parse_args(argv)
    if arguments.command == "build":
        return run_build(arguments.root, arguments.output or arguments.root / "build", arguments.today)
    return 2


def run_build(root: Path, output: Path, today: dt.date | None) -> int:
    result = build(root, output, today=today)
    report = result.diagnostics.report()
    if report:
        print(report, file=sys.stderr)
    if not result.ok:
        print("Build failed: nothing was published; the previous build/ is unchanged.", file=sys.stderr)
        return 1
    print(f"Built {len(result.pages)} pages into {output}")
    return 0
