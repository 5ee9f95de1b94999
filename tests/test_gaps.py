"""Issue 13 A: no report states an absence the clerk did not write. A unit with no 内设机构, no
人员, no 绩效 narrative and 公开06 typed at 类 level gets visible placeholders, `check` lists each
missing key with its file and line, and a final build refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from reportgen.pipeline import prepare

from .conftest import ROOT, copy_workspace, run, worded

#: Statements of absence the default profile used to print when the data was merely missing.
ABSENCES = ("未设内设机构", "无下属单位", "已应用情况：无", "主要包括：无", "未发现绩效方面存在问题", "编制0名",
            "在职人员0人", "无社会保险基金", "无以部门为主体", "无专项支出", "无其他需要说明", "附件无")


def drop(path: Path, *keys: tuple[str | int, ...]) -> None:
    """Delete keys (given as paths) from a YAML file, keeping the rest as typed."""
    yaml = YAML()
    data = yaml.load(path.read_text("utf-8"))
    for key in keys:
        node = data
        for k in key[:-1]:
            node = node[k]
        del node[key[-1]]
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


@pytest.fixture(scope="module")
def sparse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_workspace(ROOT, tmp_path_factory.mktemp("sparse"))
    year = ws / "data" / "2024"
    drop(year / "单位.yaml", ("单位", "内设机构"), ("单位", "人员"), ("单位", "预算单位构成"))
    whole = ("运行成本", "管理效率", "履职效能", "社会效应", "可持续发展能力", "服务对象满意度", "存在的问题", "问题原因",
             "下一步改进措施", "改进措施及结果应用方案", "拟与预算安排相结合情况", "自评结果应用和公开情况",
             "社会保险基金预算支出", "上年度绩效评价结果应用情况")
    drop(year / "绩效.yaml", *(("绩效", "部门整体", k) for k in whole), ("绩效", "项目", 0, "存在的问题"))
    drop(year / "说明.yaml", *(("情况说明", k) for k in ("下属单位绩效目标实现情况", "重点项目绩效评价情况",
                                                      "绩效评价结果已应用情况", "专项支出说明", "其他需要说明的情况")))
    yaml = YAML()
    path = year / "决算.yaml"
    data = yaml.load(path.read_text("utf-8"))
    detail = data["一般公共预算财政拨款基本支出决算明细表"]
    for code in [c for c in detail if len(str(c)) == 5]:  # 公开06 at 类 level only
        del detail[code]
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    return ws


def test_no_statement_of_absence_only_placeholders(sparse: Path) -> None:
    prepared = prepare(sparse, 2024)
    assert prepared.ok, [p.format() for p in prepared.problems]
    text = worded(prepared, "决算") + worded(prepared, "绩效")
    flat = re.sub(r"\s", "", text)
    assert [a for a in ABSENCES if a in flat] == []
    for placeholder in ("【待填写：内设机构（没有内设机构的写 内设机构: []）】", "核定【待填写：编制类型（如“行政编制”“事业编制”）】【待填写：核定编制数】名",
                        "实有在职人员【待填写：在职人数】人", "【待填写：部门预算单位构成】",
                        "人员经费246.66万元，主要包括：【待填写：人员经费的款级科目（公开06表只填了类级数）】",
                        "【待填写：绩效自评报告“运行成本”一节的内容】", "【待填写：绩效自评报告“服务对象满意度”一节的内容】",
                        "【待填写：下属单位整体支出绩效目标实现情况（没有下属单位则写明）】",
                        "至部门决算公开时已应用情况：【待填写：绩效评价结果已应用情况（尚未应用则写明）】",
                        "2. 拟与预算安排相结合的情况：【待填写：部门整体自评结果拟与预算安排相结合的情况】"):
        assert placeholder in text, placeholder


def test_check_lists_each_gap_with_file_and_line(sparse: Path) -> None:
    result = run("check", "2024", "-w", str(sparse))
    assert result.exit_code == 0, result.output
    out = result.output
    # Each at the nearest line typed: the mapping that should hold the key.
    assert re.search(r"提醒 data/2024/单位\.yaml:3:\d+: 待填写：内设机构（没有内设机构的写 内设机构: \[\]）。请在「单位」中填写「内设机构」", out)
    assert re.search(r"提醒 data/2024/单位\.yaml:3:\d+: 待填写：核定编制数。请在「单位」「人员」中填写「编制数」", out)
    assert re.search(r"提醒 data/2024/决算\.yaml:\d+:\d+: 待填写：人员经费的款级科目（公开06表只填了类级数）", out)
    assert re.search(r"提醒 data/2024/绩效\.yaml:8:\d+: 待填写：绩效自评报告“运行成本”一节的内容。请在「绩效」「部门整体」中填写「运行成本」", out)
    assert re.search(r"提醒 data/2024/说明\.yaml:2:\d+: 待填写：专项支出、转移支付支出情况（没有则写明）。请在「情况说明」中填写「专项支出说明」", out)
    assert run("check", "2024", "-w", str(sparse), "--strict").exit_code != 0


def test_final_build_refuses_while_a_placeholder_remains(sparse: Path, tmp_path: Path) -> None:
    ws = copy_workspace(sparse, tmp_path / "ws")
    result = run("build", "2024", "-w", str(ws), "--final", "--format", "docx")
    assert result.exit_code != 0
    assert "报告中还有" in result.output and "处【待填写】，正式发布时不生成任何文件" in result.output
    assert "data/2024/单位.yaml:3" in result.output
    assert not (ws / "output").exists() or not any((ws / "output").rglob("*.docx"))
    # The setting does the same; a draft build without either goes through.
    (ws / "reportgen.yaml").write_text("正式发布: true\n", "utf-8")
    assert run("build", "2024", "-w", str(ws), "--format", "docx").exit_code != 0
    (ws / "reportgen.yaml").write_text("正式发布: false\n", "utf-8")
    assert run("build", "2024", "-w", str(ws), "--format", "docx").exit_code == 0
    assert run("build", "2024", "-w", str(ws), "--format", "docx", "--final").exit_code != 0


def test_final_build_of_a_complete_workspace_goes_through(tmp_path: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    result = run("build", "2024", "-w", str(ws), "--final", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert len(list((ws / "output" / "2024").glob("*.docx"))) == 2


def test_explicit_statements_are_printed_as_written(tmp_path: Path) -> None:
    """An empty list of 内设机构 and zero staff are what the clerk said: they are printed."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    unit = ws / "data" / "2024" / "单位.yaml"
    yaml = YAML()
    data = yaml.load(unit.read_text("utf-8"))
    data["单位"]["内设机构"] = []
    data["单位"]["人员"] = {"编制类型": "行政编制", "编制数": 0, "在职人数": 0, "退休人数": 0}
    with unit.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    prepared = prepare(ws, 2024)
    text = worded(prepared, "决算")
    assert "青岚县公共资源交易中心未设内设机构。" in text
    assert "核定行政编制0名，实有在职人员0人，退休人员0人。" in text
    assert "占编制数" not in text  # no share of a zero quota


HEBEI = ROOT / "tests" / "fixtures" / "hebei"


def test_every_placeholder_a_template_prints_is_listed(tmp_path: Path) -> None:
    """河北's report prints 【待填写】 for figures no model gap covers (年初预算收入 … in a
    绩效-only year): check lists each at its key, and a final build names them, not just a count."""
    ws = copy_workspace(HEBEI, tmp_path / "hb")
    perf = ws / "data" / "2022" / "绩效.yaml"
    perf.write_text("".join(line for line in perf.read_text("utf-8").splitlines(keepends=True)
                            if not line.lstrip().startswith(("年初预算收入", "本年收入合计", "年初预算支出"))), "utf-8")
    line = next(i for i, text in enumerate(perf.read_text("utf-8").splitlines(), 1) if text.strip() == "收支情况:")
    err = run("check", "2022", "-w", str(ws)).stderr
    for what, key in (("年初预算收入", "年初预算收入"), ("本年收入合计", "本年收入合计"), ("年初预算支出中的项目支出", "年初预算支出")):
        assert (f"提醒 data/2022/绩效.yaml:{line}:3: 待填写：{what}。请在「绩效」「收支情况」中填写「{key}」；"
                f"填写前报告中印作“【待填写：{what}】”。") in err, err
    final = run("build", "2022", "-w", str(ws), "--final", "--format", "docx")
    assert final.exit_code == 2
    assert f"错误 data/2022/绩效.yaml:{line}:3: 待填写：年初预算收入。" in final.stderr


def test_a_placeholder_of_a_workspace_template_without_a_key_is_listed(tmp_path: Path) -> None:
    """A workspace's own template may print 待填写(…) without naming a key: listed all the same."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    (ws / "templates").mkdir()
    (ws / "templates" / "决算.j2").write_text(
        '{% extends "内置/决算.j2" %}\n{% block 其他情况 %}<p>{{ 待填写("本单位的其他说明") }}</p>{% endblock %}\n', "utf-8")
    err = run("check", "2024", "-w", str(ws)).stderr
    assert "提醒 待填写：本单位的其他说明。报告中印作“【待填写：本单位的其他说明】”，请在数据中补上" in " ".join(err.split())


def test_with_errors_check_lists_the_placeholders_afterwards(sparse: Path, tmp_path: Path) -> None:
    """Which placeholders a report prints is known once it can be worded: while an error stands,
    check lists none (some would be of sentences the profile leaves out) and says so."""
    ws = copy_workspace(sparse, tmp_path / "ws")
    perf = ws / "data" / "2024" / "绩效.yaml"  # an error found after the figures: the scores'
    perf.write_text(perf.read_text("utf-8").replace("实际值: 726个, 分值: 8}", "实际值: 726个, 分值: 9}", 1), "utf-8")
    assert "待填写：" in "".join(run("check", "2024", "-w", str(sparse)).stderr.split())
    result = run("check", "2024", "-w", str(ws))
    said = "".join(result.stderr.split())
    assert result.exit_code == 2 and "待填写：" not in said
    assert "改正错误后，再列出报告中【待填写】的内容。" in said


def test_a_box_the_clerk_did_not_tick_is_not_printed_ticked(tmp_path: Path) -> None:
    """项目属性 left out of a new project's data printed “01持续性项目☑” (a default): now no box
    is ticked, the form prints the placeholder beside them, and check says where to write it."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    perf = ws / "data" / "2024" / "绩效.yaml"
    perf.write_text(perf.read_text("utf-8").replace("      项目属性: 持续性项目\n", "", 1), "utf-8")
    text = worded(prepare(ws, 2024), "绩效")
    assert "01持续性项目☐　　02新增性项目☐　【待填写：项目“电子交易平台运维经费”的项目属性（持续性项目、新增性项目）】" in text
    err = " ".join(run("check", "2024", "-w", str(ws)).stderr.split())
    assert re.search(r"提醒 data/2024/绩效\.yaml:\d+:\d+: 待填写：项目“电子交易平台运维经费”的项目属性（持续性项目、新增性项目）。"
                     r"请在「绩效」「项目」第1项中填写「项目属性」", err), err
