"""Report profiles: a region is a folder of settings and templates. A workspace changes one
section, one table order or one number format without Python and without copying the rest;
the built-in profile's output stays as it was; compute writes no sentence."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.pipeline import prepare
from reportgen.profile import BUILTIN

from .conftest import ENSHI, ROOT, copy_workspace, edit, run, worded
from .test_render import docx_text, pdf_text

FIXTURE = ROOT / "tests" / "fixtures" / "profile"
FINAL = "恩施土家族苗族自治州公共资源交易中心2023年度部门决算公开"


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    ws = copy_workspace(ENSHI, tmp_path_factory.mktemp("profile") / "ws")
    shutil.copytree(FIXTURE / "templates", ws / "templates")
    build(ws, 2023, kinds=("决算",))
    out = ws / "output" / "2023"
    return {"pdf": pdf_text(out / f"{FINAL}.pdf", "-raw"), "docx": docx_text(out / f"{FINAL}.docx")}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_test_profile_changes_what_it_says_in_both_formats(custom: dict[str, str], fmt: str) -> None:
    text = custom[fmt]
    flat = re.sub(r"\s+", "", text)
    assert "十一、政府采购情况说明" in flat and "政府采购支出说明" not in flat  # renamed section
    order = [flat.index(t) for t in ("六、一般公共预算财政拨款基本支出决算明细表", "七、财政拨款“三公”经费支出决算表",
                                      "八、政府性基金预算财政拨款收入支出决算表", "九、国有资本经营预算财政拨款支出决算表")]
    assert order == sorted(order)  # 公开09 moved before 公开07 and 公开08, numbered in its new place
    assert "行次" not in flat and "栏次" not in flat
    assert "本年度收支总计541.04万元，上年1,309.21万元，较上年减少768.17万元，下降59%。" in flat  # the one rewritten sentence
    assert "2023年度收、支总计均为541.04万元" not in flat
    assert "2023年度收入合计541.04万元" in flat  # every other block from the profile, unchanged


def test_the_built_in_profile_is_unchanged(enshi) -> None:  # noqa: ANN001
    text = worded(enshi)
    assert "2023年度收、支总计均为541.04万元。与2022年度相比，收、支总计各减少768.17万元，下降59%。" in text
    assert "十一、政府采购支出说明" in text and "行次" in text
    assert text.index("七、政府性基金预算财政拨款收入支出决算表") < text.index("九、财政拨款“三公”经费支出决算表")


def test_a_workspace_overrides_one_section_block_only(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "templates").mkdir()
    (ws / "templates" / "决算.j2").write_text(
        '{% extends "内置/决算.j2" %}{% block 专项支出 %}<p>本单位自己写的专项说明。</p>{% endblock %}', "utf-8")
    prepared = prepare(ws, 2023)
    text = worded(prepared)
    assert "十四、专项支出、转移支付支出情况说明\n本单位自己写的专项说明。" in text
    assert "十三、预算绩效情况说明" in text and "541.04" in text


def test_an_unknown_profile_lists_the_built_in_ones(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("地区样式: 湖北省\n", "utf-8")
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2
    assert "reportgen.yaml:1:" in result.stderr and "没有名为「湖北省」的地区样式。是不是「湖北」？" in result.stderr


def test_a_profile_table_list_must_name_defined_tables(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    shutil.copytree(FIXTURE / "templates", ws / "templates")
    edit(ws / "templates" / "profile.yaml", "公开09, 公开07", "公开99, 公开07")
    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 2
    assert re.search(r"templates/profile\.yaml:\d+:\d+: 「表格」中没有「公开99」", result.stderr), result.stderr


def test_export_copies_the_profile_for_editing(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    result = run("export-profile", "-w", str(ws))
    assert result.exit_code == 0, result.stderr
    assert (ws / "templates" / "决算.j2").read_text("utf-8") == (BUILTIN / "hubei" / "决算.j2").read_text("utf-8")
    assert (ws / "templates" / "tables" / "收支对照表.j2").is_file()
    assert worded(prepare(ws, 2023)) == worded(prepare(ENSHI, 2023))  # an exported copy prints the same


def test_compute_writes_no_report_sentence() -> None:
    """No string in compute/ that words figures for the report (…万元…。, …年度…，…): those live in
    the profiles' templates. Problem messages for the clerk are allowed."""
    messages = {"error", "warn", "problem", "Problem", "Required", "err", "identity", "not_more"}
    offenders = []
    for path in sorted((ROOT / "src" / "reportgen" / "compute").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        allowed: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in messages:
                    allowed |= {id(n) for n in ast.walk(node)}
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "message" for t in node.targets):
                allowed |= {id(n) for n in ast.walk(node)}  # a problem's message, built in steps
            elif isinstance(node, ast.Expr):
                allowed.add(id(node.value))  # docstrings
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in allowed:
                if re.search(r"(万元|年度|占|增加|减少).*[。，；]", node.value):
                    offenders.append(f"{path.name}:{node.lineno}: {node.value[:40]}")
    assert offenders == []


@pytest.mark.parametrize("workspace, year", [(ROOT, 2024), (ENSHI, 2023), (ROOT / "tests" / "fixtures" / "variant", 2024)])
def test_figures_are_numbered_through_and_no_name_is_doubled(workspace, year) -> None:
    prepared = prepare(workspace, year)
    for kind in ("决算", "绩效"):
        if prepared.report.performance is None and kind == "绩效":
            continue
        text = worded(prepared, kind)
        assert "项目项目" not in text
        numbers = [int(n) for n in re.findall(r"^图(\d+)：", text, re.M)]
        assert numbers == list(range(1, len(numbers) + 1)), numbers


def test_data_a_profile_needs_is_listed_and_printed_as_a_placeholder(tmp_path: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    (ws / "templates").mkdir()
    (ws / "templates" / "profile.yaml").write_text(
        "需要的数据:\n  - {键: 单位.决算单位构成, 说明: 部门决算单位构成表}\n  - {键: 单位.名称, 说明: 单位名称}\n", "utf-8")
    (ws / "templates" / "决算.j2").write_text(
        '{% extends "内置/决算.j2" %}\n{% block 职责 %}<p>{{ unit.composition_table if false else 待填写("部门决算单位构成表") }}</p>{% endblock %}\n',
        "utf-8")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "提醒 data/2024/单位.yaml:3:1: 待填写：部门决算单位构成表（地区样式「湖北」需要）。请在「单位」中填写「决算单位构成」。" in result.output
    assert "单位名称" not in result.output  # typed: nothing to say
    prepared = prepare(ws, 2024)
    assert "【待填写：部门决算单位构成表】" in worded(prepared)
    assert run("build", "2024", "-w", str(ws), "--final", "--format", "docx").exit_code != 0


def test_a_profile_based_on_another_takes_what_it_does_not_redefine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """基于: a region's folder holds only what differs; settings merge over the base's, and
    templates it lacks come from the base (no copies of the default profile)."""
    import reportgen.profile as profile_module

    builtin = tmp_path / "profiles"
    shutil.copytree(BUILTIN / "hubei", builtin / "hubei")
    child = builtin / "child"
    child.mkdir()
    (child / "profile.yaml").write_text("名称: 子样式\n基于: 湖北\n行次栏次: false\n", "utf-8")
    (child / "决算.j2").write_text('{% extends "湖北/决算.j2" %}{% block 专项支出 %}<p>子样式的说明。</p>{% endblock %}', "utf-8")
    monkeypatch.setattr(profile_module, "BUILTIN", builtin)
    ws = copy_workspace(ROOT, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("地区样式: 子样式\n", "utf-8")
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.format() for p in prepared.problems]
    assert prepared.profile.settings.row_numbers is False
    assert prepared.profile.settings.final.title  # from the base
    text = worded(prepared)
    assert "子样式的说明。" in text and "收入决算情况说明" in text and "栏次" not in text
    exported = profile_module.export("子样式", tmp_path / "ex")
    names = {p.name for p in exported}
    assert {"profile.yaml", "决算.j2", "用语.j2", "report.docx"} <= names
    assert "子样式的说明" in (tmp_path / "ex" / "templates" / "决算.j2").read_text("utf-8")
    (child / "profile.yaml").write_text("名称: 子样式\n基于: 湖南省\n", "utf-8")
    assert "地区样式「子样式」基于的「湖南省」不存在" in prepare(ws, 2024).problems[0].message
