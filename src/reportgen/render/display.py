"""The one display module: how every number of both reports is printed, in tables,
sentences and scorecards alike, from the style settings (places, trailing zeros, thousands
separators). Rounding is 四舍五入 (ROUND_HALF_UP), here and nowhere else."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable

from ..compute.model import Gap
from ..numbers import cn_number as cn
from ..numbers import fmt
from ..settings import Style

INDENT = "\u3000"  # full-width space: how 类/款/项 rows are indented in printed tables
def numbered(pattern: str, n: int) -> str:
    """A heading or list number in a profile's pattern: "（{一}）" -> （三）, "{1}." -> 3."""
    return pattern.replace("{一}", cn(n)).replace("{1}", str(n))


_CJK = r"\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef“”‘’—…"
#: A line that starts a list item: - • 1. 1、 (1) （一） 一、 一是 第一.
_ITEM = re.compile(r"^\s*(?:[-•·]\s|\d+[.、．)）]|[（(][\d一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十]+[，、])")


def paragraphs(text: str) -> list[str]:
    """A clerk's text as paragraphs: a blank line or a list item starts a new one; any other
    line break (YAML folds them into spaces) joins the lines, with no space between CJK
    characters, where Chinese never has one."""
    out: list[list[str]] = []
    for block in re.split(r"\n\s*\n", str(text)):
        for line in block.split("\n"):
            if not line.strip():
                continue
            if not out or not out[-1] or _ITEM.match(line):
                out.append([])
            out[-1].append(line.strip())
        out.append([])
    joined = (" ".join(lines) for lines in out if lines)
    return [re.sub(rf"(?<=[{_CJK}]) +(?=[{_CJK}])", "", p) for p in joined]


def sentence(text: str) -> str:
    """A clerk's text as one run ending with a full stop."""
    text = "".join(paragraphs(text))
    if not text or text[-1] in "。！？；：.!?;:”）)】":
        return text
    return text + "。"


class Display:
    """Number formats of one style profile."""

    def __init__(self, style: Style):
        self.style = style
        self.places = {"占比": style.share_places, "结构": style.structure_places, "变动": style.change_places,
                       "完成率": style.completion_places, "执行率": style.execution_places}

    def number(self, value: Decimal | int, places: int, zeros: bool = False) -> str:
        text = fmt(Decimal(value), places, zeros)
        if self.style.thousands:
            whole, dot, frac = text.partition(".")
            sign = "-" if whole.startswith("-") else ""
            text = sign + f"{int(whole.lstrip('-')):,}" + dot + frac
        return text

    def amount(self, value: Decimal | None) -> str:
        """A table cell: None (a zero the table leaves empty) prints as nothing."""
        return "" if value is None else self.number(value, self.style.amount_places, self.style.keep_zeros)

    def hundreds(self, value: Decimal | None) -> str:
        """A table cell of a form kept in 百元 (四川's 自评表): the 万元 amount × 100, exactly."""
        return "" if value is None else self.number(value * 100, self.style.amount_places, self.style.keep_zeros)

    def money(self, value: Decimal | None) -> str:
        """An amount in a sentence, with its unit: 541.04万元."""
        return self.amount(value or Decimal(0)) + "万元"

    def pct(self, value: Decimal | None, kind: str = "占比") -> str:
        """A percentage with the places of its kind (占比, 结构, 变动, 完成率, 执行率)."""
        if value is None:
            return ""
        places = self.places[kind]
        # 99.78 % is not "100%", nor 0.54 % "1%" or 0.3 % "0%": a rate near 100 % keeps the
        # decimals that tell it apart, a share under one unit of its places shows its first digit.
        while places < 4 and value and (abs(value) < Decimal(1).scaleb(-places) or (fmt(value, places) == "100" and value != 100)):
            places += 1
        return self.number(value, places, self.style.percent_zeros) + "%"

    def rate(self, value: Decimal) -> str:
        """执行率 in a scorecard: always with its places (98.95%)."""
        return self.number(value, self.style.execution_places, True) + "%"

    def score(self, value: Decimal, places: int | None = None) -> str:
        return self.number(value, self.style.indicator_score_places if places is None else places)

    def filters(self) -> dict[str, Callable[..., Any]]:
        numbers = {"amount": self.amount, "hundreds": self.hundreds, "money": self.money, "pct": self.pct, "rate": self.rate, "score": self.score}
        return {**{name: _gap_kept(f) for name, f in numbers.items()},
                "indent": lambda level: INDENT * max(int(level or 0) - 1, 0), "cn": cn, "numbered": lambda n, pattern: numbered(pattern, int(n)), "sentence": sentence, "paragraphs": paragraphs,
                "quoted": quoted, "reason": reason}


def _gap_kept(number: Callable[..., str]) -> Callable[..., str]:
    """A number filter that prints a figure the data lacks (a Gap) as its placeholder."""
    return lambda value, *args, **kwargs: value if isinstance(value, Gap) else number(value, *args, **kwargs)


#: What a clerk writes before a reason that the sentence already says: 主要原因是…, 主要是….
_REASON_LEAD = re.compile(r"^\s*(?:主要原因(?:是|为|在于)?\s*[：:，,]?|主要是)\s*")


def reason(text: str) -> str:
    """A clerk's reason without the lead-in the report prints before it (主要原因：主要原因是…)."""
    return _REASON_LEAD.sub("", str(text), count=1)


def quoted(names: str | list[str] | tuple[str, ...]) -> str:
    """A name, or names joined by 、, in Chinese quotation marks; quotation marks inside a name
    become single ones (“‘三公’经费控制”), as nested quotations are written."""
    return "、".join("“" + str(t).replace("“", "‘").replace("”", "’") + "”" for t in ([names] if isinstance(names, str) else names))
