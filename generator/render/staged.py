"""What a build has put in its staging folder, and what it took from the last published build instead of making again."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.render.incremental import Reuse


@dataclass
class Staged:
    folder: Path
    reuse: Reuse | None = None
    """Set for an incremental build: what may be taken from the last one."""
    sparse: bool = False
    """Stage only what is made afresh: what is reused is already in the output (`clerk serve`,
    which then moves the staged files into place one by one; see publish.publish_changes)."""
    dependencies: dict[str, frozenset[str]] = field(default_factory=dict)
    """Each page and PDF written: the content it was made from, for the next incremental build."""
    reused: set[str] = field(default_factory=set)
    """Pages and PDFs taken from the last build: they passed its checks."""

    def reusable(self, path: str) -> bool:
        return self.reuse is not None and self.reuse.reusable(path)

    def take_previous(self, path: str) -> frozenset[str]:
        """Take an output from the last build (unless staging is sparse: it is in the output already);
        returns what it was made from."""
        assert self.reuse is not None
        if not self.sparse:
            self._link_previous(path)
        self.reused.add(path)
        return self.reuse.dependencies[path]

    def take_unchanged(self, path: str) -> bool:
        """Take an output no placeable change can reach (see build_record.placeable) from the last
        build, in an incremental build; False when it must be made."""
        if self.reuse is None or not (self.reuse.previous / path).is_file():
            return False
        if not self.sparse:
            self._link_previous(path)
        return True

    def built(self, path: str) -> Path:
        """Where an output of this build is: staged, or, when staging is sparse and it was reused, still published."""
        if self.sparse and path in self.reused and self.reuse is not None:
            return self.reuse.previous / path
        return self.folder / path

    def _link_previous(self, path: str) -> None:
        """A hard link, so that nothing is copied; the staging copy is never written to, so the
        published file cannot change through it."""
        assert self.reuse is not None
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.reuse.previous / path, target)
        except OSError:
            shutil.copy2(self.reuse.previous / path, target)
