"""The DOCX table writer: a grid's merged cells, widths, header rows and bold rows as Word
reads them (python-docx's own model of the written table)."""

from __future__ import annotations

from docx import Document
from docx.shared import Mm

from reportgen.render.compose import Cell, Grid
from reportgen.profile import WORD_TEMPLATE, builtin_profiles
from reportgen.render.docx import write_grid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_merged_cells_widths_and_rows(tmp_path) -> None:  # noqa: ANN001
    # 项目 spans two header rows; 金额 spans two columns; a body row has a 3-row 类 cell.
    grid = Grid("grid", (50, 25, 25),
                head=((Cell("项目", rowspan=2, header=True), Cell("金额", colspan=2, header=True)),
                      (Cell("预算", header=True), Cell("决算", header=True))),
                body=((Cell("合计", align="c"), Cell("10.00", align="r"), Cell(" 9.50", align="r")),
                      (Cell("一般\n公共", rowspan=2), Cell("6.00", align="r"), Cell("5.50", align="r")),
                      (Cell("4.00", align="r"), Cell("4.00", align="r"))),
                strong=frozenset({0}), joined=frozenset({2}))
    doc = Document(str(builtin_profiles()["湖北"] / WORD_TEMPLATE))
    tbl = write_grid(doc, grid, 160, Mm)
    path = tmp_path / "t.docx"
    doc.save(path)
    [table] = Document(str(path)).tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["项目", "金额", "金额"], ["项目", "预算", "决算"], ["合计", "10.00", " 9.50"],
        ["一般\n公共", "6.00", "5.50"], ["一般\n公共", "4.00", "4.00"]]
    assert [round(c.width.mm) for c in table.columns] == [80, 40, 40]
    assert round(table.rows[0].cells[1].width.mm) == 80  # the merged cell's width is its columns'
    rows = tbl.findall(f"{W}tr")
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows] == [True, True, False, False, False]
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    bold = [[run.find(f"{W}rPr/{W}b") is not None for run in r.iter(f"{W}r")] for r in rows]
    assert bold[2] == [True, True, True] and not any(bold[3] + bold[4])
    assert rows[3].find(f".//{W}keepNext") is not None  # the joined row stays with the one before
    assert rows[2].find(f".//{W}keepNext") is None
    styles = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in rows[2].iter(f"{W}p")]
    assert styles == ["表格居中", "表格数字", "表格数字"]
    assert table.rows[2].cells[2].paragraphs[0].runs[0].text == " 9.50"  # spaces kept


def test_two_tables_are_never_adjacent(tmp_path) -> None:  # noqa: ANN001
    """A scorecard's form, its indicators and the texts after them are three tables; with nothing
    between them Word and LibreOffice show one, whose indicator heads no longer repeat on the next
    page."""
    from reportgen.pipeline import prepare, printed
    from reportgen.render.docx import write_docx

    from .conftest import ROOT, copy_workspace

    ws = copy_workspace(ROOT, tmp_path / "ws")
    prepared = prepare(ws, 2024)
    _, composed = printed(prepared, ("绩效",))
    target = tmp_path / "绩效.docx"
    write_docx(composed["绩效"], prepared.profile, target, ws, prepared.settings)
    body = list(Document(str(target)).element.body)
    tables = [i for i, e in enumerate(body) if e.tag == f"{W}tbl"]
    assert len(tables) >= 12  # four scorecards: the form, the indicators, the texts after them
    assert not [i for i in tables if i + 1 in tables]
    # The texts after the indicators get no indicator heads when they continue on a new page.
    tail = next(body[i] for i in tables if "偏差大或目标未完成原因分析" in "".join(body[i].itertext()))
    assert tail.find(f".//{W}tblHeader") is None and "三级指标" not in "".join(tail.itertext())
