"""Display formatting shared by the PDF and the DOCX renderer, so both print the same text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from ..numbers import fmt
from ..settings import Style

INDENT = "\u3000"  # full-width space: how 类/款/项 rows are indented in printed tables


def filters(style: Style) -> dict[str, Callable[..., Any]]:
    """Jinja filters: `amount` for table cells, `indent` for 科目 levels."""

    def amount(value: Decimal | None) -> str:
        return "" if value is None else fmt(value, style.amount_places, style.keep_zeros)

    def amount0(value: Decimal | None) -> str:
        """An amount where zero prints as 0 (self-evaluation tables), not as an empty cell."""
        return "" if value is None else fmt(value, style.amount_places, style.keep_zeros)

    def indent(level: int) -> str:
        return INDENT * max(level - 1, 0)

    def rate(value: Decimal) -> str:
        return f"{fmt(value, style.execution_places, keep_zeros=True)}%"

    def score(value: Decimal, places: int | None) -> str:
        return fmt(value, style.indicator_score_places if places is None else places)

    return {"amount": amount, "amount0": amount0, "indent": indent, "rate": rate, "score": score}
