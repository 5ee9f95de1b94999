"""The report model: every figure and sentence the renderers print, computed once.

Frozen dataclasses, built by the compute stage and read by both renderers (DOCX and PDF),
which only format: amounts are exact Decimals rounded at display by one filter, sentences
are final strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ..schema import Unit

Amount = Decimal | None  # None prints as an empty cell


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal, ...]
    labels: tuple[str, ...]  # what is printed on each bar or slice


@dataclass(frozen=True)
class Chart:
    """A bar chart (上年 vs 本年) or a pie chart (a structure with shares)."""

    id: str
    kind: Literal["bar", "pie"]
    caption: str  # 图1：收、支决算总计变动情况
    categories: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Block:
    """One paragraph-level element of a narrative part."""

    kind: Literal["h1", "h2", "h3", "p", "chart", "caption", "table"]  # "table": the report's own table (三公)
    text: str = ""
    chart: Chart | None = None


@dataclass(frozen=True)
class PairRow:
    """A row of 公开01: income line left, expense line right."""

    income_label: str
    income_no: int
    income: Amount
    expense_label: str
    expense_no: int
    expense: Amount
    strong: bool = False


@dataclass(frozen=True)
class FiscalRow:
    """A row of 公开04: income line left, expense line with the fund-type columns right."""

    income_label: str
    income_no: int
    income: Amount
    expense_label: str
    expense_no: int
    expense: tuple[Amount, Amount, Amount, Amount]  # 合计, 一般公共预算, 政府性基金, 国有资本经营
    strong: bool = False


@dataclass(frozen=True)
class CodeRow:
    """A 科目 row of 公开02/03/05/07/08; level 0 is 合计, 1 类, 2 款, 3 项."""

    code: str
    name: str
    level: int
    values: tuple[Amount, ...]


@dataclass(frozen=True)
class DetailCell:
    code: str
    name: str
    value: Amount
    level: int  # 1 类, 2 款


@dataclass(frozen=True)
class Table:
    """One of the nine 公开 tables, ready to print."""

    number: str  # 公开01
    title: str  # 收入支出决算总表
    heading: str  # 一、收入支出决算总表
    note: str  # 注：本表反映…
    empty_note: str  # 说明：…本年度无…，故本表无数据 ('' when the table has data)
    columns: tuple[str, ...] = ()
    rows: tuple[CodeRow, ...] = ()
    pair_rows: tuple[PairRow, ...] = ()
    fiscal_rows: tuple[FiscalRow, ...] = ()
    detail_rows: tuple[tuple[DetailCell | None, DetailCell | None, DetailCell | None], ...] = ()
    detail_totals: tuple[Amount, Amount] = (None, None)  # 人员经费合计, 公用经费合计
    three_values: tuple[Amount, ...] = ()  # 公开09: 12 columns


@dataclass(frozen=True)
class CheckResult:
    """One arithmetic identity as checked: accepted exactly, within rounding, or failed."""

    name: str
    total: Decimal
    parts: Decimal
    tolerance: Decimal
    status: Literal["ok", "tail", "fail"]

    @property
    def difference(self) -> Decimal:
        return self.total - self.parts


@dataclass(frozen=True)
class FinalAccounts:
    """部门决算公开: 第一部分 … 第六部分."""

    title: str
    part1: tuple[Block, ...]
    tables: tuple[Table, ...]
    part3: tuple[Block, ...]
    part4: tuple[Block, ...]
    part5: tuple[Block, ...]
    part6: tuple[Block, ...]
    tail_note: bool  # print “本套报表金额单位转换时可能存在尾数误差”


@dataclass(frozen=True)
class Summary:
    """The headline figures, also what next year reads as 上年."""

    grand_total: Decimal
    income_total: Decimal
    expense_total: Decimal
    fiscal_total: Decimal
    general_income: Decimal
    fund_income: Decimal
    capital_income: Decimal
    general_expense: Decimal
    three: tuple[Decimal, Decimal, Decimal, Decimal]  # 出国, 购置, 运行, 接待
    running: Decimal


@dataclass(frozen=True)
class Report:
    year: int
    unit: Unit
    summary: Summary
    final: FinalAccounts
    checks: tuple[CheckResult, ...]
    performance: "PerformanceReport | None" = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorRow:
    """One 三级指标 of a 绩效自评表, scored. span1/span2 are the rowspans of the merged
    一级/二级 cells (0 when the cell is merged into the row above)."""

    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: Decimal
    score: Decimal
    met: bool
    span1: int
    span2: int


@dataclass(frozen=True)
class Choice:
    """A checkbox field of the 项目支出绩效自评表: options and which one is ticked."""

    label: str
    options: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Scorecard:
    """A 部门整体 or 项目支出 绩效自评表 with its 自评结果 summary."""

    kind: Literal["whole", "project"]
    title: str  # 2023年度招商引资项目绩效自评表
    result_title: str  # 2023年度招商引资项目绩效自评结果: the heading of its 附件
    name: str  # project name, or the unit's name
    unit_name: str
    date: str
    authority: str
    executor: str
    choices: tuple[Choice, ...]
    budget: Decimal
    spent: Decimal
    rate: Decimal  # 执行率, percent, exact
    execution_score: Decimal  # rounded as printed
    basic_total: Decimal | None
    project_total: Decimal | None
    goal: str
    rows: tuple[IndicatorRow, ...]
    total: Decimal
    grade: str
    deviation: str
    improvement: str
    summary: tuple[Block, ...]
    remarks: tuple[str, ...]  # 备注 1–3 printed under the table


@dataclass(frozen=True)
class ThreeRow:
    label: str
    initial: Amount
    adjusted: Amount
    actual: Amount
    strong: bool = False


@dataclass(frozen=True)
class PerformanceReport:
    """部门整体支出绩效自评报告 (structure of reference 002, tables of 003's 附件)."""

    title: str
    body: tuple[Block, ...]
    three_rows: tuple[ThreeRow, ...]  # printed where the body has its Block("table")
    whole: Scorecard
    projects: tuple[Scorecard, ...]
