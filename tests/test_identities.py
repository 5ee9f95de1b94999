"""Every arithmetic identity catches a figure that is off by more than rounding explains,
and names the identity, both figures, the difference and where the figures were typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ENSHI, ROOT, copy_workspace, edit, run

DEMO_FILE = "data/2024/决算.yaml"


def test_demo_checks_clean() -> None:
    result = run("check", "2024", "-w", str(ROOT))
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.stdout


def test_demo_with_one_leaf_off_by_one_fails(tmp_path: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "demo")
    edit(ws / DEMO_FILE, '"2101101": {基本支出: 11.76}', '"2101101": {基本支出: 12.76}')
    line = next(i for i, text in enumerate((ws / DEMO_FILE).read_text("utf-8").splitlines(), 1) if "12.76" in text)
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 2
    err = result.stderr
    assert "支出决算表「合计」基本支出 = 各类之和" in err
    assert "280.35" in err and "281.35" in err and "-1.00" in err
    assert f"决算.yaml:{line}:" in err


ENSHI_FILE = "data/2023/决算.yaml"
BREAKS = [
    # (figure changed, identity named in the error)
    ('"2010350": {财政拨款收入: 309.78}', '"2010350": {财政拨款收入: 310.78}', "收入决算表 20103"),
    ('合计: {财政拨款收入: 541.04}', '合计: {财政拨款收入: 542.04}', "收入决算表「合计」财政拨款收入 = 各类之和"),
    ('"2080505": {基本支出: 20.97}', '"2080505": {基本支出: 21.97}', "支出决算表「合计」基本支出 = 各类之和"),
    ("本年收入合计: 541.04", "本年收入合计: 542.04", "公开01「本年收入合计」= 各项收入之和"),
    ("本年支出合计: 541.04", "本年支出合计: 540.04", "公开01「本年支出合计」= 公开03 支出合计"),
    ("本年收入: {一般公共预算财政拨款: 541.04}", "本年收入: {一般公共预算财政拨款: 540.04}", "公开02「财政拨款收入」合计 = 公开04"),
    ('"30101": 46.05', '"30101": 47.05', "一般公共预算财政拨款基本支出决算明细表 301"),
    ("人员经费合计: 342.9", "人员经费合计: 343.9", "公开06「人员经费合计」= 所属经济分类之和"),
    ("    公务接待费: 0.37\n    合计: 2.87", "    公务接待费: 0.37\n    合计: 3.87", "公开09「决算数」合计"),
    ("    公务接待费: 0.82\n    合计: 3.32", "    公务接待费: 0.82\n    合计: 4.32", "公开09「全年预算数」合计"),
]


@pytest.mark.parametrize("old,new,identity", BREAKS, ids=[b[2] for b in BREAKS])
def test_each_identity_catches_an_error(tmp_path: Path, old: str, new: str, identity: str) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    edit(ws / ENSHI_FILE, old, new)
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2, result.output
    assert identity in result.stderr, result.stderr
    assert re.search(r"决算\.yaml:\d+:\d+", result.stderr)


@pytest.mark.parametrize("total,ok", [("2.879", True), ("2.881", False)])
def test_tolerance_edge_on_a_typed_total(tmp_path: Path, total: str, ok: bool) -> None:
    """公开09 决算数 2.5 + 0.37 (each ±0.005 万元) against a total typed to 0.001 (±0.0005):
    the intervals overlap up to a difference of 0.0105."""
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    edit(ws / ENSHI_FILE, "    公务接待费: 0.37\n    合计: 2.87", f"    公务接待费: 0.37\n    合计: {total}")
    result = run("check", "2023", "-w", str(ws))
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        assert "公开09「决算数」合计" in result.stderr and "相差 0.011 万元" in result.stderr
