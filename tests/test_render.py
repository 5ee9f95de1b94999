"""Both reports of the 恩施 fixture rendered to PDF and DOCX: content, fonts, bookmarks,
LibreOffice conversion, and PDF/DOCX parity (the same paragraphs and numbers in both)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from reportgen.build import build

from .conftest import ENSHI, copy_workspace

UNIT = "恩施土家族苗族自治州公共资源交易中心"
FINAL = f"{UNIT}2023年度部门决算公开"
PERF = f"{UNIT}2023年度部门整体支出绩效自评报告"
PART3_HEADINGS = [
    "一、收入支出决算总体情况说明", "二、收入决算情况说明", "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明", "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明", "七、政府性基金预算财政拨款收入支出决算情况说明",
    "八、国有资本经营预算财政拨款支出决算情况说明", "九、财政拨款“三公”经费支出决算情况说明",
    "十、机关运行经费支出说明", "十一、政府采购支出说明", "十二、国有资产占用情况说明",
    "十三、预算绩效情况说明", "十四、专项支出、转移支付支出情况说明",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_workspace(ENSHI, tmp_path_factory.mktemp("render") / "ws")
    result = build(ws, 2023)
    assert len(result.files) == 4
    return ws / "output" / "2023"


def pdf_text(path: Path, mode: str = "-layout") -> str:
    """The PDF's text; "-raw" keeps content-stream order, which is the reading order."""
    return subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True).stdout


def docx_text(path: Path) -> str:
    """Paragraphs and table cells in document order, as a reader of the DOCX sees them."""
    doc = Document(str(path))
    marks = {"t": None, "tab": "\t", "br": "\n", "p": "\n"}

    def text(element) -> str:  # noqa: ANN001
        out = []
        for e in element.iter():
            kind = e.tag.rsplit("}", 1)[-1]
            if kind in marks:
                out.append(e.text or "" if marks[kind] is None else marks[kind])
        return "".join(out).strip("\n")

    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(text(block))
        elif block.tag.endswith("}tbl"):
            lines += [text(cell) for cell in block.iter() if cell.tag.endswith("}tc")]
    for section in doc.sections[:1]:
        lines += [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


NUMBER = re.compile(r"\d+(?:\.\d+)?")
PAGE_NUMBER = re.compile(r"^[ \t]*—[ \t]*(\d+)[ \t]*—[ \t]*$", re.M)  # pdftotext may drop the spaces


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(PAGE_NUMBER.sub("", text)))


def test_final_pdf_has_every_table_heading_and_term(out: Path) -> None:
    text = pdf_text(out / f"{FINAL}.pdf")
    for i in range(1, 10):
        assert f"公开0{i}表" in text
    flat = re.sub(r"\s+", "", text)
    for heading in PART3_HEADINGS:
        assert heading in flat, heading
    for part in ("第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分"):
        assert part in flat
    # 名词解释 of every 项 in the tables, in table order
    items = ["一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）",
             "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）",
             "卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）",
             "住房保障支出（类）住房改革支出（款）住房公积金（项）"]
    positions = [flat.index(item) for item in items]
    assert positions == sorted(positions)
    assert "指市（州）级财政一般公共预算当年拨付的资金" in flat
    # the unit's own 说明 (003's text) instead of the catalogue's for 2010399
    assert ("其他政府办公厅（室）及相关机构事务支出（项）：反映其他政府办公厅（室）及相关机构事务支出，用于党建、综治、文明创建、"
            "老干经费，州直政府采购及重点项目招标投标项目组织经费，政府采购及公共资源电子交易平台运维费。") in flat
    assert "单位：万元" in text and "本套报表金额单位转换时可能存在尾数误差" in flat


def test_final_pdf_layout(out: Path) -> None:
    reader = PdfReader(out / f"{FINAL}.pdf")
    assert reader.metadata.title == FINAL
    assert reader.metadata.author == UNIT
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t for t in outline if t.startswith("第")][:6] == [
        f"第一部分　{UNIT}概况", "第二部分　2023年度部门决算表", "第三部分　2023年度部门决算情况说明",
        "第四部分　其他需要说明的情况", "第五部分　名词解释", "第六部分　附件"]
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842), (842, 595)}  # portrait text, landscape tables
    text = pdf_text(out / f"{FINAL}.pdf")
    assert [int(n) for n in PAGE_NUMBER.findall(text)] == list(range(1, len(reader.pages) + 1))


def test_chart_labels_are_text_in_the_pdf(out: Path, enshi) -> None:  # noqa: ANN001
    from reportgen.render import charts
    from reportgen.render.display import Display

    flat = re.sub(r"\s+", "", pdf_text(out / f"{FINAL}.pdf", "-raw"))
    display = Display(enshi.settings.style)
    found = [label for chart in enshi.report.final.charts for series in charts.labels(chart, display) for label in series]
    assert any("%" in label for label in found)  # a pie's “name amount万元 share”
    for label in found:
        assert re.sub(r"\s+", "", label) in flat, label


@pytest.mark.parametrize("name", [FINAL, PERF])
def test_every_font_embedded_and_subset(out: Path, name: str) -> None:
    listing = subprocess.run(["pdffonts", str(out / f"{name}.pdf")], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row


def test_performance_pdf_scores(out: Path) -> None:
    flat = re.sub(r"\s+", "", pdf_text(out / f"{PERF}.pdf"))
    assert "部门整体支出综合评分为98.79分" in flat
    for score in ("95.08", "99.96", "99.85", "17.88", "19.79"):
        assert score in flat
    assert "☑" in flat and "☐" in flat
    assert "填报日期" in flat
    # each 附件 is headed as in 003: 《…整体绩效自评结果》, then its 《…自评表》
    docx_flat = re.sub(r"\s+", "", docx_text(out / f"{PERF}.docx"))
    for text in (flat, docx_flat):
        assert "2023年度恩施州公共资源交易中心整体绩效自评结果" in text
        assert "2023年度招商引资项目绩效自评结果" in text
        assert "项目绩效结果" not in text


def without_charts(text: str, prepared) -> str:  # noqa: ANN001
    """A 决算 PDF's text (-raw) without its charts' labels and ticks (text in the PDF's SVG,
    pixels in the DOCX's PNG): each chart's texts, in their order, taken out as one run."""
    from reportgen.render import charts
    from reportgen.render.display import Display

    display = Display(prepared.settings.style)
    for chart in prepared.report.final.charts:
        labels = re.findall(r"<text\b[^>]*>([^<]*)</text>", charts.svg(chart, charts.labels(chart, display)))
        run = r"\s+".join(r"\s*".join(map(re.escape, label.split())) for label in labels)
        text, found = re.subn(rf"(?<!\S){run}(?!\S)", " ", text)
        assert found == 1, labels
    return text


@pytest.mark.parametrize("name", [FINAL, PERF])
def test_pdf_and_docx_carry_the_same_numbers(out: Path, name: str, enshi) -> None:  # noqa: ANN001
    raw = pdf_text(out / f"{name}.pdf", "-raw")
    pdf_numbers = numbers(without_charts(raw, enshi) if name == FINAL else raw)
    docx_numbers = numbers(docx_text(out / f"{name}.docx"))
    assert pdf_numbers - docx_numbers == set()
    assert docx_numbers - pdf_numbers == set()
    assert "541.04" in docx_numbers


@pytest.mark.parametrize("name", [FINAL, PERF])
def test_pdf_and_docx_carry_the_same_paragraphs(out: Path, name: str, enshi) -> None:  # noqa: ANN001
    raw = pdf_text(out / f"{name}.pdf", "-raw")
    pdf_flat = re.sub(r"\s+", "", PAGE_NUMBER.sub("", without_charts(raw, enshi) if name == FINAL else raw))
    paragraphs = [re.sub(r"\s+", "", part) for line in docx_text(out / f"{name}.docx").splitlines()
                  for part in line.split("\t")]  # tab-separated parts are laid out apart
    missing = [p for p in paragraphs if len(p) > 20 and p not in pdf_flat]
    assert missing == []


def test_docx_structure(out: Path) -> None:
    doc = Document(str(out / f"{FINAL}.docx"))
    assert (doc.core_properties.title, doc.core_properties.author) == (FINAL, UNIT)
    text = docx_text(out / f"{FINAL}.docx")
    for i in range(1, 10):
        assert f"公开0{i}表" in text
    assert "{{" not in text and "{%" not in text
    orientations = [s.orientation for s in doc.sections]
    assert 1 in orientations and 0 in orientations  # a landscape section for the tables
    header_rows = doc.element.body.findall(".//" + "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
    assert len(header_rows) >= 9
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    xml = doc.sections[0].footer._element.xml
    assert "PAGE" in xml and "— " in xml
    assert len(doc.inline_shapes) == 3  # 图1, 图3, 图4; 图2 (收入 100 % 财政拨款) is a sentence


def test_the_whole_scorecard_explains_its_two_bases(out: Path) -> None:
    """The 部门整体 自评表 prints 基本/项目支出总额 (all spending, 公开03) beside an 执行数 of
    财政资金 only: its 备注 says so, as 003's does; the project forms have no such row."""
    basis = "部门整体支出总额=基本支出总额+项目支出总额，包括本部门各项资金的全部支出。"
    assert re.sub(r"\s+", "", pdf_text(out / f"{PERF}.pdf")).count(basis) == 1
    assert docx_text(out / f"{PERF}.docx").count(basis) == 1


def test_docx_wide_tables_span_the_landscape_page(out: Path) -> None:
    """The 公开 tables of the landscape sections are as wide as the text there: the page turned
    (297 mm) less its narrow margins (15 mm each side), not less the portrait top and bottom."""
    from docx.oxml.ns import qn

    doc = Document(str(out / f"{FINAL}.docx"))
    text_width = (297 - 30) * 1440 / 25.4
    widths = [sum(int(c.get(qn("w:w"))) for c in t._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
              for t in doc.tables if len(t.columns) >= 6]  # the 公开 tables (the meta lines have 3 columns)
    assert widths and all(abs(w - text_width) < 20 for w in widths), (widths, text_width)


def test_docx_small_table_keeps_its_title(out: Path) -> None:
    """The 绩效 report's 三公 table is kept on one page with its title and 单位 line: each of
    them and every row but the last keeps with the next, the keepNext after the paragraph's
    style, where Word's schema puts it."""
    doc = Document(str(out / f"{PERF}.docx"))
    paragraphs = doc.paragraphs
    title = next(i for i, p in enumerate(paragraphs) if p.text.endswith("“三公”经费使用情况表"))
    for p in paragraphs[title:title + 2]:
        assert p.paragraph_format.keep_with_next, p.text
        names = [child.tag.split("}")[1] for child in p._p.pPr]
        assert names.index("pStyle") < names.index("keepNext"), names
    table = next(t for t in doc.tables if t.cell(0, 0).text.strip() == "项目" and "公务接待" in "".join(c.text for c in t.columns[0].cells))
    keeps = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
    assert all(keeps[:-1]) and not keeps[-1]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_converts_every_docx(out: Path, tmp_path: Path) -> None:
    docs = sorted(out.glob("*.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, docs)], capture_output=True, check=True, timeout=180)
    for d in docs:
        converted = tmp_path / f"{d.stem}.pdf"
        assert converted.exists(), d.name
        assert len(PdfReader(converted).pages) > 5
        assert "541.04" in pdf_text(converted) or "98.79" in pdf_text(converted)


def _boxes(box, column_end=None):  # noqa: ANN001, ANN202
    """Every box under `box`, with the right edge of the table column(s) it is in (or None)."""
    yield box, column_end
    if type(box).__name__ == "TableBox":
        table = box
        for group in box.children:
            for row in getattr(group, "children", ()):
                for cell in getattr(row, "children", ()):
                    last = cell.grid_x + cell.colspan - 1
                    yield from _boxes(cell, table.column_positions[last] + table.column_widths[last])
        return
    for child in getattr(box, "children", ()):
        yield from _boxes(child, column_end)


def test_no_table_wider_than_its_page_even_with_long_texts(tmp_path: Path) -> None:
    """Long unit names and reasons without any break opportunity still fit the page, and every
    cell's text its cell."""
    from weasyprint import HTML

    from reportgen.pipeline import prepare
    from reportgen.render import pdf
    from reportgen.render.compose import compose

    from .conftest import edit

    ws = copy_workspace(ENSHI, tmp_path / "ws")
    edit(ws / "data/2023/单位.yaml", "名称: 恩施土家族苗族自治州公共资源交易中心", "名称: " + "恩施土家族苗族自治州公共资源交易中心" * 3)
    edit(ws / "data/2023/决算.yaml", "差异原因: 2023年5月正式在编在岗人员增加1人，故人员经费增加。",
         "差异原因: " + "ABCDEFGHIJ0123456789" * 15)
    prepared = prepare(ws, 2023)
    assert prepared.ok, [p.format() for p in prepared.problems]
    for kind in ("决算", "绩效"):
        html = pdf.render_html(compose(prepared.report, kind, prepared.profile, prepared.settings), prepared.profile, ws, prepared.settings)
        assert_fits(HTML(string=html).render(), kind)


def assert_fits(document, name: str) -> None:  # noqa: ANN001
    """No table, cell, paragraph or image wider than its page; no text out of its table column."""
    for number, page in enumerate(document.pages, 1):
        root = page._page_box
        right = root.margin_width() - root.margin_right
        for box, column_end in _boxes(root):
            if box.element_tag in ("table", "td", "p", "img"):
                assert box.position_x + box.margin_width() <= right + 1, (name, number, box.element_tag)
            if column_end is not None and type(box).__name__ == "TextBox":  # fixed widths: no text runs out of its column
                assert box.position_x + box.width <= column_end + 0.5, (name, number, box.text)
