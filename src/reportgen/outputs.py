"""What is reported about the files a build wrote: their page counts."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def pdf_pages(path: Path) -> int | None:
    """Page count of a PDF (None for other files): pypdf when installed, else the page
    objects counted in the file and in its compressed object streams."""
    if path.suffix.lower() != ".pdf":
        return None
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - a page count is a nicety, never a failure
        return None
    raw = path.read_bytes()
    count = len(_PAGE.findall(raw))
    for match in re.finditer(rb"stream\r?\n", raw):
        end = raw.find(b"endstream", match.end())
        try:
            count += len(_PAGE.findall(zlib.decompress(raw[match.end():end])))
        except zlib.error:
            continue
    return count or None
