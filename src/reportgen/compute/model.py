"""The report model: every figure the renderers print, computed once.

Frozen dataclasses, built by the compute stage and read by the profile's templates, which
word and format them but never compute: amounts are exact Decimals rounded at display by
the one display module (render/display.py); shares, changes and rates arrive computed.
No sentence is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ..schema import Unit

Amount = Decimal | None  # None prints as an empty cell


class Gap(str):
    """Something the report needs that the clerk has not written (a reason, a statement, a
    count). It prints as a visible placeholder, so that a draft can be read, and `check` lists
    it with the key to fill; a final build refuses while one remains. No report states an
    absence the data does not: "无" is printed only where the clerk wrote it."""

    MARK = "【待填写："
    what: str
    path: tuple[str | int, ...]

    def __new__(cls, what: str, path: tuple[str | int, ...]) -> "Gap":
        gap = super().__new__(cls, f"{cls.MARK}{what}】")
        gap.what, gap.path = what, path
        return gap


@dataclass(frozen=True)
class Change:
    """This year against last year: what the wording «增加X万元，增长Y%» is made of."""

    current: Decimal
    previous: Decimal
    amount: Decimal  # |current − previous|
    pct: Decimal | None  # |change| / previous × 100; None when last year was zero
    direction: Literal["up", "down", "same"]

    @classmethod
    def of(cls, current: Decimal, previous: Decimal) -> "Change":
        diff = current - previous
        pct = abs(diff) / previous * 100 if previous else None
        direction = "same" if diff == 0 else "up" if diff > 0 else "down"
        return cls(current, previous, abs(diff), pct, direction)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Share:
    """A part of a whole with its percentage (None when the whole is zero)."""

    label: str
    value: Decimal
    pct: Decimal | None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart (上年 vs 本年) or a pie chart (a structure, with its shares in percent)."""

    id: str
    kind: Literal["bar", "pie"]
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    shares: tuple[Decimal | None, ...] = ()  # pie: the percent of each slice


@dataclass(frozen=True)
class Row:
    """One body row of a table: named cells, as the profile's table definitions name them."""

    cells: dict[str, Any]
    level: int = 0  # 科目 level: 0 合计, 1 类, 2 款, 3 项
    strong: bool = False


@dataclass(frozen=True)
class TableData:
    """The figures of one table, whatever the layout a profile gives it."""

    id: str  # 收入支出决算总表, …: what a profile's table definition names in 数据
    rows: tuple[Row, ...]
    has_data: bool
    totals: dict[str, Any]  # cells of a footer row (e.g. 人员经费合计)
    given: bool = True  # False: the data does not hold this table (a layout that prints it asks for it)


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
class Carried:
    """A 年末结转和结余 as a year's table holds it: the figure (万元), its rounding tolerance and
    where it was typed (file:line:column), which next year's 年初结转和结余 should equal."""

    value: Decimal
    tol: Decimal
    at: str = field(compare=False)  # two years' figures are equal wherever they were typed


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
    #: 年末结转和结余 by table (公开01; 公开04 all funds together), for the tables the year has;
    #: none from a 上年 block, which does not hold them.
    closing: dict[str, Carried] = field(default_factory=dict)


@dataclass(frozen=True)
class FinalAccounts:
    """部门决算公开: the figures of every section (`facts`, keyed by section) and table."""

    facts: dict[str, Any]
    tables: dict[str, TableData]
    charts: tuple[Chart, ...]
    tail_note: bool  # print “本套报表金额单位转换时可能存在尾数误差”


@dataclass(frozen=True)
class IndicatorRow:
    """One 三级指标 of a 绩效自评表, scored. span1/span2 are the rowspans of the merged
    一级/二级 cells (0 when the cell is merged into the row above)."""

    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: Decimal | None  # None on an unscored form
    score: Decimal | None  # rounded as printed; None on an unscored form
    met: bool
    span1: int
    span2: int
    reason: str  # why it was not met (the clerk's text)
    measure: str = ""  # what is done about the deviation (the clerk's text)


@dataclass(frozen=True)
class CarryOver:
    """A project's 结转结余 (四川's 预算执行 columns): amount = 预算数 − 执行数; rate of the
    预算数 and change against last year's amount, percent, None when their base is 0."""

    amount: Decimal
    rate: Decimal | None
    prior: Decimal | None
    change: Decimal | None


@dataclass(frozen=True)
class Choice:
    """A checkbox field of the 项目支出绩效自评表: options and which one is ticked."""

    label: str
    options: tuple[tuple[str, bool], ...]
    gap: str = ""  # none ticked: the placeholder printed beside the boxes


@dataclass(frozen=True)
class IndicatorGroup:
    """The indicators under one 一级指标, with their 二级 groups, for the summaries."""

    level1: str
    count: int
    met: int
    level2: tuple[tuple[str, tuple[str, ...]], ...]  # (二级指标, names of its 三级指标)
    weight: Decimal | None  # the scheme's points for this 一级指标 (一级指标分值), None when it sets none
    score: Decimal | None  # the sum of its printed row scores; None on an unscored form


@dataclass(frozen=True)
class Scorecard:
    """A 部门整体 or 项目支出 绩效自评表 (or another scored checklist, such as 河北's 部门绩效管理)
    with the figures of its 自评结果. On an unscored form (scheme 计分: false) the scores, the
    total and the grade are None and the weights those of no scheme."""

    kind: Literal["whole", "project", "management"]
    name: str  # project name, or the unit's short name
    unit_name: str
    date: str
    authority: str
    executor: str
    choices: tuple[Choice, ...]
    budget: Decimal
    spent: Decimal
    rate: Decimal  # 执行率, percent, exact
    execution_score: Decimal | None  # rounded as printed
    execution_weight: Decimal  # the scheme's: 0 when the 执行率 earns no points
    indicator_weight: Decimal
    basic_total: Decimal | None
    project_total: Decimal | None
    goal: str
    rows: tuple[IndicatorRow, ...]
    groups: tuple[IndicatorGroup, ...]
    met: int
    indicator_score: Decimal | None
    total: Decimal | None
    grade: str
    deviation: str
    improvement: str
    texts: dict[str, str]  # the clerk's texts: 上年度结果应用, 存在问题, 原因, 改进措施, 预算安排结合
    scored: bool = True


@dataclass(frozen=True)
class ThreeRow:
    label: str
    initial: Amount
    adjusted: Amount
    actual: Amount
    strong: bool = False


@dataclass(frozen=True)
class PerformanceReport:
    """部门整体支出绩效自评报告: the figures of its sections and its scorecards."""

    facts: dict[str, Any]
    three_rows: tuple[ThreeRow, ...]
    whole: Scorecard
    projects: tuple[Scorecard, ...]
    management: Scorecard | None = None  # 河北's 部门绩效管理 check, when the data has one


@dataclass(frozen=True)
class Report:
    """The model of a year's reports; `summary` and `final` are None in a 绩效-only year."""

    year: int
    unit: Unit
    summary: Summary | None
    final: FinalAccounts | None
    checks: tuple[CheckResult, ...]
    performance: "PerformanceReport | None" = None
