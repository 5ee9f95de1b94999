"""Stage 3c: the 决算 report's text — 第一部分 概况, 第三部分 情况说明 一–十四, 第四部分,
第五部分 名词解释 — generated from the figures, followed by the clerk's reasons.

Sentences follow reference 003. A reason the rules require (a change against last year, a
决算 that differs from its 年初预算) that the clerk left empty is reported as a warning.
"""

from __future__ import annotations

from decimal import Decimal

from .. import catalogue
from .. import wording as w
from ..numbers import ZERO, fmt, largest_remainder, ratio
from ..schema import YearData
from .accounts import EXPENSE_COLUMNS, INCOME_COLUMNS, THREE_ITEMS, UNEXPLAINED, Accounts, row_total
from .model import Block, Chart, Series, Summary

P = lambda text: Block("p", text)  # noqa: E731


class Writer:
    """Builds the blocks of the narrative parts with the style profile's precision."""

    def __init__(self, a: Accounts, prior: Summary, year: int):
        self.a = a
        self.data: YearData = a.data
        self.prior = prior
        self.st = a.ledger.style
        self.year = year
        self.last = year - 1
        self.unit = a.data.unit.name

    # -------------------------------------------------------------- formatting

    def m(self, value: Decimal) -> str:
        return w.money(value, self.st.amount_places, self.st.keep_zeros)

    def chg(self, cur: Decimal, prev: Decimal, subject: str = "支出") -> str:
        return w.change(cur, prev, self.st.amount_places, self.st.change_places, subject, self.st.keep_zeros)

    def shares(self, values: list[Decimal], places: int) -> list[str]:
        total = sum(values, ZERO)
        if self.st.exact_hundred and total:
            return [w.percent(v, places) for v in largest_remainder(values, places)]
        return [w.share(v, total, places) for v in values]

    def reason(self, text: str, lead: str, path: tuple[str, ...], required: bool, what: str) -> str:
        """The clerk's reason with its lead-in; a warning when a required one is missing."""
        if text.strip():
            return f"{lead}{w.sentence(text)}"
        if required:
            self.a.ledger.warn(f"缺少{what}：请在「情况说明」中填写「{path[-1]}」。", ("情况说明", *path[1:]) if path[0] == "情况说明" else path)
        return ""

    def narrative(self, key: str) -> tuple[str, tuple[str, ...]]:
        field = next(f for f in type(self.data.narrative).model_fields.items() if f[1].alias == key)
        return getattr(self.data.narrative, field[0]), ("情况说明", key)

    def said(self, key: str, lead: str, required: bool, what: str) -> str:
        text, path = self.narrative(key)
        return self.reason(text, lead, path, required, what)

    # -------------------------------------------------------------- 第一部分

    def part1(self) -> tuple[Block, ...]:
        u = self.data.unit
        blocks = [Block("h2", "一、部门主要职责")]
        if u.duties_intro:
            blocks.append(P(u.duties_intro))
        blocks += [P(f"{i}. {w.sentence(d)}") for i, d in enumerate(u.duties, 1)]
        blocks += [Block("h2", "二、机构设置情况"), Block("h3", "（一）机构设置")]
        blocks += [P(f"{i}. {d.name}。{w.sentence(d.duties)}") for i, d in enumerate(u.departments, 1)]
        if u.departments_note:
            blocks.append(P(u.departments_note))
        if not u.departments:
            blocks.append(P(f"{self.unit}未设内设机构。"))
        blocks += [Block("h3", "（二）部门预算单位构成"), P(u.composition or f"{self.unit}为独立核算单位，纳入本部门决算编制范围的单位只有本级。")]
        s = u.staff
        text = f"{self.unit}核定{s.kind}{s.quota}名，实有在职人员{s.active}人"
        if s.quota:
            text += f"（占编制数的{w.percent(ratio(Decimal(s.active), Decimal(s.quota)), self.st.structure_places)}）"
        text += f"，退休人员{s.retired}人"
        text += f"，编外人员{s.others}人。" if s.others else "。"
        blocks += [Block("h3", "（三）人员情况"), P(text + (s.note or ""))]
        return tuple(blocks)

    # -------------------------------------------------------------- 第三部分

    def part3(self) -> tuple[Block, ...]:
        out: list[Block] = []
        for builder in (self.s1_total, self.s2_income, self.s3_expense, self.s4_fiscal, self.s5_general,
                        self.s6_basic, self.s7_fund, self.s8_capital, self.s9_three, self.s10_running,
                        self.s11_procurement, self.s12_assets, self.s13_performance, self.s14_special):
            out += builder()
        return tuple(out)

    def s1_total(self) -> list[Block]:
        a, pr = self.a, self.prior
        total = a.grand_total().value
        text = f"{self.year}年度收、支总计均为{self.m(total)}。与{self.last}年度相比，收、支总计各{self.chg(total, pr.grand_total)}。"
        text += self.said("收支总计变动原因", "主要原因：", total != pr.grand_total, "收、支总计变动的原因")
        chart = self.bar("1", "收、支决算总计变动情况", ("收入总计", "支出总计"), (pr.grand_total, pr.grand_total), (total, total))
        return [Block("h2", "一、收入支出决算总体情况说明"), P(text), *chart]

    def s2_income(self) -> list[Block]:
        a, pr = self.a, self.prior
        total = a.income_total().value
        text = f"{self.year}年度收入合计{self.m(total)}，与{self.last}年度相比，收入合计{self.chg(total, pr.income_total, '收入')}。"
        reason = self.narrative("收入变动原因")[0] or self.narrative("收支总计变动原因")[0]
        text += self.reason(reason, "主要原因：", ("情况说明", "收入变动原因"), total != pr.income_total, "收入合计变动的原因")
        fiscal = a.income.sum("fiscal").value
        parts = [("财政拨款收入", fiscal)] + [(label, a.income.sum(attr).value) for attr, label in INCOME_COLUMNS.items() if attr != "fiscal"]
        pcts = self.shares([v for _, v in parts], self.st.structure_places)
        details = "；".join(f"{label}{self.m(v)}，占本年收入{p}" for (label, v), p in zip(parts, pcts))
        blocks = [Block("h2", "二、收入决算情况说明"), P(text + f"其中：{details}。")]
        blocks += self.pie("2", "收入决算结构", parts, "本年收入")
        return blocks

    def s3_expense(self) -> list[Block]:
        a, pr = self.a, self.prior
        total = a.expense_total().value
        text = f"{self.year}年度支出合计{self.m(total)}，与{self.last}年度相比，支出合计{self.chg(total, pr.expense_total)}。"
        reason = self.narrative("支出变动原因")[0] or self.narrative("收支总计变动原因")[0]
        text += self.reason(reason, "主要原因：", ("情况说明", "支出变动原因"), total != pr.expense_total, "支出合计变动的原因")
        parts = [(label, a.expense.sum(attr).value) for attr, label in EXPENSE_COLUMNS.items()]
        pcts = self.shares([v for _, v in parts], self.st.structure_places)
        details = "；".join(f"{label}{self.m(v)}，占本年支出的{p}" for (label, v), p in zip(parts, pcts))
        blocks = [Block("h2", "三、支出决算情况说明"), P(text + f"其中：{details}。")]
        blocks += self.pie("3", "支出决算结构", parts, "本年支出")
        return blocks

    def s4_fiscal(self) -> list[Block]:
        a, pr = self.a, self.prior
        total = a.fiscal_total().value
        text = f"{self.year}年度财政拨款收、支总计均为{self.m(total)}。与{self.last}年度相比，财政拨款收、支总计各{self.chg(total, pr.fiscal_total)}。"
        text += self.said("财政拨款收支变动原因", "主要原因：", total != pr.fiscal_total, "财政拨款收、支总计变动的原因")
        lines = []
        for ft, label, prev, key in (("general", "一般公共预算财政拨款收入", pr.general_income, "一般公共预算财政拨款收入变动原因"),
                                     ("fund", "政府性基金预算财政拨款收入", pr.fund_income, "政府性基金预算财政拨款收入变动原因"),
                                     ("capital", "国有资本经营预算财政拨款收入", pr.capital_income, "国有资本经营预算财政拨款收入变动原因")):
            cur = a.fiscal["本年收入"][ft].value
            if cur == 0 and prev == 0:
                lines.append(f"{label}0万元，本年及上年均无{label}。")
                continue
            line = f"{label}{self.m(cur)}，比{self.last}年度决算数{self.chg(cur, prev, '收入')}。"
            line += self.said(key, "主要原因：", cur != prev, f"{label}变动的原因")
            lines.append(line)
        chart = self.bar("4", "财政拨款收、支决算总计变动情况", ("财政拨款收入总计", "财政拨款支出总计"),
                         (pr.fiscal_total, pr.fiscal_total), (total, total))
        return [Block("h2", "四、财政拨款收入支出决算总体情况说明"), P(text),
                P(f"{self.year}年度财政拨款收入中，" + "".join(lines)), *chart]

    def s5_general(self) -> list[Block]:
        a, pr = self.a, self.prior
        g = a.general_expense().value
        share = w.share(g, a.expense_total().value, self.st.structure_places)
        text = (f"{self.year}年度一般公共预算财政拨款支出{self.m(g)}，占本年支出合计的{share}。"
                f"与{self.last}年度相比，一般公共预算财政拨款支出{self.chg(g, pr.general_expense)}。")
        text += self.said("一般公共预算财政拨款支出变动原因", "主要原因：", g != pr.general_expense, "一般公共预算财政拨款支出变动的原因")
        blocks = [Block("h2", "五、一般公共预算财政拨款支出决算情况说明"),
                  Block("h3", "（一）一般公共预算财政拨款支出决算总体情况。"), P(text),
                  Block("h3", "（二）一般公共预算财政拨款支出决算结构情况。")]
        classes = a.general.classes()
        if not classes:
            blocks.append(P(f"{self.unit}{self.year}年度无一般公共预算财政拨款支出。"))
            return blocks
        blocks.append(P(f"{self.year}年度一般公共预算财政拨款支出{self.m(g)}，主要用于以下方面："))
        cols = a.general.columns
        values = [row_total(n, cols).value for n in classes]
        pcts = self.shares(values, self.st.share_places)
        for i, (node, value, pct) in enumerate(zip(classes, values, pcts), 1):
            items = [n for n in a.general.leaves() if n.code.startswith(node.code) and row_total(n, cols).value]
            main = "，".join(f"{n.name}{self.m(row_total(n, cols).value)}" for n in items)
            blocks.append(P(f"{i}. {_short(node.name)}（类）支出{self.m(value)}，占{pct}，主要是{main}。"))
        blocks.append(Block("h3", "（三）一般公共预算财政拨款支出决算具体情况。"))
        budget = a.budget_total().value
        head = f"{self.year}年度一般公共预算财政拨款支出年初预算为{self.m(budget)}，支出决算为{self.m(g)}"
        done = w.completion(g, budget, self.st.completion_places)
        blocks.append(P(head + (f"，{done}" if done else "") + "。其中："))
        for i, node in enumerate(a.general.leaves(), 1):
            actual = row_total(node, cols).value
            planned = a.budgets.get(node.code)
            planned_v = planned.value if planned else ZERO
            chain = [a.general.find(node.code[:k]) for k in (3, 5, 7) if k <= len(node.code)]
            title = "".join(f"{n.name}（{'类款项'[n.level - 1]}）" for n in chain if n is not None)
            text = f"{i}. {title}。年初预算为{self.m(planned_v)}，支出决算为{self.m(actual)}"
            done = w.completion(actual, planned_v, self.st.completion_places)
            text += (f"，{done}。" if done else "。")
            if actual != planned_v:
                row = a.data.general.get(node.code)
                text += self.reason(row.reason if row else "", f"决算数{w.compare_budget(actual, planned_v)}年初预算数的主要原因：",
                                    ("一般公共预算财政拨款支出决算表", node.code, "差异原因"), True,
                                    f"{node.code} {node.name} 决算数与年初预算数不同的原因")
            blocks.append(P(text))
        return blocks

    def s6_basic(self) -> list[Block]:
        a = self.a
        basic = a.general.sum("basic").value
        personnel = catalogue.personnel_classes()
        def names(inside: bool) -> str:
            items = [n.name for n in a.detail.nodes if n.level == 2 and (n.code[:3] in personnel) == inside and n.value("value").value]
            return "、".join(items) if items else "无"
        return [Block("h2", "六、一般公共预算财政拨款基本支出决算情况说明"),
                P(f"{self.year}年度一般公共预算财政拨款本年基本支出{self.m(basic)}，其中："),
                P(f"人员经费{self.m(a.personnel().value)}，主要包括：{names(True)}。"),
                P(f"公用经费{self.m(a.public().value)}，主要包括：{names(False)}。")]

    def s7_fund(self) -> list[Block]:
        a = self.a
        head = Block("h2", "七、政府性基金预算财政拨款收入支出决算情况说明")
        if not a.fund.nodes:
            return [head, P(f"{self.unit}{self.year}年度无政府性基金预算财政拨款收入支出。")]
        f = {c: a.fund.sum(c).value for c in a.fund.columns}
        return [head, P(f"{self.year}年度政府性基金预算财政拨款年初结转和结余{self.m(f['opening'])}，本年收入{self.m(f['income'])}，"
                        f"本年支出{self.m(f['basic'] + f['project'])}（其中基本支出{self.m(f['basic'])}，项目支出{self.m(f['project'])}），"
                        f"年末结转和结余{self.m(f['closing'])}。")]

    def s8_capital(self) -> list[Block]:
        a = self.a
        head = Block("h2", "八、国有资本经营预算财政拨款支出决算情况说明")
        if not a.capital.nodes:
            return [head, P(f"{self.unit}{self.year}年度无国有资本经营预算财政拨款支出。")]
        basic, project = a.capital.sum("basic").value, a.capital.sum("project").value
        return [head, P(f"{self.year}年度国有资本经营预算财政拨款支出{self.m(basic + project)}，其中基本支出{self.m(basic)}，项目支出{self.m(project)}。")]

    def s9_three(self) -> list[Block]:
        a, pr, t = self.a, self.prior, self.data.three
        cp = self.st.completion_places
        budget, actual = a.three_total(a.three_budget, "全年预算数").value, a.three_total(a.three_actual, "决算数").value
        prev = dict(zip(THREE_ITEMS, pr.three))
        prev_total = sum(pr.three, ZERO)
        done = w.completion(actual, budget, cp, "全年预算")
        text = (f"{self.year}年度“三公”经费财政拨款支出全年预算为{self.m(budget)}，支出决算为{self.m(actual)}"
                + (f"，{done}" if done else "") + f"。较上年{self.chg(actual, prev_total)}。")
        if actual != budget:
            text += self.said("三公经费预算执行原因", f"决算数{w.compare_budget(actual, budget)}全年预算数的主要原因：", True, "“三公”经费决算数与预算数不同的原因")
        if actual != prev_total:
            text += self.said("三公经费变动原因", f"决算数较上年{w.direction(actual, prev_total)}的主要原因：", True, "“三公”经费较上年变动的原因")
        blocks = [Block("h2", "九、财政拨款“三公”经费支出决算情况说明"),
                  Block("h3", "（一）“三公”经费财政拨款支出决算总体情况说明。"), P(text),
                  Block("h3", "（二）“三公”经费财政拨款支出决算具体情况说明。")]

        def item(label: str, b: Decimal, x: Decimal, p: Decimal, key: str) -> str:
            done = w.completion(x, b, cp, "全年预算")
            s = f"{label}全年预算为{self.m(b)}，支出决算为{self.m(x)}" + (f"，{done}" if done else "") + f"；较上年{self.chg(x, p)}。"
            return s + self.said(key, "主要原因：", x != b or x != p, f"{label}预算执行或变动的原因")

        ab, aa, ap = a.three_budget["abroad"].value, a.three_actual["abroad"].value, prev["abroad"]
        blocks.append(P("1. " + item("因公出国（境）费", ab, aa, ap, "因公出国（境）费说明")))
        blocks.append(P(f"全年支出涉及出国（境）团组{t.abroad_groups}个，累计{t.abroad_people}人次。"))
        cb = a.three_budget["car_purchase"].value + a.three_budget["car_running"].value
        ca = a.three_actual["car_purchase"].value + a.three_actual["car_running"].value
        cprev = prev["car_purchase"] + prev["car_running"]
        blocks.append(P("2. " + item("公务用车购置及运行维护费", cb, ca, cprev, "公务用车购置及运行费说明") + "其中："))
        purchase_note = w.sentence(self.narrative("公务用车购置说明")[0])
        blocks.append(P(f"(1) 公务用车购置费支出{self.m(a.three_actual['car_purchase'].value)}，本年度购置（更新）公务用车{t.cars_bought}辆。{purchase_note}"))
        running_note = w.sentence(self.narrative("公务用车运行维护说明")[0])
        blocks.append(P(f"(2) 公务用车运行维护费支出{self.m(a.three_actual['car_running'].value)}，{running_note}"
                        f"截至{self.year}年12月31日，开支财政拨款的公务用车保有量{t.cars_held}辆。"))
        rb, ra, rp = a.three_budget["reception"].value, a.three_actual["reception"].value, prev["reception"]
        blocks.append(P("3. " + item("公务接待费", rb, ra, rp, "公务接待费说明") + "其中："))
        foreign = self.a.ledger.fig(t.foreign_reception, "财政拨款三公经费支出决算表", "外宾接待费").value
        blocks.append(P(f"外宾接待支出{self.m(foreign)}，共接待来访团组{t.foreign_groups}个，{t.foreign_people}人次（不包括陪同人员）。"))
        domestic_note = w.sentence(self.narrative("国内公务接待说明")[0])
        blocks.append(P(f"国内公务接待支出{self.m(ra - foreign)}，{domestic_note}{self.year}年度共接待国内来访团组{t.domestic_groups}个，"
                        f"{t.domestic_people}人次（不包括陪同人员）。"))
        return blocks

    def s10_running(self) -> list[Block]:
        r = self.data.running
        head = Block("h2", "十、机关运行经费支出说明")
        if not r.applies:
            return [head, P(f"{self.unit}{w.sentence(r.note) or '不属于行政单位或参照公务员法管理的事业单位，无机关运行经费。'}")]
        actual = self.a.ledger.fig(r.actual, "机关运行经费", "决算数").value
        text = f"{self.year}年度本部门机关运行经费支出{self.m(actual)}，比上年{self.chg(actual, self.prior.running)}。"
        text += self.said("机关运行经费变动原因", "主要原因：", actual != self.prior.running, "机关运行经费变动的原因")
        return [head, P(text + w.sentence(r.note))]

    def s11_procurement(self) -> list[Block]:
        pc = self.data.procurement
        fig = self.a.ledger.fig
        lines = {label: (fig(getattr(pc, attr).spent, "政府采购", label, "支出").value,
                         fig(getattr(pc, attr).sme, "政府采购", label, "授予中小企业").value,
                         fig(getattr(pc, attr).micro, "政府采购", label, "授予小微企业").value)
                 for attr, label in (("goods", "货物"), ("works", "工程"), ("services", "服务"))}
        total = sum((v[0] for v in lines.values()), ZERO)
        sme = sum((v[1] for v in lines.values()), ZERO)
        micro = sum((v[2] for v in lines.values()), ZERO)
        head = Block("h2", "十一、政府采购支出说明")
        if total == 0:
            return [head, P(f"本部门{self.year}年度无政府采购支出。")]
        sp = self.st.structure_places
        text = (f"本部门{self.year}年度政府采购支出总额{self.m(total)}，其中："
                + "、".join(f"政府采购{k}支出{self.m(v[0])}" for k, v in lines.items()) + "。"
                f"授予中小企业合同金额{self.m(sme)}，占政府采购支出总额的{w.share(sme, total, sp)}，其中："
                f"授予小微企业合同金额{self.m(micro)}，占授予中小企业合同金额的{w.share(micro, sme, sp)}；"
                + "，".join(f"{k}采购授予中小企业合同金额占{k}支出金额的{w.share(v[1], v[0], sp)}" for k, v in lines.items()) + "。")
        return [head, P(text)]

    def s12_assets(self) -> list[Block]:
        v = self.data.assets.vehicles
        kinds = [(fl.alias, getattr(v, name)) for name, fl in type(v).model_fields.items() if fl.alias != "其他用车说明"]
        total = sum(n for _, n in kinds)
        text = (f"截至{self.year}年12月31日，本部门共有车辆{total}辆，其中，" + "、".join(f"{k}{n}辆" for k, n in kinds) + "。")
        if v.other and v.other_note:
            text += w.sentence(v.other_note)
        a = self.data.assets
        text2 = f"单位价值100万元以上专用设备{a.special_equipment}台（套）；单位价值50万元以上通用设备{a.general_equipment}台（套）。"
        return [Block("h2", "十二、国有资产占用情况说明"), P(text), P(text2)]

    def s13_performance(self) -> list[Block]:
        blocks = [Block("h2", "十三、预算绩效情况说明"), Block("h3", "（一）预算绩效管理工作开展情况。")]
        perf = self.data.performance
        project_total = self.a.general.sum("project").value
        if perf and perf.projects:
            spent = sum((self.a.ledger.fig(p.spent, "绩效", "项目").value for p in perf.projects), ZERO)
            blocks.append(P(f"根据预算绩效管理要求，本部门组织对{self.year}年度一般公共预算项目支出全面开展绩效自评，"
                            f"共涉及项目{len(perf.projects)}个，资金{self.m(spent)}，"
                            f"占一般公共预算项目支出总额的{w.share(spent, project_total, self.st.structure_places)}。"
                            + w.sentence(self.narrative('预算绩效管理工作开展情况')[0])))
        elif project_total:
            # Project spending but no self-evaluated project: the clerk says how it was managed;
            # without that, the plain fact rather than «无纳入绩效自评的项目支出», which misleads.
            said = self.said("预算绩效管理工作开展情况", "", True, "预算绩效管理工作开展情况（有项目支出，但没有「绩效」部分的项目自评）")
            blocks.append(P(said or f"本部门{self.year}年度一般公共预算项目支出{self.m(project_total)}，未纳入项目支出绩效自评。"))
        else:
            blocks.append(P(w.sentence(self.narrative("预算绩效管理工作开展情况")[0]) or f"本部门{self.year}年度无一般公共预算项目支出，未开展项目支出绩效自评。"))
        if self.narrative("部门整体支出绩效评价情况")[0]:
            blocks.append(P(w.sentence(self.narrative("部门整体支出绩效评价情况")[0])))
        blocks.append(Block("h3", "（二）部门决算中项目绩效自评结果。"))
        n = 0
        if perf:
            blocks.append(P("本部门今年在部门决算中反映所有项目绩效自评结果。"))
            cp = self.st.completion_places
            for n, p in enumerate(perf.projects, 1):
                budget = self.a.ledger.fig(p.budget, "绩效", "项目").value
                spent = self.a.ledger.fig(p.spent, "绩效", "项目").value
                done = w.completion(spent, budget, cp, "预算")
                blocks.append(P(f"{n}. {p.name}项目绩效完成情况：项目全年预算数为{self.m(budget)}，执行数为{self.m(spent)}"
                                + (f"，{done}" if done else "") + "。主要产出和效益：" + w.sentence(p.outputs or "详见项目绩效自评表")))
                problems = w.sentence(p.problems) if p.problems else "无。"
                blocks.append(P(f"发现的问题及原因：{problems}" + (f"原因：{w.sentence(p.causes)}" if p.causes else "")))
                if p.measures:
                    blocks.append(P(f"改进措施：{w.sentence(p.measures)}"))
        blocks.append(P(f"{n + 1}. 概述下属单位整体支出绩效目标实现情况。"))
        blocks.append(P(w.sentence(self.narrative("下属单位绩效目标实现情况")[0]) or "本部门无下属单位。"))
        blocks.append(P(f"{n + 2}. 概述以部门为主体开展的重点项目绩效评价情况。"))
        blocks.append(P(w.sentence(self.narrative("重点项目绩效评价情况")[0]) or "本部门无以部门为主体开展的重点项目绩效评价。"))
        blocks += [Block("h3", "（三）绩效评价结果应用情况。"),
                   P("1. 部门绩效评价结果应用情况"),
                   P("至部门决算公开时已应用情况：" + (w.sentence(self.narrative("绩效评价结果已应用情况")[0]) or "无。")),
                   P("2. 部门绩效评价结果拟应用情况"),
                   P(w.sentence(self.narrative("绩效评价结果拟应用情况")[0]) or "无。")]
        return blocks

    def s14_special(self) -> list[Block]:
        text = self.narrative("专项支出说明")[0]
        return [Block("h2", "十四、专项支出、转移支付支出情况说明"),
                P(w.sentence(text) if text else f"{self.unit}{self.year}年度无专项支出、无转移支付支出。")]

    # -------------------------------------------------------------- 第四、五部分

    def part4(self) -> tuple[Block, ...]:
        text = self.narrative("其他需要说明的情况")[0]
        return (P(w.sentence(text) if text else f"{self.unit}{self.year}年度无其他需要说明的情况。"),)

    def part5(self) -> tuple[Block, ...]:
        u = self.data.unit
        terms = catalogue.terms()
        blocks: list[Block] = []
        n = 0

        def term(t: catalogue.Term) -> None:
            nonlocal n
            n += 1
            text = t.explanation.replace("{财政级次}", u.fiscal_level).replace("{单位级次}", u.unit_level)
            blocks.append(P(f"{w.h2(n)}{t.name}：{text}"))

        for t in terms:
            if t.before_codes:
                term(t)
        n += 1
        blocks.append(P(f"{w.h2(n)}本部门使用的支出功能分类科目"))
        for i, (tree, xiang) in enumerate(self.a.items(), 1):
            lei, kuan = tree.find(xiang.code[:3]), tree.find(xiang.code[:5])
            text = self.a.explanation(xiang.code) or UNEXPLAINED
            blocks.append(P(f"{i}. {lei.name}（类）{kuan.name}（款）{xiang.name}（项）：{text}"))
        for t in terms:
            if not t.before_codes:
                term(t)
        n += 1
        blocks.append(P(f"{w.h2(n)}其他专用名词。"))
        blocks.append(P(w.sentence(self.narrative("其他专用名词")[0]) or "无。"))
        return tuple(blocks)

    # -------------------------------------------------------------- charts

    def bar(self, n: str, title: str, categories: tuple[str, str], prev: tuple[Decimal, Decimal], cur: tuple[Decimal, Decimal]) -> list[Block]:
        caption = f"图{n}：{title}"
        if not any(prev) and not any(cur):
            return [P(f"{self.last}年度和{self.year}年度{categories[0].replace('收入总计', '收、支总计')}均为0，不另绘图。")]
        ap = self.st.amount_places
        series = (Series(f"{self.last}年度", prev, tuple(fmt(v, ap) for v in prev)),
                  Series(f"{self.year}年度", cur, tuple(fmt(v, ap) for v in cur)))
        chart = Chart(f"chart{n}", "bar", caption, categories, series)
        return [Block("chart", caption, chart), Block("caption", caption)]

    def pie(self, n: str, title: str, parts: list[tuple[str, Decimal]], whole: str) -> list[Block]:
        caption = f"图{n}：{title}"
        nonzero = [(k, v) for k, v in parts if v]
        if not nonzero:
            return [P(f"{self.year}年度无{whole}，不另绘图。")]
        if len(nonzero) == 1:
            return [P(f"{self.year}年度{whole}全部为{nonzero[0][0]}（占100%），不另绘结构图。")]
        pcts = self.shares([v for _, v in nonzero], self.st.structure_places)
        labels = tuple(f"{k} {fmt(v, self.st.amount_places)}万元 {p}" for (k, v), p in zip(nonzero, pcts))
        chart = Chart(f"chart{n}", "pie", caption, tuple(k for k, _ in nonzero), (Series(whole, tuple(v for _, v in nonzero), labels),))
        return [Block("chart", caption, chart), Block("caption", caption)]


def _short(name: str) -> str:
    """一般公共服务支出 -> 一般公共服务, for “一般公共服务（类）支出”."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name
