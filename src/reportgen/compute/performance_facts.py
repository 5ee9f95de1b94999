"""Stage 3e: the 部门整体支出绩效自评报告 — its scorecards and the figures of its sections
(reference 002's 一–九), for the profile's templates to word."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..numbers import ZERO, ratio
from ..schema import WholeEvaluation
from .accounts import THREE_ITEMS, Accounts
from .basis import HERE, Basis
from .facts import Gaps
from .model import Change, PerformanceReport, Scorecard, ThreeRow
from .performance import checklist, scorecard
from .projects import project_reports


def three_rows(b: Basis) -> tuple[ThreeRow, ...]:
    """002's “三公”经费使用情况表: 年初预算数, 调整预算数 (全年预算), 决算数."""
    initial, adjusted, actual = b.three_initial, b.three_budget, b.three_actual

    def row(label: str, keys: tuple[str, ...], strong: bool = False) -> ThreeRow:
        return ThreeRow(label, sum((initial[k] for k in keys), ZERO), sum((adjusted[k] for k in keys), ZERO),
                        sum((actual[k] for k in keys), ZERO), strong)

    return (
        row("一、因公出国（境）费", ("abroad",), True),
        row("二、公务用车购置及运行维护费", ("car_purchase", "car_running"), True),
        row("公务用车购置费", ("car_purchase",)),
        row("公务用车运行维护费", ("car_running",)),
        row("三、公务接待费", ("reception",), True),
        ThreeRow("国内接待费", None, None, actual["reception"] - b.foreign_reception),
        ThreeRow("国（境）外接待费", None, None, b.foreign_reception),
        row("合计", tuple(THREE_ITEMS), True),
    )


def _evaluated(cards: list[Scorecard] | tuple[Scorecard, ...]) -> dict[str, Any]:
    """How many projects `cards` are, their 预算数 and 执行数 summed, and the 执行率 of the sums."""
    budget = sum((c.budget for c in cards), ZERO)
    spent = sum((c.spent for c in cards), ZERO)
    return {"count": len(cards), "budget": budget, "spent": spent, "rate": ratio(spent, budget) or ZERO}


def _three(rows: tuple[ThreeRow, ...], prior: Decimal | None, gaps: Gaps) -> dict[str, Any]:
    """The “三公” sentence's figures; `gap` instead of them when the year did not type them,
    a gap for the change when last year's total was not typed."""
    if not rows:
        return {"gap": gaps.gap("“三公”经费的年初预算数、全年预算数和决算数（本单位没有“三公”经费时写 三公经费: {}）", *HERE, "三公经费")}
    total = rows[-1]
    change = (Change.of(total.actual or ZERO, prior) if prior is not None else
              gaps.gap("上年“三公”经费决算数（上年没有时写 上年三公经费决算数: {}）", *HERE, "上年三公经费决算数"))
    return {"gap": None, "initial": total.initial, "adjusted": total.adjusted, "actual": total.actual, "change": change,
            "abroad": rows[0].actual, "car_purchase": rows[2].actual, "car_running": rows[3].actual, "reception": rows[4].actual}


#: The 六、部门整体支出绩效情况 subsections: the key each is typed under in 绩效 → 部门整体.
ASPECTS = (("运行成本", "running_cost"), ("管理效率", "management"), ("履职效能", "effectiveness"),
           ("社会效应", "social_effect"), ("可持续发展能力", "sustainability"), ("服务对象满意度", "satisfaction"))


#: The texts of a 自评结论 that the report always prints: key, what it is.
CARD_TEXTS = (("last_year_use", "上年度绩效评价结果应用情况", "上年度绩效评价结果应用情况（没有则写明）"),
              ("problems", "存在的问题", "存在的问题（没有则写明“未发现问题。”）"),
              ("measures", "下一步改进措施", "下一步改进措施"),
              ("budget_link", "拟与预算安排相结合情况", "自评结果拟与预算安排相结合的情况"))


def _stated(card: Scorecard, gaps: Gaps, path: tuple[str | int, ...]) -> Scorecard:
    """The card with a gap for each text its 自评结论 prints and each box of its form no option
    of which is ticked, where the clerk left them empty."""
    label = "部门整体" if card.kind == "whole" else f"项目“{card.name}”"
    texts = {**card.texts, **{attr: gaps.need(card.texts[attr], True, f"{label}{what}", *path, key)
                              for attr, key, what in CARD_TEXTS}}
    choices = tuple(c if any(on for _, on in c.options) else
                    replace(c, gap=gaps.gap(f"{label}的{c.label}（{'、'.join(o.lstrip('0123456789-') for o, _ in c.options)}）", *path, c.label))
                    for c in card.choices)
    return replace(card, texts=texts, choices=choices)


def performance(a: Accounts, b: Basis, prior_three: Decimal | None, overview: dict[str, Any], gaps: Gaps) -> PerformanceReport | None:
    """Score every evaluation and gather the report's figures (None when there is no 绩效 data);
    `b` is the year's money as the report prints it, `overview` the unit's facts (第一部分),
    `prior_three` last year's “三公” total (None: a 绩效-only year that did not type it)."""
    perf = a.data.performance
    if perf is None:
        return None
    ledger = a.ledger
    unit = a.data.unit
    short = unit.short_name or unit.name
    ev: WholeEvaluation = perf.whole
    spent = ledger.fig(ev.spent, "绩效", "部门整体", "执行数").value if ev.spent is not None else b.spent_all.value
    here = ("绩效", "部门整体")
    absent_basic = gaps.gap("一般公共预算财政拨款基本支出（或人员经费和公用经费）", *HERE, "基本支出") if "基本支出" in b.absent else None
    basic = absent_basic or b.basic.value
    whole = _stated(scorecard(ledger, ev, here, kind="whole", name=short, unit_name=short, spent=spent,
                              basic=absent_basic or b.basic_all.value, project=b.project_all.value), gaps, here)
    cards = tuple(_stated(scorecard(ledger, p, ("绩效", "项目", i), kind="project", name=p.name, unit_name=short, spent=figs[1]),
                          gaps, ("绩效", "项目", i))
                  for i, (p, figs) in enumerate(zip(perf.projects, a.project_figures)))
    rows = () if "三公经费" in b.absent else three_rows(b)
    kinds = [p.fund_kind for p in perf.projects]
    facts: dict[str, Any] = {
        "evaluation": ev, "概况": overview,
        "goals": list(ev.goals) or [gaps.need(ev.goal, True, "部门年度绩效目标", *here, "绩效目标")],
        "problems": whole.texts["problems"], "causes": ev.causes,
        "measures": gaps.need(ev.measures or ev.improvement_plan, True, "部门整体下一步改进措施", *here, "下一步改进措施"),
        "publication": gaps.need(ev.publication, True, "部门整体支出绩效自评结果应用和公开情况", *here, "自评结果应用和公开情况"),
        "social_insurance": gaps.need(ev.social_insurance, True, "社会保险基金预算支出情况（没有则写明）", *here, "社会保险基金预算支出"),
        "basic": basic, "personnel": b.personnel.value if b.personnel is not None else None,
        "public": b.public.value if b.public is not None else None,
        "three": _three(rows, prior_three, gaps),
        # All the projects evaluated, and those of each budget (资金性质): 项目支出 (total) is
        # 一般公共预算's, which the others are not part of.
        "projects": {"total": b.project.value, **_evaluated(cards),
                     "general": _evaluated([c for c, k in zip(cards, kinds) if k == "一般公共预算"]),
                     "others": [{"kind": kind, **_evaluated(cs)} for kind in ("政府性基金", "国有资本经营")
                                if (cs := [c for c, k in zip(cards, kinds) if k == kind])]},
        "fund": b.fund.value, "capital": b.capital.value,
        "money": {"income_budget": b.income_budget, "income_total": b.income_total, "expense_budget": b.expense_budget,
                  "expense_total": b.spent_all.value,
                  "income_change": Change.of(b.income_total, b.income_budget)
                  if b.income_total is not None and b.income_budget is not None else None,
                  "expense_change": Change.of(b.spent_all.value, b.expense_budget["合计"]) if b.expense_budget else None},
        "aspects": [(label, gaps.need(getattr(ev, attr), True, f"绩效自评报告“{label}”一节的内容", *here, label))
                    for label, attr in ASPECTS],
        "unmet": [r.name for r in whole.rows if not r.met],
        "project_reports": [{**r, "card": c} for r, c in zip(project_reports(a), cards)],
    }
    management = checklist(ledger, perf.management, ("绩效", "部门绩效管理"), short) if perf.management else None
    return PerformanceReport(facts, rows, whole, cards, management)
