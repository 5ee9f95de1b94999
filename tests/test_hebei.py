"""The 河北 profile (issue 15, item 4; reference 001): a short 整体支出绩效评价报告 of a 绩效-only
county unit — 部门概况 with its 收支情况 from the typed 收支情况, then the 百分制 self-evaluation
of the spending (产出, 效果, 满意度; no 执行率 points) and, scored separately, of 部门绩效管理工作."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.pipeline import prepare

from .conftest import ROOT, edit, run, worded

HEBEI = ROOT / "tests" / "fixtures" / "hebei"
D = Decimal
SECTIONS = ("一、部门概况", "（一）机构职能与组成", "（二）人员结构", "（三）收支情况", "1.预算收入情况", "2.预算支出情况",
            "3.专项资金管理情况", "（四）目标实现情况", "二、绩效自评工作开展", "（一）评价组织", "（二）自评方法",
            "（三）财政支出管理自评结果", "（四）部门绩效管理工作自评结果", "三、绩效评价结果运用", "四、存在的问题及整改建议",
            "附件1", "附件2")


@pytest.fixture(scope="module")
def hebei(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    prepared = prepare(shutil.copytree(HEBEI, tmp_path_factory.mktemp("hebei") / "ws"), 2022)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]
    return prepared


def test_the_two_checks_are_scored_apart_out_of_100(hebei) -> None:  # noqa: ANN001
    perf = hebei.report.performance
    whole, management = perf.whole, perf.management
    # 20 + 20 + 10 × 66.45 / 100 (6.6) + 15 + 15 + 20; no points for the 执行率 (85.16 %).
    assert (whole.execution_weight, whole.indicator_weight, whole.execution_score, whole.total) == (0, 100, 0, D("96.6"))
    assert (management.indicator_weight, management.total, management.grade) == (100, 93, "优")
    assert [(g.level1, g.score) for g in management.groups] == [
        ("绩效目标管理", 25), ("绩效执行监控", 25), ("绩效自评", 25), ("自评结果应用", 18)]
    assert all(r.score <= r.weight for c in (whole, management) for r in c.rows)


def test_the_report_has_001s_sections_in_order_and_its_figures(hebei) -> None:  # noqa: ANN001
    text = worded(hebei, "绩效")
    assert text.startswith("怀来县公共资源交易中心\n2022年度整体支出绩效评价报告") or "怀来县公共资源交易中心2022年度整体支出绩效评价报告" in text
    places = [text.index(s) for s in SECTIONS]
    assert places == sorted(places)
    # 001's own sentences, from the typed figures.
    assert "2022年怀来县公共资源交易中心批复年度部门预算收入302.94万元，实际收入250.88万元，比年初预算减少52.06万元，下降17%。" in text
    assert ("2022年部门支出预算总额为302.94万元，其中：基本支出的人员经费255.56万元，基本支出的日常公用经费27.38万元，项目支出20万元。"
            "本年实际支出合计257.99万元，比年初预算减少44.95万元，下降15%。") in text
    assert "2022年专项资金支出预算20万元，实际资金支出13.29万元。" in text
    assert "共设置6个绩效指标，完成5个，综合得分96.6分，评价等级为“优”。" in text
    assert "部门绩效管理工作按百分制单独考核，共4项，得分93分，评价等级为“优”。" in text
    assert "绩效指标100分" in text and "年度绩效目标（100分）" in text and "×执行率" not in text
    assert "运行成本" not in text and "待填写" not in text


def test_only_what_the_report_prints_is_asked_for(tmp_path: Path) -> None:
    ws = shutil.copytree(HEBEI, tmp_path / "ws")
    edit(ws / "data" / "2022" / "绩效.yaml", "    自评方法:", "    自评方式说明草稿:")
    result = run("check", "2022", "-w", str(ws))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert re.search(r"绩效\.yaml:\d+:\d+: 未知的键「自评方式说明草稿」", result.output)
    text = (ws / "data" / "2022" / "绩效.yaml").read_text("utf-8").replace("    自评方式说明草稿:", "    自评方法:")
    text = re.sub(r"\n    自评方法: [^\n]*", "", text)
    (ws / "data" / "2022" / "绩效.yaml").write_text(text, "utf-8")
    result = run("check", "2022", "-w", str(ws))
    said = "".join(result.output.split())
    assert "待填写：绩效自评的方法（地区样式「河北」需要）。请在「绩效」「部门整体」中填写「自评方法」。" in said
    assert "运行成本" not in said and "社会保险基金" not in said  # 湖北's sections, not printed here


def test_the_hebei_report_builds_in_both_formats(tmp_path: Path) -> None:
    result = build(shutil.copytree(HEBEI, tmp_path / "ws"), 2022)
    assert sorted(p.suffix for p in result.files) == [".docx", ".pdf"] and result.absent == ["决算"]


PROJECT = """  项目:
    - 名称: 交易平台运维经费
      预算数: 20
      执行数: 13.29
      主要产出和效益: 保障交易平台全年稳定运行。
      存在的问题: 资金支付进度滞后。
      指标:
        - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 平台运维次数, 目标值: "≥12次", 实际值: "12次", 分值: 50}
        - {一级指标: 产出指标, 二级指标: 时效指标, 三级指标: 资金支付进度, 目标值: "≥100%", 实际值: "66.45%", 分值: 50,
           未完成原因: 部分运维服务延至次年结算。}
  部门绩效管理:
"""


def test_evaluated_projects_are_reported_with_their_unmet_indicators(tmp_path: Path) -> None:
    """001's layout has no project table: each project evaluated is a line of 财政支出管理自评结果,
    with every unmet indicator and the reason check asked for (not evaluated and left unsaid)."""
    ws = shutil.copytree(HEBEI, tmp_path / "ws")
    edit(ws / "data" / "2022" / "绩效.yaml", "  部门绩效管理:\n", PROJECT)
    prepared = prepare(ws, 2022)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]
    text = worded(prepared, "绩效").replace("\n", "")
    assert ("纳入绩效自评的项目1个：1. 交易平台运维经费：预算数20万元，执行数13.29万元，执行率66.45%，自评得分83.2分，评价等级为“良”。"
            "“资金支付进度”未完成（目标值：≥100%；实际完成值：66.45%），原因：部分运维服务延至次年结算。") in text
    assert "3. 满意度指标：共1个，完成目标值。" in text  # not 均 for one


def test_a_typed_score_finer_than_printed_is_said(tmp_path: Path) -> None:
    """得分 14.96 prints as 15.0 and counts so in the total (89.96 would be 良, 90 is 优): said at the key."""
    ws = shutil.copytree(HEBEI, tmp_path / "ws")
    perf = ws / "data" / "2022" / "绩效.yaml"
    edit(perf, "        得分: 18\n", "        得分: 14.96\n")
    line = perf.read_text("utf-8").splitlines().index("        得分: 14.96") + 1
    err = " ".join(run("check", "2022", "-w", str(ws)).stderr.split())
    assert (f"提醒 data/2022/绩效.yaml:{line}:9: 指标「评价结果用于预算编制」的得分 14.96 比报告印出的多小数位：印作 15.0，"
            "总分也按印出的分数相加。请按 1 位小数填写（样式「指标得分小数位」）。") in err, err
    assert "多小数位" not in run("check", "2022", "-w", str(HEBEI)).stderr
