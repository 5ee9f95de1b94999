"""The 湖南 profile (issue 15, item 2): the 部门整体 report (002's 一–八) followed by one
项目支出绩效自评报告 per project (一–七), scored 产出 50 / 效益 30 / 满意度 20 with no 执行率
points; each project's funding sources, 到位资金, 经济分类 spending and 专项资金 checked."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.pipeline import prepare

from .conftest import ENSHI, ROOT, edit, run, worded

HUNAN = ROOT / "tests" / "fixtures" / "hunan"
D = Decimal
PROJECT_SECTIONS = ("一、项目基本情况", "二、项目资金使用及管理情况", "三、项目组织实施情况", "四、项目绩效情况",
                    "五、主要经验做法、存在的问题及原因分析", "六、有关建议", "七、其他需要说明的问题")


def hunan_workspace(target: Path) -> Path:
    """The 湖南 fixture: its settings and 绩效 data over the 恩施 unit's 决算 data."""
    shutil.copytree(ENSHI / "data", target / "data")
    shutil.copytree(HUNAN, target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def hunan(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    prepared = prepare(hunan_workspace(tmp_path_factory.mktemp("hunan") / "ws"), 2023)
    assert prepared.ok, [p.format() for p in prepared.problems if p.severity == "error"]
    return prepared


def test_scores_follow_the_hunan_scheme(hunan) -> None:  # noqa: ANN001
    perf = hunan.report.performance
    cards = (perf.whole, *perf.projects)
    assert all(c.execution_weight == 0 and c.execution_score == 0 and c.indicator_weight == 100 for c in cards)
    # 评审场次 43 of ≥60: 30 × 43 / 60 = 21.5; the whole's: 15 × 43 / 60 = 10.75, printed 10.8.
    assert [c.total for c in cards] == [D("95.8"), D("100"), D("91.5")]
    assert [(g.level1, g.weight, g.score) for g in perf.projects[1].groups] == [
        ("产出指标", 50, D("41.5")), ("效益指标", 30, 30), ("满意度指标", 20, 20)]
    assert all(c.total == sum(r.score for r in c.rows) for c in cards)


def test_each_project_gets_its_report_with_the_sections_in_order(hunan) -> None:  # noqa: ANN001
    text = worded(hunan, "绩效")
    whole, *projects = re.split(r"\n2023年度\S+项目支出绩效自评报告\n", text)
    assert len(projects) == 2
    assert whole.index("六、部门整体支出绩效情况") < whole.index("七、下一步改进措施") < whole.index("八、部门整体支出绩效自评结果拟应用和公开情况")
    assert "附件2" not in whole  # the projects' tables are in their own reports
    for report in projects:
        assert [report.index(s) for s in PROJECT_SECTIONS] == sorted(report.index(s) for s in PROJECT_SECTIONS)
        assert "年度绩效目标（100分）" in report and "产出指标（50分）" in report and "（20分）" in report
        assert "×执行率" not in report
    first, second = projects
    assert ("2023年度政府采购及公共资源电子交易平台运维费项目预算数108.8万元，其中年初预算100万元、追加调整8.8万元，"
            "较上年预算增加13.8万元，增长15%。实际到位资金108.8万元，资金到位率100%。") in first
    assert "未使用资金0.24万元。其中专项资金50万元，其他项目资金58.56万元。" in first
    assert "按支出经济分类：委托业务费60万元，占55%；维修（护）费48.56万元，占45%。" in first
    assert "自评得分91.5分，评价等级为“优”" in second
    assert "1. 产出指标（50分，得41.5分）：共2个，完成1个。" in second
    assert "较上年预算减少2.44万元，下降4%" in second


def test_funding_sources_must_add_up_to_the_budget(tmp_path: Path) -> None:
    ws = hunan_workspace(tmp_path / "ws")
    edit(ws / "data" / "2023" / "绩效.yaml", "追加调整: 8.8}", "追加调整: 9.8}")
    edit(ws / "data" / "2023" / "绩效.yaml", '支出经济分类: {"30226": 59.56}', '支出经济分类: {"30226": 50, "30299": 9}')
    edit(ws / "data" / "2023" / "绩效.yaml", "专项资金: 50", "专项资金: 150")
    result = run("check", "2023", "-w", str(ws))
    out = result.output
    assert result.exit_code != 0 and "Traceback" not in out
    assert re.search(r"绩效\.yaml:\d+:\d+: 项目“政府采购及公共资源电子交易平台运维费”预算数 = 年初预算 \+ 上年结转 \+ 追加调整不成立："
                     r"合计 108\.80 万元，各项之和 109\.80 万元", out)
    assert re.search(r"绩效\.yaml:\d+:\d+: 项目“评审专家劳务费”执行数 = 各经济分类支出之和不成立", out)
    assert re.search(r"绩效\.yaml:\d+:\d+: 项目“政府采购及公共资源电子交易平台运维费”的专项资金大于执行数：150 万元大于 108\.56 万元", out)


def test_missing_project_texts_are_listed_per_project_and_printed_as_placeholders(tmp_path: Path) -> None:
    ws = hunan_workspace(tmp_path / "ws")
    edit(ws / "data" / "2023" / "绩效.yaml", "      组织实施情况: 评审专家由系统随机抽取，评审全程录音录像。\n", "")
    edit(ws / "data" / "2023" / "绩效.yaml", "      到位资金: 59.56\n", "")
    prepared = prepare(ws, 2023)
    gaps = [p.message for p in prepared.problems if p.gap]
    assert "待填写：项目支出绩效自评报告三（项目组织实施情况）（地区样式「湖南」需要）。请在「绩效」「项目」第2项中填写「组织实施情况」。" in gaps
    assert any("请在「绩效」「项目」第2项中填写「到位资金」" in g for g in gaps)
    assert not any("第1项中填写「组织实施情况」" in g for g in gaps)
    text = worded(prepared, "绩效")
    assert "【待填写：项目“评审专家劳务费”的组织实施情况】" in text and "【待填写：项目“评审专家劳务费”的到位资金】" in text


def test_the_hunan_reports_build_in_both_formats(tmp_path: Path) -> None:
    ws = hunan_workspace(tmp_path / "ws")
    result = build(ws, 2023, kinds=("绩效",))
    assert sorted(p.suffix for p in result.files) == [".docx", ".pdf"]
    from docx import Document

    docx = next(p for p in result.files if p.suffix == ".docx")
    paragraphs = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert paragraphs.count("一、项目基本情况") == 2 and "2023年度评审专家劳务费项目支出绩效自评报告" in paragraphs


def test_a_part_repeated_per_project_needs_its_macros(tmp_path: Path) -> None:
    ws = hunan_workspace(tmp_path / "ws")
    (ws / "templates").mkdir()
    text = (ROOT / "src" / "reportgen" / "profiles" / "hunan" / "profile.yaml").read_text("utf-8")
    body = text[text.index("绩效:\n"):].replace("      宏: 项目报告.j2\n", "")
    (ws / "templates" / "profile.yaml").write_text(body, "utf-8")
    result = run("check", "2023", "-w", str(ws))
    assert "templates/profile.yaml:" in result.output and "「每个项目: true」的部分须写「宏」" in result.output
    assert "Traceback" not in result.output


def test_weights_off_the_scheme_name_the_level_and_its_points(tmp_path: Path) -> None:
    ws = hunan_workspace(tmp_path / "ws")
    edit(ws / "data" / "2023" / "绩效.yaml", "三级指标: 平台运维服务合同, 目标值: \"≥2份\", 实际值: \"2份\", 分值: 25}",
         "三级指标: 平台运维服务合同, 目标值: \"≥2份\", 实际值: \"2份\", 分值: 20}")
    edit(ws / "data" / "2023" / "绩效.yaml", "一级指标: 效益指标, 二级指标: 社会效益指标, 三级指标: 交易项目在线完成率",
         "一级指标: 效果指标, 二级指标: 社会效益指标, 三级指标: 交易项目在线完成率")
    errors = [p.format() for p in prepare(ws, 2023).problems if p.severity == "error"]
    assert any(re.search(r"绩效\.yaml:\d+:\d+: 各指标「分值」合计应为 100 分，实际为 95 分", e) for e in errors)
    edit(ws / "data" / "2023" / "绩效.yaml", "实际值: \"2份\", 分值: 20}", "实际值: \"2份\", 分值: 25}")
    errors = [p.format() for p in prepare(ws, 2023).problems if p.severity == "error"]
    assert len(errors) == 1
    assert any(re.search(r"绩效\.yaml:\d+:\d+: 指标「交易项目在线完成率」的一级指标「效果指标」不在本样式的「一级指标分值」中"
                         r"（产出指标、效益指标、满意度指标）", e) for e in errors)


def test_unmet_indicators_point_at_the_one_attachment_and_rows_keep_their_indent(hunan) -> None:  # noqa: ANN001
    """湖南's 部门整体 report has one unnumbered 附件: no “附件1” to point at. The 三公 table's
    sub-rows keep the full-width spaces that indent them."""
    from reportgen.render.compose import compose

    composed = compose(hunan.report, "绩效", hunan.profile, hunan.settings)
    whole = composed.text().split("项目支出绩效自评报告")[0]
    assert "附件1" not in whole
    assert re.search(r"未完成的指标为“[^。]+”，原因详见附件。", whole)  # 评审场次 43 of ≥60
    labels = [row[0].text for b in composed.blocks if b.grid is not None for row in b.grid.body]
    assert any(label.startswith("\u3000\u3000") for label in labels), labels[:12]
