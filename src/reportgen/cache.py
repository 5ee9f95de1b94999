"""The user's cache: results that depend only on the content they were made from.

Parsed YAML files and drawn charts are kept in ~/.cache/reportgen (or $REPORTGEN_CACHE),
each named by the SHA-256 of its input, of the source of the module that made it and of the
reportgen version, so an entry is never stale: a changed file or changed code simply looks
up another name. Each entry starts with the digest of its name and content, checked on every
read: an altered or misplaced entry is a miss, never another unit's data. Each kind keeps its most recently used entries (a read refreshes an
entry's time). The cache only saves time; a missing, unreadable or read-only cache never
fails a command.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import __version__, files


#: Entries kept per kind; older ones are removed when a new one is written.
KEEP = 2000
#: The largest entry read back (a parsed file at the loader's limit pickles to less).
MAX_ENTRY = 64 * 1024 * 1024


@functools.cache
def _source_digest(module_file: str) -> bytes:
    return hashlib.sha256(Path(module_file).read_bytes()).digest()


def key(module_file: str, *parts: str | bytes) -> str:
    """The name of the entry made from `parts` by the module `module_file` (its `__file__`)."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(_source_digest(module_file))
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def folder(kind: str) -> Path:
    """$REPORTGEN_CACHE/<kind>, by default ~/.cache/reportgen/<kind> (XDG_CACHE_HOME honoured)."""
    own = os.environ.get("REPORTGEN_CACHE")
    if own:
        return Path(own) / kind
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportgen" / kind


def _seal(name: str, data: bytes) -> bytes:
    """The check an entry starts with: the digest of its name and content, so that an entry
    altered, truncated or copied under another entry's name is a miss."""
    return hashlib.sha256(name.encode() + b"\0" + data).digest()


def read(kind: str, name: str) -> bytes | None:
    path = folder(kind) / name
    try:
        sealed = files.bounded_bytes(path, MAX_ENTRY)
        os.utime(path)  # recently used: kept when the kind is pruned
    except OSError:
        return None
    seal, data = sealed[:32], sealed[32:]
    return data if seal == _seal(name, data) else None


def write(kind: str, name: str, data: bytes) -> None:
    """Store an entry atomically (a reader never sees half of it); errors are ignored."""
    path = folder(kind) / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(_seal(name, data) + data)
        os.replace(partial, path)
        _prune(path.parent)
    except OSError:
        pass


def _prune(directory: Path) -> None:
    entries = list(os.scandir(directory))
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda e: e.stat().st_mtime)
    for entry in entries[: len(entries) - KEEP]:
        Path(entry.path).unlink(missing_ok=True)


class _PlainUnpickler(pickle.Unpickler):
    """Builds plain data only (dict, list, tuple, str, int, bool, None, Decimal): an entry
    someone else wrote into the cache cannot make us run code."""

    def find_class(self, module: str, name: str) -> Any:  # noqa: ANN401
        if (module, name) == ("decimal", "Decimal"):
            return Decimal
        raise pickle.UnpicklingError(f"{module}.{name}")


def read_plain(kind: str, name: str) -> Any:  # noqa: ANN401
    """A plain-data entry, or None when there is none (or it cannot be read)."""
    data = read(kind, name)
    if data is None:
        return None
    try:
        return _PlainUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - a damaged entry is a miss
        return None


def write_plain(kind: str, name: str, value: Any) -> None:  # noqa: ANN401
    write(kind, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
