"""Batch builds: every unit under a folder; a broken unit fails alone and is named."""

from __future__ import annotations

from pathlib import Path

from reportgen.batch import build_all, find_workspaces

from .conftest import ENSHI, copy_workspace, edit


def test_batch_builds_the_good_units_and_names_the_bad_one(tmp_path: Path) -> None:
    good = [copy_workspace(ENSHI, tmp_path / name) for name in ("a县", "b县")]
    bad = copy_workspace(ENSHI, tmp_path / "c县")
    edit(bad / "data/2023/决算.yaml", "本年收入合计: 541.04", "本年收入合计: 五百")
    (tmp_path / "not-a-unit").mkdir()
    units = find_workspaces(tmp_path, 2023)
    assert units == [*good, bad]
    seen = []
    results = build_all(units, 2023, ("docx",), ("决算",), done=seen.append)
    assert len(seen) == 3
    assert [r.ok for r in results] == [True, True, False]
    assert results[2].exit_code == 2 and "本年收入合计" in results[2].problems[0].message
    for ws in good:
        assert len(list((ws / "output" / "2023").glob("*.docx"))) == 1
    assert not (bad / "output" / "2023").exists()


def test_build_all_command_names_failed_units(tmp_path: Path) -> None:
    from .conftest import run

    copy_workspace(ENSHI, tmp_path / "甲单位")
    bad = copy_workspace(ENSHI, tmp_path / "乙单位")
    edit(bad / "data/2023/决算.yaml", "本年收入合计: 541.04", "本年收入合计: 五百")
    result = run("build", "2023", "--all", str(tmp_path), "--format", "docx", "--only", "决算")
    assert result.exit_code == 2
    assert "1 个单位成功，1 个失败" in result.stdout
    assert "失败的单位：乙单位" in result.stderr
    assert "「本年收入合计」应为金额" in result.stderr
