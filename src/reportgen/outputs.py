"""What is checked about the files a build wrote: the structure of each PDF before it is
published."""

from __future__ import annotations

from pathlib import Path


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
