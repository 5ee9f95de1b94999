"""How figures are worded and printed: the display module's formats and the default
profile's phrases (用语.j2), every branch of change, completion, share and numbering."""

import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from reportgen.compute.model import Change
from reportgen.pipeline import prepare
from reportgen.profile import load_profile
from reportgen.render.compose import environment
from reportgen.render.display import Display, cn, numbered, sentence
from reportgen.settings import Settings, Style

from .conftest import ENSHI, ROOT, copy_workspace, worded


def phrase(macro: str, *args: object, style: Style | None = None) -> str:
    profile, problems = load_profile("湖北", ENSHI)
    assert profile is not None, problems
    env = environment(profile, Settings(样式=style or Style()))
    module = env.get_template("用语.j2").make_module({"year": 2023})
    return str(getattr(module, macro)(*args))


def test_change_decrease_matches_003():
    # 003: 541.04 against 1309.21 -> 减少768.17万元，下降59%
    assert phrase("变动", Change.of(D("541.04"), D("1309.21"))) == "减少768.17万元，下降59%"


def test_change_increase_matches_003_three_costs():
    # 003: 三公 2.87 against 1.96 -> 增加0.91万元，增长46%
    assert phrase("变动", Change.of(D("2.87"), D("1.96"))) == "增加0.91万元，增长46%"


def test_change_flat():
    assert phrase("变动", Change.of(D("5"), D("5.00"))) == "持平"


def test_change_from_zero_has_no_percentage():
    text = phrase("变动", Change.of(D("10.52"), D("0")))
    assert text == "增加10.52万元（上年无此项支出）"
    assert phrase("变动", Change.of(D("3"), D("0")), "收入").endswith("（上年无此项收入）")


def test_change_to_zero_is_a_full_decrease():
    assert phrase("变动", Change.of(D("0"), D("2.5"))) == "减少2.5万元，下降100%"


def test_change_keeps_zeros_and_separators_when_the_style_asks():
    style = Style(金额补零=True, 变动率小数位=1, 千分位=True, 百分比补零=True)
    assert phrase("变动", Change.of(D("2477.9"), D("2400")), style=style) == "增加77.90万元，增长3.2%"
    assert phrase("变动", Change.of(D("4940.05"), D("2000")), style=style) == "增加2,940.05万元，增长147.0%"


def test_completion_and_share_use_half_up():
    d = Display(Style())
    assert phrase("完成", D("541.04") / D("493.94") * 100) == "，完成年初预算的110%"
    assert phrase("完成", D("9.08") / D("9.41") * 100) == "，完成年初预算的96%"
    assert phrase("完成", None) == ""
    assert d.pct(D("477.9") / D("541.04") * 100) == "88.3%"
    assert d.pct(D("22.58") / D("541.04") * 100) == "4.2%"
    assert phrase("占比", None) == ""  # a share of a zero whole is never printed as 0%


def test_directions():
    up, down, same = (Change.of(D(a), D(b)) for a, b in ((2, 1), (1, 2), (1, 1)))
    assert [phrase("方向", c) for c in (up, down, same)] == ["增加", "减少", "持平"]
    assert [phrase("比较", D(a), D(b)) for a, b in ((2, 1), (1, 2), (1, 1))] == ["大于", "小于", "等于"]


def test_numbering():
    assert [cn(n) for n in (1, 9, 10, 11, 14, 20, 26)] == ["一", "九", "十", "十一", "十四", "二十", "二十六"]
    assert [numbered(p, n) for p, n in (("{一}、", 3), ("（{一}）", 10), ("{1}.", 2), ("({1})", 1))] == ["三、", "（十）", "2.", "(1)"]


@pytest.mark.parametrize(("value", "places", "thousands", "text"), [
    (D("2940.05"), 2, True, "2,940.05"), (D("-1234567.5"), 2, True, "-1,234,567.5"), (D("999.995"), 2, True, "1,000"),
    (D("477.9"), 2, False, "477.9"), (D("0.005"), 2, False, "0.01"),
])
def test_amounts(value: D, places: int, thousands: bool, text: str) -> None:
    assert Display(Style(金额小数位=places, 千分位=thousands)).amount(value) == text


def test_sentence_and_lists():
    assert sentence("主要原因是人员增加") == "主要原因是人员增加。"
    assert sentence("已有句号。") == "已有句号。"
    assert Display(Style()).filters()["quoted"](["甲", "乙"]) == "“甲”、“乙”"


def test_a_rate_near_100_or_0_keeps_the_decimal_that_tells_it_apart():
    d = Display(Style())
    # 108.56 of 108.8 is not "完成预算的100%"; 0.3 % of a whole is not 0 %.
    assert phrase("完成", D("108.56") / D("108.8") * 100, "预算") == "，完成预算的99.8%"
    assert d.pct(D("100.04"), "完成率") == "100.04%"
    assert d.pct(D("0.3"), "结构") == "0.3%"
    assert d.pct(D("100"), "完成率") == "100%" and d.pct(D("0"), "结构") == "0%"


def test_a_project_name_ending_in_项目_is_not_doubled():
    assert phrase("项目", "州级政府采购独立评审间改造项目") == "州级政府采购独立评审间改造项目"
    assert phrase("项目", "招商引资") == "招商引资项目"


def test_structure_lists_only_the_parts_that_hold_money():
    from reportgen.compute.model import Share
    parts = [Share("财政拨款收入", D("90"), D("90")), Share("事业收入", D("0"), D("0")), Share("其他收入", D("10"), D("10"))]
    assert phrase("构成", parts, "占本年收入") == "其中：财政拨款收入90万元，占本年收入90%；其他收入10万元，占本年收入10%。"
    assert phrase("构成", [Share("事业收入", D("0"), None)], "占本年收入") == ""


@pytest.mark.parametrize("text, expected", [
    ("保障中心正常运转， 完成历史交易档案 数字化", ["保障中心正常运转，完成历史交易档案数字化"]),  # YAML folding
    ("第一行\n接着写\n\n新的一段", ["第一行接着写", "新的一段"]),
    ("一是加强管理；\n二是提高效率。", ["一是加强管理；", "二是提高效率。"]),
    ("1. 甲\n2. 乙\n(3) 丙", ["1. 甲", "2. 乙", "(3) 丙"]),
    ("using Python 3\nand Jinja", ["using Python 3 and Jinja"]),
])
def test_a_clerks_text_splits_into_paragraphs_at_blank_lines_and_list_items(text, expected):
    from reportgen.render.display import paragraphs
    assert paragraphs(text) == expected


def test_paragraphs_print_as_separate_blocks_with_the_lead_on_the_first():
    html = phrase("段落", "一是加强管理；\n二是提高效率。", "改进措施：")
    assert html == "<p>改进措施：一是加强管理；</p><p>二是提高效率。</p>"


def test_staff_other_than_established_posts_take_the_clerks_word():
    staff = {"kind": "行政编制", "quota": 12, "active": 10, "retired": 4, "others": 14, "others_kind": "临时聘用人员"}
    assert phrase("人员", staff, D("83.3")) == "核定行政编制12名，实有在职人员10人（占编制数的83%），退休人员4人，临时聘用人员14人。"


def test_indicators_typed_out_of_order_are_grouped_一级_then_二级(tmp_path):
    from reportgen.pipeline import prepare

    from .conftest import ROOT, copy_workspace, edit, worded

    ws = copy_workspace(ROOT, tmp_path / "ws")
    amount = "      - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 交易金额, 目标值: ≥25亿元, 实际值: 28.6亿元, 分值: 8}\n"
    path = ws / "data" / "2024" / "绩效.yaml"
    edit(path, amount, "")  # typed after the 质量 indicators instead
    edit(path, "      - {一级指标: 产出指标, 二级指标: 时效指标", amount + "      - {一级指标: 产出指标, 二级指标: 时效指标")
    text = worded(prepare(ws, 2024), "绩效")
    assert ("产出指标5个，其中数量指标2个，为“进场交易项目”、“交易金额”；质量指标2个，为“全流程电子化交易率”、“交易档案归档率”；"
            "时效指标1个，为“交易项目按时完成率”") in text


def test_reason_follows_the_change_it_explains():
    up, same = Change.of(D("2"), D("1")), Change.of(D("1"), D("1.00"))
    assert phrase("原因", "人员增加") == "主要原因：人员增加。"
    assert phrase("原因", "人员增加", "主要原因：", up) == "主要原因：人员增加。"
    assert phrase("原因", "人员增加", "主要原因：", same) == ""  # no change: nothing to explain
    assert phrase("原因", "  ", "主要原因：", up) == ""


def test_names_in_quotation_marks_nest_as_chinese_does():
    from reportgen.render.display import quoted

    assert quoted("“三公”经费控制") == "“‘三公’经费控制”"
    assert quoted(["交易场次", "“三公”经费"]) == "“交易场次”、“‘三公’经费”"


@pytest.mark.parametrize("typed", ["主要原因是人员增加", "主要原因：人员增加", "主要是人员增加。", "人员增加"])
def test_a_reason_is_not_led_in_twice(typed: str) -> None:
    assert phrase("原因", typed) == "主要原因：人员增加。"


def test_no_space_between_chinese_characters_in_any_cell(tmp_path: Path) -> None:
    """A folded YAML text (>-) turns its line breaks into spaces: the 自评表's 年度总体目标 cell
    printed “…评标专家管理， 完成…”. Cells join a clerk's lines as paragraphs do."""
    prepared = prepare(copy_workspace(ROOT, tmp_path / "ws"), 2024)
    for kind in ("决算", "绩效"):
        text = worded(prepared, kind)
        assert not re.findall(r".{6}[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef] [\u3000-\u303f\u4e00-\u9fff\uff00-\uffef].{4}", text), kind


def test_a_figure_the_data_lacks_prints_as_its_placeholder() -> None:
    """Every number filter passes a Gap through (a 绩效-only year without 基本支出), keyword
    arguments included, and formats numbers as before."""
    from reportgen.compute.model import Gap

    filters = Display(Style()).filters()
    gap = Gap("一般公共预算财政拨款基本支出", ("绩效", "收支情况", "基本支出"))
    for name in ("amount", "hundreds", "money", "pct", "rate", "score"):
        assert filters[name](gap) == "【待填写：一般公共预算财政拨款基本支出】", name
    assert filters["pct"](D("12.345"), kind="变动") == "12%" and filters["money"](D("1.5")) == "1.5万元"
