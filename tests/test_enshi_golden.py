"""The 恩施 2023 fixture: the compute layer reproduces reference 003's published figures."""

from __future__ import annotations

from decimal import Decimal as D

import pytest


from .conftest import worded


@pytest.fixture(scope="module")
def part3(enshi) -> str:  # noqa: ANN001
    return worded(enshi)


@pytest.mark.parametrize("phrase", [
    "2023年度收、支总计均为541.04万元。与2022年度相比，收、支总计各减少768.17万元，下降59%。",
    "一般公共服务（类）支出477.9万元，占88.3%",
    "社会保障和就业（类）支出31.49万元，占5.8%",
    "卫生健康（类）支出9.08万元，占1.7%",
    "住房保障（类）支出22.58万元，占4.2%",
    "年初预算为493.94万元，支出决算为541.04万元，完成年初预算的110%",
    "年初预算为293.52万元，支出决算为309.78万元，完成年初预算的106%",
    "年初预算为150.6万元，支出决算为168.12万元，完成年初预算的112%",
    "年初预算为9.41万元，支出决算为9.08万元，完成年初预算的96%",
    "年初预算为21.02万元，支出决算为22.58万元，完成年初预算的107%",
    "全年预算为3.32万元，支出决算为2.87万元，完成全年预算的86%。较上年增加0.91万元，增长46%",
    "公务接待费全年预算为0.82万元，支出决算为0.37万元，完成全年预算的45%；较上年增加0.06万元，增长19%",
    "人员经费342.9万元", "公用经费30.03万元",
    "授予中小企业合同金额8.75万元，占政府采购支出总额的100%",
    "财政拨款收入541.04万元，占本年收入100%",
    "基本支出372.92万元，占本年支出的69%；项目支出168.12万元，占本年支出的31%",
])
def test_part3_sentences(part3: str, phrase: str) -> None:
    assert phrase in part3


def test_zero_budget_item_has_no_percentage(part3: str) -> None:
    line = next(l for l in part3.splitlines() if "职业年金缴费支出（项）" in l)
    assert "年初预算为0万元，支出决算为10.52万元。决算数大于年初预算数的主要原因" in line
    assert "%" not in line.split("主要原因")[0]


def test_tail_differences_are_accepted_with_their_size(enshi) -> None:  # noqa: ANN001
    tails = {c.name: c for c in enshi.report.checks if c.status == "tail"}
    fiscal = tails["收入决算表「合计」财政拨款收入 = 各类之和"]
    assert (fiscal.total, fiscal.parts) == (D("541.04"), D("541.05"))
    assert fiscal.difference == D("-0.01") and fiscal.tolerance == D("0.025")
    basic = tails["公开05「基本支出」合计 = 人员经费 + 公用经费"]
    assert (basic.total, basic.parts) == (D("372.92"), D("372.93"))
    assert not [c for c in enshi.report.checks if c.status == "fail"]
    assert enshi.report.final.tail_note


def test_published_self_evaluation_scores(enshi) -> None:  # noqa: ANN001
    perf = enshi.report.performance
    assert perf.whole.total == D("98.79") and perf.whole.execution_score == D("19.79")
    totals = [c.total for c in perf.projects]
    assert totals == [D("100"), D("99.96"), D("99.85"), D("100"), D("100"), D("95.08")]
    expert = perf.projects[-1]
    assert expert.execution_score == D("17.88")
    assert [str(r.score) for r in expert.rows if not r.met] == ["7.2"]
    assert all(c.grade == "优" for c in (perf.whole, *perf.projects))


def test_summary_counts_indicators(enshi) -> None:  # noqa: ANN001
    text = worded(enshi, "绩效").split("附件6")[1]
    assert "共设置6个绩效指标，完成5个" in text
    assert "“政府采购项目评审场次”（目标值：≥60次；实际完成值：43）" in text
    assert "综合评分为95.08分" in text
