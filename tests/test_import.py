"""`reportgen import`: the 公开01–09 tables of an Excel export back into the 恩施 YAML.

The sample workbooks (tests/fixtures/excel/, made by make_workbooks.py) print the fixture's
figures as reference 003 does; importing them into a copy of the fixture whose 决算 figures
were removed must give back exactly the same report.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from reportgen.load import round_trip_yaml
from reportgen import catalogue
from reportgen.pipeline import prepare

try:  # tests/ as a package or as plain modules
    from .conftest import ENSHI, copy_workspace, run
except ImportError:
    from conftest import ENSHI, copy_workspace, run  # type: ignore[no-redef]

EXCEL = Path(__file__).resolve().parent / "fixtures" / "excel"
BUDGET = Path("data/2023/决算.yaml")
#: Sections of 决算.yaml that hold nothing but 决算 figures.
FIGURE_SECTIONS = ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                   "一般公共预算财政拨款基本支出决算明细表")


def stripped_workspace(tmp_path: Path, strip_budget: bool) -> Path:
    """A copy of the 恩施 workspace without its 决算 figures; 差异原因 and comments stay
    (and 年初预算 too, unless `strip_budget`: only the merged samples print 年初预算数)."""
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    path = ws / BUDGET
    yaml = round_trip_yaml()
    doc = yaml.load(path.read_text("utf-8"))
    for section in FIGURE_SECTIONS:
        del doc[section]
    general = doc["一般公共预算财政拨款支出决算表"]
    del general["合计"]
    for row in general.values():
        for key in ("基本支出", "项目支出", *(("年初预算",) if strip_budget else ())):
            row.pop(key, None)
    del doc["财政拨款三公经费支出决算表"]["全年预算数"]
    del doc["财政拨款三公经费支出决算表"]["决算数"]
    buf = io.StringIO()
    yaml.dump(doc, buf)
    path.write_text(buf.getvalue(), "utf-8")
    return ws


def data_bytes(ws: Path) -> dict[str, bytes]:
    return {str(p.relative_to(ws)): p.read_bytes() for p in sorted((ws / "data").rglob("*")) if p.is_file()}


SAMPLES = [("enshi-2023.xlsx", False), ("enshi-2023-merged.xlsx", True), ("enshi-2023.xls", True)]


@pytest.mark.parametrize("name,strip_budget", SAMPLES)
def test_import_reproduces_the_fixture(tmp_path: Path, enshi, name: str, strip_budget: bool) -> None:  # noqa: ANN001
    ws = stripped_workspace(tmp_path, strip_budget)
    before = prepare(ws, 2023)
    assert not before.ok or before.report.final.tables != enshi.report.final.tables
    others = {k: v for k, v in data_bytes(ws).items() if not k.endswith("决算.yaml")}

    result = run("import", "2023", str(EXCEL / name), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output

    after = prepare(ws, 2023)
    assert after.ok, [p.format() for p in after.problems]
    assert after.report.final.tables == enshi.report.final.tables
    assert after.report.summary == enshi.report.summary
    assert after.report.final == enshi.report.final  # narrative too: 年初预算 and 差异原因 kept or restored
    text = (ws / BUDGET).read_text("utf-8")
    assert text.startswith("# 恩施州公共资源交易中心 2023 年度决算数（参考报告 003 公开01–09表）。\n金额单位: 万元\n")
    assert "# 003 未附 2022 年度数据；以下上年数由 003 第三部分的变动额倒推" in text
    assert "差异原因: 2023年5月正式在编在岗人员增加1人，故人员经费增加。" in text
    assert "其他用车说明: 其他用车主要是政府采购及工程招投标项目等业务用车。" in text
    assert {k: v for k, v in data_bytes(ws).items() if not k.endswith("决算.yaml")} == others
    # 类/款 rows equal to the sum of their 项 are not written; the 尾差 ones are, and reported
    assert '"201"' not in text and '"20103"' not in text
    assert '"301": 339.04' in text
    assert "尾数" in result.output or "四舍五入" in result.output

    again = run("import", "2023", str(EXCEL / name), "-w", str(ws))
    assert again.exit_code == 0, again.output
    assert (ws / BUDGET).read_text("utf-8") == text
    assert "没有修改任何文件" in again.output


@pytest.mark.parametrize("name", ["enshi-2023-merged.xlsx", "enshi-2023.xls"])
def test_import_then_build(tmp_path: Path, name: str) -> None:
    ws = stripped_workspace(tmp_path, strip_budget=True)
    assert run("import", "2023", str(EXCEL / name), "-w", str(ws)).exit_code == 0
    result = run("build", "2023", "-w", str(ws), "--only", "决算", "--format", "pdf", "-q")
    assert result.exit_code == 0, result.output
    assert list((ws / "output" / "2023").glob("*部门决算公开.pdf"))


def test_import_into_an_empty_year_creates_the_file(tmp_path: Path, enshi) -> None:  # noqa: ANN001
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / BUDGET).unlink()
    result = run("import", "2023", str(EXCEL / "enshi-2023.xlsx"), "-w", str(ws))
    assert result.exit_code == 0, result.output
    text = (ws / BUDGET).read_text("utf-8")
    assert text.startswith("# 由 reportgen import 从 enshi-2023.xlsx 导入")
    assert '"2010350": {财政拨款收入: 309.78}' in text


@pytest.mark.parametrize("content,message", [
    ("truncated", "Excel 文件已损坏或不完整"),
    ("text", "不是 Excel 文件"),
])
def test_damaged_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    ws = stripped_workspace(tmp_path, strip_budget=False)
    bad = tmp_path / "bad.xlsx"
    if content == "truncated":
        data = (EXCEL / "enshi-2023.xlsx").read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    else:
        bad.write_text("科目代码,科目名称,决算数\n2010350,事业运行,309.78\n", "utf-8")
    before = data_bytes(ws)
    result = run("import", "2023", str(bad), "-w", str(ws))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "没有写入任何文件" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert data_bytes(ws) == before


def test_unplaced_rows_and_sheets_are_reported(tmp_path: Path) -> None:
    ws = stripped_workspace(tmp_path, strip_budget=False)
    unknown = next(c for c in ("2010397", "2010396", "2010395") if c not in catalogue.functional())
    book = openpyxl.load_workbook(EXCEL / "enshi-2023.xlsx")
    sheet = book["支出决算表"]
    bad_row = sheet.max_row + 1
    sheet.append(["2O10350", "事业运行（代码打错）", 1.0, 1.0])
    sheet.append([unknown, "新增的科目", 2.0, None, 2.0])
    book.create_sheet("填表说明").append(["本工作簿由部门决算软件导出。"])
    path = tmp_path / "extra.xlsx"
    book.save(path)

    result = run("import", "2023", str(path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert f"extra.xlsx:支出决算表!A{bad_row}: 「2O10350」不是 3、5 或 7 位科目代码，该行未导入。" in result.stderr
    assert f"支出决算表!A{bad_row + 1}: 科目代码 {unknown} 不在内置科目表中，已连同名称「新增的科目」导入" in result.stderr
    assert "工作表「填表说明」不是可导入的决算表" in result.stderr
    text = (ws / BUDGET).read_text("utf-8")
    assert f'"{unknown}": {{名称: 新增的科目, 项目支出: 2}}' in text


def test_a_total_that_differs_from_its_rows_is_named_at_its_cell(tmp_path: Path) -> None:
    ws = stripped_workspace(tmp_path, strip_budget=False)
    book = openpyxl.load_workbook(EXCEL / "enshi-2023.xlsx")
    book["支出决算表"]["D8"] = 373.93  # 合计 基本支出, 1 万元 more than its rows (372.93)
    path = tmp_path / "total.xlsx"
    book.save(path)
    result = run("import", "2023", str(path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert ("total.xlsx:支出决算表!D8: 「合计」的「基本支出」为 373.93 万元，下级各行之和为 372.93 万元，相差 1 万元，"
            "超出尾数误差允许范围") in result.stderr, result.stderr


def test_file_in_yuan_refuses_wan_sheets(tmp_path: Path) -> None:
    ws = stripped_workspace(tmp_path, strip_budget=False)
    path = ws / BUDGET
    path.write_text(path.read_text("utf-8").replace("金额单位: 万元", "金额单位: 元"), "utf-8")
    before = data_bytes(ws)
    result = run("import", "2023", str(EXCEL / "enshi-2023.xlsx"), "-w", str(ws))
    assert result.exit_code == 2
    assert "以元为单位" in result.stderr
    assert data_bytes(ws) == before


def test_sheet_in_yuan_is_converted_exactly(tmp_path: Path, enshi) -> None:  # noqa: ANN001
    """A sheet printed in 元 gives exact 万元 figures (up to 6 decimals)."""
    ws = stripped_workspace(tmp_path, strip_budget=False)
    book = openpyxl.load_workbook(EXCEL / "enshi-2023.xlsx")
    sheet = book["支出决算表"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "单位：万元":
                cell.value = "单位：元"
            elif isinstance(cell.value, float) and cell.row > 7:
                cell.value = round(cell.value * 10000 + (12.34 if cell.value == 309.78 else 0), 2)
    path = tmp_path / "yuan.xlsx"
    book.save(path)
    result = run("import", "2023", str(path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    text = (ws / BUDGET).read_text("utf-8")
    assert '"2010350": {基本支出: 309.781234}' in text
