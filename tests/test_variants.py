"""The 决算 report of a 公益二类事业单位 (fixture tests/fixtures/variant, 2024), which the 恩施 and demo
datasets (行政-like units living on 财政拨款) do not cover: income in five 公开02 columns
(财政拨款, 上级补助, 事业, 经营, 其他), 基本/项目/经营支出 in 公开03, 13 项 under 6 类 (one 项
not in the built-in catalogue, named in the data), 政府性基金 spending (公开07) but no
国有资本经营预算 (公开08 empty), a 结余分配, the 上年 figures typed in the data instead of a
data/2023 folder, and no 绩效 section (only the 决算 report is built)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.pipeline import prepare

from .conftest import ROOT, copy_workspace, edit, run
from .test_render import PAGE_NUMBER, assert_fits, docx_text, numbers, pdf_text, without_charts

VARIANT = ROOT / "tests" / "fixtures" / "variant"
UNIT = "青川市公共资源交易服务中心"
FINAL = f"{UNIT}2024年度部门决算公开"
FORMATS = ["pdf", "docx"]

GPS, OFFICE, TRAINING = "一般公共服务支出", "政府办公厅（室）及相关机构事务", ("教育支出", "进修及培训")
PENSION, MEDICAL, LAND, HOUSING = (("社会保障和就业支出", "行政事业单位养老支出"), ("卫生健康支出", "行政事业单位医疗"),
                                   ("城乡社区支出", "国有土地使用权出让收入安排的支出"), ("住房保障支出", "住房改革支出"))
CUSTOM = "公共资源交易平台运行维护"  # 2010310, not in the catalogue
ITEMS = [  # (类, 款, 项) of every 项 used, in code (= table) order
    (GPS, OFFICE, CUSTOM), (GPS, OFFICE, "事业运行"), (GPS, OFFICE, "其他政府办公厅（室）及相关机构事务支出"),
    (*TRAINING, "培训支出"),
    (*PENSION, "事业单位离退休"), (*PENSION, "机关事业单位基本养老保险缴费支出"), (*PENSION, "机关事业单位职业年金缴费支出"),
    (*MEDICAL, "事业单位医疗"), (*MEDICAL, "其他行政事业单位医疗支出"),
    (*LAND, "土地出让业务支出"), (*LAND, "其他国有土地使用权出让收入安排的支出"),
    (*HOUSING, "住房公积金"), (*HOUSING, "购房补贴"),
]
# Amounts print with up to 2 decimals and no trailing zeros (金额小数位 2, 金额补零 false): 230.00 -> 230.
# Changes against the 上年 block, computed by hand (变动率 with 0 decimals):
CHANGES = [
    "收、支总计各减少76.95万元，下降4%",  # 1834.05 vs 1911.00: -76.95, -4.03 %
    "收入合计增加154.4万元，增长10%",  # 1775.25 vs 1620.85: +154.40, +9.53 %
    "支出合计减少116.88万元，下降6%",  # 1728.82 vs 1845.70: -116.88, -6.33 %
    "财政拨款收、支总计各增加82.65万元，增长6%",  # 1472.90 vs 1390.25: +82.65, +5.95 %
    "一般公共预算财政拨款收入1372.9万元，比2023年度决算数增加54.3万元，增长4%",  # vs 1318.60: +4.12 %
    "政府性基金预算财政拨款收入81.2万元，比2023年度决算数增加22.8万元，增长39%",  # vs 58.40: +39.04 %
    "一般公共预算财政拨款支出减少36.55万元，下降3%",  # 1366.15 vs 1402.70: -2.61 %
    "较上年减少0.61万元，下降13%",  # 三公 4.26 vs 3.85 + 1.02: -12.53 %
]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_workspace(VARIANT, tmp_path_factory.mktemp("variant") / "ws")
    result = run("build", "2024", "-w", str(ws))
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture(scope="module")
def texts(ws: Path) -> dict[str, str]:
    out = ws / "output" / "2024"
    return {"pdf": pdf_text(out / f"{FINAL}.pdf"), "docx": docx_text(out / f"{FINAL}.docx")}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", PAGE_NUMBER.sub("", text))


def spaced(text: str) -> str:
    """Table cells (and layout columns) joined by one space; empty cells vanish."""
    return re.sub(r"\s+", " ", text)


def test_check_passes_without_warnings(ws: Path) -> None:
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "检查通过：0 个提醒" in result.output


def test_only_the_final_report_is_built(ws: Path, texts: dict[str, str]) -> None:
    written = sorted(p.name for p in (ws / "output" / "2024").iterdir() if not p.name.startswith("."))
    assert written == [f"{FINAL}.docx", f"{FINAL}.pdf"]
    for text in texts.values():
        assert "第六部分附件无。" in flat(text)
        # no 绩效 section: 十三 says what the clerk wrote, not «无纳入绩效自评的项目支出»
        assert "（一）预算绩效管理工作开展情况。本中心2024年度对电子交易平台运行维护等项目编制了绩效目标" in flat(text)
        assert "无纳入绩效自评" not in flat(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_income_and_expense_columns(texts: dict[str, str], fmt: str) -> None:
    text = texts[fmt]
    income = spaced(text[text.index("公开02表"):text.index("公开03表")])
    assert "上级补助收入 事业收入 经营收入" in income
    assert "合计 1775.25 1454.1 12 230 72.8 6.35" in income  # 附属单位上缴收入 empty
    assert "2010350 事业运行 801.63 612.48 110 72.8 6.35" in income
    expense = spaced(text[text.index("公开03表"):text.index("公开04表")])
    assert "合计 1728.82 1007.82 657.55 63.45" in expense
    assert "经营支出63.45万元，占本年支出的4%" in flat(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_items_funds_and_changes(texts: dict[str, str], fmt: str) -> None:
    text = flat(texts[fmt])
    for _, _, item in ITEMS:
        assert item in text, item
    assert f"说明：{UNIT}本年度无国有资本经营预算财政拨款支出，故本表无数据。" in text
    assert "无政府性基金预算财政拨款收入支出" not in text  # 公开07 has data
    fund = spaced(texts[fmt][texts[fmt].index("公开07表"):texts[fmt].index("公开08表")])
    assert "2120806 土地出让业务支出 3.2 56.4 57.1 57.1 2.5" in fund  # 年初, 收入, 小计, 项目支出, 年末
    for sentence in CHANGES:
        assert sentence in text, sentence


@pytest.mark.parametrize("fmt", FORMATS)
def test_terms_explain_every_item_in_table_order(texts: dict[str, str], fmt: str) -> None:
    text = flat(texts[fmt])
    part5 = text[text.index("第五部分名词解释"):text.index("第六部分附件")]
    positions = [part5.index(f"{lei}（类）{kuan}（款）{item}（项）：") for lei, kuan, item in ITEMS]
    assert positions == sorted(positions)
    assert part5.count("（项）：") == len(ITEMS)
    assert f"{CUSTOM}（项）：反映公共资源电子交易平台运行维护、等级保护测评和数据安全方面的支出。" in part5  # its 说明
    assert "培训支出（项）：反映各部门安排的培训支出。" in part5


def test_pdf_and_docx_carry_the_same_numbers(ws: Path, texts: dict[str, str]) -> None:
    raw = pdf_text(ws / "output" / "2024" / f"{FINAL}.pdf", "-raw")
    pdf_numbers, docx_numbers = numbers(without_charts(raw, prepare(ws, 2024))), numbers(texts["docx"])
    assert pdf_numbers - docx_numbers == set()
    assert docx_numbers - pdf_numbers == set()
    assert {"1834.05", "63.45", "72.8"} <= docx_numbers


@pytest.mark.parametrize("fmt", FORMATS)
def test_unchanged_item_is_worded_once(texts: dict[str, str], fmt: str) -> None:
    text = flat(texts[fmt])  # 因公出国（境）费: 0 this year and last
    assert "因公出国（境）费全年预算为0万元，支出决算为0万元；较上年持平。" in text
    assert "与上年持平" not in text


def test_wide_tables_fit_their_columns_and_pages(ws: Path) -> None:
    from weasyprint import HTML

    from reportgen.pipeline import prepare
    from reportgen.render import pdf
    from reportgen.render.compose import compose

    prepared = prepare(ws, 2024)
    assert prepared.ok
    html = pdf.render_html(compose(prepared.report, "决算", prepared.profile, prepared.settings), prepared.profile, ws, prepared.settings)
    assert_fits(HTML(string=html).render(), "决算")


def test_an_item_without_explanation_is_pointed_at(tmp_path: Path) -> None:
    """A 项 the catalogue lacks, with no 说明 in any table: a 提醒 at its first row; the report
    still builds, with a placeholder explanation."""
    ws = copy_workspace(VARIANT, tmp_path / "ws")
    edit(ws / "data" / "2024" / "决算.yaml", "    说明: 反映公共资源电子交易平台运行维护、等级保护测评和数据安全方面的支出。\n", "")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert ("提醒 data/2024/决算.yaml:37:3: 待填写：项级科目 2010310 公共资源交易平台运行维护的名词解释（内置科目表中没有它）。"
            "请在「支出决算表」「2010310」中填写「说明」") in result.output
    assert run("check", "2024", "-w", str(ws), "--strict").exit_code != 0



def test_project_spending_without_self_evaluation_asks_for_a_statement(tmp_path: Path) -> None:
    ws = copy_workspace(VARIANT, tmp_path / "ws")
    path = ws / "data" / "2024" / "说明.yaml"
    path.write_text("".join(line for line in path.read_text("utf-8").splitlines(keepends=True)
                            if "预算绩效管理工作开展情况" not in line), "utf-8")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "待填写：预算绩效管理工作开展情况（有项目支出，但没有「绩效」部分的项目自评）" in result.output


def test_asking_for_the_missing_report_says_why(tmp_path: Path) -> None:
    ws = copy_workspace(VARIANT, tmp_path / "ws")
    result = run("build", "2024", "-w", str(ws), "--only", "绩效")
    assert result.exit_code == 0, result.output
    assert "数据中没有「绩效」部分，未生成部门整体支出绩效自评报告。" in result.output
    assert not (ws / "output" / "2024").exists() or not any((ws / "output" / "2024").glob("*.pdf"))


def test_libreoffice_opens_the_docx(ws: Path, tmp_path: Path) -> None:
    """Word's view of the many-column tables: LibreOffice converts the DOCX, figures intact."""
    import subprocess

    docx = ws / "output" / "2024" / f"{FINAL}.docx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], capture_output=True, check=True, timeout=180)
    text = spaced(pdf_text(tmp_path / f"{FINAL}.pdf"))
    assert "合计 1775.25 1454.1 12 230 72.8 6.35" in text
