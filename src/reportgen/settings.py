"""Workspace settings (reportgen.yaml): the style profile, fonts and output options.

The defaults follow reference 003: amounts with 2 decimals, shares of a total with 1,
changes and completion of budget as whole percents, 执行率 and scores with 2 decimals
(indicator scores with 1, as 003 prints 7.2 for 10 × 43 / 60), qualitative tiers
80–100 % / 50–80 % / 0–50 % of the weight (003's 备注 3).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Callable, Literal

from pydantic import field_validator

from .errors import Problem, Source
from .load import Document, load_file
from .schema import Model, f

SETTINGS_FILE = "reportgen.yaml"
#: The 样式 keys of the scoring scheme: the region's profile sets them, a workspace rarely.
SCHEME_KEYS = ("指标总分值", "执行率分值", "一级指标分值", "计分", "评价等级")


class Style(Model):
    amount_places: int = f("金额小数位", 2, ge=0, le=6)
    keep_zeros: bool = f("金额补零", False, "true 时 477.9 印作 477.90")
    share_places: int = f("科目占比小数位", 1, "如“占88.3%”", ge=0, le=4)
    structure_places: int = f("收支结构占比小数位", 0, "如“占本年支出的69%”", ge=0, le=4)
    change_places: int = f("变动率小数位", 0, "如“下降59%”", ge=0, le=4)
    completion_places: int = f("完成率小数位", 0, "如“完成年初预算的110%”", ge=0, le=4)
    execution_places: int = f("执行率小数位", 2, "如“98.95%”", ge=0, le=4)
    execution_score_places: int = f("执行得分小数位", 2, ge=0, le=4)
    indicator_score_places: int = f("指标得分小数位", 1, ge=0, le=4)
    exact_hundred: bool = f("占比合计凑足100", False, "true 时同一构成的占比用最大余额法凑足 100%")
    tiers: tuple[int, int] = f("定性档次下限", (80, 50), "“达成”“部分达成”档次得分下限（占分值的百分比）")
    negative_formula: Literal["比值", "偏差"] = f(
        "反向指标公式", "比值", "比值：分值×A/B；偏差：分值×(1−(B−A)/A)"
    )
    indicator_total: int = f("指标总分值", 80, "自评表各三级指标分值的合计", ge=1, le=100)
    execution_weight: int | None = f("执行率分值", None, "自评表中预算执行率的分值（如 20、10 或 0，得分＝分值×执行率）；"
                                     "不填则为 100 − 指标总分值，填写时与指标总分值之和须为 100", ge=0, le=100)
    level1_weights: dict[str, Decimal] = f("一级指标分值", {}, "可选：各一级指标的分值，如 {产出指标: 50, 效益指标: 30, 满意度指标: 20}；"
                                           "合计须等于指标总分值，每张自评表中该一级指标下各指标分值之和须等于它")
    scored: bool = f("计分", True, "false 时自评表不计分（只列目标值、实际完成值和偏差）：不核对分值，不印得分和等级")
    grades: dict[str, int] = f("评价等级", {"优": 90, "良": 80, "中": 60, "差": 0},
                               "评价等级及其分数下限（含），从高到低排列，最低一档的下限为 0")
    page_number: Literal["居中", "外侧"] = f("页码位置", "居中", "外侧：单页右、双页左（GB/T 9704）")
    thousands: bool = f("千分位", False, "true 时金额印作 2,940.05")
    percent_zeros: bool = f("百分比补零", False, "true 时百分比按小数位补零，如 2.10%")

    @field_validator("tiers")
    @classmethod
    def _descending(cls, tiers: tuple[int, int]) -> tuple[int, int]:
        if not 100 > tiers[0] > tiers[1] > 0:
            raise ValueError(f"应为两个从大到小、在 0～100 之间的百分数（“达成”的下限在前，“部分达成”的在后），"
                             f"如 [80, 50]；实际为 [{tiers[0]}, {tiers[1]}]。")
        return tiers


class Settings(Model):
    profile: str = f("地区样式", "湖北", "报告的地区样式（结构、表格、措辞），如 湖北、上海；见 reportgen profiles")
    style: Style = f("样式", Style(), "数字精度、评分规则、版式")
    fonts: dict[str, list[str]] = f("字体", {}, "按角色（仿宋、黑体、楷体、小标宋）指定字体名，优先于内置字体")
    font_dir: str = f("字体目录", "fonts", "放置单位自有字体文件的文件夹（相对于工作区）")
    final: bool = f("正式发布", False, "true 时，报告中仍有【待填写】的内容就不生成（同 build --final）")
    pdf_variant: Literal["", "pdf/a-3b", "pdf/ua-1"] = f("PDF类型", "", "PDF 总是带标签；pdf/a-3b 用于归档，pdf/ua-1 为无障碍 PDF")

    @field_validator("font_dir")
    @classmethod
    def _usable_path(cls, folder: str) -> str:
        parts = Path(folder).parts
        if "\0" in folder or len(folder.encode()) > 1000 or any(len(p.encode()) > 240 for p in parts):
            raise ValueError("不是可用的文件夹路径（过长，或某一级名字超过 80 个汉字）。请写一个较短的文件夹名，如 fonts。")
        return folder


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """Read reportgen.yaml if the workspace has one; defaults otherwise."""
    from .validate import problems_from

    from .profile import DEFAULT, load_profile

    path = root / SETTINGS_FILE
    data: object = {}
    doc = None
    if path.exists():
        data, doc, problems = load_file(path, root)
        if problems:
            return Settings(), problems
    data = data or {}
    if not isinstance(data, dict):
        return Settings(), [Problem("reportgen.yaml 应为“键: 值”的形式。", Source(SETTINGS_FILE))]
    name = data.get("地区样式", DEFAULT)
    profile, problems = load_profile(str(name), root, doc.source(("地区样式",)) if doc else None)
    if profile is None:
        return Settings(), problems
    # The profile's number formats are the defaults; the workspace's own 样式 wins key by key.
    own_style = data.get("样式")
    style = {**profile.settings.style, **(own_style if isinstance(own_style, dict) else {})}
    if own_style is not None and not isinstance(own_style, dict):
        style = own_style
    if doc is None:
        doc = Document(root, root)
    settings, errs = problems_from(Settings, {**data, "样式": style}, doc, ())
    if settings is None:
        return Settings(), errs
    errs = scheme_problems(settings.style, lambda key: _setting_source(key, doc, profile.files))
    return (Settings(), errs) if errs else (settings, [])


def execution_weight(style: Style) -> int:
    """The 执行率's points: as set, or what the indicators leave of 100."""
    return 100 - style.indicator_total if style.execution_weight is None else style.execution_weight


def scheme_problems(style: Style, where: Callable[[str], Source]) -> list[Problem]:
    """The scoring scheme's weights add up (执行率 + indicators = 100, 一级指标 = 指标总分值) and
    its grade bands run from high to low down to 0; each problem names the setting to change."""
    out = []
    if style.execution_weight is not None and style.execution_weight + style.indicator_total != 100:
        out.append(Problem(f"「样式」中「执行率分值」{style.execution_weight} 与「指标总分值」{style.indicator_total} 之和应为 100 分，"
                           f"实际为 {style.execution_weight + style.indicator_total} 分。请改其中一项（执行率不计分时写 执行率分值: 0），"
                           "或删去「执行率分值」（即取 100 − 指标总分值）。", where("执行率分值")))
    levels = sum(style.level1_weights.values(), Decimal(0))
    if style.level1_weights and levels != style.indicator_total:
        parts = " + ".join(f"{k} {v}" for k, v in style.level1_weights.items())
        out.append(Problem(f"「样式」中「一级指标分值」之和应等于「指标总分值」{style.indicator_total} 分，实际为 {parts} = {levels} 分。"
                           "请调整各一级指标的分值。", where("一级指标分值")))
    bounds = list(style.grades.values())
    if not bounds or bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds) or bounds[-1] != 0:
        out.append(Problem(f"「样式」中「评价等级」应从高到低列出各等级的分数下限，各不相同，最低一档为 0，"
                           f"实际为 {'、'.join(f'{k} {v}' for k, v in style.grades.items()) or '空'}。"
                           "如：评价等级: {优: 90, 良: 80, 中: 60, 差: 0}。", where("评价等级")))
    return out


def _setting_source(key: str, doc: Document, profile_files: tuple[Path, ...]) -> Source:
    """Where a 样式 setting was typed: the workspace's reportgen.yaml, else the profile's file."""
    if ("样式", key) in doc.positions:
        return doc.source(("样式", key))
    return Source(f"{profile_files[-1].parent.name}/{profile_files[-1].name}" if profile_files else SETTINGS_FILE, key=f"样式．{key}")

