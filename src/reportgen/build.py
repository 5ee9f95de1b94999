"""`build`: the whole pipeline, load -> validate -> compute -> render -> write.

Like MkDocs' build, everything is gathered and rendered before anything is written: both
formats of every report go to a temporary folder, and only a complete set is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import BuildError, DataError, Problem, errors_only
from .pipeline import Prepared, prepare
from .render import docx as docx_render
from .render import pdf as pdf_render
from .render.context import final_context, performance_context
from .write import build_lock, check_writable, publish, staging

FORMATS = ("docx", "pdf")
KINDS = ("决算", "绩效")


@dataclass(frozen=True)
class BuildResult:
    files: list[Path]
    prepared: Prepared


def build(
    workspace: Path,
    year: int,
    formats: tuple[str, ...] = FORMATS,
    kinds: tuple[str, ...] = KINDS,
    progress: Callable[[str], None] = lambda step: None,
) -> BuildResult:
    """Build the reports of `year`; raises DataError or BuildError, never half-writes."""
    progress("读取并校验数据")
    prepared = prepare(workspace, year)
    if not prepared.ok:
        raise DataError(errors_only(prepared.problems) or prepared.problems)
    report = prepared.report
    assert report is not None
    out_dir = workspace / "output" / str(year)
    check_writable(out_dir)
    settings = prepared.settings
    with build_lock(workspace), staging() as tmp:
        rendered: list[Path] = []
        jobs = [("决算", report.final.title, final_context(report), "final")]
        if report.performance is not None:
            jobs.append(("绩效", report.performance.title, performance_context(report), "performance"))
        for kind, stem, context, template in jobs:
            if kind not in kinds:
                continue
            if "pdf" in formats:
                progress(f"生成{kind} PDF")
                html = pdf_render.render_html(f"{template}.html.j2", context, workspace, settings)
                target = tmp / f"{stem}.pdf"
                pdf_render.write_pdf(html, target, workspace, settings, title=stem, author=report.unit.name)
                rendered.append(target)
            if "docx" in formats:
                progress(f"生成{kind} DOCX")
                target = tmp / f"{stem}.docx"
                docx_render.write_docx(f"{template}.docx", context, target, workspace, settings)
                rendered.append(target)
        progress("写入输出文件")
        files = publish(rendered, out_dir)
    return BuildResult(files, prepared)


__all__ = ["build", "BuildResult", "BuildError", "Problem"]
