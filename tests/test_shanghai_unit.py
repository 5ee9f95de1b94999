"""A 上海 unit typed by hand (fixture tests/fixtures/shanghai-unit: a district 公共资源交易中心 with
三公 spending, 政府性基金 and one 绩效 project, as a clerk filled in `init --profile 上海`): the
三公 reasons the layout asks for, no share of an item without money, and the self-evaluation's
reach in 十、预算绩效管理情况."""

from __future__ import annotations

import pytest

from reportgen.pipeline import prepare, printed

from .conftest import ROOT

UNIT = ROOT / "tests" / "fixtures" / "shanghai-unit"


@pytest.fixture(scope="module")
def text() -> str:
    prepared = prepare(UNIT, 2024)
    assert prepared.ok, [p.message for p in prepared.problems]
    _, composed = printed(prepared, ("决算",))
    return composed["决算"].text().replace("\n", "")


def test_three_cost_items_carry_their_reasons(text: str) -> None:
    # 公务用车 12.00 against 13.50 last year: its reason; 公务接待 2.00 as last year: none.
    assert ("2、公务用车购置及运行维护费支出12.00万元。公务用车购置及运行维护费支出减少的主要原因是车辆维修次数减少。其中：") in text
    assert "3、公务接待费支出2.00万元。其中：" in text
    assert "严格执行接待标准" not in text


def test_no_share_of_an_item_without_money(text: str) -> None:
    assert "因公出国（境）费支出决算0.00万元；公务用车购置及运行维护费支出决算12.00万元，占85.71%；" in text
    assert "占0.00%" not in text


def test_the_self_evaluations_reach_is_written_from_the_data(text: str) -> None:
    assert ("年度预算绩效管理工作开展情况如下：根据预算绩效管理要求，本部门组织对2024年度一般公共预算项目支出开展绩效自评，"
            "共涉及项目1个，资金350.00万元，占一般公共预算项目支出总额的82.35%。") in text
