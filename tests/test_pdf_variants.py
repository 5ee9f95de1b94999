"""PDF for publication: `PDF类型: pdf/a-3b` (archival) and `PDF类型: pdf/ua-1` (tagged,
accessible) in reportgen.yaml reach WeasyPrint and show in the written file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.build import build

from .conftest import ENSHI, copy_workspace

FINAL = "恩施土家族苗族自治州公共资源交易中心2023年度部门决算公开"


def built(tmp_path: Path, variant: str) -> tuple[Path, PdfReader]:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text(f"PDF类型: {variant}\n", "utf-8")
    result = build(ws, 2023, formats=("pdf",), kinds=("决算",), parallel=False, force=True)
    [path] = result.files
    assert path.name == f"{FINAL}.pdf"
    return path, PdfReader(path)


def xmp(reader: PdfReader) -> str:
    meta = reader.xmp_metadata
    assert meta is not None, "no XMP metadata"
    return meta.stream.get_data().decode("utf-8")


def field(xml: str, name: str) -> str | None:
    """An XMP property written as an element or as an attribute."""
    found = re.search(rf"{name}(?:>|=[\"'])([^<\"']+)", xml)
    return found.group(1) if found else None


def test_pdf_a_3b(tmp_path: Path) -> None:
    path, reader = built(tmp_path, "pdf/a-3b")
    root = reader.trailer["/Root"]
    xml = xmp(reader)
    assert field(xml, "pdfaid:part") == "3"
    assert field(xml, "pdfaid:conformance") == "B"
    assert FINAL in xml  # the title is in the XMP, as PDF/A requires
    intents = root["/OutputIntents"]
    assert len(intents) >= 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert reader.pdf_header in ("%PDF-1.7",)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:])  # every font embedded


def test_pdf_ua_1(tmp_path: Path) -> None:
    _, reader = built(tmp_path, "pdf/ua-1")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("zh")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert field(xmp(reader), "pdfuaid:part") == "1"
    assert reader.metadata.title == FINAL


def test_unknown_variant_is_a_settings_error(tmp_path: Path) -> None:
    from reportgen.pipeline import prepare

    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("PDF类型: pdf/x-4\n", "utf-8")
    prepared = prepare(ws, 2023)
    assert not prepared.ok
    [error] = [p.format() for p in prepared.problems if p.severity == "error"]
    assert re.match(r"reportgen\.yaml:1:1: 「PDF类型」应为 .*'pdf/a-3b' 或 'pdf/ua-1' 之一，实际为 \"pdf/x-4\"", error), error


@pytest.mark.parametrize("variant", ["pdf/a-3b", "pdf/ua-1"])
def test_variant_is_in_the_settings_schema(variant: str) -> None:
    from reportgen.settings import Settings

    assert Settings.model_validate({"PDF类型": variant}).pdf_variant == variant
