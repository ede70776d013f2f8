"""`clerk serve`: build into a folder of its own, serve it on loopback, rebuild on change, reload open pages.

Serve never writes build/: its builds skip the browser checks (and the PDFs
unless asked), and build/ is what gets deployed. Its site lives in
.clerk-serve/, with a build record of its own (build_record.py), so that a
later `clerk build` neither takes anything from it nor starts afresh. It is
not inside .clerk-cache/: the cache guard empties the cache when a paper stops
being public (cache_guard.py), and the last good site must stay up meanwhile.

The site Clerk publishes has no JavaScript. Only while serving, each HTML
response gets a small script that listens for server-sent events and
reloads the page after a rebuild, and, while the content has errors, an
accessible banner listing them. The last good site stays up: a failed
build leaves the served folder as it was (see publish.py)."""

from __future__ import annotations

import html
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import BuildResult, build
from generator.checks.local_server import QuietHandler, QuietServer
from generator.diagnostics import Diagnostics, Position, Severity
from generator.memory import Memory
from generator.preview import preview
from generator.render.html import DEFAULT_TEMPLATES

#: Editors' temporary and backup files: saving through them must not trigger a build of its own.
TEMPORARY_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".part", "~", ".kate-swp", ".crdownload")
TEMPORARY_PREFIXES = (".#", "#", ".goutputstream-", "~$")
#: Quiet time after the last event before rebuilding: one save is often several events.
SETTLE_SECONDS = 0.05
EVENTS_PATH = "/_clerk/events"
SCRIPT = f"""<script>
/* Added by clerk serve only: reload when the site is rebuilt. */
(function () {{
  var source = new EventSource("{EVENTS_PATH}");
  source.addEventListener("reload", function () {{ window.location.reload(); }});
}})();
</script>"""


@dataclass
class ServeState:
    """What the server shows: the build generation (for reloads) and the last build's errors."""

    generation: int = 0
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, errors: list[str]) -> None:
        with self.changed:
            self.generation += 1
            self.errors = errors
            self.changed.notify_all()


def is_temporary(path: str) -> bool:
    name = Path(path).name
    return name.endswith(TEMPORARY_SUFFIXES) or name.startswith(TEMPORARY_PREFIXES) or name.isdigit()


class ChangeCollector(FileSystemEventHandler):
    """Turns bursts of file events on the site's sources into one 'something changed' signal.

    Only files inside `folders`, and the files named in `files`, count: the
    build's own staging folder and cache appear beside site.yaml, and must
    not set off another build.
    """

    def __init__(self, folders: list[Path], files: list[Path]):
        self.folders = [folder.resolve() for folder in folders]
        self.files = {path.resolve() for path in files}
        self.pending = threading.Event()
        self.last_event = 0.0
        self.lock = threading.Lock()
        self.paths: set[Path] = set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [Path(str(path)) for path in (event.src_path, getattr(event, "dest_path", "") or "") if path]
        sources = [path for path in paths if not is_temporary(str(path)) and self._is_source(path)]
        if sources:
            with self.lock:
                self.paths.update(sources)
            self.last_event = time.monotonic()
            self.pending.set()

    def _is_source(self, path: Path) -> bool:
        resolved = path.resolve()
        return resolved in self.files or any(folder in resolved.parents for folder in self.folders)

    def wait_for_quiet(self) -> set[Path]:
        """Block until a change has come and settled; the source files it touched."""
        self.pending.wait()
        while time.monotonic() - self.last_event < SETTLE_SECONDS:
            time.sleep(SETTLE_SECONDS / 5)
        self.pending.clear()
        with self.lock:
            paths, self.paths = self.paths, set()
        return paths


MAIN_START = re.compile(r'<main id="main" tabindex="-1"[^>]*>')


def banner(errors: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(error)}</code></li>" for error in errors[:50])
    more = f"<p>… and {len(errors) - 50} more.</p>" if len(errors) > 50 else ""
    return (
        # A paragraph, not a heading: the banner comes before the page's h1 and must not upset its outline.
        '<div role="alert" style="background:#fff;color:#0b0c0c;'
        'border:5px solid #d4351c;padding:1rem;margin:0;font:1.1875rem/1.5 Arial,sans-serif">'
        '<p style="margin-top:0;font-size:1.5rem"><strong>The site was not rebuilt: '
        f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the content</strong></p>"
        "<p>You are seeing the last version that built. Fix these and save; this page reloads by itself.</p>"
        f"<ul>{items}</ul>{more}</div>"
    )


def make_handler(folder: Path, state: ServeState) -> type[QuietHandler]:
    class Handler(QuietHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def do_GET(self) -> None:
            if self.path == EVENTS_PATH:
                self._events()
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not self.path.split("?")[0].endswith("/"):
                    super().do_GET()  # the redirect to the folder's URL with a slash
                    return
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                self._html(path)
                return
            if state.errors and not path.exists():
                # No good build yet: the errors are the page.
                self._send_html('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Build errors</title>'
                                '</head><body><main id="main" tabindex="-1"><h1>Clerk could not build the site</h1></main></body></html>')
                return
            super().do_GET()

        def _html(self, path: Path) -> None:
            self._send_html(path.read_text(encoding="utf-8"))

        def _send_html(self, text: str) -> None:
            if state.errors:
                # After main's start tag, whatever else it carries (data-pagefind-body on searchable pages).
                text = MAIN_START.sub(lambda start: start.group(0) + banner(state.errors), text, count=1)
            text = text.replace("</body>", SCRIPT + "\n</body>", 1)
            body = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with state.changed:
                seen = state.generation
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    with state.changed:
                        state.changed.wait_for(lambda: state.generation != seen, timeout=15)
                        current = state.generation
                    if current != seen:
                        seen = current
                        self.wfile.write(f"event: reload\ndata: {current}\n\n".encode())
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


@dataclass
class Server:
    root: Path
    output: Path
    port: int
    build_site: Callable[[Memory], BuildResult]
    state: ServeState = field(default_factory=ServeState)
    memory: Memory = field(default_factory=Memory)
    last: BuildResult | None = None
    """The last build that published a site."""

    @classmethod
    def for_site(cls, root: Path, port: int, today=None, pdfs: bool = False, formats: bool = False) -> Server:
        """Serve's own server for the site in `root`: unchecked builds into serve_folder(root)."""
        output = serve_folder(root)
        return cls(
            root, output, port,
            lambda memory: build(root, output, today=today, gate=None, pdfs=pdfs, memory=memory, formats=formats),
        )  # fmt: skip

    def rebuild(self, changed: set[Path] | None = None) -> None:
        start = time.perf_counter()
        previewed = None
        if changed and self.last is not None and not self.state.errors:
            try:
                previewed = preview(self.root, self.output, self.last, self.memory, changed)
            except Exception:  # a defect in Clerk's preview: the build that follows still runs and shows the site
                traceback.print_exc()
                self.last = None
        if previewed is not None:
            seconds = time.perf_counter() - start
            print(f"Updated {len(previewed.written)} pages for the edit in {seconds:.2f} s; checking the site", flush=True)
            self.state.publish([])
        try:
            result = self.build_site(self.memory)
        except Exception as error:  # a defect in Clerk: say so, and keep serving the last good site
            traceback.print_exc()
            result = BuildResult(Diagnostics(), [], None)
            result.diagnostics.error(Position("clerk"), "internal-error", f"Clerk failed: {error!r}", "see the terminal; please report it")
        seconds = time.perf_counter() - start
        errors = [d.format().replace("\n  hint: ", " — ") for d in result.diagnostics.sorted() if d.severity is Severity.ERROR]
        if previewed is not None and (errors or result.unchanged):
            # Not published after all (or the edit was undone before the build read it): put the pages back.
            previewed.undo()
        if errors:
            # The failed build may have changed objects the last site shares with memory: no
            # preview from it until a build publishes again.
            self.last = None
            print(result.diagnostics.report(self.root), file=sys.stderr, flush=True)
            print(f"Not rebuilt ({seconds:.2f} s): the last good site stays up.", file=sys.stderr, flush=True)
        elif result.unchanged:
            print(f"Up to date: nothing has changed since the last build ({seconds:.2f} s)", flush=True)
        else:
            print(f"Rebuilt {len(result.pages)} pages in {seconds:.2f} s", flush=True)
        if result.site is not None:
            self.last = result
        # After a preview, browsers have the edit already: they reload again only if the build changed more.
        if errors or previewed is None or result.unchanged or result.written is None or result.written:
            self.state.publish(errors)

    def watched(self) -> list[Path]:
        folders = [self.root / "content", self.root / "templates", DEFAULT_TEMPLATES]
        return list(dict.fromkeys(folder.resolve() for folder in folders if folder.is_dir()))

    def run(self) -> None:
        """Serve until interrupted (Ctrl+C)."""
        self.rebuild()
        self.output.mkdir(parents=True, exist_ok=True)
        httpd = QuietServer(("127.0.0.1", self.port), make_handler(self.output, self.state))
        address = f"http://127.0.0.1:{httpd.server_address[1]}/"
        folders = self.watched()
        collector = ChangeCollector(folders, [self.root / "site.yaml"])
        observer = Observer()
        for folder in folders:
            observer.schedule(collector, str(folder), recursive=True)
        # site.yaml sits beside build/ and the cache: watch the root itself, not below it.
        observer.schedule(collector, str(self.root.resolve()), recursive=False)
        observer.start()
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        print(f"Serving {self.output} at {address} (Ctrl+C to stop)", flush=True)
        try:
            while True:
                self.rebuild(collector.wait_for_quiet())
        finally:
            observer.stop()
            httpd.shutdown()
            observer.join(timeout=2)


#: Beside build/ and .clerk-cache/, git-ignored, with its lock and staging folders beside it.
SERVE_FOLDER = ".clerk-serve"


def serve_folder(root: Path) -> Path:
    """Where serve publishes its unchecked site: its own folder, never where a deploy would look."""
    return root / SERVE_FOLDER


def serve(root: Path, port: int, today=None, pdfs: bool = False, formats: bool = False) -> int:
    """PDFs and the other formats are left out unless asked for: an edited paper's PDFs, braille and
    audio and its meeting's pack take seconds to render, and the officer is waiting for the page."""
    server = Server.for_site(root, port, today, pdfs, formats)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(f"clerk serve: error: cannot serve on 127.0.0.1:{port}: {error.strerror}", file=sys.stderr)
        return 1
    return 0
