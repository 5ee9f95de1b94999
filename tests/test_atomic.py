"""A build that fails or is interrupted in any phase leaves output/ exactly as it was: the
previous files byte-for-byte, no partial or temporary file beside them, no staging folder
left in the temporary folder (each test's own, see conftest.private_tempdir). A second build
of the same workspace while one runs stops with a clear message."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, Callable

import pytest

import reportgen.pipeline
import reportgen.write
from reportgen.build import build
from reportgen.errors import BuildError
from reportgen.render import docx as docx_render
from reportgen.render import pdf as pdf_render
from reportgen.write import build_lock

from .conftest import ENSHI, copy_workspace, run

UNIT = "恩施土家族苗族自治州公共资源交易中心"
NAMES = [f"{UNIT}2023年度{kind}.{fmt}" for kind in ("部门决算公开", "部门整体支出绩效自评报告") for fmt in ("pdf", "docx")]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """The 恩施 workspace with a previous build's four files (and one unrelated file) in output/2023/."""
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    out = ws / "output" / "2023"
    out.mkdir(parents=True)
    for name in NAMES + ["说明.txt"]:
        (out / name).write_bytes(f"previous {name}\n".encode())
    return ws


def snapshot(ws: Path) -> dict[str, bytes]:
    out = ws / "output"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def staging_folders() -> set[Path]:
    """This process's staging folders (they live in the user's private folder, named by pid)."""
    return {p for p in reportgen.write.private_folder().glob(f"staging-{os.getpid()}-*") if p.is_dir()}


def fail_on_call(n: int, real: Callable[..., Any], exc: BaseException) -> Callable[..., Any]:
    """`real`, except that its n-th call (1-based) raises `exc`."""
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        calls[0] += 1
        if calls[0] == n:
            raise exc
        return real(*args, **kwargs)
    return wrapper


def half_written_pdf(html: str, target: Path, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
    target.write_bytes(b"%PDF-1.7\n% half a file")
    raise MemoryError("out of memory while laying out")


DISK_FULL = OSError(errno.ENOSPC, "No space left on device")

# (id, object, attribute, replacement factory, formats, expected exception)
FAULTS: list[tuple[str, Any, str, Callable[[Any], Any], tuple[str, ...], type[BaseException]]] = [
    ("compute", reportgen.pipeline, "compute", lambda real: fail_on_call(1, real, RuntimeError("bug")), ("docx",), RuntimeError),
    ("render html", pdf_render, "render_html", lambda real: fail_on_call(1, real, RuntimeError("bug")), ("pdf",), RuntimeError),
    ("write pdf midway", pdf_render, "write_pdf", lambda real: half_written_pdf, ("pdf",), BuildError),  # 内存不足
    ("write docx, disk full", docx_render, "write_docx", lambda real: fail_on_call(2, real, DISK_FULL), ("docx",), BuildError),
    ("ctrl-c while rendering", docx_render, "write_docx", lambda real: fail_on_call(2, real, KeyboardInterrupt()), ("docx",), KeyboardInterrupt),
    ("publish: second copy, disk full", reportgen.write.shutil, "copyfile", lambda real: fail_on_call(2, real, DISK_FULL), ("docx",), BuildError),
    ("publish: second rename fails", reportgen.write.os, "replace", lambda real: fail_on_call(2, real, OSError(errno.EIO, "I/O error")), ("docx",), BuildError),
    ("publish: ctrl-c between renames", reportgen.write.os, "replace", lambda real: fail_on_call(2, real, KeyboardInterrupt()), ("docx",), KeyboardInterrupt),
    ("publish: sync fails", reportgen.write.os, "fsync", lambda real: fail_on_call(2, real, DISK_FULL), ("docx",), BuildError),
]


@pytest.mark.parametrize("name,owner,attribute,fault,formats,expected", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_leaves_previous_outputs(ws: Path, monkeypatch: pytest.MonkeyPatch, name: str, owner: Any,  # noqa: ANN401
                                       attribute: str, fault: Callable[[Any], Any], formats: tuple[str, ...],
                                       expected: type[BaseException]) -> None:
    before = snapshot(ws)
    monkeypatch.setattr(owner, attribute, fault(getattr(owner, attribute)))
    with pytest.raises(expected) as caught:
        build(ws, 2023, formats=formats, parallel=False, force=True)
    monkeypatch.undo()
    assert snapshot(ws) == before  # byte-for-byte, and no .partial / .previous / temporary file
    assert not staging_folders()
    if isinstance(caught.value, BuildError):
        assert "已有的输出文件保持不变" in str(caught.value)
        if "disk full" in name:
            assert "磁盘空间不足" in str(caught.value)
    # the workspace is not left locked: the next build goes through
    result = build(ws, 2023, formats=("docx",), parallel=False, force=True)
    assert len(result.files) == 2


def test_fault_in_a_worker_process(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering in two processes: a worker's failure also leaves output/ as it was."""
    before = snapshot(ws)
    monkeypatch.setattr(docx_render, "write_docx", fail_on_call(1, docx_render.write_docx, DISK_FULL))
    with pytest.raises(BuildError, match="磁盘空间不足"):
        build(ws, 2023, formats=("docx",), parallel=True, force=True)
    assert snapshot(ws) == before
    assert not staging_folders()


def test_ctrl_c_before_publishing(ws: Path) -> None:
    before = snapshot(ws)

    def progress(step: str) -> None:
        if step == "写入输出文件":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(ws, 2023, formats=("docx",), parallel=False, force=True, progress=progress)
    assert snapshot(ws) == before


def test_successful_build_replaces_and_leaves_no_temporary_file(ws: Path) -> None:
    result = build(ws, 2023, formats=("docx",), parallel=False, force=True)
    out = ws / "output" / "2023"
    assert {p.name for p in result.files} == {n for n in NAMES if n.endswith(".docx")}
    for path in result.files:
        assert path.read_bytes()[:2] == b"PK"
    assert (out / NAMES[0]).read_bytes() == f"previous {NAMES[0]}\n".encode()  # PDFs not rebuilt
    assert not [p.name for p in out.iterdir() if p.name.endswith((".partial", ".previous"))]


def test_second_build_at_once_gets_lock_message(ws: Path) -> None:
    before = snapshot(ws)
    with build_lock(ws):
        result = run("build", "2023", "-w", str(ws), "--format", "docx", "--force")
    assert result.exit_code == 1, result.output
    assert "另一个 reportgen 正在生成此工作区的报告，请等它完成后再试。" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(ws) == before
    with build_lock(ws):  # released again
        pass
