"""金额单位 (issue 15, item 6): a data file may be kept in 万元, 百元 (as 四川's forms are filled)
or 元; each is converted to 万元 exactly, and a 百元 figure carries the rounding of its last
typed decimal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportgen.pipeline import prepare

from .conftest import ENSHI, copy_workspace, edit, run, worded

PROCUREMENT = "政府采购:\n  货物: {支出: 8.75, 授予中小企业: 8.75, 授予小微企业: 8.75}\n"


def _in_hundreds(tmp_path: Path, line: str) -> Path:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    edit(ws / "data" / "2023" / "决算.yaml", PROCUREMENT, "")
    (ws / "data" / "2023" / "采购.yaml").write_text("金额单位: 百元\n政府采购:\n" + line, "utf-8")
    return ws


def test_amounts_in_hundreds_are_converted_exactly(tmp_path: Path) -> None:
    ws = _in_hundreds(tmp_path, "  货物: {支出: 875.07, 授予中小企业: 875.07, 授予小微企业: 800}\n  合计: {支出: 875.07}\n")
    prepared = prepare(ws, 2023)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]
    assert prepared.report.final.facts["政府采购"]["total"] == Decimal("8.7507")
    assert "政府采购支出总额8.75万元" in worded(prepared)


def test_a_hundreds_figure_has_at_most_four_decimals(tmp_path: Path) -> None:
    ws = _in_hundreds(tmp_path, "  货物: {支出: 875.00001, 授予中小企业: 875, 授予小微企业: 875}\n")
    result = run("check", "2023", "-w", str(ws))
    assert "data/2023/采购.yaml:3:" in result.output and "「支出」以百元为单位时最多四位小数（到分），实际为 875.00001" in result.output
    assert "Traceback" not in result.output
