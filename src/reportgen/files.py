"""Reading the files a workspace holds, which are untrusted input: only regular files (a FIFO,
a device or a folder where a file is expected is refused at once, never waited on), never
more than a limit into memory, hashed in chunks, and zip containers (.xlsx, .docx) checked
for what they would inflate to before any reader opens them."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

CHUNK = 1 << 20
#: A template (Jinja or page) is some KB; a larger one is refused before it is read.
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "文件夹"), (stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "设备文件"),
          (stat.S_ISBLK, "设备文件"), (stat.S_ISSOCK, "套接字"))


class NotAFile(OSError):
    """`path` is a folder, FIFO, device or socket; `kind` says which, in Chinese."""

    def __init__(self, path: Path, kind: str):
        super().__init__(f"{path}: {kind}")
        self.kind = kind


class TooLarge(OSError):
    """A file or a container's content is larger than allowed; `size` is what was found."""

    def __init__(self, path: Path, size: int):
        super().__init__(f"{path}: {size} bytes")
        self.size = size


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else raises NotAFile without blocking
    (O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(path, next((name for test, name in _KINDS if test(mode)), "特殊文件"))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def bounded_bytes(path: Path, limit: int) -> bytes:
    """The whole content of a regular file of at most `limit` bytes (TooLarge otherwise, also
    when it grows while being read)."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(path, size)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, len(data))
    return data


def head(path: Path, count: int) -> bytes:
    """The first `count` bytes of a regular file."""
    with open_regular(path) as fh:
        return fh.read(count)


def size_of(path: Path) -> int:
    with open_regular(path) as fh:
        return os.fstat(fh.fileno()).st_size


def hash_into(digest: Any, path: Path) -> None:  # noqa: ANN401
    """Add a regular file's content to `digest`, a chunk at a time."""
    with open_regular(path) as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)


def check_zip(path: Path, max_bytes: int, max_inflated: int, max_members: int = 10_000) -> None:
    """Refuse a zip container (.xlsx, .docx) larger than `max_bytes`, with more than
    `max_members` parts, or whose parts inflate to more than `max_inflated` bytes in all, as
    its own directory declares them (TooLarge); a damaged zip raises zipfile.BadZipFile. The
    readers then stream the parts, which zipfile stops at their declared sizes."""
    if size_of(path) > max_bytes:
        raise TooLarge(path, size_of(path))
    with open_regular(path) as fh, zipfile.ZipFile(fh) as archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise TooLarge(path, len(members))
        inflated = sum(m.file_size for m in members)
        if inflated > max_inflated:
            raise TooLarge(path, inflated)
