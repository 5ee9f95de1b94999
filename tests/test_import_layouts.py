"""`reportgen import` of the tables every built-in 决算 layout prints: 四川's fourteen 附表 (its own
numbering, the 经济分类 tables, the 政府性基金 “三公” table), 上海's nine (other titles and order, no
公开NN labels, 收入支出 tables with 结转 columns) and the national nine.

The workbook is made from the report itself: each table of the composed 决算 report becomes one
sheet as the 部门决算 software exports it (title, 部门/年度/表号/单位, header rows with merged
cells, the rows as printed, amounts as numbers). Importing it into a copy of the fixture whose
figures were removed must give back the same tables.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reportgen.load import round_trip_yaml
from reportgen.pipeline import prepare
from reportgen.render.compose import compose

try:  # tests/ as a package or as plain modules
    from .conftest import ROOT, copy_workspace, run
except ImportError:
    from conftest import ROOT, copy_workspace, run  # type: ignore[no-redef]

FIXTURES = ROOT / "tests" / "fixtures"

NUMBER = re.compile(r"-?[\d,]+(\.\d+)?")
THREE_TABLES = ("财政拨款三公经费支出决算表", "政府性基金预算财政拨款三公经费支出决算表")
CODE_TABLES = ("收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表", "政府性基金预算财政拨款收入支出决算表",
               "国有资本经营预算财政拨款支出决算表", "财政拨款支出决算明细表", "一般公共预算财政拨款项目支出决算表",
               "一般公共预算财政拨款基本支出决算明细表")
WHOLE_TABLES = ("收入支出决算总表", "财政拨款收入支出决算总表")


def export_workbook(ws: Path, year: int, path: Path) -> list[str]:
    """The 决算 report's tables as one sheet each; returns the titles written."""
    prepared = prepare(ws, year)
    assert prepared.ok, [p.format() for p in prepared.problems]
    composed = compose(prepared.report, "决算", prepared.profile, prepared.settings)
    book = openpyxl.Workbook()
    book.remove(book.active)
    title, meta, titles = None, (), []
    for b in composed.blocks:
        if b.kind == "h2" and b.style == "table":  # 一、收入支出决算总表 (上海 prints no other title)
            title = re.sub(r"^[一二三四五六七八九十]+、", "", b.text)
        elif b.kind == "p" and b.style == "table-title":
            title = b.text
        elif b.kind == "meta" or (b.kind == "p" and b.style == "unit"):
            meta = b.parts or (b.text,)
        elif b.kind == "table" and title is not None and b.grid is not None:
            sheet = book.create_sheet(f"表{len(titles) + 1}")
            sheet.append([title])
            sheet.append([line for part in meta for line in part.split("\n")])
            write_grid(sheet, b.grid)
            titles.append(title)
            title = None
    book.save(path)
    return titles


def write_grid(sheet, grid) -> None:  # noqa: ANN001
    """The grid's cells with their spans from row 3 on; amounts (right-aligned body cells) as numbers."""
    head = len(grid.head)
    for r, c, cell in grid.placed(sum(x.colspan for x in (grid.head or grid.body)[0])):
        value: object = cell.text or None
        if r >= head and cell.align == "r" and NUMBER.fullmatch(cell.text):
            value = float(cell.text.replace(",", ""))
        sheet.cell(r + 3, c + 1, value)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=r + 3, start_column=c + 1, end_row=r + 2 + cell.rowspan, end_column=c + cell.colspan)


def is_figure(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def strip_figures(ws: Path, year: int, sections: tuple[str, ...] = (*THREE_TABLES, *CODE_TABLES, *WHOLE_TABLES)) -> None:
    """Every figure an import writes removed from the year's data (of `sections`); texts, counts
    and comments kept."""
    yaml = round_trip_yaml()
    for path in sorted((ws / "data" / str(year)).glob("*.yaml")):
        doc = yaml.load(path.read_text("utf-8"))
        for section in [s for s in doc if s in sections]:
            node = doc[section]
            if section in WHOLE_TABLES:
                del doc[section]
                continue
            if section in THREE_TABLES:
                for block in ("全年预算数", "决算数"):
                    node.pop(block, None)
                continue
            for code in list(node):
                row = node[code]
                if isinstance(row, dict):
                    for key in [k for k in row if is_figure(row[k])]:
                        del row[key]
                if not isinstance(row, dict) or not row:
                    del node[code]
        buf = io.StringIO()
        yaml.dump(doc, buf)
        path.write_text(buf.getvalue(), "utf-8")


LAYOUTS = [
    ("sichuan", FIXTURES / "sichuan", 2024, 14),
    ("shanghai", FIXTURES / "shanghai", 2024, 9),
    ("demo", ROOT, 2024, 9),
]


@pytest.mark.parametrize("name,source,year,tables", LAYOUTS, ids=[x[0] for x in LAYOUTS])
def test_import_gives_back_every_table_of_the_layout(tmp_path: Path, name: str, source: Path, year: int,
                                                      tables: int) -> None:
    ws = copy_workspace(source, tmp_path / "ws")
    expected = prepare(ws, year).report.final.tables
    book = tmp_path / "决算公开表.xlsx"
    assert len(export_workbook(ws, year, book)) == tables
    strip_figures(ws, year)
    stripped = prepare(ws, year)
    assert not stripped.ok or stripped.report.final.tables != expected

    result = run("import", str(year), str(book), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    # 四川: 附表七 is computed from others, 附表十四 is 附表十三 without its 结转 columns
    assert result.output.count("· 已读取") == tables - (2 if name == "sichuan" else 0)

    after = prepare(ws, year)
    assert after.ok, [p.format() for p in after.problems]
    assert after.report.final.tables == expected


def test_sichuan_numbering_and_computed_table(tmp_path: Path) -> None:
    """四川's 公开05表 is its 财政拨款支出决算明细表 (not the national 公开05); a sheet known only by
    that label is read as the workspace's profile numbers it; the computed 支出决算明细表 is named
    and skipped."""
    ws = copy_workspace(FIXTURES / "sichuan", tmp_path / "ws")
    expected = prepare(ws, 2024).report.final.tables
    book_path = tmp_path / "四川.xlsx"
    export_workbook(ws, 2024, book_path)
    book = openpyxl.load_workbook(book_path)
    detail = book["表5"]
    assert detail["A1"].value == "财政拨款支出决算明细表"
    detail["A1"] = None  # known by its label only
    book.save(book_path)
    strip_figures(ws, 2024)
    result = run("import", "2024", str(book_path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "· 已读取 财政拨款支出决算明细表（工作表「表5」，单位：万元）" in result.output
    assert "工作表「表7」是「一般公共预算财政拨款支出决算明细表」，由基本支出决算明细表和项目支出决算表计算得出，不需导入" in result.stderr
    after = prepare(ws, 2024)
    assert after.report.final.tables["财政拨款支出决算明细表"] == expected["财政拨款支出决算明细表"]


def test_unknown_economic_code_is_refused_by_row(tmp_path: Path) -> None:
    """The 经济分类 tables cannot carry a 名称: a code the catalogue lacks is reported, not written."""
    ws = copy_workspace(FIXTURES / "sichuan", tmp_path / "ws")
    book_path = tmp_path / "四川.xlsx"
    export_workbook(ws, 2024, book_path)
    book = openpyxl.load_workbook(book_path)
    sheet = book["表9"]
    sheet.append(["30298", "自编的款", 1.0])
    sheet.append(["3029", "打错的代码", 1.0])
    book.save(book_path)
    result = run("import", "2024", str(book_path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    row = sheet.max_row
    assert f"表9!A{row - 1}: 科目代码 30298 不在内置科目表中，该行未导入（本表不能填写名称）" in result.stderr
    assert f"表9!A{row}: 「3029」不是 3 或 5 位经济分类科目代码，该行未导入。" in result.stderr
    assert "30298" not in (ws / "data" / "2024" / "决算.yaml").read_text("utf-8")


def test_sheet_in_hundreds_of_yuan(tmp_path: Path) -> None:
    """单位：百元 is read (the 四川 自评表's unit); into a 万元 file it is converted exactly, and a
    file kept in 元 refuses it (百元 figures are rounded to the 百元)."""
    ws = copy_workspace(FIXTURES / "sichuan", tmp_path / "ws")
    book_path = tmp_path / "四川.xlsx"
    export_workbook(ws, 2024, book_path)
    book = openpyxl.load_workbook(book_path)
    sheet = book["表9"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "单位：万元":
                cell.value = "单位：百元"
            elif isinstance(cell.value, (int, float)):  # a whole number reads back as int
                cell.value = round(cell.value * 100 + 0.01, 2)
    book.save(book_path)
    for other in [s for s in book.sheetnames if s != "表9"]:
        del book[other]
    book.save(book_path)
    result = run("import", "2024", str(book_path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    text = (ws / "data" / "2024" / "决算.yaml").read_text("utf-8")
    section = text[text.index("一般公共预算财政拨款项目支出决算表:"):]
    assert re.search(r'"\d{5}": \d+\.\d*0001\b', section), section[:400]

    path = ws / "data" / "2024" / "决算.yaml"
    path.write_text(text.replace("金额单位: 万元", "金额单位: 元") if "金额单位: 万元" in text
                    else "金额单位: 元\n" + text, "utf-8")
    result = run("import", "2024", str(book_path), "-w", str(ws))
    assert result.exit_code == 2
    assert "所在文件以元为单位（金额单位: 元），而表格以百元为单位，百元数不能精确折算为元" in result.stderr


@pytest.mark.parametrize("level_row", [["类", "款", "项"], ["类", "款", "项", "栏次", 1, 2, 3]], ids=["levels", "levels-and-column-numbers"])
def test_codes_printed_in_parts_under_lei_kuan_xiang(tmp_path: Path, level_row: list) -> None:
    """Layouts that print the 科目编码 as 类 | 款 | 项 columns, each row only its own part (a 款 row
    its 款, typed as the number 3 for 03): the codes are joined again from the rows above. The
    决算 software prints 类 | 款 | 项 on the 栏次 row itself (栏次 under 科目名称, 1 2 3 under the
    amounts): that row is a header row too, else every 项 would be read as its 类."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    expected = prepare(ws, 2024).report.final.tables["支出决算表"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "支出"
    sheet.append(["支出决算表"])
    sheet.append(["部门：青岚县公共资源交易中心", None, None, None, "2024年度", None, "公开03表"])
    sheet.append(["单位：万元"])
    sheet.append(["科目编码", None, None, "科目名称", "本年支出合计", "基本支出", "项目支出"])
    sheet.merge_cells("A4:C4")
    sheet.append(level_row)
    for row in expected.rows:
        c = row.cells
        level = row.level
        parts = [c["类"] if level == 1 else None, int(c["款"]) if level == 2 else None, int(c["项"]) if level == 3 else None]
        if level == 0:
            parts = ["合计", None, None]
        sheet.append([*parts, c["科目名称"] if level else None,
                      *(float(c[k]) if c[k] is not None else None for k in ("本年支出合计", "基本支出", "项目支出"))])
    path = tmp_path / "split.xlsx"
    book.save(path)
    strip_figures(ws, 2024, ("支出决算表",))

    result = run("import", "2024", str(path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "未导入" not in result.stderr, result.stderr
    after = prepare(ws, 2024)
    assert after.ok, [p.format() for p in after.problems]
    assert after.report.final.tables["支出决算表"] == expected
