"""Serve a built site on 127.0.0.1: for the browser checks while they read it, and for `clerk serve`.

Both servers are quiet: a browser that closes a connection early (pa11y does,
for favicon.ico) or asks for a path no file can have (one with a NUL byte) is
not a defect of the site, and must not print a traceback into the build's output.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        try:
            return super().send_head()
        except ValueError:  # open() refuses a path with a NUL byte (GET /%00): no such file
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # the browser went away mid-answer
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Yield the base URL ('http://127.0.0.1:PORT/') of `folder`, served until the block ends."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
