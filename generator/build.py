"""How a site is made, in order: load, link, plan, render, publish.

Everything is read and checked before anything is written, and the new site
is written to a staging folder that replaces build/ only when the whole
build succeeded, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from generator.content.loader import Loader
from generator.content.site import Site, link
from generator.diagnostics import Diagnostics, Position
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import Page, plan_pages


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    pages: list[Page]
    output: Path | None

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors


def build_date() -> dt.date:
    """The date 'upcoming' is measured from: SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def load_site(root: Path, diagnostics: Diagnostics) -> Site | None:
    content = Loader(root, diagnostics).load()
    return link(content, diagnostics)


def build(root: Path, output: Path, *, today: dt.date | None = None) -> BuildResult:
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics)
    if site is None or diagnostics.has_errors:
        return BuildResult(diagnostics, [], None)
    pages = plan_pages(site, diagnostics)
    if diagnostics.has_errors:
        return BuildResult(diagnostics, pages, None)
    folders = template_folders(root)
    renderer = HtmlRenderer(folders, site, today or build_date())
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-staging-", dir=output.parent))
    try:
        for page in pages:
            try:
                html = renderer.render(page)
            except TemplateError as error:
                diagnostics.error(_template_position(root, error), "template", f"the template failed: {error}")
                continue
            target = staging / page.output_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            for relative, source in page.assets:
                asset = staging / page.url / relative
                asset.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, asset)
        for folder in reversed(folders):
            _copy_static(folder / "static", staging / "static")
        if diagnostics.has_errors:
            shutil.rmtree(staging, ignore_errors=True)
            return BuildResult(diagnostics, pages, None)
        publish(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(diagnostics, pages, output)


def publish(staging: Path, output: Path) -> None:
    """Swap the staged site in; the old one is removed only once the new one is in place."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        os.replace(output, old / "site")
    os.replace(staging, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _copy_static(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def _template_position(root: Path, error: TemplateError) -> Position:
    """Where in a template it failed: Jinja's own line, else the innermost template frame."""
    name = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if name is None:
        frames = traceback.extract_tb(error.__traceback__)
        for frame in reversed(frames):
            if frame.filename.endswith(".html"):
                name, line = frame.filename, frame.lineno
                break
    name = name or "templates"
    try:
        name = Path(name).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    return Position(str(name), line or 1, 1)
