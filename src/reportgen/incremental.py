"""Incremental builds: what a build's outputs were made from, kept beside them.

Two levels, both hashes. The *inputs* digest covers every file a build reads (the year's and
last year's data, reportgen.yaml, templates, the workspace's fonts) and the reportgen
version; it is cheap (standard library only, no parsing), so an unchanged rebuild stops
before loading anything. When the inputs changed, each report's *model* digest (its
computed content, its templates and the settings) decides which report is rendered again:
a change that only touches one report rebuilds only that one.

The manifest lives in output/<year>/.reportgen-build.json and is replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__

MANIFEST = ".reportgen-build.json"
PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The template files each report is rendered from, per format (workspace copies override built-ins).
TEMPLATES = {
    ("决算", "pdf"): ("final.html.j2", "base.html.j2", "macros.html.j2"),
    ("决算", "docx"): ("final.docx",),
    ("绩效", "pdf"): ("performance.html.j2", "base.html.j2", "macros.html.j2", "scorecard.html.j2"),
    ("绩效", "docx"): ("performance.docx",),
}


def _hash_files(digest: Any, paths: list[Path], root: Path) -> None:  # noqa: ANN401
    for path in sorted(paths):
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        digest.update(path.read_bytes())


def inputs_digest(workspace: Path, year: int, font_dir: str = "fonts") -> str:
    """Digest of every file the build of `year` reads, and of the reportgen version."""
    digest = hashlib.sha256(__version__.encode())
    files: list[Path] = []
    for y in (year, year - 1):
        folder = workspace / "data" / str(y)
        if folder.is_dir():
            files += [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
    settings = workspace / "reportgen.yaml"
    if settings.is_file():
        files.append(settings)
    for folder in (workspace / "templates", PACKAGE_TEMPLATES, workspace / font_dir):
        if folder.is_dir():
            files += [p for p in folder.iterdir() if p.is_file()]
    _hash_files(digest, files, workspace)
    return digest.hexdigest()


def job_digest(kind: str, fmt: str, model: object, settings: object, workspace: Path) -> str:
    """Digest of one report's content in one format: the model, its templates, the settings."""
    digest = hashlib.sha256(f"{__version__}|{kind}|{fmt}|{settings!r}|{model!r}".encode())
    for name in TEMPLATES[kind, fmt]:
        own = workspace / "templates" / name
        digest.update((own if own.is_file() else PACKAGE_TEMPLATES / name).read_bytes())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def intact(out_dir: Path, entry: dict[str, Any] | None) -> bool:
    """Whether the file a manifest entry names is still there, unmodified."""
    if not entry:
        return False
    try:
        return file_digest(out_dir / entry["file"]) == entry["sha256"]
    except (OSError, KeyError, TypeError):
        return False


def up_to_date(out_dir: Path, inputs: str, kinds: tuple[str, ...], formats: tuple[str, ...]) -> bool:
    """The fast path: same inputs, and every requested report either absent from the data
    (no 绩效 section) or present in every requested format with its file intact."""
    manifest = read_manifest(out_dir)
    if manifest.get("inputs") != inputs:
        return False
    jobs, absent = manifest.get("jobs") or {}, manifest.get("absent") or []
    return all(kind in absent or all(intact(out_dir, jobs.get(f"{kind}.{fmt}")) for fmt in formats) for kind in kinds)


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    from .write import write_text_atomic

    write_text_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
