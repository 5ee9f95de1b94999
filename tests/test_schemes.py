"""Scoring schemes as settings (issue 15, item 1): the 执行率's points, the indicators' total and
its split by 一级指标, the grade bands, scored or not. Random schemes on random scorecards: no
score above its weight, the totals are the sums of the printed scores, and every header and
sentence of the scorecard prints the scheme's numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.numbers import fmt
from reportgen.pipeline import prepare

from .conftest import ENSHI, copy_workspace, edit, run, worded

D = Decimal
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

WHOLE = """绩效:
  部门整体:
    预算数: 546.79
    上年度绩效评价结果应用情况: 无。
    存在的问题: 无。
    下一步改进措施: 无。
    拟与预算安排相结合情况: 无。
    自评结果应用和公开情况: 已公开。
    社会保险基金预算支出: 无。
    绩效目标: [完成交易。]
    运行成本: 好。
    管理效率: 好。
    履职效能: 好。
    社会效应: 好。
    可持续发展能力: 好。
    服务对象满意度: 好。
    指标:
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_workspace(ENSHI, tmp_path_factory.mktemp("schemes") / "ws")
    return ws


def _workspace(root: Path, style: str, indicators: list[str]) -> Path:
    (root / "reportgen.yaml").write_text(f"样式: {{{style}}}\n", "utf-8")
    (root / "data" / "2023" / "绩效.yaml").write_text(WHOLE + "".join(f"      - {i}\n" for i in indicators), "utf-8")
    return root


LEVELS = ("产出指标", "效益指标", "满意度指标")


@st.composite
def schemes(draw: st.DrawFn) -> tuple[int, dict[str, int], list[tuple[str, int, str, str]]]:
    """(执行率分值, 一级指标分值, indicators as (一级指标, 分值, 目标值, 实际值))."""
    execution = draw(st.sampled_from([0, 10, 20, 30]))
    left = 100 - execution
    first = draw(st.integers(1, left - 2))
    second = draw(st.integers(1, left - first - 1))
    split = dict(zip(LEVELS, (first, second, left - first - second)))
    indicators = []
    for level, points in split.items():
        n = draw(st.integers(1, 3))
        cuts = sorted(draw(st.lists(st.integers(1, max(points - 1, 1)), min_size=n - 1, max_size=n - 1, unique=True))) if points > n else []
        weights = [b - a for a, b in zip([0, *cuts], [*cuts, points])] if cuts or n == 1 else [points]
        for w in weights:
            target = draw(st.integers(1, 200))
            actual = draw(st.integers(0, 300))
            op = draw(st.sampled_from(["≥", "≤"]))
            indicators.append((level, w, f"{op}{target}个", f"{actual}个"))
    return execution, split, indicators


@FEW
@given(scheme=schemes())
def test_random_schemes_score_within_weights_and_print_their_numbers(root: Path, scheme) -> None:  # noqa: ANN001
    execution, split, indicators = scheme
    total = 100 - execution
    style = f"执行率分值: {execution}, 指标总分值: {total}, 一级指标分值: {{{', '.join(f'{k}: {v}' for k, v in split.items())}}}"
    lines = [f"{{一级指标: {lv}, 二级指标: 数量指标, 三级指标: 指标{i}, 目标值: \"{t}\", 实际值: \"{a}\", 分值: {w}, 未完成原因: 未达到。}}"
             for i, (lv, w, t, a) in enumerate(indicators)]
    prepared = prepare(_workspace(root, style, lines), 2023)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]
    card = prepared.report.performance.whole
    assert card.execution_weight == execution and card.indicator_weight == total
    assert card.execution_score <= execution
    assert all(r.score <= r.weight for r in card.rows)
    assert card.indicator_score == sum(r.score for r in card.rows)
    assert card.total == card.execution_score + card.indicator_score <= 100
    for g in card.groups:
        assert g.weight == split[g.level1] and g.score == sum(r.score for r in card.rows if r.level1 == g.level1) <= g.weight
    text = worded(prepared, "绩效")
    assert f"年度绩效目标（{total}分）" in text
    assert f"综合评分为{fmt(card.total, 2)}分" in text
    for level, points in split.items():
        assert f"{level}（{points}分）" in text  # the table's 一级指标 cell
        group = next(g for g in card.groups if g.level1 == level)
        assert f"{level}（{points}分，得{fmt(group.score, 1)}分）" in text  # the 自评结论's sentence
    if execution:
        assert f"预算执行情况（万元）（{execution}分）" in text and f"得分（{execution}分×执行率）" in text
    else:
        assert "预算执行情况（万元）\n" in text and "×执行率" not in text
    printed = {int(n) for n in re.findall(r"（(\d+)分[），]", text.split("附件1")[-1])}
    assert printed <= {execution, total, *split.values()}


def test_weights_not_adding_up_to_100_name_the_setting(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("样式:\n  执行率分值: 20\n  指标总分值: 100\n", "utf-8")
    result = run("check", "2023", "--workspace", str(ws))
    assert result.exit_code != 0
    assert "reportgen.yaml:2:3: 「样式」中「执行率分值」20 与「指标总分值」100 之和应为 100 分，实际为 120 分" in result.output
    assert "Traceback" not in result.output


def test_level1_weights_must_add_up_to_the_indicator_total(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("样式:\n  一级指标分值: {产出指标: 50, 效益指标: 20}\n", "utf-8")
    result = run("check", "2023", "--workspace", str(ws))
    assert "reportgen.yaml:2:3: 「样式」中「一级指标分值」之和应等于「指标总分值」80 分，实际为 产出指标 50 + 效益指标 20 = 70 分" in result.output


def test_grade_bands_must_run_down_to_zero(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("样式:\n  评价等级: {好: 60, 优: 90}\n", "utf-8")
    result = run("check", "2023", "--workspace", str(ws))
    assert "reportgen.yaml:2:3: 「样式」中「评价等级」应从高到低列出" in result.output


def test_indicator_total_alone_gives_the_rest_to_the_execution_rate(tmp_path: Path) -> None:
    """指标总分值: 100 used to print 综合评分为120分 under a （80分） header: now the 执行率 earns
    nothing, and the weights the data gives (80) are reported against the new total."""
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("样式:\n  指标总分值: 100\n", "utf-8")
    prepared = prepare(ws, 2023)
    errors = [p.format() for p in prepared.problems if p.severity == "error"]
    assert any(re.search(r"绩效\.yaml:\d+:\d+: 各指标「分值」合计应为 100 分，实际为 80 分。请调整分值（合计见「样式」的「指标总分值」）", e) for e in errors)


def test_grade_bands_follow_the_scheme(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("样式:\n  评价等级: {优秀: 99, 良好: 96, 合格: 0}\n", "utf-8")
    prepared = prepare(ws, 2023)
    perf = prepared.report.performance
    assert [c.grade for c in (perf.whole, *perf.projects)] == ["良好", "优秀", "优秀", "优秀", "优秀", "优秀", "合格"]
    assert "综合评分为95.08分，评价等级为“合格”" in worded(prepared, "绩效")


def test_an_unscored_scheme_prints_no_score(tmp_path: Path) -> None:
    """计分: false (the hook for 四川's 项目绩效目标自评表): no weights needed, no score printed."""
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("样式:\n  计分: false\n", "utf-8")
    edit(ws / "data" / "2023" / "绩效.yaml", "分值: 3}", "}", count=1)
    prepared = prepare(ws, 2023)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]
    whole = prepared.report.performance.whole
    assert whole.total is None and whole.grade == "" and all(r.score is None for r in whole.rows)
    text = worded(prepared, "绩效")
    assert "综合评分" not in text and "得分" not in text and "总分" not in text
    assert "偏差原因" in text and "年度绩效目标（" not in text
