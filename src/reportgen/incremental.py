"""Incremental builds: what a build's outputs were made from, kept beside them.

Two levels, both hashes. The *inputs* digest covers every file a build may read (the year's
and last year's data, reportgen.yaml, the workspace's templates, the profiles, the configured
font folder) and the reportgen version; it is cheap (no data parsed), so an unchanged rebuild
stops before loading anything. When the inputs changed, each report's *job* digest (its
worded content — whatever templates produced it — plus the page template, fonts or Word
template of its format) decides which report is rendered again: a change that only touches
one report rebuilds only that one.

The manifest lives in output/<year>/.reportgen-build.json and is replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__, files
from .files import MAX_TEMPLATE_BYTES
from .profile import BUILTIN as PROFILES
from .profile import WORD_TEMPLATE

MANIFEST = ".reportgen-build.json"


def _hash_files(digest: Any, paths: list[Path], root: Path | None) -> None:  # noqa: ANN401
    """Add each file's content (and, given a root, its name) to `digest`, reading in chunks."""
    for path in sorted(paths) if root else paths:
        if root:
            digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        try:
            files.hash_into(digest, path)
        except OSError as exc:  # vanished, unreadable, or not a regular file: its name and the reason count
            digest.update(f"<{type(exc).__name__}>".encode())


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []


def inputs_digest(workspace: Path, year: int) -> str:
    """Digest of every file the build of `year` reads, and of the reportgen version: the data,
    reportgen.yaml, the workspace's templates, the profiles and the configured font folder."""
    from .settings import load_settings

    digest = hashlib.sha256(__version__.encode())
    files: list[Path] = []
    for y in (year, year - 1):
        folder = workspace / "data" / str(y)
        if folder.is_dir():
            files += [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
    settings_file = workspace / "reportgen.yaml"
    if settings_file.is_file():
        files.append(settings_file)
    font_dir = load_settings(workspace)[0].font_dir
    for folder in (workspace / "templates", PROFILES, workspace / font_dir):
        files += _files(folder)
    _hash_files(digest, files, workspace)
    return digest.hexdigest()


def job_digest(fmt: str, composed: Any, settings: Any, printed_with: list[Path]) -> str:  # noqa: ANN401
    """Digest of one report in one format: its worded content (what the report templates made
    of the model, so every template they read counts) and the files the format is printed with
    (`format_files`)."""
    digest = hashlib.sha256(f"{__version__}|{fmt}|{settings!r}|{composed!r}".encode())
    _hash_files(digest, printed_with, None)  # contents only: a workspace copy of a built-in file changes nothing
    return digest.hexdigest()


def format_files(fmt: str, settings: Any, profile: Any, workspace: Path) -> list[Path]:  # noqa: ANN401
    """What a format is printed with: the page template, what it includes, and the fonts, for
    the PDF; the Word template for the DOCX."""
    if fmt == "pdf":
        from .render.fonts import plan

        return _page_templates(profile) + list(plan(settings.fonts, workspace / settings.font_dir).files)
    return [p for p in (profile.template(WORD_TEMPLATE),) if p]


def _page_templates(profile: Any) -> list[Path]:  # noqa: ANN401
    """page.html.j2 as the profile resolves it, and every template it pulls in."""
    import jinja2
    from jinja2 import meta

    env = jinja2.Environment()
    found: list[Path] = []
    todo = ["page.html.j2"]
    while todo:
        path = profile.template(todo.pop())
        if path is None or path in found:
            continue
        found.append(path)
        try:
            source = files.bounded_bytes(path, MAX_TEMPLATE_BYTES).decode("utf-8")
            todo += [n for n in meta.find_referenced_templates(env.parse(source)) if n]
        except (jinja2.TemplateSyntaxError, UnicodeDecodeError, OSError):
            pass  # the build itself reports it
    return found


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    files.hash_into(digest, path)
    return digest.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads(files.bounded_bytes(out_dir / MANIFEST, 16 * 1024 * 1024).decode("utf-8"))
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
