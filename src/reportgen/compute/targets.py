"""Indicator targets and actual values as clerks write them: "≥98%", "≤5万元/年", ">500个",
"=100%", "完成", "正常运行", "≥33台" — parsed into operator, number and unit.

Clerks write ">" and "<" where they mean "at least" and "at most" (003's department table
scores "> 3%" met at 3 %), so ">" counts as "≥" and "<" as "≤". A target with a number and
no operator (e.g. "100.00%") must be reached exactly, scored like a positive indicator.
A unit holds no digits, and a leading year ("2024年12月底前完成") makes a date, so such
targets are qualitative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_OPS = {"≥": "≥", ">=": "≥", ">": "≥", "＞": "≥", "≧": "≥",
        "≤": "≤", "<=": "≤", "<": "≤", "＜": "≤", "≦": "≤",
        "=": "=", "＝": "=", "": "="}
_PATTERN = re.compile(r"^\s*(≥|>=|>|＞|≧|≤|<=|<|＜|≦|=|＝)?\s*([+-]?\d+(?:[.,]\d+)*(?:\.\d+)?)\s*([^\d\s]{0,8}?)\s*$")
#: "2024年12月底前完成", "2024年底前": a date, which is a qualitative target, not 2024 of a unit.
_DATE = re.compile(r"^\s*(19|20)\d\d\s*年")


@dataclass(frozen=True)
class Measure:
    """A parsed target or actual: quantitative when `number` is set, else qualitative text."""

    text: str
    op: str = "="
    number: Decimal | None = None
    unit: str = ""

    @property
    def quantitative(self) -> bool:
        return self.number is not None

    @property
    def positive(self) -> bool:
        """≥ and = are scored B/A; ≤ is a negative (reverse) indicator, scored A/B."""
        return self.op != "≤"


def parse(value: str | Decimal | int) -> Measure:
    text = str(value).strip()
    match = _PATTERN.match(text)
    if not match or _DATE.match(text):
        return Measure(text)
    op, number, unit = match.groups()
    return Measure(text, _OPS[op or ""], Decimal(number.replace(",", "")), unit)


def met(target: Measure, actual: Measure) -> bool:
    """Whether a quantitative actual satisfies its target."""
    assert target.number is not None and actual.number is not None
    if target.op == "≥":
        return actual.number >= target.number
    if target.op == "≤":
        return actual.number <= target.number
    return actual.number == target.number


_LEADING_OP = re.compile(r"^\s*(≥|>=|>|＞|≧|≤|<=|<|＜|≦|=|＝)")


def unreadable(measure: Measure) -> bool:
    """A target that starts with a comparison but has no number after it, e.g. "≥abc%"."""
    return measure.number is None and bool(_LEADING_OP.match(measure.text)) and not re.search(r"\d", measure.text)
