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

    def indent(level: int) -> str:
        return INDENT * max(level - 1, 0)

    return {"amount": amount, "indent": indent}
