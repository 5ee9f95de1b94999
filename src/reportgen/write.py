"""Stage 5, write: put rendered files into output/<year>/ atomically, one build at a time.

Both reports are rendered into a private temporary folder first. Only when every file of the
build has rendered are they all copied next to their targets as hidden partial files, and only
when every copy is complete are they renamed over their targets (`os.replace`); a failure or
Ctrl-C in between removes the partial files and puts back any output already replaced, so a
failed build leaves the previous outputs as they were.
A lock per workspace (kept in the system's temporary folder, not in the workspace) makes a
second build of the same workspace stop with a clear message instead of interleaving.
"""

from __future__ import annotations

import contextlib
import errno
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
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise BuildError([Problem(f"无法写入输出文件夹：{probe.name} 是一个文件，不是文件夹。请删除或改名该文件后重试。",
                                  Source(str(probe)))])
    if not os.access(probe, os.W_OK | os.X_OK):
        raise BuildError([Problem("无法写入输出文件夹：没有写入权限。请检查该文件夹的权限，或换一个输出位置。", Source(str(out_dir)))])


_REASONS = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足",
            errno.EROFS: "所在磁盘只读", errno.EISDIR: "目标位置已有同名文件夹", errno.ENOTDIR: "路径中有同名文件",
            errno.EDQUOT: "超出磁盘配额"}


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def publish(files: list[Path], out_dir: Path) -> list[Path]:
    """Put every rendered file into `out_dir`, all or nothing.

    Each file is first copied beside its target as a hidden `.name.partial` and synced; only
    when all copies are complete are they renamed over their targets (`os.replace`, atomic),
    each previous output kept as a hard link (`.name.previous`) until all renames succeeded.
    Any failure, including Ctrl-C, removes the partial files and restores the previous
    outputs, so `out_dir` holds either the whole new set or the old files as they were.
    """
    partials: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in files:
            target = out_dir / path.name
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
            partial = out_dir / f".{path.name}.partial"
            partials.append((partial, target))
            shutil.copyfile(path, partial)
            with open(partial, "rb") as fh:
                os.fsync(fh.fileno())
        for partial, target in partials:
            if target.exists():
                backup = out_dir / f".{target.name}.previous"
                backup.unlink(missing_ok=True)
                try:
                    os.link(target, backup)
                except OSError:  # a file system without hard links
                    shutil.copy2(target, backup)
                backups.append((backup, target))
            os.replace(partial, target)
            placed.append(target)
    except BaseException as exc:
        _roll_back(placed, backups, partials)
        if isinstance(exc, OSError):
            raise BuildError([Problem(f"写入输出文件失败：{_reason(exc)}。已有的输出文件保持不变。", Source(str(out_dir)))]) from None
        raise
    for backup, _ in backups:
        backup.unlink(missing_ok=True)
    return placed


def _roll_back(placed: list[Path], backups: list[tuple[Path, Path]], partials: list[tuple[Path, Path]]) -> None:
    """Undo a publish that failed midway; best effort, never raises."""
    restored = {target: backup for backup, target in backups}
    for target in placed:
        with contextlib.suppress(OSError):
            if target in restored:
                os.replace(restored.pop(target), target)
            else:
                target.unlink()
    for backup in restored.values():
        with contextlib.suppress(OSError):
            backup.unlink()
    for partial, _ in partials:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file through a temporary file beside it, renamed into place, so a reader
    (or a crash) never sees half a file. Used for every YAML, HTML and manifest we write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
