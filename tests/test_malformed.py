"""The malformed-input corpus: one small broken workspace per row of CORPUS.

Every case starts from a copy of the 恩施 fixture with a previous output file in
output/2023/, breaks one thing, runs the command (`build`, and for data problems `check`
too) and asserts: the exit status, the Chinese message (regex; file, line and key where the
problem has them), no traceback or unexpected exception, `data/` untouched and `output/`
byte-for-byte unchanged (for a build that fails) or its previous file intact (for one that
succeeds with a warning). Outcomes: exit 2 = bad data, exit 1 = template/font/output
problem, exit 0 = accepted (maybe with a 提醒).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from reportgen.profile import BUILTIN

PROFILE = BUILTIN / "hubei"

from .conftest import ENSHI, copy_workspace, edit, run

BUDGET = "data/2023/决算.yaml"
UNIT = "data/2023/单位.yaml"
PERF = "data/2023/绩效.yaml"
PREVIOUS = "恩施土家族苗族自治州公共资源交易中心2023年度部门决算公开.pdf"
ROW = '"2010350": {基本支出: 309.78}'  # a 支出决算表 row, data/2023/决算.yaml:28

Setup = Callable[[Path, pytest.MonkeyPatch], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    patterns: tuple[str, ...]
    exit: int = 2
    #: The command and its options after the year; "{ws}" is the workspace folder.
    command: tuple[str, ...] = ("build", "2023", "--format", "docx")


# ------------------------------------------------------------------ setups


def replace(file: str, old: str, new: str) -> Setup:
    return lambda ws, mp: edit(ws / file, old, new)


def write(file: str, text: str) -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        (ws / file).parent.mkdir(parents=True, exist_ok=True)
        (ws / file).write_text(text, "utf-8")
    return setup


def cut(file: str, after: str) -> Setup:
    """The file saved half-written: everything after the first `after` lost."""
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        text = (ws / file).read_text("utf-8")
        (ws / file).write_text(text[:text.index(after) + len(after)], "utf-8")
    return setup


def write_bytes(file: str, data: bytes) -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        (ws / file).parent.mkdir(parents=True, exist_ok=True)
        (ws / file).write_bytes(data)
    return setup


def both(*setups: Setup) -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        for s in setups:
            s(ws, mp)
    return setup


def bytes_of(file: str, change: Callable[[bytes], bytes]) -> Setup:
    return lambda ws, mp: (ws / file).write_bytes(change((ws / file).read_bytes()))


def cut_from(file: str, marker: str) -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        text = (ws / file).read_text("utf-8")
        (ws / file).write_text(text[: text.index(marker)], "utf-8")
    return setup


def remove_reason(ws: Path, mp: pytest.MonkeyPatch) -> None:
    text = (ws / PERF).read_text("utf-8")
    start = text.index("          未完成原因: >-")
    end = text.index("        - {", start)
    (ws / PERF).write_text(text[:start] + text[end:], "utf-8")


def own_template(name: str, old: str, new: str) -> Setup:
    """A workspace copy of a built-in Jinja template, with one edit."""
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        (ws / "templates").mkdir(exist_ok=True)
        shutil.copy(PROFILE / name, ws / "templates" / name)
        edit(ws / "templates" / name, old, new)
    return setup


def truncated_docx(ws: Path, mp: pytest.MonkeyPatch) -> None:
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates" / "report.docx").write_bytes((PROFILE / "report.docx").read_bytes()[:4000])


def docx_with_bad_xml(ws: Path, mp: pytest.MonkeyPatch) -> None:
    """A valid zip whose word/document.xml is not XML."""
    (ws / "templates").mkdir(exist_ok=True)
    with zipfile.ZipFile(PROFILE / "report.docx") as src, \
            zipfile.ZipFile(ws / "templates" / "report.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)


def output_is_a_file(ws: Path, mp: pytest.MonkeyPatch) -> None:
    shutil.rmtree(ws / "output" / "2023")
    (ws / "output" / "2023").write_bytes(b"not a folder")


def read_only_output(ws: Path, mp: pytest.MonkeyPatch) -> None:
    out = ws / "output" / "2023"
    out.chmod(0o500)
    if os.geteuid() == 0:  # root writes anyway: make the permission check see what a clerk's account would
        import reportgen.write

        real = os.access
        mp.setattr(reportgen.write.os, "access",
                   lambda path, mode, **kw: False if Path(path) == out else real(path, mode, **kw))


def broken_workbook(data: bytes) -> Setup:
    return write_bytes("决算公开表.xlsx", data)


def valid_xlsx() -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "公开01表"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ALIAS_BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10) if i else ', '.join(['哈'] * 10)}]\n" for i in range(9))
DEEP_BLOCK = "".join("  " * i + f"层{i}:\n" for i in range(60)) + "  " * 60 + "底\n"
IMPORT = ("import", "2023", "{ws}/决算公开表.xlsx")
PDF_FINAL = ("build", "2023", "--format", "pdf", "--only", "决算")

# ------------------------------------------------------------------ the corpus

CORPUS: list[Case] = [
    # --- YAML syntax and encoding
    Case("syntax", replace(BUDGET, "  本年收入合计: 541.04", "  本年收入合计: [541.04"), (r"决算\.yaml:\d+:\d+: YAML 格式错误",)),
    Case("half saved mid-line", cut(BUDGET, '"2010350": {基本支出:'),
         (r"决算\.yaml:28:\d+: YAML 格式错误：文件在此处意外结束，可能只保存了一半。",)),
    Case("half saved after a key", cut(BUDGET, "财政拨款三公经费支出决算表:\n"),
         (r"决算\.yaml:97:1: 「财政拨款三公经费支出决算表」下应为“键: 值”的映射，实际为 空（键后没有内容）。请检查缩进；文件若只保存了一半，请补全后再保存。",)),
    Case("tab", replace(BUDGET, "  本年收入合计: 541.04", "\t本年收入合计: 541.04"), (r"决算\.yaml:5:1: 此行使用了制表符（Tab）缩进",)),
    Case("duplicate key", replace(BUDGET, "  本年支出合计: 541.04", "  本年支出合计: 541.04\n  本年支出合计: 541.04"),
         (r"决算\.yaml:7:3: 键「本年支出合计」在同一层级重复出现",)),
    Case("gbk file", bytes_of(UNIT, lambda b: b.decode("utf-8").encode("gbk")), (r"data/2023/单位\.yaml: 文件不是 UTF-8 编码",)),
    Case("non-utf8 byte", bytes_of(UNIT, lambda b: b.replace("简称".encode(), b"\xff\xfe", 1)),
         (r"data/2023/单位\.yaml: 文件不是 UTF-8 编码（第 \d+ 字节处无法解码）",)),
    Case("binary file", write_bytes("data/2023/附件.yaml", bytes(range(256))), (r"data/2023/附件\.yaml: 文件不是 UTF-8 编码",)),
    Case("nul byte", bytes_of(UNIT, lambda b: b.replace("简称".encode(), b"\x00", 1)),
         (r"data/2023/单位\.yaml:4:3: 此行含有不可见的控制字符 U\+0000（第 3 列）", r"<U\+0000>: 恩施州公共资源交易中心")),
    Case("bom accepted", bytes_of(UNIT, lambda b: b"\xef\xbb\xbf" + b), (), exit=0),
    Case("crlf accepted", bytes_of(UNIT, lambda b: b.replace(b"\n", b"\r\n")), (), exit=0),
    Case("empty file", write(UNIT, ""), (r"错误.*data/2023: 缺少必填的「单位」",)),
    Case("empty extra file", write("data/2023/空.yaml", ""), (r"data/2023/空\.yaml: 文件为空，已忽略",), exit=0),
    Case("top level list", write("data/2023/附件.yaml", "- 单位\n- 决算\n"), (r"附件\.yaml:1:1: 文件最外层应为“键: 值”的映射",)),
    Case("two documents", write("data/2023/附件.yaml", "政府采购: {}\n---\n国有资产: {}\n"), (r"附件\.yaml:2:1: YAML 格式错误",)),
    Case("ten megabytes", write("data/2023/附件.yaml", "国有资产说明: " + "甲" * (10 * 1024 * 1024 // 3) + "\n"),
         (r"data/2023/附件\.yaml: 文件过大（10\.0 MB），超过 8 MB 的上限",)),
    # --- YAML features a data file must not use
    Case("alias bomb", write("data/2023/附件.yaml", ALIAS_BOMB), (r"附件\.yaml: 文件内容展开后过多或嵌套过深.*请直接写出数据，不要使用别名",)),
    Case("self alias", write("data/2023/附件.yaml", "附注: &a {子: *a}\n"), (r"附件\.yaml:1:1: 未知的键「附注」",)),  # no endless loop
    Case("python tag", write("data/2023/附件.yaml", '国有资产: !!python/object/apply:os.system ["touch /tmp/pwned"]\n'),
         (r"附件\.yaml:1:7: 不支持 YAML 标签「!!python/object/apply:os\.system」",)),
    Case("python object tag", replace(UNIT, "  简称: 恩施州公共资源交易中心", "  简称: !!python/object:os.Foo {a: 1}"),
         (r"单位\.yaml:4:7: 不支持 YAML 标签「!!python/object:os\.Foo」",)),
    Case("binary tag", replace(UNIT, "  简称: 恩施州公共资源交易中心", "  简称: !!binary 5oGp5pa9"), (r"单位\.yaml:4:7: 不支持 YAML 标签「!!binary」",)),
    Case("custom tag", replace(BUDGET, ROW, '"2010350": {基本支出: !yuan 3097800}'), (r"决算\.yaml:28:21: 不支持 YAML 标签「!yuan」",)),
    Case("bad tagged value", replace(BUDGET, ROW, '"2010350": {基本支出: !!int 三百}'), (r"决算\.yaml:28:21: 无法按标签「!!int」读取这个值",)),
    Case("empty tagged value", replace(BUDGET, ROW, '"2010350": {基本支出: !!int }'), (r"决算\.yaml:28:21: 无法按标签「!!int」读取这个值",)),  # found by the fuzzer
    Case("unit name as a path", replace(UNIT, "  名称: 恩施土家族苗族自治州公共资源交易中心", "  名称: ../../恩施/交易中心"),
         (r'单位\.yaml:3:3: 「名称」不能含有 / \\ : \* \? " < > \| 等字符（它用作输出文件名），实际为 "\.\./\.\./恩施/交易中心"',)),
    Case("deep flow nesting", write("data/2023/附件.yaml", "国有资产: " + "[" * 200 + "]" * 200 + "\n"),
         (r"附件\.yaml:1:\d+: 嵌套层数过多（超过 40 层）",)),
    Case("deep block nesting", write("data/2023/附件.yaml", DEEP_BLOCK), (r"附件\.yaml:\d+:\d+: 嵌套层数过多（超过 40 层）",)),
    # --- keys
    Case("misspelt column", replace(BUDGET, ROW, '"2010350": {基本支处: 309.78}'), (r"决算\.yaml:28:15: 未知的键「基本支处」。是不是「基本支出」？",)),
    Case("misspelt section", replace(BUDGET, "收入决算表:", "收入决算标:"), (r"决算\.yaml:9:1: 未知的键「收入决算标」。是不是「收入决算表」？",)),
    Case("unknown code", replace(BUDGET, '"2010399": {项目支出: 168.12}', '"2010398": {项目支出: 168.12}'),
         (r"决算\.yaml:29:3: 科目代码 2010398 不在内置科目表中",)),
    Case("not a code", replace(BUDGET, "  合计: {基本支出: 372.92, 项目支出: 168.12}", "  总合计: {基本支出: 372.92, 项目支出: 168.12}"),
         (r"「支出决算表」中的「总合计」不是科目代码。是不是「合计」？",)),
    Case("unquoted code accepted", replace(BUDGET, ROW, "2010350: {基本支出: 309.78}"), (), exit=0),
    Case("bool key", replace(BUDGET, ROW, "true: {基本支出: 309.78}"), (r"决算\.yaml:28:3: 「支出决算表」中的「true」不是科目代码",)),
    Case("null key", replace(BUDGET, ROW, "~: {基本支出: 309.78}"), (r"决算\.yaml:28:3: 「支出决算表」中的「null」不是科目代码",)),
    Case("missing name", replace(UNIT, "  名称: 恩施土家族苗族自治州公共资源交易中心\n", ""), (r"单位\.yaml:\d+:\d+: 缺少必填的「名称」",)),
    Case("same section twice", write("data/2023/另.yaml", "政府采购:\n  货物: {支出: 1}\n"),
         (r"另\.yaml:1:1: 「政府采购」已在 data/2023/决算\.yaml:114:1 写过",)),
    # --- shapes and values
    Case("list for mapping", replace(BUDGET, ROW, '"2010350": [309.78]'), (r"决算\.yaml:28:3: 「2010350」下应为“键: 值”的映射，实际为 一个列表",)),
    Case("section is a list", replace(BUDGET, "政府采购:\n  货物: {支出: 8.75, 授予中小企业: 8.75, 授予小微企业: 8.75}", "政府采购:\n  - 货物"),
         (r"决算\.yaml:114:1: 「政府采购」下应为“键: 值”的映射，实际为 一个列表",)),
    Case("text for amount", replace(BUDGET, ROW, '"2010350": {基本支出: 三百}'), (r'决算\.yaml:28:15: 「基本支出」应为金额（数字），实际为 "三百"',)),
    Case("negative", replace(BUDGET, ROW, '"2010350": {基本支出: -309.78}'), (r"决算\.yaml:28:15: 「基本支出」不能小于 0",)),
    Case("absurd", replace(BUDGET, ROW, '"2010350": {基本支出: 30978000000000}'), (r"决算\.yaml:28:15: 「基本支出」数值过大",)),
    Case("1e308", replace(BUDGET, ROW, '"2010350": {基本支出: 1e308}'), (r"决算\.yaml:28:15: 「基本支出」数值过大（实际为 1E\+308）",)),
    Case("nan", replace(BUDGET, ROW, '"2010350": {基本支出: .nan}'), (r"决算\.yaml:28:15: 「基本支出」应为有限的数字，实际为 NaN",)),
    Case("inf", replace(BUDGET, ROW, '"2010350": {基本支出: .inf}'), (r"决算\.yaml:28:15: 「基本支出」应为有限的数字，实际为 Infinity",)),
    Case("date for amount", replace(BUDGET, ROW, '"2010350": {基本支出: 2023-01-01}'), (r'决算\.yaml:28:15: 「基本支出」应为金额（数字），实际为 "2023-01-01"',)),
    Case("too many decimals", replace(BUDGET, '"2101102": {基本支出: 9.08}', '"2101102": {基本支出: 9.080000001}'),
         (r"决算\.yaml:\d+:\d+: 「基本支出」以万元为单位时最多六位小数",)),
    Case("too many decimals in yuan", both(
        replace(BUDGET, "政府采购:\n  货物: {支出: 8.75, 授予中小企业: 8.75, 授予小微企业: 8.75}\n", ""),
        write("data/2023/采购.yaml", "金额单位: 元\n政府采购:\n  货物: {支出: 87500.125, 授予中小企业: 87500, 授予小微企业: 87500}\n")),
        (r"采购\.yaml:3:\d+: 「支出」以元为单位时最多两位小数（到分），实际为 87500\.125",)),
    Case("bad unit", replace(BUDGET, "金额单位: 万元", "金额单位: 千元"), (r"决算\.yaml:2:1: 「金额单位」应为 万元、百元、元 之一，实际为 '千元'",)),
    Case("bad choice", replace(PERF, "支出项目类别: 本级支出项目", "支出项目类别: 本级项目"),
         (r"绩效\.yaml:\d+:\d+: 「支出项目类别」应为 '本级支出项目' 或 '转移性支出项目' 之一",)),
    Case("bad setting", write("reportgen.yaml", "样式: {金额小数位: 9}\n"), (r"reportgen\.yaml:1:6: 「金额小数位」不能大于 6，实际为 9",)),
    # --- identities
    Case("total beyond tolerance", replace(BUDGET, "  本年收入合计: 541.04", "  本年收入合计: 542.04"),
         (r"决算\.yaml:5:3: 公开01「本年收入合计」= 各项收入之和不成立：合计 542\.04 万元，各项之和 541\.04 万元，相差 1\.00 万元",)),
    Case("typed 类 subtotal", replace(BUDGET, '"210": {财政拨款收入: 9.08}', '"210": {财政拨款收入: 9.18}'),
         (r"决算\.yaml:19:11: 收入决算表 210 卫生健康支出「财政拨款收入」= 下级科目之和不成立：合计 9\.18 万元，各项之和 9\.08 万元，相差 0\.10 万元",
          r"21011 行政事业单位医疗 = 9\.08  ← data/2023/决算\.yaml:20:13")),
    Case("项 under the wrong 类", replace(BUDGET, '  "2101102": {财政拨款收入: 9.08}\n', '  "2210203": {财政拨款收入: 9.08}\n'),
         (r"决算\.yaml:23:13: 收入决算表 22102 住房改革支出「财政拨款收入」= 下级科目之和不成立：合计 22\.58 万元，各项之和 31\.66 万元",
          r"2210203 购房补贴 = 9\.08  ← data/2023/决算\.yaml:21:15")),
    Case("no previous year", cut_from(BUDGET, "# 003 未附 2022"),
         (r"决算\.yaml:4:1: 找不到上年（2022年）数据：请提供 data/2022/ 文件夹，或在数据中填写「上年」部分。",)),
    Case("no year folder", lambda ws, mp: shutil.rmtree(ws / "data" / "2023"), (r"data/2023: 找不到 2023 年度的数据文件夹",)),
    # --- performance
    Case("weights", replace(PERF, "分值: 20}", "分值: 25}"), (r"绩效\.yaml:\d+:\d+: 各指标「分值」合计应为 80 分，实际为 85 分",)),
    Case("unknown key in indicator", replace(PERF, "        得分: 0.5\n        未完成原因: ", "        得分: 0.5\n        备注: "), (r"未知的键「备注」",)),
    Case("unmet without reason", remove_reason,
         (r"绩效\.yaml:\d+:\d+: 指标「政府采购项目评审场次」未完成（目标 ≥60次，实际 43），请填写「未完成原因」",)),
    Case("score outside tier", replace(PERF, "        得分: 0.5\n", "        得分: 0.9\n"),
         (r"绩效\.yaml:\d+:\d+: 指标「政府采购项目评审场次」完成档次为部分达成，得分应在 0\.5～0\.8 分之间",)),
    Case("qualitative without tier", replace(PERF, "        完成档次: 部分达成\n", ""),
         (r"指标「政府采购项目评审场次」是定性指标（目标值“>60次”），请填写「完成档次」",)),
    Case("number expected", replace(PERF, '          实际值: "43"', '          实际值: "未统计"'),
         (r"目标值“≥60次”是定量的，实际值“未统计”却不是数字",)),
    Case("unparseable target", replace(PERF, '目标值: ">1个"', '目标值: "≥abc%"'),
         (r"绩效\.yaml:25:\d+: 指标「招商引资签约项目个数」的目标值“≥abc%”以比较符号开头，但后面没有可读的数字",)),
    # --- templates, fonts, output folder (build only: exit 1)
    Case("template syntax error", own_template("决算.j2", "{% set s = facts.收支总体 %}", "{% set s = facts.收支总体 %"),
         (r"templates/决算\.j2:\d+: 模板语法错误",), exit=1, command=PDF_FINAL),
    Case("template missing field", own_template("决算.j2", "{{ s.total|money }}", "{{ s.no_such_field }}"),
         (r"templates/决算\.j2:42: 模板引用了不存在的数据：.*no_such_field",), exit=1, command=PDF_FINAL),
    Case("template missing include", own_template("决算.j2", '{% extends "文档.j2" %}', '{% extends "没有.html.j2" %}'),
         (r"找不到模板 没有\.html\.j2",), exit=1, command=PDF_FINAL),
    Case("corrupt docx template", write_bytes("templates/report.docx", b"PK\x03\x04 not a zip"),
         (r"templates/report\.docx: Word 模板无法打开（BadZipFile），文件可能已损坏",), exit=1),
    Case("truncated docx template", truncated_docx, (r"templates/report\.docx: Word 模板无法打开",), exit=1),
    Case("docx template with broken xml", docx_with_bad_xml, (r"templates/report\.docx: Word 模板无法打开（XMLSyntaxError）",), exit=1),
    Case("missing font", write("reportgen.yaml", "字体: {仿宋: [不存在的字体]}\n"),
         (r"提醒.*reportgen\.yaml:1:11: 字体「不存在的字体」未安装，将使用「[^」]+」",), exit=0),
    Case("unknown font role", write("reportgen.yaml", "字体: {正文: [仿宋]}\n"), (r"提醒.*「字体」中的「正文」不是字体角色，已忽略",), exit=0),
    Case("read-only output folder", read_only_output, (r"无法写入输出文件夹：没有写入权限",), exit=1),
    Case("output folder is a file", output_is_a_file, (r"output/2023: 无法写入输出文件夹：2023 是一个文件，不是文件夹",), exit=1),
    # --- Excel import (reportgen import): nothing is written
    Case("corrupt excel", broken_workbook(b"PK\x03\x04garbage"), (r"决算公开表\.xlsx: Excel 文件已损坏或不完整",), command=IMPORT),
    Case("truncated excel", broken_workbook(valid_xlsx()[:3000]), (r"决算公开表\.xlsx: Excel 文件已损坏或不完整",), command=IMPORT),
]


#: Cases also run through `check`, which must give the same exit status and messages (a sample
#: of the data cases: `check` shares `prepare` with `build`, so running it on all only costs time).
ALSO_CHECK = {"syntax", "nul byte", "python tag", "text for amount", "total beyond tolerance",
              "unparseable target", "missing font", "unquoted code accepted", "no previous year", "empty extra file"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (or `folder` itself when it is a file), by relative path."""
    if folder.is_file():
        return {".": folder.read_bytes()}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_size() -> None:
    assert len(CORPUS) >= 40
    assert len({c.id for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "output" / "2023").mkdir(parents=True)
    (ws / "output" / "2023" / PREVIOUS).write_bytes(b"%PDF-1.7\n% the previous build's file\n")
    case.setup(ws, monkeypatch)
    output, data = snapshot(ws / "output"), snapshot(ws / "data")
    try:
        commands = [case.command] + ([("check", "2023")] if case.id in ALSO_CHECK else [])
        for command in commands:
            args = [a.replace("{ws}", str(ws)) for a in command]
            result = run(*args, "-w", str(ws))
            shown = result.stdout + result.stderr
            assert result.exit_code == case.exit, f"{args}: {shown}"
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert "Traceback" not in shown
            for pattern in case.patterns:
                assert re.search(pattern, result.stderr), f"{args}: {pattern!r} not in:\n{result.stderr}"
    finally:
        (ws / "output" / "2023").chmod(0o755) if (ws / "output" / "2023").is_dir() else None
    assert snapshot(ws / "data") == data
    after = snapshot(ws / "output")
    if case.exit:
        assert after == output  # byte-for-byte, and nothing added (no partial or temporary file)
    else:
        assert {k: after.get(k) for k in output} == output
        assert not [name for name in after if name.endswith((".partial", ".previous"))]


def test_real_command_line_prints_no_traceback(tmp_path: Path) -> None:
    """The installed entry point (not the in-process runner) on two hostile files."""
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "data" / "2023" / "附件.yaml").write_text(ALIAS_BOMB, "utf-8")
    (ws / "data" / "2023" / "深.yaml").write_text("国有资产: " + "[" * 200 + "]" * 200 + "\n", "utf-8")
    exe = Path(sys.executable).with_name("reportgen")
    done = subprocess.run([str(exe), "build", "2023", "-w", str(ws)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "文件内容展开后过多或嵌套过深" in done.stderr and "嵌套层数过多" in done.stderr
    assert not (ws / "output").exists()
