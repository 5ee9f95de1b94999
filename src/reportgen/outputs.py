"""What is checked and reported about the files a build wrote: the structure of each PDF
(before it is published) and their page counts."""

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


def pdf_problem(path: Path) -> str | None:
    """Why a PDF just written is malformed, or None. Parsed strictly (pypdf): the trailer, the
    catalogue, the page tree down to the first page, and the fonts of its resources (which
    WeasyPrint shares between pages) with their descriptors — where a font's file name once
    went into a PDF name unescaped. (pypdf parses the whole
    object stream that holds them.)"""
    from pypdf import PdfReader

    try:
        node = PdfReader(path, strict=True).trailer["/Root"].get_object()["/Pages"].get_object()
        resources = node.get("/Resources")
        for _ in range(64):  # a page tree is a few levels deep
            if node.get("/Type") == "/Page":
                break
            node = node["/Kids"][0].get_object()
            resources = node.get("/Resources", resources)
        if node.get("/Type") != "/Page":
            return "找不到页面"
        fonts = resources.get_object().get("/Font", {}).get_object() if resources is not None else {}
        for font in fonts.values():
            font = font.get_object()
            for part in (font, *(d.get_object() for d in font.get("/DescendantFonts", []))):
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor.get_object().get("/FontName")
    except Exception as exc:  # noqa: BLE001 - whatever the parser trips on, the file is malformed
        return f"{type(exc).__name__}: {exc}"
    return None
