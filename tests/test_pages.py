"""Pagination and the published files: the page check can fail; the DOCX carries the same
rules in its XML (rows never split, header rows repeat, justified body, build dates,
application reportgen, zh-CN, alt text, nothing of python-docx's default template); the PDF is
tagged; `build` names the substitute fonts once; a long title breaks between words."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from weasyprint import HTML

from reportgen.build import build
from reportgen.render.compose import compose
from reportgen.render.pdf import render_html

from .conftest import ENSHI, ROOT, copy_workspace
from .pagecheck import problems

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    ws = copy_workspace(ENSHI, tmp_path_factory.mktemp("pages") / "ws")
    result = build(ws, 2023, force=True)
    return ws / "output" / "2023", result.warnings


def test_page_check_flags_a_page_with_only_a_note(tmp_path: Path, enshi) -> None:  # noqa: ANN001
    html = render_html(compose(enshi.report, "决算", enshi.profile, enshi.settings), enshi.profile, ENSHI, enshi.settings)
    assert not problems(_pdf(html, tmp_path / "good.pdf"), html)
    bad = html.replace("</style>", "p.note { break-before: page; }</style>")
    found = problems(_pdf(bad, tmp_path / "bad.pdf"), bad)
    assert any("只有表注" in p and "注：本表反映" in p for p in found), found


def test_page_check_flags_a_scorecard_row_on_two_pages(tmp_path: Path) -> None:
    long = "偏差原因说明。" * 200
    html = (f'<html><body><div style="height: 200mm"></div><table class="eval"><tbody>'
            f'<tr><td>总分</td><td>97</td></tr><tr style="break-inside: auto"><td>原因</td><td>{long}</td></tr>'
            f'</tbody></table></body></html>')
    found = problems(_pdf(html, tmp_path / "split.pdf"), html)
    assert any(p.startswith("评分表的一行跨页：原因偏差原因说明") for p in found), found


def _pdf(html: str, target: Path) -> Path:
    HTML(string=html).write_pdf(target)
    return target


def test_pdf_is_tagged(built: tuple[Path, list]) -> None:
    out, _ = built
    for pdf in out.glob("*.pdf"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), info


def test_docx_pagination_and_properties(built: tuple[Path, list]) -> None:
    out, _ = built
    files = sorted(out.glob("*.docx"))
    assert len(files) == 2
    for path in files:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            document = z.read("word/document.xml").decode()
            styles = z.read("word/styles.xml").decode()
            core = z.read("docProps/core.xml").decode()
            app = z.read("docProps/app.xml").decode()
        assert not [n for n in names if n.startswith("customXml") or "thumbnail" in n], names
        rows = re.findall(r"<w:tr[ >].*?</w:tr>", document, re.S)
        assert rows and all("<w:cantSplit/>" in r for r in rows)
        assert "<w:tblHeader/>" in document
        assert document.count("<w:keepNext/>") > 10
        normal = re.search(r'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">.*?</w:style>', styles, re.S).group(0)
        assert '<w:jc w:val="both"/>' in normal
        assert re.search(r'<w:lang [^>]*w:eastAsia="zh-CN"', styles)
        assert "<Application>reportgen</Application>" in app
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for name in ("created", "modified"):
            stamp = re.search(rf"<dcterms:{name}[^>]*>([^<]+)<", core).group(1)
            assert now - datetime.fromisoformat(stamp.rstrip("Z")) < timedelta(minutes=10), stamp
        assert "2013" not in core
        pictures = re.findall(r"<wp:docPr [^>]*>", document)
        assert all(re.search(r'descr="图\d+：[^"]+"', p) for p in pictures), pictures
    assert len(re.findall(r"<wp:docPr ", zipfile.ZipFile(files[0]).read("word/document.xml").decode())) >= 3


def test_build_names_substitute_fonts_once(built: tuple[Path, list]) -> None:
    from reportgen.render.fonts import installed_families

    _, warnings = built
    substitutes = [w for w in warnings if "替代字体" in w.message]
    if "FangSong" in installed_families():
        pytest.skip("this machine has the official fonts")
    [warning] = substitutes
    assert "仿宋用「" in warning.message and "fonts/ 文件夹" in warning.message and "字体目录" in warning.message


def test_long_title_breaks_between_words(built: tuple[Path, list], enshi) -> None:  # noqa: ANN001
    from docx import Document

    composed = compose(enshi.report, "决算", enshi.profile, enshi.settings)
    assert composed.blocks[0].parts == ("恩施土家族苗族自治州公共资源交易中心", "2023年度部门决算公开")
    out, _ = built
    [path] = [p for p in out.glob("*.docx") if "决算" in p.name]
    title = Document(str(path)).paragraphs[0]
    assert [t.text for t in title._p.iter(f"{W}t")] == ["恩施土家族苗族自治州公共资源交易中心", "2023年度部门决算公开"]
    assert len(list(title._p.iter(f"{W}br"))) == 1
    [pdf] = [p for p in out.glob("*.pdf") if "决算" in p.name]
    first = subprocess.run(["pdftotext", "-layout", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert lines[:2] == ["恩施土家族苗族自治州公共资源交易中心", "2023年度部门决算公开"], lines[:3]


def test_three_table_unit_above_it(enshi) -> None:  # noqa: ANN001
    blocks = compose(enshi.report, "绩效", enshi.profile, enshi.settings).blocks
    i = next(i for i, b in enumerate(blocks) if b.text.endswith("“三公”经费使用情况表"))
    assert (blocks[i + 1].style, blocks[i + 1].text, blocks[i + 2].kind) == ("unit", "单位：万元", "table")


def test_demo_builds_with_its_pages_checked(tmp_path: Path) -> None:
    """The demo's PDFs go through the page check too (conftest); its 决算 once had pages with
    only a table's note."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    result = build(ws, 2024, formats=("pdf",), force=True)
    assert len(result.files) == 2
