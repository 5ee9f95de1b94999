"""Sentences the figures do not support are not printed: a reason typed for a change that did
not happen (left over from another year, or the figures corrected afterwards), and the 用途 of a
cost that was not spent."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.pipeline import prepare, printed

from .conftest import ROOT, copy_workspace, edit

VARIANT = ROOT / "tests" / "fixtures" / "variant"


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    ws = copy_workspace(VARIANT, tmp_path_factory.mktemp("unchanged") / "ws")
    data = ws / "data" / "2024" / "决算.yaml"
    # 上年 totals equal to this year's; the reasons of 说明.yaml stay as typed.
    edit(data, "  收支总计: 1911.00", "  收支总计: 1834.05")
    edit(data, "  本年支出合计: 1845.70", "  本年支出合计: 1728.82")
    # No 公务用车运行维护费 this year: the 用途 sentence (the key's default) has nothing to describe.
    edit(data, "    公务用车运行维护费: 3.40\n    公务接待费: 0.86\n    合计: 4.26",
         "    公务用车运行维护费: 0\n    公务接待费: 0.86\n    合计: 0.86")
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.message for p in prepared.problems]
    _, composed = printed(prepared, ("决算",))
    return composed["决算"].text().replace("\n", "")


def test_unchanged_totals_carry_no_reason(text: str) -> None:
    assert "与2023年度相比，收、支总计均持平。" in text  # not 各持平
    assert "2023年使用以前年度结转的场所改造资金" not in text  # 收支总计变动原因
    assert "与2023年度相比，支出合计持平。其中：" in text
    assert "2024年项目支出相应减少" not in text  # 支出变动原因
    # a change that did happen keeps its reason
    assert "收入合计增加154.4万元，增长10%。主要原因：一是进场交易项目增加" in text


def test_unspent_cost_has_no_purpose(text: str) -> None:
    assert "(2) 公务用车运行维护费支出0万元。截至2024年12月31日" in text
    assert "主要用于公务用车的燃料费" not in text
    assert "现有公务用车能满足工作需要，本年未购置公务用车。" in text  # why none was bought: still said


def test_a_subject_without_money_is_neither_printed_nor_worded(tmp_path: Path) -> None:
    """new-year carries last year's 科目 over with zeros; one the unit did not use again prints
    no table row, no “农林水（类）支出0万元，占0%，主要是。”, no 年初预算为0万元 and no 名词解释."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    data = ws / "data" / "2024" / "决算.yaml"
    edit(data, "收入决算表:\n", '收入决算表:\n  "2130599": {财政拨款收入: 0}\n')
    edit(data, "支出决算表:\n", '支出决算表:\n  "2130599": {项目支出: 0}\n')
    edit(data, "一般公共预算财政拨款支出决算表:\n", '一般公共预算财政拨款支出决算表:\n  "2130599": {项目支出: 0, 年初预算: 0}\n')
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.message for p in prepared.problems]
    text = printed(prepared, ("决算",))[1]["决算"].text()
    assert "其他巩固脱贫攻坚成果衔接乡村振兴支出" not in text and "2130599" not in text
    assert "农林水（类）" not in text and "农林水支出（类）" not in text and "主要是。" not in text


def test_the_totals_reason_stands_in_only_for_a_change_the_same_way(tmp_path: Path) -> None:
    """收入/支出变动原因 left empty borrow 收支总计变动原因 — but the 收支总计 fell and the 收入 rose:
    the fall's reason is not printed for the rise; a placeholder asks for it. The 支出, which
    fell too, borrows it."""
    ws = copy_workspace(VARIANT, tmp_path / "ws")
    said = ws / "data" / "2024" / "说明.yaml"
    said.write_text("".join(line for line in said.read_text("utf-8").splitlines(keepends=True)
                            if not line.startswith(("  收入变动原因:", "  支出变动原因:"))), "utf-8")
    total_reason = next(line for line in said.read_text("utf-8").splitlines() if line.startswith("  收支总计变动原因:"))
    reason = total_reason.split(":", 1)[1].strip()[:20]
    prepared = prepare(ws, 2024)
    text = printed(prepared, ("决算",))[1]["决算"].text().replace("\n", "")
    assert "收入合计增加154.4万元，增长10%。主要原因：【待填写：收入合计变动的原因】" in text
    assert text.count(reason) == 2  # under 收、支总计 and under 支出, not under 收入
