"""The Nu HTML Checker (vnu-jar from npm, run with the machine's Java) over built pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.checks.findings import CheckedPage, Finding
from generator.checks.node_packages import CheckerUnavailable, node_modules, package_version
from generator.checks.reaper import CheckerProcesses

#: One short-lived JVM checks all of a run's pages, and most of its time is the JIT warming up:
#: the quick compiler alone (C1) spends less than half the processor time of the default tiered
#: compilation on the example site's 78 pages, and a quarter on one page, which is what an
#: edit re-checks; a serial collector has no threads to start. C1's code uses more stack than
#: C2's, and the checker's schema evaluation recurses deeply, hence the larger stack.
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"]


@dataclass(frozen=True)
class ValidatorTools:
    java: str
    jar: Path
    version: str


def find_validator(root: Path) -> ValidatorTools:
    java = shutil.which("java")
    modules = node_modules(root)
    jar = modules / "vnu-jar" / "build" / "dist" / "vnu.jar" if modules else None
    if java is None:
        raise CheckerUnavailable("Java is not installed: run `make build` as root, or `apt-get install default-jre-headless`")
    if jar is None or not jar.is_file():
        raise CheckerUnavailable("the Nu HTML Checker (vnu-jar) is not installed: run `make build` (it runs `npm ci`)")
    assert modules is not None
    return ValidatorTools(java=java, jar=jar, version=f"vnu-jar {package_version(modules, 'vnu-jar')}")


def run_vnu(
    tools: ValidatorTools, folder: Path, pages: list[CheckedPage], children: CheckerProcesses
) -> dict[str, list[Finding]]:
    """Findings per page; info messages are left out, errors and warnings kept."""
    if not pages:
        return {}
    files = [str(folder / page.output_path) for page in pages]
    process = children.popen(
        [tools.java, *JVM_OPTIONS, "-jar", str(tools.jar), "--format", "json", "--exit-zero-always", *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate()
    try:
        output = stderr or stdout
        messages = json.loads(output[output.index("{") :])["messages"]
    except (ValueError, KeyError):
        failure = Finding("vnu:failed", "error", "the Nu HTML Checker did not run: " + stderr.strip()[-300:])
        return {page.output_path: [failure] for page in pages}
    # vnu names files as file:/path (one slash); compare resolved paths instead.
    by_file = {str(Path(file).resolve()): page.output_path for file, page in zip(files, pages)}
    results: dict[str, list[Finding]] = {page.output_path: [] for page in pages}
    for message in messages:
        kind = message.get("type")
        if kind == "info" and message.get("subType") != "warning":
            continue
        severity = "error" if kind in ("error", "non-document-error") else "warning"
        url = str(message.get("url", ""))
        output = by_file.get(str(Path(url.removeprefix("file:")).resolve())) if url.startswith("file:") else None
        finding = Finding(
            rule=f"vnu:{severity}",
            severity=severity,
            message=str(message.get("message", "")),
            context=str(message.get("extract", "")),
            line=int(message.get("lastLine") or message.get("firstLine") or 1),
            column=int(message.get("firstColumn") or message.get("lastColumn") or 1),
        )
        if output is None:
            for page_results in results.values():
                page_results.append(finding)
        else:
            results[output].append(finding)
    return {path: sorted(findings) for path, findings in results.items()}
