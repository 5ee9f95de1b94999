"""`reportgen init`: a new workspace with every key of the data format, ready to fill in.

The YAML files are generated from the pydantic models in schema.py (never a hand-written
copy): every field becomes a key with its default (empty text, 0, or empty for optional
figures) and, above it, a Chinese comment made from the field's description. Tables keyed by
科目代码 and lists of items get one commented example. The JSON Schema the first line of
each file points at is written too, so editors complete and check keys.

`missing` lists what a fresh (or partly filled) year still lacks, so that `check` and
`build` on a new workspace print a clear list instead of a cascade of follow-on errors.
"""

from __future__ import annotations

import json
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import Problem, ReportgenError, Source
from .numbers import has_figure
from .schema import CODE_TABLES, YearData
from .schema_walk import element, leaf_kind, model_of, unwrap
from .settings import SETTINGS_FILE, Settings, Style
from .write import write_text_atomic

SCHEMA_FILE = "reportgen.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=../../{SCHEMA_FILE}"

#: Which top-level sections go into which file of data/<year>/.
FILES: dict[str, tuple[str, ...]] = {
    "单位.yaml": ("单位",),
    "决算.yaml": (
        "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算明细表",
        "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
        "财政拨款三公经费支出决算表", "财政拨款支出决算明细表", "一般公共预算财政拨款项目支出决算表",
        "政府性基金预算财政拨款三公经费支出决算表",
        "机关运行经费", "政府采购", "国有资产", "上年",
    ),
    "说明.yaml": ("情况说明",),
    "绩效.yaml": ("绩效",),
}
#: Files whose amounts are in 万元 (the 金额单位 line is written at their top).
AMOUNT_FILES = ("决算.yaml", "绩效.yaml")

FILE_HEADERS = {
    "单位.yaml": "单位概况（决算公开第一部分）。来源：单位“三定”方案、机构编制部门批复和人事部门的年末人员统计。",
    "决算.yaml": "决算数（公开01–09表）。来源：财政部门决算软件导出的本单位部门决算报表；只填项级科目等“叶子”数，合计由程序计算。",
    "说明.yaml": "情况说明中的原因和说明文字。由财务人员对照本年决算数与上年数、年初预算数撰写；程序生成的数字句子之后原样印出。",
    "绩效.yaml": "部门整体支出和项目支出绩效自评。来源：年初批复的绩效目标表（目标值、分值）和年末绩效自评（实际值）。",
}

#: Where each section's figures come from (printed above the section).
SECTION_SOURCES = {
    "收入支出决算总表": "来源：部门决算报表 收入支出决算总表（公开01表）。",
    "收入决算表": "来源：部门决算报表 收入决算表（公开02表），按功能分类科目的项级填写。",
    "支出决算表": "来源：部门决算报表 支出决算表（公开03表），按功能分类科目的项级填写。",
    "财政拨款收入支出决算总表": "来源：部门决算报表 财政拨款收入支出决算总表（公开04表）。",
    "一般公共预算财政拨款支出决算表": "来源：部门决算报表（公开05表）；年初预算数取自年初财政批复的部门预算。",
    "一般公共预算财政拨款基本支出决算明细表": "来源：部门决算报表（公开06表），按经济分类款级填写。",
    "政府性基金预算财政拨款收入支出决算表": "来源：部门决算报表（公开07表）；本年无数据时保持 {} 即可。",
    "国有资本经营预算财政拨款支出决算表": "来源：部门决算报表（公开08表）；本年无数据时保持 {} 即可。",
    "财政拨款三公经费支出决算表": "来源：部门决算报表（公开09表）及“三公”经费统计台账（团组、车辆、接待批次）。",
    "财政拨款支出决算明细表": "来源：部门决算报表 财政拨款支出决算明细表，按经济分类款级填写（地区样式需要时填写）。",
    "一般公共预算财政拨款项目支出决算表": "来源：部门决算报表 一般公共预算财政拨款项目支出决算表，按经济分类款级填写（地区样式需要时填写）。",
    "政府性基金预算财政拨款三公经费支出决算表": "来源：部门决算报表 政府性基金预算财政拨款“三公”经费支出决算表（地区样式需要时填写）。",
    "机关运行经费": "来源：部门决算报表中机关运行经费支出（行政单位和参公事业单位填写）。",
    "政府采购": "来源：政府采购执行情况统计表（合同金额）。",
    "国有资产": "来源：年末国有资产报表（车辆和大型设备数量）。",
    "上年": "来源：上一年度公开的部门决算。若工作区已有 data/<上一年>/ 文件夹，上年数从中计算，请删除本部分。",
    "情况说明": "变动原因须写明增减的主要原因；不填的项目按说明中的默认文字处理。",
    "绩效": "金额单位同本文件开头的“金额单位”。",
}

#: Example keys for tables keyed by a code (one commented row each).
EXAMPLE_CODES = {
    "收入决算表": "2010301",
    "支出决算表": "2010301",
    "一般公共预算财政拨款支出决算表": "2010301",
    "一般公共预算财政拨款基本支出决算明细表": "30101",
    "政府性基金预算财政拨款收入支出决算表": "2120806",
    "国有资本经营预算财政拨款支出决算表": "2230199",
}

#: An example entry of the other mappings, commented out under their key.
EXAMPLE_ENTRIES = {"字体": "仿宋: [仿宋_GB2312]", "支出经济分类": '"30201": 0', "一级指标分值": "产出指标: 50"}

INDENT = 2


# ---------------------------------------------------------------- the generated YAML

def is_optional(field: FieldInfo) -> bool:
    return type(None) in typing.get_args(field.annotation)


def comment_for(field: FieldInfo) -> str:
    """The Chinese help line above a key: its description, plus what kind of value it takes."""
    alias = field.alias or ""
    desc = field.description or ""
    kind = leaf_kind(field.annotation)
    hints = {"amount": "金额，只写数字", "count": "整数", "bool": "true 或 false",
             "text": "文字", "choice": "可选：" + "、".join(str(a) or "（空）" for a in typing.get_args(unwrap(field.annotation)))}
    inner = unwrap(field.annotation)
    if model_of(inner) is not None or typing.get_origin(inner) in (list, dict):
        hint = ""
    else:
        hint = hints[kind]
    if desc and desc != alias:
        text = desc
        if hint and kind in ("amount", "count", "choice") and hint not in desc:
            text += f"。{hint}"
    else:
        text = f"{alias}：{hint}" if hint else alias
    if field.is_required():
        text += "（必填）"
    elif is_optional(field) and kind == "amount" and model_of(inner) is None:
        text += "（可不填）"
    return text


def scalar(value: Any) -> str:
    """A YAML scalar for a default value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def empty_value(field: FieldInfo) -> Any:
    """The value written for a field: its default, or empty/zero when it is required."""
    if not field.is_required():
        default = field.get_default(call_default_factory=True)
        return default
    kind = leaf_kind(field.annotation)
    if kind == "amount" or kind == "count":
        return 0
    return ""


class Writer:
    """Accumulates YAML lines. Live keys get their help as a comment line above them;
    commented-out examples (to be uncommented by the clerk) carry it at the end of the line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, depth: int, text: str) -> None:
        for line in text.splitlines() or [""]:
            self.lines.append(" " * (depth * INDENT) + "# " + line)

    def model(self, model: type[BaseModel], depth: int, commented: bool = False, values: BaseModel | None = None,
              first_prefix: str = "") -> None:
        """Every field of `model` as keys at `depth` (the first key of a list item gets '- '),
        valued from `values`, or empty when it is None."""
        for i, (name, field) in enumerate(model.model_fields.items()):
            prefix = first_prefix if i == 0 else " " * len(first_prefix)
            self.field(field, depth, commented, prefix, getattr(values, name) if values is not None else empty_value(field))

    def key_line(self, depth: int, commented: bool, prefix: str, text: str, help_text: str) -> None:
        pad = " " * (depth * INDENT)
        if commented:
            self.lines.append(f"{pad}# {prefix}{text}".rstrip() + f"  # {help_text}")
        else:
            self.lines.append(f"{pad}# {help_text}")
            self.lines.append(f"{pad}{prefix}{text}".rstrip())

    def field(self, field: FieldInfo, depth: int, commented: bool, prefix: str, value: Any) -> None:
        alias = field.alias or ""
        inner = unwrap(field.annotation)
        sub = model_of(inner)
        origin = typing.get_origin(inner)
        help_text = comment_for(field)
        child = depth + 1 + len(prefix) // INDENT
        if sub is Style:
            # The profile's number formats and scoring scheme apply unless changed on purpose: a
            # key written here would keep 湖北's after the clerk chose 上海 as 地区样式.
            self.key_line(depth, commented, prefix, f"{alias}:", help_text)
            self.comment(child, "省略的键用「地区样式」的设置（各地样式的数字格式、评分规则不同）。"
                                "要改某项时删去该行行首的“# ”；注释中的值是默认（湖北）样式的。")
            self.model(sub, child, True, value if isinstance(value, BaseModel) else None)
            return
        if sub is not None:
            if value is None and is_optional(field) and not commented and alias != "上年":
                # An optional block (e.g. 年初预算数) stays commented: filling it in changes the results.
                self.comment(depth, f"{help_text}。需要时删去下面各行行首的“# ”：")
                self.key_line(depth, True, prefix, f"{alias}:", "可选")
                self.model(sub, child, True, None)
                return
            self.key_line(depth, commented, prefix, f"{alias}:", help_text)
            self.model(sub, child, commented, value if isinstance(value, BaseModel) else None)
            return
        if origin is list:
            item_model = model_of(element(inner))
            self.key_line(depth, commented, prefix, f"{alias}: []", help_text)
            if commented:
                return
            self.comment(child, "示例：填写时删去上一行末尾的 []，再删去下面各行行首的“# ”；每项以“- ”开头，可写多项。")
            if item_model is not None:
                self.model(item_model, child, True, None, first_prefix="- ")
            else:
                self.lines.append(" " * (child * INDENT) + '# - ""')
            return
        if origin is dict:
            if value is None and is_optional(field) and not commented:
                # A table only some layouts print stays commented: not given until the clerk fills it in.
                self.comment(depth, f"{help_text}。需要时删去下一行行首的“# ”并填写：")
                self.key_line(depth, True, prefix, f"{alias}: {{}}", "可选")
                return
            row_model = model_of(element(inner))
            self.key_line(depth, commented, prefix, f"{alias}: {scalar(value or {})}", help_text)
            if commented or value:
                return
            if alias in EXAMPLE_CODES:
                totals = "、".join(CODE_TABLES.get(alias, ()))
                self.comment(child, "示例：填写时删去上一行末尾的 {}，再删去下面各行行首的“# ”。键是科目代码，须加引号；"
                             "每个科目一项" + (f"；也可加一项「{totals}」，程序会与各项之和核对" if totals else "") + "。")
                code = EXAMPLE_CODES[alias]
                if row_model is not None:
                    self.key_line(child, True, "", f'"{code}":', "科目代码")
                    self.model(row_model, child + 1, True, None)
                else:
                    self.key_line(child, True, "", f'"{code}": 0', "经济分类款代码: 决算数")
            elif alias in EXAMPLE_ENTRIES:
                self.comment(child, "示例：填写时删去上一行末尾的 {}，再删去下一行行首的“# ”。")
                self.lines.append(" " * (child * INDENT) + "# " + EXAMPLE_ENTRIES[alias])
            return
        self.key_line(depth, commented, prefix, f"{alias}: {scalar(value)}", help_text)


def year_files(year: int) -> dict[str, str]:
    """The text of each data/<year>/ file, generated from the schema."""
    fields = {fl.alias: fl for fl in YearData.model_fields.values()}
    placed = {s for sections in FILES.values() for s in sections}
    if placed != set(fields):
        raise RuntimeError(f"FILES and the schema's sections differ: {sorted(placed ^ set(fields))}")
    out = {}
    for name, sections in FILES.items():
        w = Writer()
        w.lines.append(SCHEMA_LINE)
        w.comment(0, f"{year} 年度 {FILE_HEADERS[name]}")
        w.comment(0, "每个键上方的注释说明应填什么；不知道的先保持空白或 0，运行 reportgen check 会列出尚未填写的内容。")
        if name in AMOUNT_FILES:
            w.lines.append("")
            w.comment(0, "本文件金额的单位：万元 或 元（以元填写时程序自动折算为万元）。")
            w.lines.append("金额单位: 万元")
        for section in sections:
            field = fields[section]
            w.lines.append("")
            w.comment(0, f"{'—' * 4} {section}")
            if section in SECTION_SOURCES:
                w.comment(0, SECTION_SOURCES[section])
            w.field(field, 0, False, "", empty_value(field)) if model_of(field.annotation) is None or section != "绩效" else _performance(w)
        out[name] = "\n".join(w.lines) + "\n"
    return out


def _performance(w: Writer) -> None:
    """绩效 is optional in the schema, but a new workspace should have it with 部门整体 filled in."""
    from .schema import Performance

    w.lines.append("绩效:")
    w.model(Performance, 1, False, None)


def settings_text(profile: str | None = None) -> str:
    w = Writer()
    w.comment(0, "reportgen 工作区设置。所有键都可省略（省略即用下面写出的默认值）；每个键的含义见 docs/data-format.md。")
    w.model(Settings, 0, False, Settings.model_validate({"地区样式": profile}) if profile else Settings())
    return "\n".join(w.lines) + "\n"


# ---------------------------------------------------------------- init

def _occupied(folder: Path) -> bool:
    return (folder / "data").exists() and any((folder / "data").iterdir()) or (folder / SETTINGS_FILE).exists()


def init_workspace(folder: Path, year: int, force: bool = False, profile: str | None = None) -> list[Path]:
    """Create the workspace files; raises ReportgenError (exit 1) when data would be overwritten
    or `profile` is not a built-in profile."""
    from .jsonschema import schema_text
    from .profile import builtin_profiles, unknown_profile

    if profile is not None and profile not in builtin_profiles():
        raise ReportgenError([unknown_profile(profile, Source("--profile"))], 2)

    if folder.exists() and not folder.is_dir():
        raise ReportgenError([Problem("目标不是文件夹，无法在此创建工作区。", Source(str(folder)))], 1)
    if folder.is_dir() and _occupied(folder) and not force:
        raise ReportgenError([Problem("该文件夹已有 data/ 或 reportgen.yaml，为免覆盖已填写的数据，未做任何修改。"
                                      "请换一个空文件夹，或加 --force 覆盖（会覆盖 reportgen.yaml 和 data/" f"{year}/ 中的同名文件）。",
                                      Source(str(folder)))], 1)
    texts = {Path(SETTINGS_FILE): settings_text(profile), Path(SCHEMA_FILE): schema_text()}
    texts.update({Path("data") / str(year) / name: text for name, text in year_files(year).items()})
    written = []
    try:
        for rel, text in texts.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, text)
            written.append(target)
        (folder / "output").mkdir(exist_ok=True)
    except OSError as exc:
        raise ReportgenError([Problem(f"无法写入：{exc.strerror}。请检查文件夹权限。", Source(str(exc.filename or folder)))], 1) from None
    return written


# ---------------------------------------------------------------- what is still missing

def missing(root: Path, year: int) -> list[Problem]:
    """What a year's data still lacks: placeholders left as `reportgen init` or `new-year`
    wrote them (empty 名称, tables without a figure, an all-zero 上年, 预算数 0, no 指标).

    Only keys that are present but unfilled count; absent keys, typos and wrong values are
    left to the pipeline, which names them precisely. A filled workspace gives nothing here.
    """
    from .load import load_year

    doc, problems = load_year(root, year)
    if any(p.severity == "error" for p in problems):
        return []  # unreadable files: the pipeline reports them
    data = doc.data
    out: list[Problem] = []

    def add(path: tuple[Any, ...], what: str) -> None:
        source = doc.source(path)
        out.append(Problem(f"尚未填写：{what}", source, excerpt=doc.excerpt(source)))

    unit = data.get("单位")
    if isinstance(unit, dict) and "名称" in unit and not str(unit.get("名称") or "").strip():
        add(("单位", "名称"), "「单位．名称」（单位全称）。")
    # A year that is to publish its 绩效 report alone has no 公开 table at all: said once.
    alone = ("本年度只发布绩效自评报告时不填公开表：删去它们（如 init 生成的整个 决算.yaml），"
             "报告所用的收支数写在「绩效」→「收支情况」中。") if "绩效" in data else ""
    for table, label in (("收入决算表", "公开02表各科目的收入"), ("支出决算表", "公开03表各科目的支出")):
        if table in data and not has_figure(data[table]):
            add((table,), f"「{table}」（{label}）：至少填写一个科目代码及其金额。{alone}")
            alone = ""
    if "上年" in data and not has_figure(data["上年"]) and not (root / "data" / str(year - 1)).is_dir():
        add(("上年",), f"「上年」（{year - 1} 年度的主要决算数）。也可以把上一年度的数据放在 data/{year - 1}/，"
            "程序从中计算上年数，此时请删除「上年」部分。")
    perf = data.get("绩效")
    whole = perf.get("部门整体") if isinstance(perf, dict) else None
    if isinstance(whole, dict):
        if "预算数" in whole and not _typed(whole["预算数"]):
            add(("绩效", "部门整体", "预算数"), "「绩效．部门整体．预算数」（部门整体支出的预算数）。")
        if "指标" in whole and not whole["指标"]:
            add(("绩效", "部门整体", "指标"), "「绩效．部门整体．指标」（整体绩效自评表的三级指标及其分值）。")
    for i, project in enumerate(perf.get("项目") or [] if isinstance(perf, dict) else []):
        if isinstance(project, dict):
            name = str(project.get("名称") or f"第{i + 1}项")
            if "预算数" in project and not _typed(project["预算数"]):
                add(("绩效", "项目", i, "预算数"), f"项目「{name}」的「预算数」。")
            if "指标" in project and not project["指标"]:
                add(("绩效", "项目", i, "指标"), f"项目「{name}」的「指标」。")
    return out


def _typed(value: Any) -> bool:
    """Whether an amount was typed: a non-zero number, or text (a wrong value, such as
    "1,590.00" or "590万元", that the pipeline then names precisely)."""
    return has_figure(value) or (isinstance(value, str) and bool(value.strip()))
