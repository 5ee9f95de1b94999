"""Every key of a 科目 table row is used or rejected, and the checks a clerk needs: typed
totals (公开05 年初预算, 政府采购 合计), the 绩效 projects against 公开05's 项目支出, 执行率
over 100 %, indicators whose 实际值 names the figure it reports (数据来源), 公开06's 公务接待费
and 公务用车运行维护费 within the “三公” 决算数, tables still blank, and 年初结转和结余 against
last year's 年末. Each check is shown failing on a broken copy of the demo (or of a fixture),
with its Chinese message and file:line; a sum typed nowhere is located at its block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.pipeline import prepare

from .conftest import ENSHI, ROOT, copy_workspace, edit, run, worded

BUDGET = "data/2024/决算.yaml"
PERF = "data/2024/绩效.yaml"
UNIT = "data/2024/单位.yaml"


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return copy_workspace(ROOT, tmp_path / "demo")


def line_of(path: Path, text: str, after: str = "") -> int:
    """The 1-based line holding `text` (the first after the line holding `after`)."""
    lines = path.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def check(ws: Path, code: int, year: str = "2024"):  # noqa: ANN201
    result = run("check", year, "-w", str(ws))
    assert result.exit_code == code, result.output
    return result


# ------------------------------------------------------------------ B: every key used or rejected

TOTAL_ROW = "    年初预算: 408.14\n"


@pytest.mark.parametrize("added,key,row,allowed", [
    ("    名称: 总计\n", "名称", "合计", "类级科目行、款级科目行、项级科目行"),
    ("    说明: 反映合计。\n", "说明", "合计", "项级科目行"),
    ("    主要用于: 各项支出。\n", "主要用于", "合计", "类级科目行、末级科目行（其下没有下级科目的行）"),
])
def test_keys_without_effect_on_the_total_row_are_errors(ws: Path, added: str, key: str, row: str, allowed: str) -> None:
    edit(ws / BUDGET, TOTAL_ROW, TOTAL_ROW + added)
    line = line_of(ws / BUDGET, added.strip())
    err = check(ws, 2).stderr
    assert (f"决算.yaml:{line}:5: 「一般公共预算财政拨款支出决算表」的「{row}」行写了「{key}」，它在这一行不起作用"
            f"（只用于{allowed}）。请删去它，或移到它起作用的行。该行可用的键有：基本支出、项目支出、年初预算、差异原因、全年预算。") in err


@pytest.mark.parametrize("added,key", [("    年初预算: 190\n", "年初预算"), ("    差异原因: 人员增加。\n", "差异原因"),
                                       ("    说明: 反映一般公共服务支出。\n", "说明")])
def test_keys_without_effect_on_a_class_row_are_errors(ws: Path, added: str, key: str) -> None:
    """「201」 has rows under it: no sentence uses its 年初预算 or 差异原因, 名词解释 lists only 项."""
    edit(ws / BUDGET, '  "201":\n', '  "201":\n' + added)
    line = line_of(ws / BUDGET, added.strip())
    err = check(ws, 2).stderr
    assert f"决算.yaml:{line}:5: 「一般公共预算财政拨款支出决算表」的「201」行写了「{key}」，它在这一行不起作用" in err
    assert "该行可用的键有：名称、基本支出、项目支出、主要用于。" in err


def test_a_key_of_another_table_is_unknown_with_a_suggestion(ws: Path) -> None:
    edit(ws / BUDGET, '  "2010302": {项目支出: 42.80}', '  "2010302": {项目支出: 42.80, 年初预算: 40}')
    line = line_of(ws / BUDGET, "年初预算: 40}")
    assert f"决算.yaml:{line}:" in check(ws, 2).stderr
    assert "未知的键「年初预算」。" in check(ws, 2).stderr


def test_a_misspelt_key_on_a_row_gets_a_suggestion(ws: Path) -> None:
    edit(ws / BUDGET, "    主要用于: 保障", "    主要用与: 保障")
    line = line_of(ws / BUDGET, "主要用与")
    assert f"决算.yaml:{line}:5: 未知的键「主要用与」。是不是「主要用于」？" in check(ws, 2).stderr


def test_the_typed_total_budget_is_checked_against_the_items(ws: Path) -> None:
    edit(ws / BUDGET, TOTAL_ROW, "    年初预算: 409.14\n")
    line = line_of(ws / BUDGET, "年初预算: 409.14")
    item = line_of(ws / BUDGET, "年初预算: 192.30")
    err = check(ws, 2).stderr
    assert (f"决算.yaml:{line}:5: 公开05「合计」年初预算 = 各末级科目年初预算之和不成立：合计 409.14 万元，"
            "各项之和 408.14 万元，相差 1.00 万元，超出尾数误差允许范围（±0.05）。") in err
    assert f"2010301 行政运行 = 192.30  ← data/2024/决算.yaml:{item}:5" in err


def test_a_total_over_empty_parts_lists_every_part(ws: Path) -> None:
    """A 合计 typed where every part is 0 (the parts not yet filled): the message still lists the
    parts to look at, with their lines, instead of an empty list."""
    edit(ws / BUDGET, "    公务用车运行维护费: 3.00\n    公务接待费: 0.60\n    合计: 3.60",
         "    公务用车运行维护费: 0\n    公务接待费: 0\n    合计: 3.60")
    err = check(ws, 2).stderr
    assert "合计 3.60 万元，各项之和 0.00 万元" in err
    listed = err[err.index("请核对以下各数："):]
    for name in ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费"):
        assert f"{name} = 0.00  ← data/2024/决算.yaml:{line_of(ws / BUDGET, f'{name}: 0', '全年预算数')}:5" in listed, name


def test_the_typed_total_budget_and_reason_are_printed(ws: Path) -> None:
    """Within the 尾数 interval (9 items ± 0.005 and the total ± 0.005) the typed total is printed."""
    edit(ws / BUDGET, TOTAL_ROW, "    年初预算: 408.18\n")
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.format() for p in prepared.problems]
    text = worded(prepared)
    assert ("2024年度一般公共预算财政拨款支出年初预算为408.18万元，支出决算为414.8万元，完成年初预算的102%。"
            "决算数大于年初预算数的主要原因：年中调整基本工资标准并补发增资、调入工作人员1名，人员经费及相应的社会保障缴费增加；"
            "使用上年结转的评标专家劳务费。其中：") in text


def test_the_total_reason_is_needed_only_when_no_item_explains(ws: Path) -> None:
    text = (ws / BUDGET).read_text("utf-8")
    start = text.index("    差异原因: 年中调整")
    edit(ws / BUDGET, text[start:text.index("\n", start) + 1], "")
    result = check(ws, 0)
    assert "「合计」中填写「差异原因」" not in result.output
    lines = [line for line in (ws / BUDGET).read_text("utf-8").splitlines(keepends=True) if "差异原因:" not in line]
    (ws / BUDGET).write_text("".join(lines), "utf-8")
    line = line_of(ws / BUDGET, "  合计:", "一般公共预算财政拨款支出决算表:")
    assert (f"决算.yaml:{line}:3: 待填写：一般公共预算财政拨款支出决算数与年初预算数不同的原因。"
            "请在「一般公共预算财政拨款支出决算表」「合计」中填写「差异原因」；") in check(ws, 0).stderr


def test_main_uses_of_a_class_and_an_item_are_printed(ws: Path) -> None:
    edit(ws / BUDGET, "    年初预算: 3.60\n", "    年初预算: 3.60\n    主要用于：离退休人员的公用经费\n".replace("：", ": ", 1))
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.format() for p in prepared.problems]
    text = worded(prepared)
    assert ("1. 一般公共服务（类）支出334.76万元，占80.7%，主要用于保障中心机构正常运转，以及评标专家劳务费、"
            "电子交易平台运维和档案数字化等公共资源交易服务。") in text
    assert "主要是行政运行" not in text  # the clerk's text replaces the list of items
    assert "2. 社会保障和就业（类）支出43.92万元，占10.6%，主要是行政单位离退休3.6万元" in text
    assert ("社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。主要用于离退休人员的公用经费。"
            "年初预算为3.6万元") in text


def test_a_class_row_with_uses_only_is_no_typed_subtotal(ws: Path) -> None:
    """「201」 types no figure: its sums are computed, not compared with zeros."""
    result = check(ws, 0)
    assert "201 一般公共服务支出「基本支出」" not in result.output


def test_the_typed_procurement_total_is_checked_and_printed(ws: Path) -> None:
    edit(ws / BUDGET, "合计: {支出: 94.70", "合计: {支出: 95.70")
    line = line_of(ws / BUDGET, "合计: {支出: 95.70")
    goods = line_of(ws / BUDGET, "货物: {支出: 6.80")
    err = check(ws, 2).stderr
    assert (f"决算.yaml:{line}:8: 政府采购「合计」支出 = 货物 + 工程 + 服务不成立：合计 95.70 万元，各项之和 94.70 万元，"
            "相差 1.00 万元，超出尾数误差允许范围（±0.015）。") in err
    assert f"货物 = 6.80  ← data/2024/决算.yaml:{goods}:8" in err
    edit(ws / BUDGET, "合计: {支出: 95.70", "合计: {支出: 94.71")
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.format() for p in prepared.problems]
    assert "政府采购支出总额94.71万元" in worded(prepared)


# ------------------------------------------------------------------ C: the 绩效 projects against 公开05

PROJECTS_CHECK = "绩效各项目「执行数」之和 = 公开05「项目支出」合计"


def status_of(ws: Path, name: str) -> str:
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.format() for p in prepared.problems]
    return next(c.status for c in prepared.report.checks if c.name == name)


def test_projects_within_project_spending_are_a_passed_check(ws: Path) -> None:
    assert status_of(ws, PROJECTS_CHECK) == "ok"


def test_projects_above_project_spending_are_an_error(ws: Path) -> None:
    edit(ws / PERF, "      执行数: 42.80", "      执行数: 52.80")
    items = line_of(ws / PERF, "  项目:")
    spent = [line_of(ws / PERF, f"执行数: {v}") for v in ("68.00", "52.80", "25.50")]
    total = line_of(ws / BUDGET, "    项目支出: 136.30")
    err = check(ws, 2).stderr
    assert (f"绩效.yaml:{items}:3: 绩效自评各项目「执行数」之和 146.30 万元，公开05 一般公共预算财政拨款「项目支出」合计 136.30 万元："
            "自评项目的执行数之和大于项目支出合计，相差 10.00 万元，超出尾数误差允许范围（项目执行数 ← （由 "
            + "、".join(f"data/2024/绩效.yaml:{n}:7" for n in spent)
            + f" 的数相加）；项目支出合计 ← data/2024/决算.yaml:{total}:5）。请核对各项目的「执行数」和公开05的「项目支出」；"
            "政府性基金或国有资本经营预算的项目请写明其「资金性质」。") in err


def test_projects_below_project_spending_are_a_reminder(ws: Path) -> None:
    """A unit may evaluate only some projects: the gap is named, the build goes on."""
    edit(ws / PERF, "      预算数: 30.00\n      执行数: 25.50", "      预算数: 30.00\n      执行数: 20.50")
    edit(ws / PERF, "实际值: 25.5万元", "实际值: 20.5万元")
    items = line_of(ws / PERF, "  项目:")
    err = check(ws, 0).stderr
    assert (f"绩效.yaml:{items}:3: 绩效自评各项目「执行数」之和 131.30 万元，公开05 一般公共预算财政拨款「项目支出」合计 136.30 万元，"
            "自评项目占 96.3%") in err
    assert "只对部分项目开展自评时可不理会本提醒" in err


def test_a_tail_difference_is_accepted(ws: Path) -> None:
    edit(ws / PERF, "      执行数: 42.80", "      执行数: 42.81")
    edit(ws / PERF, "实际值: 42.8万元", "实际值: 42.81万元")
    assert status_of(ws, PROJECTS_CHECK) == "tail"


def test_execution_over_100_percent_is_a_reminder(ws: Path) -> None:
    edit(ws / PERF, "      预算数: 68.00", "      预算数: 67.00")
    line = line_of(ws / PERF, "执行数: 68.00")
    err = check(ws, 0).stderr
    assert (f"绩效.yaml:{line}:7: 执行数 68.00 万元大于预算数 67.00 万元，执行率 101.49%（得分按 20 分封顶）。"
            "请核对预算数（A，调整后财政资金总额，含上年结转）和执行数（B）。") in err


# ------------------------------------------------------------------ C: 数据来源 of an indicator

def test_an_indicator_is_checked_against_its_source(ws: Path) -> None:
    edit(ws / PERF, "实际值: 2.91万元", "实际值: 2.81万元")
    line = line_of(ws / PERF, "实际值: 2.81万元")
    total = line_of(ws / BUDGET, "    合计: 2.91")
    err = check(ws, 2).stderr
    assert (f"绩效.yaml:{line}:67: 指标「“三公”经费控制」的实际值“2.81万元”与数据算出的三公经费 2.91 万元 不符"
            f"（三公经费 ← data/2024/决算.yaml:{total}:5）。请改正实际值，或删去「数据来源」。") in err


def test_a_project_cost_indicator_is_checked_against_its_execution(ws: Path) -> None:
    edit(ws / PERF, "实际值: 42.8万元", "实际值: 4.28万元")
    spent = line_of(ws / PERF, "执行数: 42.80")
    err = check(ws, 2).stderr
    assert (f"指标「评标专家劳务费支出」的实际值“4.28万元”与数据算出的执行数 42.80 万元 不符（执行数 ← data/2024/绩效.yaml:{spent}:7）。"
            in err)


STAFFED = "三级指标: 在职人员控制率, 目标值: ≤100%, 实际值: ACTUAL, 分值: 6, 数据来源: 在职人员控制率}"
TIMELY = "三级指标: 交易项目按时完成率, 目标值: ≥98%, 实际值: 99.5%, 分值: 6}"


@pytest.mark.parametrize("actual,ok", [("83.3%", True), ("83%", True), ("90%", False), ("83.3人", False)])
def test_a_staff_indicator_is_checked_against_the_unit(ws: Path, actual: str, ok: bool) -> None:
    """10 在职 of 12 编制 = 83.33…%: "83.3%" and "83%" stand for intervals that hold it."""
    edit(ws / PERF, TIMELY, STAFFED.replace("ACTUAL", actual))
    result = check(ws, 0 if ok else 2)
    if ok:
        return
    line = line_of(ws / PERF, "在职人员控制率")
    active, quota = line_of(ws / UNIT, "在职人数:"), line_of(ws / UNIT, "编制数:")
    where = f"在职人数 10 ÷ 编制数 12，← data/2024/单位.yaml:{active}:5、data/2024/单位.yaml:{quota}:5"
    if actual == "90%":
        assert (f"绩效.yaml:{line}:" in result.stderr and f"指标「在职人员控制率」的实际值“90%”与数据算出的在职人员控制率 83.33% 不符"
                f"（{where}）。请改正实际值，或删去「数据来源」。") in result.stderr
    else:
        assert (f"指标「在职人员控制率」的实际值“83.3人”应为一个数，单位为「%」（数据来源：在职人员控制率，{where}）。"
                "请改写实际值，或删去「数据来源」。") in result.stderr


def test_a_misspelt_source_gets_a_suggestion(ws: Path) -> None:
    edit(ws / PERF, "数据来源: 公用经费}", "数据来源: 公用经费支出}")
    line = line_of(ws / PERF, "公用经费支出}")
    err = check(ws, 2).stderr
    assert f"绩效.yaml:{line}:" in err and "「数据来源」应为 " in err and "实际为 \"公用经费支出\"。是不是「公用经费」？" in err


def test_an_actual_with_a_comparison_sign_is_scored_and_said(ws: Path) -> None:
    """Real reports print some 实际值 as “≥100%” (003); it is scored as its number, with a
    located reminder to write what was achieved."""
    edit(ws / PERF, "实际值: 726个", '实际值: "≥726个"')  # 进场交易项目, 目标值 ≥700个
    result = check(ws, 0)
    line = line_of(ws / PERF, '"≥726个"')
    assert re.search(rf"提醒 data/2024/绩效\.yaml:{line}:\d+: 指标「进场交易项目」的实际值“≥726个”带有比较符号，已按 726个 计分。",
                     result.stderr), result.stderr


def test_totals_a_hundred_times_apart_are_a_reminder(tmp_path: Path) -> None:
    """A 收支总计 over a hundred times last year's: figures in 元 typed or imported as 万元."""
    ws = copy_workspace(ROOT / "tests" / "fixtures" / "variant", tmp_path / "ws")
    edit(ws / BUDGET, "  收支总计: 1911.00", "  收支总计: 18.00")  # the 上年 block: 1834.05 now, 101.9 times
    err = check(ws, 0).stderr
    assert (f"提醒 data/2024/决算.yaml:{line_of(ws / BUDGET, '收入支出决算总表:')}:1: 本年收、支总计 1834.05 万元，"
            "上年 18.00 万元，相差 100 倍以上：请确认两年的金额单位都是万元") in err
    edit(ws / BUDGET, "  收支总计: 18.00", "  收支总计: 18.40")  # 99.7 times: a unit that grew, not said
    assert "倍以上" not in check(ws, 0).stderr


def test_a_computed_part_names_only_the_rows_that_hold_it(ws: Path) -> None:
    """其他收入 summed from 收入决算表 (no 合计 row typed) points at the one row that has 其他收入,
    not at every row of the table."""
    edit(ws / BUDGET, "  合计: {财政拨款收入: 435.30, 其他收入: 2.35}\n", "")
    edit(ws / BUDGET, "  本年收入合计: 437.65", "  本年收入合计: 438.65")
    err = check(ws, 2).stderr
    row = line_of(ws / BUDGET, "其他收入: 2.35")
    assert re.search(rf"其他收入 = 2\.35  ← （由 data/2024/决算\.yaml:{row}:\d+ 的数相加）\n", err), err


def test_spending_without_a_typed_budget_is_a_reminder(ws: Path) -> None:
    """A 公开05 末级科目 with spending and no 年初预算 (an import from a workbook without it) would
    print “年初预算为0万元”: a located reminder; a typed 0 is a budget of 0 and says nothing."""
    edit(ws / BUDGET, "    年初预算: 408.14\n", "")  # the typed total, which would no longer add up
    edit(ws / BUDGET, "    年初预算: 40.20\n", "")
    err = check(ws, 0).stderr
    row = line_of(ws / BUDGET, '"2010302":', "一般公共预算财政拨款支出决算表")
    assert (f"提醒 data/2024/决算.yaml:{row}:3: "
            "「一般公共预算财政拨款支出决算表」中 2010302 科目有支出，但没有填写「年初预算」（或「全年预算」）") in err
    edit(ws / BUDGET, '  "2010302":\n', '  "2010302":\n    年初预算: 0\n')
    assert "没有填写「年初预算」" not in check(ws, 0).stderr


FUND_PROJECT = """    - 名称: 土地出让业务经费
      资金性质: 政府性基金
      预算数: 18.60
      执行数: {spent}
      主要产出和效益: 完成土地出让交易12场。
      存在的问题: 未发现问题。
      指标:
        - {{一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 土地出让交易场次, 目标值: ≥10场, 实际值: 12场, 分值: 80}}
"""


@pytest.mark.parametrize("spent", ["18.60", "20.60"])
def test_a_fund_project_is_checked_against_fund_spending(ws: Path, spent: str) -> None:
    """A 政府性基金 project (资金性质) is part of the 政府性基金 table's 项目支出, not of 公开05's;
    the 决算 report counts it apart from the share of 一般公共预算 项目支出."""
    edit(ws / PERF, "    - 名称: 档案数字化项目", FUND_PROJECT.format(spent=spent) + "    - 名称: 档案数字化项目")
    result = run("check", "2024", "-w", str(ws))
    if spent == "20.60":
        assert result.exit_code == 2
        assert ("绩效自评各政府性基金项目「执行数」之和 20.60 万元，政府性基金预算财政拨款「项目支出」合计 18.60 万元："
                "自评项目的执行数之和大于项目支出合计，相差 2.00 万元") in result.stderr
        return
    assert result.exit_code == 0, result.output
    assert "绩效各政府性基金项目「执行数」之和" in result.stdout
    assert "绩效自评各项目「执行数」之和" not in result.stderr  # 公开05's projects still add up
    text = worded(prepare(ws, 2024), "决算").replace("\n", "")
    assert ("本部门组织对2024年度一般公共预算项目支出全面开展绩效自评，共涉及项目3个，资金136.3万元，占一般公共预算项目支出总额的100%；"
            "对政府性基金预算项目支出开展绩效自评，共涉及项目1个，资金18.6万元。") in text
    assert "本部门今年在部门决算中反映所有项目绩效自评结果。" in text
    performance = worded(prepare(ws, 2024), "绩效").replace("\n", "")  # the same projects, counted alike
    assert ("2024年度一般公共预算财政拨款项目支出136.3万元，纳入绩效自评的项目3个，预算数合计143万元，执行数合计136.3万元，"
            "执行率95.31%；政府性基金预算纳入绩效自评的项目1个，预算数合计18.6万元，执行数合计18.6万元，执行率100%。") in performance


def test_the_final_report_says_all_projects_only_when_all_were_evaluated(ws: Path) -> None:
    """“反映所有项目绩效自评结果” (003, where every project was evaluated) only when the projects
    cover the 项目支出; else how many were."""
    perf = ws / PERF
    text = perf.read_text("utf-8")
    perf.write_text(text[:text.index("    - 名称: 档案数字化项目")], "utf-8")
    worded_text = worded(prepare(ws, 2024), "决算").replace("\n", "")
    assert "本部门今年在部门决算中反映开展自评的2个项目的绩效自评结果。" in worded_text
    assert "所有项目" not in worded_text


def test_an_actual_in_another_unit_is_an_error(ws: Path) -> None:
    """83300元 against ≤11.5万元 would score 0; 726场 against ≥700个 cannot be compared either."""
    edit(ws / PERF, "实际值: 726个", "实际值: 726场")
    err = check(ws, 2).stderr
    line = line_of(ws / PERF, "实际值: 726场")
    assert re.search(rf"错误 data/2024/绩效\.yaml:{line}:\d+: 指标「进场交易项目」的目标值“≥700个”和实际值“726场”单位不同，无法比较。"
                     r"请把实际值换算成目标值的单位", err), err


def test_a_count_typed_with_its_unit_says_what_to_write(ws: Path) -> None:
    edit(ws / UNIT, "在职人数: 10", "在职人数: 10人")
    err = check(ws, 2).stderr
    assert f"单位.yaml:{line_of(ws / UNIT, '在职人数: 10人')}:" in err
    assert "「在职人数」应为整数，实际为 \"10人\"。请只写数字，不写“人”“辆”等单位。" in err, err


# ------------------------------------------------------------------ sums located at their block

SICHUAN = ROOT / "tests" / "fixtures" / "sichuan"


def test_an_identity_between_computed_sums_is_located_at_the_summed_table(tmp_path: Path) -> None:
    """四川's 公开05 has no 合计 row and its 公开06 no class rows: both sides of 公开06 = 公开05
    are sums, reported at the table whose rows make the total, not without a file:line."""
    ws = copy_workspace(SICHUAN, tmp_path / "sichuan")
    edit(ws / BUDGET, '"2130104": {基本支出: 320.00', '"2130104": {基本支出: 321.00')
    table = line_of(ws / BUDGET, "一般公共预算财政拨款支出决算表:")
    err = check(ws, 2).stderr
    for name in ("公开06 基本支出明细合计 = 公开05「基本支出」合计", "公开05「基本支出」合计 = 人员经费 + 公用经费"):
        assert (f"错误 data/2024/决算.yaml:{table}:1: {name}不成立：合计 401.00 万元，各项之和 400.00 万元，相差 1.00 万元，"
                "超出尾数误差允许范围（±0.12）。") in err, err


def test_a_not_more_over_a_sum_is_located_at_the_summed_block(tmp_path: Path) -> None:
    """预留项目 + 其他项目 中小企业成交金额, a sum, over the 政府采购 total: reported at 预留."""
    ws = copy_workspace(ROOT / "tests" / "fixtures" / "shanghai-unit", tmp_path / "shanghai-unit")
    edit(ws / BUDGET, "    预留项目中小企业成交金额: 110", "    预留项目中小企业成交金额: 1110")
    err = check(ws, 2).stderr
    assert (f"错误 data/2024/决算.yaml:{line_of(ws / BUDGET, '预留:')}:3: 政府采购：预留项目与其他项目中小企业成交金额之和"
            "不应大于政府采购支出总额：1200 万元大于 240 万元（data/2024/决算.yaml:") in err, err


# ------------------------------------------------------------------ 公开06 within the “三公” 决算数

@pytest.mark.parametrize("code,row,typed,name", [("30217", '  "30217": 0.46', '  "30217": 0.96', "公务接待费"),
                                                ("30231", '  "30231": 2.45', '  "30231": 2.95', "公务用车运行维护费")])
def test_basic_spending_above_the_three_items_is_a_reminder(ws: Path, code: str, row: str, typed: str, name: str) -> None:
    """0.50 moved from 30228 工会经费 to 30217 (or 30231): 公开06 still adds up, but its 公务接待费
    (公务用车运行维护费) is above the “三公” 决算数 of that name, which includes it."""
    assert "基本支出中的" not in check(ws, 0).stderr  # equal in the demo
    edit(ws / BUDGET, row, typed)
    edit(ws / BUDGET, '  "30228": 2.10', '  "30228": 1.60')
    three = line_of(ws / BUDGET, f"    {name}: ", "  决算数:")
    err = check(ws, 0).stderr
    shown = {"30217": "0.96 万元大于 0.46 万元", "30231": "2.95 万元大于 2.45 万元"}[code]
    assert (f"提醒 data/2024/决算.yaml:{line_of(ws / BUDGET, typed)}:3: 基本支出中的{name}（{code}）不应大于“三公”经费{name}决算数："
            f"{shown}（data/2024/决算.yaml:{three}:5）。“三公”经费的{name}决算数包括基本支出中的{name}，应不小于它。"
            f"请核对「一般公共预算财政拨款基本支出决算明细表」{code} 行和「财政拨款三公经费支出决算表」「决算数」的「{name}」"
            "是否填错行或漏填。") in err, err


# ------------------------------------------------------------------ a year still blank

def test_tables_without_money_are_a_reminder(ws: Path) -> None:
    """A year made by new-year whose 绩效 and texts get filled first: its tables all 0 add up,
    so check would pass them as they are; it says they are still to be filled in."""
    assert run("new-year", "2025", "-w", str(ws)).exit_code == 0
    budget = ws / "data" / "2025" / "决算.yaml"
    (ws / "data" / "2025" / "绩效.yaml").unlink()
    result = check(ws, 0, "2025")
    assert (f"提醒 data/2025/决算.yaml:{line_of(budget, '收入支出决算总表:')}:1: 公开表（收入支出决算总表等）中的金额全部为 0 或空白，"
            "还是新年度的空表。请按部门决算软件中本年度的决算报表填写各表的数，"
            "或用 reportgen import 2025 <决算软件导出的 Excel 文件> 导入。") in result.stderr, result.stderr
    edit(budget, "  年初结转和结余: 0\n", "  年初结转和结余: 1\n")  # money carried over, and carried on
    edit(budget, "  年末结转和结余: 0\n", "  年末结转和结余: 1\n")
    assert "金额全部为 0" not in check(ws, 0, "2025").stderr


# ------------------------------------------------------------------ carried over from last year

# This year's 年初结转和结余 (公开01, and 公开04's for all funds) is last year's 年末结转和结余
# unless last year's was adjusted afterwards: a 提醒 naming both figures and where last year's
# was typed. The demo's 2024 carries over 2023's exactly.

ADJUSTED = ("不等：本年年初数应等于上年年末数。请核对这两个数；如上年年末数在上年决算后经过调整（如审计调整、账务调整），"
            "本年按调整后的数填写，可不理会本提醒。")


def test_an_opening_unlike_last_years_closing_is_a_reminder(ws: Path) -> None:
    """0.50 more carried into 2024 (and on, so that 公开01 still adds up) than 2023 carried out."""
    assert "上年年末" not in check(ws, 0).stderr
    edit(ws / BUDGET, "  年初结转和结余: 6.00", "  年初结转和结余: 6.50")
    edit(ws / BUDGET, "  年末结转和结余: 8.40", "  年末结转和结余: 8.90")
    edit(ws / BUDGET, "  总计: 443.65", "  总计: 444.15")
    last = ROOT / "data" / "2023" / "决算.yaml"
    assert (f"提醒 data/2024/决算.yaml:{line_of(ws / BUDGET, '年初结转和结余: 6.50')}:3: 本年「收入支出决算总表」年初结转和结余 6.50 万元，"
            f"与上年年末结转和结余 6.00 万元（data/2023/决算.yaml:{line_of(last, '年末结转和结余: 6.00')}:3）" + ADJUSTED) in check(ws, 0).stderr


def test_a_fiscal_opening_unlike_last_years_closing_is_a_reminder(ws: Path) -> None:
    """公开04's, all funds together: 一般公共预算 4.80 out of 2023, 5.30 into 2024."""
    general = "    一般公共预算财政拨款: "
    edit(ws / BUDGET, f"  年初财政拨款结转和结余:\n{general}4.80", f"  年初财政拨款结转和结余:\n{general}5.30")
    edit(ws / BUDGET, f"  年末财政拨款结转和结余:\n{general}6.70", f"  年末财政拨款结转和结余:\n{general}7.20")
    edit(ws / BUDGET, "  总计: 440.10", "  总计: 440.60")
    last = ROOT / "data" / "2023" / "决算.yaml"
    assert (f"提醒 data/2024/决算.yaml:{line_of(ws / BUDGET, '年初财政拨款结转和结余:')}:3: 本年「财政拨款收入支出决算总表」"
            "年初财政拨款结转和结余 5.30 万元，与上年年末财政拨款结转和结余 4.80 万元"
            f"（data/2023/决算.yaml:{line_of(last, '年末财政拨款结转和结余:')}:3）" + ADJUSTED) in check(ws, 0).stderr


def test_an_opening_within_rounding_of_last_years_closing_is_not_said(ws: Path) -> None:
    """6.004 is 6.00 as last year's 年末 (± 0.005) could have stood for it."""
    edit(ws / BUDGET, "  年初结转和结余: 6.00", "  年初结转和结余: 6.004")
    assert "上年年末" not in check(ws, 0).stderr


@pytest.mark.parametrize("fixture", [ENSHI, ROOT / "tests" / "fixtures" / "variant"])
def test_a_prior_block_says_nothing_of_carry_overs(tmp_path: Path, fixture: Path) -> None:
    """An explicit 上年 block holds no 年末结转和结余: nothing to compare (恩施's 2023 年初 is 0,
    its 2022 年末 578.12 having been adjusted away)."""
    ws = copy_workspace(fixture, tmp_path / "ws")
    year = "2023" if fixture == ENSHI else "2024"
    result = run("check", year, "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "上年年末" not in result.stderr


def test_an_empty_actual_says_it_is_still_to_fill(ws: Path) -> None:
    """new-year empties 实际值: “实际值“”却不是数字…或把「评分方式」设为 定性” pointed the clerk the
    wrong way, and a 定性 one with its 完成档次 scored full marks on nothing."""
    edit(ws / PERF, "实际值: 726个", '实际值: ""')
    err = check(ws, 2).stderr
    line = line_of(ws / PERF, '实际值: ""')
    assert re.search(rf"错误 data/2024/绩效\.yaml:{line}:\d+: 指标「进场交易项目」尚未填写「实际值」："
                     r"请写出本年实际完成的情况（如 98%、按期完成）。", err), err
    assert "却不是数字" not in err


def test_fewer_vehicles_than_official_cars_is_a_reminder(ws: Path) -> None:
    """“本部门共有车辆0辆” beside “公务用车保有量1辆” (new-year set the 车辆 to 0): said at 车辆."""
    edit(ws / BUDGET, "    其他用车: 1\n", "    其他用车: 0\n")
    err = check(ws, 0).stderr
    assert (f"提醒 data/2024/决算.yaml:{line_of(ws / BUDGET, '  车辆:')}:3: 「国有资产」「车辆」共 0 辆，少于「财政拨款三公经费支出决算表」"
            "的公务用车保有量 1 辆：年末的车辆包括全部公务用车，报告会前后不一。请核对两处的车辆数。") in err, err
    edit(ws / BUDGET, "    其他用车: 0\n", "    其他用车: 1\n")
    assert "公务用车保有量 1 辆" not in check(ws, 0).stderr
