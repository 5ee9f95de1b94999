"""The clerk's workflow: init -> fill in -> check -> build -> new-year -> fill in -> build,
plus doctor, Chinese help and the build's --json output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.load import round_trip_yaml
from reportgen.init_workspace import FILES, SCHEMA_FILE, SCHEMA_LINE, settings_text, year_files
from reportgen.load import load_year
from reportgen.pipeline import prepare
from reportgen.render import fonts
from reportgen.schema import YearData
from reportgen.settings import Settings, load_settings

from .conftest import ENSHI, ROOT, copy_workspace, edit, run, schema_keys, worded

CLERK_NOTE = "# 来源：财政局批复（恩施州财预发〔2023〕426号）"


def fill(target: Path, source_text: str) -> None:
    """What a clerk does in the editor: type this year's values into the existing file, keeping
    its comments (values of `source_text` are merged into `target`)."""
    yaml = round_trip_yaml()
    tree = yaml.load(target.read_text("utf-8"))
    merge(tree, yaml.load(source_text))
    out = io.StringIO()
    yaml.dump(tree, out)
    target.write_text(out.getvalue(), "utf-8")


def merge(into, source) -> None:  # noqa: ANN001
    for key, value in source.items():
        if key in into and isinstance(into[key], dict) and isinstance(value, dict) and value:
            merge(into[key], value)
        else:
            into[key] = value


def part3_text(ws: Path, year: int) -> str:
    prepared = prepare(ws, year)
    assert prepared.ok, [p.format() for p in prepared.problems]
    assert prepared.report is not None
    return worded(prepared)


# ---------------------------------------------------------------- init

def test_init_writes_every_key_with_comments(tmp_path: Path) -> None:
    ws = tmp_path / "单位"
    result = run("init", str(ws), "--year", "2024")
    assert result.exit_code == 0, result.output
    assert (ws / "reportgen.yaml").exists()
    schema = json.loads((ws / SCHEMA_FILE).read_text("utf-8"))
    assert "单位" in schema["properties"]
    files = sorted(p.name for p in (ws / "data" / "2024").iterdir())
    assert files == sorted(FILES)
    for path in (ws / "data" / "2024").iterdir():
        text = path.read_text("utf-8")
        assert text.splitlines()[0] == SCHEMA_LINE
    # Every top-level section, and every key of a nested block, is present (live or as an example).
    texts = "\n".join(p.read_text("utf-8") for p in (ws / "data" / "2024").iterdir())
    for field in YearData.model_fields.values():
        assert re.search(rf"^(# )?{re.escape(field.alias)}:", texts, re.M), field.alias  # tables only some layouts print: commented
    for key in ("因公出国（境）费", "差异原因", "年初预算", "未完成原因", "编制数", "其他用车说明", "授予小微企业"):
        assert f"{key}:" in texts, key
    # A comment above the key says what to enter (from the schema's description).
    assert "# 单位全称，用于标题和表头“部门：”" in texts
    assert '# "2010301":' in texts  # one commented example row per 科目 table
    # The files load and validate (shape) as they are.
    doc, problems = load_year(ws, 2024)
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]
    settings_text = (ws / "reportgen.yaml").read_text("utf-8")
    assert "  # 金额小数位: 2  # 金额小数位：整数" in settings_text  # the defaults, as comments
    # No number format or scoring rule is pinned: choosing another 地区样式 brings its own.
    assert round_trip_yaml().load(settings_text)["样式"] is None
    (ws / "reportgen.yaml").write_text(settings_text.replace('地区样式: "湖北"', '地区样式: "上海"'), "utf-8")
    style = load_settings(ws)[0].style
    assert display_amount(style, "2940.05") == "2,940.05" and display_amount(style, "17.7") == "17.70"


def display_amount(style, text: str) -> str:  # noqa: ANN001
    from decimal import Decimal

    from reportgen.render.display import Display

    return Display(style).amount(Decimal(text))


def test_generated_files_cover_the_schema() -> None:
    """Every key of the data format and of the settings, at any depth, is in the files `init`
    writes: as a key to fill in, or in a commented example."""
    for keys, text in ((schema_keys(YearData), "".join(year_files(2030).values())),
                       (schema_keys(Settings), settings_text())):
        written = set(re.findall(r"^[ #-]*([^\s#:\-][^:\n]*):", text, re.M))
        assert keys <= written, sorted(keys - written)


def test_fresh_init_build_lists_what_is_missing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run("init", str(ws), "--year", "2024").exit_code == 0
    for command in ("build", "check"):
        result = run(command, "2024", "-w", str(ws))
        assert result.exit_code == 2, result.output
        err = result.stderr
        assert "尚未填完" in err
        assert re.search(r"data/2024/单位\.yaml:\d+:\d+: 尚未填写：「单位．名称」", err), err
        assert re.search(r"data/2024/决算\.yaml:\d+:\d+: 尚未填写：「收入决算表」", err)
        assert re.search(r"data/2024/决算\.yaml:\d+:\d+: 尚未填写：「上年」", err)
        assert "「绩效．部门整体．预算数」" in err
        assert "Traceback" not in result.output
    assert not (ws / "output" / "2024").exists()
    result = run("build", "2024", "-w", str(ws), "--json")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and payload["files"] == []
    assert any("单位．名称" in e["message"] for e in payload["errors"])


@pytest.mark.parametrize("typed", ["1,590.00", '"590.00万元"'])
def test_an_amount_typed_wrongly_is_named_not_called_unfilled(tmp_path: Path, typed: str) -> None:
    """A 预算数 typed with a comma or a unit is a wrong value, said as such (file, line, what to
    write), not “尚未填写”, which would hide it and every other error."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    perf = ws / "data" / "2024" / "绩效.yaml"
    edit(perf, "    预算数: 440.10", f"    预算数: {typed}")
    err = run("check", "2024", "-w", str(ws)).stderr
    assert "尚未填写" not in err
    assert f"data/2024/绩效.yaml:10:5: 「预算数」应为金额（数字），实际为 " in err
    assert "请只写数字，不写单位和逗号。" in err


def test_init_refuses_a_workspace_with_data(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    before = (ws / "data" / "2023" / "决算.yaml").read_text("utf-8")
    result = run("init", str(ws), "--year", "2023")
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert (ws / "data" / "2023" / "决算.yaml").read_text("utf-8") == before
    assert run("init", str(ws), "--year", "2023", "--force").exit_code == 0
    assert (ws / "data" / "2023" / "决算.yaml").read_text("utf-8") != before


# ---------------------------------------------------------------- the life cycle

def test_life_cycle(tmp_path: Path) -> None:
    ws = tmp_path / "恩施"
    assert run("init", str(ws), "--year", "2023").exit_code == 0
    year1 = ws / "data" / "2023"
    for path in sorted((ENSHI / "data" / "2023").glob("*.yaml")):
        text = path.read_text("utf-8")
        if path.name == "决算.yaml":
            text = text.replace("财政拨款三公经费支出决算表:", f"{CLERK_NOTE}\n财政拨款三公经费支出决算表:")
        (year1 / path.name).write_text(SCHEMA_LINE + "\n" + text, "utf-8")
    assert CLERK_NOTE in (year1 / "决算.yaml").read_text("utf-8")

    result = run("check", "2023", "-w", str(ws))
    assert result.exit_code == 0, result.stderr
    result = run("build", "2023", "-w", str(ws), "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    pdfs = sorted((ws / "output" / "2023").glob("*.pdf"))
    assert len(pdfs) == 2
    assert "页数" in result.stdout and "勾稽关系核对" in result.stdout
    for pdf in pdfs:  # each file's page count in its column
        assert re.search(rf"│\s*{len(PdfReader(pdf).pages)}\s*│", result.stdout), result.stdout

    result = run("new-year", "2024", "-w", str(ws))
    assert result.exit_code == 0, result.stderr
    year2 = ws / "data" / "2024"
    budget2 = (year2 / "决算.yaml").read_text("utf-8")
    assert CLERK_NOTE in budget2  # the clerk's comment is kept
    assert "上年:" not in budget2  # 上年 now comes from data/2023/
    assert "309.78" not in budget2  # figures emptied for re-entry
    assert '"2010350"' in budget2  # 科目 rows kept
    assert "恩施土家族苗族自治州公共资源交易中心" in (year2 / "单位.yaml").read_text("utf-8")
    assert "根据《恩施州财政局" not in budget2  # reasons about last year's figures cleared
    # Untouched, the new year loads but is reported as not filled in.
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 2
    assert "尚未填写" in result.stderr and "Traceback" not in result.output

    # The clerk types in 2024's figures: 10 万元 more for one project, everywhere it shows.
    for path in sorted((ENSHI / "data" / "2023").glob("*.yaml")):
        text = path.read_text("utf-8")
        text = text[: text.index("# 003 未附 2022")] if "# 003 未附 2022" in text else text
        for old, new in (("541.04", "551.04"), ("168.12", "178.12"), ("477.9", "487.9"), ("546.79", "556.79")):
            text = text.replace(old, new)
        fill(year2 / path.name, text)
    assert CLERK_NOTE in (year2 / "决算.yaml").read_text("utf-8")

    result = run("build", "2024", "-w", str(ws))
    assert result.exit_code == 0, result.stderr
    assert len(list((ws / "output" / "2024").glob("*.pdf"))) == 2
    assert len(list((ws / "output" / "2024").glob("*.docx"))) == 2
    text = part3_text(ws, 2024)
    # 2023's totals (541.04) are last year's figures of 2024's report.
    assert "2024年度收、支总计均为551.04万元。与2023年度相比，收、支总计各增加10万元" in text, text[:400]
    assert re.search(r"2024年度支出合计551\.04万元，与2023年度相比，支出合计增加10万元", text)
    prepared = prepare(ws, 2024)
    chart = prepared.report.final.charts[0]
    last_year = next(s for s in chart.series if s.name == "2023年度")
    assert [str(v) for v in last_year.values] == ["541.04", "541.04"]


# ---------------------------------------------------------------- new-year

def test_new_year_refuses_to_overwrite(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    assert run("new-year", "2024", "-w", str(ws)).exit_code == 0
    marker = ws / "data" / "2024" / "单位.yaml"
    marker.write_text(marker.read_text("utf-8") + "# 已填写\n", "utf-8")
    result = run("new-year", "2024", "-w", str(ws))
    assert result.exit_code == 2
    assert "data/2024/ 已存在" in result.stderr and "--force" in result.stderr
    assert "# 已填写" in marker.read_text("utf-8")
    assert run("new-year", "2024", "-w", str(ws), "--force").exit_code == 0
    assert "# 已填写" not in marker.read_text("utf-8")
    assert not [p for p in (ws / "data").iterdir() if p.name.startswith(".")]


def test_new_year_of_the_demo_keeps_structure(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    ws = copy_workspace(root, tmp_path / "demo")
    assert run("new-year", "2025", "-w", str(ws)).exit_code == 0
    perf = (ws / "data" / "2025" / "绩效.yaml").read_text("utf-8")
    assert "目标值: ≥700个" in perf and "实际值: 726个" not in perf  # targets kept, results cleared
    assert "完成档次" not in perf and "预算数: 440.10" not in perf
    doc, problems = load_year(ws, 2025)
    assert not [p for p in problems if p.severity == "error"]
    result = run("check", "2025", "-w", str(ws))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert run("new-year", "2031", "-w", str(ws)).exit_code == 1  # no data/2030/


def test_new_year_leaves_the_typed_totals_empty(tmp_path: Path) -> None:
    """Totals typed only to be checked against their rows are emptied, not set to 0: a 0 would
    fail its check as soon as the clerk typed the rows. Their texts (合计's 差异原因) are kept as
    keys; a total that is a figure alone goes, and the new year passes its own first check of shape."""
    root = Path(__file__).resolve().parents[1]
    ws = copy_workspace(root, tmp_path / "demo")
    assert run("new-year", "2025", "-w", str(ws)).exit_code == 0
    doc, _ = load_year(ws, 2025)
    data = doc.data
    assert [data["收入支出决算总表"].get(k) for k in ("本年收入合计", "本年支出合计", "总计")] == [None, None, None]
    assert data["财政拨款收入支出决算总表"].get("总计") is None
    assert dict(data["收入决算表"]["合计"]) == {} and dict(data["支出决算表"]["合计"]) == {}
    assert dict(data["一般公共预算财政拨款支出决算表"]["合计"]) == {"差异原因": ""}
    basic = data["一般公共预算财政拨款基本支出决算明细表"]
    # 公开06's totals are figures alone: removed (an empty one would be refused as no amount).
    assert "人员经费合计" not in basic and "公用经费合计" not in basic and basic["30101"] == 0
    assert data["财政拨款三公经费支出决算表"]["决算数"].get("合计") is None


# ---------------------------------------------------------------- doctor

def test_doctor_without_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset())
    result = run("doctor", "-w", str(tmp_path))
    assert result.exit_code == 1
    for role in ("仿宋", "黑体", "楷体", "小标宋", "宋体"):
        assert f"字体：{role}" in result.stdout
    assert "没有可用于“仿宋”的字体" in result.stdout
    assert "sudo apt-get install -y fonts-noto-cjk fonts-arphic-ukai" in result.stdout


def test_doctor_with_fallback_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC"}))
    result = run("doctor", "-w", str(tmp_path))
    assert "将使用替代字体“Noto Serif CJK SC”" in result.stdout
    assert "字体：黑体：将使用替代字体“Noto Sans CJK SC”" in result.stdout


# ---------------------------------------------------------------- help texts

@pytest.mark.parametrize("command", ["", "build", "check", "schema", "init", "new-year", "doctor", "preview"])
def test_help_is_chinese(command: str) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    text = result.stdout
    for english in ("Usage", "Options", "Arguments", "Commands", "Show this message"):
        assert english not in text, (command, english)
    assert "用法：" in text and "示例：" in text
    assert "显示此帮助并退出。" in text


def test_usage_errors_are_chinese() -> None:
    for args, expected in ((["build"], "缺少参数"), (["build", "2024", "--bogus"], "没有此选项"),
                           (["build", "abc"], "值无效"), (["bild"], "没有名为 'bild' 的命令")):
        result = run(*args)
        assert result.exit_code == 2
        assert expected in result.stderr, result.stderr
        assert "Error" not in result.stderr and "Usage" not in result.stderr


# ---------------------------------------------------------------- build --json

def test_build_json(tmp_path: Path) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    result = run("build", "2023", "-w", str(ws), "--only", "决算", "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    files = {Path(f["path"]).suffix: f for f in payload["files"]}
    assert set(files) == {".pdf", ".docx"}
    # The layout's count, which is the file's.
    assert files[".pdf"]["pages"] == len(PdfReader(files[".pdf"]["path"]).pages) > 5
    assert files[".docx"]["pages"] is None
    assert files[".pdf"]["size"] == Path(files[".pdf"]["path"]).stat().st_size
    assert isinstance(payload["warnings"], list)


def test_init_with_a_profile_and_a_misspelled_one(tmp_path: Path) -> None:
    ws = tmp_path / "上海单位"
    result = run("init", str(ws), "--profile", "上海")
    assert result.exit_code == 0, result.output
    assert '地区样式: "上海"' in (ws / "reportgen.yaml").read_text("utf-8")
    assert load_settings(ws)[0].profile == "上海"
    result = run("init", str(tmp_path / "other"), "--profile", "上诲")
    assert result.exit_code == 2
    assert "--profile: 没有名为「上诲」的地区样式。是不是「上海」？内置的地区样式有：" in result.stderr
    assert not (tmp_path / "other").exists()


def test_profiles_lists_the_built_in_ones_and_marks_the_workspaces(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run("init", str(ws), "--profile", "四川").exit_code == 0
    result = run("profiles", "-w", str(ws))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split("（")[0].split("［")[0] for line in lines] == ["河北", "湖北", "湖南", "上海", "四川"]
    assert "湖北［默认］：湖北省及全国通用格式" in result.output
    assert "四川（基于湖北）［本工作区所用］：四川省部门决算公开格式" in result.output
    result = run("export-profile", "上诲", "-w", str(ws))
    assert result.exit_code == 2
    assert "没有名为「上诲」的地区样式。是不是「上海」？" in result.stderr


def test_the_next_command_is_printed_whole(tmp_path: Path) -> None:
    """A command the clerk is told to run is never broken across lines (it is copied as it is)."""
    ws = tmp_path / "一个名称相当长的市公共资源交易服务中心工作区"
    result = run("init", str(ws), "--year", "2024")
    assert f"reportgen check 2024 -w {ws}。" in result.stdout, result.stdout


def test_a_reason_copied_from_last_year_is_said(tmp_path: Path) -> None:
    """new-year empties the texts about one year; one typed back word for word from last year's
    (a reason, or a text with figures) is a 提醒 at it. Standing statements the same every year
    (现有公务用车能满足工作需要…) are not."""
    root = Path(__file__).resolve().parents[1]
    ws = copy_workspace(root, tmp_path / "demo")
    said = ws / "data" / "2024" / "说明.yaml"
    before = (ws / "data" / "2023" / "说明.yaml").read_text("utf-8")
    reason = next(line for line in before.splitlines() if line.startswith("  收支总计变动原因:"))
    text = said.read_text("utf-8")
    now = next(line for line in text.splitlines() if line.startswith("  收支总计变动原因:"))
    said.write_text(text.replace(now, reason), "utf-8")
    line = said.read_text("utf-8").splitlines().index(reason) + 1
    err = " ".join(run("check", "2024", "-w", str(ws)).stderr.split())
    assert (f"提醒 data/2024/说明.yaml:{line}:3: 「收支总计变动原因」与上年（data/2023/说明.yaml:{line}:3）一字不差。"
            "它说的是当年的情况（原因、完成情况等），请按本年度的情况重写；确与上年相同时可不理会本提醒。") in err, err
    assert err.count("一字不差") == 1  # the demo's 公务用车购置说明, the same both years, is not said
