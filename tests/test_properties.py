"""Property tests (hypothesis): random consistent 决算 data passes every identity; a typed total
moved by more than rounding explains is caught and pointed at; shares with
`占比合计凑足100: true` add up to exactly 100.

Each dataset puts random 项 amounts (0–10000 万元, 2 decimals) under a few 类 of the 恩施
fixture's workspace and writes every table that depends on them — 公开01, 02 (with typed 类
subtotals), 03, 04, 05, 06 — with exact sums, keeping the fixture's other sections.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.numbers import largest_remainder
from reportgen.pipeline import prepare
from reportgen.render import charts
from reportgen.render.display import Display

from .conftest import ENSHI, copy_workspace

CODES = ["2010350", "2010399", "2080505", "2080506", "2101102", "2210201"]  # 201, 208, 210, 221
FIXTURE_BUDGET = (ENSHI / "data" / "2023" / "决算.yaml").read_text("utf-8")
KEPT = FIXTURE_BUDGET[FIXTURE_BUDGET.index("财政拨款三公经费支出决算表:"):]  # 三公, 机关运行经费, 采购, 资产, 上年
CENT = Decimal("0.01")
FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

amounts = st.integers(0, 1_000_000).map(lambda cents: Decimal(cents).scaleb(-2))
datasets = st.dictionaries(st.sampled_from(CODES), st.tuples(amounts, amounts), min_size=1, max_size=len(CODES))

@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this module's workspaces live, one per test, reused by its examples."""
    return tmp_path_factory.mktemp("properties")


def workspace(root: Path, name: str, budget: str, settings_text: str = "") -> Path:
    """The 恩施 workspace (without 绩效) with `budget` as its 决算.yaml."""
    ws = root / name
    if not ws.exists():
        copy_workspace(ENSHI, ws)
        (ws / "data" / "2023" / "绩效.yaml").unlink()
    (ws / "data" / "2023" / "决算.yaml").write_text(budget, "utf-8")
    if settings_text:
        (ws / "reportgen.yaml").write_text(settings_text, "utf-8")
    return ws


def budget_yaml(rows: dict[str, tuple[Decimal, Decimal]], personnel: Decimal) -> tuple[str, dict[str, int]]:
    """决算.yaml for `rows` (code -> (基本支出, 项目支出)), and the line of each typed total."""
    basic = sum((b for b, _ in rows.values()), Decimal(0))
    project = sum((p for _, p in rows.values()), Decimal(0))
    total = basic + project
    person = min(personnel, basic)
    lines = ["金额单位: 万元", "收入支出决算总表:", f"  本年收入合计: {total}", f"  本年支出合计: {total}", f"  总计: {total}",
             "收入决算表:", f"  合计: {{财政拨款收入: {total}}}"]
    for lei in sorted({c[:3] for c in rows}):
        lines.append(f'  "{lei}": {{财政拨款收入: {sum(b + p for c, (b, p) in rows.items() if c[:3] == lei)}}}')
    lines += [f'  "{c}": {{财政拨款收入: {b + p}}}' for c, (b, p) in rows.items()]
    lines += ["支出决算表:", f"  合计: {{基本支出: {basic}, 项目支出: {project}}}"]
    lines += [f'  "{c}": {{基本支出: {b}, 项目支出: {p}}}' for c, (b, p) in rows.items()]
    lines += ["财政拨款收入支出决算总表:", f"  本年收入: {{一般公共预算财政拨款: {total}}}", f"  总计: {total}"]
    lines += ["一般公共预算财政拨款支出决算表:", f"  合计: {{基本支出: {basic}, 项目支出: {project}}}"]
    lines += [f'  "{c}": {{基本支出: {b}, 项目支出: {p}, 年初预算: {b + p}}}' for c, (b, p) in rows.items()]
    lines += ["一般公共预算财政拨款基本支出决算明细表:", f"  人员经费合计: {person}", f"  公用经费合计: {basic - person}",
              f'  "301": {person}', f'  "30101": {person}', f'  "302": {basic - person}', f'  "30201": {basic - person}']
    typed = {"本年收入合计": 3, "收入决算表合计": 7, "支出决算表合计": lines.index("支出决算表:") + 2,
             "总计04": lines.index("财政拨款收入支出决算总表:") + 3, "人员经费合计": lines.index("一般公共预算财政拨款基本支出决算明细表:") + 2}
    return "\n".join(lines) + "\n\n" + KEPT, typed


@FEW
@given(rows=datasets, personnel=amounts)
def test_consistent_data_passes_every_identity(root: Path, rows: dict[str, tuple[Decimal, Decimal]],
                                               personnel: Decimal) -> None:
    text, _ = budget_yaml(rows, personnel)
    prepared = prepare(workspace(root, "consistent", text), 2023)
    errors = [p.format() for p in prepared.problems if p.severity == "error"]
    assert prepared.ok, errors
    assert prepared.report is not None
    assert [c.name for c in prepared.report.checks if c.status == "fail"] == []


@FEW
@given(rows=datasets, personnel=amounts, which=st.sampled_from(["本年收入合计", "收入决算表合计", "支出决算表合计", "总计04", "人员经费合计"]),
       delta=st.integers(50, 100_000).map(lambda cents: Decimal(cents).scaleb(-2)), up=st.booleans())
def test_typed_total_off_beyond_tolerance_is_caught(root: Path, rows: dict[str, tuple[Decimal, Decimal]], personnel: Decimal,
                                                   which: str, delta: Decimal, up: bool) -> None:
    """A typed total moved by ≥ 0.50 万元 (the tolerance of a sum of n 万元 figures is
    (n + 1) × 0.005) fails, and the error names the line the total was typed on."""
    text, typed = budget_yaml(rows, personnel)
    lines = text.split("\n")
    line = typed[which]
    numbers = list(re.finditer(r"\d+\.\d+|\d+", lines[line - 1]))
    value = Decimal(numbers[0].group())
    moved = value + delta if up or value < delta else value - delta
    lines[line - 1] = lines[line - 1][: numbers[0].start()] + str(moved) + lines[line - 1][numbers[0].end():]
    prepared = prepare(workspace(root, "perturbed", "\n".join(lines)), 2023)
    errors = "\n".join(p.format() for p in prepared.problems if p.severity == "error")
    assert not prepared.ok
    assert "不成立" in errors or "大于" in errors, errors
    assert f"决算.yaml:{line}:" in errors, (which, errors)


@FEW
@given(rows=datasets, personnel=amounts)
def test_typed_total_within_rounding_is_accepted(root: Path, rows: dict[str, tuple[Decimal, Decimal]],
                                                 personnel: Decimal) -> None:
    """A 万元 total one cent off a sum of two or more rounded figures is a 尾差, accepted."""
    text, typed = budget_yaml(rows, personnel)
    basic = sum((b for b, _ in rows.values()), Decimal(0))
    if len(rows) < 2 or basic == 0:
        return
    lines = text.split("\n")
    i = typed["支出决算表合计"] - 1
    lines[i] = lines[i].replace(f"基本支出: {basic}", f"基本支出: {basic + CENT}")
    prepared = prepare(workspace(root, "tail", "\n".join(lines)), 2023)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(amounts, min_size=1, max_size=8).filter(lambda vs: any(vs)), places=st.integers(0, 2))
def test_largest_remainder_adds_up_to_exactly_100(values: list[Decimal], places: int) -> None:
    shares = largest_remainder(values, places)
    unit = Decimal(1).scaleb(-places)
    assert sum(shares, Decimal(0)) == 100
    total = sum(values, Decimal(0))
    for value, share in zip(values, shares):
        assert share == share.quantize(unit)
        assert abs(share - value / total * 100) < unit


@FEW
@given(rows=datasets.filter(lambda r: sum(b for b, _ in r.values()) > 0 and sum(p for _, p in r.values()) > 0),
       personnel=amounts, places=st.integers(0, 2))
def test_structure_shares_in_the_report_add_up_to_100(root: Path, rows: dict[str, tuple[Decimal, Decimal]], personnel: Decimal,
                                                      places: int) -> None:
    text, _ = budget_yaml(rows, personnel)
    ws = workspace(root, f"hundred{places}", text, f"样式:\n  占比合计凑足100: true\n  收支结构占比小数位: {places}\n")
    prepared = prepare(ws, 2023)
    assert prepared.ok and prepared.report is not None
    pies = [c for c in prepared.report.final.charts if c.kind == "pie"]
    assert pies  # 支出结构: 基本支出 and 项目支出 are both non-zero
    display = Display(prepared.settings.style)
    for chart in pies:
        labels = charts.labels(chart, display)[0]
        shares = [Decimal(re.search(r"(\d+(?:\.\d+)?)%$", label).group(1)) for label in labels]
        assert sum(shares) == 100, labels

