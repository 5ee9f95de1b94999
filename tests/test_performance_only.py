"""A 绩效-only workspace (issue 15, item 5): a year with 绩效 data and no 公开 table builds
the 绩效 report alone, from the figures typed under 绩效 → 收支情况 (checked against each
other and against the projects), and says why there is no 决算 report; a broken one gets
located errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.pipeline import prepare, printed

from .conftest import ENSHI, ROOT, run, worded

#: 恩施's figures of 2023 as its 公开 tables give them (基本支出 372.92 is 342.9 + 30.03 within
#: rounding); last year's “三公” 1.65 + 0.31.
TYPED = """  收支情况:
    本年支出合计: 541.04
    基本支出: 372.92
    人员经费: 342.9
    公用经费: 30.03
    项目支出: 168.12
    三公经费:
      全年预算数: {公务用车运行维护费: 2.5, 公务接待费: 0.82, 合计: 3.32}
      决算数: {公务用车运行维护费: 2.5, 公务接待费: 0.37, 合计: 2.87}
    上年三公经费决算数: {公务用车运行维护费: 1.65, 公务接待费: 0.31}
"""


def performance_only(target: Path, typed: str = TYPED) -> Path:
    """The 恩施 unit with its 绩效 data and the typed 收支情况, without any 公开 table."""
    (target / "data" / "2023").mkdir(parents=True)
    for name in ("单位.yaml", "绩效.yaml"):
        shutil.copy(ENSHI / "data" / "2023" / name, target / "data" / "2023" / name)
    perf = target / "data" / "2023" / "绩效.yaml"
    perf.write_text(perf.read_text("utf-8").replace("绩效:\n", "绩效:\n" + typed, 1), "utf-8")
    return target


@pytest.fixture(scope="module")
def only(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    prepared = prepare(performance_only(tmp_path_factory.mktemp("only") / "ws"), 2023)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]
    return prepared


def test_the_performance_report_reads_as_with_the_tables(only, enshi) -> None:  # noqa: ANN001
    """Typed in 收支情况, the figures make the same 绩效 report as the 公开 tables do (the same
    placeholders too, though a gap's wording is the 决算 report's when both need it)."""
    assert only.report.final is None and only.report.summary is None
    assert [c.total for c in (only.report.performance.whole, *only.report.performance.projects)] == \
           [c.total for c in (enshi.report.performance.whole, *enshi.report.performance.projects)]
    def gaps_as_one(text: str) -> str:
        return re.sub(r"【待填写：[^】]*】", "【待填写】", text)

    assert gaps_as_one(worded(only, "绩效")) == gaps_as_one(worded(enshi, "绩效"))


def test_build_makes_the_performance_report_and_says_why_there_is_no_final_one(tmp_path: Path) -> None:
    ws = performance_only(tmp_path / "ws")
    result = run("build", "2023", "-w", str(ws))
    assert result.exit_code == 0, result.output
    said = "".join(result.output.split())
    assert "本年度数据中没有公开表（收入支出决算总表等），未生成部门决算公开，只生成绩效自评报告。" in said
    assert "尾数误差在允许范围内已接受。" in said  # and no “（报告中已注明）”: there is no 决算 report
    files = sorted(p.name for p in (ws / "output" / "2023").iterdir() if not p.name.startswith("."))
    assert files == ["恩施土家族苗族自治州公共资源交易中心2023年度部门整体支出绩效自评报告.docx",
                     "恩施土家族苗族自治州公共资源交易中心2023年度部门整体支出绩效自评报告.pdf"]
    check = run("check", "2023", "-w", str(ws))
    assert check.exit_code == 0 and "未生成部门决算公开" in "".join(check.output.split())


def test_without_the_typed_figures_check_says_where_to_type_them(tmp_path: Path) -> None:
    ws = performance_only(tmp_path / "ws", typed="")
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert re.search(r"data/2023/绩效\.yaml:\d+:1: 本年度数据中没有公开表，只生成绩效自评报告；它所用的收支数请在「绩效」下的「收支情况」中填写",
                     result.output)


def test_typed_figures_are_checked_against_each_other(tmp_path: Path) -> None:
    ws = performance_only(tmp_path / "ws", TYPED.replace("本年支出合计: 541.04", "本年支出合计: 400")
                          .replace("合计: 2.87", "合计: 2.97").replace("项目支出: 168.12", "项目支出: 100"))
    result = run("check", "2023", "-w", str(ws))
    out = result.output
    assert result.exit_code == 2 and "Traceback" not in out
    assert re.search(r"绩效\.yaml:\d+:\d+: 「收支情况」基本支出、项目支出和基金、国资预算支出之和大于本年支出合计：", out)
    assert re.search(r"绩效\.yaml:\d+:\d+: 「收支情况」三公经费决算数合计 = 各项之和不成立：合计 2\.97 万元，各项之和 2\.87 万元", out)
    assert re.search(r"绩效\.yaml:\d+:\d+: 绩效自评各项目「执行数」之和 168\.11 万元，「绩效」「收支情况」的「项目支出」 100\.00 万元："
                     r"自评项目的执行数之和大于项目支出合计", out)


def test_typed_figures_next_to_tables_are_refused(tmp_path: Path) -> None:
    ws = performance_only(tmp_path / "ws")
    shutil.copy(ENSHI / "data" / "2023" / "决算.yaml", ws / "data" / "2023" / "决算.yaml")
    result = run("check", "2023", "-w", str(ws))
    assert re.search(r"绩效\.yaml:\d+:\d+: 本年度数据有公开表（data/2023/决算\.yaml 的「收入支出决算总表」等），绩效报告的收支数由公开表算出，不用填写「收支情况」。"
                     r"请删去「绩效」下的「收支情况」；若本年度只发布绩效自评报告、不发布决算公开，则反过来删去公开表", result.output)


def test_a_performance_only_year_builds_both_formats(tmp_path: Path) -> None:
    result = build(performance_only(tmp_path / "ws"), 2023)
    assert sorted(p.suffix for p in result.files) == [".docx", ".pdf"] and result.absent == ["决算"]


def _without(*keys: str) -> str:
    """TYPED without the lines of `keys` (and, for a block, the lines under it)."""
    out, skipping = [], False
    for line in TYPED.splitlines():
        if line.startswith("    ") and not line.startswith("     "):
            skipping = line.strip().split(":")[0] in keys
        if not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


def test_absent_figures_print_as_gaps_not_as_zero(tmp_path: Path) -> None:
    """Without 上年三公经费决算数 the report would say “较上年增加2.87万元（上年无此项支出）”, without
    基本支出 “基本支出0万元”: each prints its 【待填写】, with a located reminder naming the key —
    only where a report prints it (河北's report has no such sentences, and gets none)."""
    ws = performance_only(tmp_path / "ws", _without("上年三公经费决算数", "基本支出", "人员经费", "公用经费"))
    prepared = prepare(ws, 2023)
    text = worded(prepared, "绩效")
    assert "较上年【待填写：上年“三公”经费决算数（上年没有时写 上年三公经费决算数: {}）】。" in text
    assert "2023年度一般公共预算财政拨款基本支出【待填写：一般公共预算财政拨款基本支出（或人员经费和公用经费）】。" in text
    assert "上年无此项支出" not in text and "基本支出0万元" not in text
    messages = [p.format() for p in printed(prepared, ("绩效",))[0].problems]
    assert any(re.search(r"绩效\.yaml:\d+:\d+: 待填写：上年“三公”经费决算数.*请在「绩效」「收支情况」中填写「上年三公经费决算数」", m)
               for m in messages), messages
    assert any("请在「绩效」「收支情况」中填写「基本支出」" in m for m in messages), messages
    hebei = run("check", "2022", "-w", str(ROOT / "tests" / "fixtures" / "hebei"))
    assert hebei.exit_code == 0 and "三公经费" not in hebei.stderr and "基本支出" not in hebei.stderr


def test_absent_three_public_costs_print_a_gap_and_no_table(tmp_path: Path) -> None:
    """Without 三公经费 the section says what to fill instead of a sentence and a table of zeros."""
    text = worded(prepare(performance_only(tmp_path / "ws", _without("三公经费")), 2023), "绩效")
    assert "2023年度“三公”经费：【待填写：“三公”经费的年初预算数、全年预算数和决算数（本单位没有“三公”经费时写 三公经费: {}）】" in text
    assert "“三公”经费使用情况表" not in text and "年初预算数为0万元" not in text
    typed_empty = worded(prepare(performance_only(tmp_path / "ws2", _without("三公经费") + "    三公经费: {}\n"), 2023), "绩效")
    assert "2023年度“三公”经费年初预算数为0万元，调整预算数为0万元，决算数为0万元，较上年减少1.96万元，下降100%。" in typed_empty


def test_an_unchanged_rebuild_does_not_call_the_missing_report_unchanged(tmp_path: Path) -> None:
    ws = performance_only(tmp_path / "ws")
    assert run("build", "2023", "-w", str(ws), "--format", "docx").exit_code == 0
    again = run("build", "2023", "-w", str(ws), "--format", "docx", "--only", "决算").stdout.replace("\n", "")
    assert "决算报告保持不变" not in again
    assert "本年度数据中没有公开表" in again


def test_the_empty_tables_init_wrote_say_how_to_publish_the_performance_report_alone(tmp_path: Path) -> None:
    """init writes 决算.yaml with empty 公开 tables; a clerk who publishes only the 绩效 report is
    told, at the first one, to delete them rather than fill them."""
    ws = performance_only(tmp_path / "ws")
    (ws / "data" / "2023" / "决算.yaml").write_text("收入决算表: {}\n支出决算表: {}\n", "utf-8")
    said = "".join(run("check", "2023", "-w", str(ws)).stderr.split())
    assert ("data/2023/决算.yaml:1:1:尚未填写：「收入决算表」（公开02表各科目的收入）：至少填写一个科目代码及其金额。"
            "本年度只发布绩效自评报告时不填公开表：删去它们（如init生成的整个决算.yaml），报告所用的收支数写在「绩效」→「收支情况」中。") in said
    assert said.count("本年度只发布绩效自评报告时") == 1
