"""Write rendered pages, their images and the static files into a staging folder."""

from __future__ import annotations

import datetime as dt
import shutil
import traceback
from pathlib import Path

from jinja2 import TemplateError

from generator.content.site import Site
from generator.diagnostics import Diagnostics, Position
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import Page


class SiteWriter:
    def __init__(self, root: Path, site: Site, today: dt.date, staging: Path, diagnostics: Diagnostics):
        self.root = root
        self.staging = staging
        self.diagnostics = diagnostics
        self.folders = template_folders(root)
        self.renderer = HtmlRenderer(self.folders, site, today)

    def write(self, pages: list[Page]) -> None:
        for page in pages:
            try:
                html = self.renderer.render(page)
            except TemplateError as error:
                self.diagnostics.error(self._template_position(error), "template", f"the template failed: {error}")
                continue
            target = self.staging / page.output_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            for relative, source in page.assets:
                asset = self.staging / page.url / relative
                asset.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, asset)

    def rewrite_changed(self, pages: list[Page]) -> list[Page]:
        """Render `pages` again; those that came out different are written and returned."""
        changed = []
        for page in pages:
            html = self.renderer.render(page)
            target = self.staging / page.output_path
            if target.read_text(encoding="utf-8") != html:
                target.write_text(html, encoding="utf-8")
                changed.append(page)
        return changed

    def copy_static(self) -> None:
        """Clerk's static files, then the site's own over them."""
        for folder in reversed(self.folders):
            source = folder / "static"
            if source.is_dir():
                shutil.copytree(source, self.staging / "static", dirs_exist_ok=True)

    def _template_position(self, error: TemplateError) -> Position:
        """Where in a template it failed: Jinja's own line, else the innermost template frame."""
        name = getattr(error, "filename", None)
        line = getattr(error, "lineno", None)
        if name is None:
            for frame in reversed(traceback.extract_tb(error.__traceback__)):
                if frame.filename.endswith(".html"):
                    name, line = frame.filename, frame.lineno
                    break
        name = name or "templates"
        try:
            name = Path(name).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            pass
        return Position(str(name), line or 1, 1)
