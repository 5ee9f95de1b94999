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
from ..schema import THREE_ITEMS, PriorYear, YearData
from ..settings import Settings
from .accounts import CARRIED, CHECKS, PRIOR_CHECKS, TABLE_KEYS, TYPED_WHOLE, Accounts, check_projects
from .basis import HERE, Basis, check_typed, has_tables
from .facts import Facts
from .ledger import Ledger
from .model import Carried, FinalAccounts, Report, Summary
from .performance_facts import performance
from .projects import check_project_funds
from .tables import tables


#: What a 绩效-only year compares nothing against (its 决算 sections are not written).
ZERO_SUMMARY = Summary(ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, (ZERO, ZERO, ZERO, ZERO), ZERO)


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
        closing=closing_of(a),
    )


def closing_of(a: Accounts) -> dict[str, Carried]:
    """The 年末结转和结余 of the tables the year has, with where each was typed."""
    doc = a.ledger.doc
    out = {}
    for table, (_, closing) in CARRIED.items():
        if table in doc.data:
            fig = a.carried(table, closing)
            out[table] = Carried(fig.value, fig.tol, str(doc.source((table, closing))))
    return out


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
    """The whole compute stage; `prior` is last year's summary when data/<year-1>/ exists. A
    year with 绩效 data and no 公开 table makes the 绩效 report alone (see `performance_only`)."""
    typed = data.performance.accounts if data.performance else None
    if data.performance is not None and not has_tables(doc):
        return performance_only(doc, data, settings, year)
    accounts, problems = figures(doc, data, settings)
    if typed is not None:
        table = next(key for key in TABLE_KEYS if key in doc.data)
        problems.append(accounts.ledger.problem(
            f"本年度数据有公开表（{doc.source((table,)).file} 的「{table}」等），绩效报告的收支数由公开表算出，不用填写「收支情况」。"
            "请删去「绩效」下的「收支情况」；若本年度只发布绩效自评报告、不发布决算公开，则反过来删去公开表"
            "（如 init 生成的 决算.yaml），只留「收支情况」。", HERE))
    if errors_only(problems):
        return None, problems
    if prior is None:
        if data.prior is None:
            return None, problems + [Problem(
                f"找不到上年（{year - 1}年）数据：请提供 data/{year - 1}/ 文件夹，或在数据中填写「上年」部分。",
                doc.source(("收入支出决算总表",)) if "收入支出决算总表" in doc.data else None)]
        prior = summary_from_block(data.prior, accounts.ledger)
    for check in PRIOR_CHECKS:
        problems += check(accounts, prior)
    seen = len(accounts.ledger.problems)
    facts = Facts(accounts, prior, year)
    sections = facts.all()
    final = FinalAccounts(sections, tables(accounts), tuple(facts.charts), accounts.has_tail_differences())
    scored = performance(accounts, Basis.of_tables(accounts), sum(prior.three, ZERO), sections["概况"], facts.gaps)
    problems += accounts.ledger.problems[seen:]  # the scoring's
    problems += facts.gaps.problems(doc)
    if errors_only(problems):
        return None, problems
    report = Report(year, data.unit, summary_of(accounts), final, tuple(accounts.ledger.checks), scored)
    return report, problems


def performance_only(doc: Document, data: YearData, settings: Settings, year: int) -> tuple[Report | None, list[Problem]]:
    """A year with 绩效 data and no 公开 table: the 绩效 report alone, from the figures typed
    under 绩效 → 收支情况 (checked against each other and the projects), no 决算 report."""
    assert data.performance is not None
    ledger = Ledger(doc, settings.style)
    accounts = Accounts.build(ledger, data)
    typed = data.performance.accounts
    if typed is None:
        return None, [Problem("本年度数据中没有公开表，只生成绩效自评报告；它所用的收支数请在「绩效」下的「收支情况」中填写"
                              "（本年支出合计、人员经费、公用经费、项目支出、三公经费等，见 docs/data-format.md）。",
                              doc.source(("绩效",)), excerpt=doc.excerpt(doc.source(("绩效",))))]
    basis = Basis.typed(accounts, typed)
    problems = list(ledger.problems)
    if errors_only(problems):
        return None, problems
    problems += check_typed(accounts, typed)
    problems += check_projects(accounts, basis.project, TYPED_WHOLE)
    problems += check_project_funds(accounts)
    if errors_only(problems):
        return None, problems
    seen = len(ledger.problems)
    facts = Facts(accounts, ZERO_SUMMARY, year)
    prior_three = sum((ledger.fig(getattr(typed.three_prior, k), *HERE, "上年三公经费决算数", name).value
                       for k, name in THREE_ITEMS.items()), ZERO) if (*HERE, "上年三公经费决算数") in doc.positions else None
    scored = performance(accounts, basis, prior_three, facts.unit(), facts.gaps)
    problems += ledger.problems[seen:] + facts.gaps.problems(doc)
    if errors_only(problems):
        return None, problems
    return Report(year, data.unit, None, None, tuple(ledger.checks), scored), problems
