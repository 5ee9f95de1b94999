"""Stage 3b': the figures of the nine 决算 tables, row by row, as named cells.

Each table's data is named by the 决算 software's table (收入支出决算总表, …); a profile's
table definitions pick the cells they print, in their own order, with their own headers.
A zero prints as an empty cell, as the official tables do, so it arrives here as None.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import zip_longest
from typing import Any

from .. import catalogue
from ..numbers import ZERO, Fig, cn_number, fsum
from .accounts import EXPENSE_COLUMNS, FUND_COLUMNS, FUND_TYPES, INCOME_COLUMNS, SPLIT_COLUMNS, THREE_ITEMS, Accounts, row_total
from .ledger import CodeTree, Node
from .model import Row, TableData

def shown(fig: Fig | Decimal | None) -> Decimal | None:
    """A table cell: zero prints as an empty cell."""
    value = fig.value if isinstance(fig, Fig) else fig
    return None if not value else value


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


def _code_cells(node: Node | None) -> dict[str, Any]:
    code = node.code if node else ""
    return {"科目代码": code, "科目名称": node.name if node else "合计", "级次": node.level if node else 0,
            "类": code[:3], "款": code[3:5], "项": code[5:7]}


def code_rows(tree: CodeTree, labels: dict[str, str], total: str | None) -> tuple[Row, ...]:
    """合计 row, then 类/款/项 rows; `total` names the row-total cell (None: no such cell)."""
    def row(node: Node, cells: dict[str, Any]) -> Row:
        values = {label: shown(node.value(attr)) for attr, label in labels.items()}
        if total:
            values[total] = shown(row_total(node, tuple(labels)))
        return Row({**cells, **values}, node.level, node.level <= 1)

    return (row(tree.total, _code_cells(None)), *(row(n, _code_cells(n)) for n in tree.nodes if tree.held(n)))


def overview(a: Accounts) -> TableData:
    """公开01 收入支出决算总表: income lines left, expense lines (by 类) right."""
    classes = class_lines(a)
    k = len(classes)
    trees = [a.expense, a.general, a.fund, a.capital]
    incomes = a.income_sources()
    rows = []
    for i, code in enumerate(classes):
        label, value = (f"{cn_number(i + 1)}、{incomes[i][0]}", shown(incomes[i][1])) if i < len(incomes) else ("", None)
        node = a.expense.find(code)
        rows.append(Row({"收入项目": label, "收入行次": i + 1, "收入决算数": value,
                         "支出项目": f"{cn_number(i + 1)}、{_class_name(code, trees)}", "支出行次": k + 6 + i,
                         "支出决算数": shown(row_total(node, a.expense.columns)) if node else None}))

    def pair(left: str, n: int, lv: Any, right: str, m: int, rv: Any, strong: bool = False) -> Row:  # noqa: ANN401
        return Row({"收入项目": left, "收入行次": n, "收入决算数": shown(lv), "支出项目": right, "支出行次": m,
                    "支出决算数": shown(rv)}, strong=strong)

    ov = a.overview
    rows += [
        pair("本年收入合计", k + 1, a.income_total(), "本年支出合计", 2 * k + 6, a.expense_total(), True),
        pair("使用非财政拨款结余和专用结余", k + 2, ov["使用非财政拨款结余和专用结余"], "结余分配", 2 * k + 7, ov["结余分配"]),
        pair("年初结转和结余", k + 3, ov["年初结转和结余"], "年末结转和结余", 2 * k + 8, ov["年末结转和结余"]),
        pair("", k + 4, None, "", 2 * k + 9, None),
        pair("总计", k + 5, a.grand_total(), "总计", 2 * k + 10, ov.get("总计") or a.expense_side(), True),
    ]
    return TableData("收入支出决算总表", tuple(rows), bool(a.grand_total()), {})


def fiscal(a: Accounts) -> TableData:
    """公开04 财政拨款收入支出决算总表: income by fund type left, expense by 类 and fund type right."""
    classes = class_lines(a)
    k = len(classes)
    trees = [a.expense, a.general, a.fund, a.capital]
    kinds = list(FUND_TYPES.values())

    def row(left: str, n: int, lv: Any, right: str, m: int, values: list[Any], strong: bool = False) -> Row:  # noqa: ANN401
        cells = {"收入项目": left, "收入行次": n, "收入金额": shown(lv), "支出项目": right, "支出行次": m,
                 "合计": shown(sum(values, ZERO)) if values else None}
        cells.update({kind: shown(v) for kind, v in zip(kinds, values or [None] * 3)})
        return Row(cells, strong=strong)

    income = [(f"{cn_number(i + 1)}、{label}", a.fiscal["本年收入"][ft]) for i, (ft, label) in enumerate(FUND_TYPES.items())]
    rows = []
    for i, code in enumerate(classes):
        label, value = income[i] if i < 3 else ("", None)
        parts = [_class_value(t, code) for t in (a.general, a.fund, a.capital)]
        rows.append(row(label, i + 1, value, f"{cn_number(i + 1)}、{_class_name(code, trees)}", k + 7 + i, parts))
    spent = [a.fund_expense(ft).value for ft in FUND_TYPES]
    opening, closing = a.fiscal["年初财政拨款结转和结余"], a.fiscal["年末财政拨款结转和结余"]
    rows.append(row("本年收入合计", k + 1, a.fiscal_income(), "本年支出合计", 2 * k + 7, spent, True))
    rows.append(row("年初财政拨款结转和结余", k + 2, fsum(opening.values()), "年末财政拨款结转和结余", 2 * k + 8,
                    [closing[ft].value for ft in FUND_TYPES], True))
    for j, (ft, label) in enumerate(FUND_TYPES.items()):
        rows.append(row(label, k + 3 + j, opening[ft], "", 2 * k + 9 + j, []))
    rows.append(row("总计", k + 6, a.fiscal_total(), "总计", 2 * k + 12,
                    [e + closing[ft].value for e, ft in zip(spent, FUND_TYPES)], True))
    return TableData("财政拨款收入支出决算总表", tuple(rows), bool(a.fiscal_total()), {})


def _class_value(tree: CodeTree, code: str) -> Decimal:
    node = tree.find(code)
    return row_total(node, ("basic", "project")).value if node else ZERO


def carried(id: str, tree: CodeTree) -> TableData:
    """A 收入支出 table (公开07, and 公开08 where a profile prints it so): 年初结转和结余,
    本年收入, 本年支出 (小计, 基本, 项目), 年末结转和结余."""
    rows = []
    for row in code_rows(tree, FUND_COLUMNS, None):
        spent = (row.cells["基本支出"] or ZERO) + (row.cells["项目支出"] or ZERO)
        rows.append(Row({**row.cells, "小计": shown(spent)}, row.level, row.strong))
    return TableData(id, tuple(rows), bool(tree.nodes), {})


def general_detail(a: Accounts) -> TableData:
    """一般公共预算财政拨款支出决算明细表: by 经济分类, 基本支出 from 公开06 and 项目支出 from the
    项目支出决算表, with their 合计."""
    parts = (("基本支出", a.detail), ("项目支出", a.project_detail))

    def row(node: Node) -> Row:
        found = {label: tree.total if node.level == 0 else tree.find(node.code) for label, tree in parts}
        values = {label: n.value("value") if n else Fig(ZERO) for label, n in found.items()}
        cells = {**_code_cells(node if node.level else None), **{k: shown(v) for k, v in values.items()},
                 "合计": shown(fsum(values.values()))}
        return Row(cells, node.level, node.level <= 1)

    nodes = {n.code: n for _, tree in parts for n in tree.nodes}
    total = Node("合计", "合计", 0, {})
    rows = tuple(row(n) for n in (total, *(nodes[code] for code in sorted(nodes))))
    return TableData("一般公共预算财政拨款支出决算明细表", rows, bool(nodes), {}, a.data.project_detail is not None)


#: 公开06's three column groups: 人员经费 classes, 商品和服务, and the rest.
DETAIL_GROUPS = (("301", "303"), ("302",), ("307", "309", "310", "311", "312", "313", "399"))
DETAIL_ALWAYS = {"301", "302", "303", "307", "310", "399"}


def detail(a: Accounts) -> TableData:
    """公开06 in three column groups, every 款 of each printed class listed, as 003 does."""
    book = catalogue.economic()
    tree = a.detail
    groups: list[list[dict[str, Any]]] = []
    for classes in DETAIL_GROUPS:
        cells: list[dict[str, Any]] = []
        for cls in classes:
            node = tree.find(cls)
            if cls not in DETAIL_ALWAYS and node is None:
                continue
            cells.append({"代码": cls, "名称": node.name if node else book[cls].name,
                          "决算数": shown(node.value("value")) if node else None, "级次": 1})
            codes = sorted({c for c in book if len(c) == 5 and c.startswith(cls)}
                           | {n.code for n in tree.nodes if n.level == 2 and n.code.startswith(cls)})
            for code in codes:
                sub = tree.find(code)
                cells.append({"代码": code, "名称": sub.name if sub else book[code].name,
                              "决算数": shown(sub.value("value")) if sub else None, "级次": 2})
        groups.append(cells)
    rows = []
    for triple in zip_longest(*groups):
        row: dict[str, Any] = {}
        for i, cell in enumerate(triple, 1):
            row.update({f"{k}{i}": v for k, v in (cell or {"代码": "", "名称": "", "决算数": None, "级次": 0}).items()})
        rows.append(Row(row))
    return TableData("一般公共预算财政拨款基本支出决算明细表", tuple(rows), bool(tree.nodes),
                     {"人员经费合计": shown(a.personnel()), "公用经费合计": shown(a.public())})


def three(a: Accounts) -> TableData:
    """公开09: 全年预算数 and 决算数 of the 三公 items, one row."""
    return three_row("财政拨款三公经费支出决算表",
                     ((a.three_budget, a.three_total(a.three_budget, "全年预算数")),
                      (a.three_actual, a.three_total(a.three_actual, "决算数"))))


def fund_three(a: Accounts) -> TableData:
    """政府性基金预算财政拨款 “三公” 经费, laid out as 公开09."""
    figures = tuple((a.fund_three.get(w, {k: Fig(ZERO) for k in THREE_ITEMS}), a.fund_three_total(w)) for w in ("全年预算数", "决算数"))
    return three_row("政府性基金预算财政拨款三公经费支出决算表", figures, a.data.fund_three is not None)


def three_row(id: str, figures: tuple[tuple[dict[str, Fig], Fig], ...], given: bool = True) -> TableData:
    """A “三公” table's one row: 预算数 and 决算数 of each item, with 合计 and the 公务用车 小计."""
    cells: dict[str, Any] = {}
    for which, (items, total) in zip(("预算数", "决算数"), figures):
        cars = items["car_purchase"].value + items["car_running"].value
        cells.update({f"{which}合计": shown(total), f"{which}{THREE_ITEMS['abroad']}": shown(items["abroad"]),
                      f"{which}公务用车购置及运行维护费": shown(cars),
                      f"{which}{THREE_ITEMS['car_purchase']}": shown(items["car_purchase"]),
                      f"{which}{THREE_ITEMS['car_running']}": shown(items["car_running"]),
                      f"{which}{THREE_ITEMS['reception']}": shown(items["reception"])})
    return TableData(id, (Row(cells),), any(v is not None for v in cells.values()), {}, given)


def tables(a: Accounts) -> dict[str, TableData]:
    """Every 决算 table's figures, by the name of its data."""
    made = [
        overview(a),
        TableData("收入决算表", code_rows(a.income, INCOME_COLUMNS, "本年收入合计"), bool(a.income.nodes), {}),
        TableData("支出决算表", code_rows(a.expense, EXPENSE_COLUMNS, "本年支出合计"), bool(a.expense.nodes), {}),
        fiscal(a),
        TableData("一般公共预算财政拨款支出决算表", code_rows(a.general, SPLIT_COLUMNS, "小计"), bool(a.general.nodes), {}),
        detail(a),
        carried("政府性基金预算财政拨款收入支出决算表", a.fund),
        TableData("国有资本经营预算财政拨款支出决算表", code_rows(a.capital, SPLIT_COLUMNS, "合计"), bool(a.capital.nodes), {}),
        carried("国有资本经营预算财政拨款收入支出决算表", a.capital),
        three(a),
        # The tables some layouts print besides the nine.
        TableData(a.fiscal_detail.key, code_rows(a.fiscal_detail, SPLIT_COLUMNS, "合计"), bool(a.fiscal_detail.nodes), {},
                  a.data.fiscal_detail is not None),
        general_detail(a),
        TableData(a.project_detail.key, code_rows(a.project_detail, {"value": "决算数"}, None), bool(a.project_detail.nodes), {},
                  a.data.project_detail is not None),
        fund_three(a),
    ]
    return {t.id: t for t in made}
