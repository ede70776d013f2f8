"""An image is published only if it is what its name says, is kept with the paper, and reaches nothing else.

Each test builds the minimal site with one hostile image: a file outside
`content/` or a server named inside an SVG, script in an SVG, an image on
another site, a text file named `.png`.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pikepdf
import pytest

from generator.build import build
from tests.sitekit import PAPER, make_site, paper_with_body, png

FOLDER = "content/meetings/2030-01-15-audit"
SVG_FILE = f"{FOLDER}/chart.svg"
SHOWING_THE_SVG = paper_with_body("## Intro\n\n![Bar chart of audit days by team](chart.svg)\n")
#: The size of the secret picture: no other image of the site has it, so finding it in a PDF means it leaked.
SECRET_SIZE = (37, 23)
SECRET = png(*SECRET_SIZE, colour="#c0ffee")


def svg(*lines: str) -> str:
    """An SVG whose line 2 onwards are `lines`."""
    head = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="30">'
    return "\n".join([head, *lines, '<rect width="10" height="10" fill="navy"/>', "</svg>", ""])


@contextmanager
def loopback_server() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that hands out the secret picture and notes every request it gets."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(SECRET)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()


def pdfs_showing_the_secret(folder: Path) -> list[Path]:
    """Every PDF under `folder` (output, staging leftovers, the PDF cache) with the secret picture in it."""
    found = []
    for path in folder.rglob("*.pdf"):
        with pikepdf.open(path) as pdf:
            for item in pdf.objects:
                if isinstance(item, pikepdf.Stream) and item.get("/Subtype") == "/Image":
                    if (int(item.get("/Width", 0)), int(item.get("/Height", 0))) == SECRET_SIZE:
                        found.append(path)
    return found


def errors(result) -> list[tuple[str, str]]:
    return [(d.rule, str(d.position)) for d in result.diagnostics.errors]


# -- 1. nothing from outside content/ reaches a PDF -------------------------------------------------


@pytest.mark.parametrize("kind", ["a file outside content", "a server"])
def test_an_svg_naming_a_file_outside_content_or_a_server_is_refused_before_any_pdf(tmp_path, kind):
    secret = tmp_path / "secret" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    with loopback_server() as (address, requests):
        reference = secret.as_uri() if kind == "a file outside content" else f"{address}/secret.png"
        root = make_site(
            tmp_path, {PAPER: SHOWING_THE_SVG, SVG_FILE: svg(f'<image href="{reference}" width="37" height="23"/>')}
        )
        result = build(root, tmp_path / "out", gate=None)
    assert ("svg-unsafe", f"{SVG_FILE}:2:1") in errors(result), result.diagnostics.report()
    assert any(reference in d.message for d in result.diagnostics.errors)
    assert requests == []
    assert pdfs_showing_the_secret(tmp_path) == []
    assert not (tmp_path / "out").exists()


def test_the_pdf_renderer_fetches_nothing_outside_the_site_even_if_the_checks_let_an_svg_through(tmp_path, monkeypatch):
    # The second line of defence: with the SVG checks switched off, WeasyPrint's fetcher must refuse.
    monkeypatch.setattr("generator.markdown.rules.images.image_problems", lambda file, shown_as: [])
    secret = tmp_path / "secret" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    with loopback_server() as (address, requests):
        image = svg(
            f'<image href="{secret.as_uri()}" width="37" height="23"/>',
            f'<image xlink:href="{address}/secret.png" width="37" height="23"/>',
        )
        root = make_site(tmp_path, {PAPER: SHOWING_THE_SVG, SVG_FILE: image})
        result = build(root, tmp_path / "out", gate=None)
    assert ("pdf-fetch-refused", f"{PAPER}:1:1") in errors(result), result.diagnostics.report()
    refusal = next(d for d in result.diagnostics.errors if d.rule == "pdf-fetch-refused")
    assert "chart.svg" in refusal.message
    assert requests == []
    assert pdfs_showing_the_secret(tmp_path) == []
    assert not (tmp_path / "out").exists()


# -- 2. no script in an SVG ------------------------------------------------------------------------

HOSTILE_SVGS = {
    "script": (svg("<script>alert(document.cookie)</script>"), 2),
    "event handler": (svg('<rect onload="alert(1)" width="1" height="1"/>'), 2),
    "foreignObject": (svg('<foreignObject width="9" height="9">', '<p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>'), 2),
    "XHTML script": (svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), 2),
    "javascript link": (svg('<a href="javascript:alert(1)"><text>Audit</text></a>'), 2),
    "animated link": (svg('<a href="#x"><animate attributeName="href" to="javascript:alert(1)"/><text>A</text></a>'), 2),
    "style sheet import": (svg("<style>", '@import "http://127.0.0.1:9/a.css";', "</style>"), 2),
    "escaped url in a style": (svg('<rect style="fill: u\\72l(http://127.0.0.1:9/x.png)" width="1" height="1"/>'), 2),
    "entity": ('<!DOCTYPE svg [<!ENTITY js "javascript:alert(1)">]>\n' + svg('<a href="&js;"><text>A</text></a>'), 1),
    "style sheet instruction": ('<?xml-stylesheet href="http://127.0.0.1:9/a.css"?>\n' + svg(), 1),
}


@pytest.mark.parametrize("case", list(HOSTILE_SVGS))
def test_an_svg_that_could_run_script_or_fetch_is_refused_at_its_line_and_not_published(tmp_path, case):
    text, line = HOSTILE_SVGS[case]
    root = make_site(tmp_path, {PAPER: SHOWING_THE_SVG, SVG_FILE: text})
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    assert ("svg-unsafe", f"{SVG_FILE}:{line}:1") in errors(result), result.diagnostics.report()
    assert not (tmp_path / "out").exists()


def test_an_svg_that_only_draws_is_published_and_drawn_in_the_pdf(tmp_path):
    image = svg(
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>',
        '<defs><linearGradient id="g"><stop offset="0" stop-color="teal"/></linearGradient>',
        '<rect id="bar" width="5" height="20"/></defs>',
        "<style>rect { stroke: black; }</style>",
        '<use href="#bar" x="20" fill="url(#g)"/>',
        '<text x="1" y="28" style="font-size: 4px">Audit days</text>',
    )
    root = make_site(tmp_path, {PAPER: SHOWING_THE_SVG, SVG_FILE: image})
    result = build(root, tmp_path / "out", gate=None)
    assert result.ok, result.diagnostics.report()
    assert (tmp_path / "out/meetings/2030-01-15-audit/internal-audit/chart.svg").read_text() == image


# -- 3. no images from elsewhere ---------------------------------------------------------------------


def test_a_remote_image_is_refused_with_a_hint_and_never_fetched(tmp_path):
    with loopback_server() as (address, requests):
        root = make_site(tmp_path, {PAPER: paper_with_body(f"## Intro\n\n![Bar chart of audit days by team]({address}/chart.png)\n")})
        result = build(root, tmp_path / "out", gate=None)
    assert errors(result) == [("image-remote", f"{PAPER}:18:1")]
    assert "folder" in result.diagnostics.errors[0].hint
    assert requests == []
    assert not (tmp_path / "out").exists()


# -- 4. an image is what its name says -----------------------------------------------------------------

PASSWD = Path("/etc/passwd").read_bytes() if Path("/etc/passwd").is_file() else b"root:x:0:0:root:/root:/bin/bash\n"


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("plan.png", PASSWD, f"{PAPER}:18:1"),
        ("plan.jpg", png(), f"{PAPER}:18:1"),
        ("plan.gif", png(kind="JPEG"), f"{PAPER}:18:1"),
        ("plan.svg", PASSWD, f"{FOLDER}/plan.svg:1:1"),
    ],
)
def test_a_file_that_is_not_the_image_its_name_says_is_refused(tmp_path, name, content, where):
    root = make_site(tmp_path, {PAPER: paper_with_body(f"## Intro\n\n![Site plan of the depot]({name})\n"), f"{FOLDER}/{name}": content})
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    assert errors(result) == [("image-content", where)], result.diagnostics.report()
    assert not (tmp_path / "out").exists()
