"""Incremental builds: what changes triggers exactly the right rebuilds (DOCX only, for speed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen import incremental
from reportgen.profile import BUILTIN
from reportgen.build import build
from reportgen.errors import DataError

from .conftest import ENSHI, copy_workspace, edit, run
from .test_render import docx_text

FINAL = "恩施土家族苗族自治州公共资源交易中心2023年度部门决算公开"
PERF = "恩施土家族苗族自治州公共资源交易中心2023年度部门整体支出绩效自评报告"
DOCX = ("docx",)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    assert {p.stem for p in build(ws, 2023, formats=DOCX, parallel=False).files} == {FINAL, PERF}
    return ws


def rebuilt(ws: Path, **kw) -> set[str]:  # noqa: ANN003
    return {p.stem for p in build(ws, 2023, formats=DOCX, parallel=False, **kw).files}


def test_unchanged_rebuild_writes_nothing_and_loads_nothing(ws: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (ws / "output" / "2023").iterdir()}
    result = build(ws, 2023, formats=DOCX)
    assert result.files == [] and result.prepared is None
    assert set(result.unchanged) == {"决算", "绩效"}
    assert {p: p.stat().st_mtime_ns for p in (ws / "output" / "2023").iterdir()} == before


def test_a_决算_only_text_rebuilds_only_决算(ws: Path) -> None:
    edit(ws / "data/2023/说明.yaml", "收支总计变动原因: 一是", "收支总计变动原因: 其一是")
    assert rebuilt(ws) == {FINAL}


def test_a_绩效_only_field_rebuilds_only_绩效(ws: Path) -> None:
    edit(ws / "data/2023/绩效.yaml", '填报日期: "2024-03-19"', '填报日期: "2024-03-20"')
    assert rebuilt(ws) == {PERF}


def test_a_comment_changes_inputs_but_no_report(ws: Path) -> None:
    edit(ws / "data/2023/决算.yaml", "# 恩施州", "# 注释改动 恩施州")
    result = build(ws, 2023, formats=DOCX, parallel=False)
    assert result.files == [] and result.prepared is not None
    assert rebuilt(ws) == set()  # and now the fast path again


def test_the_cli_says_why_nothing_was_rebuilt(ws: Path) -> None:
    edit(ws / "data/2023/决算.yaml", "# 恩施州", "# 注释改动 恩施州")
    said = run("build", "2023", "-w", str(ws), "--format", "docx").stdout.replace("\n", "")
    assert "报告印出的内容没有变化：决算、绩效报告保持不变，未重新生成。" in said
    said = run("build", "2023", "-w", str(ws), "--format", "docx").stdout.replace("\n", "")
    assert "数据、模板和设置均未变化：决算、绩效报告保持不变，未重新生成。" in said


def test_a_figure_used_by_both_rebuilds_both(ws: Path) -> None:
    edit(ws / "data/2023/决算.yaml", '"30201": 2.49', '"30201": 2.48')
    edit(ws / "data/2023/决算.yaml", "公用经费合计: 30.03", "公用经费合计: 30.02")
    edit(ws / "data/2023/决算.yaml", '"302": 30.03', '"302": 30.02')
    assert rebuilt(ws) == {FINAL, PERF}


def test_a_workspace_template_rebuilds_its_report(ws: Path) -> None:
    (ws / "templates").mkdir()
    source = BUILTIN / "hubei"
    shutil.copy(source / "report.docx", ws / "templates" / "report.docx")
    assert rebuilt(ws) == set()  # the same bytes as the built-in template
    (ws / "templates" / "自评表.j2").write_text("{# changed #}" + (source / "自评表.j2").read_text("utf-8"), "utf-8")
    assert rebuilt(ws) == set()  # a comment changes no word of either report
    (ws / "templates" / "自评表.j2").write_text((source / "自评表.j2").read_text("utf-8").replace("总分", "合计得分"), "utf-8")
    assert rebuilt(ws) == {PERF}  # only the 绩效 report prints scorecards


def test_settings_and_version_rebuild_everything(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (ws / "reportgen.yaml").write_text("样式:\n  金额补零: true\n", "utf-8")
    assert rebuilt(ws) == {FINAL, PERF}
    monkeypatch.setattr(incremental, "__version__", "9.9.9")
    assert rebuilt(ws) == {FINAL, PERF}


def test_a_deleted_or_edited_output_is_rebuilt(ws: Path) -> None:
    (ws / "output" / "2023" / f"{PERF}.docx").unlink()
    assert rebuilt(ws) == {PERF}
    with open(ws / "output" / "2023" / f"{FINAL}.docx", "ab") as fh:
        fh.write(b"x")
    assert rebuilt(ws) == {FINAL}


def test_last_year_data_and_force(ws: Path) -> None:
    assert rebuilt(ws, force=True) == {FINAL, PERF}
    prior = ws / "data" / "2022"
    prior.mkdir()
    (prior / "x.yaml").write_text("# 空\n", "utf-8")
    with pytest.raises(DataError):  # inputs changed: loaded, and last year's folder is incomplete
        build(ws, 2023, formats=DOCX, parallel=False)


def test_a_template_included_by_a_workspace_template_is_followed(ws: Path) -> None:
    """Reproduced on the old code: editing a file that a workspace template includes changed
    nothing. The job digest now covers what the templates made, whichever files they read."""
    (ws / "templates").mkdir()
    (ws / "templates" / "决算.j2").write_text(
        '{% extends "内置/决算.j2" %}{% block 专项支出 %}{% include "extra.j2" %}{% endblock %}', "utf-8")
    (ws / "templates" / "extra.j2").write_text("<p>第一稿。</p>", "utf-8")
    assert rebuilt(ws) == {FINAL}
    (ws / "templates" / "extra.j2").write_text("<p>第二稿。</p>", "utf-8")
    assert rebuilt(ws) == {FINAL}
    assert "第二稿" in docx_text(ws / "output" / "2023" / f"{FINAL}.docx")


def test_a_font_added_to_a_custom_font_folder_rebuilds_the_pdf(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("字体目录: 单位字体\n", "utf-8")
    (ws / "单位字体").mkdir()
    build(ws, 2023, formats=("pdf",), kinds=("绩效",), parallel=False)
    font = next(Path("/usr/share/fonts").rglob("*.tt[fc]"))
    shutil.copy(font, ws / "单位字体" / font.name)
    assert {p.stem for p in build(ws, 2023, formats=("pdf",), kinds=("绩效",), parallel=False).files} == {PERF}
