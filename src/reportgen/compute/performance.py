"""Stage 3d: the scoring engine of the self-evaluations.

Rules of 财预〔2020〕10号 as printed under reference 003's tables (备注 1–3):
执行率 = B / A and 20 × 执行率, at most 20; a positive quantitative indicator scores
weight × B/A, a negative one weight × A/B (or weight × (1 − (B−A)/A) when the style profile
says 偏差), never above the weight; a qualitative one scores within the clerk's tier
(达成 80–100 %, 部分达成 50–80 %, 未达成 0–50 % of the weight, bands from the profile).
Each score is rounded as printed, and the total is the sum of the printed scores, so a
table always adds up (003: 17.88 + 7.2 + 70 = 95.08). Grades: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差.

The points are the profile's scheme (样式: 执行率分值, 指标总分值, 一级指标分值, 计分, 评价等级),
003's 20 + 80 by default; a 湖南 centre scores 产出 50 / 效益 30 / 满意度 20 with no 执行率
points, and an unscored form (计分: false) keeps the indicators' 偏差 without points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import groupby

from ..numbers import HUNDRED, ZERO, fmt, quantize
from ..schema import Evaluation, Indicator, ManagementCheck, Project
from ..settings import Style, execution_weight
from .ledger import Ledger
from .model import Choice, IndicatorGroup, IndicatorRow, Scorecard
from .targets import Measure, met, parse, unreadable

@dataclass(frozen=True)
class Scheme:
    """How a scorecard is scored: the 执行率's points, the indicators' total and its split by
    一级指标 (empty: any split), whether it is scored at all, the grade bands (high to low)."""

    execution: Decimal
    indicators: Decimal
    level1: dict[str, Decimal]
    scored: bool
    grades: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, style: Style) -> "Scheme":
        return cls(Decimal(execution_weight(style)), Decimal(style.indicator_total), dict(style.level1_weights),
                   style.scored, tuple(style.grades.items()))

    def grade(self, total: Decimal) -> str:
        return next((name for name, low in self.grades if total >= low), self.grades[-1][0])


class Scorer:
    """Scores the indicators of one evaluation, reporting problems at their YAML lines."""

    def __init__(self, ledger: Ledger, path: tuple[str | int, ...], scored: bool = True):
        self.ledger = ledger
        self.style = ledger.style
        self.path = path
        self.scored = scored

    def err(self, message: str, *sub: str | int, severity: str = "error") -> None:
        self.ledger.error(message, (*self.path, *sub), severity)  # type: ignore[arg-type]

    def tier_band(self, tier: str, weight: Decimal) -> tuple[Decimal, Decimal]:
        high, low = (Decimal(t) / HUNDRED for t in self.style.tiers)
        return {"达成": (weight * high, weight), "部分达成": (weight * low, weight * high),
                "未达成": (ZERO, weight * low)}[tier]

    def indicator(self, i: int, ind: Indicator) -> tuple[Decimal, bool]:
        """(score, met) of one indicator, unrounded."""
        target, actual = parse(ind.target), parse(ind.actual)
        weight = ZERO if ind.weight is None else ind.weight
        qualitative = ind.method == "定性" or not target.quantitative
        if ind.method != "定性" and not target.quantitative and unreadable(target):
            self.err(f"指标「{ind.name}」的目标值“{target.text}”以比较符号开头，但后面没有可读的数字。"
                     "请写成“≥98%”“≤5万元/年”这样的形式；如为定性指标，请去掉比较符号。", "指标", i, "目标值")
            return ZERO, False
        if not str(ind.actual).strip():  # as new-year leaves it
            self.err(f"指标「{ind.name}」尚未填写「实际值」：请写出本年实际完成的情况（如 98%、按期完成）。", "指标", i, "实际值")
            return ZERO, False
        if qualitative:
            return self.qualitative(i, ind, weight)
        if not actual.quantitative:
            self.err(f"指标「{ind.name}」的目标值“{target.text}”是定量的，实际值“{actual.text}”却不是数字。"
                     "请写出实际完成的数（如 98%），或把「评分方式」设为 定性。", "指标", i, "实际值")
            return ZERO, False
        if _unit(target.unit) and _unit(actual.unit) and _unit(target.unit) != _unit(actual.unit):
            self.err(f"指标「{ind.name}」的目标值“{target.text}”和实际值“{actual.text}”单位不同，无法比较。"
                     "请把实际值换算成目标值的单位（如 83300元 写作 8.33万元）。", "指标", i, "实际值")
            return ZERO, False
        if actual.op != "=":  # as 003 prints some (≥100%): scored as the number, but said
            self.err(f"指标「{ind.name}」的实际值“{actual.text}”带有比较符号，已按 {actual.number}{actual.unit} 计分。"
                     "实际值应为实际完成的数（如 98%），比较符号只写在目标值中；请改为实际完成的数。",
                     "指标", i, "实际值", severity="warning")
        ok = met(target, actual)
        score = self.quantitative_score(target, actual, weight)
        if ind.deduction is not None:
            if not ind.deduction_reason.strip():
                self.err(f"指标「{ind.name}」扣分 {ind.deduction} 分，但缺少「扣分原因」。", "指标", i, "扣分")
            score = max(ZERO, score - ind.deduction)
        if ind.tier is not None or ind.score is not None:
            self.err(f"指标「{ind.name}」是定量指标，得分按公式计算，不能填写「完成档次」或「得分」。"
                     "如确需按档次评分，请把「评分方式」设为 定性。", "指标", i)
        if not ok and not ind.reason.strip():
            self.err(f"指标「{ind.name}」未完成（目标 {target.text}，实际 {actual.text}），请填写「未完成原因」。", "指标", i)
        return score, ok

    def quantitative_score(self, target: Measure, actual: Measure, weight: Decimal) -> Decimal:
        a, b = target.number, actual.number
        assert a is not None and b is not None
        if target.positive:
            if a == 0:
                return weight
            return min(weight, weight * b / a)
        if b <= a:
            return weight
        if self.style.negative_formula == "偏差" and a != 0:
            return max(ZERO, weight * (1 - (b - a) / a))
        return min(weight, weight * a / b)

    def qualitative(self, i: int, ind: Indicator, weight: Decimal) -> tuple[Decimal, bool]:
        if ind.tier is None:
            self.err(f"指标「{ind.name}」是定性指标（目标值“{ind.target}”），请填写「完成档次」：达成、部分达成 或 未达成。", "指标", i)
            return ZERO, False
        low, high = self.tier_band(ind.tier, weight)
        if ind.score is None:
            if ind.tier != "达成" and self.scored:
                self.err(f"指标「{ind.name}」完成档次为{ind.tier}，请填写「得分」（{fmt(low, 2)}～{fmt(high, 2)} 分）。", "指标", i)
                return ZERO, False
            score = weight
        else:
            score = ind.score
            places = self.style.indicator_score_places
            if quantize(score, places) != score:
                # Printed rounded, and the total adds the printed scores: 14.96 would count as 15.0.
                self.err(f"指标「{ind.name}」的得分 {fmt(score, 4)} 比报告印出的多小数位：印作 {fmt(score, places, True)}，"
                         f"总分也按印出的分数相加。请按 {places} 位小数填写（样式「指标得分小数位」）。", "指标", i, "得分",
                         severity="warning")
            inside = low <= score <= high if ind.tier == "达成" else low <= score < high
            if ind.tier == "未达成":
                inside = ZERO <= score < high
            if not inside:
                self.err(f"指标「{ind.name}」完成档次为{ind.tier}，得分应在 {fmt(low, 2)}～{fmt(high, 2)} 分之间"
                         f"（{ind.tier}档为分值的{_band_text(ind.tier, self.style.tiers)}），实际填写 {fmt(score, 4)} 分。", "指标", i, "得分")
        ok = ind.tier == "达成"
        if not ok and not ind.reason.strip():
            self.err(f"指标「{ind.name}」{ind.tier}，请填写「未完成原因」。", "指标", i)
        return score, ok


def _band_text(tier: str, tiers: tuple[int, int]) -> str:
    high, low = tiers
    return {"达成": f"{high}%～100%", "部分达成": f"{low}%～{high}%", "未达成": f"0～{low}%"}[tier]


def _rows(indicators: list[Indicator], scores: list[tuple[Decimal, bool]], places: int | None) -> tuple[IndicatorRow, ...]:
    """Rows with the rowspans of merged 一级/二级 cells, grouped 一级 → 二级 in the order each
    first appears: indicators typed out of order (数量, 质量, 数量) still print as one group each."""
    rows: list[IndicatorRow] = []
    seen1 = {ind.level1: i for i, ind in reversed(list(enumerate(indicators)))}
    seen2 = {(ind.level1, ind.level2): i for i, ind in reversed(list(enumerate(indicators)))}
    items = sorted(zip(indicators, scores), key=lambda x: (seen1[x[0].level1], seen2[x[0].level1, x[0].level2]))
    for _, group1 in groupby(items, key=lambda x: x[0].level1):
        g1 = list(group1)
        first1 = True
        for _, group2 in groupby(g1, key=lambda x: x[0].level2):
            g2 = list(group2)
            for k, (ind, (score, ok)) in enumerate(g2):
                rows.append(IndicatorRow(
                    ind.level1, ind.level2, ind.name, str(ind.target), str(ind.actual), ind.weight,
                    None if places is None else quantize(score, places), ok, len(g1) if first1 else 0, len(g2) if k == 0 else 0, ind.reason, ind.measure))
                first1 = False
    return tuple(rows)


def groups(rows: tuple[IndicatorRow, ...], scheme: Scheme) -> tuple[IndicatorGroup, ...]:
    """The indicators counted (and their printed scores summed) per 一级指标 and listed per
    二级指标, in the table's order."""
    out = []
    for level1, group in groupby(rows, key=lambda r: r.level1):
        items = list(group)
        level2 = tuple((name, tuple(r.name for r in sub)) for name, sub in groupby(items, key=lambda r: r.level2))
        score = sum((r.score for r in items if r.score is not None), ZERO) if scheme.scored else None
        out.append(IndicatorGroup(level1, len(items), sum(1 for r in items if r.met), level2, scheme.level1.get(level1), score))
    return tuple(out)


def check_weights(scorer: Scorer, indicators: list[Indicator], scheme: Scheme) -> None:
    """The indicators' 分值 follow the scheme: each given, adding up to 指标总分值, and per
    一级指标 to its 一级指标分值 when the scheme sets them. An unscored form needs none."""
    if not scheme.scored:
        return
    missing = [i for i, ind in enumerate(indicators) if ind.weight is None]
    for i in missing:
        scorer.err(f"指标「{indicators[i].name}」没有「分值」。本样式按 {fmt(scheme.indicators, 4)} 分计分，请填写各指标的分值。", "指标", i)
    weights = sum((ind.weight for ind in indicators if ind.weight is not None), ZERO)
    if indicators and not missing and weights != scheme.indicators:
        scorer.err(f"各指标「分值」合计应为 {fmt(scheme.indicators, 4)} 分，实际为 {fmt(weights, 4)} 分。"
                   "请调整分值（合计见「样式」的「指标总分值」）。", "指标")
    if not scheme.level1 or missing:
        return
    for i, ind in enumerate(indicators):
        if ind.level1 not in scheme.level1:
            scorer.err(f"指标「{ind.name}」的一级指标「{ind.level1}」不在本样式的「一级指标分值」中（{'、'.join(scheme.level1)}）。"
                       "请改为其中之一。", "指标", i, "一级指标")
            return
    for level1, points in scheme.level1.items():
        own = [ind.weight for ind in indicators if ind.level1 == level1 and ind.weight is not None]
        if sum(own, ZERO) != points:
            scorer.err(f"一级指标「{level1}」下各指标「分值」合计应为 {fmt(points, 4)} 分（「样式」的「一级指标分值」），"
                       f"实际为 {fmt(sum(own, ZERO), 4)} 分（{len(own)} 个指标）。请调整分值。", "指标")


def _scored_rows(scorer: Scorer, indicators: list[Indicator], scheme: Scheme) -> tuple[tuple[IndicatorRow, ...], Decimal | None]:
    """The indicators scored under `scheme` as the table's rows, and the sum of their printed
    scores (None when the scheme does not score)."""
    if not indicators:
        scorer.err("没有填写绩效指标。请在「指标」下列出各三级指标。", "指标")
    check_weights(scorer, indicators, scheme)
    scores = [scorer.indicator(i, ind) for i, ind in enumerate(indicators)]
    rows = _rows(indicators, scores, scorer.style.indicator_score_places if scheme.scored else None)
    return rows, sum((r.score for r in rows if r.score is not None), ZERO) if scheme.scored else None


def checklist(ledger: Ledger, check: ManagementCheck, path: tuple[str | int, ...], unit_name: str) -> Scorecard:
    """河北's 部门绩效管理 check: its indicators scored 百分制 on their own, with no money."""
    scheme = replace(Scheme.of(ledger.style), execution=ZERO, indicators=HUNDRED, level1={}, scored=True)
    rows, score = _scored_rows(Scorer(ledger, path), list(check.indicators), scheme)
    assert score is not None
    return Scorecard("management", "部门绩效管理工作", unit_name, "", "", "", (), ZERO, ZERO, ZERO, None, ZERO, HUNDRED,
                     None, None, "", rows, groups(rows, scheme), sum(1 for r in rows if r.met), score, score,
                     scheme.grade(score), "", "", {"note": check.note})


def scorecard(ledger: Ledger, ev: Evaluation, path: tuple[str | int, ...], *, kind: str, name: str, unit_name: str,
              spent: Decimal, basic: Decimal | None = None, project: Decimal | None = None) -> Scorecard:
    """Score one evaluation under the profile's scheme: execution, every indicator, the total
    (the sum of the printed scores) and the grade."""
    style = ledger.style
    scheme = Scheme.of(style)
    scorer = Scorer(ledger, path, scheme.scored)
    budget = ledger.fig(ev.budget, *path, "预算数").value  # type: ignore[arg-type]
    if budget == 0:
        scorer.err("「预算数」为 0，无法计算执行率。请填写预算数（A）。", "预算数")
    rate = spent / budget * HUNDRED if budget else ZERO
    if budget and spent > budget:
        capped = f"（得分按 {fmt(scheme.execution, 4)} 分封顶）" if scheme.scored and scheme.execution else ""
        scorer.err(f"执行数 {ledger.as_typed(spent, *path)}大于预算数 {ledger.as_typed(budget, *path)}，"
                   f"执行率 {fmt(rate, style.execution_places)}%"
                   f"{capped}。请核对预算数（A，调整后财政资金总额，含上年结转）和执行数（B）。",
                   "执行数", severity="warning")
    rows, indicator_score = _scored_rows(scorer, list(ev.indicators), scheme)
    execution = total = None
    if scheme.scored:
        execution = quantize(min(scheme.execution, scheme.execution * rate / HUNDRED), style.execution_score_places)
        total = execution + indicator_score  # type: ignore[operator]
    choices: tuple[Choice, ...] = ()
    authority = executor = ""
    if isinstance(ev, Project):
        choices = (
            Choice("支出项目类别", (("31-本级支出项目", ev.category == "本级支出项目"), ("32-转移性支出项目", ev.category == "转移性支出项目"))),
            Choice("项目属性", (("01持续性项目", ev.attribute == "持续性项目"), ("02新增性项目", ev.attribute == "新增性项目"))),
            Choice("项目安排频度", (("01常年性项目", ev.frequency == "常年性项目"), ("02延续性项目", ev.frequency == "延续性项目"),
                                   ("03一次性项目", ev.frequency == "一次性项目"))),
        )
        authority, executor = ev.authority, ev.executor
    texts = {"last_year_use": ev.last_year_use, "problems": ev.problems, "causes": ev.causes, "measures": ev.measures,
             "budget_link": ev.budget_link}
    return Scorecard(kind, name, unit_name, ev.date, authority, executor, choices, budget, spent, rate,  # type: ignore[arg-type]
                     execution, scheme.execution, scheme.indicators, basic, project, ev.goal, rows, groups(rows, scheme),
                     sum(1 for r in rows if r.met), indicator_score, total, scheme.grade(total) if total is not None else "",
                     ev.deviation, ev.improvement_plan, texts, scheme.scored)


def _unit(unit: str) -> str:
    """A unit as compared: full-width ％ as %, and without its period (“万元/年” is 万元)."""
    return unit.replace("％", "%").split("/")[0].strip()
