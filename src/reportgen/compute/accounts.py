"""Stage 3b: the 决算 figures, their arithmetic identities, and the nine 公开 tables.

`Accounts.build` reads the validated data into figures (元 converted to 万元 here, once, each
figure keeping the key path it was typed at) and 科目 trees; `CHECKS` is the list of identity
checks (the spec's "Computation and wording rules"), each a small function that returns its
problems and records its result; tables.py lays out the figures of 公开01–09.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .. import catalogue
from ..errors import Problem
from ..numbers import ZERO, Fig, fmt, fsum, half_unit, has_figure, overlaps, ratio
from ..schema import Evaluation, YearData
from .ledger import CodeTree, Ledger, Node
from .model import CheckResult, Summary
from .targets import parse

from ..schema import INCOME_COLUMNS, EXPENSE_COLUMNS, SPLIT_COLUMNS, FUND_COLUMNS, FUND_TYPES, THREE_ITEMS


#: The keys of the 公开 tables: a year holding none of them has no 决算 report.
TABLE_FIELDS = ("overview", "income", "expense", "fiscal", "general", "basic_detail", "fund", "capital", "three")
TABLE_KEYS = tuple(YearData.model_fields[name].alias for name in TABLE_FIELDS)
#: The tables holding 结转和结余, with the keys of their 年初 and 年末 figures (公开04: by fund type).
CARRIED = {"收入支出决算总表": ("年初结转和结余", "年末结转和结余"),
           "财政拨款收入支出决算总表": ("年初财政拨款结转和结余", "年末财政拨款结转和结余")}
PROCUREMENT = {"goods": "货物", "works": "工程", "services": "服务"}
FISCAL_DETAIL = "财政拨款支出决算明细表"
PROJECT_DETAIL = "一般公共预算财政拨款项目支出决算表"
FUND_THREE = "政府性基金预算财政拨款三公经费支出决算表"
PROCUREMENT_FIGURES = {"spent": "支出", "sme": "授予中小企业", "micro": "授予小微企业"}
#: Keys of 政府采购 → 预留 (procurement reserved for small and medium enterprises), by attribute.
RESERVED = {"sme_budget": "面向中小企业预留预算金额", "micro_budget": "面向小微企业预留预算金额",
            "sme_awarded": "预留项目中小企业成交金额", "micro_awarded": "预留项目小微企业成交金额",
            "other_sme_awarded": "其他项目中小企业成交金额"}


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
    budgets: dict[str, Fig]  # 公开05 末级科目 -> 年初预算
    budget_typed: Fig | None  # 公开05「合计」行的年初预算, when typed
    three_budget: dict[str, Fig]
    three_actual: dict[str, Fig]
    foreign_reception: Fig
    running: Fig  # 机关运行经费
    procurement_figs: dict[str, dict[str, Fig]]  # 货物/工程/服务 -> 支出, 授予中小企业, 授予小微企业
    procurement_typed: dict[str, Fig]  # the typed 政府采购「合计」figures: spent/sme/micro -> Fig
    projects: list[tuple[Fig, Fig]]  # 绩效 projects: (预算数, 执行数)
    # The tables some layouts print besides the nine (empty trees when not given):
    fiscal_detail: CodeTree  # 财政拨款支出决算明细表: 经济分类 -> basic, project
    project_detail: CodeTree  # 一般公共预算财政拨款项目支出决算表: 经济分类 -> value
    fund_three: dict[str, dict[str, Fig]]  # 全年预算数/决算数 -> item -> Fig (政府性基金 “三公”)
    fund_three_typed: dict[str, Fig]  # 全年预算数/决算数 -> its typed 合计

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
        total05 = data.general.get("合计")
        typed_total = data.procurement.total
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
            capital=ledger.tree("国有资本经营预算财政拨款支出决算表", data.capital, FUND_COLUMNS),
            overview=overview,
            fiscal=fiscal,
            budgets=budgets,
            budget_typed=fig(total05.budget, key05, "合计", "年初预算") if total05 and total05.budget is not None else None,
            three_budget={a: fig(getattr(three.budget, a), key09, "全年预算数", n) for a, n in THREE_ITEMS.items()},
            three_actual={a: fig(getattr(three.actual, a), key09, "决算数", n) for a, n in THREE_ITEMS.items()},
            foreign_reception=fig(three.foreign_reception, key09, "外宾接待费"),
            running=fig(data.running.actual, "机关运行经费", "决算数") if data.running.applies else Fig(ZERO),
            procurement_figs={label: {"spent": fig(getattr(data.procurement, attr).spent, "政府采购", label, "支出"),
                                      "sme": fig(getattr(data.procurement, attr).sme, "政府采购", label, "授予中小企业"),
                                      "micro": fig(getattr(data.procurement, attr).micro, "政府采购", label, "授予小微企业")}
                              for attr, label in PROCUREMENT.items()},
            procurement_typed={attr: fig(getattr(typed_total, attr), "政府采购", "合计", label)
                               for attr, label in PROCUREMENT_FIGURES.items()
                               if typed_total is not None and getattr(typed_total, attr) is not None},
            projects=[(fig(p.budget, "绩效", "项目", i, "预算数"), fig(p.spent, "绩效", "项目", i, "执行数"))
                      for i, p in enumerate(data.performance.projects if data.performance else ())],
            fiscal_detail=ledger.tree(FISCAL_DETAIL, data.fiscal_detail or {}, SPLIT_COLUMNS, functional=False),
            project_detail=ledger.tree(PROJECT_DETAIL, data.project_detail or {}, {"value": "决算数"}, functional=False),
            fund_three={which: {a: fig(getattr(getattr(data.fund_three, attr), a), FUND_THREE, which, n) for a, n in THREE_ITEMS.items()}
                        for attr, which in (("budget", "全年预算数"), ("actual", "决算数")) if data.fund_three is not None},
            fund_three_typed={which: fig(getattr(data.fund_three, attr).total, FUND_THREE, which, "合计")
                              for attr, which in (("budget", "全年预算数"), ("actual", "决算数"))
                              if data.fund_three is not None and getattr(data.fund_three, attr).total is not None},
        )
        return accounts

    @property
    def procurement(self) -> dict[str, dict[str, Decimal]]:
        return {label: {k: f.value for k, f in line.items()} for label, line in self.procurement_figs.items()}

    def procurement_total(self, attr: str) -> Fig:
        """政府采购 支出 / 授予中小企业 / 授予小微企业 in all: the typed 合计, else the lines' sum."""
        typed = self.procurement_typed.get(attr)
        return typed if typed is not None else fsum(line[attr] for line in self.procurement_figs.values())

    @property
    def project_figures(self) -> list[tuple[Decimal, Decimal]]:
        """绩效 projects' (预算数, 执行数)."""
        return [(budget.value, spent.value) for budget, spent in self.projects]

    def subject_trees(self) -> tuple[CodeTree, ...]:
        """The 功能分类 tables, 公开03 first: the order in which 名词解释 meets their 项."""
        return (self.expense, self.income, self.general, self.fund, self.capital)

    def fund_three_total(self, which: str) -> Fig:
        """政府性基金 “三公” 全年预算数 or 决算数 in all: the typed 合计, else the items' sum."""
        return self.fund_three_typed.get(which) or fsum(self.fund_three.get(which, {}).values())

    def items(self) -> list[tuple[CodeTree, Node]]:
        """Every 项 used in the tables, by code, with the first table it appears in."""
        seen: dict[str, tuple[CodeTree, Node]] = {}
        for tree in self.subject_trees():
            for leaf in tree.leaves():
                if len(leaf.code) == 7 and tree.held(leaf):
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

    def carried(self, table: str, key: str) -> Fig:
        """A 年初 or 年末 结转和结余 of CARRIED's `table` (公开04's: all funds together)."""
        return self.overview[key] if table == "收入支出决算总表" else fsum(self.fiscal[key].values())

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

    def reserved(self) -> dict[str, Fig] | None:
        """政府采购 → 预留 figures by attribute, or None when not typed."""
        r = self.data.procurement.reserved
        return None if r is None else {a: self.ledger.fig(getattr(r, a), "政府采购", "预留", k) for a, k in RESERVED.items()}

    def full_budgets(self) -> dict[str, Fig]:
        """公开05 全年预算 by code (末级科目 and 合计) where typed."""
        return {code: self.ledger.fig(row.full_budget, "一般公共预算财政拨款支出决算表", code, "全年预算")
                for code, row in self.data.general.items() if row.full_budget is not None}

    def full_budget_total(self) -> Fig | None:
        """公开05 全年预算 in all: the 合计 row's when typed, else the 末级科目's sum; None if none is typed."""
        full = self.full_budgets()
        if not full:
            return None
        return full["合计"] if "合计" in full else fsum(full.get(n.code, Fig(ZERO)) for n in self.general.leaves())

    def budget_total(self) -> Fig:
        """公开05 年初预算 in all: the 合计 row's when typed, else the sum of the 末级科目's."""
        return self.budget_typed if self.budget_typed is not None else fsum(self.budgets.values())

    def has_tail_differences(self) -> bool:
        return any(c.status == "tail" for c in self.ledger.checks)


def row_total(node: Node, columns: tuple[str, ...]) -> Fig:
    return fsum(node.value(c) for c in columns)


# ---------------------------------------------------------------- identities

def check_blank(a: Accounts) -> list[Problem]:
    """公开 tables that hold no money at all, as `reportgen new-year` leaves them: a 提醒, so that
    `check` does not pass a year whose figures are still to be filled in."""
    doc = a.ledger.doc
    tables = [key for key in TABLE_KEYS if key in doc.data]
    if not tables or any(has_figure(doc.data[key]) for key in tables):
        return []
    return [a.ledger.problem(
        "公开表（收入支出决算总表等）中的金额全部为 0 或空白，还是新年度的空表。请按部门决算软件中本年度的决算报表"
        f"填写各表的数，或用 reportgen import {doc.folder.name} <决算软件导出的 Excel 文件> 导入。", (tables[0],), "warning")]


def check_overview(a: Accounts) -> list[Problem]:
    led, out = a.ledger, []
    if "本年收入合计" in a.overview:
        out += led.identity("公开01「本年收入合计」= 各项收入之和", a.overview["本年收入合计"], a.income_sources())
    if "本年支出合计" in a.overview:
        out += led.identity("公开01「本年支出合计」= 公开03 支出合计", a.overview["本年支出合计"],
                     [(label, a.expense.sum(attr)) for attr, label in EXPENSE_COLUMNS.items()])
    out += led.identity(
        "公开01 收入总计（本年收入 + 使用非财政拨款结余 + 年初结转和结余）= 支出总计（本年支出 + 结余分配 + 年末结转和结余）",
        a.income_side(),
        [("本年支出合计", a.expense_total()), ("结余分配", a.overview["结余分配"]), ("年末结转和结余", a.overview["年末结转和结余"])],
    )
    if "总计" in a.overview:
        out += led.identity("公开01「总计」= 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余", a.overview["总计"],
                     [("本年收入合计", a.income_total()), ("使用非财政拨款结余和专用结余", a.overview["使用非财政拨款结余和专用结余"]),
                      ("年初结转和结余", a.overview["年初结转和结余"])])
    return out


def check_fiscal(a: Accounts) -> list[Problem]:
    led = a.ledger
    out = led.identity("公开02「财政拨款收入」合计 = 公开04 本年财政拨款收入", a.income.sum("fiscal"),
                 [(label, a.fiscal["本年收入"][ft]) for ft, label in FUND_TYPES.items()])
    for ft, label in FUND_TYPES.items():
        out += led.identity(
            f"公开04 {label}：本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余",
            fsum([a.fiscal["本年收入"][ft], a.fiscal["年初财政拨款结转和结余"][ft]]),
            [("本年支出（公开05/07/08）", a.fund_expense(ft)), ("年末结转和结余", a.fiscal["年末财政拨款结转和结余"][ft])],
        )
    if a.data.fiscal.total is not None:
        out += led.identity("公开04「总计」= 本年收入 + 年初财政拨款结转和结余", a.fiscal_total(),
                     [("本年收入", a.fiscal_income()), *[("年初 " + l, a.fiscal["年初财政拨款结转和结余"][ft]) for ft, l in FUND_TYPES.items()]])
    carries = (("income", "本年收入"), ("opening", "年初财政拨款结转和结余"), ("closing", "年末财政拨款结转和结余"))
    for attr, block in carries:
        if a.fund.nodes or a.fiscal[block]["fund"]:
            out += led.identity(f"公开07「{FUND_COLUMNS[attr]}」合计 = 公开04 政府性基金预算财政拨款{block}",
                                a.fiscal[block]["fund"], [(FUND_COLUMNS[attr], a.fund.sum(attr))])
    # 公开08's 收入 and 结转 columns are optional (a 支出 table has none); once typed, they agree with 公开04.
    if any(a.capital.sum(attr).value for attr, _ in carries):
        for attr, block in carries:
            out += led.identity(f"公开08「{FUND_COLUMNS[attr]}」合计 = 公开04 国有资本经营预算财政拨款{block}",
                                a.fiscal[block]["capital"], [(FUND_COLUMNS[attr], a.capital.sum(attr))])
    return out


def check_general_within_expense(a: Accounts) -> list[Problem]:
    out = []
    for node in a.general.leaves():
        target = a.expense.find(node.code)
        for attr, label in SPLIT_COLUMNS.items():
            part = node.value(attr)
            if not part.value:
                continue
            whole = target.value(attr) if target else Fig(ZERO)
            out += a.ledger.not_more(f"公开05 {node.code} {node.name}「{label}」不应大于公开03 同一科目的{label}", part, whole)
    return out


def check_basic_detail(a: Accounts) -> list[Problem]:
    led, out = a.ledger, []
    classes = a.detail.classes()
    if a.detail.nodes or a.general.sum("basic"):
        out += led.identity("公开06 基本支出明细合计 = 公开05「基本支出」合计", a.general.sum("basic"),
                     [(f"{n.code} {n.name}", n.value("value")) for n in classes])
    personnel = catalogue.personnel_classes()
    out += led.identity("公开05「基本支出」合计 = 人员经费 + 公用经费", a.general.sum("basic"),
                 [("人员经费合计", a.personnel()), ("公用经费合计", a.public())])
    for name, inside in (("人员经费合计", True), ("公用经费合计", False)):
        if name in a.data.basic_detail:
            out += led.identity(f"公开06「{name}」= 所属经济分类之和", a.personnel() if inside else a.public(),
                                [(f"{n.code} {n.name}", n.value("value")) for n in classes if (n.code in personnel) == inside])
    return out


def check_three(a: Accounts) -> list[Problem]:
    led, out = a.ledger, []
    for which, items in (("全年预算数", a.three_budget), ("决算数", a.three_actual)):
        out += led.identity(f"公开09「{which}」合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
                            a.three_total(items, which), [(THREE_ITEMS[k], f) for k, f in items.items()])
    return out + led.not_more("外宾接待费不应大于公务接待费决算数", a.foreign_reception, a.three_actual["reception"])


#: 公开06's economic codes whose spending the “三公” table's 决算数 counts, by item.
THREE_CODES = {"30217": "reception", "30231": "car_running"}


def check_three_in_basic(a: Accounts) -> list[Problem]:
    """公开06's 公务接待费 (30217) and 公务用车运行维护费 (30231) are part of the “三公” 决算数 of the
    same name (which also counts project and 政府性基金 spending): a 提醒 when above it."""
    out = []
    for code, item in THREE_CODES.items():
        node = a.detail.find(code)
        if node is None:
            continue
        name = THREE_ITEMS[item]
        out += a.ledger.not_more(
            f"基本支出中的{name}（{code}）不应大于“三公”经费{name}决算数", node.value("value"), a.three_actual[item],
            todo=f"“三公”经费的{name}决算数包括基本支出中的{name}，应不小于它。请核对「一般公共预算财政拨款基本支出决算明细表」"
                 f"{code} 行和「财政拨款三公经费支出决算表」「决算数」的「{name}」是否填错行或漏填。",
            severity="warning")
    return out


def check_vehicles(a: Accounts) -> list[Problem]:
    """The “三公” table's 公务用车保有量 are among the vehicles 国有资产 lists at the year's end:
    a 提醒 when those are fewer (left at 0 by new-year, or typed in one table only)."""
    held = a.data.three.cars_held
    if not held or "国有资产" not in a.ledger.doc.data:
        return []
    total = a.data.assets.vehicles.total()
    if total >= held:
        return []
    return [a.ledger.problem(f"「国有资产」「车辆」共 {total} 辆，少于「财政拨款三公经费支出决算表」的公务用车保有量 {held} 辆："
                             "年末的车辆包括全部公务用车，报告会前后不一。请核对两处的车辆数。", ("国有资产", "车辆"), "warning")]


def check_procurement(a: Accounts) -> list[Problem]:
    out = []
    for label, line in a.procurement_figs.items():
        out += a.ledger.not_more(f"政府采购{label}：授予中小企业合同金额不应大于支出", line["sme"], line["spent"])
        out += a.ledger.not_more(f"政府采购{label}：授予小微企业合同金额不应大于授予中小企业合同金额", line["micro"], line["sme"])
    for attr, typed in a.procurement_typed.items():
        label = PROCUREMENT_FIGURES[attr]
        out += a.ledger.identity(f"政府采购「合计」{label} = 货物 + 工程 + 服务", typed,
                                 [(kind, line[attr]) for kind, line in a.procurement_figs.items()])
    r = a.reserved()
    if r is not None:
        out += a.ledger.not_more("政府采购预留：面向小微企业预留预算金额不应大于面向中小企业预留预算金额", r["micro_budget"], r["sme_budget"])
        out += a.ledger.not_more("政府采购预留：预留项目小微企业成交金额不应大于预留项目中小企业成交金额", r["micro_awarded"], r["sme_awarded"])
        out += a.ledger.not_more("政府采购：预留项目与其他项目中小企业成交金额之和不应大于政府采购支出总额",
                                 fsum([r["sme_awarded"], r["other_sme_awarded"]]), a.procurement_total("spent"))
    return out


def check_general_budget(a: Accounts) -> list[Problem]:
    """A typed 合计 年初预算 (and 全年预算) of 公开05 against those of its 末级科目."""
    out = []
    if a.budget_typed is not None:
        out += a.ledger.identity("公开05「合计」年初预算 = 各末级科目年初预算之和", a.budget_typed,
                                 [(f"{n.code} {n.name}", a.budgets.get(n.code, Fig(ZERO))) for n in a.general.leaves()])
    full = a.full_budgets()
    if "合计" in full:
        out += a.ledger.identity("公开05「合计」全年预算 = 各末级科目全年预算之和", full["合计"],
                                 [(f"{n.code} {n.name}", full.get(n.code, Fig(ZERO))) for n in a.general.leaves()])
    return out


def check_budgets_typed(a: Accounts) -> list[Problem]:
    """公开05's 末级科目 with spending and no 年初预算 (nor 全年预算) typed, as after an import from
    a workbook without them: the report would say 年初预算为0万元. A budget of 0 is typed as 0."""
    missing = [n for n in a.general.leaves() if (row := a.data.general.get(n.code)) is not None
               and row.budget is None and row.full_budget is None and any(n.value(c).value for c in a.general.columns)]
    if not missing:
        return []
    codes = "、".join(n.code for n in missing[:8]) + (f" 等 {len(missing)} 个科目" if len(missing) > 8 else " 科目")
    return [a.ledger.problem(
        f"「一般公共预算财政拨款支出决算表」中 {codes}有支出，但没有填写「年初预算」（或「全年预算」）：报告将印作“年初预算为0万元”。"
        "请按年初预算批复填写；确实没有年初预算的科目请填 0。", ("一般公共预算财政拨款支出决算表", missing[0].code), "warning")]


#: How the project spending the 绩效 projects are part of is called: in the check's name, in
#: its message and in what to do; from 公开05, or typed under 绩效 → 收支情况.
TABLES_WHOLE = ("公开05「项目支出」合计", "公开05 一般公共预算财政拨款「项目支出」合计", "公开05的「项目支出」")
TYPED_WHOLE = ("「收支情况」「项目支出」", "「绩效」「收支情况」的「项目支出」", "「收支情况」的「项目支出」")


#: The projects of each 资金性质, against the 项目支出 of that budget's 财政拨款 table: the table,
#: the word before 项目 in the messages, and the names as in TABLES_WHOLE.
PROJECT_TABLES = {
    "一般公共预算": ("general", "", TABLES_WHOLE),
    "政府性基金": ("fund", "政府性基金", ("政府性基金「项目支出」合计", "政府性基金预算财政拨款「项目支出」合计",
                                     "政府性基金预算财政拨款收入支出决算表的「项目支出」")),
    "国有资本经营": ("capital", "国有资本经营", ("国有资本经营「项目支出」合计", "国有资本经营预算财政拨款「项目支出」合计",
                                        "国有资本经营预算财政拨款支出决算表的「项目支出」")),
}


def check_projects(a: Accounts, whole: Fig | None = None, names: tuple[str, str, str] = TABLES_WHOLE) -> list[Problem]:
    """The 绩效 projects' 执行数 against the 项目支出 of their budget (资金性质): 公开05's for
    一般公共预算 ones, which the 决算 report's 预算绩效 section says they are part of
    ("占一般公共预算项目支出总额的Y%"), the 政府性基金 or 国有资本经营 table's for the others; or
    all of them against the `whole` typed under 绩效 → 收支情况 (`names`)."""
    if not a.projects:
        return []
    if whole is not None:
        return _projects_within(a, list(range(len(a.projects))), whole, "", names)
    kinds = [p.fund_kind for p in a.data.performance.projects]  # type: ignore[union-attr] - projects imply 绩效
    out = []
    for kind, (table, what, kind_names) in PROJECT_TABLES.items():
        chosen = [i for i, k in enumerate(kinds) if k == kind]
        if chosen:
            # A 一般公共预算 sum too large may hold a fund's project not marked as such.
            hint = "；政府性基金或国有资本经营预算的项目请写明其「资金性质」" if kind == "一般公共预算" else ""
            out += _projects_within(a, chosen, getattr(a, table).sum("project"), what, kind_names, hint)
    return out


def _projects_within(a: Accounts, chosen: list[int], whole: Fig, what: str, names: tuple[str, str, str],
                     hint: str = "") -> list[Problem]:
    """Projects `chosen` (their indices) of at most `whole`: evaluating only some projects is
    allowed (a 提醒 names the gap), a sum above the whole is an error (`hint` ends its message)."""
    led, places = a.ledger, a.ledger.style.amount_places
    spent = fsum(a.projects[i][1] for i in chosen)
    title, label, short = names
    name = f"绩效各{what}项目「执行数」之和 = {title}"
    where = f"项目执行数 ← {led.where(spent)}；项目支出合计 ← {led.where(whole)}"
    if overlaps(spent, whole):
        return led.identity(name, whole, [(f"项目{i + 1}", a.projects[i][1]) for i in chosen])
    message = (f"绩效自评各{what}项目「执行数」之和 {fmt(spent.value, places, True)} 万元，"
               f"{label} {fmt(whole.value, places, True)} 万元")
    if spent.value < whole.value:
        share = fmt(ratio(spent.value, whole.value) or ZERO, 1)
        return [led.problem(f"{message}，自评项目占 {share}%（{where}）。只对部分项目开展自评时可不理会本提醒；"
                            "否则请在「绩效」「项目」下补上其余项目。", ("绩效", "项目"), "warning")]
    led.checks.append(CheckResult(name, whole.value, spent.value, spent.tol + whole.tol, "fail"))
    return [led.problem(f"{message}：自评项目的执行数之和大于项目支出合计，相差 {fmt(spent.value - whole.value, places, True)} 万元，"
                        f"超出尾数误差允许范围（{where}）。请核对各项目的「执行数」和{short}{hint}。", ("绩效", "项目"))]


#: How many times last year's 收支总计 this year's may be before the unit of the figures is in doubt.
SCALE = 100


def check_scale(a: Accounts, prior: Summary) -> list[Problem]:
    """A 收支总计 a hundred times last year's, or a hundredth of it: figures typed or imported in 元
    (or 百元) where the data is in 万元, or the other way round. Said, not refused: a unit may
    truly start or end most of its work in a year."""
    now, before = a.grand_total(), prior.grand_total
    if not now.value or not before or SCALE * min(now.value, before) > max(now.value, before):
        return []
    places = a.ledger.style.amount_places
    return [a.ledger.problem(
        f"本年收、支总计 {fmt(now.value, places, True)} 万元，上年 {fmt(before, places, True)} 万元，相差 {SCALE} 倍以上："
        "请确认两年的金额单位都是万元（从 Excel 导入时，表格标明的单位须与表中数一致；以元填写的表格请标明“单位：元”）。",
        ("收入支出决算总表",), "warning")]


def check_carried(a: Accounts, prior: Summary) -> list[Problem]:
    """This year's 年初结转和结余 (公开01, and 公开04's for all funds) against last year's 年末, in
    the tables both years have: equal unless last year's were adjusted after its 决算, which
    the data cannot tell, so a 提醒. Blank tables are check_blank's to report."""
    led, places, out = a.ledger, a.ledger.style.amount_places, []
    if not a.grand_total().value:
        return []
    for table, (opening, closing) in CARRIED.items():
        now, before = a.carried(table, opening), prior.closing.get(table)
        if before is None or table not in led.doc.data or overlaps(now, Fig(before.value, before.tol)):
            continue
        out.append(led.problem(
            f"本年「{table}」{opening} {fmt(now.value, places, True)} 万元，与上年{closing} {fmt(before.value, places, True)} 万元"
            f"（{before.at}）不等：本年年初数应等于上年年末数。请核对这两个数；如上年年末数在上年决算后经过调整"
            "（如审计调整、账务调整），本年按调整后的数填写，可不理会本提醒。", (table, opening), "warning"))
    return out


#: The checks against last year's summary (from data/<year-1>/ or the 上年 block).
PRIOR_CHECKS: list[Callable[[Accounts, Summary], list[Problem]]] = [check_scale, check_carried]


def _evaluations(a: Accounts) -> list[tuple[tuple[str | int, ...], Evaluation, Fig, Fig]]:
    """Every self-evaluation with its key path, 预算数 and 执行数 (部门整体: 本年支出合计 when not typed)."""
    perf = a.data.performance
    if perf is None:
        return []
    whole = perf.whole
    spent = a.ledger.fig(whole.spent, "绩效", "部门整体", "执行数") if whole.spent is not None else a.expense_total()
    out = [(("绩效", "部门整体"), whole, a.ledger.fig(whole.budget, "绩效", "部门整体", "预算数"), spent)]
    out += [(("绩效", "项目", i), p, budget, spent) for i, (p, (budget, spent)) in enumerate(zip(perf.projects, a.projects))]
    return out


# ---------------------------------------------------------------- the tables beyond the nine

def check_fiscal_detail(a: Accounts) -> list[Problem]:
    """财政拨款支出决算明细表: its totals are those of 公开05/07/08 together, and each 经济分类
    holds at least the 一般公共预算 part (公开06 基本支出, 项目支出决算表)."""
    if a.data.fiscal_detail is None:
        return []
    led, tree, out = a.ledger, a.fiscal_detail, []
    for attr, label in SPLIT_COLUMNS.items():
        out += led.identity(f"{FISCAL_DETAIL}「{label}」合计 = 一般公共预算、政府性基金预算、国有资本经营预算财政拨款的{label}之和",
                            tree.sum(attr), [(f"{t.key}「{label}」合计", t.sum(attr)) for t in (a.general, a.fund, a.capital)],
                            (FISCAL_DETAIL,))
    for part_tree, attr in ((a.detail, "basic"), (a.project_detail, "project")):
        for node in part_tree.nodes:
            whole = tree.find(node.code)
            out += led.not_more(f"{part_tree.key} {node.code} {node.name} 不应大于{FISCAL_DETAIL}同一科目的{SPLIT_COLUMNS[attr]}",
                                node.value("value"), whole.value(attr) if whole else Fig(ZERO), (part_tree.key,))
    return out


def check_project_detail(a: Accounts) -> list[Problem]:
    """一般公共预算财政拨款项目支出决算表 in all = 公开05「项目支出」合计."""
    if a.data.project_detail is None:
        return []
    return a.ledger.identity(f"一般公共预算财政拨款支出决算表「项目支出」合计 = {PROJECT_DETAIL}各类之和", a.general.sum("project"),
                             [(f"{n.code} {n.name}", n.value("value")) for n in a.project_detail.classes()], (PROJECT_DETAIL,))


def check_fund_three(a: Accounts) -> list[Problem]:
    """政府性基金 “三公”: typed 合计 = its items; 决算数 within the fund's spending (公开07)."""
    if a.data.fund_three is None:
        return []
    out = []
    for which, typed in a.fund_three_typed.items():
        out += a.ledger.identity(f"{FUND_THREE}「{which}」合计 = 各项之和", typed,
                                 [(THREE_ITEMS[k], f) for k, f in a.fund_three[which].items()])
    return out + a.ledger.not_more(f"{FUND_THREE}决算数合计不应大于政府性基金预算财政拨款本年支出", a.fund_three_total("决算数"),
                                   a.fund_expense("fund"), (FUND_THREE, "决算数"))


#: The 数据来源 an indicator may name, by the kind of figure each is: the units its 实际值 may be written in.
SOURCE_UNITS = {"count": ("人", "名", ""), "amount": ("万元", "元", "亿元", ""), "percent": ("%", "％")}
STAFF = {"编制数": "quota", "在职人数": "active", "退休人数": "retired"}
AMOUNTS: dict[str, Callable[[Accounts], Fig]] = {
    "本年支出合计": lambda a: a.expense_total(),
    "基本支出": lambda a: a.expense.sum("basic"),
    "项目支出": lambda a: a.expense.sum("project"),
    "一般公共预算财政拨款支出": lambda a: a.general_expense(),
    "人员经费": lambda a: a.personnel(),
    "公用经费": lambda a: a.public(),
    "三公经费": lambda a: a.three_total(a.three_actual, "决算数"),
    "机关运行经费": lambda a: a.running,
    "政府采购支出": lambda a: a.procurement_total("spent"),
}


def source_figure(a: Accounts, source: str, budget: Fig, spent: Fig) -> tuple[str, Decimal | None, Decimal, str]:
    """(kind, value, tolerance, where it comes from) of a 数据来源; value None when it cannot be computed."""
    doc, staff = a.ledger.doc, a.data.unit.staff
    staff_at = {k: str(doc.source(("单位", "人员", k))) for k in STAFF}
    if source in STAFF:
        return "count", Decimal(getattr(staff, STAFF[source])), ZERO, f"{source} ← {staff_at[source]}"
    if source == "在职人员控制率":
        return ("percent", ratio(Decimal(staff.active), Decimal(staff.quota)), ZERO,
                f"在职人数 {staff.active} ÷ 编制数 {staff.quota}，← {staff_at['在职人数']}、{staff_at['编制数']}")
    if source == "预算执行率":
        return ("percent", ratio(spent.value, budget.value), ZERO,
                f"执行数 {fmt(spent.value, 2, True)} ÷ 预算数 {fmt(budget.value, 2, True)}，← {a.ledger.where(spent)}、{a.ledger.where(budget)}")
    fig = {"预算数": budget, "执行数": spent}.get(source) or AMOUNTS[source](a)
    return "amount", fig.value, fig.tol, f"{source} ← {a.ledger.where(fig)}"


def check_indicator_sources(a: Accounts) -> list[Problem]:
    """An indicator whose 实际值 says which figure it reports (数据来源) is checked against that
    figure, computed from the data: the typed number, within half a unit of its last decimal."""
    led, out = a.ledger, []
    for path, ev, budget, spent in _evaluations(a):
        for i, ind in enumerate(ev.indicators):
            actual = parse(ind.actual)
            if ind.source is None or not actual.text:
                continue  # an empty 实际值 is the scorer's to report
            at = (*path, "指标", i, "实际值")
            kind, value, tol, where = source_figure(a, ind.source, budget, spent)
            units = SOURCE_UNITS[kind]
            if actual.number is None or not any(actual.unit == u or u and actual.unit.startswith(u) for u in units):
                out.append(led.problem(f"指标「{ind.name}」的实际值“{actual.text}”应为一个数，单位为「{units[0] or '（无）'}」"
                                       f"（数据来源：{ind.source}，{where}）。请改写实际值，或删去「数据来源」。", at))  # type: ignore[arg-type]
                continue
            if value is None:
                out.append(led.problem(f"指标「{ind.name}」的数据来源「{ind.source}」算不出来：除数为 0（{where}）。"
                                       "请补上数据，或删去「数据来源」。", at))  # type: ignore[arg-type]
                continue
            scale = Decimal("1E4") if actual.unit.startswith("亿元") else Decimal("1E-4") if actual.unit.startswith("元") else Decimal(1)
            typed = Fig(actual.number * scale, half_unit(actual.number, 0) * scale)
            if not overlaps(typed, Fig(value, tol)):
                shown = {"count": fmt(value, 0), "amount": fmt(value, led.style.amount_places, True) + " 万元",
                         "percent": fmt(value, 2) + "%"}[kind]
                out.append(led.problem(f"指标「{ind.name}」的实际值“{actual.text}”与数据算出的{ind.source} {shown} 不符"
                                       f"（{where}）。请改正实际值，或删去「数据来源」。", at))  # type: ignore[arg-type]
    return out


#: The identity checks, run in this order once the data has the right shape; each returns its problems.
CHECKS: list[Callable[[Accounts], list[Problem]]] = [
    check_blank,
    check_overview,
    check_fiscal,
    check_general_within_expense,
    check_basic_detail,
    check_three,
    check_three_in_basic,
    check_vehicles,
    check_procurement,
    check_general_budget,
    check_budgets_typed,
    check_fiscal_detail,
    check_project_detail,
    check_fund_three,
    check_projects,
    check_indicator_sources,
]


