"""Stage 3d: the scoring engine of the self-evaluations and the 绩效自评报告's text.

Rules of 财预〔2020〕10号 as printed under reference 003's tables (备注 1–3):
执行率 = B / A and 20 × 执行率, at most 20; a positive quantitative indicator scores
weight × B/A, a negative one weight × A/B (or weight × (1 − (B−A)/A) when the style profile
says 偏差), never above the weight; a qualitative one scores within the clerk's tier
(达成 80–100 %, 部分达成 50–80 %, 未达成 0–50 % of the weight, bands from the profile).
Each score is rounded as printed, and the total is the sum of the printed scores, so a
table always adds up (003: 17.88 + 7.2 + 70 = 95.08). Grades: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

from .. import wording as w
from ..numbers import HUNDRED, ZERO, fmt, quantize
from ..schema import Evaluation, Indicator, Project, WholeEvaluation
from .accounts import Accounts
from .ledger import Ledger
from .model import Block, Choice, IndicatorRow, PerformanceReport, Scorecard, Summary
from .targets import Measure, met, parse, unreadable

EXECUTION_WEIGHT = Decimal(20)
#: 备注 1–3 as printed under 003's tables (财预〔2020〕10号).
REMARKS = (
    "1. 预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转），执行数为资金使用单位财政资金实际支出数。",
    "2. 定量指标完成数汇总原则：绝对值直接累加计算，相对值按照资金额度加权平均计算。定量指标计分原则：正向指标（即目标值为≥X，得分=权重*B/A），"
    "反向指标（即目标值为≤X，得分=权重*A/B），得分不得突破权重总额。定量指标先汇总完成数，再计算得分。",
    "3. 定性指标计分原则：达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差三档，分别按照该指标对应分值区间"
    "100-80%（含80%）、80-50%（含50%）、50-0%合理确定分值。汇总时，以资金额度为权重，对分值进行加权平均计算。",
)
NO_PROBLEM = "本次评价未发现绩效方面存在问题。"


def grade(total: Decimal) -> str:
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    if total >= 60:
        return "中"
    return "差"


class Scorer:
    """Scores the indicators of one evaluation, reporting problems at their YAML lines."""

    def __init__(self, ledger: Ledger, path: tuple[str | int, ...]):
        self.ledger = ledger
        self.style = ledger.style
        self.path = path

    def err(self, message: str, *sub: str | int) -> None:
        self.ledger.error(message, (*self.path, *sub))  # type: ignore[arg-type]

    def tier_band(self, tier: str, weight: Decimal) -> tuple[Decimal, Decimal]:
        high, low = (Decimal(t) / HUNDRED for t in self.style.tiers)
        return {"达成": (weight * high, weight), "部分达成": (weight * low, weight * high),
                "未达成": (ZERO, weight * low)}[tier]

    def indicator(self, i: int, ind: Indicator) -> tuple[Decimal, bool]:
        """(score, met) of one indicator, unrounded."""
        target, actual = parse(ind.target), parse(ind.actual)
        weight = ind.weight
        qualitative = ind.method == "定性" or not target.quantitative
        if ind.method != "定性" and not target.quantitative and unreadable(target):
            self.err(f"指标「{ind.name}」的目标值“{target.text}”以比较符号开头，但后面没有可读的数字。"
                     "请写成“≥98%”“≤5万元/年”这样的形式；如为定性指标，请去掉比较符号。", "指标", i, "目标值")
            return ZERO, False
        if qualitative:
            return self.qualitative(i, ind, weight)
        if not actual.quantitative:
            self.err(f"指标「{ind.name}」的目标值“{target.text}”是定量的，实际值“{actual.text}”却不是数字。"
                     "请写出实际完成的数（如 98%），或把「评分方式」设为 定性。", "指标", i, "实际值")
            return ZERO, False
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
            if ind.tier != "达成":
                self.err(f"指标「{ind.name}」完成档次为{ind.tier}，请填写「得分」（{fmt(low, 2)}～{fmt(high, 2)} 分）。", "指标", i)
                return ZERO, False
            score = weight
        else:
            score = ind.score
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


def _rows(indicators: list[Indicator], scores: list[tuple[Decimal, bool]], places: int) -> tuple[IndicatorRow, ...]:
    """Rows with the rowspans of merged 一级/二级 cells (consecutive equal values merge)."""
    rows: list[IndicatorRow] = []
    items = list(zip(indicators, scores))
    index = 0
    for _, group1 in groupby(items, key=lambda x: x[0].level1):
        g1 = list(group1)
        first1 = True
        for _, group2 in groupby(g1, key=lambda x: x[0].level2):
            g2 = list(group2)
            for k, (ind, (score, ok)) in enumerate(g2):
                rows.append(IndicatorRow(
                    ind.level1, ind.level2, ind.name, str(ind.target), str(ind.actual), ind.weight,
                    quantize(score, places), ok, len(g1) if first1 else 0, len(g2) if k == 0 else 0))
                first1 = False
                index += 1
    return tuple(rows)


def scorecard(ledger: Ledger, ev: Evaluation, path: tuple[str | int, ...], *, kind: str, name: str, unit_name: str,
              spent: Decimal, year: int, basic: Decimal | None = None, project: Decimal | None = None) -> Scorecard:
    """Score one evaluation and write its 自评结果 summary."""
    style = ledger.style
    scorer = Scorer(ledger, path)
    budget = ledger.fig(ev.budget, *path, "预算数").value  # type: ignore[arg-type]
    if budget == 0:
        scorer.err("「预算数」为 0，无法计算执行率。请填写预算数（A）。", "预算数")
    rate = spent / budget * HUNDRED if budget else ZERO
    execution = quantize(min(EXECUTION_WEIGHT, EXECUTION_WEIGHT * rate / HUNDRED), style.execution_score_places)
    weights = sum((ind.weight for ind in ev.indicators), ZERO)
    if ev.indicators and weights != style.indicator_total:
        scorer.err(f"各指标「分值」合计应为 {style.indicator_total} 分，实际为 {fmt(weights, 4)} 分。请调整分值。", "指标")
    if not ev.indicators:
        scorer.err("没有填写绩效指标。请在「指标」下列出各三级指标。", "指标")
    scores = [scorer.indicator(i, ind) for i, ind in enumerate(ev.indicators)]
    rows = _rows(list(ev.indicators), scores, style.indicator_score_places)
    total = execution + sum((r.score for r in rows), ZERO)
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
    stem = f"{year}年度{name}项目绩效自评" if kind == "project" else f"{year}年度{unit_name}整体绩效自评"
    card = Scorecard(kind, stem + "表", stem + "结果", name, unit_name, ev.date, authority, executor, choices, budget, spent, rate,  # type: ignore[arg-type]
                     execution, basic, project, ev.goal, rows, total, grade(total), ev.deviation, ev.improvement_plan, (), REMARKS)
    return Scorecard(**{**card.__dict__, "summary": summary(card, ev, year, style.execution_places)})


def summary(card: Scorecard, ev: Evaluation, year: int, rate_places: int) -> tuple[Block, ...]:
    """The 自评结果 text (003's 附件 summaries): score, execution, indicators met and unmet."""
    subject = f"{card.name}项目" if card.kind == "project" else "部门整体支出"
    blocks = [Block("h3", "（一）自评得分"),
              Block("p", f"经综合评价，{year}年度{subject}综合评分为{fmt(card.total, 2)}分，评价等级为“{card.grade}”。"),
              Block("h3", "（二）绩效目标完成情况"),
              Block("p", f"1. 执行率情况：{subject}预算数{fmt(card.budget, 2)}万元，执行数{fmt(card.spent, 2)}万元，"
                         f"资金执行率{fmt(card.rate, rate_places)}%，得分{fmt(card.execution_score, 2)}分。")]
    met_count = sum(1 for r in card.rows if r.met)
    blocks.append(Block("p", f"2. 完成的绩效目标：共设置{len(card.rows)}个绩效指标，完成{met_count}个。"))
    for level1, group in groupby(card.rows, key=lambda r: r.level1):
        rows = list(group)
        parts = []
        for level2, sub in groupby(rows, key=lambda r: r.level2):
            names = [r.name for r in sub]
            parts.append(f"{level2}{len(names)}个，为{w.quoted(names)}")
        done = sum(1 for r in rows if r.met)
        tail = "均完成目标值" if done == len(rows) else f"完成{done}个"
        blocks.append(Block("p", f"{level1}{len(rows)}个，其中{'；'.join(parts)}；{tail}。"))
    unmet = [(r, ind) for r, ind in zip(card.rows, ev.indicators) if not r.met]
    if unmet:
        lines = [f"{r.level1}中{r.level2}“{r.name}”（目标值{r.target}，实际完成{r.actual}），未完成原因：{w.sentence(ind.reason)}"
                 for r, ind in unmet]
        blocks.append(Block("p", f"3. 未完成的绩效目标：共{len(unmet)}个。" + "".join(lines)))
    else:
        blocks.append(Block("p", f"3. 未完成的绩效目标：{subject}本年度无未完成的绩效目标。"))
    blocks += [Block("h3", "（三）存在的问题和原因"),
               Block("p", "1. 上年度绩效评价结果应用情况：" + (w.sentence(ev.last_year_use) or "无。")),
               Block("p", "2. 本年度绩效存在的问题和原因：" + (w.sentence(ev.problems) + (f"原因：{w.sentence(ev.causes)}" if ev.causes else "")
                                                    if ev.problems else NO_PROBLEM)),
               Block("h3", "（四）下一步拟改进措施"),
               Block("p", "1. 下一步改进措施：" + (w.sentence(ev.measures) or NO_PROBLEM)),
               Block("p", "2. 拟与预算安排相结合的情况：" + (w.sentence(ev.budget_link) or NO_PROBLEM))]
    return tuple(blocks)


def performance(a: Accounts, year: int, prior: Summary) -> PerformanceReport | None:
    """Score every evaluation and write the 绩效自评报告 (None when there is no 绩效 data)."""
    perf = a.data.performance
    if perf is None:
        return None
    ledger = a.ledger
    unit = a.data.unit
    short = unit.short_name or unit.name
    whole_ev: WholeEvaluation = perf.whole
    spent = ledger.fig(whole_ev.spent, "绩效", "部门整体", "执行数").value if whole_ev.spent is not None else a.expense_total().value
    basic, project = a.expense.sum("basic").value, a.expense.sum("project").value
    whole = scorecard(ledger, whole_ev, ("绩效", "部门整体"), kind="whole", name=short, unit_name=short,
                      spent=spent, year=year, basic=basic, project=project)
    cards = tuple(
        scorecard(ledger, p, ("绩效", "项目", i), kind="project", name=p.name, unit_name=short,
                  spent=ledger.fig(p.spent, "绩效", "项目", i, "执行数").value, year=year)  # type: ignore[arg-type]
        for i, p in enumerate(perf.projects)
    )
    from .performance_text import body, three_rows

    return PerformanceReport(f"{unit.name}{year}年度部门整体支出绩效自评报告", body(a, year, whole, cards, prior), three_rows(a), whole, cards)
