"""Stage 3, compute: from validated data to one immutable report model.

`compute` builds the figures (ledger, accounts), runs the identity checks, and — only when
they hold — gathers the tables' and the sections' figures and scores the self-evaluations.
Problems are returned, never raised; a failed identity means no report. No sentence is
written here: the profile's templates word the model.
"""

from __future__ import annotations

from ..errors import Problem, errors_only
from ..load import Document
from ..numbers import ZERO
from ..schema import PriorYear, YearData
from ..settings import Settings
from .accounts import CHECKS, Accounts
from .facts import Facts
from .ledger import Ledger
from .model import FinalAccounts, Report, Summary
from .performance_facts import performance
from .projects import check_project_funds
from .tables import tables


def summary_of(a: Accounts) -> Summary:
    """The headline figures that next year's report compares against."""
    ledger = a.ledger
    running = ledger.fig(a.data.running.actual, "机关运行经费", "决算数").value if a.data.running.applies else ZERO
    return Summary(
        grand_total=a.grand_total().value,
        income_total=a.income_total().value,
        expense_total=a.expense_total().value,
        fiscal_total=a.fiscal_total().value,
        general_income=a.fiscal["本年收入"]["general"].value,
        fund_income=a.fiscal["本年收入"]["fund"].value,
        capital_income=a.fiscal["本年收入"]["capital"].value,
        general_expense=a.general_expense().value,
        three=tuple(a.three_actual[k].value for k in ("abroad", "car_purchase", "car_running", "reception")),  # type: ignore[arg-type]
        running=running,
    )


def summary_from_block(block: PriorYear, ledger: Ledger) -> Summary:
    """Summary from an explicit 上年 block (amounts in the unit of the file holding it)."""
    def v(value, *path):  # noqa: ANN001, ANN202
        return ledger.fig(value, "上年", *path).value

    t = block.three
    return Summary(
        grand_total=v(block.grand_total, "收支总计"), income_total=v(block.income_total, "本年收入合计"),
        expense_total=v(block.expense_total, "本年支出合计"), fiscal_total=v(block.fiscal_total, "财政拨款收支总计"),
        general_income=v(block.general_income, "一般公共预算财政拨款收入"), fund_income=v(block.fund_income, "政府性基金预算财政拨款收入"),
        capital_income=v(block.capital_income, "国有资本经营预算财政拨款收入"),
        general_expense=v(block.general_expense, "一般公共预算财政拨款支出"),
        three=(v(t.abroad, "三公经费决算数"), v(t.car_purchase, "三公经费决算数"), v(t.car_running, "三公经费决算数"), v(t.reception, "三公经费决算数")),
        running=v(block.running, "机关运行经费"),
    )


def figures(doc: Document, data: YearData, settings: Settings) -> tuple[Accounts, list[Problem]]:
    """Build the figures and run every identity check (once the figures themselves are sound)."""
    ledger = Ledger(doc, settings.style)
    accounts = Accounts.build(ledger, data)
    problems = list(ledger.problems)
    if not errors_only(problems):
        for check in (*CHECKS, check_project_funds):
            problems += check(accounts)
    return accounts, problems


def compute(doc: Document, data: YearData, settings: Settings, year: int, prior: Summary | None) -> tuple[Report | None, list[Problem]]:
    """The whole compute stage; `prior` is last year's summary when data/<year-1>/ exists."""
    accounts, problems = figures(doc, data, settings)
    if errors_only(problems):
        return None, problems
    if prior is None:
        if data.prior is None:
            return None, problems + [Problem(
                f"找不到上年（{year - 1}年）数据：请提供 data/{year - 1}/ 文件夹，或在数据中填写「上年」部分。",
                doc.source(("收入支出决算总表",)) if "收入支出决算总表" in doc.data else None)]
        prior = summary_from_block(data.prior, accounts.ledger)
    seen = len(accounts.ledger.problems)
    facts = Facts(accounts, prior, year)
    final = FinalAccounts(facts.all(), tables(accounts), tuple(facts.charts), accounts.has_tail_differences())
    scored = performance(accounts, prior, facts.gaps)
    problems += accounts.ledger.problems[seen:]  # the scoring's
    problems += facts.gaps.problems(doc)
    if errors_only(problems):
        return None, problems
    report = Report(year, data.unit, summary_of(accounts), final, tuple(accounts.ledger.checks), scored)
    return report, problems
