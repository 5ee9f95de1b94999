"""Stage 3e′: the 决算 figures the 绩效 report prints — from the 公开 tables, or, in a year
whose data has no 公开 table (a 绩效-only workspace), typed under 绩效 → 收支情况 and checked
against each other there. Figures and problems only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterator

from ..errors import Problem
from ..load import Document
from ..numbers import ZERO, Fig, fsum
from ..schema import THREE_ITEMS, PerformanceAccounts
from .accounts import TABLE_KEYS, Accounts

HERE = ("绩效", "收支情况")


def has_tables(doc: Document) -> bool:
    return any(key in doc.data for key in TABLE_KEYS)


@dataclass(frozen=True)
class Basis:
    """What the 绩效 report says of the year's money. `spent_all`/`basic_all`/`project_all` are
    all funds (the 部门整体 card's totals); the rest are 一般公共预算财政拨款 unless named."""

    spent_all: Fig
    basic_all: Fig
    project_all: Fig
    basic: Fig
    personnel: Fig | None  # None: a 绩效-only year that did not type them
    public: Fig | None
    project: Fig
    fund: Fig
    capital: Fig
    three_initial: dict[str, Decimal]
    three_budget: dict[str, Decimal]
    three_actual: dict[str, Decimal]
    foreign_reception: Decimal
    income_budget: Decimal | None = None
    income_total: Decimal | None = None
    expense_budget: dict[str, Decimal] | None = None  # 人员经费, 公用经费, 项目支出, 合计
    #: Keys of 收支情况 a 绩效-only year left out ("三公经费", "基本支出"): the report prints a gap
    #: for them, not a 0 the data does not say.
    absent: frozenset[str] = frozenset()

    @classmethod
    def of_tables(cls, a: Accounts) -> "Basis":
        t = a.data.three
        initial = t.initial_budget or t.budget
        key = "财政拨款三公经费支出决算表"
        return cls(a.expense_total(), a.expense.sum("basic"), a.expense.sum("project"), a.general.sum("basic"),
                   a.personnel(), a.public(), a.general.sum("project"), a.fund_expense("fund"), a.fund_expense("capital"),
                   {k: a.ledger.fig(getattr(initial, k), key, "年初预算数", k).value for k in THREE_ITEMS},
                   {k: f.value for k, f in a.three_budget.items()}, {k: f.value for k, f in a.three_actual.items()},
                   a.foreign_reception.value)

    @classmethod
    def typed(cls, a: Accounts, typed: PerformanceAccounts) -> "Basis":
        fig = a.ledger.fig

        def items(model: object, *path: str) -> dict[str, Decimal]:
            return {k: fig(getattr(model, k), *HERE, "三公经费", *path, name).value for k, name in THREE_ITEMS.items()}

        t = typed.three
        basic = _basic(a, typed)
        project = fig(typed.project, *HERE, "项目支出")
        split = None
        if typed.expense_budget is not None:
            b = typed.expense_budget
            parts = {name: fig(getattr(b, attr), *HERE, "年初预算支出", name).value
                     for attr, name in (("personnel", "人员经费"), ("public", "公用经费"), ("project", "项目支出"))}
            split = {**parts, "合计": sum(parts.values(), ZERO)}
        personnel, public = _split(a, typed)
        return cls(fig(typed.expense_total, *HERE, "本年支出合计"), basic, project, basic, personnel, public, project,
                   fig(typed.fund, *HERE, "政府性基金预算财政拨款支出"), fig(typed.capital, *HERE, "国有资本经营预算财政拨款支出"),
                   items(t.initial_budget or t.budget, "年初预算数" if t.initial_budget else "全年预算数"),
                   items(t.budget, "全年预算数"), items(t.actual, "决算数"),
                   fig(t.foreign_reception, *HERE, "三公经费", "外宾接待费").value,
                   fig(typed.income_budget, *HERE, "年初预算收入").value if typed.income_budget is not None else None,
                   fig(typed.income_total, *HERE, "本年收入合计").value if typed.income_total is not None else None,
                   split, frozenset(_absent(a, typed)))


def _absent(a: Accounts, typed: PerformanceAccounts) -> Iterator[str]:
    if (*HERE, "三公经费") not in a.ledger.doc.positions:
        yield "三公经费"
    if typed.basic is None and typed.personnel is None and typed.public is None:
        yield "基本支出"


def _split(a: Accounts, typed: PerformanceAccounts) -> tuple[Fig | None, Fig | None]:
    """人员经费 and 公用经费 as typed (None where not)."""
    return tuple(None if v is None else a.ledger.fig(v, *HERE, key)  # type: ignore[return-value]
                 for v, key in ((typed.personnel, "人员经费"), (typed.public, "公用经费")))


def _basic(a: Accounts, typed: PerformanceAccounts) -> Fig:
    """基本支出 as typed, else 人员经费 + 公用经费 (those typed)."""
    if typed.basic is not None:
        return a.ledger.fig(typed.basic, *HERE, "基本支出")
    return fsum(f for f in _split(a, typed) if f is not None)


def check_typed(a: Accounts, typed: PerformanceAccounts) -> list[Problem]:
    """The typed figures of a 绩效-only year against each other: the spending's parts within
    本年支出合计, typed 合计s against their items, 外宾接待费 within 公务接待费."""
    led, fig = a.ledger, a.ledger.fig
    out: list[Problem] = []
    total = fig(typed.expense_total, *HERE, "本年支出合计")
    personnel, public = _split(a, typed)
    if typed.basic is not None and personnel is not None and public is not None:
        out += led.identity("「收支情况」基本支出 = 人员经费 + 公用经费", fig(typed.basic, *HERE, "基本支出"),
                            [("人员经费", personnel), ("公用经费", public)])
    parts = fsum([_basic(a, typed), fig(typed.project, *HERE, "项目支出"),
                  fig(typed.fund, *HERE, "政府性基金预算财政拨款支出"), fig(typed.capital, *HERE, "国有资本经营预算财政拨款支出")])
    parts = replace(parts, path=HERE)  # a sum: reported at the block that types its parts
    out += led.not_more("「收支情况」基本支出、项目支出和基金、国资预算支出之和大于本年支出合计", parts, total)
    b = typed.expense_budget
    if b is not None and b.total is not None:
        out += led.identity("「收支情况」年初预算支出「合计」= 人员经费 + 公用经费 + 项目支出",
                            fig(b.total, *HERE, "年初预算支出", "合计"),
                            [(name, fig(getattr(b, attr), *HERE, "年初预算支出", name))
                             for attr, name in (("personnel", "人员经费"), ("public", "公用经费"), ("project", "项目支出"))])
    t = typed.three
    for which, model in (("年初预算数", t.initial_budget), ("全年预算数", t.budget), ("决算数", t.actual)):
        if model is not None and model.total is not None:
            out += led.identity(f"「收支情况」三公经费{which}合计 = 各项之和", fig(model.total, *HERE, "三公经费", which, "合计"),
                                [(name, fig(getattr(model, k), *HERE, "三公经费", which, name)) for k, name in THREE_ITEMS.items()])
    out += led.not_more("「收支情况」外宾接待费大于公务接待费决算数", fig(t.foreign_reception, *HERE, "三公经费", "外宾接待费"),
                        fig(t.actual.reception, *HERE, "三公经费", "决算数", "公务接待费"))
    return out
