"""The `clerk` command."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from typing import TYPE_CHECKING

from generator import __version__
from generator.build_record import compare, options_key
from generator.checks.gate_options import UNCHECKED_MARKER, GateOptions
from generator.dates import build_date
from generator.new_file import KINDS, NewFileError, Request, create
from generator.preview_build import PREVIEW_FOLDER, cache_for

if TYPE_CHECKING:
    from generator.build import BuildResult


def command_line() -> argparse.ArgumentParser:
    """Every command and option of `clerk` (the CI files' commands are checked against it: tests/test_ci_pipelines.py)."""
    parser = argparse.ArgumentParser(prog="clerk", description="Accessible static sites for committee papers.")
    parser.add_argument("--version", action="version", version=f"clerk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the site into build/, checked; nothing is published that fails")
    check_command = commands.add_parser("check", help="run every check over the site without publishing it")
    preview_command = commands.add_parser(
        "preview", help="build a marked, unlisted copy with drafts and embargoed papers into build-preview/, for review"
    )
    for command in (build_command, check_command, preview_command):
        command.add_argument("--root", type=Path, default=Path("."), help="the project folder (holds site.yaml)")
        command.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="the date 'upcoming meetings' count from (YYYY-MM-DD)"
        )
        command.add_argument(
            "--no-browser-checks",
            action="store_true",
            help="skip pa11y (axe, HTML CodeSniffer) in Chromium, for quick local work; the report says so",
        )
        command.add_argument(
            "--processes", type=_positive, default=None, help="browsers to run side by side (default: one per core)"
        )
        command.add_argument("--no-pdfs", action="store_true", help="make no PDFs, for quick local work; the report says so")
        command.add_argument(
            "--no-formats",
            action="store_true",
            help="make no plain text, braille, audio or EPUB, for quick local work; the report says so",
        )
        command.add_argument(
            "--executor",
            choices=("local", "in-process", "dask"),
            default=None,
            help="where PDFs and the other formats are made: local processes (default), in-process, or a Dask cluster"
            " (overrides site.yaml's build: executor:)",
        )
        command.add_argument(
            "--dask-address", default=None, help="a running Dask scheduler (tcp://host:8786); implies --executor dask"
        )
    build_command.add_argument("--output", type=Path, default=None, help="where to write the site (default: ROOT/build)")
    for command in (build_command, check_command):  # not preview: a draft must never reach a store other machines read
        command.add_argument(
            "--shared-cache", default=None, metavar="URL",
            help="an fsspec URL (s3://bucket/prefix, file:///path) where PDFs, formats and check results are shared"
            " between machines (overrides site.yaml's build: shared_cache:)",
        )  # fmt: skip
    preview_command.add_argument(
        "--output", type=Path, default=None, help=f"where to write the preview (default: ROOT/{PREVIEW_FOLDER}; never build/)"
    )
    new_command = commands.add_parser("new", help="start a meeting, report, minutes or forward plan, front matter filled in")
    new_command.add_argument("kind", choices=KINDS)
    new_command.add_argument("--root", type=Path, default=Path("."), help="the project folder (holds site.yaml)")
    new_command.add_argument("--committee", help="the committee's file name in content/committees/, e.g. audit")
    new_command.add_argument("--date", type=dt.date.fromisoformat, help="the meeting's date, YYYY-MM-DD")
    new_command.add_argument("--title", help="the paper's title (reports and forward plans)")
    new_command.add_argument("--time", default="10:00", help="the meeting's start, HH:MM (meetings)")
    new_command.add_argument("--venue", help="where the meeting is held (meetings)")
    serve_command = commands.add_parser("serve", help="build, serve on 127.0.0.1, rebuild on every change, reload open pages")
    serve_command.add_argument("--root", type=Path, default=Path("."), help="the project folder (holds site.yaml)")
    serve_command.add_argument("--port", type=int, default=8000, help="the loopback port to serve on (0: any free port)")
    serve_command.add_argument("--today", type=dt.date.fromisoformat, default=None, help="the build date (YYYY-MM-DD)")
    serve_command.add_argument("--pdfs", action="store_true", help="make the PDFs too on every rebuild (slower)")
    serve_command.add_argument(
        "--formats", action="store_true", help="make plain text, braille, audio and EPUB too on every rebuild (slower)"
    )
    portal_command = commands.add_parser("portal", help="a portal of several councils: see docs/scaling.md")
    portal_build = portal_command.add_subparsers(dest="portal_command", required=True).add_parser(
        "build", help="build each council alone and the portal's home, search and feed, published together"
    )
    portal_build.add_argument("portal", type=Path, nargs="?", default=Path("portal.yaml"), help="the portal's settings (default: portal.yaml)")
    portal_build.add_argument("--output", type=Path, default=None, help="where to publish the portal (default: build-portal/ beside portal.yaml)")
    portal_build.add_argument("--only", nargs="+", default=(), metavar="SLUG", help="build only these councils again; the others stay as published")
    portal_build.add_argument("--today", type=dt.date.fromisoformat, default=None, help="the build date (YYYY-MM-DD)")
    portal_build.add_argument("--no-browser-checks", action="store_true", help="skip the browser checks of every page, for quick local work")
    portal_build.add_argument("--processes", type=_positive, default=None, help="browsers to run side by side (default: one per core)")
    portal_build.add_argument("--no-pdfs", action="store_true", help="make no PDFs, for quick local work")
    portal_build.add_argument("--no-formats", action="store_true", help="make no plain text, braille, audio or EPUB, for quick local work")
    init_command = commands.add_parser("init", help="start a new council's site in a new folder, CI files included")
    init_command.add_argument("folder", type=Path, help="the new site's folder: new, or empty")
    init_command.add_argument("--council", help="the council's name, e.g. \"Example District Council\" (asked for if not given)")
    init_command.add_argument("--today", type=dt.date.fromisoformat, default=None, help="the date its first meeting counts from (YYYY-MM-DD)")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = command_line().parse_args(argv)
    if arguments.command == "new":
        return _new(arguments)
    if arguments.command == "init":
        return _init(arguments)
    if arguments.command == "portal":
        return _portal(arguments)
    if arguments.command == "serve":
        from generator.serve import serve

        return serve(arguments.root, arguments.port, arguments.today, pdfs=arguments.pdfs, formats=arguments.formats)
    gate = GateOptions(browser=not arguments.no_browser_checks, processes=arguments.processes)
    # The rest of Clerk takes most of a second to import: find out first whether there is anything to do.
    if arguments.command in ("build", "preview"):
        preview = arguments.command == "preview"
        output = arguments.output or arguments.root / (PREVIEW_FOLDER if preview else "build")
        options = options_key(arguments.today or build_date(), gate, not arguments.no_pdfs, not arguments.no_formats)
        compared = compare(arguments.root, output, cache_for(arguments.root, preview), options)
        if compared.up_to_date:
            print(f"Nothing has changed since the last build: {output} is up to date")
            return 0
    from generator.build import build
    from generator.executors import ExecutorChoice

    executor = None
    if arguments.executor is not None or arguments.dask_address is not None:
        executor = ExecutorChoice(arguments.executor or "dask", arguments.dask_address)
    try:
        with _termination_unwinds():
            if arguments.command in ("build", "preview"):
                # The build takes the comparison as it is: content is hashed and build/ walked once.
                result = build(
                    arguments.root, output, today=arguments.today, gate=gate, pdfs=not arguments.no_pdfs,
                    formats=not arguments.no_formats, compared=compared, preview=preview, executor=executor,
                    shared_cache=getattr(arguments, "shared_cache", None),
                )  # fmt: skip
                return _finish(result, arguments.root, output, published=True)
            output = arguments.root / "build"
            result = build(
                arguments.root, output, today=arguments.today, gate=gate, publish_site=False, pdfs=not arguments.no_pdfs,
                formats=not arguments.no_formats, executor=executor, shared_cache=arguments.shared_cache,
            )  # fmt: skip
            return _finish(result, arguments.root, output, published=False)
    except KeyboardInterrupt:
        print(f"clerk {arguments.command}: stopped before it finished", file=sys.stderr)
        return 130


@contextlib.contextmanager
def _termination_unwinds() -> Iterator[None]:
    """SIGTERM stops a build as Ctrl+C does, by an exception, so that its finally blocks run: the
    checkers' browsers and Java are killed (checks/reaper.py) and the staging folder removed."""

    def stop(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _new(arguments: argparse.Namespace) -> int:
    """Missing values are asked for when someone is at the keyboard, and named as errors when not."""
    values = {"committee": arguments.committee, "date": arguments.date, "title": arguments.title}
    needed = ["committee", "date"] + (["title"] if arguments.kind in ("report", "forward-plan") else [])
    for name in needed:
        if values[name] is not None:
            continue
        if not sys.stdin.isatty():
            print(f"clerk new {arguments.kind}: error: --{name} is needed", file=sys.stderr)
            return 2
        answer = input(f"{name.capitalize()}{' (YYYY-MM-DD)' if name == 'date' else ''}: ").strip()
        try:
            values[name] = dt.date.fromisoformat(answer) if name == "date" else answer
        except ValueError:
            print(f"clerk new: error: '{answer}' is not a date like 2030-01-15", file=sys.stderr)
            return 2
    request = Request(arguments.kind, values["committee"], values["date"], values["title"], arguments.time, arguments.venue)
    try:
        path = create(arguments.root, request)
    except NewFileError as error:
        print(f"clerk new: error: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(arguments.root)}")
    if arguments.kind in ("report", "forward-plan"):
        print(
            f"  add '{path.stem}' to an agenda item's papers in {path.parent.relative_to(arguments.root)}/meeting.md;"
            " until then it is held back, not published"
        )
    return 0


def _init(arguments: argparse.Namespace) -> int:
    from generator.init_site import InitError, NewSite, create_site

    council = arguments.council
    if council is None:
        if not sys.stdin.isatty():
            print("clerk init: error: --council is needed (there is no terminal to ask on), "
                  "such as --council \"Example District Council\"", file=sys.stderr)  # fmt: skip
            return 2
        council = input("The council's name, as it is shown on every page: ")
    site = NewSite(council, arguments.today or build_date())
    try:
        written = create_site(arguments.folder, site)
    except InitError as error:
        print(f"clerk init: error: {error}", file=sys.stderr)
        return 1
    print(f"Wrote a new site for {site.council.strip()} into {arguments.folder} ({len(written)} files).")
    print(f"  Its first meeting is on {site.meeting_date.isoformat()}: replace it, its report and its officer with your own.")
    print(f"  Next: cd {arguments.folder} && git init && clerk build")
    return 0


def _portal(arguments: argparse.Namespace) -> int:
    from generator.portal_build import build_portal

    gate = GateOptions(browser=not arguments.no_browser_checks, processes=arguments.processes)
    try:
        with _termination_unwinds():
            result = build_portal(
                arguments.portal, arguments.output, only=tuple(arguments.only), today=arguments.today, gate=gate,
                pdfs=not arguments.no_pdfs, formats=not arguments.no_formats,
            )  # fmt: skip
    except KeyboardInterrupt:
        print("clerk portal build: stopped before it finished", file=sys.stderr)
        return 130
    report = result.diagnostics.report(result.folder)
    if report:
        print(report, file=sys.stderr)
    if not result.ok:
        print("Portal build failed: nothing was published; the previous portal is unchanged.", file=sys.stderr)
        return 1
    if result.unchecked is not None:
        print(f"WARNING: {result.output} IS NOT FULLY CHECKED: {result.unchecked}", file=sys.stderr)
    print(f"Built {', '.join(result.built)} and the portal's pages into {result.output}")
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _finish(result: BuildResult, root: Path, output: Path, *, published: bool) -> int:
    if result.unchanged:
        print(f"Nothing has changed since the last build: {output} is up to date")
        return 0
    report = result.diagnostics.report(root)
    if report:
        print(report, file=sys.stderr)
    if result.held_back:
        print(f"Held back, not published ({len(result.held_back)}):", file=sys.stderr)
        for item in result.held_back:
            print(f"  {item.source}: '{item.title}' ({item.reason})", file=sys.stderr)
    if result.report is not None:
        print(result.report.summary(result.gate_run), file=sys.stderr)
    if not result.ok:
        if published:
            print(f"Build failed: nothing was published; the previous {output.name}/ is unchanged.", file=sys.stderr)
        else:
            print("Check failed.", file=sys.stderr)
        return 1
    if result.report is not None and not result.report.complete:
        if published:
            print(
                f"WARNING: {output} IS NOT FULLY CHECKED (see 'not run' above, and {output / UNCHECKED_MARKER}): "
                "do not publish it; `clerk build` with every check makes a site to publish.",
                file=sys.stderr,
            )
        else:
            print("Note: not every check ran (see 'not run' above); this site has not been fully checked.", file=sys.stderr)
    if result.report is not None:
        documents = len(result.report.documents)
        print(f"PDFs: {result.pdfs_rendered} rendered, {documents - result.pdfs_rendered} unchanged and reused", file=sys.stderr)
        print(f"Other formats: {result.formats_rendered} rendered", file=sys.stderr)
    if published:
        print(f"Built {len(result.pages)} pages into {output}")
    else:
        print(f"Checked {len(result.pages)} pages; nothing was published.")
    return 0
