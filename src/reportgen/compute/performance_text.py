"""Stage 3e: the text of the 部门整体支出绩效自评报告, sections 一–九 as in reference 002."""

from __future__ import annotations

from .. import wording as w
from ..numbers import ZERO, fmt
from .accounts import Accounts
from .model import Block, Scorecard, Summary, ThreeRow
from .performance import NO_PROBLEM

P = lambda text: Block("p", text)  # noqa: E731


def three_rows(a: Accounts) -> tuple[ThreeRow, ...]:
    """002's “三公”经费使用情况表: 年初预算数, 调整预算数 (全年预算), 决算数."""
    t = a.data.three
    initial_model = t.initial_budget or t.budget
    fig = a.ledger.fig
    initial = {k: fig(getattr(initial_model, k), "财政拨款三公经费支出决算表", "年初预算数", k).value
               for k in ("abroad", "car_purchase", "car_running", "reception")}
    adjusted = {k: f.value for k, f in a.three_budget.items()}
    actual = {k: f.value for k, f in a.three_actual.items()}
    foreign = fig(t.foreign_reception, "财政拨款三公经费支出决算表", "外宾接待费").value

    def row(label: str, keys: tuple[str, ...], strong: bool = False) -> ThreeRow:
        return ThreeRow(label, sum((initial[k] for k in keys), ZERO), sum((adjusted[k] for k in keys), ZERO),
                        sum((actual[k] for k in keys), ZERO), strong)

    everything = ("abroad", "car_purchase", "car_running", "reception")
    return (
        row("一、因公出国（境）费", ("abroad",), True),
        row("二、公务用车购置及运行维护费", ("car_purchase", "car_running"), True),
        row("公务用车购置费", ("car_purchase",)),
        row("公务用车运行维护费", ("car_running",)),
        row("三、公务接待费", ("reception",), True),
        ThreeRow("国内接待费", None, None, actual["reception"] - foreign),
        ThreeRow("国（境）外接待费", None, None, foreign),
        row("合计", everything, True),
    )


def body(a: Accounts, year: int, whole: Scorecard, cards: tuple[Scorecard, ...], prior: Summary) -> tuple[Block, ...]:
    st = a.ledger.style
    unit = a.data.unit
    ev = a.data.performance.whole  # type: ignore[union-attr]
    m = lambda v: w.money(v, st.amount_places, st.keep_zeros)  # noqa: E731
    out: list[Block] = [Block("h2", "一、基本情况"), Block("h3", "（一）单位基本情况"), P("1. 单位职责")]
    if unit.duties_intro:
        out.append(P(unit.duties_intro))
    out += [P(f"({i}) {w.sentence(d)}") for i, d in enumerate(unit.duties, 1)]
    out.append(P("2. 机构设置情况"))
    names = [d.name for d in unit.departments]
    out.append(P(f"{unit.name}内设{w.join(names)}，共{len(names)}个内设机构。" if names else f"{unit.name}未设内设机构。"))
    s = unit.staff
    out += [P("3. 人员编制情况"),
            P(f"{year}年末，{unit.name}核定{s.kind}{s.quota}名，实有在职人员{s.active}人，退休人员{s.retired}人"
              + (f"，编外人员{s.others}人。" if s.others else "。"))]
    out.append(Block("h3", "（二）单位绩效目标"))
    out += [P(f"{i}. {w.sentence(g)}") for i, g in enumerate(ev.goals, 1)] or [P(w.sentence(ev.goal) or "无。")]

    out += [Block("h2", "二、一般公共预算支出情况"), Block("h3", "（一）基本支出情况"), P("1. 基本情况")]
    basic = a.general.sum("basic").value
    out.append(P(f"{year}年度一般公共预算财政拨款基本支出{m(basic)}，其中人员经费{m(a.personnel().value)}，"
                 f"公用经费{m(a.public().value)}。" + w.sentence(ev.basic_note)))
    out.append(P("2. “三公”经费使用管理情况"))
    rows = three_rows(a)
    total = rows[-1]
    prev = sum(prior.three, ZERO)
    out.append(P(f"{year}年度“三公”经费年初预算数为{m(total.initial or ZERO)}，调整预算数为{m(total.adjusted or ZERO)}，"
                 f"决算数为{m(total.actual or ZERO)}，较上年{w.change(total.actual or ZERO, prev, st.amount_places, st.change_places)}。"
                 f"其中：因公出国（境）费{m(rows[0].actual or ZERO)}；公务用车购置费{m(rows[2].actual or ZERO)}；"
                 f"公务用车运行维护费{m(rows[3].actual or ZERO)}；公务接待费{m(rows[4].actual or ZERO)}。具体情况如下："))
    out += [Block("caption", f"{year}年度“三公”经费使用情况表"), Block("table", "三公")]
    out.append(Block("h3", "（二）项目支出情况"))
    budget = sum((c.budget for c in cards), ZERO)
    spent = sum((c.spent for c in cards), ZERO)
    project = a.general.sum("project").value
    if cards:
        rate = fmt(spent / budget * 100, st.execution_places) if budget else "0"
        out.append(P(f"{year}年度一般公共预算财政拨款项目支出{m(project)}，纳入绩效自评的项目{len(cards)}个，"
                     f"预算数合计{m(budget)}，执行数合计{m(spent)}，执行率{rate}%。" + w.sentence(ev.project_note)))
        out += [P(f"{i}. {c.name}：预算数{m(c.budget)}，执行数{m(c.spent)}，执行率{fmt(c.rate, st.execution_places)}%，"
                  f"自评得分{fmt(c.total, 2)}分，评价等级为“{c.grade}”。") for i, c in enumerate(cards, 1)]
    else:
        out.append(P(f"{year}年度一般公共预算财政拨款项目支出{m(project)}。" + w.sentence(ev.project_note)))

    fund = a.fund_expense("fund").value
    capital = a.fund_expense("capital").value
    out += [Block("h2", "三、政府性基金预算支出情况"),
            P(f"{year}年度政府性基金预算财政拨款支出{m(fund)}。" if fund else "无政府性基金预算支出。"),
            Block("h2", "四、国有资本经营预算支出情况"),
            P(f"{year}年度国有资本经营预算财政拨款支出{m(capital)}。" if capital else "无国有资本经营预算支出。"),
            Block("h2", "五、社会保险基金预算支出情况"), P("无社会保险基金预算支出。")]

    met = sum(1 for r in whole.rows if r.met)
    indicator_total = sum((r.score for r in whole.rows), ZERO)
    out += [Block("h2", "六、部门整体支出绩效情况"),
            P(f"经综合评价，{year}年度部门整体支出综合评分为{fmt(whole.total, 2)}分，评价等级为“{whole.grade}”。"
              f"其中，预算数{m(whole.budget)}，执行数{m(whole.spent)}，预算执行率{fmt(whole.rate, st.execution_places)}%，"
              f"得{fmt(whole.execution_score, 2)}分；共设置{len(whole.rows)}个绩效指标，完成{met}个，指标得分{fmt(indicator_total, 2)}分。")]
    unmet = [r.name for r in whole.rows if not r.met]
    if unmet:
        out.append(P(f"未完成的指标为{w.quoted(unmet)}，原因详见附件1。"))
    for n, (label, text) in enumerate((("运行成本", ev.running_cost), ("管理效率", ev.management), ("履职效能", ev.effectiveness),
                                       ("社会效应", ev.social_effect), ("可持续发展能力", ev.sustainability),
                                       ("服务对象满意度", ev.satisfaction)), 1):
        out += [Block("h3", f"{w.h2(n)}{label}")]
        if not text.strip():
            a.ledger.warn(f"绩效自评报告“{label}”一节没有内容：请在「绩效」「部门整体」中填写「{label}」。", ("绩效", "部门整体"))
        out += [P(line) for line in (text.strip() or "无。").splitlines() if line.strip()]
    problems = (w.sentence(ev.problems) + (f"原因：{w.sentence(ev.causes)}" if ev.causes else "")) if ev.problems else NO_PROBLEM
    out += [Block("h2", "七、存在的问题及原因"), P(problems),
            Block("h2", "八、下一步改进措施"), P(w.sentence(ev.measures) or w.sentence(ev.improvement_plan) or "无。"),
            Block("h2", "九、部门整体支出绩效自评结果应用和公开情况"),
            P(w.sentence(ev.publication) or f"部门整体支出绩效自评结果将作为{year + 1}年度预算安排的重要依据，并按规定在单位门户网站公开，接受社会监督。")]
    out.append(Block("h3", "附件："))
    out.append(P(f"1. {whole.title}"))
    out += [P(f"{i}. {c.title}") for i, c in enumerate(cards, 2)]
    return tuple(out)
