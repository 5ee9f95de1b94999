"""Stage 3a: typed figures as `Fig`s with tolerances and positions, and 科目 trees.

A `Ledger` turns the validated data into figures in 万元 (converting files kept in 元,
which are exact), rolls 项 rows up into 款 and 类, and keeps every typed subtotal next to
the computed one so that the identity checks can compare them. All problems found are
collected in `problems`; none is raised.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

from .. import catalogue
from ..errors import Problem
from ..load import Document
from ..numbers import HUNDRED, WAN, YUAN, ZERO, Fig, fmt, fmt_at_least, fsum, half_unit, overlaps
from ..schema_walk import parents
from ..settings import Style

#: The decimals that reach the 分 in each 金额单位 a data file may be kept in.
CENT_PLACES = {"元": (2, "两"), "百元": (4, "四"), "万元": (6, "六")}
from .model import CheckResult

CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
LEVEL = {3: 1, 5: 2, 7: 3}


@dataclass
class Node:
    """A 科目 in a code table: computed sums per column, and the typed row if one was typed."""

    code: str
    name: str
    level: int
    computed: dict[str, Fig]
    typed: dict[str, Fig] | None = None
    explanation: str = ""  # the row's 说明, for 名词解释

    def value(self, column: str) -> Fig:
        """What is printed: the typed figure when typed (it comes from exact 元), else the sum."""
        if self.typed is not None:
            return self.typed[column]
        return self.computed[column]


@dataclass
class CodeTree:
    key: str
    columns: tuple[str, ...]
    nodes: list[Node]  # depth-first: 类, its 款, their 项, next 类 …
    total: Node

    @cached_property
    def _by_code(self) -> dict[str, Node]:
        return {n.code: n for n in self.nodes}

    @cached_property
    def _leaves(self) -> list[Node]:
        inner = parents(self._by_code)
        return [n for n in self.nodes if n.code not in inner]

    def leaves(self) -> list[Node]:
        return list(self._leaves)

    def classes(self) -> list[Node]:
        return [n for n in self.nodes if n.level == 1]

    def find(self, code: str) -> Node | None:
        return self._by_code.get(code)

    def held(self, node: Node) -> bool:
        """Whether `node` holds money in any column: a row of zeros (last year's 科目 as
        new-year carries them over) is neither printed nor worded."""
        return any(node.value(c).value for c in self.columns)

    def sum(self, column: str) -> Fig:
        return self.total.value(column)


@dataclass
class Ledger:
    doc: Document
    style: Style
    problems: list[Problem] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)

    # ------------------------------------------------------------ figures

    def fig(self, value: Decimal | int | None, *path: str) -> Fig:
        """A typed figure in 万元 with its tolerance: files kept in 元 are exact, one in 百元
        (as 四川's forms are filled) stands for ± half its last typed decimal, like 万元."""
        if value is None:
            return Fig(ZERO, ZERO, None)
        value = Decimal(value)
        unit = self.doc.units.get(path[0], "万元") if path else "万元"
        places, words = CENT_PLACES[unit]
        if value.as_tuple().exponent < -places:  # type: ignore[operator]
            self.error(f"「{path[-1]}」以{unit}为单位时最多{words}位小数（到分），实际为 {value}。", path)
        if unit == "元":
            return Fig(value / WAN, ZERO, path)
        if unit == "百元":
            return Fig(value / HUNDRED, ZERO if value == 0 else half_unit(value, 0) / HUNDRED, path)
        # A zero is exact: it means "nothing", whether typed or left at its default.
        tol = ZERO if value == 0 else half_unit(value, self.style.amount_places)
        return Fig(value, tol, path)

    def as_typed(self, value: Decimal, *path: str) -> str:
        """A figure in 万元, said in the 金额单位 of the file holding `path` (as the clerk typed it)."""
        unit = self.doc.units.get(path[0], "万元") if path else "万元"
        if unit == "万元":
            return f"{fmt(value, self.style.amount_places, True)} 万元"
        return f"{fmt_at_least(value * WAN / YUAN[unit], 0, CENT_PLACES[unit][0])} {unit}"

    def problem(self, message: str, path: tuple[str, ...] | None, severity: str = "error") -> Problem:
        """A problem located at the YAML line of `path`."""
        source = self.doc.source(path) if path else None
        excerpt = self.doc.excerpt(source) if source else ""
        return Problem(message, source, severity, excerpt)  # type: ignore[arg-type]

    def error(self, message: str, path: tuple[str, ...] | None, severity: str = "error") -> None:
        """Record a problem found while reading the figures (before the identity checks)."""
        self.problems.append(self.problem(message, path, severity))

    def warn(self, message: str, path: tuple[str, ...] | None) -> None:
        self.error(message, path, "warning")

    @staticmethod
    def block(fig: Fig) -> tuple[str, ...] | None:
        """Where a figure is reported: its key path when typed; for a sum, the block that holds
        every figure it adds up (their key paths' common beginning), if there is one."""
        if fig.path is not None or not fig.sources:
            return fig.path
        return tuple(os.path.commonprefix(list(fig.sources))) or None  # element-wise, on tuples too

    def where(self, fig: Fig) -> str:
        if fig.path is not None:
            return str(self.doc.source(fig.path))
        typed = [str(self.doc.source(p)) for p in fig.sources]
        if not typed:
            return "（计算值）"
        return "（由 " + "、".join(typed[:6]) + (f" 等 {len(typed)} 处" if len(typed) > 6 else "") + " 的数相加）"

    # ------------------------------------------------------------ identities

    def identity(self, name: str, total: Fig, parts: list[tuple[str, Fig]], at: tuple[str, ...] | None = None) -> list[Problem]:
        """Check total = Σ parts within the rounding intervals; record the result, return the problem
        (located at the total, else at `at`, else at the first part typed, else at the block
        holding the figures the total, or the parts, add up)."""
        summed = fsum(f for _, f in parts)
        tolerance = total.tol + summed.tol
        places = self.style.amount_places
        most = places + 4
        if overlaps(total, summed):
            status = "ok" if total.value == summed.value else "tail"
            self.checks.append(CheckResult(name, total.value, summed.value, tolerance, status))
            return []
        self.checks.append(CheckResult(name, total.value, summed.value, tolerance, "fail"))
        diff = total.value - summed.value
        # The parts that hold money; all of them when none does (a total typed over empty parts).
        listed = [(label, f) for label, f in parts if f.value] or parts
        lines = [f"    {label} = {fmt_at_least(f.value, places, most)}  ← {self.where(f)}" for label, f in listed]
        message = (
            f"{name}不成立：合计 {fmt_at_least(total.value, places, most)} 万元，"
            f"各项之和 {fmt_at_least(summed.value, places, most)} 万元，相差 {fmt_at_least(diff, places, most)} 万元，"
            f"超出尾数误差允许范围（±{fmt(tolerance, most)}）。"
            "请核对以下各数：\n" + "\n".join(lines)
        )
        typed_part = next((f.path for _, f in parts if f.path), None)
        return [self.problem(message, total.path or at or typed_part or self.block(total) or self.block(summed))]

    def not_more(self, name: str, part: Fig, whole: Fig, at: tuple[str, ...] | None = None, *,
                 todo: str = "请核对。", severity: str = "error") -> list[Problem]:
        """Check part ≤ whole within rounding (e.g. 财政拨款支出 ≤ 支出); the problem (`todo` ends
        its message) is located at the part, else at `at`, else, for a sum, at the block holding
        what it adds up."""
        if part.lo <= whole.hi:
            return []
        places = self.style.amount_places
        return [self.problem(
            f"{name}：{fmt(part.value, places)} 万元大于 {fmt(whole.value, places)} 万元（{self.where(whole)}）。{todo}",
            part.path or at or self.block(part), severity,
        )]

    # ------------------------------------------------------------ code tables

    def tree(self, key: str, rows: dict[str, object], columns: dict[str, str], allowed_totals: tuple[str, ...] = ("合计",), functional: bool = True) -> CodeTree:
        """Build the 类/款/项 tree of a code-keyed table; check typed subtotals and 合计.

        `columns` maps attribute name -> printed column name (the YAML key).
        """
        book = catalogue.functional() if functional else catalogue.economic()
        leaves: dict[str, dict[str, Fig]] = {}
        typed: dict[str, dict[str, Fig]] = {}
        names: dict[str, str] = {}
        explanations: dict[str, str] = {}
        total_typed: dict[str, Fig] | None = None
        inner = parents(c for c in rows if CODE.match(c))
        for code, row in rows.items():
            if isinstance(row, Decimal):  # 公开06: the row is the figure itself
                figs = {attr: self.fig(row, key, code) for attr in columns}
            else:
                figs = {attr: self.fig(getattr(row, attr), key, code, label) for attr, label in columns.items()}
            # A row that says something about its 科目 (主要用于, 名称) but types no figure
            # is no typed subtotal: its sums are computed.
            no_figures = not isinstance(row, Decimal) and not set(columns) & row.model_fields_set  # type: ignore[attr-defined]
            if code in allowed_totals:
                if code == "合计" and not no_figures:
                    total_typed = figs
                continue
            if not CODE.match(code):
                close = difflib.get_close_matches(code, list(allowed_totals), n=1)
                hint = f"是不是「{close[0]}」？" if close else "键应为 3、5 或 7 位科目代码，或「合计」。"
                self.error(f"「{key}」中的「{code}」不是科目代码。{hint}", (key, code))
                continue
            name = getattr(row, "name", "") if not isinstance(row, Decimal) else ""
            if name:
                names[code] = name
            if getattr(row, "explanation", ""):
                explanations[code] = row.explanation  # type: ignore[union-attr]
            if code in inner:
                if not no_figures:
                    typed[code] = figs
            else:
                leaves[code] = figs
        # Each leaf under its 类 and 款, and the first row typed under each code (where an
        # unnamed 类 or 款 is reported): one pass over the rows.
        under: dict[str, list[str]] = defaultdict(list)
        first_row: dict[str, str] = {}
        for code in rows:
            for n in (3, 5, 7):
                if CODE.match(code) and n <= len(code):
                    first_row.setdefault(code[:n], code)
        first_row.update({code: code for code in rows})
        for leaf in leaves:
            for n in (3, 5):
                if n < len(leaf):
                    under[leaf[:n]].append(leaf)
        nodes: list[Node] = []
        for code in sorted(set(leaves) | set(under) | set(typed)):
            name = names.get(code) or (book[code].name if code in book else "")
            if not name:
                self.error(f"科目代码 {code} 不在内置科目表中。请核对代码，或在该行写上「名称」。", (key, first_row.get(code, code)))
                name = code
            computed = leaves[code] if code in leaves else {a: fsum(leaves[leaf][a] for leaf in under[code]) for a in columns}
            nodes.append(Node(code, name, LEVEL[len(code)], computed, typed.get(code), explanations.get(code, "")))
        children = self._children(nodes)
        for node in nodes:
            if node.typed is None:
                continue
            for attr, label in columns.items():
                if node.typed[attr].value or node.computed[attr].value:
                    self.problems += self.identity(
                        f"{key} {node.code} {node.name}「{label}」= 下级科目之和",
                        node.typed[attr],
                        [(f"{n.code} {n.name}", n.value(attr)) for n in children[node.code]],
                    )
        computed_total = {a: fsum(n.value(a) for n in nodes if n.level == 1) for a in columns}
        if total_typed is not None:
            for attr, label in columns.items():
                self.problems += self.identity(
                    f"{key}「合计」{label} = 各类之和",
                    total_typed[attr],
                    [(f"{n.code} {n.name}", n.value(attr)) for n in nodes if n.level == 1],
                )
        return CodeTree(key, tuple(columns), nodes, Node("合计", "合计", 0, computed_total, total_typed))

    @staticmethod
    def _children(nodes: list[Node]) -> dict[str, list[Node]]:
        """Each node's direct children (the nodes one level down that start with its code)."""
        kids: dict[str, list[Node]] = defaultdict(list)
        for n in nodes:
            if n.level > 1:
                kids[n.code[: {2: 3, 3: 5}[n.level]]].append(n)
        return kids
