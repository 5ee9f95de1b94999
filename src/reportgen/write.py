"""Stage 5, write: put rendered files into output/<year>/ atomically, one build at a time.

Both reports are rendered into a private temporary folder first. Only when every file of the
build has rendered are they all copied next to their targets as hidden partial files, and only
when every copy is complete are they renamed over their targets (`os.replace`); a failure or
Ctrl-C in between removes the partial files and puts back any output already replaced, so a
failed build leaves the previous outputs as they were.
A lock per workspace (kept in a folder private to the user, not in the workspace) makes a
second build of the same workspace stop with a clear message instead of interleaving. A
build killed outright leaves its staging folder and partial files to the next build, which
removes them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import BuildError, Problem, Source


def private_folder() -> Path:
    """A folder of this user's own (mode 0700, not a symbolic link), for locks and staging:
    the cache folder's `run/`, else `reportgen-<uid>` in the system's temporary folder. No
    other user can hold a lock there, plant a symbolic link or read a staged report."""
    from . import cache

    for folder in (cache.folder("run"), Path(tempfile.gettempdir()) / f"reportgen-{os.getuid()}"):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(folder)
            if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077:
                return folder
        except OSError:
            continue
    raise BuildError([Problem("找不到可用的私有临时文件夹（缓存文件夹和系统临时文件夹都无法使用）。请检查磁盘空间和权限。")])


@contextlib.contextmanager
def build_lock(workspace: Path) -> Iterator[None]:
    key = hashlib.sha1(str(workspace.resolve()).encode()).hexdigest()[:16]
    path = private_folder() / f"{key}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise BuildError([Problem(f"无法创建生成锁文件：{_reason(exc)}。", Source(str(path)))]) from None
    with os.fdopen(fd, "r+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError([Problem("另一个 reportgen 正在生成此工作区的报告，请等它完成后再试。", Source(str(workspace)))]) from None
        yield


STAGING = "staging-"


@contextlib.contextmanager
def staging() -> Iterator[Path]:
    """A private temporary folder for rendering, removed afterwards whatever happens; its name
    holds our process id, so that the next build removes it even after a `kill -9`."""
    folder = private_folder()
    _sweep(folder)
    tmp = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=folder))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sweep(folder: Path) -> None:
    """Remove staging folders left by builds whose process no longer runs."""
    for entry in folder.glob(f"{STAGING}*"):
        pid = entry.name[len(STAGING):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def tidy(workspace: Path, out_dir: Path) -> None:
    """What a build that renders nothing (its inputs unchanged) still does: remove what a
    killed build left, unless another build holds the lock (then it is that build's to do)."""
    try:
        with build_lock(workspace):
            clean_leftovers(out_dir)
            _sweep(private_folder())
    except BuildError:
        pass


def clean_leftovers(out_dir: Path) -> None:
    """Remove the hidden partial files and backups a killed build left in `out_dir` (called
    under the build lock, so no other build is writing them)."""
    if out_dir.is_dir():
        for entry in out_dir.glob(".*"):
            if entry.name.endswith((".partial", ".previous")) and entry.is_file():
                entry.unlink(missing_ok=True)


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
            errno.EDQUOT: "超出磁盘配额", errno.EFBIG: "文件超过系统允许的大小（ulimit -f）",
            errno.ENAMETOOLONG: "文件名或路径过长"}


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
