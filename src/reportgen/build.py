"""`build`: the whole pipeline, load -> validate -> compute -> render -> write.

Like MkDocs' build, everything is gathered and rendered before anything is written: both
formats of every report go to a temporary folder, and only a complete set is published.
Rendering jobs (a report in a format) run in two processes when the machine has two cores;
a build whose inputs did not change renders nothing (see incremental.py).
"""

from __future__ import annotations

import gc
import os
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from . import incremental
from .errors import DataError, errors_only

if TYPE_CHECKING:
    from .pipeline import Prepared
    from .profile import Profile
    from .render.compose import Composed
    from .settings import Settings

FORMATS = ("docx", "pdf")
KINDS = ("决算", "绩效")


@dataclass(frozen=True)
class Job:
    """One file to render: a report (决算 or 绩效) in one format."""

    kind: str
    fmt: str
    stem: str

    @property
    def cost(self) -> int:
        """Rough relative time, to start the longest jobs first."""
        return {"pdf": 10, "docx": 1}[self.fmt] * (3 if self.kind == "决算" else 2)


@dataclass(frozen=True)
class BuildResult:
    files: list[Path]  # written by this build
    prepared: "Prepared | None"  # None when nothing had changed (the data was not even loaded)
    unchanged: list[str] = field(default_factory=list)  # reports left as they were
    absent: list[str] = field(default_factory=list)  # reports asked for whose data has no section
    notices: list = field(default_factory=list)  # warnings of the rendering, e.g. substitute fonts
    pages: dict[str, int] = field(default_factory=dict)  # page count of each PDF written, by file name

    @property
    def warnings(self) -> list:
        return ([p for p in self.prepared.problems if p.severity == "warning"] if self.prepared else []) + self.notices


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one rendering job.

    WeasyPrint allocates millions of objects, nearly all freed by reference counting, so the
    collector's passes over them were 17 % of a PDF's time. It runs again between jobs, which
    keeps a batch worker's memory bounded.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render(job: Job, composed: "Composed", profile: "Profile", workspace: Path, settings: "Settings",
           folder: Path, background: bool = False) -> tuple[Path, int | None]:
    """Render one job into `folder`: the file and, for a PDF, its page count (known from the
    layout: the file is not read again). The same function runs in-process or in a worker; a
    `background` job (in a worker: not the build's longest) gives way to the longest. A full
    disk, a file-size limit or exhausted memory is a BuildError naming the report."""
    from .errors import BuildError, Problem
    from .render import yield_cpu
    from .write import _reason

    if background:
        yield_cpu()

    try:
        with collector_paused():
            return _render(job, composed, profile, workspace, settings, folder)
    except OSError as exc:
        raise BuildError([Problem(f"生成{job.kind} {job.fmt.upper()} 时写入临时文件失败：{_reason(exc)}。"
                                  "已有的输出文件保持不变。请清理磁盘空间或放宽限制后重试。")]) from None
    except MemoryError:
        raise BuildError([Problem(f"生成{job.kind} {job.fmt.upper()} 时内存不足。已有的输出文件保持不变。"
                                  "请关闭其他程序后重试。")]) from None


#: The longest file name (in UTF-8 bytes, before the extension) a build writes: file systems
#: allow 255, and publishing adds a leading dot and ".partial".
MAX_STEM_BYTES = 200


def workspace_styled(workspace: Path, settings: "Settings", profile: "Profile") -> bool:
    """Whether the workspace puts anything of its own into a PDF beyond text (fonts named in
    its settings, font files, templates): then each PDF's structure is checked before it is
    published (pypdf parses the whole object stream, some 0.5 s, which a PDF made only from
    the built-in templates and fonts does not need)."""
    from .render.pdf import font_plan

    own = profile.folders[0]
    return bool(settings.fonts) or bool(font_plan(workspace, settings).files) or (own.is_dir() and any(own.iterdir()))


def file_stem(title: str) -> str:
    """The file name of a report: its title, or, when that is too long for a file system (a
    unit name of some 60 characters), the title's start and end around “…”."""
    title = re.sub(r"[\x00-\x1f\x7f-\x9f]", "_", title)  # no control character in a file name
    if len(title.encode()) <= MAX_STEM_BYTES:
        return title
    tail = title[-20:]  # “2023年度部门决算公开”: which report, which year
    budget = MAX_STEM_BYTES - len(tail.encode()) - len("…".encode())
    head = ""
    for char in title[:-20]:
        if len((head + char).encode()) > budget:
            break
        head += char
    return f"{head}…{tail}"


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the build that forked it dies, even by `kill -9`
    (Linux prctl PR_SET_PDEATHSIG); and stop at once if it is already gone."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own checks remain
        pass
    if os.getppid() != parent:
        os._exit(1)


def _render(job: Job, composed: "Composed", profile: "Profile", workspace: Path, settings: "Settings",
            folder: Path) -> tuple[Path, int | None]:
    from .outputs import pdf_problem
    from .render import docx as docx_render
    from .render import pdf as pdf_render

    target = folder / f"{job.stem}.{job.fmt}"
    if job.fmt == "pdf":
        # First, so that importing WeasyPrint overlaps the drawing of the charts beside the build.
        pdf_render.load_weasyprint()

        html = pdf_render.render_html(composed, profile, workspace, settings)
        pages = pdf_render.write_pdf(html, target, workspace, settings, profile, title=composed.title, author=composed.author)
        malformed = pdf_problem(target) if workspace_styled(workspace, settings, profile) else None
        if malformed:
            from .errors import BuildError, Problem

            raise BuildError([Problem(f"生成的{job.kind} PDF 结构有误（{malformed}），未发布，已有的输出文件保持不变。"
                                      "可能是字体文件损坏或字体名含特殊字符；请换用其他字体后重试，并把此信息发给维护人员。")])
        return target, pages
    docx_render.write_docx(composed, profile, target, workspace, settings)
    return target, None


def build(
    workspace: Path,
    year: int,
    formats: tuple[str, ...] = FORMATS,
    kinds: tuple[str, ...] = KINDS,
    progress: Callable[[str], None] = lambda step: None,
    parallel: bool = True,
    force: bool = False,
    final: bool = False,
) -> BuildResult:
    """Build the reports of `year`; raises DataError or BuildError, never half-writes.
    A `final` build (or the setting 正式发布) refuses while a report still has a 【待填写】."""
    out_dir = workspace / "output" / str(year)
    inputs = incremental.inputs_digest(workspace, year)
    # A final build always looks at the reports: the last build may have published drafts.
    if not force and not final and incremental.up_to_date(out_dir, inputs, kinds, formats):
        from .write import tidy

        tidy(workspace, out_dir)
        absent = incremental.read_manifest(out_dir).get("absent") or []  # reports the data has no section for
        return BuildResult([], None, [k for k in kinds if k not in absent], [k for k in kinds if k in absent])

    from .font_check import substitute_warning
    from .pipeline import prepare
    from .pipeline import printed
    from .write import build_lock, check_writable, clean_leftovers, publish, staging

    progress("读取并校验数据")
    prepared = prepare(workspace, year)
    if not prepared.ok:
        raise DataError(errors_only(prepared.problems) or prepared.problems)
    report, profile = prepared.report, prepared.profile
    assert report is not None and profile is not None
    check_writable(out_dir)
    settings = prepared.settings
    # Charts not yet in the cache are drawn by a process of their own from here on, while the
    # reports are worded and the workers import WeasyPrint (render/charts.py).
    with _charts_beside(prepared, kinds, formats, parallel):
        models = {"决算": report.final, "绩效": report.performance}
        # Worded here, once: the job digests cover what the templates really made of the model.
        prepared, composed = printed(prepared, kinds)
        if final or settings.final:
            refuse_drafts(composed, prepared.problems)
        old = incremental.read_manifest(out_dir).get("jobs") or {}
        entries: dict[str, dict[str, str]] = {}
        jobs: list[Job] = []
        unchanged: set[str] = set()
        printed_with = {fmt: incremental.format_files(fmt, settings, profile, workspace) for fmt in formats}
        for kind, words in composed.items():
            for fmt in formats:
                key = f"{kind}.{fmt}"
                digest = incremental.job_digest(fmt, words, settings, printed_with[fmt])
                if not force and old.get(key, {}).get("model") == digest and incremental.intact(out_dir, old[key]):
                    unchanged.add(kind)
                    continue
                entries[key] = {"model": digest, "file": f"{file_stem(words.title)}.{fmt}"}
                jobs.append(Job(kind, fmt, file_stem(words.title)))

        with build_lock(workspace), staging() as tmp:
            clean_leftovers(out_dir)
            rendered = run_jobs(jobs, composed, profile, workspace, settings, tmp, progress, parallel)
            progress("写入输出文件")
            files = publish([path for path, _ in rendered], out_dir)
            record(out_dir, files, {"inputs": inputs, "jobs": {**old, **entries}, "absent": [k for k in KINDS if models[k] is None]},
                   entries)
    rebuilt = {job.kind for job in jobs}
    # Said once per build, for every PDF it wrote.
    notices = substitute_warning(settings, workspace) if any(job.fmt == "pdf" for job in jobs) else []
    return BuildResult(files, prepared, [k for k in kinds if k in unchanged and k not in rebuilt],
                       [k for k in kinds if models[k] is None], notices, {path.name: n for path, n in rendered if n})


def _charts_beside(prepared: "Prepared", kinds: tuple[str, ...], formats: tuple[str, ...], parallel: bool):  # noqa: ANN202
    """charts.drawn_beside for the 决算 report's charts, when the build renders on two cores."""
    from contextlib import nullcontext

    report = prepared.report
    if not parallel or (os.cpu_count() or 1) < 2 or "决算" not in kinds or report is None or report.final is None:
        return nullcontext()
    from .render import charts
    from .render.display import Display

    display = Display(prepared.settings.style)
    items = [(chart, charts.labels(chart, display)) for chart in report.final.charts]
    return charts.drawn_beside(items, tuple({"pdf": "svg", "docx": "png"}[f] for f in formats))


def record(out_dir: Path, files: list[Path], manifest: dict, entries: dict[str, dict[str, str]]) -> None:
    """Write the manifest of a published build; a failure says what was published."""
    from .errors import BuildError, Problem, Source
    from .write import _reason

    try:
        for entry in entries.values():
            entry["sha256"] = incremental.file_digest(out_dir / entry["file"])
        incremental.write_manifest(out_dir, manifest)
    except OSError as exc:
        raise BuildError([Problem(f"报告已生成并发布（{'、'.join(p.name for p in files)}，均为完整的新文件），但构建记录 "
                                  f"{incremental.MANIFEST} 写入失败：{_reason(exc)}。下次生成时会重新生成全部报告。",
                                  Source(str(out_dir)))]) from None


def refuse_drafts(composed: dict[str, "Composed"], problems: list) -> None:
    """Stop a final build while any report still prints a placeholder, listing what to fill."""
    from .compute.model import Gap
    from .errors import Problem

    drafts = [kind for kind, words in composed.items() if Gap.MARK in words.text()]
    if drafts:
        gaps = [p for p in problems if p.gap]
        raise DataError([Problem(f"{'、'.join(drafts)}报告中还有 {max(len(gaps), 1)} 处【待填写】，正式发布时不生成任何文件。"
                                 "请按下列提醒填写后再生成；要先看草稿，去掉 --final（或把设置「正式发布」改为 false）。"),
                         *[Problem(p.message, p.source, "error", p.excerpt, gap=p.gap) for p in gaps]])


def run_jobs(jobs: list[Job], composed: dict[str, "Composed"], profile: "Profile", workspace: Path, settings: "Settings",
             folder: Path, progress: Callable[[str], None], parallel: bool) -> list[tuple[Path, int | None]]:
    """Render every job (see `render`), in two worker processes when that is worth it."""
    jobs = sorted(jobs, key=lambda j: -j.cost)
    workers = min(len(jobs), os.cpu_count() or 1, 2) if parallel else 1
    if workers < 2:
        paths = []
        for job in jobs:
            progress(f"生成{job.kind} {job.fmt.upper()}")
            paths.append(render(job, composed[job.kind], profile, workspace, settings, folder))
        return paths
    # fork: the workers inherit the imported modules and the composed reports.
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(render, job, composed[job.kind], profile, workspace, settings, folder, i > 0)
                   for i, job in enumerate(jobs)]
        paths = []
        for job, future in zip(jobs, futures):
            paths.append(future.result())
            progress(f"已生成{job.kind} {job.fmt.upper()}")
        return paths


__all__ = ["build", "BuildResult", "Job", "FORMATS", "KINDS"]
