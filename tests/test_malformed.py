"""Malformed input: each kind gets a Chinese message naming file, line and key, exit 2,
and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ENSHI, copy_workspace, edit, run

BUDGET = "data/2023/决算.yaml"
UNIT = "data/2023/单位.yaml"
PERF = "data/2023/绩效.yaml"


def bytes_edit(path: Path, data: bytes) -> None:
    path.write_bytes(data)


CASES = [
    # (id, file, old, new, expected regex in stderr)
    ("syntax", BUDGET, "  本年收入合计: 541.04", "  本年收入合计: [541.04", r"决算\.yaml:\d+:\d+: YAML 格式错误"),
    ("tab", BUDGET, "  本年收入合计: 541.04", "\t本年收入合计: 541.04", r"决算\.yaml:\d+:\d+: .*制表符"),
    ("duplicate key", BUDGET, "  本年支出合计: 541.04", "  本年支出合计: 541.04\n  本年支出合计: 541.04", r"决算\.yaml:\d+:\d+: 键「本年支出合计」在同一层级重复出现"),
    ("text for amount", BUDGET, '"2010350": {基本支出: 309.78}', '"2010350": {基本支出: 三百}', r'决算\.yaml:\d+:\d+: 「基本支出」应为金额（数字），实际为 "三百"'),
    ("negative", BUDGET, '"2010350": {基本支出: 309.78}', '"2010350": {基本支出: -309.78}', r"决算\.yaml:\d+:\d+: 「基本支出」不能小于 0"),
    ("absurd", BUDGET, '"2010350": {基本支出: 309.78}', '"2010350": {基本支出: 30978000000000}', r"「基本支出」数值过大"),
    ("misspelt column", BUDGET, '"2010350": {基本支出: 309.78}', '"2010350": {基本支处: 309.78}', r"决算\.yaml:\d+:\d+: 未知的键「基本支处」。是不是「基本支出」？"),
    ("misspelt section", BUDGET, "收入决算表:", "收入决算标:", r"决算\.yaml:\d+:\d+: 未知的键「收入决算标」。是不是「收入决算表」？"),
    ("unknown code", BUDGET, '"2010399": {项目支出: 168.12}', '"2010398": {项目支出: 168.12}', r"决算\.yaml:\d+:\d+: 科目代码 2010398 不在内置科目表中"),
    ("not a code", BUDGET, "  合计: {基本支出: 372.92, 项目支出: 168.12}", "  总合计: {基本支出: 372.92, 项目支出: 168.12}", r"「支出决算表」中的「总合计」不是科目代码。是不是「合计」？"),
    ("too many decimals", BUDGET, '"2101102": {基本支出: 9.08}', '"2101102": {基本支出: 9.080000001}', r"最多六位小数"),
    ("bad unit", BUDGET, "金额单位: 万元", "金额单位: 千元", r"「金额单位」应为 万元 或 元"),
    ("missing name", UNIT, "  名称: 恩施土家族苗族自治州公共资源交易中心\n", "", r"单位\.yaml:\d+:\d+: 缺少必填的「名称」"),
    ("bad choice", PERF, "支出项目类别: 本级支出项目", "支出项目类别: 本级项目", r"「支出项目类别」应为 '本级支出项目' 或 '转移性支出项目' 之一"),
    ("total beyond tolerance", BUDGET, "  本年收入合计: 541.04", "  本年收入合计: 542.04", r"公开01「本年收入合计」= 各项收入之和不成立：合计 542\.04 万元，各项之和 541\.04 万元，相差 1\.00 万元"),
    ("weights", PERF, "分值: 20}", "分值: 25}", r"绩效\.yaml:\d+:\d+: 各指标「分值」合计应为 80 分，实际为 85 分"),
    ("unmet without reason", PERF, "        得分: 0.5\n        未完成原因: ", "        得分: 0.5\n        备注: ", r"未知的键「备注」"),
    ("qualitative score outside tier", PERF, "        得分: 0.5\n", "        得分: 0.9\n", r"绩效\.yaml:\d+:\d+: 指标「政府采购项目评审场次」完成档次为部分达成，得分应在 0\.5～0\.8 分之间"),
    ("qualitative without tier", PERF, "        完成档次: 部分达成\n", "", r"指标「政府采购项目评审场次」是定性指标（目标值“>60次”），请填写「完成档次」"),
    ("number expected", PERF, '          实际值: "43"', '          实际值: "未统计"', r"目标值“≥60次”是定量的，实际值“未统计”却不是数字"),
]


@pytest.mark.parametrize("name,file,old,new,pattern", CASES, ids=[c[0] for c in CASES])
def test_malformed_data(tmp_path: Path, name: str, file: str, old: str, new: str, pattern: str) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    edit(ws / file, old, new)
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2, result.output
    assert re.search(pattern, result.stderr), result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_unmet_indicator_needs_reason(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    text = (ws / PERF).read_text("utf-8")
    start = text.index("          未完成原因: >-")
    end = text.index("        - {", start)
    (ws / PERF).write_text(text[:start] + text[end:], "utf-8")
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2
    assert re.search(r"绩效\.yaml:\d+:\d+: 指标「政府采购项目评审场次」未完成（目标 ≥60次，实际 43），请填写「未完成原因」", result.stderr)


def test_gbk_file(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    path = ws / UNIT
    path.write_bytes(path.read_text("utf-8").encode("gbk"))
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2
    assert "data/2023/单位.yaml: 文件不是 UTF-8 编码" in result.stderr


def test_bom_is_accepted(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    path = ws / UNIT
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("check", "2023", "-w", str(ws)).exit_code == 0


def test_missing_previous_year(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    text = (ws / BUDGET).read_text("utf-8")
    (ws / BUDGET).write_text(text[: text.index("# 003 未附 2022")], "utf-8")
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2
    assert "找不到上年（2022年）数据：请提供 data/2022/ 文件夹，或在数据中填写「上年」部分。" in result.stderr


def test_missing_year_folder(tmp_path: Path) -> None:
    result = run("check", "2031", "-w", str(tmp_path))
    assert result.exit_code == 2
    assert "找不到 2031 年度的数据文件夹" in result.stderr


def test_empty_file_is_a_warning(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "data" / "2023" / "空.yaml").write_text("", "utf-8")
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 0
    assert "data/2023/空.yaml: 文件为空，已忽略" in result.stderr


def test_same_section_in_two_files(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "data" / "2023" / "另.yaml").write_text("政府采购:\n  货物: {支出: 1}\n", "utf-8")
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2
    assert re.search(r"「政府采购」已在 data/2023/决算\.yaml:\d+:\d+ 写过", result.stderr)
