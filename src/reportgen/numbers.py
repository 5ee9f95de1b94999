"""Exact decimal arithmetic for money, the tolerance of rounded figures, display rounding.

Every number is a `Decimal` (load.py reads YAML floats as exact Decimals, never as binary
floats). A typed figure carries the half-unit of its last decimal as tolerance (as Beancount
infers tolerances and XBRL Calculations 1.1 treats rounded values as intervals); sums add
values and tolerances. Rounding is 四舍五入 (ROUND_HALF_UP) and happens only for display,
in `fmt`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

ZERO = Decimal(0)
HUNDRED = Decimal(100)
WAN = Decimal(10000)
#: 元 in each 金额单位 a data file or a workbook may be in.
YUAN = {"元": Decimal(1), "百元": HUNDRED, "万元": WAN}


def has_figure(node: Any) -> bool:  # noqa: ANN401 - any YAML value
    """Whether a subtree of the data as read (mappings, lists, numbers, text) holds any
    non-zero number."""
    if isinstance(node, dict):
        return any(has_figure(v) for v in node.values())
    if isinstance(node, list):
        return any(has_figure(v) for v in node)
    if isinstance(node, bool):
        return False
    if isinstance(node, (int, Decimal)):
        return node != 0
    return False


def half_unit(value: Decimal, min_places: int) -> Decimal:
    """Half a unit of the last decimal of `value`, counting at least `min_places` decimals.

    A 万元 figure typed as 477.9 comes from software that rounds to 2 decimals, so it stands
    for 477.90 ± 0.005, not ± 0.05.
    """
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(5).scaleb(min(exponent, -min_places) - 1)


@dataclass(frozen=True)
class Fig:
    """A figure in 万元 with its tolerance and the key path where it was typed (if typed)."""

    value: Decimal
    tol: Decimal = ZERO
    path: tuple[str, ...] | None = None
    #: For a sum: the key paths of the typed figures it adds up, so errors can point at them.
    sources: tuple[tuple[str, ...], ...] = ()

    @property
    def lo(self) -> Decimal:
        return self.value - self.tol

    @property
    def hi(self) -> Decimal:
        return self.value + self.tol

    def __bool__(self) -> bool:
        return self.value != 0


def fsum(figs: Iterable[Fig]) -> Fig:
    """Sum of figures: values and tolerances add up; the result was not typed anywhere. Its
    sources are where the figures that hold money were typed (a row without the column adds
    nothing and is not named), or all of them when none does."""
    value, tol, sources, zeros = ZERO, ZERO, [], []
    for f in figs:
        value += f.value
        tol += f.tol
        (sources if f.value else zeros).extend([f.path] if f.path else f.sources)
    return Fig(value, tol, None, tuple(sources or zeros))


def overlaps(a: Fig, b: Fig) -> bool:
    """True when the intervals of two figures share at least one value."""
    return a.lo <= b.hi and b.lo <= a.hi


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None, places: int, keep_zeros: bool = False) -> str:
    """Round half up to `places` decimals for display; trailing zeros dropped unless asked."""
    if value is None:
        return ""
    text = f"{quantize(value, places):f}"
    if not keep_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def fmt_at_least(value: Decimal, places: int, most: int) -> str:
    """At least `places` decimals (an amount reads 1.00), more up to `most` when they matter."""
    text = fmt(value, most)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return fmt(value, places, keep_zeros=True) if decimals < places else text


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 26 -> 二十六 (up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage, or None when whole is zero (never divide by zero)."""
    if whole == 0:
        return None
    return part / whole * HUNDRED


def largest_remainder(values: list[Decimal], places: int) -> list[Decimal]:
    """Percent shares of `values` rounded so that they add up to exactly 100."""
    total = sum(values, ZERO)
    if total == 0:
        return [ZERO for _ in values]
    unit = Decimal(1).scaleb(-places)
    raw = [v / total * HUNDRED for v in values]
    floors = [(r / unit).to_integral_value(rounding="ROUND_FLOOR") * unit for r in raw]
    missing = int(((HUNDRED - sum(floors, ZERO)) / unit).to_integral_value())
    order = sorted(range(len(raw)), key=lambda i: raw[i] - floors[i], reverse=True)
    for i in order[:missing]:
        floors[i] += unit
    return floors
