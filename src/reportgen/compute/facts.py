"""Stage 3c: the figures behind every section of the 决算 report, ready for the profile's
templates to word: totals, shares, changes against last year, completion of budget, and the
clerk's texts. Nothing here is a sentence.

Where the report needs the clerk's words (a reason for a change against last year, a
statement such as 本部门无下属单位) and they are missing, the fact is a `Gap`: the report
prints a placeholder and `check` lists the key to fill. No absence is ever assumed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import catalogue
from ..errors import Problem
from ..load import Document
from ..numbers import ZERO, largest_remainder, ratio
from ..schema import YearData
from .accounts import EXPENSE_COLUMNS, INCOME_COLUMNS, THREE_ITEMS, Accounts, row_total
from .model import Change, Chart, Gap, Series, Share, Summary


class Gaps(list[Gap]):
    """The gaps found while gathering the facts of both reports."""

    def gap(self, what: str, *path: str | int) -> Gap:
        """The gap at `path` (one per key, however many sentences need it)."""
        gap = next((g for g in self if g.path == path), None)
        if gap is None:
            gap = Gap(what, path)
            self.append(gap)
        return gap

    def need(self, text: str, when: bool, what: str, *path: str | int) -> str:
        """The clerk's `text`, or a gap when it is empty and the report needs it (`when`)."""
        return self.gap(what, *path) if when and not text.strip() else text

    def problems(self, doc: Document) -> list[Problem]:
        """One warning per gap, at the key to fill (or the nearest one typed)."""
        return [to_fill(g.what, g.path, doc, str(g), f"；填写前报告中印作“{Gap.MARK}…】”") for g in self]


def to_fill(what: str, path: tuple[str | int, ...], doc: Document, gap: str, after: str = "") -> Problem:
    """The 提醒 for a key the clerk has still to fill, at that key or the nearest one typed."""
    source = doc.source(path)
    where = "".join(f"「{p}」" if isinstance(p, str) else f"第{p + 1}项" for p in path[:-1])
    place = f"在{where}中" if where else ""
    return Problem(f"待填写：{what}。请{place}填写「{path[-1]}」{after}。", source, "warning", doc.excerpt(source), gap=gap)


def shares(parts: list[tuple[str, Decimal]], exact_hundred: bool, places: int) -> tuple[Share, ...]:
    """Each part's percent of their sum; with `exact_hundred`, rounded to add up to 100."""
    total = sum((v for _, v in parts), ZERO)
    if exact_hundred and total:
        return tuple(Share(k, v, p) for (k, v), p in zip(parts, largest_remainder([v for _, v in parts], places)))
    return tuple(Share(k, v, ratio(v, total)) for k, v in parts)


class Facts:
    """Builds the facts of each section of the 决算 report."""

    def __init__(self, a: Accounts, prior: Summary, year: int):
        self.a = a
        self.data: YearData = a.data
        self.prior = prior
        self.st = a.ledger.style
        self.year = year
        self.gaps = Gaps()
        self.charts: list[Chart] = []

    def said(self, key: str) -> str:
        """The clerk's text under 情况说明 → `key`."""
        field = next(name for name, fl in type(self.data.narrative).model_fields.items() if fl.alias == key)
        return getattr(self.data.narrative, field)

    def need(self, text: str, when: bool, what: str, *path: str | int) -> str:
        return self.gaps.need(text, when, what, *path)

    def reason(self, key: str, when: bool, what: str) -> str:
        return self.need(self.said(key), when, what, "情况说明", key)

    def statement(self, key: str, what: str) -> str:
        """A 情况说明 text the report always prints (such as 本部门无下属单位 when there are none)."""
        return self.need(self.said(key), True, what, "情况说明", key)

    def shares(self, parts: list[tuple[str, Decimal]], places: int) -> tuple[Share, ...]:
        return shares(parts, self.st.exact_hundred, places)

    def chart(self, chart: Chart) -> Chart | None:
        """The chart, unless there is nothing to draw (the template then says so)."""
        values = [v for s in chart.series for v in s.values]
        if not any(values) or (chart.kind == "pie" and sum(1 for v in values if v) < 2):
            return None
        self.charts.append(chart)
        return chart

    def bar(self, id: str, categories: tuple[str, str], prev: Decimal, cur: Decimal) -> Chart | None:
        series = (Series(f"{self.year - 1}年度", (prev, prev)), Series(f"{self.year}年度", (cur, cur)))
        return self.chart(Chart(id, "bar", categories, series))

    def pie(self, id: str, parts: tuple[Share, ...], whole: str) -> Chart | None:
        nonzero = [s for s in parts if s.value]
        pcts = self.shares([(s.label, s.value) for s in nonzero], self.st.structure_places)
        return self.chart(Chart(id, "pie", tuple(s.label for s in nonzero),
                                (Series(whole, tuple(s.value for s in nonzero)),), tuple(p.pct for p in pcts)))

    # -------------------------------------------------------------- 概况

    def unit(self) -> dict[str, Any]:
        u = self.data.unit
        s = u.staff

        def stated(value: object, key: str, what: str) -> Any:  # noqa: ANN401
            return value if value is not None else self.gaps.gap(what, "单位", "人员", key)

        staff = {"kind": stated(s.kind, "编制类型", "编制类型（如“行政编制”“事业编制”）"),
                 "quota": stated(s.quota, "编制数", "核定编制数"), "active": stated(s.active, "在职人数", "在职人数"),
                 "retired": stated(s.retired, "退休人数", "退休人数"), "others": s.others, "others_kind": s.others_kind,
                 "note": s.note}
        share = ratio(Decimal(s.active), Decimal(s.quota)) if s.active is not None and s.quota else None
        duties = None if u.duties or u.duties_intro else self.gaps.gap("部门主要职责", "单位", "主要职责")
        return {"unit": u, "staff": staff, "staff_share": share, "duties_gap": duties, "departments": u.departments or [],
                "departments_gap": None if u.departments is not None else self.gaps.gap(
                    "内设机构（没有内设机构的写 内设机构: []）", "单位", "内设机构"),
                "composition": self.need(u.composition, True, "部门预算单位构成", "单位", "预算单位构成")}

    # -------------------------------------------------------------- 情况说明

    def total(self) -> dict[str, Any]:
        total = self.a.grand_total().value
        prev = self.prior.grand_total
        return {"total": total, "change": Change.of(total, prev),
                "reason": self.reason("收支总计变动原因", total != prev, "收、支总计变动的原因"),
                "chart": self.bar("chart1", ("收入总计", "支出总计"), prev, total)}

    def _or_total_reason(self, key: str, change: Change) -> str:
        """The clerk's reason under `key`, else 收支总计's when the total changed the same way: a
        reason written for a fall does not explain a rise."""
        total = Change.of(self.a.grand_total().value, self.prior.grand_total)
        return self.said(key) or (self.said("收支总计变动原因") if change.direction == total.direction else "")

    def income(self) -> dict[str, Any]:
        a = self.a
        total = a.income_total().value
        change = Change.of(total, self.prior.income_total)
        reason = self._or_total_reason("收入变动原因", change)
        parts = [("财政拨款收入", a.income.sum("fiscal").value)]
        parts += [(label, a.income.sum(attr).value) for attr, label in INCOME_COLUMNS.items() if attr != "fiscal"]
        split = self.shares(parts, self.st.structure_places)
        return {"total": total, "change": change,
                "reason": self.need(reason, total != self.prior.income_total, "收入合计变动的原因", "情况说明", "收入变动原因"),
                "parts": split, "chart": self.pie("chart2", split, "本年收入")}

    def expense(self) -> dict[str, Any]:
        a = self.a
        total = a.expense_total().value
        change = Change.of(total, self.prior.expense_total)
        reason = self._or_total_reason("支出变动原因", change)
        split = self.shares([(label, a.expense.sum(attr).value) for attr, label in EXPENSE_COLUMNS.items()],
                            self.st.structure_places)
        return {"total": total, "change": change,
                "reason": self.need(reason, total != self.prior.expense_total, "支出合计变动的原因", "情况说明", "支出变动原因"),
                "parts": split, "chart": self.pie("chart3", split, "本年支出")}

    def fiscal(self) -> dict[str, Any]:
        a, pr = self.a, self.prior
        total = a.fiscal_total().value
        lines = []
        for ft, label, prev in (("general", "一般公共预算财政拨款收入", pr.general_income),
                                ("fund", "政府性基金预算财政拨款收入", pr.fund_income),
                                ("capital", "国有资本经营预算财政拨款收入", pr.capital_income)):
            cur = a.fiscal["本年收入"][ft].value
            lines.append({"label": label, "value": cur, "change": Change.of(cur, prev),
                          "reason": self.reason(f"{label}变动原因", cur != prev, f"{label}变动的原因")})
        return {"total": total, "change": Change.of(total, pr.fiscal_total),
                "reason": self.reason("财政拨款收支变动原因", total != pr.fiscal_total, "财政拨款收、支总计变动的原因"),
                "lines": lines, "chart": self.bar("chart4", ("财政拨款收入总计", "财政拨款支出总计"), pr.fiscal_total, total)}

    def general(self) -> dict[str, Any]:
        a = self.a
        g = a.general_expense().value
        cols = a.general.columns
        classes = [n for n in a.general.classes() if a.general.held(n)]
        values = [row_total(n, cols).value for n in classes]
        pcts = self.shares([(n.name, v) for n, v in zip(classes, values)], self.st.share_places)
        rows = a.data.general

        def _uses(row: Any) -> str:
            """A 科目 row's 主要用于, without the words 主要用于 that the template prints before it."""
            return (row.uses if row is not None else "").strip().removeprefix("主要用于").lstrip("：:").strip()

        by_class = []
        for node, value, share in zip(classes, values, pcts):
            items = [{"name": n.name, "value": row_total(n, cols).value}
                     for n in a.general.leaves() if n.code.startswith(node.code) and row_total(n, cols).value]
            by_class.append({"name": node.name, "short": _short(node.name), "value": value, "pct": share.pct, "items": items,
                             "uses": _uses(rows.get(node.code))})
        items = []
        full = {code: f.value for code, f in a.full_budgets().items()}
        for node in a.general.leaves():
            actual = row_total(node, cols).value
            planned = a.budgets[node.code].value if node.code in a.budgets else ZERO
            if not actual and not planned and not full.get(node.code):
                continue  # neither budgeted nor spent: a 科目 carried over from last year
            # With a 全年预算 typed, the 差异原因 explains the difference from it.
            against, basis = (full[node.code], "全年预算数") if node.code in full else (planned, "年初预算数")
            chain = [a.general.find(node.code[:k]) for k in (3, 5, 7) if k <= len(node.code)]
            row = rows.get(node.code)
            reason = self.need(row.reason if row else "", actual != against, f"{node.code} {node.name} 决算数与{basis}不同的原因",
                               "一般公共预算财政拨款支出决算表", node.code, "差异原因")
            items.append({"code": node.code, "name": node.name, "chain": [(n.name, n.level) for n in chain if n is not None],
                          "budget": planned, "actual": actual, "completion": ratio(actual, planned), "reason": reason,
                          "full_budget": full.get(node.code), "full_completion": ratio(actual, full[node.code]) if node.code in full else None,
                          "uses": _uses(row)})
        budget = a.budget_total().value
        full_total = a.full_budget_total()
        whole = full_total.value if full_total is not None else budget
        total_row = rows.get("合计")
        # The total's own reason is needed only when no 科目 explains a difference of its own.
        explained = any(i["reason"].strip() and not isinstance(i["reason"], Gap) for i in items
                        if i["actual"] != (i["budget"] if i["full_budget"] is None else i["full_budget"]))
        budget_reason = self.need(total_row.reason if total_row else "", g != whole and not explained,
                                  "一般公共预算财政拨款支出决算数与" + ("全年" if full_total is not None else "年初") + "预算数不同的原因",
                                  "一般公共预算财政拨款支出决算表", "合计", "差异原因")
        return {"total": g, "share": ratio(g, a.expense_total().value), "change": Change.of(g, self.prior.general_expense),
                "reason": self.reason("一般公共预算财政拨款支出变动原因", g != self.prior.general_expense, "一般公共预算财政拨款支出变动的原因"),
                "classes": by_class, "budget": budget, "completion": ratio(g, budget), "budget_reason": budget_reason, "items": items,
                "full_budget": full_total.value if full_total is not None else None,
                "full_completion": ratio(g, full_total.value) if full_total is not None else None}

    def basic(self) -> dict[str, Any]:
        a = self.a
        personnel = catalogue.personnel_classes()

        def names(inside: bool) -> list[str]:
            return [n.name for n in a.detail.nodes if n.level == 2 and (n.code[:3] in personnel) == inside and n.value("value").value]

        def items(inside: bool, value: Decimal, what: str) -> list[str]:
            found = names(inside)
            if value and not found:
                return [self.gaps.gap(f"{what}的款级科目（公开06表只填了类级数）", "一般公共预算财政拨款基本支出决算明细表")]
            return found

        staff, public = a.personnel().value, a.public().value
        return {"total": a.general.sum("basic").value, "personnel": staff, "public": public,
                "personnel_items": items(True, staff, "人员经费"), "public_items": items(False, public, "公用经费")}

    def fund(self) -> dict[str, Any]:
        a = self.a
        f = {c: a.fund.sum(c).value for c in a.fund.columns}
        # The fund's “三公” 经费, when the data holds that table (None otherwise).
        three = {w: a.fund_three_total(w).value for w in ("全年预算数", "决算数")} if a.data.fund_three is not None else None
        return {"has_data": bool(a.fund.nodes), **f, "spent": f["basic"] + f["project"], "three": three}

    def capital(self) -> dict[str, Any]:
        c = {col: self.a.capital.sum(col).value for col in self.a.capital.columns}
        return {"has_data": bool(self.a.capital.nodes), **c, "total": c["basic"] + c["project"]}

    def three(self) -> dict[str, Any]:
        a, t = self.a, self.data.three
        budget, actual = a.three_total(a.three_budget, "全年预算数").value, a.three_total(a.three_actual, "决算数").value
        prev = dict(zip(THREE_ITEMS, self.prior.three))
        prev_total = sum(self.prior.three, ZERO)

        def item(b: Decimal, x: Decimal, p: Decimal, key: str, what: str) -> dict[str, Any]:
            return {"budget": b, "actual": x, "completion": ratio(x, b), "change": Change.of(x, p),
                    "reason": self.reason(key, x != b or x != p, f"{what}预算执行或变动的原因")}

        bud, act = a.three_budget, a.three_actual
        cars = item(bud["car_purchase"].value + bud["car_running"].value, act["car_purchase"].value + act["car_running"].value,
                    prev["car_purchase"] + prev["car_running"], "公务用车购置及运行费说明", "公务用车购置及运行维护费")
        foreign = a.foreign_reception.value
        spending = {"abroad": act["abroad"].value, "car_purchase": act["car_purchase"].value,
                    "car_running": act["car_running"].value, "domestic": act["reception"].value - foreign, "foreign": foreign}
        counts = {}
        for name, (key, spent_on) in COUNTS.items():
            value = getattr(t, name)
            # With no money spent, no groups, cars or visits is what the table says; with money, the count is the clerk's.
            counts[name] = value if value is not None else (
                self.gaps.gap(f"“三公”经费的{key}", "财政拨款三公经费支出决算表", key) if spending[spent_on] else 0)
        return {
            "budget": budget, "actual": actual, "completion": ratio(actual, budget), "change": Change.of(actual, prev_total),
            "budget_reason": self.reason("三公经费预算执行原因", actual != budget, "“三公”经费决算数与预算数不同的原因"),
            "change_reason": self.reason("三公经费变动原因", actual != prev_total, "“三公”经费较上年变动的原因"),
            "abroad": item(bud["abroad"].value, act["abroad"].value, prev["abroad"], "因公出国（境）费说明", "因公出国（境）费"),
            "cars": cars, "car_purchase": act["car_purchase"].value, "car_running": act["car_running"].value,
            "reception": item(bud["reception"].value, act["reception"].value, prev["reception"], "公务接待费说明", "公务接待费"),
            "foreign": foreign, "domestic": spending["domestic"], "counts": counts,
            "shares": {k: ratio(v, actual) for k, v in (("abroad", act["abroad"].value), ("reception", act["reception"].value),
                                                         ("cars", act["car_purchase"].value + act["car_running"].value))},
            "purchase_note": self.said("公务用车购置说明"), "running_note": self.said("公务用车运行维护说明"),
            "domestic_note": self.said("国内公务接待说明"),
        }

    def running(self) -> dict[str, Any]:
        r = self.data.running
        if not r.applies:
            return {"applies": False, "note": r.note}
        actual = self.a.running.value
        return {"applies": True, "actual": actual, "change": Change.of(actual, self.prior.running), "note": r.note,
                "reason": self.reason("机关运行经费变动原因", actual != self.prior.running, "机关运行经费变动的原因")}

    def procurement(self) -> dict[str, Any]:
        lines = self.a.procurement
        total, sme, micro = (self.a.procurement_total(k).value for k in ("spent", "sme", "micro"))
        reserved = self.a.reserved()
        return {"total": total, "sme": sme, "micro": micro, "sme_share": ratio(sme, total), "micro_share": ratio(micro, sme),
                "reserved": None if reserved is None else {k: f.value for k, f in reserved.items()},
                "lines": [{"label": k, **v, "sme_share": ratio(v["sme"], v["spent"])} for k, v in lines.items()]}

    def assets(self) -> dict[str, Any]:
        v = self.data.assets.vehicles
        kinds = v.counts()
        # Zeros typed (or left by `init`) are the clerk's figures; a section never typed is not "无".
        gap = None if "国有资产" in self.a.ledger.doc.data else self.gaps.gap("国有资产占用情况（车辆和大型设备数量）", "国有资产")
        return {"gap": gap, "vehicles": kinds, "vehicle_total": v.total(), "other": v.other, "other_note": v.other_note,
                "special_equipment": self.data.assets.special_equipment, "general_equipment": self.data.assets.general_equipment,
                "equipment": self.data.assets.equipment}

    def performance(self) -> dict[str, Any]:
        perf = self.data.performance
        a = self.a
        project_total = a.general.sum("project").value
        projects = []
        for i, (p, (budget, spent)) in enumerate(zip(perf.projects if perf else (), a.project_figures)):
            problems = self.need(p.problems, True, f"项目“{p.name}”发现的问题（没有则写明“未发现问题。”）", "绩效", "项目", i, "存在的问题")
            projects.append({"name": p.name, "budget": budget, "spent": spent, "completion": ratio(spent, budget), "fund_kind": p.fund_kind,
                             "outputs": p.outputs, "problems": problems, "causes": p.causes, "measures": p.measures})
        # The share is of 一般公共预算 项目支出: other budgets' projects are counted apart.
        general = [p for p in projects if p["fund_kind"] == "一般公共预算"]
        spent = sum((p["spent"] for p in general), ZERO)
        others = [{"kind": kind, "count": len(ps), "spent": sum((p["spent"] for p in ps), ZERO)}
                  for kind in ("政府性基金", "国有资本经营") if (ps := [p for p in projects if p["fund_kind"] == kind])]
        work = self.said("预算绩效管理工作开展情况")
        work = self.need(work, bool(project_total) and not projects,
                  "预算绩效管理工作开展情况（有项目支出，但没有「绩效」部分的项目自评）", "情况说明", "预算绩效管理工作开展情况")
        return {"has_performance": perf is not None, "projects": projects, "general_count": len(general), "others": others,
                "spent": spent, "project_total": project_total,
                "spent_share": ratio(spent, project_total), "all_evaluated": spent >= project_total, "work": work,
                "department": self.said("部门整体支出绩效评价情况"),
                "subordinate": self.statement("下属单位绩效目标实现情况", "下属单位整体支出绩效目标实现情况（没有下属单位则写明）"),
                "key_projects": self.statement("重点项目绩效评价情况", "以部门为主体开展的重点项目绩效评价情况（没有则写明）"),
                "applied": self.statement("绩效评价结果已应用情况", "绩效评价结果已应用情况（尚未应用则写明）"),
                "planned": self.statement("绩效评价结果拟应用情况", "绩效评价结果拟应用情况")}

    def special(self) -> dict[str, Any]:
        return {"text": self.statement("专项支出说明", "专项支出、转移支付支出情况（没有则写明）")}

    def other(self) -> dict[str, Any]:
        return {"text": self.statement("其他需要说明的情况", "其他需要说明的情况（没有则写明）")}

    def attachments(self) -> dict[str, Any]:
        return {"note": self.need(self.said("附件说明"), self.data.performance is None,
                                  "附件（没有「绩效」部分时，写明附件情况）", "情况说明", "附件说明")}

    def terms(self) -> dict[str, Any]:
        items = []
        for tree, xiang in self.a.items():
            lei, kuan = tree.find(xiang.code[:3]), tree.find(xiang.code[:5])
            explanation = self.a.explanation(xiang.code) or self.gaps.gap(
                f"项级科目 {xiang.code} {xiang.name}的名词解释（内置科目表中没有它）", tree.key, xiang.code, "说明")
            items.append({"code": xiang.code, "class": lei.name if lei else "", "section": kuan.name if kuan else "",
                          "name": xiang.name, "explanation": explanation})
        return {"items": items, "other": self.statement("其他专用名词", "其他专用名词（没有则写明）")}

    def all(self) -> dict[str, Any]:
        """Every section's facts, by the name the profile's templates use."""
        return {
            "概况": self.unit(), "收支总体": self.total(), "收入": self.income(), "支出": self.expense(),
            "财政拨款收支": self.fiscal(), "一般公共预算支出": self.general(), "基本支出": self.basic(),
            "政府性基金": self.fund(), "国有资本经营": self.capital(), "三公经费": self.three(),
            "机关运行经费": self.running(), "政府采购": self.procurement(), "国有资产": self.assets(),
            "预算绩效": self.performance(), "专项支出": self.special(), "其他情况": self.other(), "名词解释": self.terms(),
            "附件": self.attachments(),
        }


#: The “三公” counts: their key, and the spending without which a missing count is 0.
COUNTS = {"abroad_groups": ("出国团组数", "abroad"), "abroad_people": ("出国人次", "abroad"),
          "cars_bought": ("购置公务用车数", "car_purchase"), "cars_held": ("公务用车保有量", "car_running"),
          "domestic_groups": ("国内接待批次", "domestic"), "domestic_people": ("国内接待人次", "domestic"),
          "foreign_groups": ("外宾接待批次", "foreign"), "foreign_people": ("外宾接待人次", "foreign")}


def _short(name: str) -> str:
    """一般公共服务支出 -> 一般公共服务, for “一般公共服务（类）支出”."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name
