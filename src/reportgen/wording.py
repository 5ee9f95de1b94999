"""Chinese wording of figures: changes, completion, shares and numbering.

The only place that knows 增加/减少, 增长/下降, 持平, 上年无此项, and 一、（一）1.（1）.
Numbers arrive exact and are rounded here, at display, with the places the caller passes
from the style profile.
"""

from __future__ import annotations

from decimal import Decimal

from .numbers import ZERO, fmt, ratio

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 26 -> 二十六 (up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def h1(n: int) -> str:
    return f"{cn_number(n)}、"


def h2(n: int) -> str:
    return f"（{cn_number(n)}）"


def h3(n: int) -> str:
    return f"{n}."


def h4(n: int) -> str:
    return f"({n})"


def money(value: Decimal, places: int, keep_zeros: bool = False) -> str:
    """An amount with its unit: 541.04万元."""
    return f"{fmt(value, places, keep_zeros)}万元"


def percent(value: Decimal | None, places: int) -> str:
    return "" if value is None else f"{fmt(value, places)}%"


def change(
    current: Decimal,
    previous: Decimal,
    amount_places: int,
    percent_places: int,
    subject: str = "支出",
    keep_zeros: bool = False,
) -> str:
    """增加X万元，增长Y% / 减少X万元，下降Y% / 持平 / 增加X万元（上年无此项支出）.

    Callers put the comparison before it (较上年…, 与2023年度相比，…, 比上年…), so the equal case is
    a bare 持平: «较上年与上年持平» said it twice. The percentage is left out when last year
    was zero: there is nothing to divide by.
    """
    if current == previous:
        return "持平"
    diff = current - previous
    amount = money(abs(diff), amount_places, keep_zeros)
    if previous == ZERO:
        return f"增加{amount}（上年无此项{subject}）"
    pct = percent(abs(ratio(diff, previous) or ZERO), percent_places)
    if diff > 0:
        return f"增加{amount}，增长{pct}"
    return f"减少{amount}，下降{pct}"


def direction(current: Decimal, previous: Decimal) -> str:
    """增加 / 减少 / 持平, for “决算数较上年增加的主要原因”."""
    if current > previous:
        return "增加"
    if current < previous:
        return "减少"
    return "持平"


def compare_budget(actual: Decimal, budget: Decimal) -> str:
    """大于 / 小于 / 等于, for “决算数大于年初预算数的主要原因”."""
    if actual > budget:
        return "大于"
    if actual < budget:
        return "小于"
    return "等于"


def completion(actual: Decimal, budget: Decimal, places: int, what: str = "年初预算") -> str:
    """完成年初预算的110%; empty when there was no budget (never divide by zero)."""
    pct = ratio(actual, budget)
    return "" if pct is None else f"完成{what}的{percent(pct, places)}"


def share(part: Decimal, whole: Decimal, places: int) -> str:
    pct = ratio(part, whole)
    return percent(pct if pct is not None else ZERO, places)


def enumerate_cn(items: list[str]) -> str:
    """一是……；二是……。 joined for lists of reasons."""
    return "；".join(f"{cn_number(i)}是{t.rstrip('。；;')}" for i, t in enumerate(items, 1)) + "。"


def join(items: list[str], sep: str = "、") -> str:
    return sep.join(items)


def quoted(items: list[str]) -> str:
    """“甲”、“乙”"""
    return "、".join(f"“{t}”" for t in items)


def sentence(text: str) -> str:
    """Ensure a clerk's text ends with a full stop."""
    text = text.strip()
    if not text or text[-1] in "。！？；：.!?;:”）)":
        return text
    return text + "。"
