"""The files pages show (their images) and the site's static files, copied into staging."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.render.pages import Page


class PageAssets:
    """Each page's images, staged once: a page with PDFs needs them for both its PDF and its HTML."""

    def __init__(self, staging: Path):
        self.staging = staging
        self._copied: set[str] = set()

    def copy(self, page: Page) -> None:
        if page.url in self._copied:
            return
        self._copied.add(page.url)
        for path, (_, source) in zip(page.asset_paths, page.assets):
            asset = self.staging / path
            asset.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, asset)


def copy_static(template_folders: list[Path], staging: Path) -> None:
    """Clerk's static files, then the site's own over them."""
    for folder in reversed(template_folders):
        source = folder / "static"
        if source.is_dir():
            shutil.copytree(source, staging / "static", dirs_exist_ok=True)
