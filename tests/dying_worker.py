"""Units whose worker dies or which raise, for the executor's tests: imported by name in spawned workers."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from generator.render.pdf import PdfUnit, render_pdf

#: Words that single out the example unit: a PDF of the minimal site's internal audit report.
KILLED_FOR = "Internal audit report"


def doubled_unless_killer(item: str) -> str:
    """Kills its own worker, as the kernel's OOM killer would, for the item "killer"."""
    if item == "killer":
        os.kill(os.getpid(), signal.SIGKILL)
    return item * 2


def killed_once(marker: str) -> str:
    """Kills its worker the first time it runs (it leaves `marker` behind), and succeeds after."""
    path = Path(marker)
    if not path.exists():
        path.write_text("killed once")
        os.kill(os.getpid(), signal.SIGKILL)
    return "made"


def raising(item: str) -> str:
    raise ValueError(f"cannot make {item}")


def pdf_killed_for_one_paper(unit: PdfUnit):
    if KILLED_FOR in unit.html:
        os._exit(9)
    return render_pdf(unit)


def pdf_raising_for_one_paper(unit: PdfUnit):
    if KILLED_FOR in unit.html:
        raise RuntimeError("the drawing library gave up")
    return render_pdf(unit)
