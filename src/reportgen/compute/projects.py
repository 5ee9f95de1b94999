"""Stage 3f: the figures of each 项目支出绩效自评报告 (湖南's report per project) and their
checks: the funding sources add up to the project's 预算数, its spending by 经济分类 to its
执行数, its 专项资金 and 到位资金 stay within them. Figures only; the profile words them.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any, get_args

from .. import catalogue
from ..errors import Problem
from ..numbers import ZERO, Fig, fsum, ratio
from ..schema import Project, ProjectType
from .accounts import Accounts
from .model import CarryOver, Change, Choice, Share

#: The funding sources of a project: attribute, key.
SOURCES = (("initial", "年初预算"), ("carried", "上年结转"), ("adjusted", "追加调整"))


def _at(i: int, *key: str | int) -> tuple[str | int, ...]:
    return ("绩效", "项目", i, *key)


def _economic(a: Accounts, i: int, p: Project) -> list[tuple[str, str, Fig]]:
    """(code, name, amount) of the project's spending by 经济分类, in the order typed."""
    book = catalogue.economic()
    return [(code, book[code].name if code in book else "", a.ledger.fig(v, *_at(i, "支出经济分类", code)))  # type: ignore[arg-type]
            for code, v in p.economic.items()]


def check_project_funds(a: Accounts) -> list[Problem]:
    """Each project's sources add up to its 预算数 and its 经济分类 spending to its 执行数, within
    the rounding of the typed figures; 专项资金 ≤ 执行数, 到位资金 ≤ 预算数; 经济分类 codes known."""
    perf = a.data.performance
    if perf is None:
        return []
    led, out = a.ledger, []
    book = catalogue.economic()
    for i, (p, (budget, spent)) in enumerate(zip(perf.projects, a.projects)):
        if p.funding is not None:
            parts = [(label, led.fig(getattr(p.funding, attr), *_at(i, "资金来源", label))) for attr, label in SOURCES]  # type: ignore[arg-type]
            out += led.identity(f"项目“{p.name}”预算数 = 年初预算 + 上年结转 + 追加调整", budget, parts)
        for code in p.economic:
            if code not in book:
                close = difflib.get_close_matches(code, list(book), n=1, cutoff=0.6)
                hint = f"是不是「{close[0]}」？" if close else ""
                out.append(led.problem(f"项目“{p.name}”的支出经济分类代码「{code}」不在部门支出经济分类科目中。{hint}"
                                       "请写类（3 位）或款（5 位）代码，如 30201。", _at(i, "支出经济分类", code)))  # type: ignore[arg-type]
        if p.economic:
            out += led.identity(f"项目“{p.name}”执行数 = 各经济分类支出之和", spent,
                                [(f"{code} {name}", fig) for code, name, fig in _economic(a, i, p)])
        if p.special is not None:
            out += led.not_more(f"项目“{p.name}”的专项资金大于执行数", led.fig(p.special, *_at(i, "专项资金")), spent)  # type: ignore[arg-type]
        if p.received is not None:
            out += led.not_more(f"项目“{p.name}”的到位资金大于预算数", led.fig(p.received, *_at(i, "到位资金")), budget)  # type: ignore[arg-type]
    return out


def carry_over(budget: Decimal, spent: Decimal, prior: Decimal | None) -> CarryOver:
    """四川's 预算执行 columns: 当年结转结余额 = 预算数 − 执行数, 结转结余率 = 结转结余额 ÷ 预算数,
    结转结余变动率 = (当年 − 上年) ÷ 上年 (None when last year's is not given or is 0)."""
    amount = budget - spent
    change = ratio(amount - prior, prior) if prior is not None else None
    return CarryOver(amount, ratio(amount, budget), prior, change)


def project_type(p: Project) -> Choice:
    """The 项目类型 boxes of 四川's form, the project's ticked (none when not typed)."""
    return Choice("项目类型", tuple((option, p.project_type == option) for option in get_args(ProjectType)))


def project_reports(a: Accounts) -> list[dict[str, Any]]:
    """The figures of each project's report, in the order of 绩效 → 项目; None where the clerk
    gave no figure (the profile prints a placeholder and check lists the key)."""
    perf = a.data.performance
    if perf is None:
        return []
    led, out = a.ledger, []
    for i, (p, (budget, spent)) in enumerate(zip(perf.projects, a.projects)):
        sources = None
        if p.funding is not None:
            figs = [(label, led.fig(getattr(p.funding, attr), *_at(i, "资金来源", label)).value) for attr, label in SOURCES]  # type: ignore[arg-type]
            sources = tuple(Share(label, v, ratio(v, budget.value)) for label, v in figs)
        economic = _economic(a, i, p)
        spent_total = fsum(f for _, _, f in economic).value if economic else spent.value
        received = led.fig(p.received, *_at(i, "到位资金")).value if p.received is not None else None  # type: ignore[arg-type]
        special = led.fig(p.special, *_at(i, "专项资金")).value if p.special is not None else None  # type: ignore[arg-type]
        prior = led.fig(p.prior_budget, *_at(i, "上年预算")).value if p.prior_budget is not None else None  # type: ignore[arg-type]
        out.append({
            "project": p, "budget": budget.value, "spent": spent.value, "sources": sources,
            "received": received, "arrival": ratio(received, budget.value) if received is not None else None,
            "change": Change.of(budget.value, prior) if prior is not None else None,
            "economic": tuple(Share(f"{name or code}", fig.value, ratio(fig.value, spent_total)) for code, name, fig in economic),
            "special": special, "other": spent.value - special if special is not None else None,
            "unspent": max(budget.value - spent.value, ZERO),
            "carry": carry_over(budget.value, spent.value,
                                led.fig(p.prior_carry, *_at(i, "上年结转结余额")).value if p.prior_carry is not None else None),  # type: ignore[arg-type]
            "type": project_type(p),
        })
    return out
