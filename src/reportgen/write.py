"""Stage 5, write: put rendered files into output/<year>/ atomically, one build at a time.

Both reports are rendered into a private temporary folder first. Only when every file of the
build has rendered is each one copied next to its target as a hidden partial file and renamed
over it (`os.replace`), so a failed or killed build leaves the previous outputs as they were.
A lock per workspace (kept in the system's temporary folder, not in the workspace) makes a
second build of the same workspace stop with a clear message instead of interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import BuildError, Problem, Source


@contextlib.contextmanager
def build_lock(workspace: Path) -> Iterator[None]:
    key = hashlib.sha1(str(workspace.resolve()).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"reportgen-{key}.lock"
    with open(path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError([Problem("另一个 reportgen 正在生成此工作区的报告，请等它完成后再试。", Source(str(workspace)))]) from None
        yield


@contextlib.contextmanager
def staging() -> Iterator[Path]:
    """A private temporary folder for rendering, removed afterwards whatever happens."""
    tmp = Path(tempfile.mkdtemp(prefix="reportgen-"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_writable(out_dir: Path) -> None:
    """Fail early, before any rendering, when the output folder cannot be written."""
    probe = out_dir
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK) or not probe.is_dir():
        raise BuildError([Problem("无法写入输出文件夹：没有写入权限。请检查该文件夹的权限，或换一个输出位置。", Source(str(out_dir)))])


def publish(files: list[Path], out_dir: Path) -> list[Path]:
    """Copy each rendered file beside its target and rename it into place."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        placed = []
        for path in files:
            target = out_dir / path.name
            partial = out_dir / f".{path.name}.partial"
            shutil.copyfile(path, partial)
            with open(partial, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(partial, target)
            placed.append(target)
        return placed
    except OSError as exc:
        raise BuildError([Problem(f"写入输出文件失败：{exc.strerror}。", Source(str(out_dir)))]) from None
