"""Stage 3b: the 决算 figures, their arithmetic identities, and the nine 公开 tables.

`Accounts.build` reads the validated data into figures and 科目 trees; `CHECKS` is the list
of identity checks (the spec's "Computation and wording rules"), each a small function that
records its result in the ledger; `tables` lays out 公开01–09 from the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from typing import Callable

from .. import catalogue
from ..numbers import ZERO, Fig, fsum
from ..schema import YearData
from ..wording import cn_number
from .ledger import CodeTree, Ledger, Node
from .model import CodeRow, DetailCell, FiscalRow, PairRow, Table

from ..schema import INCOME_COLUMNS, EXPENSE_COLUMNS, SPLIT_COLUMNS, FUND_COLUMNS, FUND_TYPES, THREE_ITEMS


#: What 名词解释 prints for a 项 that neither the catalogue nor the data explains (check warns).
UNEXPLAINED = "本部门自定科目，见科目名称。"

@dataclass
class Accounts:
    """Every 决算 figure, typed or derived, before layout."""

    data: YearData
    ledger: Ledger
    income: CodeTree
    expense: CodeTree
    general: CodeTree
    detail: CodeTree
    fund: CodeTree
    capital: CodeTree
    overview: dict[str, Fig]
    fiscal: dict[str, dict[str, Fig]]  # 本年收入/年初/年末 -> fund type -> Fig
    budgets: dict[str, Fig]  # 公开05 项 -> 年初预算
    three_budget: dict[str, Fig]
    three_actual: dict[str, Fig]

    @classmethod
    def build(cls, ledger: Ledger, data: YearData) -> "Accounts":
        fig = ledger.fig
        ov = data.overview
        overview = {
            name: fig(getattr(ov, attr), "收入支出决算总表", name)
            for attr, name in (("use_surplus", "使用非财政拨款结余和专用结余"), ("opening", "年初结转和结余"),
                               ("distribution", "结余分配"), ("closing", "年末结转和结余"))
        }
        for attr, name in (("income_total", "本年收入合计"), ("expense_total", "本年支出合计"), ("grand_total", "总计")):
            if getattr(ov, attr) is not None:
                overview[name] = fig(getattr(ov, attr), "收入支出决算总表", name)
        fiscal = {
            block: {ft: fig(getattr(getattr(data.fiscal, attr), ft), "财政拨款收入支出决算总表", block, label)
                    for ft, label in FUND_TYPES.items()}
            for attr, block in (("income", "本年收入"), ("opening", "年初财政拨款结转和结余"), ("closing", "年末财政拨款结转和结余"))
        }
        key05 = "一般公共预算财政拨款支出决算表"
        budgets = {code: fig(row.budget or ZERO, key05, code, "年初预算")
                   for code, row in data.general.items() if code != "合计"}
        three = data.three
        key09 = "财政拨款三公经费支出决算表"
        accounts = cls(
            data=data,
            ledger=ledger,
            income=ledger.tree("收入决算表", data.income, INCOME_COLUMNS),
            expense=ledger.tree("支出决算表", data.expense, EXPENSE_COLUMNS),
            general=ledger.tree(key05, data.general, SPLIT_COLUMNS),
            detail=ledger.tree("一般公共预算财政拨款基本支出决算明细表", data.basic_detail, {"value": "决算数"},
                               ("人员经费合计", "公用经费合计", "合计"), functional=False),
            fund=ledger.tree("政府性基金预算财政拨款收入支出决算表", data.fund, FUND_COLUMNS),
            capital=ledger.tree("国有资本经营预算财政拨款支出决算表", data.capital, SPLIT_COLUMNS),
            overview=overview,
            fiscal=fiscal,
            budgets=budgets,
            three_budget={a: fig(getattr(three.budget, a), key09, "全年预算数", n) for a, n in THREE_ITEMS.items()},
            three_actual={a: fig(getattr(three.actual, a), key09, "决算数", n) for a, n in THREE_ITEMS.items()},
        )
        for tree, node in accounts.items():
            if not accounts.explanation(node.code):
                ledger.warn(f"项级科目 {node.code} {node.name} 不在内置科目表中，第五部分名词解释缺少它的说明。请在该行写上「说明」"
                            f"（如“反映…方面的支出。”）；不写则印作“{UNEXPLAINED}”", (tree.key, node.code))
        return accounts

    def subject_trees(self) -> tuple[CodeTree, ...]:
        """The 功能分类 tables, 公开03 first: the order in which 名词解释 meets their 项."""
        return (self.expense, self.income, self.general, self.fund, self.capital)

    def items(self) -> list[tuple[CodeTree, Node]]:
        """Every 项 used in the tables, by code, with the first table it appears in."""
        seen: dict[str, tuple[CodeTree, Node]] = {}
        for tree in self.subject_trees():
            for leaf in tree.leaves():
                if len(leaf.code) == 7:
                    seen.setdefault(leaf.code, (tree, leaf))
        return [seen[code] for code in sorted(seen)]

    def explanation(self, code: str) -> str:
        """A 项's 名词解释: the clerk's 说明 from any table, else the catalogue's ("" if neither)."""
        for tree in self.subject_trees():
            node = tree.find(code)
            if node is not None and node.explanation:
                return node.explanation
        entry = catalogue.functional().get(code)
        return entry.explanation if entry else ""

    # ------------------------------------------------------------ derived figures

    def income_sources(self) -> list[tuple[str, Fig]]:
        """公开01 income lines: 财政拨款 by fund type (公开04), the rest from 公开02's columns."""
        lines = [(label + "收入", self.fiscal["本年收入"][ft]) for ft, label in FUND_TYPES.items()]
        lines += [(label, self.income.sum(attr)) for attr, label in INCOME_COLUMNS.items() if attr != "fiscal"]
        return lines

    def income_total(self) -> Fig:
        return self.overview.get("本年收入合计") or fsum(f for _, f in self.income_sources())

    def expense_total(self) -> Fig:
        return self.overview.get("本年支出合计") or row_total(self.expense.total, self.expense.columns)

    def income_side(self) -> Fig:
        return fsum([self.income_total(), self.overview["使用非财政拨款结余和专用结余"], self.overview["年初结转和结余"]])

    def expense_side(self) -> Fig:
        return fsum([self.expense_total(), self.overview["结余分配"], self.overview["年末结转和结余"]])

    def grand_total(self) -> Fig:
        return self.overview.get("总计") or self.income_side()

    def fund_expense(self, ft: str) -> Fig:
        tree = {"general": self.general, "fund": self.fund, "capital": self.capital}[ft]
        return fsum([tree.sum("basic"), tree.sum("project")])

    def fiscal_income(self) -> Fig:
        return fsum(self.fiscal["本年收入"].values())

    def fiscal_total(self) -> Fig:
        typed = self.data.fiscal.total
        if typed is not None:
            return self.ledger.fig(typed, "财政拨款收入支出决算总表", "总计")
        return fsum([self.fiscal_income(), *self.fiscal["年初财政拨款结转和结余"].values()])

    def general_expense(self) -> Fig:
        typed = self.general.total.typed
        return fsum([self.general.sum("basic"), self.general.sum("project")]) if typed is None else fsum(typed.values())

    def personnel(self) -> Fig:
        typed = self.data.basic_detail.get("人员经费合计")
        if typed is not None:
            return self.ledger.fig(typed, "一般公共预算财政拨款基本支出决算明细表", "人员经费合计")
        return fsum(n.value("value") for n in self.detail.classes() if n.code in catalogue.personnel_classes())

    def public(self) -> Fig:
        typed = self.data.basic_detail.get("公用经费合计")
        if typed is not None:
            return self.ledger.fig(typed, "一般公共预算财政拨款基本支出决算明细表", "公用经费合计")
        return fsum(n.value("value") for n in self.detail.classes() if n.code not in catalogue.personnel_classes())

    def three_total(self, items: dict[str, Fig], which: str) -> Fig:
        typed = getattr(self.data.three, "budget" if which == "全年预算数" else "actual").total
        if typed is not None:
            return self.ledger.fig(typed, "财政拨款三公经费支出决算表", which, "合计")
        return fsum(items.values())

    def budget_total(self) -> Fig:
        return fsum(self.budgets.values())

    def has_tail_differences(self) -> bool:
        return any(c.status == "tail" for c in self.ledger.checks)


def row_total(node: Node, columns: tuple[str, ...]) -> Fig:
    return fsum(node.value(c) for c in columns)


# ---------------------------------------------------------------- identities

def check_overview(a: Accounts) -> None:
    led = a.ledger
    if "本年收入合计" in a.overview:
        led.identity("公开01「本年收入合计」= 各项收入之和", a.overview["本年收入合计"], a.income_sources())
    if "本年支出合计" in a.overview:
        led.identity("公开01「本年支出合计」= 公开03 支出合计", a.overview["本年支出合计"],
                     [(label, a.expense.sum(attr)) for attr, label in EXPENSE_COLUMNS.items()])
    led.identity(
        "公开01 收入总计（本年收入 + 使用非财政拨款结余 + 年初结转和结余）= 支出总计（本年支出 + 结余分配 + 年末结转和结余）",
        a.income_side(),
        [("本年支出合计", a.expense_total()), ("结余分配", a.overview["结余分配"]), ("年末结转和结余", a.overview["年末结转和结余"])],
    )
    if "总计" in a.overview:
        led.identity("公开01「总计」= 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余", a.overview["总计"],
                     [("本年收入合计", a.income_total()), ("使用非财政拨款结余和专用结余", a.overview["使用非财政拨款结余和专用结余"]),
                      ("年初结转和结余", a.overview["年初结转和结余"])])


def check_fiscal(a: Accounts) -> None:
    led = a.ledger
    led.identity("公开02「财政拨款收入」合计 = 公开04 本年财政拨款收入", a.income.sum("fiscal"),
                 [(label, a.fiscal["本年收入"][ft]) for ft, label in FUND_TYPES.items()])
    for ft, label in FUND_TYPES.items():
        led.identity(
            f"公开04 {label}：本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余",
            fsum([a.fiscal["本年收入"][ft], a.fiscal["年初财政拨款结转和结余"][ft]]),
            [("本年支出（公开05/07/08）", a.fund_expense(ft)), ("年末结转和结余", a.fiscal["年末财政拨款结转和结余"][ft])],
        )
    if a.data.fiscal.total is not None:
        led.identity("公开04「总计」= 本年收入 + 年初财政拨款结转和结余", a.fiscal_total(),
                     [("本年收入", a.fiscal_income()), *[("年初 " + l, a.fiscal["年初财政拨款结转和结余"][ft]) for ft, l in FUND_TYPES.items()]])
    for attr, block in (("income", "本年收入"), ("opening", "年初财政拨款结转和结余"), ("closing", "年末财政拨款结转和结余")):
        if a.fund.nodes or a.fiscal[block]["fund"]:
            led.identity(f"公开07「{FUND_COLUMNS[attr]}」合计 = 公开04 政府性基金预算财政拨款{block}",
                         a.fiscal[block]["fund"], [(FUND_COLUMNS[attr], a.fund.sum(attr))])


def check_general_within_expense(a: Accounts) -> None:
    for node in a.general.leaves():
        target = a.expense.find(node.code)
        for attr, label in SPLIT_COLUMNS.items():
            part = node.value(attr)
            if not part.value:
                continue
            whole = target.value(attr) if target else Fig(ZERO)
            a.ledger.not_more(f"公开05 {node.code} {node.name}「{label}」不应大于公开03 同一科目的{label}", part, whole)


def check_basic_detail(a: Accounts) -> None:
    led = a.ledger
    classes = a.detail.classes()
    if a.detail.nodes or a.general.sum("basic"):
        led.identity("公开06 基本支出明细合计 = 公开05「基本支出」合计", a.general.sum("basic"),
                     [(f"{n.code} {n.name}", n.value("value")) for n in classes])
    personnel = catalogue.personnel_classes()
    led.identity("公开05「基本支出」合计 = 人员经费 + 公用经费", a.general.sum("basic"),
                 [("人员经费合计", a.personnel()), ("公用经费合计", a.public())])
    for name, inside in (("人员经费合计", True), ("公用经费合计", False)):
        if name in a.data.basic_detail:
            led.identity(f"公开06「{name}」= 所属经济分类之和", a.personnel() if inside else a.public(),
                         [(f"{n.code} {n.name}", n.value("value")) for n in classes if (n.code in personnel) == inside])


def check_three(a: Accounts) -> None:
    led = a.ledger
    for which, items in (("全年预算数", a.three_budget), ("决算数", a.three_actual)):
        led.identity(f"公开09「{which}」合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
                     a.three_total(items, which), [(THREE_ITEMS[k], f) for k, f in items.items()])
    foreign = led.fig(a.data.three.foreign_reception, "财政拨款三公经费支出决算表", "外宾接待费")
    led.not_more("外宾接待费不应大于公务接待费决算数", foreign, a.three_actual["reception"])


def check_procurement(a: Accounts) -> None:
    led = a.ledger
    for attr, label in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        line = getattr(a.data.procurement, attr)
        spent = led.fig(line.spent, "政府采购", label, "支出")
        sme = led.fig(line.sme, "政府采购", label, "授予中小企业")
        micro = led.fig(line.micro, "政府采购", label, "授予小微企业")
        led.not_more(f"政府采购{label}：授予中小企业合同金额不应大于支出", sme, spent)
        led.not_more(f"政府采购{label}：授予小微企业合同金额不应大于授予中小企业合同金额", micro, sme)


#: The identity checks, run in this order once the data has the right shape.
CHECKS: list[Callable[[Accounts], None]] = [
    check_overview,
    check_fiscal,
    check_general_within_expense,
    check_basic_detail,
    check_three,
    check_procurement,
]


# ---------------------------------------------------------------- tables

NOTES = {
    "公开01": "注：本表反映部门本年度的总收支和年末结转结余情况。",
    "公开02": "注：本表反映部门本年度取得的各项收入情况。",
    "公开03": "注：本表反映部门本年度各项支出情况。",
    "公开04": "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。",
    "公开05": "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    "公开06": "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    "公开07": "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
    "公开08": "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
    "公开09": "注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
}
TITLES = {
    "公开01": "收入支出决算总表", "公开02": "收入决算表", "公开03": "支出决算表",
    "公开04": "财政拨款收入支出决算总表", "公开05": "一般公共预算财政拨款支出决算表",
    "公开06": "一般公共预算财政拨款基本支出决算明细表", "公开07": "政府性基金预算财政拨款收入支出决算表",
    "公开08": "国有资本经营预算财政拨款支出决算表", "公开09": "财政拨款“三公”经费支出决算表",
}
EMPTY = {
    "公开01": "收入支出", "公开02": "收入", "公开03": "支出", "公开04": "财政拨款收入支出",
    "公开05": "一般公共预算财政拨款支出", "公开06": "一般公共预算财政拨款基本支出",
    "公开07": "政府性基金预算财政拨款收入支出", "公开08": "国有资本经营预算财政拨款支出",
    "公开09": "财政拨款“三公”经费支出",
}


def shown(fig: Fig | Decimal) -> Decimal | None:
    """A table cell: zero prints as an empty cell, as the official tables do."""
    value = fig.value if isinstance(fig, Fig) else fig
    return None if value == 0 else value


def _table(number: str, has_data: bool, unit_name: str, **kw: object) -> Table:
    index = int(number[-2:])
    empty = "" if has_data else f"说明：{unit_name}本年度无{EMPTY[number]}，故本表无数据。"
    return Table(number, TITLES[number], f"{cn_number(index)}、{TITLES[number]}", NOTES[number], empty, **kw)  # type: ignore[arg-type]


def class_lines(a: Accounts) -> list[str]:
    """The 类 codes printed in 公开01/04: the catalogue's list plus any other 类 used."""
    listed = list(catalogue.overview_classes())
    used = {n.code for t in (a.expense, a.general, a.fund, a.capital) for n in t.classes()}
    return listed + sorted(used - set(listed))


def _class_name(code: str, trees: list[CodeTree]) -> str:
    for tree in trees:
        node = tree.find(code)
        if node:
            return node.name
    return catalogue.functional()[code].name


def code_rows(tree: CodeTree, columns: tuple[str, ...], with_total: bool = True) -> tuple[CodeRow, ...]:
    """合计 row, then 类/款/项 rows; the first value is the row's total when `with_total`."""
    def values(node: Node) -> tuple[Decimal | None, ...]:
        cells = [shown(node.value(c)) for c in columns]
        return (shown(row_total(node, columns)), *cells) if with_total else tuple(cells)

    rows = [CodeRow("", "合计", 0, values(tree.total))]
    rows += [CodeRow(n.code, n.name, n.level, values(n)) for n in tree.nodes]
    return tuple(rows)


def tables(a: Accounts, tail_note: bool) -> tuple[Table, ...]:
    unit = a.data.unit.name
    classes = class_lines(a)
    k = len(classes)
    trees = [a.expense, a.general, a.fund, a.capital]

    # 公开01
    income_lines = a.income_sources()
    pair: list[PairRow] = []
    for i, code in enumerate(classes):
        inc_label, inc = (f"{cn_number(i + 1)}、{income_lines[i][0]}", shown(income_lines[i][1])) if i < len(income_lines) else ("", None)
        node = a.expense.find(code)
        pair.append(PairRow(inc_label, i + 1, inc, f"{cn_number(i + 1)}、{_class_name(code, trees)}", k + 6 + i,
                            shown(row_total(node, a.expense.columns)) if node else None))
    ov = a.overview
    pair += [
        PairRow("本年收入合计", k + 1, shown(a.income_total()), "本年支出合计", 2 * k + 6, shown(a.expense_total()), True),
        PairRow("使用非财政拨款结余和专用结余", k + 2, shown(ov["使用非财政拨款结余和专用结余"]), "结余分配", 2 * k + 7, shown(ov["结余分配"])),
        PairRow("年初结转和结余", k + 3, shown(ov["年初结转和结余"]), "年末结转和结余", 2 * k + 8, shown(ov["年末结转和结余"])),
        PairRow("", k + 4, None, "", 2 * k + 9, None),
        PairRow("总计", k + 5, shown(a.grand_total()), "总计", 2 * k + 10, shown(a.overview.get("总计") or a.expense_side()), True),
    ]
    note01 = NOTES["公开01"]
    if tail_note:
        note01 = "注：1. 本表反映部门本年度的总收支和年末结转结余情况。\n2. 本套报表金额单位转换时可能存在尾数误差。"
    t01 = _table("公开01", bool(a.grand_total()), unit, pair_rows=tuple(pair))
    t01 = Table(**{**t01.__dict__, "note": note01})

    # 公开02, 03, 05, 07, 08
    t02 = _table("公开02", bool(a.income.nodes), unit, columns=("本年收入合计", *INCOME_COLUMNS.values()),
                 rows=code_rows(a.income, a.income.columns))
    t03 = _table("公开03", bool(a.expense.nodes), unit, columns=("本年支出合计", *EXPENSE_COLUMNS.values()),
                 rows=code_rows(a.expense, a.expense.columns))
    t05 = _table("公开05", bool(a.general.nodes), unit, columns=("小计", *SPLIT_COLUMNS.values()),
                 rows=code_rows(a.general, a.general.columns))
    fund_rows = tuple(
        CodeRow(r.code, r.name, r.level, (r.values[0], r.values[1], _sum2(r.values[2], r.values[3]), r.values[2], r.values[3], r.values[4]))
        for r in code_rows(a.fund, a.fund.columns, with_total=False)
    )
    t07 = _table("公开07", bool(a.fund.nodes), unit, columns=("年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余"),
                 rows=fund_rows)
    t08 = _table("公开08", bool(a.capital.nodes), unit, columns=("合计", *SPLIT_COLUMNS.values()),
                 rows=code_rows(a.capital, a.capital.columns))

    # 公开04
    fiscal_income = [(f"{cn_number(i + 1)}、{label}", a.fiscal["本年收入"][ft]) for i, (ft, label) in enumerate(FUND_TYPES.items())]
    frows: list[FiscalRow] = []
    for i, code in enumerate(classes):
        label, inc = (fiscal_income[i][0], shown(fiscal_income[i][1])) if i < 3 else ("", None)
        parts = [_class_value(t, code) for t in (a.general, a.fund, a.capital)]
        frows.append(FiscalRow(label, i + 1, inc, f"{cn_number(i + 1)}、{_class_name(code, trees)}", k + 7 + i,
                               (shown(sum(parts, ZERO)), *(shown(p) for p in parts))))
    expense_by_type = [a.fund_expense(ft).value for ft in FUND_TYPES]
    opening = a.fiscal["年初财政拨款结转和结余"]
    closing = a.fiscal["年末财政拨款结转和结余"]
    frows.append(FiscalRow("本年收入合计", k + 1, shown(a.fiscal_income()), "本年支出合计", 2 * k + 7,
                           (shown(sum(expense_by_type, ZERO)), *(shown(v) for v in expense_by_type)), True))
    frows.append(FiscalRow("年初财政拨款结转和结余", k + 2, shown(fsum(opening.values())), "年末财政拨款结转和结余", 2 * k + 8,
                           (shown(fsum(closing.values())), *(shown(closing[ft]) for ft in FUND_TYPES)), True))
    for j, (ft, label) in enumerate(FUND_TYPES.items()):
        frows.append(FiscalRow(label, k + 3 + j, shown(opening[ft]), "", 2 * k + 9 + j, (None, None, None, None)))
    out_total = [e + closing[ft].value for e, ft in zip(expense_by_type, FUND_TYPES)]
    frows.append(FiscalRow("总计", k + 6, shown(a.fiscal_total()), "总计", 2 * k + 12,
                           (shown(sum(out_total, ZERO)), *(shown(v) for v in out_total)), True))
    t04 = _table("公开04", bool(a.fiscal_total()), unit, fiscal_rows=tuple(frows))

    # 公开06
    t06 = _table("公开06", bool(a.detail.nodes), unit, detail_rows=detail_rows(a.detail),
                 detail_totals=(shown(a.personnel()), shown(a.public())))

    # 公开09
    def three(items: dict[str, Fig], which: str) -> list[Decimal | None]:
        total = a.three_total(items, which)
        cars = items["car_purchase"].value + items["car_running"].value
        return [shown(total), shown(items["abroad"]), shown(cars), shown(items["car_purchase"]), shown(items["car_running"]), shown(items["reception"])]

    values09 = tuple(three(a.three_budget, "全年预算数") + three(a.three_actual, "决算数"))
    t09 = _table("公开09", any(v is not None for v in values09), unit, three_values=values09)
    return (t01, t02, t03, t04, t05, t06, t07, t08, t09)


def _sum2(x: Decimal | None, y: Decimal | None) -> Decimal | None:
    total = (x or ZERO) + (y or ZERO)
    return None if total == 0 else total


def _class_value(tree: CodeTree, code: str) -> Decimal:
    node = tree.find(code)
    return row_total(node, ("basic", "project")).value if node else ZERO


#: 公开06's three column groups: 人员经费 classes, 商品和服务, and the rest.
DETAIL_GROUPS = (("301", "303"), ("302",), ("307", "309", "310", "311", "312", "313", "399"))
DETAIL_ALWAYS = {"301", "302", "303", "307", "310", "399"}


def detail_rows(tree: CodeTree) -> tuple[tuple[DetailCell | None, DetailCell | None, DetailCell | None], ...]:
    """公开06 in three column groups, every 款 of each printed class listed, as 003 does."""
    book = catalogue.economic()
    groups: list[list[DetailCell]] = []
    for classes in DETAIL_GROUPS:
        cells: list[DetailCell] = []
        for cls in classes:
            node = tree.find(cls)
            if cls not in DETAIL_ALWAYS and node is None:
                continue
            cells.append(DetailCell(cls, node.name if node else book[cls].name, shown(node.value("value")) if node else None, 1))
            codes = sorted({c for c in book if len(c) == 5 and c.startswith(cls)} | {n.code for n in tree.nodes if n.level == 2 and n.code.startswith(cls)})
            for code in codes:
                sub = tree.find(code)
                cells.append(DetailCell(code, sub.name if sub else book[code].name, shown(sub.value("value")) if sub else None, 2))
        groups.append(cells)
    return tuple(zip_longest(*groups))  # type: ignore[return-value]
