"""How figures are worded and printed: the display module's formats and the default
profile's phrases (用语.j2), every branch of change, completion, share and numbering."""

from decimal import Decimal as D

import pytest

from reportgen.compute.model import Change
from reportgen.profile import load_profile
from reportgen.render.compose import environment
from reportgen.render.display import Display, cn, numbered, sentence
from reportgen.settings import Settings, Style

from .conftest import ENSHI


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
    assert phrase("占比", None) == "0%"


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
